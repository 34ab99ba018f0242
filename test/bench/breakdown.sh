#!/usr/bin/env bash
# breakdown.sh: benchmark aov_breakdown and aov_report against the built-in
# alternatives, on one synthetic order table, in one run.
#
#   test/bench/breakdown.sh                          # 10,000,000 orders
#   ROWS=1000000 STAGE=1 test/bench/breakdown.sh     # quick run, private install
#
# (a) avg(revenue) vs aov_breakdown(revenue, items, customer_id) over every
#     row, for numeric and for float8 revenue, serially
#     (max_parallel_workers_per_gather = 0) and with PAR_WORKERS workers;
#     also, on numeric revenue, aov_breakdown(..., customer_id, 0.05) (brk_t,
#     the trimmed form) and daily aov_summary(..., 0.05) rolled up to months
#     with aov_rollup and broken down (roll).  Printed per query: serial and
#     parallel medians, the speed-up serial -> parallel and that speed-up as
#     a percentage of avg()'s in the same run, x avg() serially and in
#     parallel, peak memory, and the leader's serial tail of the parallel run.
#     Target (a ratio measured in the same run): aov_breakdown <= 4x avg()
#     on the same column.
# (b) aov_report('orders', 'month') vs plain SQL producing the same columns
#     (first orders by GROUP BY customer_id, every order counted in its
#     segment and in 'all', row_number() trimmed means at 5% for revenue,
#     items and per-order unit price, medians, top 3 by GROUP BY counts,
#     count(DISTINCT customer_id), shares), in two forms:
#       sql_pct  medians by percentile_cont(0.5): what an analyst writes
#                (float8, and one more sort per median and group);
#       sql_rn   medians from the row numbers the trimmed means already
#                need: exact, and the fastest plain form we have.
#     Plus, for reference, the hand-written extension query (aov_breakdown
#     in a GROUP BY GROUPING SETS, no shares), to show aov_report's own cost.
#     Target (a ratio measured in the same run): aov_report >= 5x faster
#     than the plain SQL (serial).  The results are checked against each
#     other on the result rows: exact fields, trimmed means, medians and
#     top-3 values, counts and shares.  (report.sh times aov_report per
#     month and per day against the plain SQL of its exact figures only.)
#
# Self-contained (test/bench/lib.sh): builds the extension (see BUILD, STAGE), starts a
# throw-away cluster with pg_virtualenv -t (or, EXISTING=1, uses the running
# server of PGHOST/PGPORT: see lib.sh), generates the table with
# gen_customer_orders.sql, loads it into shared_buffers (pg_prewarm), times
# every query, checks the results and prints one report.
#
# Environment (defaults in brackets):
#   ROWS (or rows) [10000000]  orders to generate
#   CUSTOMERS [ROWS/12]    customer ids to draw from (~8% of orders are guests)
#   PAR_WORKERS [2]        max_parallel_workers_per_gather for the parallel column
#   RUNS [3]               timed rounds (every query and mode once per round; medians)
#   SQL_RUNS [3, or 1 when ROWS > 3000000]
#                          rounds that also run the plain-SQL forms (the first
#                          SQL_RUNS); their first run is a CREATE TABLE AS that
#                          keeps the result for the checks.  At 10M rows one run
#                          takes minutes (see the report).
#   SQL_PARALLEL [0]       1: also time the plain SQL with workers (its window
#                          functions and ordered-set aggregates run in the leader
#                          anyway, so this mostly doubles the run time)
#   SKIP_PCT [0]           1: leave out the percentile_cont form (the slowest)
#   SHARED_BUFFERS [4GB]   WORK_MEM [4GB]: the plain SQL sorts every order twice
#                          over (segment + 'all'); at 10M rows its first sort needs
#                          ~2.1 GB, and it must not go to disk (spills are reported)
#   JIT [off]              JIT compile times would blur the short queries
#   BUILD [1]              make install the extension first (system directories)
#   STAGE [0]              1: build a snapshot of the working tree in a temp dir and
#                          install it there (make install DESTDIR=...); the cluster
#                          loads it from there (extension_destdir,
#                          dynamic_library_path).  Nothing is written to the
#                          system directories.
#   ONLY []                space-separated query ids to run, ids: avg_num brk_num
#                          brk_t roll avg_f8 brk_f8 report direct sql_rn sql_pct
#   BENCH_PORT [a free port from 5433 up]   port of the throw-away cluster
#   OUT_DIR [<repo>/test/out/bench]   breakdown_report.txt, breakdown_results.csv,
#                          breakdown_raw/ (psql scripts, output, plans, logs)
#
# How the time is measured (test/bench/lib.sh, as in trimmed_mean.sh):
#   psql \timing, one session per execution: the client-side round trip
#   of the query over a local connection (results of at most ~50 rows).
#   EXPLAIN ANALYZE is not used for the numbers: even with TIMING OFF its
#   per-row instrumentation costs ~30% of avg() (trimmed_mean.sh measured
#   80-110 ms per 10M rows); this script prints that overhead again, as the
#   EXPLAIN ANALYZE time of each warm-up run next to the median.  First,
#   per query and mode, one untimed warm-up session (EXPLAIN (ANALYZE,
#   TIMING OFF) for (a); CREATE TABLE AS with auto_explain logging the
#   nested plan for aov_report and the GROUPING SETS query); the plain SQL
#   has no separate warm-up: its first timed run is the CREATE TABLE AS.
#   Then RUNS rounds, each running every query and mode once, interleaved,
#   so that the machine's changing load hits a query and its baseline alike.
#   Medians, and ratios of medians.  The table is in shared_buffers before
#   any timing, autovacuum is off, and the table is VACUUM (FREEZE,
#   ANALYZE)d.  TimeZone is UTC (months are UTC).
#
# Peak memory: the warm-up sessions (and the plain SQL's CREATE TABLE AS) run
#   with log_statement_stats, whose getrusage() report gives the backend's max resident size.  That includes
#   the shared buffers the backend touched, so the report shows the peak
#   above the serial avg(revenue) session (which reads the same pages):
#   about the query's private memory.  Serial sessions only (workers are
#   other processes).  log_temp_files = 0 reports any spill to disk.
#
# Run time: ~2.5 min at 1M rows (2 CPUs), most of it the plain SQL (17-18 s
# per run); at 10M expect ~15 min: the plain SQL takes ~3.5 min per run
# (extrapolated from 1M and 3M rows) and runs once per form (SQL_RUNS).
#
# pg_virtualenv -t names every cluster 15/regress, and pg_ctlcluster stop
# deletes /var/run/postgresql/15-regress.pid whoever wrote it: two concurrent
# runs (this one and a test run, say) break each other's cleanup and can
# leave a server behind.  So this run uses its own port and pid file, and
# stops its server itself before pg_virtualenv cleans up.

# shellcheck source=lib.sh
. "$(dirname "$(readlink -f "$0")")/lib.sh"   # set -euo pipefail, LC_ALL=C, SCRIPT, BENCH_DIR, REPO

bench_rows 10000000
RUNS=${RUNS:-3}
SQL_RUNS=${SQL_RUNS:-$((ROWS > 3000000 ? 1 : 3))}
SQL_PARALLEL=${SQL_PARALLEL:-0}
SKIP_PCT=${SKIP_PCT:-0}
SHARED_BUFFERS=${SHARED_BUFFERS:-4GB}
WORK_MEM=${WORK_MEM:-4GB}
export RUNS SQL_RUNS SQL_PARALLEL SKIP_PCT SHARED_BUFFERS WORK_MEM

# Outside the cluster: build, then re-run this script inside pg_virtualenv.
bench_start breakdown 0 "$@"


bench_header "aov_ext aov_breakdown / aov_report benchmark" \
    "rows=$ROWS customers=$CUSTOMERS runs=$RUNS sql_runs=$SQL_RUNS parallel workers=$PAR_WORKERS"

bench_create_ext
if [ "$(sql "SELECT count(*) FROM pg_proc WHERE proname = 'aov_report'")" = 0 ]; then
    echo "ERROR: this aov_ext has no aov_report"; exit 1
fi
# the element type of the plain SQL's top-3 arrays (a user type, not the extension's)
sql "CREATE TYPE bench_top AS (value numeric, count bigint, share float8)"

bench_generate "orders ($ROWS rows, customers 1..$CUSTOMERS)" gen_customer_orders.sql -v rows="$ROWS" -v customers="$CUSTOMERS"

bench_prewarm "orders" "SELECT avg(revenue_f), avg(revenue) FROM orders"

# The roll query groups by the UTC day.  Without statistics on that
# expression the planner guesses ~7.8M days for 10M orders (there are 365),
# sees nothing to gain from partial aggregation and gathers every row into
# the leader (sum() is planned the same way).  date_trunc on timestamptz is
# STABLE, so it cannot have statistics; the immutable UTC date can.
sql "CREATE STATISTICS IF NOT EXISTS orders_utc_day ON ((ordered_at AT TIME ZONE 'UTC')::date) FROM orders"
sql "ANALYZE orders"

###########################################################################
# The queries.  id|section|warm-up|label|sql
#   warm-up: ea         one EXPLAIN (ANALYZE, TIMING OFF), then RUNS runs
#            ctas       one CREATE TABLE res_<id>_<mode> AS (auto_explain logs
#                       the plan, nested ones too), then RUNS runs
#            ctas_timed the first of SQL_RUNS timed runs is the CREATE TABLE AS
###########################################################################
Q_IDS=()
declare -A Q_SECTION Q_WARM Q_LABEL Q_SQL
addq() { Q_IDS+=("$1"); Q_SECTION[$1]=$2; Q_WARM[$1]=$3; Q_LABEL[$1]=$4; Q_SQL[$1]=$5; }

# The plain-SQL AOV report.  $1: pct (percentile_cont medians) or rn (the
# middle row numbers of the trimmed means' windows).  Same definitions as
# aov_report: segment of an order = new if the customer's first order ever is
# in the same month, guest if customer_id IS NULL, else returning; per-order
# unit price = round(revenue / items, scale(revenue) + 4), none for 0 items;
# trimmed mean = mean of rows floor(n*0.05)+1 .. n-floor(n*0.05) in value order.
plain_sql() {
    local mr mq mp
    if [ "$1" = pct ]; then
        mr="percentile_cont(0.5) WITHIN GROUP (ORDER BY rev)"
        mq="percentile_cont(0.5) WITHIN GROUP (ORDER BY qty)"
        mp="percentile_cont(0.5) WITHIN GROUP (ORDER BY price)"
    else
        mr="avg(rev) FILTER (WHERE rn_rev IN ((n + 1) / 2, n / 2 + 1))"
        mq="avg(qty) FILTER (WHERE rn_qty IN ((n + 1) / 2, n / 2 + 1))"
        mp="avg(price) FILTER (WHERE rn_price IN ((np + 1) / 2, np / 2 + 1))"
    fi
    cat <<EOF
WITH firsts AS (
    SELECT customer_id, date_trunc('month', min(ordered_at)) AS first_p
      FROM orders WHERE customer_id IS NOT NULL GROUP BY customer_id
), o AS (
    SELECT date_trunc('month', o.ordered_at) AS p,
           CASE WHEN o.customer_id IS NULL THEN 'guest'
                WHEN f.first_p = date_trunc('month', o.ordered_at) THEN 'new'
                ELSE 'returning' END AS seg,
           o.customer_id AS cust, o.revenue AS rev, o.items AS qty,
           CASE WHEN o.items <> 0 THEN round(o.revenue / o.items, scale(o.revenue) + 4) END AS price
      FROM orders o LEFT JOIN firsts f USING (customer_id)
     WHERE o.ordered_at IS NOT NULL AND o.revenue IS NOT NULL AND o.items IS NOT NULL
), x AS (   -- every order twice: in its segment and in 'all'
    SELECT o.p, s.seg, o.cust, o.rev, o.qty, o.price
      FROM o CROSS JOIN LATERAL (VALUES (o.seg), ('all')) AS s(seg)
), ranked AS (
    SELECT x.*,
           count(*) OVER w AS n,
           count(price) OVER w AS np,
           row_number() OVER (PARTITION BY p, seg ORDER BY rev) AS rn_rev,
           row_number() OVER (PARTITION BY p, seg ORDER BY qty) AS rn_qty,
           row_number() OVER (PARTITION BY p, seg ORDER BY price NULLS LAST) AS rn_price
      FROM x WINDOW w AS (PARTITION BY p, seg)
), agg AS (
    SELECT p, seg,
           count(*) AS orders,
           count(DISTINCT cust) AS customers,
           count(*) FILTER (WHERE cust IS NULL) AS guest_orders,
           count(*) FILTER (WHERE qty = 0) AS zero_item_orders,
           sum(rev) AS revenue,
           sum(qty)::numeric AS items,
           sum(rev) FILTER (WHERE cust IS NOT NULL) AS known_revenue,
           avg(rev) FILTER (WHERE rn_rev > floor(n * 0.05) AND rn_rev <= n - floor(n * 0.05)) AS aov_trimmed,
           $mr AS aov_median,
           avg(qty) FILTER (WHERE rn_qty > floor(n * 0.05) AND rn_qty <= n - floor(n * 0.05)) AS items_per_order_trimmed,
           $mq AS items_per_order_median,
           avg(price) FILTER (WHERE rn_price > floor(np * 0.05) AND rn_price <= np - floor(np * 0.05)) AS unit_price_trimmed,
           $mp AS unit_price_median
      FROM ranked GROUP BY p, seg
), counts AS (
    SELECT p, seg, m, v, count(*) AS c
      FROM x CROSS JOIN LATERAL (VALUES (1, rev), (2, qty::numeric), (3, price)) AS mv(m, v)
     WHERE v IS NOT NULL
     GROUP BY p, seg, m, v
), top AS (
    SELECT p, seg,
           array_agg(ROW(v, c, c::float8 / tot::float8)::bench_top ORDER BY c DESC, v) FILTER (WHERE m = 1) AS aov_top,
           array_agg(ROW(v, c, c::float8 / tot::float8)::bench_top ORDER BY c DESC, v) FILTER (WHERE m = 2) AS items_per_order_top,
           array_agg(ROW(v, c, c::float8 / tot::float8)::bench_top ORDER BY c DESC, v) FILTER (WHERE m = 3) AS unit_price_top
      FROM (SELECT counts.*, sum(c) OVER (PARTITION BY p, seg, m) AS tot,
                   row_number() OVER (PARTITION BY p, seg, m ORDER BY c DESC, v) AS r
              FROM counts) t
     WHERE r <= 3
     GROUP BY p, seg
)
SELECT a.p::date AS period, a.seg AS segment,
       (a.orders / sum(a.orders) FILTER (WHERE a.seg <> 'all') OVER (PARTITION BY a.p))::float8 AS orders_share,
       (a.revenue / nullif(sum(a.revenue) FILTER (WHERE a.seg <> 'all') OVER (PARTITION BY a.p), 0))::float8 AS revenue_share,
       a.orders, a.customers, a.guest_orders, a.zero_item_orders, a.revenue, a.items,
       a.revenue / a.orders AS aov,
       a.revenue / nullif(a.items, 0) AS unit_price,
       a.items / a.orders AS items_per_order,
       a.known_revenue / nullif(a.customers, 0) AS revenue_per_customer,
       (a.orders - a.guest_orders)::numeric / nullif(a.customers, 0) AS orders_per_customer,
       0.05::float8 AS trim_fraction_used,
       a.aov_trimmed, a.aov_median, t.aov_top,
       a.items_per_order_trimmed, a.items_per_order_median, t.items_per_order_top,
       a.unit_price_trimmed, a.unit_price_median, t.unit_price_top
  FROM agg a LEFT JOIN top t USING (p, seg)
 ORDER BY a.p, array_position(ARRAY['new', 'returning', 'guest', 'all'], a.seg)
EOF
}

# aov_breakdown in a hand-written GROUP BY GROUPING SETS (every figure but the shares)
direct_sql() {
    cat <<'EOF'
WITH firsts AS (
    SELECT customer_id, min(ordered_at) AS first_at
      FROM orders WHERE customer_id IS NOT NULL GROUP BY customer_id
), r AS (
    SELECT date_trunc('month', o.ordered_at) AS p,
           CASE WHEN o.customer_id IS NULL THEN 'guest'
                WHEN date_trunc('month', f.first_at) = date_trunc('month', o.ordered_at) THEN 'new'
                ELSE 'returning' END AS seg,
           o.revenue, o.items, o.customer_id
      FROM orders o LEFT JOIN firsts f USING (customer_id)
     WHERE o.ordered_at IS NOT NULL
), g AS MATERIALIZED (
    SELECT p, seg, aov_breakdown(revenue, items, customer_id) AS b
      FROM r GROUP BY GROUPING SETS ((p, seg), (p))
)
SELECT p::date AS period, coalesce(seg, 'all') AS segment, (b).*
  FROM g
 WHERE (b).orders IS NOT NULL
 ORDER BY p, array_position(ARRAY['new', 'returning', 'guest', 'all'], coalesce(seg, 'all'))
EOF
}

addq avg_num a ea "avg(revenue)  [numeric base]" "SELECT avg(revenue) FROM orders"
addq brk_num a ea "aov_breakdown(revenue, items, customer_id)" "SELECT aov_breakdown(revenue, items, customer_id) FROM orders"
addq brk_t   a ea "aov_breakdown(revenue, items, customer_id, 0.05)" "SELECT aov_breakdown(revenue, items, customer_id, 0.05) FROM orders"
# daily summaries built and rolled up to months (one row: the count and an md5 of the months' breakdowns)
addq roll    a ea "aov_summary per day + aov_rollup to months" "SELECT count(*) || ' months ' || md5(string_agg(m || ':' || b::text, ';' ORDER BY m))
  FROM (SELECT date_trunc('month', d) AS m, aov_breakdown(aov_rollup(s)) AS b
          FROM (SELECT (ordered_at AT TIME ZONE 'UTC')::date AS d, aov_summary(revenue, items, customer_id, 0.05) AS s
                  FROM orders GROUP BY 1) days
         GROUP BY 1) months"
addq avg_f8  a ea "avg(revenue_f)  [float8 base]" "SELECT avg(revenue_f) FROM orders"
addq brk_f8  a ea "aov_breakdown(revenue_f, items, customer_id)" "SELECT aov_breakdown(revenue_f, items, customer_id) FROM orders"
addq report  b ctas "aov_report('orders', 'month')" "SELECT * FROM aov_report('orders', 'month')"
addq direct  b ctas "aov_breakdown GROUPING SETS (no shares)" "$(direct_sql)"
addq sql_rn  b ctas_timed "plain SQL, row_number medians" "$(plain_sql rn)"
addq sql_pct b ctas_timed "plain SQL, percentile_cont medians" "$(plain_sql pct)"

A_IDS="avg_num brk_num brk_t roll avg_f8 brk_f8"   # section (a), in the order of its table
wanted() {
    if [ -n "${ONLY:-}" ]; then case " $ONLY " in *" $1 "*) ;; *) return 1 ;; esac; fi
    [ "$1" = sql_pct ] && [ "$SKIP_PCT" = 1 ] && return 1
    true
}
modes_of() {
    case $1 in
        sql_*) if [ "$SQL_PARALLEL" = 1 ]; then echo "serial parallel"; else echo serial; fi ;;
        *) echo "serial parallel" ;;
    esac
}
for id in "${Q_IDS[@]}"; do
    wanted "$id" && printf '%s;\n' "${Q_SQL[$id]}" >"$RAW/$id.sql"
done

###########################################################################
# Measurement.  Results go into these arrays, keyed "id,mode".
###########################################################################
declare -A MED BEST TIMES NRUN VAL STABLE PLAN RSS TEMP EA WALL

# The plan summary of an EXPLAIN ANALYZE text (or auto_explain log).
plan_summary() {  # file
    local a=$1 p
    if grep -q 'Gather' "$a"; then
        if grep -Eq 'Partial (Hash|Group)?Aggregate' "$a"; then p="$(grep -Eo -m1 'Partial (Hash|Group)?Aggregate' "$a")"; else p="Gather, NO Partial Aggregate"; fi
        p="$p, workers $(grep -m1 -o 'Workers Launched: [0-9]*' "$a" | awk '{print $3}')/$(grep -m1 -o 'Workers Planned: [0-9]*' "$a" | awk '{print $3}')"
    else
        p="serial plan"
    fi
    grep -q 'Sort Method: external' "$a" && p="$p, external sort"
    echo "$p"
}

# peak resident size of a session's backend and the temp files it wrote, from its stderr
session_stats() {  # id mode err-file
    RSS[$1,$2]=$(awk '/kB max resident size/ {v = $2 + 0; if (v > m) m = v} END {print m + 0}' "$3")
    TEMP[$1,$2]=$(awk '/temporary file: path/ {sub(/.*size /, ""); s += $1} END {print s + 0}' "$3")
}
temp_note() {  # id mode: the temp files in the plan column
    # (a parallel hash join writes a few 8 kB files even when nothing spills)
    if [ "${TEMP[$1,$2]:-0}" -ge 1048576 ]; then
        PLAN[$1,$2]="${PLAN[$1,$2]}, SPILLS TO DISK ($((TEMP[$1,$2] / 1048576)) MB temp files)"
    elif [ "${TEMP[$1,$2]:-0}" != 0 ]; then
        PLAN[$1,$2]="${PLAN[$1,$2]}, $((TEMP[$1,$2] / 1024)) kB temp files"
    fi
}

# 1. per query and mode: the plan the planner picks (EXPLAIN), then one
# untimed warm-up session with log_statement_stats (peak memory, temp files):
# EXPLAIN (ANALYZE, TIMING OFF) for ea, CREATE TABLE res_<id>_<mode> AS with
# auto_explain for ctas; none for ctas_timed, whose first timed run is its
# CREATE TABLE AS.  The keys "id/mode" that can be timed go to KEYS.
KEYS=()
warm_up() {  # id mode
    local id=$1 mode=$2 set q base f warm t0
    q=${Q_SQL[$id]}
    warm=${Q_WARM[$id]}
    set=$(set_of "$mode")
    base="$RAW/$id.$mode"
    bench_explain "$id,$mode" "$base.explain" "$set" "$q" || return 0
    sql "DROP TABLE IF EXISTS res_${id}_$mode" >/dev/null 2>&1
    if [ "$warm" = ctas_timed ]; then
        PLAN[$id,$mode]="$(plan_summary "$base.explain") (plan not analyzed)"
        KEYS+=("$id/$mode")
        return
    fi
    f="$base.warm.psql"
    {
        echo "$set"
        echo "$STATS_SET"
        case $warm in
            ea)
                echo "EXPLAIN (ANALYZE, TIMING OFF, COSTS OFF) $q;" ;;
            ctas)
                echo "LOAD 'auto_explain';"
                echo "SET auto_explain.log_min_duration = 0; SET auto_explain.log_analyze = on;"
                echo "SET auto_explain.log_timing = off; SET auto_explain.log_nested_statements = on;"
                echo "CREATE TABLE res_${id}_$mode AS $q;" ;;
        esac
    } >"$f"
    t0=$SECONDS
    if ! "${PSQL[@]}" -f "$f" >"$base.analyze" 2>"$base.err"; then
        PLAN[$id,$mode]="ERROR: $(grep -m1 -E 'ERROR|FATAL|server closed' "$base.err" || head -1 "$base.err")"
        WALL[$id,$mode]=$((SECONDS - t0))
        echo "   !! $id/$mode failed: ${PLAN[$id,$mode]}"
        # a crashed backend resets shared memory: reload the cache before going on
        sleep 2; prewarm 2>/dev/null || true
        return
    fi
    WALL[$id,$mode]=$((SECONDS - t0))
    session_stats "$id" "$mode" "$base.err"
    # the plan actually run: EXPLAIN ANALYZE output, or auto_explain's log
    case $warm in
        ea)
            PLAN[$id,$mode]=$(plan_summary "$base.analyze")
            EA[$id,$mode]=$(awk '/Execution Time/ {print $3}' "$base.analyze") ;;
        ctas)
            # (psql -f prefixes messages with "psql:file:line: ")
            awk '/LOG:  duration: .* plan:/ {on = 1} /LOG:  (QUERY STATISTICS|temporary file)/ {on = 0} on' "$base.err" >"$base.plan"
            PLAN[$id,$mode]=$(plan_summary "$base.plan") ;;
    esac
    temp_note "$id" "$mode"
    KEYS+=("$id/$mode")
}

# 2. one timed execution in its own session (called by bench_rounds); the
# plain SQL (ctas_timed) only in the first SQL_RUNS rounds, the first time
# as CREATE TABLE res_<id>_<mode> AS, with log_statement_stats
time_once() {  # id/mode round
    local id=${1%/*} mode=${1#*/} r=$2 base f
    base="$RAW/$id.$mode"
    f="$base.psql$r"
    if [ "${Q_WARM[$id]}" = ctas_timed ]; then
        ((r < SQL_RUNS)) || return 0
        if ((r == 0)); then
            printf '%s\n%s\n\\timing on\nCREATE TABLE res_%s_%s AS %s;\n' "$(set_of "$mode")" "$STATS_SET" "$id" "$mode" "${Q_SQL[$id]}" >"$f"
        else
            printf '%s\n\\timing on\n%s;\n' "$(set_of "$mode")" "${Q_SQL[$id]}" >"$f"
        fi
    else
        printf '%s\n\\timing on\n%s;\n' "$(set_of "$mode")" "${Q_SQL[$id]}" >"$f"
    fi
    bench_timed_run "$f" "$base.out$r" "$base.err$r" "$id/$mode round $r" "$id,$mode" || return 0
    # the rows of the run, if any (a CREATE TABLE AS prints none)
    grep -v '^Time: ' "$base.out$r" | awk 'NF' >"$base.run$r"
    [ -s "$base.run$r" ] || rm -f "$base.run$r"
    if [ "${Q_WARM[$id]}" = ctas_timed ] && ((r == 0)); then
        session_stats "$id" "$mode" "$base.err$r"
        temp_note "$id" "$mode"
    fi
    printf '.'
}

echo "== warm-up and plans (one untimed run per query and mode; raw output in $RAW)"
for id in "${Q_IDS[@]}"; do
    wanted "$id" || continue
    for mode in $(modes_of "$id"); do
        printf '   %-8s %-8s ' "$id" "$mode"
        warm_up "$id" "$mode"
        if [ -n "${WALL[$id,$mode]:-}" ]; then printf '(%ss)  ' "${WALL[$id,$mode]}"; else printf '(no warm-up)  '; fi
        printf '[%s]\n' "${PLAN[$id,$mode]:-}"
    done
done
bench_time_all " (the plain SQL in the first $SQL_RUNS)"
for k in "${KEYS[@]}"; do
    id=${k%/*}; mode=${k#*/}
    bench_stats "$id,$mode" "$RAW/$id.$mode" || continue
    NRUN[$id,$mode]=$(echo "${TIMES[$id,$mode]}" | wc -w)
    VAL[$id,$mode]=$(cat "$RAW/$id.$mode".run* 2>/dev/null | head -1)
    printf '   %-8s %-8s median %10s ms  best %10s ms  runs: %s  [%s]\n' "$id" "$mode" "${MED[$id,$mode]}" "${BEST[$id,$mode]}" \
        "${TIMES[$id,$mode]}" "${PLAN[$id,$mode]:-}"
done

###########################################################################
# Helpers for the tables.
###########################################################################
mem_over() {  # id -> MB above the avg(revenue) serial session, or -
    local r=${RSS[$1,serial]:-} b=${RSS[avg_num,serial]:-}
    if [ -n "$r" ] && [ "$r" != 0 ] && [ -n "$b" ] && [ "$b" != 0 ]; then
        awk -v r="$r" -v b="$b" 'BEGIN {m = (r - b) / 1024; printf "%.0f", (m < 0.5 ? 0 : m)}'
    else
        echo "-"
    fi
}

{
    echo "id,section,mode,median_ms,best_ms,runs,times_ms,result_stable,peak_rss_kb,temp_bytes,explain_analyze_ms,wall_s,plan,result"
    for id in "${Q_IDS[@]}"; do
        wanted "$id" || continue
        for mode in $(modes_of "$id"); do
            echo "$id,${Q_SECTION[$id]},$mode,${MED[$id,$mode]:-},${BEST[$id,$mode]:-},${NRUN[$id,$mode]:-},${TIMES[$id,$mode]:-},${STABLE[$id,$mode]:-},${RSS[$id,$mode]:-},${TEMP[$id,$mode]:-},${EA[$id,$mode]:-},${WALL[$id,$mode]:-},\"${PLAN[$id,$mode]:-}\",\"$(echo "${VAL[$id,$mode]:-}" | sed 's/"/""/g')\""
        done
    done
} >"$CSV"

###########################################################################
# (a) aov_breakdown vs avg().
###########################################################################
echo
echo "== (a) aov_breakdown vs avg() over all $ROWS orders: median of $RUNS interleaved runs, ms;"
echo "   parallel = $PAR_WORKERS workers + leader on $(nproc) CPUs; x avg = time / avg() on the same column, same mode;"
echo "   speedup = serial / parallel; % avg = that speed-up as a percentage of avg()'s on the same column;"
echo "   mem = serial session's peak RSS above the avg(revenue) session, MB; EA = EXPLAIN (ANALYZE, TIMING OFF) of the"
echo "   (first, untimed) serial run, ms: instrumentation overhead, which is why it is not used for the numbers"
echo
fmt='%-48s %9s %9s %7s %7s %7s %7s %6s %9s  %s\n'
printf "$fmt" "query" "serial" "parallel" "speedup" "% avg" "x avg" "x avg" "mem" "EA" "aov (serial; parallel if different)"
printf "$fmt" "" "ms" "ms" "" "speedup" "serial" "par." "MB" "ms" ""
printf '%s\n' "$(printf '%.0s-' {1..140})"
aov_of() {  # composite text -> its aov field
    [ -n "${1:-}" ] && sql "SELECT (\$v\$$1\$v\$::aov_breakdown).aov" 2>/dev/null
}
for id in $A_IDS; do
    wanted "$id" || continue
    b=avg_num; [ "$id" = brk_f8 ] || [ "$id" = avg_f8 ] && b=avg_f8
    s=${MED[$id,serial]:-}; p=${MED[$id,parallel]:-}
    case $id in
        avg_*|roll) res=${VAL[$id,serial]:-${PLAN[$id,serial]:-}}; rp=${VAL[$id,parallel]:-} ;;
        *) res=$(aov_of "${VAL[$id,serial]:-}"); rp=$(aov_of "${VAL[$id,parallel]:-}"); [ -n "$res" ] || res=${PLAN[$id,serial]:-} ;;
    esac
    [ -n "$rp" ] && [ "$rp" != "$res" ] && res="$res; par: $rp"
    [ "${STABLE[$id,serial]:-1}" = 0 ] && res="$res (serial runs differ!)"
    [ "${STABLE[$id,parallel]:-1}" = 0 ] && res="$res (parallel runs differ)"
    printf "$fmt" "${Q_LABEL[$id]}" "$(fmt_ms "$s")" "$(fmt_ms "$p")" "$(dash "$(ratio "$s" "$p")")" \
        "$(dash "$(speedup_pct "$s" "$p" "${MED[$b,serial]:-}" "${MED[$b,parallel]:-}")")" \
        "$(dash "$(ratio "$s" "${MED[$b,serial]:-}")")" "$(dash "$(ratio "$p" "${MED[$b,parallel]:-}")")" \
        "$(mem_over "$id")" "$(fmt_ms "${EA[$id,serial]:-}")" "$res"
done
echo
echo "parallel plans (EXPLAIN ANALYZE of the warm-up run):"
for id in $A_IDS; do
    wanted "$id" || continue
    printf '   %-44s %s\n' "${Q_LABEL[$id]}" "${PLAN[$id,parallel]:-}"
done
echo
echo "parallel breakdown (one extra EXPLAIN (ANALYZE, VERBOSE) run each, timing on, so slower than above):"
echo "   partial = workers' Partial Aggregate done; gather = partial states received by the leader;"
echo "   final = combine + final function done (in the leader alone)"
for id in $A_IDS; do
    wanted "$id" || continue
    [ -n "${MED[$id,parallel]:-}" ] || continue
    bench_parallel_tail "${Q_LABEL[$id]}" "${Q_SQL[$id]}" "$RAW/$id.parallel.verbose"
done

###########################################################################
# (b) aov_report vs plain SQL.
###########################################################################
NREP=$(sql "SELECT count(*) FROM res_report_serial" 2>/dev/null)
NPERIODS=$(sql "SELECT count(DISTINCT period) FROM res_report_serial" 2>/dev/null)
echo
echo "== (b) aov_report vs plain SQL, per month x segment (${NPERIODS:-?} months, ${NREP:-?} result rows), $ROWS orders: median, ms"
echo "   speed-up = plain SQL (serial) / this query; plain SQL: $SQL_RUNS run(s) each, the first a CREATE TABLE AS;"
echo "   mem = serial session's peak RSS above the avg(revenue) session, MB"
echo
fmt='%-40s %10s %10s %9s %9s %6s  %s\n'
printf "$fmt" "query" "serial" "parallel" "speed-up" "speed-up" "mem" "plan (serial | parallel)"
printf "$fmt" "" "ms" "ms" "vs pct" "vs rn" "MB" ""
printf '%s\n' "$(printf '%.0s-' {1..150})"
for id in report direct sql_pct sql_rn; do
    wanted "$id" || continue
    s=${MED[$id,serial]:-}; p=${MED[$id,parallel]:-}
    pplan=${PLAN[$id,serial]:-}
    [ -n "${PLAN[$id,parallel]:-}" ] && pplan="$pplan | ${PLAN[$id,parallel]}"
    [ "${STABLE[$id,serial]:-1}" = 0 ] && pplan="$pplan (serial runs differ!)"
    [ "${STABLE[$id,parallel]:-1}" = 0 ] && pplan="$pplan (parallel runs differ!)"
    printf "$fmt" "${Q_LABEL[$id]}" "$(fmt_ms "$s")" "$(fmt_ms "$p")" \
        "$(dash "$(ratio "${MED[sql_pct,serial]:-}" "$s")")" "$(dash "$(ratio "${MED[sql_rn,serial]:-}" "$s")")" \
        "$(mem_over "$id")" "$pplan"
done
for id in sql_pct sql_rn; do
    wanted "$id" || continue
    [ -n "${MED[$id,serial]:-}" ] || continue
    printf '   %s: %s s per run (%s run(s))\n' "${Q_LABEL[$id]}" \
        "$(awk -v a="${MED[$id,serial]}" 'BEGIN {printf "%.1f", a / 1000}')" "${NRUN[$id,serial]}"
done
echo "   parallel speed-ups: aov_report serial/parallel $(dash "$(ratio "${MED[report,serial]:-}" "${MED[report,parallel]:-}")")x;" \
     "plain SQL with workers $([ "$SQL_PARALLEL" = 1 ] && echo "timed above" || echo "not timed (SQL_PARALLEL=1)")"
echo "   aov_report's inner plans (auto_explain, nested): $RAW/report.serial.plan, $RAW/report.parallel.plan"

###########################################################################
# Targets.
###########################################################################
echo
echo "== targets"
for k in num f8; do
    for mode in serial parallel; do
        ty=$([ $k = f8 ] && echo float8 || echo numeric)
        target_ratio "aov_breakdown($ty) <= 4x avg($ty) ($mode)" "${MED[brk_$k,$mode]:-}" "${MED[avg_$k,$mode]:-}" '<=' 4
    done
done
for ref in sql_pct sql_rn; do
    wanted "$ref" || continue
    target_ratio "aov_report >= 5x faster than plain SQL [${ref#sql_}] (serial)" "${MED[$ref,serial]:-}" "${MED[report,serial]:-}" '>=' 5
done

###########################################################################
# Result checks (in SQL, on the printed values and the result tables).
###########################################################################
echo
echo "== result checks"
# (a) the breakdown over all rows against plain aggregates, and serial vs parallel
if [ -n "${VAL[brk_num,serial]:-}" ]; then
    sql "SELECT count(*), count(DISTINCT customer_id), count(*) FILTER (WHERE customer_id IS NULL),
                count(*) FILTER (WHERE items = 0), sum(revenue), sum(items), avg(revenue),
                sum(revenue) / nullif(sum(items), 0), avg(items),
                sum(revenue) FILTER (WHERE customer_id IS NOT NULL) / nullif(count(DISTINCT customer_id), 0)
           FROM orders" >"$RAW/check_a.ref"
    r=$(sql "SELECT concat_ws(' ', CASE WHEN b.orders = r.n THEN NULL ELSE 'orders' END,
                                   CASE WHEN b.customers = r.c THEN NULL ELSE 'customers' END,
                                   CASE WHEN b.guest_orders = r.g THEN NULL ELSE 'guest_orders' END,
                                   CASE WHEN b.zero_item_orders = r.z THEN NULL ELSE 'zero_item_orders' END,
                                   CASE WHEN b.revenue = r.s THEN NULL ELSE 'revenue' END,
                                   CASE WHEN b.items = r.i THEN NULL ELSE 'items' END,
                                   CASE WHEN b.aov = r.a THEN NULL ELSE 'aov' END,
                                   CASE WHEN b.unit_price = r.u THEN NULL ELSE 'unit_price' END,
                                   CASE WHEN b.items_per_order = r.ipo THEN NULL ELSE 'items_per_order' END,
                                   CASE WHEN b.revenue_per_customer = r.rpc THEN NULL ELSE 'revenue_per_customer' END)
               FROM (SELECT (\$v\$${VAL[brk_num,serial]}\$v\$::aov_breakdown).*) b,
                    (SELECT split_part(l, '|', 1)::bigint n, split_part(l, '|', 2)::bigint c, split_part(l, '|', 3)::bigint g,
                            split_part(l, '|', 4)::bigint z, split_part(l, '|', 5)::numeric s, split_part(l, '|', 6)::numeric i,
                            split_part(l, '|', 7)::numeric a, split_part(l, '|', 8)::numeric u, split_part(l, '|', 9)::numeric ipo,
                            split_part(l, '|', 10)::numeric rpc
                       FROM (SELECT \$v\$$(cat "$RAW/check_a.ref")\$v\$ AS l) x) r" 2>&1 | head -1)
    if [ -z "$r" ]; then
        check OK "aov_breakdown(numeric): exact fields = SQL aggregates" "orders, customers, guest/zero-item orders, revenue, items, aov, unit price, items/order, revenue/customer"
    else
        check FAIL "aov_breakdown(numeric): exact fields = SQL aggregates" "differ: $r"
    fi
fi
if [ -n "${VAL[brk_f8,serial]:-}" ] && [ -n "${VAL[brk_num,serial]:-}" ]; then
    r=$(sql "SELECT concat_ws('; ',
                CASE WHEN (f.orders, f.customers, f.guest_orders, f.zero_item_orders, f.items)
                          = (n.orders, n.customers, n.guest_orders, n.zero_item_orders, n.items) THEN NULL ELSE 'counts differ' END,
                'aov rel diff ' || to_char(abs(f.aov - n.aov) / n.aov, '9.9EEEE'),
                'revenue rel diff ' || to_char(abs(f.revenue - n.revenue) / n.revenue, '9.9EEEE'),
                'aov_trimmed rel diff ' || to_char(abs(f.aov_trimmed - n.aov_trimmed) / n.aov_trimmed, '9.9EEEE'),
                'median ' || CASE WHEN f.aov_median = n.aov_median THEN 'equal' ELSE f.aov_median || ' vs ' || n.aov_median END)
               FROM (SELECT (\$v\$${VAL[brk_f8,serial]}\$v\$::aov_breakdown).*) f,
                    (SELECT (\$v\$${VAL[brk_num,serial]}\$v\$::aov_breakdown).*) n" 2>&1 | head -1)
    tag=OK; case $r in *"counts differ"*|*ERROR*) tag=FAIL ;; esac
    check $tag "aov_breakdown float8 vs numeric (same values)" "$r"
fi
for id in brk_num brk_t roll brk_f8; do
    wanted "$id" || continue
    if [ -n "${VAL[$id,serial]:-}" ] && [ -n "${VAL[$id,parallel]:-}" ]; then
        if [ "${VAL[$id,serial]}" = "${VAL[$id,parallel]}" ] && [ "${STABLE[$id,serial]}" = 1 ] && [ "${STABLE[$id,parallel]}" = 1 ]; then
            check OK "$id: same composite serial/parallel, every run" ""
        else
            check FAIL "$id: result differs between runs or modes" "see $RAW/$id.*.out"
        fi
    fi
done

# (b) result tables, field by field.  cmp_tables left right -> field|group|equal|differ|max_rel|example
cmp_tables() {
    local L=$1 R=$2 cols c grp cond rel vals=""
    cols=$(sql "SELECT string_agg(column_name, ' ' ORDER BY ordinal_position) FROM information_schema.columns
                 WHERE table_name = '$L' AND column_name NOT IN ('period', 'segment')
                   AND column_name IN (SELECT column_name FROM information_schema.columns WHERE table_name = '$R')")
    for c in $cols; do
        rel="NULL::float8"
        case $c in
            *_top)
                grp=top
                cond="array(SELECT ROW(t.value, t.count, t.share)::bench_top FROM unnest(l.$c) t) IS NOT DISTINCT FROM array(SELECT ROW(t.value, t.count, t.share)::bench_top FROM unnest(r.$c) t)" ;;
            *_trimmed) grp=trimmed; cond="l.$c IS NOT DISTINCT FROM r.$c" ;;
            *_median)
                grp=median; cond="l.$c IS NOT DISTINCT FROM r.$c"
                rel="abs(l.$c::float8 - r.$c::float8) / nullif(abs(l.$c::float8), 0)" ;;
            *) grp=exact; cond="l.$c IS NOT DISTINCT FROM r.$c" ;;
        esac
        vals="$vals${vals:+,}
            ('$c', '$grp', $cond, $rel, l.$c::text, r.$c::text)"
    done
    sql "SELECT f, g, count(*) FILTER (WHERE ok), count(*) FILTER (WHERE NOT ok OR ok IS NULL), max(rel),
                min(period || ' ' || segment || ': ' || coalesce(lv, 'NULL') || ' vs ' || coalesce(rv, 'NULL')) FILTER (WHERE NOT ok OR ok IS NULL)
           FROM (SELECT period, segment, v.*
                   FROM $L l FULL JOIN $R r USING (period, segment)
                   CROSS JOIN LATERAL (VALUES $vals) AS v(f, g, ok, rel, lv, rv)) x
          GROUP BY f, g"
}
# summarize cmp_tables per group: exact fields, trimmed means, medians, top 3
report_cmp() {  # left right label float_medians(0/1)
    local L=$1 R=$2 label=$3 fm=$4 out g nf eq df ex mr
    out=$(cmp_tables "$L" "$R" 2>&1)
    if echo "$out" | grep -q ERROR; then
        check FAIL "$label" "$(echo "$out" | grep -m1 ERROR)"
        return
    fi
    echo "$out" >"$RAW/cmp.$L.$R"
    for g in exact trimmed median top; do
        nf=$(echo "$out" | awk -F'|' -v g="$g" '$2 == g' | wc -l)
        [ "$nf" = 0 ] && continue
        eq=$(echo "$out" | awk -F'|' -v g="$g" '$2 == g {s += $3} END {print s + 0}')
        df=$(echo "$out" | awk -F'|' -v g="$g" '$2 == g {s += $4} END {print s + 0}')
        ex=$(echo "$out" | awk -F'|' -v g="$g" '$2 == g && $4 > 0 {print $1 " " $6; exit}')
        if [ "$df" = 0 ]; then
            check OK "$label: $g ($nf fields)" "$eq values equal"
        elif [ "$g" = median ] && [ "$fm" = 1 ]; then
            mr=$(echo "$out" | awk -F'|' -v g="$g" '$2 == g && $5 != "" && $5 + 0 > m {m = $5 + 0} END {printf "%.1e", m}')
            if awk -v m="$mr" 'BEGIN {exit !(m <= 1e-15)}'; then
                check NOTE "$label: $g ($nf fields)" "$eq equal, $df differ in float8 rounding only (max rel diff $mr; percentile_cont interpolates in float8), e.g. $ex"
            else
                check FAIL "$label: $g ($nf fields)" "$df of $((eq + df)) differ, max rel diff $mr, e.g. $ex"
            fi
        else
            check FAIL "$label: $g ($nf fields)" "$df of $((eq + df)) differ: $(echo "$out" | awk -F'|' -v g="$g" '$2 == g && $4 > 0 {printf "%s%s", s, $1; s = ", "}'); e.g. $ex"
        fi
    done
}
have_res() { [ "$(sql "SELECT count(*) FROM pg_class WHERE relname = '$1'")" = 1 ]; }
if have_res res_report_serial; then
    if have_res res_sql_rn_serial; then report_cmp res_report_serial res_sql_rn_serial "aov_report = SQL (row_number medians)" 0; fi
    if have_res res_sql_pct_serial; then report_cmp res_report_serial res_sql_pct_serial "aov_report = SQL (percentile_cont)" 1; fi
    if have_res res_direct_serial; then report_cmp res_report_serial res_direct_serial "aov_report = GROUPING SETS query" 0; fi
    if have_res res_direct_serial && have_res res_sql_rn_serial; then
        report_cmp res_direct_serial res_sql_rn_serial "GROUPING SETS query = SQL (row_number medians)" 0
    fi
    if have_res res_report_parallel; then
        d=$(sql "SELECT count(*) FROM ((SELECT t::text FROM res_report_serial t EXCEPT ALL SELECT t::text FROM res_report_parallel t)
                                      UNION ALL (SELECT t::text FROM res_report_parallel t EXCEPT ALL SELECT t::text FROM res_report_serial t)) x")
        if [ "$d" = 0 ]; then check OK "aov_report: same rows serial and parallel (as text)" "${NREP:-?} rows"
        else check FAIL "aov_report: serial and parallel rows differ" "$d rows differ"; fi
    fi
    for id in report direct sql_rn sql_pct; do
        for mode in serial parallel; do
            [ "${STABLE[$id,$mode]:-1}" = 0 ] && check FAIL "$id/$mode: the timed runs returned different rows" "see $RAW/$id.$mode.run*"
        done
    done
    psql -X -q -P footer=off -c "SELECT period, segment, orders, customers, aov, aov_trimmed, aov_median, unit_price, items_per_order, orders_share
           FROM res_report_serial ORDER BY period, array_position(ARRAY['new', 'returning', 'guest', 'all'], segment) LIMIT 8" \
        >"$RAW/report_head.txt" 2>&1
    echo
    echo "first rows of aov_report (all rows: table res_report_serial; $RAW/report_head.txt):"
    sed 's/^/   /' "$RAW/report_head.txt"
fi

bench_finish
