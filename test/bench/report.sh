#!/usr/bin/env bash
# report.sh: benchmark aov_report against the plain SQL that computes its
# exact figures, and against itself with trim 0, per month and per day, on
# one synthetic order table, in one run.
#
#   test/bench/report.sh                          # 10,000,000 orders
#   ROWS=1000000 STAGE=1 test/bench/report.sh     # quick run, private install
#
# The queries, for each granularity G of GRANULARITIES (month, day), each
# serially (max_parallel_workers_per_gather = 0) and with PAR_WORKERS workers
# (parallel costs at 0):
#   rep_G    aov_report('orders', G): every figure of every period x segment
#            (new, returning, guest, all), with the 5% trimmed means, medians
#            and top 3 values of AOV, items per order and unit price
#   rep0_G   aov_report('orders', G, trim_fraction => 0): the same report
#            with untrimmed means (medians and top values still computed)
#   sql_G    the baseline: plain SQL for the report's exact figures only:
#            first orders by GROUP BY customer_id (a customer is new in the
#            period of their first order ever), every order in its period x
#            segment and in its period's 'all' (GROUPING SETS): orders,
#            revenue, items, AOV, unit price, items per order
# and once per mode:
#   scan     SELECT count(*), sum(revenue) FROM orders (one pass, for scale)
# Printed: the medians serially and in parallel with their ratios to the
# plain SQL and to trim 0; the speed-up serial -> parallel and that speed-up
# as a percentage of the one-pass scan's; peak memory above the scan
# (getrusage max RSS of the backend, from log_statement_stats in the
# warm-up session: the serial run's private memory, in parallel the
# leader's only) and temp files (log_temp_files); then the checks.
# Every query is wrapped as SELECT count(*), md5(string_agg(row, ... ORDER BY
# period, segment)) so that the client transfer is not timed, every column
# is still computed (the planner drops unused subquery columns, not a
# whole-row reference), and the runs can be compared.  The figures are
# checked: rep_G = sql_G exactly (orders, revenue, items, aov, unit_price,
# items_per_order, numeric =) on every row; rep0_G has the same figures and
# its trimmed means of AOV and items per order equal the plain means; every
# query returns the same rows serially and in parallel, on every run.
#
# Self-contained (test/bench/lib.sh): builds the extension (see BUILD,
# STAGE), starts a throw-away cluster with pg_virtualenv -t (or, EXISTING=1,
# uses the running server of PGHOST/PGPORT: see lib.sh), generates the
# table with gen_customer_orders.sql (orders uniform over the 12 months of
# 2025, UTC), loads it into shared_buffers (pg_prewarm), times every query,
# checks the results and prints one report.
#
# Environment (defaults in brackets):
#   ROWS (or rows) [10000000]  orders to generate
#   CUSTOMERS [ROWS/12]    customer ids to draw from (~8% of orders are guests)
#   GRANULARITIES [month day]
#   PAR_WORKERS [2]        max_parallel_workers_per_gather of the parallel column
#   MODES [serial parallel]
#   RUNS [3]               timed rounds (every query and mode once per round; medians)
#   SHARED_BUFFERS [4GB]   WORK_MEM [1GB]
#   JIT [off]
#   BUILD [1]              make install the extension first (system directories)
#   STAGE [0]              1: build a snapshot of the working tree in a temp dir and
#                          install it there (make install DESTDIR=...); the cluster
#                          loads it from there (extension_destdir,
#                          dynamic_library_path).  Nothing is written to the
#                          system directories.
#   ONLY []                space-separated query ids (e.g. "rep_month sql_month scan")
#   BENCH_PORT [a free port from 5433 up]   port of the throw-away cluster
#   OUT_DIR [<repo>/test/out/bench]   report_report.txt, report_results.csv,
#                          report_raw/ (psql scripts, output, plans)
#
# How the time is measured (test/bench/lib.sh): psql \timing, one session per
#   execution: the client-side round trip over a local connection.  First,
#   per query and mode, one untimed warm-up: CREATE TABLE res_<id>_<mode> AS
#   the query (the rows the checks read), with auto_explain logging the plan
#   of every statement (aov_report's inner query too; timing off); then RUNS
#   rounds, each running every query and mode once, interleaved, so that the
#   machine's changing load hits aov_report and its baseline alike.
#   Medians, and ratios of medians.  The table is in shared_buffers,
#   autovacuum is off, the table is VACUUM (FREEZE, ANALYZE)d, TimeZone is
#   UTC (periods are UTC).

# shellcheck source=lib.sh
. "$(dirname "$(readlink -f "$0")")/lib.sh"   # set -euo pipefail, LC_ALL=C, SCRIPT, BENCH_DIR, REPO

bench_rows 10000000
GRANULARITIES=${GRANULARITIES:-month day}
MODES=${MODES:-serial parallel}
RUNS=${RUNS:-3}
SHARED_BUFFERS=${SHARED_BUFFERS:-4GB}
WORK_MEM=${WORK_MEM:-1GB}
export GRANULARITIES MODES RUNS SHARED_BUFFERS WORK_MEM

# Outside the cluster: build, then re-run this script inside pg_virtualenv.
bench_start report 0 "$@"


bench_header "aov_ext aov_report benchmark" \
    "rows=$ROWS customers=$CUSTOMERS runs=$RUNS modes=$MODES parallel workers=$PAR_WORKERS"

bench_create_ext

bench_generate "orders ($ROWS rows, customers 1..$CUSTOMERS)" gen_customer_orders.sql -v rows="$ROWS" -v customers="$CUSTOMERS"

bench_prewarm "orders" "SELECT count(*), sum(revenue) FROM orders"

###########################################################################
# The queries: id | granularity | label | the query (its rows)
###########################################################################
Q_IDS=()
declare -A Q_GRAN Q_LABEL Q_SQL
addq() { Q_IDS+=("$1"); Q_GRAN[$1]=$2; Q_LABEL[$1]=$3; Q_SQL[$1]=$4; }
wanted() {
    if [ -n "${ONLY:-}" ]; then case " $ONLY " in *" $1 "*) ;; *) return 1 ;; esac; fi
    true
}

# The report's exact figures in plain SQL, with aov_report's definitions:
# new = the customer's first order ever is in the same period, guest = no
# customer id, else returning; 'all' = every order of the period; aov =
# revenue / orders, unit price = revenue / items, items per order = items /
# orders, in numeric.
plain_sql() {  # granularity
    cat <<EOF
WITH firsts AS (
    SELECT customer_id, date_trunc('$1', min(ordered_at)) AS first_p
      FROM orders WHERE customer_id IS NOT NULL GROUP BY customer_id
), o AS (
    SELECT date_trunc('$1', o.ordered_at) AS p,
           CASE WHEN o.customer_id IS NULL THEN 'guest'
                WHEN f.first_p = date_trunc('$1', o.ordered_at) THEN 'new'
                ELSE 'returning' END AS seg,
           o.revenue AS rev, o.items AS qty
      FROM orders o LEFT JOIN firsts f USING (customer_id)
     WHERE o.ordered_at IS NOT NULL AND o.revenue IS NOT NULL AND o.items IS NOT NULL
)
SELECT p::date AS period, coalesce(seg, 'all') AS segment,
       count(*) AS orders,
       sum(rev) AS revenue,
       sum(qty)::numeric AS items,
       sum(rev) / count(*) AS aov,
       sum(rev) / nullif(sum(qty)::numeric, 0) AS unit_price,
       sum(qty)::numeric / count(*) AS items_per_order
  FROM o
 GROUP BY GROUPING SETS ((p, seg), (p))
EOF
}
# the timed form: every row, every column, in a fixed order, as one md5
wrapped() {  # query
    printf 'SELECT count(*), md5(string_agg(r::text, E%s ORDER BY r.period, r.segment)) FROM (%s) r' "'\\n'" "$1"
}

for g in $GRANULARITIES; do
    addq "rep_$g"  "$g" "aov_report('orders', '$g')" "SELECT * FROM aov_report('orders', '$g')"
    addq "rep0_$g" "$g" "aov_report('orders', '$g', trim_fraction => 0)" \
        "SELECT * FROM aov_report('orders', '$g', trim_fraction => 0)"
    addq "sql_$g"  "$g" "plain SQL, exact figures  [baseline]" "$(plain_sql "$g")"
done
addq scan - "count(*), sum(revenue) over orders  [one pass]" "SELECT count(*), sum(revenue) FROM orders"

###########################################################################
# Measurement.
###########################################################################
declare -A MED BEST TIMES PLAN ERR WALL STABLE RSS TEMP
KEYS=()

# 1. per query and mode, one untimed warm-up in its own session: CREATE TABLE
# res_<id>_<mode> AS the query (kept for the checks), auto_explain logging the
# plans (nested statements too, timing off)
warm_up() {  # id mode
    local id=$1 mode=$2 base f t0
    base="$RAW/$id.$mode"
    f="$base.warm.psql"
    {
        echo "$(set_of "$mode")"
        echo "DROP TABLE IF EXISTS res_${id}_$mode;"
        echo "$AUTO_EXPLAIN_SET"
        # getrusage() of the backend (max resident size) and temp files, to the client
        echo "SET log_statement_stats = on; SET log_temp_files = 0;"
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
    RSS[$id,$mode]=$(awk '/kB max resident size/ {v = $2 + 0; if (v > m) m = v} END {print m + 0}' "$base.err")
    TEMP[$id,$mode]=$(awk '/temporary file: path/ {sub(/.*size /, ""); s += $1} END {print s + 0}' "$base.err")
    PLAN[$id,$mode]=$(bench_nested_plan "$base.err" "$base.plan")
    KEYS+=("$id/$mode")
}

# 2. one timed execution in its own session (called by bench_rounds)
time_once() {  # id/mode round
    local id=${1%/*}
    if [ "$id" = scan ]; then bench_time_rows "$1" "$2" "${Q_SQL[$id]}"; else bench_time_rows "$1" "$2" "$(wrapped "${Q_SQL[$id]}")"; fi
}

bench_warm_time_medians 11

###########################################################################
# Report.
###########################################################################
have_res() { [ "$(sql "SELECT count(*) FROM pg_class WHERE relname = '$1'")" = 1 ]; }

{
    echo "id,granularity,mode,median_ms,best_ms,runs,times_ms,result_stable,wall_s_warmup,plan,error"
    for id in "${Q_IDS[@]}"; do
        wanted "$id" || continue
        for mode in $MODES; do
            echo "$id,${Q_GRAN[$id]},$mode,${MED[$id,$mode]:-},${BEST[$id,$mode]:-},$RUNS,${TIMES[$id,$mode]:-},${STABLE[$id,$mode]:-},${WALL[$id,$mode]:-},\"${PLAN[$id,$mode]:-}\",\"${ERR[$id,$mode]:-}\""
        done
    done
} >"$CSV"

echo
echo "== results: $ROWS orders; median of $RUNS interleaved runs, ms; parallel = $PAR_WORKERS workers + leader on $(nproc) CPUs"
echo "   x sql = time / the plain SQL's (exact figures only) for the same granularity and mode;"
echo "   x trim 0 = time / aov_report's with trim_fraction => 0, same granularity and mode"
echo
set -- $MODES
fmt='%-11s %-50s'
hdr=("id" "query")
for mode in $MODES; do fmt="$fmt %10s %7s %8s"; hdr+=("$mode" "x sql" "x trim 0"); done
fmt="$fmt %8s  %s\n"
hdr+=("rows" "")
printf "$fmt" "${hdr[@]}"
printf '%s\n' "$(printf '%.0s-' {1..130})"
for id in "${Q_IDS[@]}"; do
    wanted "$id" || continue
    g=${Q_GRAN[$id]}
    cols=("$id" "${Q_LABEL[$id]}")
    for mode in $MODES; do
        cols+=("$(fmt_ms "${MED[$id,$mode]:-}")")
        if [ "$id" = scan ]; then
            cols+=("-" "-")
        else
            cols+=("$(dash "$(ratio "${MED[$id,$mode]:-}" "${MED[sql_$g,$mode]:-}")")" \
                   "$(dash "$(ratio "${MED[$id,$mode]:-}" "${MED[rep0_$g,$mode]:-}")")")
        fi
    done
    first=${1:-serial}
    nrows=$(sql "SELECT count(*) FROM res_${id}_$first" 2>/dev/null)
    cols+=("$(dash "$nrows")" "$([ -n "${ERR[$id,$first]:-}" ] && echo "${ERR[$id,$first]}")")
    printf "$fmt" "${cols[@]}"
done
echo
echo "plans (auto_explain of the warm-up, nested statements included):"
for id in "${Q_IDS[@]}"; do
    wanted "$id" || continue
    for mode in $MODES; do
        printf '   %-11s %-8s %s\n' "$id" "$mode" "${PLAN[$id,$mode]:--}"
    done
done
for g in $GRANULARITIES; do
    for mode in $MODES; do
        if [ -n "${MED[rep_$g,$mode]:-}" ] && [ -n "${MED[sql_$g,$mode]:-}" ]; then
            echo "aov_report('orders', '$g') / plain SQL ($mode) = $(ratio "${MED[rep_$g,$mode]}" "${MED[sql_$g,$mode]}")" \
                 "(${MED[rep_$g,$mode]} ms vs ${MED[sql_$g,$mode]} ms; the plain SQL computes the exact figures only)"
        fi
    done
done

###########################################################################
# Result checks.
###########################################################################
echo
echo
echo "== speed-up serial -> parallel, and memory (the warm-up runs: CREATE TABLE AS, auto_explain without timing)"
echo "   speed-up = serial / parallel median; % scan = that speed-up as a percentage of the one-pass scan's"
echo "   (count(*), sum(revenue)) in the same run; mem = the backend's peak resident size (getrusage max RSS,"
echo "   log_statement_stats) above the scan's session in the same mode, MB: the serial run's private memory,"
echo "   and in parallel the leader's only (each worker is another process, not counted); temp = temp files"
echo "   written (log_temp_files: the leader's and the workers'), MB"
echo
fmt='%-11s %-50s %8s %7s %9s %9s %10s\n'
printf "$fmt" "id" "query" "speed-up" "% scan" "mem ser." "mem par." "temp s/p"
printf '%s\n' "$(printf '%.0s-' {1..110})"
mem_above() {  # id mode -> MB above the scan's session
    local r=${RSS[$1,$2]:-} b=${RSS[scan,$2]:-}
    if [ -n "$r" ] && [ "$r" != 0 ] && [ -n "$b" ] && [ "$b" != 0 ]; then
        awk -v r="$r" -v b="$b" 'BEGIN {m = (r - b) / 1024; printf "%.0f", (m < 0.5 ? 0 : m)}'
    else
        echo "-"
    fi
}
for id in "${Q_IDS[@]}"; do
    wanted "$id" || continue
    printf "$fmt" "$id" "${Q_LABEL[$id]}" "$(dash "$(ratio "${MED[$id,serial]:-}" "${MED[$id,parallel]:-}")")" \
        "$(dash "$(speedup_pct "${MED[$id,serial]:-}" "${MED[$id,parallel]:-}" "${MED[scan,serial]:-}" "${MED[scan,parallel]:-}")")" \
        "$(mem_above "$id" serial)" "$(mem_above "$id" parallel)" \
        "$(fmt_mb "${TEMP[$id,serial]:-}")/$(fmt_mb "${TEMP[$id,parallel]:-}")"
done

echo "== result checks"
FIGS="orders revenue items aov unit_price items_per_order"
cmp_figures() {  # left right label
    local L=$1 R=$2 label=$3 c cond="" out
    for c in $FIGS; do cond="$cond${cond:+, }CASE WHEN l.$c IS NOT DISTINCT FROM r.$c THEN NULL ELSE '$c' END"; done
    out=$(sql "SELECT count(*), count(*) FILTER (WHERE l.period IS NULL OR r.period IS NULL),
                      count(*) FILTER (WHERE concat_ws(' ', $cond) <> ''),
                      min(l.period || ' ' || l.segment || ': ' || concat_ws(' ', $cond)) FILTER (WHERE concat_ws(' ', $cond) <> '')
                 FROM $L l FULL JOIN $R r USING (period, segment)" 2>&1)
    if echo "$out" | grep -q ERROR; then check FAIL "$label" "$(echo "$out" | grep -m1 ERROR)"; return; fi
    IFS='|' read -r n missing bad ex <<<"$out"
    if [ "$missing" = 0 ] && [ "$bad" = 0 ] && [ "$n" != 0 ]; then
        check OK "$label" "$n rows, exactly equal ($FIGS)"
    else
        check FAIL "$label" "$n rows: $missing only on one side, $bad differ (e.g. $ex)"
    fi
}
first=${1:-serial}
for g in $GRANULARITIES; do
    if have_res "res_rep_${g}_$first" && have_res "res_sql_${g}_$first"; then
        cmp_figures "res_rep_${g}_$first" "res_sql_${g}_$first" "aov_report('$g') = plain SQL: exact figures"
    fi
    if have_res "res_rep0_${g}_$first" && have_res "res_sql_${g}_$first"; then
        cmp_figures "res_rep0_${g}_$first" "res_sql_${g}_$first" "aov_report('$g', trim 0) = plain SQL: exact figures"
        r=$(sql "SELECT count(*), count(*) FILTER (WHERE aov_trimmed IS DISTINCT FROM aov OR items_per_order_trimmed IS DISTINCT FROM items_per_order
                                                   OR trim_fraction_used <> 0)
                   FROM res_rep0_${g}_$first" 2>&1)
        IFS='|' read -r n bad <<<"$r"
        if [ "$bad" = 0 ] && [ "$n" != 0 ]; then
            check OK "aov_report('$g', trim 0): trimmed means = means" "$n rows: aov_trimmed = aov, items_per_order_trimmed = items_per_order"
        else
            check FAIL "aov_report('$g', trim 0): trimmed means vs means" "$r"
        fi
    fi
done
# every run of a query, serial and parallel, returned the same rows
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
for g in $GRANULARITIES; do
    if have_res "res_rep_${g}_$first"; then
        psql -X -q -P footer=off -c "SELECT period, segment, orders, customers, aov, aov_trimmed, aov_median, unit_price,
                                            items_per_order, round(orders_share::numeric, 4) AS orders_share
               FROM res_rep_${g}_$first ORDER BY period, array_position(ARRAY['new', 'returning', 'guest', 'all'], segment) LIMIT 8" \
            >"$RAW/rep_$g.head.txt" 2>&1
        echo
        echo "first rows of aov_report('orders', '$g') (all rows: table res_rep_${g}_$first):"
        sed 's/^/   /' "$RAW/rep_$g.head.txt"
    fi
done

bench_finish
