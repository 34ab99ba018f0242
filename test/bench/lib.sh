# shellcheck shell=bash
# test/bench/lib.sh: what the benchmark scripts share: the cluster set-up
# (breakdown.sh, copurchase.sh, diagnose.sh, report.sh, trimmed_mean.sh) and
# the interleaved timing rounds.  Sourced, not run.  (before_after.sh is
# given two running clusters and uses only the helpers at the end.)
#
# A benchmark script runs twice: outside a cluster it builds aov_ext and
# starts a throw-away one, then runs itself again inside it:
#
#     . "$REPO/test/bench/lib.sh"
#     [ -n "${AOV_BENCH_INSIDE:-}" ] || bench_run_outside NAME GATHER_WORKERS "$@"
#     bench_enter NAME
#
# Reads REPO, SCRIPT, PG_CONFIG, STAGE, BUILD, OUT_DIR, SHARED_BUFFERS,
# WORK_MEM, JIT and BENCH_PORT from the calling script.
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

# Outside: build (STAGE=1: a snapshot of the working tree into a temp dir,
# loaded through extension_destdir; else BUILD=1: make install), run $SCRIPT
# inside a throw-away cluster with max_parallel_workers_per_gather = $2, and
# exit with its status: non-zero also when the run's result checks failed.
bench_run_outside() {
    local name=$1 gather_workers=$2 run_dir git_desc port p rc
    shift 2
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
    git_desc="$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$REPO" diff --quiet HEAD -- src aov_ext--*.sql 2>/dev/null || echo ', with uncommitted changes')"
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

# bench_time_of FILE: the time of the last \timing line in FILE (psql's output), ms
bench_time_of() { awk '/^Time: / {t = $2} END {if (t != "") print t}' "$1"; }

# bench_median: the median of the numbers on stdin (one per line or space-separated)
bench_median() {
    tr ' ' '\n' | grep . | sort -g | awk '{a[NR] = $1} END {if (NR) print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'
}

