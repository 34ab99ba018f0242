#!/usr/bin/env bash
# diagnose.sh: benchmark diagnose_aov_drop (relation form) against the plain
# SQL an analyst would write for the same core numbers, on one synthetic
# order table, in one run.
#
#   test/bench/diagnose.sh                             # 10,000,000 orders
#   ROWS=200000 STAGE=1 test/bench/diagnose.sh         # quick run, private install
#
# The queries (ids):
#   diag       diagnose_aov_drop('orders', aov_period('month', M0),
#              aov_period('month', M1), trim_fraction => 0) for two adjacent
#              months (M0 = MONTH, M1 = the month after): four result rows
#              (all, new, returning, guest) with the figures, Welch tests on
#              plain means (trim 0, which the plain SQL below can reproduce),
#              the decision step and the effects.  Inside it runs two
#              parallel-safe aggregates over the table (the first order of
#              every customer up to the end of M1, then the two months'
#              orders summarized per period and segment), then the decision.
#   diag_yuen  the same call with the default trim fraction (0.05: Yuen's test
#              on trimmed means; the AOV figures are the same, the tests differ)
#   sql_avg    the baseline: plain SQL for the per-segment figures of both
#              periods: first orders by GROUP BY customer_id (up to the end of
#              M1), then per period x segment and per period ('all', GROUPING
#              SETS) count(*), avg(revenue), avg(items), sum(revenue)/sum(items)
#   sql        plain SQL with what the tests also need: the same first
#              orders, the same groups plus var_samp(revenue), var_samp(items),
#              and in a second pass (a join back to the groups) the
#              delta-method variance of the unit price, var_samp(revenue - R *
#              items) with R the group's sum(revenue)/sum(items).  No p-values
#              (PostgreSQL has no t or normal distribution function) and no
#              decision step: the plain SQL does less than the function.
#   scan       SELECT count(*), sum(revenue) FROM orders: one pass
# Printed: per query the median and best of the timed runs, its ratio to
# sql_avg (the baseline), to sql and to diag, and its peak memory above a
# scan; the function's nested statements by time (auto_explain of the
# warm-up); the plain SQL's per-node times; then the checks, the figures
# and the diagnosis.  One mode per run: WORKERS=0 (default) serially,
# WORKERS=2 for 2 workers per Gather.
# Result checks: diag = sql_avg = sql exactly on orders, AOV, items per order
# and unit price per scope and period; diag_yuen's figures = diag's; and (a
# sanity check of the tests) "p < 0.05" in diag agrees with "|t| > 1.96" for
# the Welch t computed from sql's variances.  Peak memory: in a fresh
# session, VmHWM of the backend (from /proc/<pg_backend_pid()>/status) after
# a full scan of orders, then after the query; the difference is about the
# query's private peak memory (the shared buffers it touches are already
# counted by the scan).
#
# Self-contained (test/bench/lib.sh): builds the extension (see BUILD,
# STAGE), starts a throw-away cluster with pg_virtualenv -t (or, EXISTING=1,
# uses the running server of PGHOST/PGPORT: see lib.sh), generates the
# table with gen_customer_orders.sql (orders uniform over the 12 months of
# 2025, UTC), loads it into shared_buffers (pg_prewarm), times every query,
# checks the results and prints one report.
#
# Environment (defaults in brackets):
#   ROWS (or rows, N) [10000000]  orders to generate
#   CUSTOMERS [ROWS/12]    customer ids to draw from (~8% of orders are guests)
#   MONTH [2025-05-01]     the baseline month; the current one is the month after
#   RUNS [5]               timed rounds (every query once per round; medians)
#   WORKERS [0]            max_parallel_workers_per_gather for every query
#   SHARED_BUFFERS [4GB]   WORK_MEM [4GB] (as in breakdown.sh: nothing spills)
#   JIT [off]
#   BUILD [1]              make install the extension first (system directories)
#   STAGE [0]              1: build a snapshot of the working tree in a temp dir and
#                          install it there (make install DESTDIR=...); the cluster
#                          loads it from there (extension_destdir,
#                          dynamic_library_path).  Nothing is written to the
#                          system directories.
#   ONLY []                space-separated query ids: diag diag_yuen sql_avg sql scan
#   BENCH_PORT [a free port from 5433 up]   port of the throw-away cluster
#   OUT_DIR [<repo>/test/out/bench]   diagnose_report.txt, diagnose_results.csv,
#                          diagnose_raw/ (psql scripts, output, plans)
#
# How the time is measured (test/bench/lib.sh): psql \timing, one session per
#   execution: the client-side round trip over a local connection (at most 8
#   result rows).  First one untimed warm-up per query: a CREATE TABLE AS for
#   diag, sql_avg and sql, whose results the checks read, with auto_explain
#   logging the plans (diag's nested statements too; timing off); then RUNS
#   rounds, each running every query once, interleaved, so that the
#   machine's changing load hits the function and its baseline alike.
#   Medians, and ratios of medians.  The table is in shared_buffers,
#   autovacuum is off, the table is VACUUM (FREEZE, ANALYZE)d, TimeZone is
#   UTC (months are UTC).  The plain SQL also gets one EXPLAIN (ANALYZE,
#   BUFFERS) with per-node timing (slower than the timed runs; for the
#   split, not the numbers).

# shellcheck source=lib.sh
. "$(dirname "$(readlink -f "$0")")/lib.sh"   # set -euo pipefail, LC_ALL=C, SCRIPT, BENCH_DIR, REPO

bench_rows "${N:-10000000}"
N=$ROWS
MONTH=${MONTH:-2025-05-01}
RUNS=${RUNS:-5}
WORKERS=${WORKERS:-0}
SHARED_BUFFERS=${SHARED_BUFFERS:-4GB}
WORK_MEM=${WORK_MEM:-4GB}
export N MONTH RUNS WORKERS SHARED_BUFFERS WORK_MEM

# Outside the cluster: build, then re-run this script inside pg_virtualenv.
bench_start diagnose "$WORKERS" "$@"
SET_ALL="SET max_parallel_workers_per_gather = $WORKERS;"

bench_header "aov_ext diagnose_aov_drop benchmark" \
    "orders=$N customers=$CUSTOMERS runs=$RUNS workers per gather=$WORKERS"

bench_create_ext
if [ "$(sql "SELECT count(*) FROM pg_proc WHERE proname = 'diagnose_aov_drop' AND proargtypes[0] = 'regclass'::regtype")" = 0 ]; then
    echo "ERROR: this aov_ext has no diagnose_aov_drop(regclass, ...)"; exit 1
fi

# The two months, as aov_period gives them (UTC), and their bounds
M0=$(sql "SELECT to_char(lower(aov_period('month', '$MONTH')), 'YYYY-MM-DD')")
M1=$(sql "SELECT to_char(upper(aov_period('month', '$MONTH')), 'YYYY-MM-DD')")
M2=$(sql "SELECT to_char(upper(aov_period('month', '$M1')), 'YYYY-MM-DD')")
if [ -z "$M0" ] || [ -z "$M1" ] || [ -z "$M2" ]; then echo "ERROR: bad MONTH '$MONTH'"; exit 1; fi
R0=$(sql "SELECT aov_period('month', '$M0')")
R1=$(sql "SELECT aov_period('month', '$M1')")
echo "periods : baseline $R0, current $R1"

bench_generate "orders ($N rows, customers 1..$CUSTOMERS)" gen_customer_orders.sql -v rows="$N" -v customers="$CUSTOMERS"
echo "orders in the two months: $(sql "SELECT count(*) FILTER (WHERE ordered_at >= '$M0' AND ordered_at < '$M1') || ' + '
                                              || count(*) FILTER (WHERE ordered_at >= '$M1' AND ordered_at < '$M2') FROM orders")"

bench_prewarm "orders" "SELECT count(*), sum(revenue) FROM orders"

###########################################################################
# The queries.
###########################################################################
Q_IDS=()
declare -A Q_LABEL Q_SQL Q_WARM Q_CTAS
# id, warm-up (ctas: CREATE TABLE res_<id> AS, logged by auto_explain; plain: one run),
# label, the timed query, [the warm-up's query when it differs]
addq() { Q_IDS+=("$1"); Q_WARM[$1]=$2; Q_LABEL[$1]=$3; Q_SQL[$1]=$4; Q_CTAS[$1]=${5:-$4}; }
wanted() {
    if [ -n "${ONLY:-}" ]; then case " $ONLY " in *" $1 "*) ;; *) return 1 ;; esac; fi
    true
}

DIAG_SQL="SELECT * FROM diagnose_aov_drop('orders', aov_period('month', '$M0'), aov_period('month', '$M1'), trim_fraction => 0)"
DIAG_YUEN_SQL="SELECT * FROM diagnose_aov_drop('orders', aov_period('month', '$M0'), aov_period('month', '$M1'))"

# sql: the plain SQL with the variances.  First orders up to the end of the
# current month, one pass for the counts, means, ratios and variances per
# period x segment and per period, a second pass (join back to the groups)
# for var_samp(revenue - R items).
plain_sql() {
    cat <<EOF
WITH firsts AS (
    SELECT customer_id, min(ordered_at) AS first_at
      FROM orders WHERE customer_id IS NOT NULL AND ordered_at < '$M2' GROUP BY customer_id
), o AS MATERIALIZED (
    SELECT CASE WHEN o.ordered_at < '$M1' THEN 'baseline' ELSE 'current' END AS period,
           CASE WHEN o.customer_id IS NULL THEN 'guest'
                WHEN date_trunc('month', f.first_at) = date_trunc('month', o.ordered_at) THEN 'new'
                ELSE 'returning' END AS segment,
           o.revenue, o.items
      FROM orders o LEFT JOIN firsts f USING (customer_id)
     WHERE o.ordered_at >= '$M0' AND o.ordered_at < '$M2'
), g AS (
    SELECT period, coalesce(segment, 'all') AS scope,
           count(*) AS orders,
           avg(revenue) AS aov,
           avg(items) AS items_per_order,
           sum(revenue) / nullif(sum(items), 0) AS unit_price,
           var_samp(revenue) AS var_revenue,
           var_samp(items) AS var_items
      FROM o
     GROUP BY GROUPING SETS ((period, segment), (period))
), d AS (
    SELECT g.period, g.scope, var_samp(o.revenue - g.unit_price * o.items) AS var_linearized
      FROM o CROSS JOIN LATERAL (VALUES (o.segment), ('all')) AS s(scope)
      JOIN g ON g.period = o.period AND g.scope = s.scope
     GROUP BY g.period, g.scope
)
SELECT g.*, d.var_linearized
  FROM g LEFT JOIN d USING (period, scope)
 ORDER BY period, array_position(ARRAY['all', 'new', 'returning', 'guest'], scope)
EOF
}

# sql_avg: the per-segment figures of both periods, nothing more: the same
# first orders, then one GROUPING SETS pass over the two months.
sql_avg() {
    cat <<EOF
WITH firsts AS (
    SELECT customer_id, min(ordered_at) AS first_at
      FROM orders WHERE customer_id IS NOT NULL AND ordered_at < '$M2' GROUP BY customer_id
)
SELECT period, coalesce(segment, 'all') AS scope,
       count(*) AS orders,
       avg(revenue) AS aov,
       avg(items) AS items_per_order,
       sum(revenue) / nullif(sum(items), 0) AS unit_price
  FROM (SELECT CASE WHEN o.ordered_at < '$M1' THEN 'baseline' ELSE 'current' END AS period,
               CASE WHEN o.customer_id IS NULL THEN 'guest'
                    WHEN date_trunc('month', f.first_at) = date_trunc('month', o.ordered_at) THEN 'new'
                    ELSE 'returning' END AS segment,
               o.revenue, o.items
          FROM orders o LEFT JOIN firsts f USING (customer_id)
         WHERE o.ordered_at >= '$M0' AND o.ordered_at < '$M2') x
 GROUP BY GROUPING SETS ((period, segment), (period))
 ORDER BY period, array_position(ARRAY['all', 'new', 'returning', 'guest'], coalesce(segment, 'all'))
EOF
}

addq diag      ctas   "diagnose_aov_drop('orders', month, next month, trim 0)" "$DIAG_SQL"
addq diag_yuen ctas   "the same, default trim 0.05 (Yuen)" "$DIAG_YUEN_SQL"
addq sql_avg   ctas   "plain SQL: orders, avg per segment  [baseline]" "$(sql_avg)"
addq sql       ctas   "plain SQL with the variances (2 passes)" "$(plain_sql)"
addq scan      plain  "count(*), sum(revenue) over orders  [one pass]" "SELECT count(*), sum(revenue) FROM orders"

for id in "${Q_IDS[@]}"; do
    wanted "$id" && printf '%s;\n' "${Q_SQL[$id]}" >"$RAW/$id.sql"
done

###########################################################################
# Measurement.
###########################################################################
declare -A MED BEST TIMES NRUN STABLE HWM0 HWM1 ERR WALL

# the backend's peak resident size so far, kB
HWM_SQL="SELECT 'VmHWM ' || substring(pg_read_file('/proc/' || pg_backend_pid() || '/status') FROM 'VmHWM:\\s*([0-9]+)')"

# 1. one untimed warm-up per query, in its own session: a CREATE TABLE
# res_<id> AS (kept for the checks) with auto_explain logging the plans, or
# one plain run
warm_up() {  # id
    local id=$1 base f t0
    base="$RAW/$id"
    f="$base.warm.psql"
    {
        echo "$SET_ALL"
        case ${Q_WARM[$id]} in
            ctas)
                echo "DROP TABLE IF EXISTS res_$id;"
                echo "LOAD 'auto_explain';"
                echo "SET auto_explain.log_min_duration = 0; SET auto_explain.log_analyze = on;"
                echo "SET auto_explain.log_timing = off; SET auto_explain.log_nested_statements = on;"
                echo "SET client_min_messages = log;"
                echo "CREATE TABLE res_$id AS ${Q_CTAS[$id]};" ;;
            plain)
                echo "${Q_SQL[$id]};" ;;
        esac
    } >"$f"
    t0=$SECONDS
    if ! "${PSQL[@]}" -f "$f" >"$base.warmup" 2>"$base.err"; then
        ERR[$id]="ERROR: $(grep -m1 -E 'ERROR|FATAL|server closed' "$base.err" || head -1 "$base.err")"
        echo "   !! $id failed: ${ERR[$id]}"
        sleep 2; prewarm 2>/dev/null || true
        return
    fi
    WALL[$id]=$((SECONDS - t0))
    # auto_explain's plans (psql -f prefixes messages with "psql:file:line: ")
    [ "${Q_WARM[$id]}" = ctas ] && awk '/LOG:  duration: .* plan:/ {on = 1} on' "$base.err" >"$base.plan"
    KEYS+=("$id")
}

# 2. one timed execution in its own session (called by bench_rounds)
time_once() {  # id round
    local id=$1 r=$2 base f
    base="$RAW/$id"
    f="$base.psql"
    [ -s "$f" ] || printf '%s\n\\timing on\n%s;\n' "$SET_ALL" "${Q_SQL[$id]}" >"$f"
    bench_timed_run "$f" "$base.out$r" "$base.err$r" "$id round $r" "$id" || return 0
    grep -v '^Time: ' "$base.out$r" >"$base.run$r"
    printf '.'
}

# (c) one fresh session: scan, VmHWM, the query, VmHWM
measure_mem() {  # id
    local id=$1 out
    out=$("${PSQL[@]}" -c "$SET_ALL" -c "SELECT count(*), sum(revenue) FROM orders" -c "$HWM_SQL" \
                      -c "${Q_SQL[$id]}" -c "$HWM_SQL" 2>&1 | grep '^VmHWM ')
    HWM0[$id]=$(echo "$out" | sed -n 1p | awk '{print $2}')
    HWM1[$id]=$(echo "$out" | sed -n 2p | awk '{print $2}')
}

KEYS=()
echo
echo "== warm-up: one untimed run per query (CREATE TABLE AS for the checks; raw output in $RAW)"
for id in "${Q_IDS[@]}"; do
    wanted "$id" || continue
    printf '   %-9s ' "$id"
    warm_up "$id"
    printf '%ss wall\n' "${WALL[$id]:--}"
done
bench_time_all
for id in "${KEYS[@]}"; do
    bench_stats "$id" "$RAW/$id" || continue
    NRUN[$id]=$(echo "${TIMES[$id]}" | wc -w)
    printf '   %-9s median %10s ms  best %10s ms  runs: %s%s\n' "$id" "${MED[$id]}" "${BEST[$id]}" "${TIMES[$id]}" \
        "$([ "${STABLE[$id]}" = 0 ] && echo '  RUNS DIFFER')"
done

echo "== peak memory (fresh session each: VmHWM after a full scan of orders, then after the query)"
for id in scan diag diag_yuen sql_avg sql; do
    wanted "$id" || continue
    measure_mem "$id"
    printf '   %-9s VmHWM %8s kB after the scan, %8s kB after the query\n' "$id" "${HWM0[$id]:--}" "${HWM1[$id]:--}"
done

echo "== plans with per-node timing (one EXPLAIN (ANALYZE, BUFFERS) each; slower than the timed runs)"
for id in sql_avg sql; do
    wanted "$id" || continue
    sql "$SET_ALL EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${Q_SQL[$id]}" >"$RAW/$id.explain" 2>&1
    echo "   $id: $RAW/$id.explain ($(awk '/Execution Time/ {print $3 " ms"}' "$RAW/$id.explain"))"
done

###########################################################################
# Report.
###########################################################################
mem_mb() {  # id -> MB above the scan, or -
    local a=${HWM0[$1]:-} b=${HWM1[$1]:-}
    if [ -n "$a" ] && [ -n "$b" ]; then awk -v a="$a" -v b="$b" 'BEGIN {printf "%.0f", (b - a) / 1024}'; else echo "-"; fi
}

{
    echo "id,median_ms,best_ms,runs,times_ms,result_stable,vmhwm_after_scan_kb,vmhwm_after_query_kb,wall_s,error"
    for id in "${Q_IDS[@]}"; do
        wanted "$id" || continue
        echo "$id,${MED[$id]:-},${BEST[$id]:-},${NRUN[$id]:-},${TIMES[$id]:-},${STABLE[$id]:-},${HWM0[$id]:-},${HWM1[$id]:-},${WALL[$id]:-},\"${ERR[$id]:-}\""
    done
} >"$CSV"

echo
echo "== results: $N orders, baseline $R0 vs current $R1; median of $RUNS interleaved runs, ms"
echo "   x sql_avg = time / the plain SQL baseline's (orders, avg per segment); x sql = time / the plain SQL"
echo "   with the variances; x diag = time / diagnose_aov_drop's (trim 0);"
echo "   mem = peak resident size above a full scan of orders (VmHWM), MB"
echo
fmt='%-10s %-52s %10s %10s %9s %7s %7s %6s\n'
printf "$fmt" "id" "query" "median" "best" "x sql_avg" "x sql" "x diag" "mem"
printf '%s\n' "$(printf '%.0s-' {1..118})"
for id in "${Q_IDS[@]}"; do
    wanted "$id" || continue
    printf "$fmt" "$id" "${Q_LABEL[$id]}" "$(fmt_ms "${MED[$id]:-}")" "$(fmt_ms "${BEST[$id]:-}")" \
        "$(dash "$(ratio "${MED[$id]:-}" "${MED[sql_avg]:-}")")" "$(dash "$(ratio "${MED[$id]:-}" "${MED[sql]:-}")")" \
        "$(dash "$(ratio "${MED[$id]:-}" "${MED[diag]:-}")")" "$(mem_mb "$id")"
    [ -n "${ERR[$id]:-}" ] && echo "      ${ERR[$id]}"
done
echo
for ref in sql_avg sql; do
    if [ -n "${MED[diag]:-}" ] && [ -n "${MED[$ref]:-}" ]; then
        echo "diagnose_aov_drop / $ref = $(ratio "${MED[diag]}" "${MED[$ref]}")  (${MED[diag]} ms vs ${MED[$ref]} ms, medians of the same rounds)"
    fi
done

# The statements diagnose_aov_drop runs (auto_explain, timing off) and the
# per-node times of the plain SQL.
node_times() {  # explain file -> top-level nodes with actual total time
    awk '/->|^[A-Z]/ && /actual time=/ {
            line = $0; t = line; sub(/.*actual time=[0-9.]*\.\./, "", t); sub(/ .*/, "", t)
            sub(/ *\(actual.*/, "", line); sub(/^ *(-> *)?/, "", line)
            ind = match($0, /[^ ]/); printf "   %8.1f ms  %s%s\n", t, substr("                              ", 1, (ind - 1) / 2), line
         }' "$1" | head -40
}
if [ -s "$RAW/diag.plan" ]; then
    echo
    echo "diagnose_aov_drop's warm-up, statement by statement (auto_explain, nested; timing off; ms, largest first):"
    sed 's/^psql:[^ ]* //' "$RAW/diag.plan" | awk '
        /LOG:  duration: .* plan:/ { d = $3; want = 1; next }
        want == 1 && /^Query Text:/ { q = $0; sub(/^Query Text: */, "", q); if (q != "") { want = 0; print d "\t" q } else want = 2; next }
        want == 2 && /[^ ]/ { q = $0; sub(/^ */, "", q); want = 0; print d "\t" q }' |
        sort -t"$(printf '\t')" -k1,1 -g -r | head -6 |
        awk -F'\t' '{printf "   %10.1f  %s\n", $1, substr($2, 1, 90)}'
fi
for id in sql_avg sql; do
    [ -s "$RAW/$id.explain" ] || continue
    echo
    echo "per-node end times, EXPLAIN ANALYZE of $id ($(awk '/Execution Time/ {print $3 " ms"}' "$RAW/$id.explain")):"
    node_times "$RAW/$id.explain"
done

###########################################################################
# Result checks.
###########################################################################
echo
echo "== result checks"
have_res() { [ "$(sql "SELECT count(*) FROM pg_class WHERE relname = '$1'")" = 1 ]; }
for id in "${Q_IDS[@]}"; do
    wanted "$id" || continue
    [ "${STABLE[$id]:-1}" = 0 ] && check FAIL "$id: the timed runs returned different rows" "see $RAW/$id.run*"
done
# exact comparison (numeric =) of the plain figures, scope by scope:
# diagnose_aov_drop's rows against a plain-SQL result table
cmp_figures() {  # table label
    local t=$1 label=$2 out nrows bad
    out=$(sql "SELECT d.scope,
                concat_ws(' ',
                    CASE WHEN d.orders_before IS NOT DISTINCT FROM b.orders AND d.orders_after IS NOT DISTINCT FROM c.orders THEN NULL ELSE 'orders' END,
                    CASE WHEN d.aov_before IS NOT DISTINCT FROM b.aov AND d.aov_after IS NOT DISTINCT FROM c.aov THEN NULL ELSE 'aov' END,
                    CASE WHEN d.items_per_order_before IS NOT DISTINCT FROM b.items_per_order
                          AND d.items_per_order_after IS NOT DISTINCT FROM c.items_per_order THEN NULL ELSE 'items_per_order' END,
                    CASE WHEN d.unit_price_before IS NOT DISTINCT FROM b.unit_price
                          AND d.unit_price_after IS NOT DISTINCT FROM c.unit_price THEN NULL ELSE 'unit_price' END) AS differ,
                d.orders_before, d.orders_after, round(d.aov_before, 4) AS aov_b, round(d.aov_after, 4) AS aov_a,
                round(d.items_per_order_before, 4) AS ipo_b, round(d.items_per_order_after, 4) AS ipo_a,
                round(d.unit_price_before, 4) AS up_b, round(d.unit_price_after, 4) AS up_a
           FROM res_diag d
           FULL JOIN (SELECT * FROM $t WHERE period = 'baseline') b USING (scope)
           FULL JOIN (SELECT * FROM $t WHERE period = 'current') c USING (scope)
          ORDER BY array_position(ARRAY['all', 'new', 'returning', 'guest'], d.scope)" 2>&1)
    echo "$out" >"$RAW/check_figures.$t.txt"
    if echo "$out" | grep -q ERROR; then
        check FAIL "$label" "$(echo "$out" | grep -m1 ERROR)"
        return
    fi
    nrows=$(echo "$out" | grep -c .)
    bad=$(echo "$out" | awk -F'|' '$2 != "" {printf "%s%s: %s", s, $1, $2; s = "; "}')
    if [ "$nrows" = 4 ] && [ -z "$bad" ]; then
        check OK "$label" "4 scopes x 2 periods, exactly equal"
    else
        check FAIL "$label" "${bad:-$nrows scope rows}"
    fi
}
if have_res res_diag; then
    have_res res_sql_avg && cmp_figures res_sql_avg "diag = sql_avg: orders, AOV, items per order, unit price"
    have_res res_sql && cmp_figures res_sql "diag = sql: orders, AOV, items per order, unit price"
    if have_res res_diag_yuen; then
        r=$(sql "SELECT count(*) FILTER (WHERE (d.orders_before, d.orders_after, d.aov_before, d.aov_after, d.items_per_order_before,
                                                d.items_per_order_after, d.unit_price_before, d.unit_price_after)
                                               IS NOT DISTINCT FROM
                                               (y.orders_before, y.orders_after, y.aov_before, y.aov_after, y.items_per_order_before,
                                                y.items_per_order_after, y.unit_price_before, y.unit_price_after)),
                        count(*), string_agg(DISTINCT d.test, ',') || ' / ' || string_agg(DISTINCT y.test, ',')
                   FROM res_diag d FULL JOIN res_diag_yuen y USING (scope)" 2>&1)
        IFS='|' read -r same n tests <<<"$r"
        if [ "$same" = 4 ] && [ "$n" = 4 ]; then
            check OK "diag_yuen: the same figures as diag, other tests" "4 scopes; tests (trim 0 / 0.05): $tests"
        else
            check FAIL "diag_yuen vs diag: figures" "$r"
        fi
    fi
fi
if have_res res_diag && have_res res_sql; then
    # The tests: Welch t from sql's variances (unit price: the delta method),
    # against diag's p-values.  With thousands of orders per group t is about
    # normal, so p < 0.05 should go with |t| > 1.96; |t| within 1.90..2.05 is
    # too close to call without the t distribution.
    TST="SELECT d.scope, m.name, m.p, round(m.t::numeric, 3),
                CASE WHEN abs(m.t) BETWEEN 1.90 AND 2.05 THEN 'close'
                     WHEN (m.p < 0.05) = (abs(m.t) > 1.96) THEN 'agree' ELSE 'DISAGREE' END
           FROM res_diag d
           JOIN (SELECT * FROM res_sql WHERE period = 'baseline') b USING (scope)
           JOIN (SELECT * FROM res_sql WHERE period = 'current') c USING (scope)
          CROSS JOIN LATERAL (VALUES
                ('aov', d.aov_p_value,
                 ((c.aov - b.aov) / sqrt(b.var_revenue / b.orders + c.var_revenue / c.orders))::float8),
                ('items_per_order', d.items_per_order_p_value,
                 ((c.items_per_order - b.items_per_order) / sqrt(b.var_items / b.orders + c.var_items / c.orders))::float8),
                ('unit_price', d.unit_price_p_value,
                 ((c.unit_price - b.unit_price)
                  / sqrt(b.var_linearized / (b.orders * b.items_per_order ^ 2)
                         + c.var_linearized / (c.orders * c.items_per_order ^ 2)))::float8)) AS m(name, p, t)
          ORDER BY array_position(ARRAY['all', 'new', 'returning', 'guest'], d.scope), m.name"
    out=$(sql "$TST" 2>&1)
    echo "$out" >"$RAW/check_tests.txt"
    if echo "$out" | grep -q ERROR; then
        check FAIL "diag's p-values vs Welch t from sql's variances" "$(echo "$out" | grep -m1 ERROR)"
    else
        nd=$(echo "$out" | grep -c 'DISAGREE$')
        nc=$(echo "$out" | grep -c 'close$')
        if [ "$nd" = 0 ]; then
            check OK "diag's p-values vs Welch t from sql's variances" "p < 0.05 iff |t| > 1.96 in $(( $(echo "$out" | grep -c .) - nc )) tests ($nc too close to call)"
        else
            check FAIL "diag's p-values vs Welch t from sql's variances" "$nd disagree, see $RAW/check_tests.txt"
        fi
    fi
fi
if have_res res_diag; then
    if [ "$NFAIL" = 0 ]; then echo "PASS: diagnose_aov_drop and the plain SQL agree"; else echo "FAIL: $NFAIL check(s) failed"; fi
    echo
    echo "figures (scope|differ|orders before|after|aov before|after|items/order before|after|unit price before|after):"
    f=$RAW/check_figures.res_sql_avg.txt; [ -s "$f" ] || f=$RAW/check_figures.res_sql.txt
    [ -s "$f" ] && sed 's/^/   /' "$f"
    echo "tests (scope|measure|p-value of diag|Welch t from sql|agreement):"
    [ -s "$RAW/check_tests.txt" ] && sed 's/^/   /' "$RAW/check_tests.txt"
    echo "diagnosis:"
    psql -X -q -P footer=off -c "SELECT scope, aov_direction AS aov, items_per_order_direction AS ipo, unit_price_direction AS up,
                                        outcome, round(aov_change, 4) AS aov_change, round(mix_effect, 4) AS mix, test
                                   FROM res_diag" 2>&1 | sed 's/^/   /'
else
    echo "FAIL: diagnose_aov_drop has no result to compare"
    NFAIL=$((NFAIL + 1))
fi

bench_finish
