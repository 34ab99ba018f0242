#!/usr/bin/env bash
# states.sh: the size of every aggregate state type of aov_ext for N orders,
# i.e. the bytes one parallel worker's partial state sends through the Gather
# queue when it has read N orders, against the array_agg() of the same
# values (what a plain-SQL exact answer would have to gather), in one run.
#
#   test/bench/states.sh                                   # N = 1,000,000 and 5,000,000
#   STATE_ORDERS="50000 100000" STAGE=1 test/bench/states.sh   # quick run
#
# What is measured: for each N of STATE_ORDERS, over the orders with
# order_id <= N (gen_customer_orders.sql, ROWS = the largest N; 5M is the
# half of 10M orders that each of 2 workers reads), the state an aggregate
# holds at the end of its transition steps, before any final function:
#   aov_sample (numeric)    aov_trimmed_mean(revenue, 0.05)'s state
#   aov_sample (float8)     aov_trimmed_mean(revenue_f, 0.05)'s state
#   aov_counts              aov_top_values(revenue, 3)'s state
#   aov_summary             aov_summary(revenue, items): exact sums and counts
#   aov_summary + customers aov_summary(revenue, items, customer_id)
#   aov_summary + orders    aov_summary(revenue, items, customer_id, 0.05): also
#                           every order's values (what aov_rollup keeps)
#   aov_summary (breakdown) aov_breakdown(revenue, items, customer_id)'s state
#   aov_firsts              the first order of every customer (aov_report's
#                           and diagnose_aov_drop's first pass)
#   aov_segments            the orders summarized per month x segment
#                           (aov_report's second pass)
#   aov_basket_lines        aov_copurchase(order_id, product_id)'s state, over
#                           the lines of the first N / 3 orders of order_lines
#                           (gen_order_lines.sql, LINE_ORDERS orders; ~3 lines
#                           an order, so about N lines)
# The states of aggregates with a final function are built by aggregates
# the script creates with the same transition function and state type and
# no final function (bench_state_*).  The size printed is
# octet_length(<type>_send(state)): the state's flat form, which is what
# a worker's Gather queue carries and what Citus ships (as hex text, twice
# that).  Baseline: pg_column_size(array_agg(column)) of the same rows
# (x array = state bytes / array bytes).
#
# Self-contained (test/bench/lib.sh; EXISTING=1 for a running server):
# builds the extension, starts a throw-away cluster, generates the tables,
# prints one table.  No timings: sizes are deterministic.
#
# Environment (defaults in brackets):
#   STATE_ORDERS [1000000 5000000]  the N values
#   CUSTOMERS [largest N / 12 x 2]  customer ids (as for ROWS = 2 x the largest N
#                          in the other scripts, so that N orders see the same
#                          customer mix as a worker's half of them)
#   LINE_ORDERS [2 x the largest N / 3]  orders of order_lines
#   SHARED_BUFFERS [2GB]   WORK_MEM [1GB]   JIT [off]
#   BUILD [1], STAGE [0], EXISTING [0], BENCH_PORT, OUT_DIR: as in lib.sh
#   Output: states_report.txt, states_results.csv in OUT_DIR [<repo>/test/out/bench]

set -euo pipefail
export LC_ALL=C

SCRIPT=$(readlink -f "$0")
BENCH_DIR=$(dirname "$SCRIPT")
REPO=$(cd "$BENCH_DIR/../.." && pwd)

STATE_ORDERS=${STATE_ORDERS:-1000000 5000000}
MAXN=$(echo "$STATE_ORDERS" | tr ' ' '\n' | sort -n | tail -1)
CUSTOMERS=${CUSTOMERS:-$((MAXN / 6 > 0 ? MAXN / 6 : 1))}
LINE_ORDERS=${LINE_ORDERS:-$((MAXN * 2 / 3 > 0 ? MAXN * 2 / 3 : 1))}
SHARED_BUFFERS=${SHARED_BUFFERS:-2GB}
WORK_MEM=${WORK_MEM:-1GB}
export STATE_ORDERS CUSTOMERS LINE_ORDERS SHARED_BUFFERS WORK_MEM JIT OUT_DIR PG_CONFIG

# shellcheck source=lib.sh
. "$REPO/test/bench/lib.sh"
[ -n "${AOV_BENCH_INSIDE:-}" ] || bench_run_outside states 0 "$@"
bench_enter states

bench_header "aov_ext state sizes" "N=$STATE_ORDERS customers=$CUSTOMERS line orders=$LINE_ORDERS"
bench_create_ext
bench_generate "orders ($MAXN rows, customers 1..$CUSTOMERS)" gen_customer_orders.sql -v rows="$MAXN" -v customers="$CUSTOMERS"
bench_generate "order lines ($LINE_ORDERS orders)" gen_order_lines.sql -v orders="$LINE_ORDERS"

# aggregates that stop at the state (same transition function and type)
sql "CREATE AGGREGATE bench_state_sample(numeric, float8) (SFUNC = _aov_sample_add, STYPE = aov_sample);
     CREATE AGGREGATE bench_state_sample(float8, float8) (SFUNC = _aov_sample_add, STYPE = aov_sample);
     CREATE AGGREGATE bench_state_counts(numeric, integer) (SFUNC = _aov_counts_add, STYPE = aov_counts);
     CREATE AGGREGATE bench_state_breakdown(numeric, integer, bigint) (SFUNC = _aov_breakdown_add, STYPE = aov_summary);
     CREATE AGGREGATE bench_state_lines(bigint, bigint) (SFUNC = _aov_basket_lines_add, STYPE = aov_basket_lines)"

# id | label | type | state expression | array_agg baseline | table
STATES="sample_num|aov_sample (numeric revenue)|aov_sample|bench_state_sample(revenue, 0.05)|array_agg(revenue)|o
sample_f8|aov_sample (float8 revenue)|aov_sample|bench_state_sample(revenue_f, 0.05)|array_agg(revenue_f)|o
counts|aov_counts (numeric revenue)|aov_counts|bench_state_counts(revenue, 3)|array_agg(revenue)|o
summary|aov_summary (revenue, items)|aov_summary|aov_summary(revenue, items)|array_agg(revenue)|o
summary_c|aov_summary + customer ids|aov_summary|aov_summary(revenue, items, customer_id)|array_agg(customer_id)|o
summary_o|aov_summary + customer ids + per-order values|aov_summary|aov_summary(revenue, items, customer_id, 0.05)|array_agg(row(revenue, items, customer_id))|o
breakdown|aov_breakdown(revenue, items, customer_id)'s state|aov_summary|bench_state_breakdown(revenue, items, customer_id)|array_agg(row(revenue, items, customer_id))|o
firsts|aov_firsts (first order per customer)|aov_firsts|_aov_firsts(customer_id, ordered_at)|array_agg(row(customer_id, ordered_at))|o
segments|aov_segments (month x segment, trim 0.05)|aov_segments|_aov_segments((SELECT _aov_firsts(customer_id, ordered_at) FROM orders WHERE order_id <= @N@), 'month', ordered_at, revenue, items, customer_id, 0.05)|array_agg(row(ordered_at, revenue, items, customer_id))|o
lines|aov_basket_lines (order lines of N/3 orders)|aov_basket_lines|bench_state_lines(order_id, product_id)|array_agg(row(order_id, product_id))|l"

echo
echo "== state sizes: bytes = octet_length(<type>_send(state)), what a worker's partial state sends through"
echo "   the Gather queue; array = pg_column_size(array_agg(...)) of the same rows; x array = bytes / array;"
echo "   B/row = bytes per row (order, or order line)"
echo
fmt='%-50s %10s %8s %14s %14s %8s %8s\n'
printf "$fmt" "state" "N" "rows" "bytes" "array" "x array" "B/row"
printf '%s\n' "$(printf '%.0s-' {1..118})"
echo "id,label,type,n_orders,rows,send_bytes,array_bytes" >"$CSV"
for n in $STATE_ORDERS; do
    while IFS='|' read -r id label type expr base tab; do
        expr=${expr//@N@/$n}
        if [ "$tab" = l ]; then
            from="order_lines WHERE order_id <= $((n / 3 > 0 ? n / 3 : 1))"
        else
            from="orders WHERE order_id <= $n"
        fi
        r=$(sql "SET max_parallel_workers_per_gather = 0;
                 SELECT octet_length(_${type}_send(s)), pg_column_size(a)
                   FROM (SELECT $expr AS s, $base AS a FROM $from) x" 2>&1 | tail -1) || r=""
        IFS='|' read -r bytes arr <<<"$r"
        rows=$(sql "SELECT count(*) FROM $from")
        if [ -z "${bytes:-}" ] || ! [[ $bytes =~ ^[0-9]+$ ]]; then
            check FAIL "$label at N = $n" "$r"
            continue
        fi
        printf "$fmt" "$label" "$n" "$rows" "$bytes" "$arr" "$(ratio "$bytes" "$arr")" "$(ratio "$bytes" "$rows" 1)"
        echo "$id,\"$label\",$type,$n,$rows,$bytes,$arr" >>"$CSV"
    done <<<"$STATES"
done
bench_finish
