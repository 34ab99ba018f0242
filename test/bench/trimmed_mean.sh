#!/usr/bin/env bash
# trimmed_mean.sh: benchmark aov_trimmed_mean / aov_top_values against avg(),
# plain SQL formulations and tdigest_avg on one synthetic order table, in one
# run.
#
#   test/bench/trimmed_mean.sh                       # 10,000,000 orders
#   ROWS=1000000 STAGE=1 test/bench/trimmed_mean.sh  # quick run, private install
#
# The queries, each serially (max_parallel_workers_per_gather = 0) and with
# PAR_WORKERS parallel workers (parallel costs at 0):
#   avg_f8, avg_num   avg(revenue_f), avg(revenue): the baselines (x base)
#   win_f8, win_num   exact 5% trimmed mean in plain SQL: row_number() and
#                     count(*) windows over the sorted column (the reference)
#   pct_f8, pct_num   percentile_disc bounds, then avg() between them (a
#                     different definition at ties: every copy of a bound kept)
#   td_f8             tdigest_avg(revenue_f, 100, 0.05, 0.95) (approximate)
#   aov_f8, aov_num   aov_trimmed_mean(revenue_f | revenue, 0.05)
#   aov2_num          the two-step form, aov_trimmed_mean(aov_sample(revenue), 0.05)
#   top_aov, top_sql  aov_top_values(revenue, 3) and its GROUP BY reference
# Printed: per query the serial and parallel medians, the speed-up serial ->
# parallel and that speed-up as a percentage of avg()'s on the same type
# (% base), and x avg() serially and in parallel; the parallel plans and,
# from one EXPLAIN ANALYZE each, how much of the parallel run is the
# leader's serial tail.  Targets are ratios of medians measured in the same
# run (x avg(), x the window form, x tdigest_avg, parallel / serial); result
# checks compare the values with the exact references.
#
# Self-contained (test/bench/lib.sh): installs postgresql-15-tdigest if missing
# (root only), builds the extension (see BUILD, STAGE), starts a throw-away
# cluster with pg_virtualenv -t (or, EXISTING=1, uses the running server of
# PGHOST/PGPORT: see lib.sh), generates bench_orders with gen_orders.sql,
# loads it into shared_buffers (pg_prewarm), times every query, checks the
# results and prints one report.
#
# Environment (defaults in brackets):
#   ROWS (or rows) [10000000]  orders to generate
#   PAR_WORKERS [2]        max_parallel_workers_per_gather for the parallel column
#   RUNS [5]               timed rounds (every query and mode once per round; medians)
#   SHARED_BUFFERS [4GB]   WORK_MEM [2GB]: the SQL window/percentile forms sort
#                          the whole table; 2GB keeps a 10M-row sort in memory
#   JIT [off]              JIT compile times would blur short queries
#   INSTALL_TDIGEST [1]    apt-get install postgresql-15-tdigest if missing
#   BUILD [1]              make install the extension first (system directories)
#   STAGE [0]              1: build a snapshot of the working tree in a temp dir and
#                          install it there (make install DESTDIR=...), and point the
#                          cluster at it (extension_destdir, dynamic_library_path).
#                          Nothing is written to the system directories, and a
#                          concurrent make / make install in the repo cannot swap
#                          the library under a running benchmark.
#   SKIP_AOV [0]           1: leave out the aov_ext queries (e.g. it does not build yet)
#   SKIP_WINDOW [0]        1: leave out the (slow) window-function form
#   ONLY []                space-separated query ids to run (e.g. "avg_f8 aov_f8"),
#                          ids: avg_f8 win_f8 pct_f8 td_f8 aov_f8 avg_num win_num
#                          pct_num aov_num aov2_num top_aov top_sql
#   BENCH_PORT [a free port from 5433 up]   port of the throw-away cluster
#   OUT_DIR [<repo>/test/out/bench]   trimmed_mean_report.txt, trimmed_mean_results.csv,
#                          trimmed_mean_raw/ (psql scripts, output, plans)
#
# How the time is measured (test/bench/lib.sh): psql \timing, the client-side
#   round trip of one query (parse, plan, execute, return one row) over a
#   local socket, one session per execution.  EXPLAIN ANALYZE is not used for
#   the numbers: even with TIMING OFF it wraps every tuple of every plan node
#   in instrumentation calls (measured here: ~80-110 ms more per 10M rows,
#   i.e. +30% on avg(float8)), which biases exactly the ratios we want
#   (aggregate vs avg) towards 1.  A PL/pgSQL clock_timestamp() loop was not
#   used either: EXECUTE inside PL/pgSQL goes through SPI, where parallel
#   plans are subject to extra restrictions, and we want to time what a
#   client gets.  First, per query and mode, one untimed warm-up run as
#   EXPLAIN (ANALYZE, TIMING OFF) (it records the plan actually used and how
#   many workers were launched); then RUNS rounds, each running every query
#   and mode once, interleaved, so that the machine's changing load (it may
#   be shared) hits a query and its baseline alike.  The table shows medians
#   (best and every run in the CSV).  The table is loaded into shared_buffers
#   before any timing (pg_prewarm), autovacuum is off, and the table is
#   VACUUM (FREEZE, ANALYZE)d.

# shellcheck source=lib.sh
. "$(dirname "$(readlink -f "$0")")/lib.sh"   # set -euo pipefail, LC_ALL=C, SCRIPT, BENCH_DIR, REPO

ROWS=${ROWS:-${rows:-10000000}}
RUNS=${RUNS:-5}
SHARED_BUFFERS=${SHARED_BUFFERS:-4GB}
WORK_MEM=${WORK_MEM:-2GB}
INSTALL_TDIGEST=${INSTALL_TDIGEST:-1}
SKIP_AOV=${SKIP_AOV:-0}
SKIP_WINDOW=${SKIP_WINDOW:-0}
[ "$SKIP_AOV" = 1 ] && { BUILD=0; STAGE=0; }
export ROWS RUNS SHARED_BUFFERS WORK_MEM SKIP_AOV SKIP_WINDOW

# Outside the cluster: tdigest, build, then re-run this script inside pg_virtualenv.
if [ -z "${AOV_BENCH_INSIDE:-}" ]; then
    if ! dpkg -s postgresql-15-tdigest >/dev/null 2>&1; then
        if [ "$INSTALL_TDIGEST" = 1 ] && [ "$(id -u)" = 0 ]; then
            echo "== installing postgresql-15-tdigest"
            apt-get install -y postgresql-15-tdigest || echo "WARNING: could not install tdigest; its row is skipped"
        else
            echo "WARNING: postgresql-15-tdigest not installed; its row is skipped"
        fi
    fi
fi
bench_start trimmed_mean 0 "$@"


bench_header "aov_ext trimmed-mean benchmark" \
    "rows=$ROWS runs=$RUNS parallel workers=$PAR_WORKERS"

HAVE_TDIGEST=0
if sql "CREATE EXTENSION tdigest" 2>/dev/null; then
    HAVE_TDIGEST=1
    echo "tdigest : $(sql "SELECT extversion FROM pg_extension WHERE extname = 'tdigest'")"
else
    echo "tdigest : not available, row skipped"
fi
HAVE_AOV=0
if [ "$SKIP_AOV" != 1 ]; then
    bench_create_ext
    HAVE_AOV=1
else
    echo "aov_ext : skipped (SKIP_AOV=1)"
    sql "CREATE EXTENSION pg_prewarm"
fi

bench_generate "bench_orders ($ROWS rows)" gen_orders.sql -v rows="$ROWS"

bench_prewarm "bench_orders" "SELECT avg(revenue_f), avg(revenue) FROM bench_orders"

###########################################################################
# The queries.  id|kind|needs|label|sql
#   kind: f8 (compared with avg(float8) and the float8 window form) or
#         num (compared with avg(numeric) and the numeric window form)
#   needs: - | aov | tdigest | window
###########################################################################
Q_IDS=()
declare -A Q_KIND Q_NEEDS Q_LABEL Q_SQL
addq() { Q_IDS+=("$1"); Q_KIND[$1]=$2; Q_NEEDS[$1]=$3; Q_LABEL[$1]=$4; Q_SQL[$1]=$5; }

window_sql() {  # exact 5% trimmed mean, plain SQL, window-function form
    echo "SELECT avg(v) FROM (SELECT $1 AS v, row_number() OVER (ORDER BY $1) AS rn, count(*) OVER () AS n FROM bench_orders) s WHERE rn > floor(n * 0.05) AND rn <= n - floor(n * 0.05)"
}
pct_sql() {  # percentile bounds, then avg between them (ties: keeps every copy of a bound)
    echo "WITH b AS MATERIALIZED (SELECT percentile_disc(ARRAY[0.05, 0.95]) WITHIN GROUP (ORDER BY $1) AS p FROM bench_orders) SELECT avg($1) FROM bench_orders WHERE $1 BETWEEN (SELECT p[1] FROM b) AND (SELECT p[2] FROM b)"
}

addq avg_f8   f8  -       "avg(revenue_f)  [float8 base]" "SELECT avg(revenue_f) FROM bench_orders"
addq win_f8   f8  window  "SQL window-fn trimmed mean  float8" "$(window_sql revenue_f)"
addq pct_f8   f8  -       "SQL percentile-bounds mean  float8" "$(pct_sql revenue_f)"
addq td_f8    f8  tdigest "tdigest_avg(revenue_f,100,.05,.95)" "SELECT tdigest_avg(revenue_f, 100, 0.05, 0.95) FROM bench_orders"
addq aov_f8   f8  aov     "aov_trimmed_mean(revenue_f, 0.05)" "SELECT aov_trimmed_mean(revenue_f, 0.05) FROM bench_orders"
addq avg_num  num -       "avg(revenue)  [numeric base]" "SELECT avg(revenue) FROM bench_orders"
addq win_num  num window  "SQL window-fn trimmed mean  numeric" "$(window_sql revenue)"
addq pct_num  num -       "SQL percentile-bounds mean  numeric" "$(pct_sql revenue)"
addq aov_num  num aov     "aov_trimmed_mean(revenue, 0.05)" "SELECT aov_trimmed_mean(revenue, 0.05) FROM bench_orders"
addq aov2_num num aov     "two-step: aov_sample(revenue), 0.05" "SELECT aov_trimmed_mean(aov_sample(revenue), 0.05) FROM bench_orders"
addq top_aov  num aov     "aov_top_values(revenue, 3)" "SELECT aov_top_values(revenue, 3) FROM bench_orders"
addq top_sql  num -       "SQL GROUP BY top-3 [reference]" "SELECT array_agg(ROW(revenue, n, n::float8 / total::float8) ORDER BY n DESC, revenue) FROM (SELECT revenue, count(*) AS n, sum(count(*)) OVER () AS total FROM bench_orders GROUP BY revenue ORDER BY n DESC, revenue LIMIT 3) s"

wanted() {
    if [ -n "${ONLY:-}" ]; then case " $ONLY " in *" $1 "*) ;; *) return 1 ;; esac; fi
    case ${Q_NEEDS[$1]} in
        aov) [ "$HAVE_AOV" = 1 ] ;;
        tdigest) [ "$HAVE_TDIGEST" = 1 ] ;;
        window) [ "$SKIP_WINDOW" != 1 ] ;;
        *) true ;;
    esac
}

###########################################################################
# Measurement.  Results go into these arrays, keyed "id,mode".
###########################################################################
declare -A BEST MED VAL STABLE PLAN TIMES VALS
MODES=(serial parallel)

# 1. per query and mode: the plan (EXPLAIN), then one untimed warm-up run as
# EXPLAIN (ANALYZE, TIMING OFF) (workers launched, spills).  Sets PLAN; the
# keys "id/mode" that can be timed are appended to KEYS.
KEYS=()
warm_up() {  # id mode
    local id=$1 mode=$2 set q base a p=""
    q=${Q_SQL[$id]}
    set=$(set_of "$mode")
    base="$RAW/$id.$mode"
    bench_explain "$id,$mode" "$base.explain" "$set" "$q" || return 0
    if [ "$mode" = parallel ] && ! grep -q 'Gather' "$base.explain"; then
        PLAN[$id,$mode]="no parallel plan (not run)"
        return
    fi
    a="$base.analyze"
    if ! sql "$set EXPLAIN (ANALYZE, TIMING OFF, COSTS OFF) $q" >"$a" 2>&1; then
        PLAN[$id,$mode]="ERROR: $(grep -m1 -E 'ERROR|FATAL|server closed' "$a" || head -1 "$a")"
        echo "   !! $id/$mode failed: ${PLAN[$id,$mode]}"
        # a crashed backend resets shared memory: reload the cache before going on
        sleep 2; prewarm 2>/dev/null || true
        return
    fi
    if grep -q 'Gather' "$a"; then
        if grep -Eq 'Partial (Hash|Group)?Aggregate' "$a"; then p="$(grep -Eo -m1 'Partial (Hash|Group)?Aggregate' "$a")"; else p="Gather, NO Partial Aggregate"; fi
        p="$p, workers $(grep -m1 -o 'Workers Launched: [0-9]*' "$a" | awk '{print $3}')/$(grep -m1 -o 'Workers Planned: [0-9]*' "$a" | awk '{print $3}')"
        case $p in *"NO Partial"*) grep -q 'WindowAgg' "$a" && p="$p, WindowAgg in leader" ;; esac
    else
        p="serial plan"
    fi
    grep -q 'Disk' "$a" && p="$p, SPILLS TO DISK ($(grep -m1 -o 'Disk: [0-9]*kB' "$a"))"
    PLAN[$id,$mode]=$p
    KEYS+=("$id/$mode")
}

# 2. one timed execution in its own session (called by bench_rounds)
time_once() {  # id/mode round
    local id=${1%/*} mode=${1#*/} r=$2 base f
    base="$RAW/$id.$mode"
    f="$base.psql"
    [ -s "$f" ] || printf '%s\n\\timing on\n%s;\n' "$(set_of "$mode")" "${Q_SQL[$id]}" >"$f"
    bench_timed_run "$f" "$base.run$r" "$base.err$r" "$id/$mode round $r" "$id,$mode" || return 0
    VALS[$id,$mode]="${VALS[$id,$mode]:-}$(grep -v '^Time: ' "$base.run$r" | grep -v '^$' | head -1)"$'\n'
    printf '.'
}

echo "== warm-up and plans (one EXPLAIN (ANALYZE, TIMING OFF) run per query and mode; raw output in $RAW)"
for id in "${Q_IDS[@]}"; do
    wanted "$id" || continue
    for mode in "${MODES[@]}"; do
        t0=$SECONDS
        warm_up "$id" "$mode"
        printf '   %-8s %-8s (%ds)  [%s]\n' "$id" "$mode" "$((SECONDS - t0))" "${PLAN[$id,$mode]}"
    done
done
bench_time_all
for k in "${KEYS[@]}"; do
    id=${k%/*}; mode=${k#*/}
    bench_stats "$id,$mode" || continue
    VAL[$id,$mode]=$(printf '%s' "${VALS[$id,$mode]}" | head -1)
    if [ "$(printf '%s' "${VALS[$id,$mode]}" | sort -u | wc -l)" = 1 ]; then STABLE[$id,$mode]=1; else STABLE[$id,$mode]=0; fi
    printf '   %-8s %-8s median %10s ms  best %10s ms  runs: %s\n' "$id" "$mode" "${MED[$id,$mode]}" "${BEST[$id,$mode]}" "${TIMES[$id,$mode]}"
done

###########################################################################
# Comparisons (done in SQL, on the printed values, so numeric stays exact).
###########################################################################
# relative difference of a to the exact reference r, as text
cmp_values() {  # kind a r
    local kind=$1 a=$2 r=$3
    [ -n "$a" ] && [ -n "$r" ] || { echo "-"; return; }
    if [ "$kind" = f8 ]; then
        sql "SELECT CASE WHEN a = r THEN 'identical' ELSE 'rel ' || ltrim(to_char(abs(a - r) / abs(r), '9.9EEEE')) END
             FROM (SELECT \$v\$$a\$v\$::float8 AS a, \$v\$$r\$v\$::float8 AS r) x"
    else
        sql "SELECT CASE WHEN a = r THEN 'exactly equal' ELSE 'rel ' || ltrim(to_char(abs((a - r) / r)::float8, '9.9EEEE')) END
             FROM (SELECT \$v\$$a\$v\$::numeric AS a, \$v\$$r\$v\$::numeric AS r) x"
    fi
}
ref_of() {  # the exact reference result of a query, or empty
    case $1 in
        win_f8|pct_f8|td_f8|aov_f8) echo "${VAL[win_f8,serial]:-}" ;;
        win_num|pct_num|aov_num)    echo "${VAL[win_num,serial]:-}" ;;
        *) echo "" ;;
    esac
}
declare -A VSEXACT
for id in "${Q_IDS[@]}"; do
    wanted "$id" || continue
    case $id in
        avg_*) VSEXACT[$id]="(untrimmed)" ;;
        win_*) VSEXACT[$id]="(reference)" ;;
        top_sql) VSEXACT[$id]="(reference)" ;;
        top_aov)
            if [ -n "${VAL[top_aov,serial]:-}" ] && [ -n "${VAL[top_sql,serial]:-}" ]; then
                VSEXACT[$id]=$(sql "SELECT CASE WHEN a = r THEN 'match' ELSE 'values/counts DIFFER' END
                    || CASE WHEN s IS NOT DISTINCT FROM sr THEN ' (shares identical)' ELSE ' (shares differ)' END
                    FROM (SELECT array(SELECT (t.value, t.count)::text FROM unnest(\$v\$${VAL[top_aov,serial]}\$v\$::aov_top_numeric[]) t) AS a,
                                 array(SELECT (t.value, t.count)::text FROM unnest(\$v\$${VAL[top_sql,serial]}\$v\$::aov_top_numeric[]) t) AS r,
                                 array(SELECT t.share FROM unnest(\$v\$${VAL[top_aov,serial]}\$v\$::aov_top_numeric[]) t) AS s,
                                 array(SELECT t.share FROM unnest(\$v\$${VAL[top_sql,serial]}\$v\$::aov_top_numeric[]) t) AS sr) x" 2>&1 | head -1)
            else
                VSEXACT[$id]="-"
            fi ;;
        *) VSEXACT[$id]=$(cmp_values "${Q_KIND[$id]}" "${VAL[$id,serial]:-}" "$(ref_of "$id")" 2>&1 | head -1) ;;
    esac
done

###########################################################################
# The table.
###########################################################################
base_of() { if [ "${Q_KIND[$1]}" = f8 ]; then echo avg_f8; else echo avg_num; fi; }

{
    echo "id,kind,mode,best_ms,median_ms,runs,times_ms,result_stable,plan,result"
    for id in "${Q_IDS[@]}"; do
        wanted "$id" || continue
        for mode in "${MODES[@]}"; do
            echo "$id,${Q_KIND[$id]},$mode,${BEST[$id,$mode]:-},${MED[$id,$mode]:-},$RUNS,${TIMES[$id,$mode]:-},${STABLE[$id,$mode]:-},\"${PLAN[$id,$mode]:-}\",\"${VAL[$id,$mode]:-}\""
        done
    done
} >"$CSV"

echo
echo "== results: $ROWS rows, median of $RUNS interleaved runs, ms; parallel = $PAR_WORKERS workers + leader on $(nproc) CPUs"
echo "   x base = time / time of avg() on the same column type in the same mode (avg(revenue_f) for float8, avg(revenue) for numeric)"
echo "   speedup = serial / parallel; % base = that speed-up as a percentage of avg()'s speed-up on the same type"
echo "   vs exact = result compared with the window-function form (exact definition) of the same type"
echo
fmt='%-38s %10s %10s %7s %7s %7s %7s  %-16s %s\n'
printf "$fmt" "query" "serial" "parallel" "speedup" "% base" "x base" "x base" "vs exact" "result (serial; parallel if different)"
printf "$fmt" "" "ms" "ms" "" "speedup" "serial" "par." "" ""
printf '%s\n' "$(printf '%.0s-' {1..150})"
for id in "${Q_IDS[@]}"; do
    wanted "$id" || continue
    b=$(base_of "$id")
    s=${MED[$id,serial]:-}; p=${MED[$id,parallel]:-}
    res=${VAL[$id,serial]:-${PLAN[$id,serial]:-}}
    if [ -n "${VAL[$id,parallel]:-}" ] && [ "${VAL[$id,parallel]}" != "${VAL[$id,serial]:-}" ]; then
        res="$res; par: ${VAL[$id,parallel]}"
    fi
    [ "${STABLE[$id,serial]:-1}" = 0 ] && res="$res (serial runs differ!)"
    [ "${STABLE[$id,parallel]:-1}" = 0 ] && res="$res (parallel runs differ)"
    pcol=$(fmt_ms "$p")
    case ${PLAN[$id,parallel]:-} in "no parallel plan"*) pcol="n/a*" ;; esac
    case ${PLAN[$id,parallel]:-} in *"NO Partial"*) pcol="$pcol*" ;; esac
    printf "$fmt" "${Q_LABEL[$id]}" "$(fmt_ms "$s")" "$pcol" "$(dash "$(ratio "$s" "$p")")" \
        "$(dash "$(speedup_pct "$s" "$p" "${MED[$b,serial]:-}" "${MED[$b,parallel]:-}")")" \
        "$(dash "$(ratio "$s" "${MED[$b,serial]:-}")")" "$(dash "$(ratio "$p" "${MED[$b,parallel]:-}")")" "${VSEXACT[$id]:--}" "$res"
done
echo
echo "parallel plans (EXPLAIN ANALYZE of the warm-up run):"
for id in "${Q_IDS[@]}"; do
    wanted "$id" || continue
    printf '   %-38s %s\n' "${Q_LABEL[$id]}" "${PLAN[$id,parallel]:-}"
done
echo "   (n/a* = no parallel plan even with parallel costs at 0, so not run; ms* = parallel plan without"
echo "    Partial Aggregate: only the scan/sort below runs in the workers)"

###########################################################################
# Targets.
###########################################################################
echo
echo "== targets"
for mode in "${MODES[@]}"; do
    a=${MED[aov_f8,$mode]:-}; t=${MED[td_f8,$mode]:-}
    target "aov_trimmed_mean(float8) faster than tdigest_avg ($mode)" "$(cmpnum "$a" '<' "$t")" \
        "aov $(fmt_ms "$a") ms vs tdigest $(fmt_ms "$t") ms ($(dash "$(ratio "$t" "$a")")x)"
done
for mode in "${MODES[@]}"; do
    target_ratio "aov_trimmed_mean(float8) <= 1.5x avg(float8) ($mode)" "${MED[aov_f8,$mode]:-}" "${MED[avg_f8,$mode]:-}" '<=' 1.5
done
for mode in "${MODES[@]}"; do
    target_ratio "aov_trimmed_mean(numeric) <= 2x avg(numeric) ($mode)" "${MED[aov_num,$mode]:-}" "${MED[avg_num,$mode]:-}" '<=' 2
done
for k in f8 num; do
    for mode in "${MODES[@]}"; do
        ty=$([ $k = f8 ] && echo float8 || echo numeric)
        target_ratio "aov_trimmed_mean($ty) >= 10x faster than window form ($mode)" "${MED[win_$k,$mode]:-}" "${MED[aov_$k,$mode]:-}" '>=' 10
    done
done
for k in f8 num; do
    ty=$([ $k = f8 ] && echo float8 || echo numeric)
    target_ratio "aov_trimmed_mean($ty) parallel ($PAR_WORKERS workers) >= 1.5x serial" "${MED[aov_$k,serial]:-}" "${MED[aov_$k,parallel]:-}" '>=' 1.5 '->'
done

echo
echo "== result checks"
AOV_F8_EXACT=""
if [ -n "${VAL[aov_f8,serial]:-}" ] && [ -n "${VAL[win_num,serial]:-}" ]; then
    # revenue_f holds exactly the values of revenue, so the correctly rounded
    # float8 trimmed mean is the exact numeric one rounded to double
    x=$(sql "SELECT \$v\$${VAL[win_num,serial]}\$v\$::numeric::float8")
    r=$(sql "SELECT abs(a - r) / abs(r) FROM (SELECT \$v\$${VAL[aov_f8,serial]}\$v\$::float8 a, \$v\$$x\$v\$::float8 r) x")
    AOV_F8_EXACT=$(cmpnum "$r" '<=' 1e-15)
    check "$(echo "$AOV_F8_EXACT" | sed 's/1/OK  /;s/0/FAIL/')" "aov float8 vs exact value (numeric window result as float8)" \
        "rel diff $r (aov ${VAL[aov_f8,serial]}, exact $x)"
fi
if [ -n "${VAL[aov_f8,serial]:-}" ] && [ -n "${VAL[win_f8,serial]:-}" ]; then
    r=$(sql "SELECT abs(a - r) / abs(r) FROM (SELECT \$v\$${VAL[aov_f8,serial]}\$v\$::float8 a, \$v\$${VAL[win_f8,serial]}\$v\$::float8 r) x")
    tag=$(cmpnum "$r" '<=' 1e-12 | sed 's/1/OK  /;s/0/FAIL/')
    note=""
    # avg(float8) in the window form sums naively in float8 (error grows with n);
    # if aov is the correctly rounded exact value, the gap is the reference's error
    if [ "$tag" = FAIL ] && [ "$AOV_F8_EXACT" = 1 ]; then tag=NOTE; note="; aov is the exact value, the window form's float8 avg() is the one off"; fi
    check "$tag" "aov float8 vs window float8: relative diff <= 1e-12" \
        "rel diff $r (aov ${VAL[aov_f8,serial]}, window ${VAL[win_f8,serial]})$note"
fi
if [ -n "${VAL[aov_num,serial]:-}" ] && [ -n "${VAL[win_num,serial]:-}" ]; then
    e=$(sql "SELECT (\$v\$${VAL[aov_num,serial]}\$v\$::numeric = \$v\$${VAL[win_num,serial]}\$v\$::numeric)::int")
    d=$(sql "SELECT \$v\$${VAL[aov_num,serial]}\$v\$::numeric - \$v\$${VAL[win_num,serial]}\$v\$::numeric")
    check "$(echo "$e" | sed 's/1/OK  /;s/0/FAIL/')" "aov numeric = window numeric exactly" \
        "diff $d (aov ${VAL[aov_num,serial]}, window ${VAL[win_num,serial]})"
    [ "${VAL[aov_num,serial]}" = "${VAL[win_num,serial]}" ] || echo "         (texts differ: the two results have different display scales)"
fi
for id in aov_f8 aov_num top_aov; do
    wanted "$id" || continue
    if [ -n "${VAL[$id,serial]:-}" ] && [ -n "${VAL[$id,parallel]:-}" ]; then
        if [ "${VAL[$id,serial]}" = "${VAL[$id,parallel]}" ] && [ "${STABLE[$id,serial]}" = 1 ] && [ "${STABLE[$id,parallel]}" = 1 ]; then
            check "OK  " "$id: same result serial/parallel, every run" ""
        else
            check "FAIL" "$id: result differs between runs or modes" "serial ${VAL[$id,serial]} parallel ${VAL[$id,parallel]}"
        fi
    fi
done
[ -n "${VSEXACT[top_aov]:-}" ] && [ "${VSEXACT[top_aov]}" != "-" ] && check "$(case ${VSEXACT[top_aov]} in *match*) echo "OK  " ;; *) echo FAIL ;; esac)" \
    "aov_top_values vs GROUP BY reference" "${VSEXACT[top_aov]}"
echo
echo "== parallel breakdown (one extra EXPLAIN (ANALYZE, VERBOSE) run each, timing on, so slower than above)"
echo "   partial = workers' Partial Aggregate done (avg over leader+workers); gather = all partial states"
echo "   received by the leader; final = Finalize Aggregate done (combine + final function, in the leader alone)"
for id in avg_f8 aov_f8 avg_num aov_num top_aov; do
    wanted "$id" || continue
    [ -n "${MED[$id,parallel]:-}" ] || continue
    bench_parallel_tail "${Q_LABEL[$id]}" "${Q_SQL[$id]}" "$RAW/$id.parallel.verbose"
done

bench_finish
