#!/usr/bin/env bash
# diagnose.sh: benchmark diagnose_aov_drop (0.3.0) against the plain SQL an
# analyst would write for the same core numbers, on one synthetic order
# table, in one run.
#
#   test/bench/diagnose.sh                          # 10,000,000 orders
#   N=200000 STAGE=1 test/bench/diagnose.sh         # quick run, private install
#
# (a) diagnose_aov_drop('orders', aov_period('month', M0), aov_period('month', M1),
#     trim_fraction => 0) for two adjacent months (M0 = MONTH, M1 = the month
#     after): first orders over the whole table, aov_summary with per-order
#     values per period x segment (new/returning/guest, and 'all' by
#     GROUPING SETS), each reduced to aov_test_stats, then aov_compare
#     (Welch) per scope and the plpgsql decision step.  Four result rows
#     (all, new, returning, guest).  trim_fraction 0 makes the tests Welch's
#     on plain means, which the plain SQL below can reproduce.
# (a') the same call with the default trim fraction (0.05: Yuen's test on
#     trimmed means; the AOV figures are the same, the tests differ).
# (b) plain SQL producing the core numbers of (a): first orders by GROUP BY
#     customer_id over the whole table, then per period x segment and per
#     period ('all', GROUPING SETS) count, avg(revenue), avg(items),
#     sum(revenue)/sum(items), var_samp(revenue), var_samp(items), and in a
#     second pass (a join back to the groups) the delta-method variance of
#     the unit price, var_samp(revenue - R * items) with R the group's
#     sum(revenue)/sum(items).  No p-values (PostgreSQL has no t or normal
#     distribution function) and no decision step: the plain SQL does less.
#     The check compares (a) and (b) exactly on orders, AOV, items per order
#     and unit price per scope and period (PASS/FAIL), and (as a sanity
#     check of the tests) whether "p < 0.05" in (a) agrees with "|t| > 1.96"
#     for the Welch t computed from (b)'s variances.
# Reference timings, to show where (a)'s time goes:
#     inner    the function's inner query, reproduced by hand from its body
#              (as of commit d5ca9cb: the eight aov_test_stats of 2 periods x
#              (3 segments + all), trim 0; no comparison, no decision step)
#     decide   the decision step alone: aov_diagnose_stats (the helper both
#              forms of diagnose_aov_drop end in) on the inner query's stored
#              aov_test_stats: aov_compare per scope and the plpgsql rules
#     scan     SELECT count(*), sum(revenue) FROM orders: one pass
# (c) peak memory: in a fresh session, VmHWM of the backend (from
#     /proc/<pg_backend_pid()>/status) after a full scan of orders, then after
#     the query; the difference is about the query's private peak memory
#     (the shared buffers it touches are already counted by the scan).
#
# Self-contained: builds and installs the extension (see STAGE), starts a
# throw-away cluster with pg_virtualenv -t, generates the table with
# gen_customer_orders.sql (orders uniform over the 12 months of 2025, UTC),
# loads it into shared_buffers (pg_prewarm), times every query, checks the
# results and prints one report.
#
# Environment (defaults in brackets):
#   N [10000000]           orders to generate
#   CUSTOMERS [N/12]       customer ids to draw from (~8% of orders are guests)
#   MONTH [2025-05-01]     the baseline month; the current one is the month after
#   RUNS [3]               timed runs per query (the median is reported), after
#                          one untimed warm-up (a CREATE TABLE AS for (a), (b)
#                          and inner, whose results the checks and decide read)
#   WORKERS [0]            max_parallel_workers_per_gather for every query
#   SHARED_BUFFERS [4GB]   WORK_MEM [4GB] (as in breakdown.sh: nothing spills)
#   JIT [off]
#   BUILD [1]              make install the extension first (system directories)
#   STAGE [0]              1: build a snapshot of the working tree in a temp dir and
#                          install it there (make install DESTDIR=...); the cluster
#                          loads it from there (extension_destdir,
#                          dynamic_library_path).  Nothing is written to the
#                          system directories.
#   ONLY []                space-separated query ids: diag diag_yuen sql inner decide scan
#   BENCH_PORT [a free port from 5433 up]   port of the throw-away cluster
#   OUT_DIR [<repo>/test/out/bench]   diagnose_report.txt, diagnose_results.csv,
#                          diagnose_raw/ (psql scripts, output, plans)
#
# How the time is measured (as in breakdown.sh): psql \timing, one session
#   per query: the client-side round trip over a local connection (at most
#   8 result rows).  The table is in shared_buffers, autovacuum is off, the
#   table is VACUUM (FREEZE, ANALYZE)d, TimeZone is UTC (months are UTC).
#   Plans: auto_explain (log_analyze, timing off, nested statements) logs the
#   plan of the function's inner query during (a)'s warm-up; the inner query
#   and the plain SQL also get one EXPLAIN (ANALYZE, BUFFERS) with per-node
#   timing (slower than the timed runs; for the split, not the numbers).
#
# pg_virtualenv -t names every cluster 15/regress, and pg_ctlcluster stop
# deletes /var/run/postgresql/15-regress.pid whoever wrote it: two concurrent
# runs (this one and a test run, say) break each other's cleanup and can
# leave a server behind.  So this run uses its own port and pid file, and
# stops its server itself before pg_virtualenv cleans up.

set -euo pipefail
export LC_ALL=C

SCRIPT=$(readlink -f "$0")
BENCH_DIR=$(dirname "$SCRIPT")
REPO=$(cd "$BENCH_DIR/../.." && pwd)

N=${N:-10000000}
CUSTOMERS=${CUSTOMERS:-$((N / 12 > 0 ? N / 12 : 1))}
MONTH=${MONTH:-2025-05-01}
RUNS=${RUNS:-3}
WORKERS=${WORKERS:-0}
SHARED_BUFFERS=${SHARED_BUFFERS:-4GB}
WORK_MEM=${WORK_MEM:-4GB}
JIT=${JIT:-off}
BUILD=${BUILD:-1}
STAGE=${STAGE:-0}
ONLY=${ONLY:-}
OUT_DIR=${OUT_DIR:-$REPO/test/out/bench}
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
export N CUSTOMERS MONTH RUNS WORKERS SHARED_BUFFERS WORK_MEM JIT ONLY OUT_DIR PG_CONFIG

# shellcheck source=lib.sh
. "$REPO/test/bench/lib.sh"
# Outside the cluster: build, then re-run this script inside pg_virtualenv.
[ -n "${AOV_BENCH_INSIDE:-}" ] || bench_run_outside diagnose "$WORKERS" "$@"
# Inside the throw-away cluster.
bench_enter diagnose
SET_ALL="SET max_parallel_workers_per_gather = $WORKERS;"

echo "== aov_ext diagnose_aov_drop benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "load    : $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, before the run)"
echo "machine : $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(awk '/MemTotal/ {printf "%.1f GiB RAM", $2/1048576}' /proc/meminfo)"
echo "server  : $(sql 'SELECT version()')"
echo "settings: shared_buffers=$(sql 'SHOW shared_buffers') work_mem=$(sql 'SHOW work_mem') jit=$(sql 'SHOW jit')" \
     "TimeZone=$(sql 'SHOW TimeZone') orders=$N customers=$CUSTOMERS runs=$RUNS workers per gather=$WORKERS"

sql "CREATE EXTENSION aov_ext" || { echo "ERROR: CREATE EXTENSION aov_ext failed"; exit 1; }
lib=$("${PSQL[@]}" -c "SELECT aov_trimmed_mean(1::float8, 0.0)" \
      -c "SELECT substring(pg_read_file('/proc/' || pg_backend_pid() || '/maps') FROM '[^ ]*aov_ext[.]so')" | tail -1)
echo "aov_ext : $(sql "SELECT extversion FROM pg_extension WHERE extname = 'aov_ext'") from $lib (git ${AOV_BENCH_GIT:-?})"
if [ "$(sql "SELECT count(*) FROM pg_proc WHERE proname = 'diagnose_aov_drop' AND proargtypes[0] = 'regclass'::regtype")" = 0 ]; then
    echo "ERROR: this aov_ext has no diagnose_aov_drop(regclass, ...) (0.3.0 needed)"; exit 1
fi
sql "CREATE EXTENSION pg_prewarm"

# The two months, as aov_period gives them (UTC), and their bounds
M0=$(sql "SELECT to_char(lower(aov_period('month', '$MONTH')), 'YYYY-MM-DD')")
M1=$(sql "SELECT to_char(upper(aov_period('month', '$MONTH')), 'YYYY-MM-DD')")
M2=$(sql "SELECT to_char(upper(aov_period('month', '$M1')), 'YYYY-MM-DD')")
if [ -z "$M0" ] || [ -z "$M1" ] || [ -z "$M2" ]; then echo "ERROR: bad MONTH '$MONTH'"; exit 1; fi
R0=$(sql "SELECT aov_period('month', '$M0')")
R1=$(sql "SELECT aov_period('month', '$M1')")
echo "periods : baseline $R0, current $R1"

echo
echo "== generating orders ($N rows, customers 1..$CUSTOMERS)"
t0=$(date +%s.%N)
"${PSQL[@]}" -v rows="$N" -v customers="$CUSTOMERS" -f "$BENCH_DIR/gen_customer_orders.sql" \
    -P tuples_only=off -P format=aligned 2> >(grep -v 'does not exist, skipping' >&2)
awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "generated in %.1f s\n", b - a}'
echo "orders in the two months: $(sql "SELECT count(*) FILTER (WHERE ordered_at >= '$M0' AND ordered_at < '$M1') || ' + '
                                              || count(*) FILTER (WHERE ordered_at >= '$M1' AND ordered_at < '$M2') FROM orders")"

prewarm() {
    sql "SELECT pg_prewarm('orders')" >/dev/null
    sql "$SET_ALL SELECT count(*), sum(revenue) FROM orders" >/dev/null
}
echo "== warming the cache (pg_prewarm + one pass)"
prewarm

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

# (a)
DIAG_SQL="SELECT * FROM diagnose_aov_drop('orders', aov_period('month', '$M0'), aov_period('month', '$M1'), trim_fraction => 0)"
DIAG_YUEN_SQL="SELECT * FROM diagnose_aov_drop('orders', aov_period('month', '$M0'), aov_period('month', '$M1'))"

# The function's inner query, as its EXECUTE runs it for this table (the
# column expressions of aov_order_exprs: ordered_at, revenue, items,
# customer_id; $1, $2, $3 = the two ranges and trim_fraction 0).  Copied
# from the body of diagnose_aov_drop(regclass, ...) at commit d5ca9cb: keep
# it in step with aov_ext--0.2.0--0.3.0.sql (the auto_explain log of (a)'s
# warm-up, diagnose_raw/diag.plan, shows the query the function really runs).
inner_sql() {
    cat <<EOF
WITH o AS NOT MATERIALIZED (
    SELECT (ordered_at)::timestamptz AS ts, revenue AS rev, items AS qty, customer_id AS cust FROM orders
), firsts AS (
    SELECT cust, min(ts) AS first_ts FROM o
     WHERE cust IS NOT NULL AND ts <= upper('$R1'::tstzrange)
     GROUP BY cust
), g AS (
    SELECT x.per,
           CASE WHEN grouping(x.seg) = 1 THEN 'all' ELSE x.seg END AS seg,
           aov_test_stats(aov_summary(x.rev, x.qty, x.cust, 0::float8)) AS st
      FROM (SELECT y.per, y.rev, y.qty, y.cust,
                   CASE WHEN y.cust IS NULL THEN 'guest'
                        WHEN (CASE y.per WHEN 0 THEN '$R0'::tstzrange ELSE '$R1'::tstzrange END) @> f.first_ts THEN 'new'
                        ELSE 'returning' END AS seg
              FROM (SELECT CASE WHEN '$R0'::tstzrange @> o.ts THEN 0 ELSE 1 END AS per, o.rev, o.qty, o.cust
                      FROM o WHERE '$R0'::tstzrange @> o.ts OR '$R1'::tstzrange @> o.ts) y
              LEFT JOIN firsts f ON f.cust = y.cust) x
     GROUP BY GROUPING SETS ((x.per, x.seg), (x.per))
)
SELECT ARRAY[(array_agg(st) FILTER (WHERE per = 0 AND seg = 'new'))[1],
             (array_agg(st) FILTER (WHERE per = 1 AND seg = 'new'))[1],
             (array_agg(st) FILTER (WHERE per = 0 AND seg = 'returning'))[1],
             (array_agg(st) FILTER (WHERE per = 1 AND seg = 'returning'))[1],
             (array_agg(st) FILTER (WHERE per = 0 AND seg = 'guest'))[1],
             (array_agg(st) FILTER (WHERE per = 1 AND seg = 'guest'))[1],
             (array_agg(st) FILTER (WHERE per = 0 AND seg = 'all'))[1],
             (array_agg(st) FILTER (WHERE per = 1 AND seg = 'all'))[1]] AS st
  FROM g
EOF
}

# (b) the plain SQL: first orders over the whole table, one pass for the
# counts, means, ratios and variances per period x segment and per period,
# a second pass (join back to the groups) for var_samp(revenue - R items).
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

addq diag      ctas   "(a) diagnose_aov_drop('orders', month, next month, trim 0)" "$DIAG_SQL"
addq diag_yuen plain  "(a') the same, default trim 0.05 (Yuen)" "$DIAG_YUEN_SQL"
addq sql       ctas   "(b) plain SQL, same core numbers (2 passes)" "$(plain_sql)"
addq inner     ctas   "    the function's inner query (8 aov_test_stats)" "$(inner_sql)"
addq decide    plain  "    decision step alone, on the stored aov_test_stats" \
    "SELECT d.* FROM res_inner, aov_diagnose_stats(st[1], st[2], st[3], st[4], st[5], st[6], st[7], st[8], NULL, NULL, 0.02, 0.05, 'en') d"
addq scan      plain  "    count(*), sum(revenue) over orders [one pass]" "SELECT count(*), sum(revenue) FROM orders"
# the decision step reads the inner query's stored statistics
if wanted decide && ! wanted inner; then ONLY="$ONLY inner"; fi

for id in "${Q_IDS[@]}"; do
    wanted "$id" && printf '%s;\n' "${Q_SQL[$id]}" >"$RAW/$id.sql"
done

###########################################################################
# Measurement.
###########################################################################
declare -A MED BEST TIMES NRUN STABLE HWM0 HWM1 ERR WALL

# the backend's peak resident size so far, kB
HWM_SQL="SELECT 'VmHWM ' || substring(pg_read_file('/proc/' || pg_backend_pid() || '/status') FROM 'VmHWM:\\s*([0-9]+)')"

measure() {  # id
    local id=$1 q base f i times t0
    q=${Q_SQL[$id]}
    base="$RAW/$id"
    f="$base.psql"
    {
        echo "$SET_ALL"
        case ${Q_WARM[$id]} in
            ctas)
                echo "DROP TABLE IF EXISTS res_$id;"
                echo "LOAD 'auto_explain';"
                echo "SET auto_explain.log_min_duration = 0; SET auto_explain.log_analyze = on;"
                echo "SET auto_explain.log_timing = off; SET auto_explain.log_nested_statements = on;"
                echo "SET client_min_messages = log;"
                echo "CREATE TABLE res_$id AS ${Q_CTAS[$id]};"
                echo "SET auto_explain.log_min_duration = -1; SET client_min_messages = notice;" ;;
            plain)
                echo "$q;" ;;
        esac
        echo '\o'
        echo '\timing on'
        for ((i = 0; i < RUNS; i++)); do echo "$q;"; done
    } >"$f"
    t0=$SECONDS
    if ! "${PSQL[@]}" -o "$base.warmup" -f "$f" >"$base.out" 2>"$base.err"; then
        ERR[$id]="ERROR: $(grep -m1 -E 'ERROR|FATAL|server closed' "$base.err" || head -1 "$base.err")"
        WALL[$id]=$((SECONDS - t0))
        echo "   !! $id failed: ${ERR[$id]}"
        sleep 2; prewarm 2>/dev/null || true
        return
    fi
    WALL[$id]=$((SECONDS - t0))
    times=$(awk '/^Time: / {print $2}' "$base.out")
    TIMES[$id]=$(echo "$times" | paste -sd' ')
    NRUN[$id]=$(echo "$times" | grep -c .)
    BEST[$id]=$(echo "$times" | sort -g | head -1)
    MED[$id]=$(echo "$times" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}')
    awk -v dir="$base" 'BEGIN {k = 0} /^Time: / {k++; next} {print > (dir ".run" k)}' "$base.out"
    if [ "$(md5sum "$base".run* 2>/dev/null | awk '{print $1}' | sort -u | wc -l)" -le 1 ]; then STABLE[$id]=1; else STABLE[$id]=0; fi
    # auto_explain's plans of the warm-up (psql -f prefixes messages with "psql:file:line: ")
    if [ "${Q_WARM[$id]}" = ctas ]; then
        awk '/LOG:  duration: .* plan:/ {on = 1} on' "$base.err" >"$base.plan"
    fi
}

# (c) one fresh session: scan, VmHWM, the query, VmHWM
measure_mem() {  # id
    local id=$1 out
    out=$("${PSQL[@]}" -c "$SET_ALL" -c "SELECT count(*), sum(revenue) FROM orders" -c "$HWM_SQL" \
                      -c "${Q_SQL[$id]}" -c "$HWM_SQL" 2>&1 | grep '^VmHWM ')
    HWM0[$id]=$(echo "$out" | sed -n 1p | awk '{print $2}')
    HWM1[$id]=$(echo "$out" | sed -n 2p | awk '{print $2}')
}

echo
echo "== timing: one untimed warm-up, then $RUNS timed runs (raw output in $RAW)"
for id in "${Q_IDS[@]}"; do
    wanted "$id" || continue
    printf '   %-9s ' "$id"
    measure "$id"
    printf 'median %10s ms  best %10s ms  runs: %s  (%ds wall)%s\n' "${MED[$id]:--}" "${BEST[$id]:--}" \
        "${TIMES[$id]:--}" "${WALL[$id]:-0}" "$([ "${STABLE[$id]:-1}" = 0 ] && echo '  RUNS DIFFER')"
done

echo "== peak memory (fresh session each: VmHWM after a full scan of orders, then after the query)"
for id in scan diag diag_yuen sql inner; do
    wanted "$id" || continue
    measure_mem "$id"
    printf '   %-9s VmHWM %8s kB after the scan, %8s kB after the query\n' "$id" "${HWM0[$id]:--}" "${HWM1[$id]:--}"
done

echo "== plans with per-node timing (one EXPLAIN (ANALYZE, BUFFERS) each; slower than the timed runs)"
for id in inner sql; do
    wanted "$id" || continue
    sql "$SET_ALL EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${Q_SQL[$id]}" >"$RAW/$id.explain" 2>&1
    echo "   $id: $RAW/$id.explain ($(awk '/Execution Time/ {print $3 " ms"}' "$RAW/$id.explain"))"
done

###########################################################################
# Report.
###########################################################################
ratio() { if [ -n "${1:-}" ] && [ -n "${2:-}" ]; then awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; fi; }
dash() { if [ -n "${1:-}" ]; then echo "$1"; else echo "-"; fi; }
fmt_ms() { if [ -n "${1:-}" ]; then awk -v a="$1" 'BEGIN {printf "%.1f", a}'; else echo "-"; fi; }
mem_mb() {  # id -> MB above the scan, or -
    local a=${HWM0[$1]:-} b=${HWM1[$1]:-}
    if [ -n "$a" ] && [ -n "$b" ]; then awk -v a="$a" -v b="$b" 'BEGIN {printf "%.0f", (b - a) / 1024}'; else echo "-"; fi
}
NOK=0; NFAIL=0
check() {  # tag (OK/FAIL/NOTE), description, detail
    case $1 in OK*) NOK=$((NOK + 1)) ;; FAIL*) NFAIL=$((NFAIL + 1)) ;; esac
    printf '  [%-4s] %-66s %s\n' "$1" "$2" "$3"
}

{
    echo "id,median_ms,best_ms,runs,times_ms,result_stable,vmhwm_after_scan_kb,vmhwm_after_query_kb,wall_s,error"
    for id in "${Q_IDS[@]}"; do
        wanted "$id" || continue
        echo "$id,${MED[$id]:-},${BEST[$id]:-},${NRUN[$id]:-},${TIMES[$id]:-},${STABLE[$id]:-},${HWM0[$id]:-},${HWM1[$id]:-},${WALL[$id]:-},\"${ERR[$id]:-}\""
    done
} >"$CSV"

echo
echo "== results: $N orders, baseline $R0 vs current $R1; median of $RUNS runs, ms"
echo "   x (b) = time / plain SQL's; x (a) = time / diagnose_aov_drop's;"
echo "   mem = peak resident size above a full scan of orders (VmHWM), MB"
echo
fmt='%-56s %10s %10s %7s %7s %6s\n'
printf "$fmt" "query" "median" "best" "x (b)" "x (a)" "mem"
printf '%s\n' "$(printf '%.0s-' {1..102})"
for id in "${Q_IDS[@]}"; do
    wanted "$id" || continue
    printf "$fmt" "${Q_LABEL[$id]}" "$(fmt_ms "${MED[$id]:-}")" "$(fmt_ms "${BEST[$id]:-}")" \
        "$(dash "$(ratio "${MED[$id]:-}" "${MED[sql]:-}")")" "$(dash "$(ratio "${MED[$id]:-}" "${MED[diag]:-}")")" \
        "$(mem_mb "$id")"
    [ -n "${ERR[$id]:-}" ] && echo "      ${ERR[$id]}"
done
if [ -n "${MED[diag]:-}" ] && [ -n "${MED[sql]:-}" ]; then
    echo
    echo "ratio (a)/(b) = $(ratio "${MED[diag]}" "${MED[sql]}")  (diagnose_aov_drop ${MED[diag]} ms, plain SQL ${MED[sql]} ms)"
fi
if [ -n "${MED[diag]:-}" ] && [ -n "${MED[inner]:-}" ]; then
    echo "inner query = $(awk -v a="${MED[inner]}" -v b="${MED[diag]}" 'BEGIN {printf "%.0f%%", 100 * a / b}') of (a);" \
         "decision step alone: $(fmt_ms "${MED[decide]:-}") ms"
fi

# The nested plan of (a)'s inner query (auto_explain, timing off) and the
# per-node times of the hand-made inner query and of the plain SQL.
node_times() {  # explain file -> top-level nodes with actual total time
    awk '/->|^[A-Z]/ && /actual time=/ {
            line = $0; t = line; sub(/.*actual time=[0-9.]*\.\./, "", t); sub(/ .*/, "", t)
            sub(/ *\(actual.*/, "", line); sub(/^ *(-> *)?/, "", line)
            ind = match($0, /[^ ]/); printf "   %8.1f ms  %s%s\n", t, substr("                              ", 1, (ind - 1) / 2), line
         }' "$1" | head -40
}
if [ -s "$RAW/diag.plan" ]; then
    echo
    echo "(a)'s warm-up, statement by statement (auto_explain, nested; timing off; ms, largest first):"
    sed 's/^psql:[^ ]* //' "$RAW/diag.plan" | awk '
        /LOG:  duration: .* plan:/ { d = $3; want = 1; next }
        want == 1 && /^Query Text:/ { q = $0; sub(/^Query Text: */, "", q); if (q != "") { want = 0; print d "\t" q } else want = 2; next }
        want == 2 && /[^ ]/ { q = $0; sub(/^ */, "", q); want = 0; print d "\t" q }' |
        sort -t"$(printf '\t')" -k1,1 -g -r | head -6 |
        awk -F'\t' '{printf "   %10.1f  %s\n", $1, substr($2, 1, 90)}'
fi
for id in inner sql; do
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
if have_res res_diag && have_res res_sql; then
    # exact comparison (numeric =) of the plain figures, scope by scope
    CMP="SELECT d.scope,
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
           FULL JOIN (SELECT * FROM res_sql WHERE period = 'baseline') b USING (scope)
           FULL JOIN (SELECT * FROM res_sql WHERE period = 'current') c USING (scope)
          ORDER BY array_position(ARRAY['all', 'new', 'returning', 'guest'], d.scope)"
    out=$(sql "$CMP" 2>&1)
    echo "$out" >"$RAW/check_figures.txt"
    if echo "$out" | grep -q ERROR; then
        check FAIL "(a) = (b): orders, AOV, items per order, unit price" "$(echo "$out" | grep -m1 ERROR)"
    else
        nrows=$(echo "$out" | grep -c .)
        bad=$(echo "$out" | awk -F'|' '$2 != "" {printf "%s%s: %s", s, $1, $2; s = "; "}')
        if [ "$nrows" = 4 ] && [ -z "$bad" ]; then
            check OK "(a) = (b): orders, AOV, items per order, unit price" "4 scopes x 2 periods, exactly equal"
        else
            check FAIL "(a) = (b): orders, AOV, items per order, unit price" "${bad:-$nrows scope rows}"
        fi
    fi
    # The tests: Welch t from (b)'s variances (unit price: the delta method),
    # against (a)'s p-values.  With thousands of orders per group t is about
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
        check FAIL "(a)'s p-values vs Welch t from (b)'s variances" "$(echo "$out" | grep -m1 ERROR)"
    else
        nd=$(echo "$out" | grep -c 'DISAGREE$')
        nc=$(echo "$out" | grep -c 'close$')
        if [ "$nd" = 0 ]; then
            check OK "(a)'s p-values vs Welch t from (b)'s variances" "p < 0.05 iff |t| > 1.96 in $(( $(echo "$out" | grep -c .) - nc )) tests ($nc too close to call)"
        else
            check FAIL "(a)'s p-values vs Welch t from (b)'s variances" "$nd disagree, see $RAW/check_tests.txt"
        fi
    fi
    if [ "$NFAIL" = 0 ]; then echo "PASS: diagnose_aov_drop and the plain SQL agree"; else echo "FAIL: $NFAIL check(s) failed"; fi
    echo
    echo "figures (scope|differ|orders before|after|aov before|after|items/order before|after|unit price before|after):"
    sed 's/^/   /' "$RAW/check_figures.txt"
    echo "tests (scope|measure|p-value of (a)|Welch t from (b)|agreement):"
    sed 's/^/   /' "$RAW/check_tests.txt"
    echo "diagnosis:"
    psql -X -q -P footer=off -c "SELECT scope, aov_direction AS aov, items_per_order_direction AS ipo, unit_price_direction AS up,
                                        outcome, round(aov_change, 4) AS aov_change, round(mix_effect, 4) AS mix, test
                                   FROM res_diag" 2>&1 | sed 's/^/   /'
else
    echo "FAIL: (a) or (b) has no result to compare"
    NFAIL=$((NFAIL + 1))
fi

echo
echo "load    : $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, at the end; other work on the machine skews timings)"
echo "checks  : $NOK ok, $NFAIL failed.  total $(( SECONDS / 60 )) min $(( SECONDS % 60 )) s"
echo "report  : $REPORT   csv: $CSV"
echo "$NFAIL" >"${AOV_BENCH_STATUS:-/dev/null}"
exit 0
