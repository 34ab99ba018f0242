# shellcheck shell=bash
# test/bench/lib.sh: what the benchmark scripts share: the cluster set-up
# (breakdown.sh, cancel.sh, copurchase.sh, diagnose.sh, report.sh, states.sh,
# trimmed_mean.sh) and the interleaved timing rounds.  Sourced, not run.
# (before_after.sh is given two running clusters and uses only the preamble
# and the helpers at the end.)
#
# A script sources it first, which sets errexit, nounset and pipefail,
# LC_ALL=C, SCRIPT (the script's path), BENCH_DIR and REPO, and the shared
# defaults below; then it sets its own defaults (bench_rows for ROWS and
# CUSTOMERS).  A benchmark script runs twice: outside a cluster it builds
# aov_ext and starts a throw-away one, then runs itself again inside it:
#
#     . "$(dirname "$(readlink -f "$0")")/lib.sh"
#     ...its own defaults, SHARED_BUFFERS and WORK_MEM...
#     bench_start NAME GATHER_WORKERS "$@"
#
# Reads PG_CONFIG, STAGE, BUILD, OUT_DIR, SHARED_BUFFERS, WORK_MEM, JIT and
# BENCH_PORT.
#
# Why a private pid file and port: concurrent pg_virtualenv -t clusters share
# /var/run/postgresql/15-regress.pid, and one cluster's cleanup would stop
# another's server.  Our server writes its own pid file and is stopped by us
# before pg_virtualenv cleans up.
#
# How the scripts time (the machine may be shared, and its load drifts):
# every query is compared with a baseline (the built-in aggregate or the
# plain SQL that gives the same answer) timed in the same run, and the
# timed executions are interleaved: RUNS rounds, each running every query
# once (bench_rounds), so that a change of the machine's load hits the
# query and its baseline alike.  Each timed execution is one psql session
# with \timing on (the client round trip of one query over a local socket;
# nothing is added to the execution, unlike EXPLAIN ANALYZE), after an
# untimed warm-up of the same query in its own session (the slowest plain
# SQL forms have none: their first timed run keeps their result).  Medians
# are reported, and ratios of medians; no absolute time is a target.

set -euo pipefail
export LC_ALL=C
SCRIPT=$(readlink -f "$0")
BENCH_DIR=$(dirname "$SCRIPT")
REPO=$(cd "$BENCH_DIR/../.." && pwd)

# Defaults every script shares (each script's header lists them); a script's
# own defaults for other variables come after it sources this file.
: "${JIT:=off}" "${BUILD:=1}" "${STAGE:=0}" "${ONLY:=}" "${OUT_DIR:=$REPO/test/out/bench}"
: "${PG_CONFIG:=/usr/lib/postgresql/15/bin/pg_config}" "${PAR_WORKERS:=2}"
export JIT BUILD STAGE ONLY OUT_DIR PG_CONFIG PAR_WORKERS

# bench_rows DEFAULT: ROWS (or rows) [DEFAULT] orders and CUSTOMERS
# [ROWS/12] customer ids, for gen_customer_orders.sql; exported
bench_rows() {
    ROWS=${ROWS:-${rows:-$1}}
    CUSTOMERS=${CUSTOMERS:-$((ROWS / 12 > 0 ? ROWS / 12 : 1))}
    export ROWS CUSTOMERS
}

# bench_start NAME GATHER_WORKERS "$@": outside the cluster bench_run_outside
# (which exits with the run's status), inside it bench_enter NAME
bench_start() {
    local name=$1 gather_workers=$2
    shift 2
    [ -n "${AOV_BENCH_INSIDE:-}" ] || bench_run_outside "$name" "$gather_workers" "$@"
    bench_enter "$name"
}

# Outside: build (STAGE=1: a snapshot of the working tree into a temp dir,
# loaded through extension_destdir; else BUILD=1: make install), run $SCRIPT
# inside a throw-away cluster with max_parallel_workers_per_gather = $2, and
# exit with its status: non-zero also when the run's result checks failed.
# With EXISTING=1 nothing is built or started: see bench_run_existing.
bench_run_outside() {
    local name=$1 gather_workers=$2 run_dir git_desc port p rc
    shift 2
    if [ "${EXISTING:-0}" = 1 ]; then bench_run_existing "$name" "$gather_workers" "$@"; fi
    if [ ! -x "$PG_CONFIG" ] || ! command -v pg_virtualenv >/dev/null; then
        # shellcheck source=../lib.sh
        . "$REPO/test/lib.sh"
        ensure_packages postgresql-15 postgresql-contrib postgresql-server-dev-15 make gcc
    fi
    run_dir=$(mktemp -d "${TMPDIR:-/tmp}/aov_${name}_bench.XXXXXX")
    chmod 755 "$run_dir"                # the server (user postgres) reads the staged install
    # shellcheck disable=SC2064  # expand now: the function's locals are gone at exit
    trap "rm -rf '$run_dir'" EXIT
    # the source being benchmarked, as it is now (the snapshot or make install below)
    git_desc=$(bench_git_desc)
    local stage_opts=()
    if [ "$STAGE" = 1 ]; then
        mkdir "$run_dir/src"
        # tracked and untracked (not ignored) files: what 'make' in the repo would build
        (cd "$REPO" && git ls-files -co --exclude-standard -z | xargs -0 cp --parents -t "$run_dir/src")
        echo "== building aov_ext from a snapshot of $REPO, installing into $run_dir/root"
        if ! make -C "$run_dir/src" PG_CONFIG="$PG_CONFIG" install DESTDIR="$run_dir/root" >"$run_dir/build.log" 2>&1; then
            tail -20 "$run_dir/build.log"
            echo "ERROR: build failed" >&2
            exit 1
        fi
        chmod -R a+rX "$run_dir/root"
        stage_opts=(-o "extension_destdir=$run_dir/root"
                    -o "dynamic_library_path=$run_dir/root$("$PG_CONFIG" --pkglibdir):$("$PG_CONFIG" --pkglibdir)")
    elif [ "$BUILD" = 1 ]; then
        echo "== building and installing aov_ext ($REPO)"
        if ! make -C "$REPO" PG_CONFIG="$PG_CONFIG" install >"$run_dir/build.log" 2>&1; then
            tail -20 "$run_dir/build.log"
            echo "ERROR: make install failed" >&2
            exit 1
        fi
    fi
    # The pid file's directory must be writable by the server, which runs as
    # postgres when we are root.
    mkdir "$run_dir/pid"
    [ "$(id -u)" = 0 ] && chown postgres: "$run_dir/pid"
    port=${BENCH_PORT:-}
    if [ -z "$port" ]; then
        for ((p = 5433 + RANDOM % 300; p < 6000; p++)); do
            [ -e "/var/run/postgresql/.s.PGSQL.$p" ] && continue
            if command -v ss >/dev/null && [ -n "$(ss -Htan "sport = :$p" 2>/dev/null)" ]; then continue; fi
            port=$p
            break
        done
    fi
    mkdir -p "$OUT_DIR"
    # A throw-away cluster (-t: in a temp dir even as root), destroyed on exit.
    rc=0
    PGPORT=$port pg_virtualenv -t -v 15 "${stage_opts[@]}" \
        -o "external_pid_file=$run_dir/pid/postmaster.pid" \
        -o "shared_buffers=$SHARED_BUFFERS" \
        -o "work_mem=$WORK_MEM" \
        -o "maintenance_work_mem=1GB" \
        -o "jit=$JIT" \
        -o "autovacuum=off" \
        -o "synchronous_commit=off" \
        -o "max_wal_size=20GB" \
        -o "checkpoint_timeout=1h" \
        -o "max_worker_processes=16" \
        -o "max_parallel_workers=16" \
        -o "max_parallel_workers_per_gather=$gather_workers" \
        -o "timezone=UTC" \
        env AOV_BENCH_INSIDE=1 AOV_BENCH_PIDFILE="$run_dir/pid/postmaster.pid" \
            AOV_BENCH_STATUS="$run_dir/status" AOV_BENCH_GIT="$git_desc" "$SCRIPT" "$@" || rc=$?
    # The run itself ends with status 0 once the report is written (a non-zero
    # status makes pg_virtualenv dump the server log); failed checks come back here.
    if [ "$rc" = 0 ] && [ -s "$run_dir/status" ] && [ "$(cat "$run_dir/status")" != 0 ]; then
        echo "$name.sh: $(cat "$run_dir/status") result check(s) failed, see the report" >&2
        rc=1
    fi
    exit $rc
}

# EXISTING=1: run $SCRIPT against the running server that PGHOST, PGPORT
# and PGUSER (a superuser: the scripts read /proc through pg_read_file)
# point at, with the aov_ext installed there (make install PG_CONFIG=...),
# in a fresh database aov_bench_NAME (dropped before and, unless KEEP_DB=1,
# after the run).  The script's WORK_MEM, JIT, TimeZone and $2 workers per
# Gather are set on that database; shared_buffers and the rest are the
# server's own (printed in the report).  For validating a script on a
# small size, or for a tuned server; the throw-away cluster is the default.
bench_run_existing() {
    local name=$1 gather_workers=$2 db="aov_bench_$1" status rc=0
    shift 2
    status=$(mktemp "${TMPDIR:-/tmp}/aov_${name}_status.XXXXXX")
    # shellcheck disable=SC2064
    trap "rm -f '$status'" EXIT
    mkdir -p "$OUT_DIR"
    echo "== existing server ${PGHOST:-(default socket)} port ${PGPORT:-5432}: database $db"
    psql -X -q -v ON_ERROR_STOP=1 -d postgres \
        -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" \
        -c "ALTER DATABASE $db SET work_mem = '$WORK_MEM'" -c "ALTER DATABASE $db SET jit = $JIT" \
        -c "ALTER DATABASE $db SET timezone = 'UTC'" \
        -c "ALTER DATABASE $db SET max_parallel_workers_per_gather = $gather_workers" || exit 1
    PGDATABASE=$db AOV_BENCH_INSIDE=1 AOV_BENCH_STATUS="$status" \
        AOV_BENCH_GIT="$(bench_git_desc) (installed in the server, not built by this run)" "$SCRIPT" "$@" || rc=$?
    [ "${KEEP_DB:-0}" = 1 ] || psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" || true
    if [ "$rc" = 0 ] && [ -s "$status" ] && [ "$(cat "$status")" != 0 ]; then
        echo "$name.sh: $(cat "$status") result check(s) failed, see the report" >&2
        rc=1
    fi
    exit $rc
}

# the commit of the source, and whether src/ has uncommitted changes
bench_git_desc() {
    echo "$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$REPO" diff --quiet HEAD -- src aov_ext--*.sql 2>/dev/null || echo ', with uncommitted changes')"
}

# Stop our own server on the way out, so that pg_virtualenv's cleanup finds
# it stopped and does not touch the shared pid file.
bench_stop_server() {
    local pid i
    pid=$(head -1 "${AOV_BENCH_PIDFILE:-/nonexistent}" 2>/dev/null) || return 0
    [ -n "$pid" ] && kill -INT "$pid" 2>/dev/null || return 0
    for ((i = 0; i < 600; i++)); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
}

# Inside the cluster: RAW (a fresh directory for raw outputs), REPORT and
# CSV under OUT_DIR, everything printed also goes to REPORT, and psql
# through PSQL / sql.  Failures are handled where they happen from here on
# (a failing query must not end the run), so no errexit.
bench_enter() {
    local name=$1
    trap bench_stop_server EXIT
    set +e
    export PGTZ=UTC
    RAW="$OUT_DIR/${name}_raw"
    rm -rf "$RAW"; mkdir -p "$RAW"
    REPORT="$OUT_DIR/${name}_report.txt"
    CSV="$OUT_DIR/${name}_results.csv"
    exec > >(tee "$REPORT") 2>&1
    PSQL=(psql -X -q -At -v ON_ERROR_STOP=1)
}
sql() { "${PSQL[@]}" -c "$1"; }

# The two modes every script times: SERIAL_SET, PARALLEL_SET (PAR_WORKERS
# workers per Gather, parallel costs at 0), prepended to a query by set_of
# MODE; STATS_SET sends the backend's getrusage() report (max resident
# size) and its temp files to the client.
SERIAL_SET="SET max_parallel_workers_per_gather = 0;"
PARALLEL_SET="SET max_parallel_workers_per_gather = $PAR_WORKERS;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0; SET parallel_leader_participation = on;"
STATS_SET="SET log_statement_stats = on; SET log_temp_files = 0; SET client_min_messages = log;"
set_of() { if [ "$1" = serial ]; then echo "$SERIAL_SET"; else echo "$PARALLEL_SET"; fi; }

# bench_prewarm TABLES QUERY: sets PREWARM_TABLES and PREWARM_SQL, and prewarms
bench_prewarm() {
    PREWARM_TABLES=$1 PREWARM_SQL=$2
    echo "== warming the cache (pg_prewarm + one pass)"
    prewarm
}
# prewarm: PREWARM_TABLES into shared_buffers, then PREWARM_SQL once serially
# and once in parallel, untimed (also after a crash has emptied the cache)
prewarm() {
    local t
    for t in ${PREWARM_TABLES:-}; do sql "SELECT pg_prewarm('$t')" >/dev/null; done
    [ -n "${PREWARM_SQL:-}" ] || return 0
    sql "$SERIAL_SET $PREWARM_SQL" >/dev/null
    sql "$PARALLEL_SET $PREWARM_SQL" >/dev/null
}

# bench_rounds N CALLBACK ID...: N rounds; in each, CALLBACK ID ROUND for every
# ID.  Round r starts at the (r mod k)-th of the k ids, so that every query
# runs at every position of a round and none always follows the same one.
bench_rounds() {
    local n=$1 cb=$2 r i k
    shift 2
    k=$#
    ((k > 0)) || return 0
    local ids=("$@")
    for ((r = 0; r < n; r++)); do
        for ((i = 0; i < k; i++)); do "$cb" "${ids[(r + i) % k]}" "$r"; done
    done
}

# bench_time_all [NOTE]: RUNS rounds of time_once (the script's: one timed
# execution of KEY in round R) over the KEYS array, with a progress line
bench_time_all() {
    local t0=$SECONDS
    echo "== timing: $RUNS rounds, each running the ${#KEYS[@]} queries once${1:-}, interleaved"
    printf '   '
    bench_rounds "$RUNS" time_once "${KEYS[@]}"
    echo " ($((SECONDS - t0))s)"
}

# bench_parallel_tail LABEL QUERY FILE: one more run of QUERY in parallel under
# EXPLAIN (ANALYZE, VERBOSE) (timing on, so slower), kept in FILE; prints when
# the workers' Partial Aggregate ended (partial), when the leader had every
# partial state (gather), when the Finalize Aggregate ended (final, in the
# leader alone), and the share of the run after the workers' part
bench_parallel_tail() {
    sql "$PARALLEL_SET EXPLAIN (ANALYZE, VERBOSE, COSTS OFF) $2" >"$3" 2>&1
    awk -v label="$1" '
        function endt(line) { sub(/.*actual time=[0-9.]*\.\./, "", line); sub(/ .*/, "", line); return line + 0 }
        /Partial .*Aggregate \(actual time/ && !p { p = endt($0) }
        /-> *Gather \(actual time/ && !g { g = endt($0) }
        /Finalize .*Aggregate \(actual time/ && !f { f = endt($0) }
        /Execution Time/ { e = $3 }
        END { if (!p || !f) { printf "   %-48s no Partial and Finalize Aggregate in the plan (total %.1f ms)\n", label, e; exit }
              printf "   %-48s partial %7.1f  gather %7.1f (+%6.1f)  final %7.1f (+%6.1f)  total %7.1f ms; serial tail %4.1f%%\n",
                     label, p, g, g - p, f, f - g, e, (e > 0) ? 100 * (e - p) / e : 0 }' "$3"
}

# Settings for a warm-up run whose plans auto_explain logs to the client,
# nested statements (a PL/pgSQL function's queries) included, without timing
AUTO_EXPLAIN_SET="LOAD 'auto_explain';
SET auto_explain.log_min_duration = 0; SET auto_explain.log_analyze = on;
SET auto_explain.log_timing = off; SET auto_explain.log_nested_statements = on;
SET client_min_messages = log;"

# bench_nested_plan ERR PLAN: the plans auto_explain logged into ERR (psql's
# stderr of a run with AUTO_EXPLAIN_SET) copied to PLAN, and printed as one
# line: the partial aggregates and the workers launched, or "serial plan",
# and whether a sort or hash spilled to disk
bench_nested_plan() {
    local a=$2 p
    # (psql -f prefixes messages with "psql:file:line: ")
    awk '/LOG:  duration: .* plan:/ {on = 1} on' "$1" >"$a"
    if grep -q 'Gather' "$a"; then
        p="$(grep -Eo 'Partial (Hash|Group)?Aggregate' "$a" | sort | uniq -c | awk '{printf "%s%s%s", s, ($1 > 1 ? $1 "x " : ""), $2 " " $3; s = ", "}')"
        [ -n "$p" ] || p="Gather, no Partial Aggregate"
        p="$p, workers launched $(grep -o 'Workers Launched: [0-9]*' "$a" | awk '{print $3}' | paste -sd+)"
    else
        p="serial plan"
    fi
    grep -q 'Sort Method: external\|Disk: ' "$a" && p="$p, SPILLS TO DISK"
    echo "$p"
}

# bench_time_rows ID/MODE ROUND QUERY: for time_once, one timed execution of
# QUERY in MODE (its psql script RAW/ID.MODE.psql, written once); the rows it
# returned in RAW/ID.MODE.run<ROUND>, for bench_stats' comparison of runs
bench_time_rows() {
    local id=${1%/*} mode=${1#*/} r=$2 base f
    base="$RAW/$id.$mode"
    f="$base.psql"
    [ -s "$f" ] || printf '%s\n\\timing on\n%s;\n' "$(set_of "$mode")" "$3" >"$f"
    bench_timed_run "$f" "$base.out$r" "$base.err$r" "$id/$mode round $r" "$id,$mode" || return 0
    grep -v '^Time: ' "$base.out$r" >"$base.run$r"
    printf '.'
}

# shellcheck disable=SC2034  # PLAN is the calling script's
# bench_explain KEY FILE SET QUERY: for warm_up, SET then EXPLAIN (COSTS OFF)
# QUERY, the plan in FILE; when it fails, PLAN[KEY] = its error and status 1
bench_explain() {
    sql "$3 EXPLAIN (COSTS OFF) $4" >"$2" 2>&1 && return 0
    PLAN[$1]="ERROR: $(grep -m1 ERROR "$2" || head -1 "$2")"
    return 1
}

# bench_time_of FILE: the time of the last \timing line in FILE (psql's output), ms
bench_time_of() { awk '/^Time: / {t = $2} END {if (t != "") print t}' "$1"; }

# bench_timed_run FILE OUT ERR LABEL KEY: for time_once, one timed execution:
# psql -f FILE in its own session, its output in OUT and its errors in ERR;
# appends its time (ms) to TIMES[KEY].  A failed run is reported (LABEL),
# the cache warmed again and 1 returned.
bench_timed_run() {
    local t
    if ! "${PSQL[@]}" -f "$1" >"$2" 2>"$3"; then
        echo "   !! $4 failed: $(grep -m1 -E 'ERROR|FATAL|server closed' "$3" || head -1 "$3")"
        sleep 2; prewarm 2>/dev/null || true
        return 1
    fi
    t=$(bench_time_of "$2")
    TIMES[$5]="${TIMES[$5]:-}${TIMES[$5]:+ }$t"
}

# shellcheck disable=SC2034  # BEST, MED and STABLE are the calling script's
# bench_warm_time_medians WIDTH: the warm-up (the calling script's warm_up
# ID MODE for each query of Q_IDS that wanted ID accepts, in each of MODES),
# the timed rounds (bench_time_all), then each query's median and best,
# ids printed WIDTH wide.  report.sh and thresholds.sh share it.
bench_warm_time_medians() {
    local w=$1 id mode k
    echo
    echo "== warm-up: one untimed CREATE TABLE AS per query and mode (raw output in $RAW)"
    for id in "${Q_IDS[@]}"; do
        wanted "$id" || continue
        for mode in $MODES; do
            printf "   %-${w}s %-8s " "$id" "$mode"
            warm_up "$id" "$mode"
            printf '%5ss  [%s]\n' "${WALL[$id,$mode]:--}" "${PLAN[$id,$mode]:-${ERR[$id,$mode]:-}}"
        done
    done
    bench_time_all
    for k in "${KEYS[@]}"; do
        id=${k%/*}; mode=${k#*/}
        bench_stats "$id,$mode" "$RAW/$id.$mode" || continue
        printf "   %-${w}s %-8s median %10s ms  best %10s ms  runs: %s%s\n" "$id" "$mode" "${MED[$id,$mode]}" "${BEST[$id,$mode]}" \
            "${TIMES[$id,$mode]}" "$([ "${STABLE[$id,$mode]}" = 0 ] && echo '  RUNS DIFFER')"
    done
}

# bench_stats KEY [RUNS_PREFIX]: after bench_time_all, BEST[KEY] and MED[KEY]
# from TIMES[KEY] (status 1 when it is empty); with RUNS_PREFIX also STABLE[KEY]:
# 1 when the result files RUNS_PREFIX.run* of the timed runs are all the same
bench_stats() {
    [ -n "${TIMES[$1]:-}" ] || return 1
    BEST[$1]=$(echo "${TIMES[$1]}" | tr ' ' '\n' | sort -g | head -1)
    MED[$1]=$(echo "${TIMES[$1]}" | bench_median)
    [ -n "${2:-}" ] || return 0
    if [ "$(md5sum "$2".run* 2>/dev/null | awk '{print $1}' | sort -u | wc -l)" -le 1 ]; then STABLE[$1]=1; else STABLE[$1]=0; fi
}

# bench_median: the median of the numbers on stdin (one per line or space-separated)
bench_median() {
    tr ' ' '\n' | grep . | sort -g | awk '{a[NR] = $1} END {if (NR) print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'
}

###########################################################################
# The report's common parts.
###########################################################################

# bench_header TITLE SETTINGS: the run's conditions (SETTINGS: the script's
# own parameters, appended to the settings line)
bench_header() {
    echo "== $1, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "load    : $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, before the run)"
    echo "machine : $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(awk '/MemTotal/ {printf "%.1f GiB RAM", $2/1048576}' /proc/meminfo)"
    echo "server  : $(sql 'SELECT version()')"
    echo "settings: shared_buffers=$(sql 'SHOW shared_buffers') work_mem=$(sql 'SHOW work_mem') jit=$(sql 'SHOW jit')" \
         "TimeZone=$(sql 'SHOW TimeZone') $2"
}

# bench_create_ext: CREATE EXTENSION aov_ext and pg_prewarm; prints which
# aov_ext.so a backend maps (system libdir, or the STAGE=1 copy)
bench_create_ext() {
    local lib
    sql "CREATE EXTENSION aov_ext" || { echo "ERROR: CREATE EXTENSION aov_ext failed"; exit 1; }
    lib=$("${PSQL[@]}" -c "SELECT aov_trimmed_mean(1::float8, 0.0)" \
          -c "SELECT substring(pg_read_file('/proc/' || pg_backend_pid() || '/maps') FROM '[^ ]*aov_ext[.]so')" | tail -1)
    echo "aov_ext : $(sql "SELECT extversion FROM pg_extension WHERE extname = 'aov_ext'") from $lib (git ${AOV_BENCH_GIT:-?})"
    sql "CREATE EXTENSION pg_prewarm"
}

# bench_generate WHAT GENERATOR [psql -v settings...]: run test/bench/GENERATOR, timed
bench_generate() {
    local gen=$2 t0
    echo
    echo "== generating $1"
    shift 2
    t0=$(date +%s.%N)
    "${PSQL[@]}" "$@" -f "$BENCH_DIR/$gen" -P tuples_only=off -P format=aligned \
        2> >(grep -v 'does not exist, skipping' >&2)
    awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "generated in %.1f s\n", b - a}'
}

# ratio A B [DECIMALS]: A / B (2 decimals), nothing when A or B is missing
ratio() { if [ -n "${1:-}" ] && [ -n "${2:-}" ]; then awk -v a="$1" -v b="$2" -v d="${3:-2}" 'BEGIN {printf "%.*f", d, a / b}'; fi; }
dash() { if [ -n "${1:-}" ]; then echo "$1"; else echo "-"; fi; }
fmt_ms() { if [ -n "${1:-}" ]; then awk -v a="$1" 'BEGIN {printf "%.1f", a}'; else echo "-"; fi; }
fmt_mb() { if [ -n "${1:-}" ]; then awk -v a="$1" 'BEGIN {printf "%.1f", a / 1048576}'; else echo "-"; fi; }
# cmpnum A OP B: 1 or 0 for A OP B (<=, >=, <, >), nothing when A or B is missing
cmpnum() {
    if [ -n "${1:-}" ] && [ -n "${3:-}" ]; then awk -v a="$1" -v b="$2" -v c="$3" 'BEGIN {print (b == "<=" ? a <= c : b == ">=" ? a >= c : b == "<" ? a < c : a > c) ? 1 : 0}'; fi
}
# speedup_pct SERIAL PARALLEL BASE_SERIAL BASE_PARALLEL: a query's speed-up
# serial -> parallel as a percentage of its baseline's in the same run
speedup_pct() {
    local s b
    s=$(ratio "${1:-}" "${2:-}" 4); b=$(ratio "${3:-}" "${4:-}" 4)
    if [ -n "$s" ] && [ -n "$b" ]; then awk -v s="$s" -v b="$b" 'BEGIN {printf "%.0f%%", 100 * s / b}'; fi
}

# Targets (ratios measured in the same run) and result checks, counted;
# printed at once, or with BENCH_DEFER=1 kept for bench_finish to print
NMET=0; NMISS=0; NNA=0; NOK=0; NFAIL=0
BENCH_DEFER=0; BENCH_TARGETS=(); BENCH_CHECKS=()
target() {  # description, 1/0/"" (cmpnum), detail
    local tag line
    case $2 in 1) tag="MET    "; NMET=$((NMET + 1)) ;; 0) tag="NOT MET"; NMISS=$((NMISS + 1)) ;; *) tag="n/a    "; NNA=$((NNA + 1)) ;; esac
    line=$(printf '  [%s] %-70s %s' "$tag" "$1" "$3")
    if [ "$BENCH_DEFER" = 1 ]; then BENCH_TARGETS+=("$line"); else echo "$line"; fi
}
# target_ratio DESCRIPTION A B OP LIMIT [SEP]: the target A / B OP LIMIT,
# with the detail "<ratio>x (A SEP B ms)" (SEP: vs)
target_ratio() {
    local r
    r=$(ratio "$2" "$3")
    target "$1" "$(cmpnum "$r" "$4" "$5")" "$(dash "$r")x ($(fmt_ms "$2") ${6:-vs} $(fmt_ms "$3") ms)"
}
check() {  # tag (OK/FAIL/NOTE), description, detail
    local line
    case $1 in OK*) NOK=$((NOK + 1)) ;; FAIL*) NFAIL=$((NFAIL + 1)) ;; esac
    line=$(printf '  [%-4s] %-70s %s' "$1" "$2" "$3")
    if [ "$BENCH_DEFER" = 1 ]; then BENCH_CHECKS+=("$line"); else echo "$line"; fi
}

# bench_finish: the closing lines, and the number of failed checks for
# bench_run_outside (the run itself exits 0 once its report is written)
bench_finish() {
    if [ "${#BENCH_TARGETS[@]}" -gt 0 ]; then echo; echo "== targets"; printf '%s\n' "${BENCH_TARGETS[@]}"; fi
    if [ "${#BENCH_CHECKS[@]}" -gt 0 ]; then echo; echo "== result checks"; printf '%s\n' "${BENCH_CHECKS[@]}"; fi
    echo
    echo "load    : $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, at the end; other work on the machine skews timings)"
    echo "targets : $NMET met, $NMISS not met, $NNA n/a.  checks: $NOK ok, $NFAIL failed.  total $((SECONDS / 60)) min $((SECONDS % 60)) s"
    echo "report  : $REPORT   csv: $CSV"
    echo "$NFAIL" >"${AOV_BENCH_STATUS:-/dev/null}"
    exit 0
}
