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
# The states are built by aggregates the script creates with the same
# transition function and state type and no final function (bench_state_*),
# taken from the catalog: so the script also runs on a server with an older
# release (EXISTING=1 against it; a state type or aggregate the release does
# not have is listed as not measured).  The size printed is
# octet_length(<the state type's send function>(state)): the state's flat form, which is what
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

# shellcheck source=lib.sh
. "$(dirname "$(readlink -f "$0")")/lib.sh"   # set -euo pipefail, LC_ALL=C, SCRIPT, BENCH_DIR, REPO

STATE_ORDERS=${STATE_ORDERS:-1000000 5000000}
MAXN=$(echo "$STATE_ORDERS" | tr ' ' '\n' | sort -n | tail -1)
CUSTOMERS=${CUSTOMERS:-$((MAXN / 6 > 0 ? MAXN / 6 : 1))}
LINE_ORDERS=${LINE_ORDERS:-$((MAXN * 2 / 3 > 0 ? MAXN * 2 / 3 : 1))}
SHARED_BUFFERS=${SHARED_BUFFERS:-2GB}
WORK_MEM=${WORK_MEM:-1GB}
export STATE_ORDERS CUSTOMERS LINE_ORDERS SHARED_BUFFERS WORK_MEM

bench_start states 0 "$@"

bench_header "aov_ext state sizes" "N=$STATE_ORDERS customers=$CUSTOMERS line orders=$LINE_ORDERS"
bench_create_ext
bench_generate "orders ($MAXN rows, customers 1..$CUSTOMERS)" gen_customer_orders.sql -v rows="$MAXN" -v customers="$CUSTOMERS"
bench_generate "order lines ($LINE_ORDERS orders)" gen_order_lines.sql -v orders="$LINE_ORDERS"

# id | label | the aggregate whose state is measured | its arguments | array_agg baseline | table
STATES="sample_num|aov_sample (numeric revenue)|aov_trimmed_mean(numeric, float8)|revenue, 0.05|array_agg(revenue)|o
sample_f8|aov_sample (float8 revenue)|aov_trimmed_mean(float8, float8)|revenue_f, 0.05|array_agg(revenue_f)|o
counts|aov_counts (numeric revenue)|aov_top_values(numeric, integer)|revenue, 3|array_agg(revenue)|o
summary|aov_summary (revenue, items)|aov_summary(numeric, integer)|revenue, items|array_agg(revenue)|o
summary_c|aov_summary + customer ids|aov_summary(numeric, integer, bigint)|revenue, items, customer_id|array_agg(customer_id)|o
summary_o|aov_summary + customer ids + per-order values|aov_summary(numeric, integer, bigint, float8)|revenue, items, customer_id, 0.05|array_agg(row(revenue, items, customer_id))|o
breakdown|aov_breakdown(revenue, items, customer_id)'s state|aov_breakdown(numeric, integer, bigint)|revenue, items, customer_id|array_agg(row(revenue, items, customer_id))|o
firsts|aov_firsts (first order per customer)|_aov_firsts(bigint, timestamptz)|customer_id, ordered_at|array_agg(row(customer_id, ordered_at))|o
segments|aov_segments (month x segment, trim 0.05)|_aov_segments(text, timestamptz, numeric, integer, bigint, timestamptz, float8)|'month', ordered_at, revenue, items, customer_id, _aov_first_order((SELECT _aov_firsts(customer_id, ordered_at) FROM orders WHERE order_id <= @N@), customer_id), 0.05|array_agg(row(ordered_at, revenue, items, customer_id))|o
lines|aov_basket_lines (order lines of N/3 orders)|aov_copurchase(bigint, bigint)|order_id, product_id|array_agg(row(order_id, product_id))|l"

# For each aggregate, one that stops at its state: the same transition
# function and state type, no final function, found in the catalog (so that
# the script also measures other releases, whose internal names differ);
# the size is that of the state type's send function.
declare -A SEND STATE_AGG
while IFS='|' read -r id _ agg _; do
    r=$(sql "SELECT a.aggtransfn::regproc, a.aggtranstype::regtype, t.typsend::regproc, pg_get_function_identity_arguments(a.aggfnoid)
               FROM pg_aggregate a JOIN pg_type t ON t.oid = a.aggtranstype
              WHERE a.aggfnoid = to_regprocedure('$agg')" 2>/dev/null)
    IFS='|' read -r sfunc stype send args <<<"$r"
    if [ -z "$sfunc" ] || [ "$stype" = internal ]; then
        echo "   $id: $agg ${sfunc:+has an internal state}${sfunc:-does not exist in this version}, not measured"
        continue
    fi
    sql "CREATE AGGREGATE bench_state_$id($args) (SFUNC = $sfunc, STYPE = $stype)" || continue
    STATE_AGG[$id]=bench_state_$id SEND[$id]=$send
done <<<"$STATES"

echo
echo "== state sizes: bytes = octet_length(<type>_send(state)), what a worker's partial state sends through"
echo "   the Gather queue; array = pg_column_size(array_agg(...)) of the same rows; x array = bytes / array;"
echo "   B/row = bytes per row (order, or order line)"
echo
fmt='%-50s %10s %8s %14s %14s %8s %8s\n'
printf "$fmt" "state" "N" "rows" "bytes" "array" "x array" "B/row"
printf '%s\n' "$(printf '%.0s-' {1..118})"
echo "id,label,send_function,n_orders,rows,send_bytes,array_bytes" >"$CSV"
for n in $STATE_ORDERS; do
    while IFS='|' read -r id label _ args base tab; do
        [ -n "${STATE_AGG[$id]:-}" ] || continue
        expr="${STATE_AGG[$id]}(${args//@N@/$n})"
        if [ "$tab" = l ]; then
            from="order_lines WHERE order_id <= $((n / 3 > 0 ? n / 3 : 1))"
        else
            from="orders WHERE order_id <= $n"
        fi
        r=$(sql "SET max_parallel_workers_per_gather = 0;
                 SELECT octet_length(${SEND[$id]}(s)), pg_column_size(a)
                   FROM (SELECT $expr AS s, $base AS a FROM $from) x" 2>&1 | tail -1) || r=""
        IFS='|' read -r bytes arr <<<"$r"
        rows=$(sql "SELECT count(*) FROM $from")
        if [ -z "${bytes:-}" ] || ! [[ $bytes =~ ^[0-9]+$ ]]; then
            check FAIL "$label at N = $n" "$r"
            continue
        fi
        printf "$fmt" "$label" "$n" "$rows" "$bytes" "$arr" "$(ratio "$bytes" "$arr")" "$(ratio "$bytes" "$rows" 1)"
        echo "$id,\"$label\",${SEND[$id]},$n,$rows,$bytes,$arr" >>"$CSV"
    done <<<"$STATES"
done
bench_finish
