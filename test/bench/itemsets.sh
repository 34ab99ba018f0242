#!/usr/bin/env bash
# itemsets.sh: benchmark frequent triples (aov_itemset_table, Apriori over
# aov_baskets) against the plain-SQL triple self-join with the same support
# floor, in one run.
#
#   EXISTING=1 ORDERS=200000 test/bench/itemsets.sh    # on the server of PGHOST/PGPORT
#   STAGE=1 test/bench/itemsets.sh                     # 2,000,000 orders, throw-away cluster
#
# (never BUILD=1 on a shared machine: it installs into PG_CONFIG's system
# directories; STAGE=1 or EXISTING=1 instead, see lib.sh)
#
# Data: gen_order_lines.sql, ORDERS orders of 1-12 lines (mean ~3, so 2M
# orders are ~6M lines), PRODUCTS products with Zipf-like popularity and
# planted complements (each order's later lines are one of its first
# product's 3 complements with probability 0.25), bigint product ids.
#
# Forms, each a CREATE UNLOGGED TABLE AS of the triples (itemset, n) with
# n / N >= MIN_SUPPORT:
#   fn          aov_itemset_table(..., MIN_SUPPORT, 3) WHERE size = 3, serial
#   fn_par      the same with PAR_WORKERS parallel workers
#   sql         plain SQL: DISTINCT lines, triple self-join on order_id with
#               a.product < b.product < c.product, GROUP BY the triple,
#               HAVING count(*) / N >= MIN_SUPPORT
#   sql_pruned  the same self-join over the lines of the products that
#               reach the floor alone (the first Apriori prune, by hand)
#   base        count(*) FROM order_lines (not a CTAS): one scan, for scale
#               and for the memory of a session that only scans
# Each form: one untimed warm-up (its result kept for the checks, its
# backend's peak resident size from log_statement_stats, and its temp files),
# then RUNS interleaved timed rounds (psql \timing, one session each);
# medians, and ratios of medians.  The plain SQL forms run in the first
# SQL_RUNS rounds only.
#
# Checks: fn, fn_par, sql and sql_pruned give the same triples and counts.
# Target (the issue's): fn at least 10x faster than sql (serial, same work_mem).
#
# Environment (defaults in brackets): ORDERS [2000000], PRODUCTS [20000],
# MIN_SUPPORT [0.0001], RUNS [3], SQL_RUNS [3, or 1 when ORDERS > 500000],
# WORK_MEM [4MB], SHARED_BUFFERS [2GB], PAR_WORKERS [2], STAGE, EXISTING,
# OUT_DIR [<repo>/test/out/bench]: itemsets_report.txt, itemsets_raw/.

# shellcheck source=lib.sh
. "$(dirname "$(readlink -f "$0")")/lib.sh"

ORDERS=${ORDERS:-${ROWS:-2000000}}
PRODUCTS=${PRODUCTS:-20000}
MIN_SUPPORT=${MIN_SUPPORT:-0.0001}
RUNS=${RUNS:-3}
SQL_RUNS=${SQL_RUNS:-$((ORDERS > 500000 ? 1 : 3))}
WORK_MEM=${WORK_MEM:-4MB}
SHARED_BUFFERS=${SHARED_BUFFERS:-2GB}
BUILD=${BUILD_ITEMSETS:-0}
export ORDERS PRODUCTS MIN_SUPPORT RUNS SQL_RUNS WORK_MEM SHARED_BUFFERS BUILD

bench_start itemsets 0 "$@"

bench_header "aov_ext itemsets benchmark" \
    "orders=$ORDERS products=$PRODUCTS min_support=$MIN_SUPPORT runs=$RUNS sql_runs=$SQL_RUNS parallel workers=$PAR_WORKERS"
bench_create_ext
bench_generate "order lines ($ORDERS orders, $PRODUCTS products)" gen_order_lines.sql \
    -v orders="$ORDERS" -v products="$PRODUCTS"
bench_prewarm "order_lines" "SELECT count(*) FROM order_lines"

FN="SELECT itemset, n FROM aov_itemset_table('order_lines', 'order_id', 'product_id', $MIN_SUPPORT, 3) WHERE size = 3"
SQL_TRIPLES="SELECT ARRAY[a.product_id::text, b.product_id::text, c.product_id::text] AS itemset, count(*) AS n
  FROM l a JOIN l b ON b.order_id = a.order_id AND b.product_id > a.product_id
           JOIN l c ON c.order_id = a.order_id AND c.product_id > b.product_id
 GROUP BY a.product_id, b.product_id, c.product_id
HAVING count(*)::float8 / (SELECT count(DISTINCT order_id) FROM order_lines) >= $MIN_SUPPORT"
SQL="WITH l AS (SELECT DISTINCT order_id, product_id FROM order_lines) $SQL_TRIPLES"
SQL_PRUNED="WITH l AS (SELECT DISTINCT order_id, product_id FROM order_lines
             WHERE product_id IN (SELECT product_id FROM order_lines GROUP BY product_id
                                  HAVING count(DISTINCT order_id)::float8
                                         / (SELECT count(DISTINCT order_id) FROM order_lines) >= $MIN_SUPPORT))
$SQL_TRIPLES"

declare -A Q MODE RSS TEMP TIMES MED
IDS=(fn fn_par sql sql_pruned base)
Q[fn]=$FN; MODE[fn]=serial
Q[fn_par]=$FN; MODE[fn_par]=parallel
Q[sql]=$SQL; MODE[sql]=serial
Q[sql_pruned]=$SQL_PRUNED; MODE[sql_pruned]=serial
Q[base]="SELECT count(*) FROM order_lines"; MODE[base]=serial

statement() {  # id table: the statement a session runs
    if [ "$1" = base ]; then echo "${Q[base]};"; else echo "CREATE UNLOGGED TABLE $2 AS ${Q[$1]};"; fi
}

echo
echo "== warm-up: one untimed run per form (result kept, peak memory)"
for id in "${IDS[@]}"; do
    f="$RAW/$id.warm.psql"
    { set_of "${MODE[$id]}"; echo "$STATS_SET"; echo "DROP TABLE IF EXISTS res_$id;"; echo '\timing on'; statement "$id" "res_$id"; } >"$f"
    if ! "${PSQL[@]}" -f "$f" >"$RAW/$id.warm.out" 2>"$RAW/$id.warm.err"; then
        echo "   !! $id failed: $(grep -m1 -E 'ERROR|FATAL' "$RAW/$id.warm.err")"
        continue
    fi
    RSS[$id]=$(awk '/kB max resident size/ {v = $2 + 0; if (v > m) m = v} END {print m + 0}' "$RAW/$id.warm.err")
    TEMP[$id]=$(awk '/temporary file:/ {for (i = 1; i <= NF; i++) if ($i ~ /^size/) s += $(i + 1)} END {print s + 0}' "$RAW/$id.warm.err")
    printf '   %-10s %10s ms  peak rss %s kB  temp %s bytes\n' "$id" "$(bench_time_of "$RAW/$id.warm.out")" "${RSS[$id]}" "${TEMP[$id]}"
done

time_once() {  # id round
    local id=$1 r=$2 f
    case $id in sql*) ((r < SQL_RUNS)) || return 0 ;; esac
    f="$RAW/$id.psql$r"
    { set_of "${MODE[$id]}"; echo "DROP TABLE IF EXISTS run_$id;"; echo '\timing on'; statement "$id" "run_$id";
      echo '\timing off'; echo "DROP TABLE IF EXISTS run_$id;"; } >"$f"
    bench_timed_run "$f" "$RAW/$id.out$r" "$RAW/$id.err$r" "$id round $r" "$id" || return 0
    printf '.'
}
KEYS=("${IDS[@]}")
bench_time_all

echo
echo "== medians (peak = the backend's max resident size in the warm-up, above base's)"
for id in "${IDS[@]}"; do
    [ -z "${TIMES[$id]:-}" ] || MED[$id]=$(echo "${TIMES[$id]}" | bench_median)
done
for id in "${IDS[@]}"; do
    [ -n "${TIMES[$id]:-}" ] || continue
    printf '   %-10s %-8s median %10s ms  x sql %6s  peak +%6s MB  temp %6s MB  runs: %s\n' "$id" "${MODE[$id]}" \
        "$(fmt_ms "${MED[$id]}")" "$(dash "$(ratio "${MED[sql]:-}" "${MED[$id]}" 1)")" \
        "$(fmt_mb "$(( (${RSS[$id]:-0} - ${RSS[base]:-0}) * 1024 ))")" "$(fmt_mb "${TEMP[$id]:-}")" "${TIMES[$id]}"
done
echo "   triples: $(sql "SELECT count(*) FROM res_fn"), lines: $(sql "SELECT count(*) FROM order_lines"), orders: $(sql "SELECT count(DISTINCT order_id) FROM order_lines")"

BENCH_DEFER=1
target_ratio "aov_itemset_table >= 10x faster than the SQL triple self-join" "${MED[sql]:-}" "${MED[fn]:-}" ">=" 10
for other in fn_par sql sql_pruned; do
    d=$(sql "SELECT count(*) FROM ((SELECT * FROM res_fn EXCEPT SELECT * FROM res_$other)
                                   UNION ALL (SELECT * FROM res_$other EXCEPT SELECT * FROM res_fn)) d" 2>&1)
    if [ "$d" = 0 ]; then check OK "fn and $other give the same triples and counts" ""
    else check FAIL "fn and $other give the same triples and counts" "$d rows differ"; fi
done
bench_finish
