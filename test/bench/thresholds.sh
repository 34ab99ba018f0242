#!/usr/bin/env bash
# thresholds.sh: benchmark aov_threshold_scan (20 thresholds) and
# aov_threshold_bunching against avg(revenue) on one synthetic order table.
#
#   test/bench/thresholds.sh                              # 10,000,000 orders
#   ROWS=200000 EXISTING=1 test/bench/thresholds.sh       # quick check on the running server
#
# The queries, each serially (max_parallel_workers_per_gather = 0) and with
# PAR_WORKERS workers (parallel costs at 0):
#   avg      SELECT avg(revenue) FROM orders: the baseline (one pass)
#   scan     aov_threshold_scan('orders', 20 thresholds 20, 30, .. 210,
#            rewards => ARRAY[10]): one pass into the exact distribution,
#            then every threshold from it
#   scan_seg the same with by_segment => true, since => '2025-07-01' (a
#            second pass finds the first orders, as aov_report does)
#   bunch    aov_threshold_bunching('orders', 100, 2, 40 bins each side,
#            window 5 below and 3 above, poly 5, 200 bootstrap replicates)
# Targets (ratios of medians in the same run, serial and parallel): scan
# <= 3x avg; bunch <= 2x scan.  Every set-returning query is timed as
# SELECT count(*), md5(string_agg(row, ...)) so that the client transfer is
# not timed and the runs can be compared.  Checks: the scan's counts, near
# misses and means at every threshold equal one plain-SQL pass (count(*) and
# avg() FILTER per threshold); every query returns the same rows on every run,
# serial and parallel.
#
# Self-contained (test/bench/lib.sh): builds the extension (see BUILD,
# STAGE), starts a throw-away cluster with pg_virtualenv -t (or, EXISTING=1,
# uses the running server of PGHOST/PGPORT, where aov_ext must be
# installed), generates the table with gen_customer_orders.sql, loads it
# into shared_buffers (pg_prewarm), times every query, checks the results
# and prints one report.
#
# Environment (defaults in brackets):
#   ROWS (or rows) [10000000]  orders to generate
#   CUSTOMERS [ROWS/12]    customer ids to draw from
#   PAR_WORKERS [2]        max_parallel_workers_per_gather of the parallel column
#   MODES [serial parallel]
#   RUNS [3]               timed rounds (every query and mode once per round; medians)
#   SHARED_BUFFERS [4GB]   WORK_MEM [1GB]
#   JIT [off]   BUILD [1]   STAGE [0]   EXISTING [0]   ONLY []   BENCH_PORT
#                          as in test/bench/report.sh (see test/bench/lib.sh)
#   OUT_DIR [<repo>/test/out/bench]   thresholds_report.txt, thresholds_results.csv,
#                          thresholds_raw/ (psql scripts, output, plans)
#
# How the time is measured (test/bench/lib.sh): psql \timing, one session per
#   execution, after one untimed warm-up per query and mode (CREATE TABLE
#   res_<id>_<mode> AS the query, auto_explain logging the plans of the
#   nested statements); RUNS interleaved rounds; medians.

# shellcheck source=lib.sh
. "$(dirname "$(readlink -f "$0")")/lib.sh"   # set -euo pipefail, LC_ALL=C, SCRIPT, BENCH_DIR, REPO

bench_rows 10000000
MODES=${MODES:-serial parallel}
RUNS=${RUNS:-3}
SHARED_BUFFERS=${SHARED_BUFFERS:-4GB}
WORK_MEM=${WORK_MEM:-1GB}
export MODES RUNS SHARED_BUFFERS WORK_MEM

# Outside the cluster: build, then re-run this script inside pg_virtualenv.
bench_start thresholds 0 "$@"


bench_header "aov_ext spend-threshold benchmark" \
    "rows=$ROWS customers=$CUSTOMERS runs=$RUNS modes=$MODES parallel workers=$PAR_WORKERS"

bench_create_ext

bench_generate "orders ($ROWS rows, customers 1..$CUSTOMERS)" gen_customer_orders.sql -v rows="$ROWS" -v customers="$CUSTOMERS"

bench_prewarm "orders" "SELECT avg(revenue) FROM orders"

###########################################################################
# The queries: id | label | the query (its rows)
###########################################################################
THRESHOLDS="array(SELECT generate_series(20, 210, 10)::numeric)"
Q_IDS=()
declare -A Q_LABEL Q_SQL
addq() { Q_IDS+=("$1"); Q_LABEL[$1]=$2; Q_SQL[$1]=$3; }
wanted() {
    if [ -n "${ONLY:-}" ]; then case " $ONLY " in *" $1 "*) ;; *) return 1 ;; esac; fi
    true
}
addq avg      "avg(revenue)  [baseline]" "SELECT avg(revenue) FROM orders"
addq scan     "aov_threshold_scan, 20 thresholds" \
    "SELECT * FROM aov_threshold_scan('orders', $THRESHOLDS, rewards => ARRAY[10])"
addq scan_seg "aov_threshold_scan, 20 thresholds, by segment" \
    "SELECT * FROM aov_threshold_scan('orders', $THRESHOLDS, rewards => ARRAY[10], by_segment => true, since => '2025-07-01')"
addq bunch    "aov_threshold_bunching(100, width 2, poly 5)" \
    "SELECT * FROM aov_threshold_bunching('orders', 100, 2, bins_below => 40, bins_above => 40, excluded_below => 5, excluded_above => 3, poly => 5)"

# the timed form of a set-returning query: every row, in a fixed order, as one md5
wrapped() {  # query
    printf 'SELECT count(*), md5(string_agg(r::text, E%s ORDER BY r::text)) FROM (%s) r' "'\\n'" "$1"
}

###########################################################################
# Measurement.
###########################################################################
declare -A MED BEST TIMES PLAN ERR WALL STABLE
KEYS=()

# 1. one untimed warm-up per query and mode: CREATE TABLE res_<id>_<mode> AS
# the query (kept for the checks), auto_explain logging the nested plans
warm_up() {  # id mode
    local id=$1 mode=$2 base f t0
    base="$RAW/$id.$mode"
    f="$base.warm.psql"
    {
        echo "$(set_of "$mode")"
        echo "DROP TABLE IF EXISTS res_${id}_$mode;"
        echo "$AUTO_EXPLAIN_SET"
        echo "CREATE TABLE res_${id}_$mode AS ${Q_SQL[$id]};"
    } >"$f"
    t0=$SECONDS
    if ! "${PSQL[@]}" -f "$f" >"$base.warmup" 2>"$base.err"; then
        ERR[$id,$mode]="ERROR: $(grep -m1 -E 'ERROR|FATAL|server closed' "$base.err" || head -1 "$base.err")"
        echo "   !! $id/$mode failed: ${ERR[$id,$mode]}"
        sleep 2; prewarm 2>/dev/null || true
        return
    fi
    WALL[$id,$mode]=$((SECONDS - t0))
    PLAN[$id,$mode]=$(bench_nested_plan "$base.err" "$base.plan")
    KEYS+=("$id/$mode")
}

# 2. one timed execution in its own session (called by bench_rounds)
time_once() {  # id/mode round
    local id=${1%/*}
    if [ "$id" = avg ]; then bench_time_rows "$1" "$2" "${Q_SQL[$id]}"; else bench_time_rows "$1" "$2" "$(wrapped "${Q_SQL[$id]}")"; fi
}

bench_warm_time_medians 9

###########################################################################
# Report.
###########################################################################
{
    echo "id,mode,median_ms,best_ms,runs,times_ms,result_stable,wall_s_warmup,plan,error"
    for id in "${Q_IDS[@]}"; do
        wanted "$id" || continue
        for mode in $MODES; do
            echo "$id,$mode,${MED[$id,$mode]:-},${BEST[$id,$mode]:-},$RUNS,${TIMES[$id,$mode]:-},${STABLE[$id,$mode]:-},${WALL[$id,$mode]:-},\"${PLAN[$id,$mode]:-}\",\"${ERR[$id,$mode]:-}\""
        done
    done
} >"$CSV"

echo
echo "== results: $ROWS orders; median of $RUNS interleaved runs, ms; parallel = $PAR_WORKERS workers + leader on $(nproc) CPUs"
echo "   x avg = time / avg(revenue)'s in the same mode"
echo
fmt='%-9s %-48s'
hdr=("id" "query")
for mode in $MODES; do fmt="$fmt %10s %7s"; hdr+=("$mode" "x avg"); done
fmt="$fmt  %s\n"
hdr+=("plan (parallel mode, nested statements)")
printf "$fmt" "${hdr[@]}"
printf '%s\n' "$(printf '%.0s-' {1..130})"
for id in "${Q_IDS[@]}"; do
    wanted "$id" || continue
    cols=("$id" "${Q_LABEL[$id]}")
    for mode in $MODES; do
        cols+=("$(fmt_ms "${MED[$id,$mode]:-}")" "$(dash "$(ratio "${MED[$id,$mode]:-}" "${MED[avg,$mode]:-}")")")
    done
    last=${MODES##* }
    cols+=("${PLAN[$id,$last]:-${ERR[$id,$last]:-}}")
    printf "$fmt" "${cols[@]}"
done

echo
echo "== targets"
for mode in $MODES; do
    target_ratio "aov_threshold_scan (20 thresholds) <= 3x avg(revenue) ($mode)" "${MED[scan,$mode]:-}" "${MED[avg,$mode]:-}" '<=' 3
done
for mode in $MODES; do
    target_ratio "aov_threshold_bunching <= 2x aov_threshold_scan ($mode)" "${MED[bunch,$mode]:-}" "${MED[scan,$mode]:-}" '<=' 2
done

###########################################################################
# Result checks.
###########################################################################
echo
echo "== result checks"
have_res() { [ "$(sql "SELECT count(*) FROM pg_class WHERE relname = '$1'")" = 1 ]; }
first=${MODES%% *}
if have_res "res_scan_$first"; then
    # one plain pass: per threshold t, count(*) FILTER (value >= t), the near
    # misses and avg() FILTER (value >= t), compared exactly
    ref=$(sql "SELECT string_agg(format('count(*) FILTER (WHERE revenue >= %1\$s), count(*) FILTER (WHERE revenue >= %1\$s * 0.8 AND revenue < %1\$s), avg(revenue) FILTER (WHERE revenue >= %1\$s)', t), ', ' ORDER BY t)
                FROM unnest($THRESHOLDS) t")
    out=$(sql "WITH r AS (SELECT ARRAY[$ref]::numeric[] AS a FROM orders),
                    g AS (SELECT array_agg(x ORDER BY tier, k) AS a
                            FROM res_scan_$first, LATERAL unnest(ARRAY[orders_at_or_above, near_orders, aov_at_or_above]::numeric[])
                                 WITH ORDINALITY AS u(x, k))
               SELECT cardinality(g.a), (SELECT count(*) FROM generate_subscripts(g.a, 1) i WHERE g.a[i] IS DISTINCT FROM r.a[i])
                 FROM g, r" 2>&1)
    IFS='|' read -r n bad <<<"$out"
    if [ "${bad:-x}" = 0 ] && [ "${n:-0}" = 60 ]; then
        check OK "scan = plain SQL at 20 thresholds" "60 figures (orders at or above, near misses, their mean) exactly equal"
    else
        check FAIL "scan = plain SQL at 20 thresholds" "$out"
    fi
fi
for id in "${Q_IDS[@]}"; do
    wanted "$id" || continue
    sums=""
    for mode in $MODES; do
        [ "${STABLE[$id,$mode]:-1}" = 0 ] && check FAIL "$id/$mode: the timed runs returned different rows" "see $RAW/$id.$mode.run*"
        sums="$sums $(md5sum "$RAW/$id.$mode".run* 2>/dev/null | awk '{print $1}')"
    done
    n=$(echo "$sums" | tr ' ' '\n' | grep . | sort -u | wc -l)
    if [ "$n" = 1 ]; then
        check OK "$id: same rows on every run, $(echo "$MODES" | sed 's/ / and /')" "$(head -1 "$RAW/$id.$first.run0" 2>/dev/null)"
    elif [ "$n" -gt 1 ]; then
        check FAIL "$id: the rows differ between runs or modes" "see $RAW/$id.*.run*"
    fi
done
if have_res "res_bunch_$first"; then
    echo
    echo "bunching estimate (no threshold in the generated data: expect excess within noise of 0):"
    psql -X -q -P footer=off -c "SELECT orders, round(excess::numeric, 1) AS excess, round(excess_se::numeric, 1) AS excess_se,
                                        round(b::numeric, 3) AS b, round(b_se::numeric, 3) AS b_se FROM res_bunch_$first LIMIT 1" | sed 's/^/   /'
fi

bench_finish
