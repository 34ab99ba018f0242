#!/usr/bin/env bash
# copurchase.sh: benchmark the co-purchase functions of aov_ext: the pair
# table (aov_pair_table, aov_copurchase + aov_pair_stats) against the
# plain-SQL self-join, then aov_cross_sell and aov_bundles on a materialized
# pair table of about a million pairs against the plain SQL they replace,
# in one run.
#
#   test/bench/copurchase.sh                           # 2,000,000 orders
#   ORDERS=200000 STAGE=1 test/bench/copurchase.sh     # quick run, private install
#
# (a) order lines: gen_order_lines.sql, ORDERS orders of 1-12 lines (mean ~3,
#     plus DUP duplicated lines), PRODUCTS products with Zipf-like popularity
#     and planted complements, bigint product ids; deterministic.
# (b) the pair table at min_count MIN_COUNT (20), materialized (CREATE TABLE
#     AS), in these forms:
#       fn       SELECT * FROM aov_pair_table('order_lines', min_count => 20)
#       two      aov_copurchase + aov_pair_stats in one query (the two-step form)
#       two_par  the same with PAR_WORKERS parallel workers (the lines are
#                clustered by order: the generator inserts them in order_id
#                order, so each worker's blocks hold whole orders but at
#                the block boundaries); printed with its speed-up over two
#                and that speed-up as a percentage of count(*)'s (base,
#                base_par) in the same run
#       agg      aov_copurchase + aov_pairs_info only (the counting, no pair table)
#       sql      plain SQL: DISTINCT lines, self-join on order_id with
#                a.product < b.product, GROUP BY pair HAVING count(*) >= 20,
#                joined to per-product counts and N; support, confidence
#                both ways, lift, leverage, conviction both ways.  No p-value
#                (the extension's one-sided Fisher test is checked separately,
#                on a sample of pairs, against a log-factorial sum in SQL).
#       sql_big  the same plain SQL with work_mem = SQL_BIG_WORK_MEM
#       base     count(*) FROM order_lines: one scan, for scale and memory
#       base_par the same with PAR_WORKERS workers
#     Target (a ratio measured in the same run): aov_pair_table >= 10x
#     faster than the plain SQL (serial, same work_mem).  The extension's
#     pairs and counts must equal the SQL's, and the float columns must be
#     equal or within 1e-12 (relative).
# (c) aov_cross_sell(pair table, 5-product cart, 5) against a pair table of
#     about CROSS_PAIRS (1M) pairs, built with aov_pair_table at the lowest
#     min_count (>= 2) whose row count is nearest CROSS_PAIRS, with the
#     btree indexes the docs recommend, (product_a, lift DESC,
#     confidence_ab DESC, product_b) and (product_b, lift DESC,
#     confidence_ba DESC, product_a).  The function is called with
#     min_count => 1 and min_lift => 0 so that its floors match the
#     references' (its defaults are 20 and 1).
#     CALLS (200) different carts, a third each of popular products (top 50),
#     of products drawn like real carts (popularity law), and of products
#     drawn uniformly (mostly the long tail).  Three forms, each call timed
#     in a PL/pgSQL loop with clock_timestamp() (server side), the forms
#     interleaved cart by cart, after one untimed pass over all carts:
#       fn     aov_cross_sell('cs_pairs', cart, K, min_count => 1, min_lift => 0)
#       sql    the function's query run directly (no PL/pgSQL wrapper, with
#              the settings the function sets): the K best partners of each
#              cart product from the indexes, then the best K overall
#       naive  the plain SQL one writes without the top-K bound: every pair
#              with a cart product, DISTINCT ON product, sorted by lift
#     Median and p95 per call and cart kind, and ratios to naive; all three
#     must return the same rows for every cart.
# (d) aov_bundles on the same table (default floors), without and with a
#     price table, and its query run directly; medians of RUNS interleaved
#     rounds.
#
# Printed: (b) per form its median, speed-up against the plain SQL (both
# work_mem settings), peak memory and temp files, the split of the
# extension's time and the 2-worker speed-up against count(*)'s; (c) per
# form and cart kind the median, p95, max and mean per call and x naive;
# (d) the medians and x the plain SQL; then the targets and the checks.
#
# Self-contained (test/bench/lib.sh): builds the extension (see BUILD, STAGE), starts a
# throw-away cluster with pg_virtualenv -t (or, EXISTING=1,
# uses the running server of PGHOST/PGPORT: see lib.sh), generates the tables, loads
# them into shared_buffers (pg_prewarm), times everything, checks the
# results and prints one report.
#
# Environment (defaults in brackets):
#   ORDERS (or ROWS, rows) [2000000]  orders to generate (~3 lines each)
#   PRODUCTS [20000]       ZIPF_S [0.9]   DUP [0.03]   COMPLEMENT [0.25]
#                          generator parameters (see gen_order_lines.sql)
#   MIN_COUNT [20]         min_count of the pair table in (b)
#   RUNS [3]               timed rounds of (b) and (d) (every query once per round; medians)
#   SQL_RUNS [3, or 1 when ORDERS > 500000]
#                          rounds of (b) that also run the plain-SQL forms (the
#                          first SQL_RUNS); their first run keeps its table for
#                          the checks.  At 2M orders one run takes ~40 s (with
#                          the default work_mem)
#   WORK_MEM [4MB]         the server's work_mem, for every query: PostgreSQL's
#                          default, as in the issue (the self-join spills)
#   SQL_BIG_WORK_MEM [1GB] work_mem of the sql_big form (empty: not run).  Not the
#                          plain SQL's best case: at 200k orders its in-memory hash
#                          aggregate was slower than the spilling one (cache misses)
#   SQL_EXPLAIN [1, or 0 when ORDERS > 500000]
#                          1: one more, untimed run of the plain SQL under
#                          EXPLAIN ANALYZE (join methods, spills) for the report
#   PAR_WORKERS [2]        workers of the two_par form (0: not run)
#   CROSS_PAIRS [1000000]  wanted size of the pair table of (c) and (d)
#   CROSS_MIN_COUNT []     its min_count (default: chosen as described in (c))
#   CALLS [200]            carts (one call of each form of (c) each)
#   CART [5]               products per cart
#   K [5]                  products recommended per call
#   SHARED_BUFFERS [2GB]   JIT [off]
#   BUILD [1]              make install the extension first (system directories)
#   STAGE [0]              1: build a snapshot of the working tree in a temp dir and
#                          install it there (make install DESTDIR=...); the cluster
#                          loads it from there (extension_destdir,
#                          dynamic_library_path).  Nothing is written to the
#                          system directories.
#   ONLY []                space-separated parts to run: b c d (c and d share the
#                          pair table); default all
#   BENCH_PORT [a free port from 5433 up]   port of the throw-away cluster
#   OUT_DIR [<repo>/test/out/bench]   copurchase_report.txt, copurchase_results.csv,
#                          copurchase_raw/ (psql scripts, output, plans, logs)
#
# How the time is measured (test/bench/lib.sh, as in breakdown.sh):
#   (b), (d): psql \timing, one session per execution: the client-side
#   round trip of a CREATE UNLOGGED TABLE ... AS (b) or of a one-row query
#   (d).  Extension forms: one untimed warm-up run (in (b) its table is kept
#   for the checks); the plain SQL has none, its first timed run keeps its
#   table.  Then RUNS rounds, each running every query of the part once,
#   interleaved, so that the machine's changing load hits a query and its
#   baseline alike; in (d) each timed session runs the query once untimed
#   first (the calls take milliseconds: the first call of a session would
#   time the catalog lookups).  Medians, and ratios of medians.  The tables
#   are in shared_buffers before any timing, autovacuum is off, and they are
#   VACUUM (FREEZE, ANALYZE)d.
#   (c): clock_timestamp() around each call in a PL/pgSQL loop: the server
#   side of one call (PL/pgSQL call, argument checks, planning and running
#   the dynamic query), without the client round trip (~0.05 ms here).
#
# Peak memory: the warm-up session of each query of (b) (for the plain SQL,
#   its first timed run) runs with log_statement_stats, whose
#   getrusage() report gives the backend's max resident size.  That includes
#   the shared buffers the backend touched, so the report shows the peak
#   above a session that only scans order_lines (count(*)): about the
#   query's private memory.  Serial sessions only (workers are other
#   processes).  log_temp_files = 0 reports every temp file; the report
#   shows the temp bytes of that run.
#
# Run time: ~45 s at 200k orders (2 CPUs); at 2M expect ~5 min, most of it the
# plain SQL (SQL_RUNS=1, two work_mem settings) and the generator.
#
# pg_virtualenv -t names every cluster 15/regress, and pg_ctlcluster stop
# deletes /var/run/postgresql/15-regress.pid whoever wrote it: two concurrent
# runs (this one and a test run, say) break each other's cleanup and can
# leave a server behind.  So this run uses its own port and pid file, and
# stops its server itself before pg_virtualenv cleans up.

# shellcheck source=lib.sh
. "$(dirname "$(readlink -f "$0")")/lib.sh"   # set -euo pipefail, LC_ALL=C, SCRIPT, BENCH_DIR, REPO

ORDERS=${ORDERS:-${ROWS:-${rows:-2000000}}}
PRODUCTS=${PRODUCTS:-20000}
ZIPF_S=${ZIPF_S:-0.9}
DUP=${DUP:-0.03}
COMPLEMENT=${COMPLEMENT:-0.25}
MIN_COUNT=${MIN_COUNT:-20}
RUNS=${RUNS:-3}
SQL_RUNS=${SQL_RUNS:-$((ORDERS > 500000 ? 1 : 3))}
WORK_MEM=${WORK_MEM:-4MB}
SQL_BIG_WORK_MEM=${SQL_BIG_WORK_MEM-1GB}
SQL_EXPLAIN=${SQL_EXPLAIN:-$((ORDERS > 500000 ? 0 : 1))}
CROSS_PAIRS=${CROSS_PAIRS:-1000000}
CROSS_MIN_COUNT=${CROSS_MIN_COUNT:-}
CALLS=${CALLS:-200}
CART=${CART:-5}
K=${K:-5}
SHARED_BUFFERS=${SHARED_BUFFERS:-2GB}
export ORDERS PRODUCTS ZIPF_S DUP COMPLEMENT MIN_COUNT RUNS SQL_RUNS SQL_EXPLAIN WORK_MEM SQL_BIG_WORK_MEM \
       CROSS_PAIRS CROSS_MIN_COUNT CALLS CART K SHARED_BUFFERS

# Outside the cluster: build, then re-run this script inside pg_virtualenv.
bench_start copurchase 0 "$@"


part() { [ -z "$ONLY" ] || case " $ONLY " in *" $1 "*) true ;; *) false ;; esac; }

bench_header "aov_ext co-purchase benchmark" \
    "collation=$(sql 'SELECT datcollate FROM pg_database WHERE datname = current_database()') orders=$ORDERS products=$PRODUCTS min_count=$MIN_COUNT runs=$RUNS sql_runs=$SQL_RUNS sql_big work_mem=${SQL_BIG_WORK_MEM:-(not run)} parallel workers=$PAR_WORKERS"

bench_create_ext
if [ "$(sql "SELECT count(*) FROM pg_proc WHERE proname IN ('aov_pair_table', 'aov_cross_sell', 'aov_bundles')")" != 3 ]; then
    echo "ERROR: this aov_ext has no aov_pair_table / aov_cross_sell / aov_bundles"; exit 1
fi

bench_generate "order lines ($ORDERS orders, $PRODUCTS products, zipf s=$ZIPF_S, dup=$DUP, complement=$COMPLEMENT)" gen_order_lines.sql -v orders="$ORDERS" -v products="$PRODUCTS" -v zipf_s="$ZIPF_S" -v dup="$DUP" -v complement="$COMPLEMENT"
NLINES=$(sql "SELECT count(*) FROM order_lines")

bench_prewarm "order_lines products" "SELECT count(*) FROM order_lines"

###########################################################################
# Helpers.
###########################################################################
fmt_ms3() { if [ -n "${1:-}" ]; then awk -v a="$1" 'BEGIN {printf "%.3f", a}'; else echo "-"; fi; }
# targets and checks are printed at the end, after the parts' tables
BENCH_DEFER=1

###########################################################################
# Measurement.  Results go into these arrays, keyed by id.
#   kind scalar      warm-up: one untimed run; timed: a session that runs the
#                    query (WARM_SESSION=1: once untimed, then once timed)
#        ctas        warm-up: one untimed CREATE UNLOGGED TABLE res_<id> AS
#                    (kept for the checks); timed: CREATE UNLOGGED TABLE run_<id> AS
#        ctas_timed  no warm-up; timed only in the first SQL_RUNS rounds, the
#                    first time into res_<id> (kept)
# The warm-up session (ctas_timed: the first timed run) runs with
# log_statement_stats: peak memory and temp files of one execution.
###########################################################################
declare -A Q_KIND Q_SET Q_LABEL Q_SQL MED BEST TIMES NRUN VAL STABLE PLAN RSS TEMP WALL
Q_IDS=()
addq() { Q_IDS+=("$1"); Q_KIND[$1]=$2; Q_SET[$1]=$3; Q_LABEL[$1]=$4; Q_SQL[$1]=$5; }
WARM_SESSION=0

plan_summary() {  # EXPLAIN file -> short text
    local a=$1 p
    if grep -q 'Gather' "$a"; then
        if grep -Eq 'Partial (Hash|Group)?Aggregate' "$a"; then p="$(grep -Eo -m1 'Partial (Hash|Group)?Aggregate' "$a")"; else p="Gather, NO Partial Aggregate"; fi
        p="$p, $(grep -m1 -o 'Workers Planned: [0-9]*' "$a" | awk '{print $3}') workers planned"
    else
        p="serial plan"
    fi
    echo "$p"
}
session_stats() {  # id err-file: peak resident size of the backend, temp file bytes
    RSS[$1]=$(awk '/kB max resident size/ {v = $2 + 0; if (v > m) m = v} END {print m + 0}' "$2")
    TEMP[$1]=$(awk '/temporary file: path/ {sub(/.*size /, ""); s += $1} END {printf "%.0f", s}' "$2")
}

# 1. the plan (EXPLAIN; a function's inner query is not shown), then the
# warm-up; the ids that can be timed go to KEYS
KEYS=()
warm_up() {  # id
    local id=$1 q set kind base f t0
    q=${Q_SQL[$id]}
    set=${Q_SET[$id]}
    kind=${Q_KIND[$id]}
    base="$RAW/$id"
    printf '%s;\n' "$q" >"$base.sql"
    bench_explain "$id" "$base.explain" "$set" "$q" || return 0
    PLAN[$id]=$(plan_summary "$base.explain")
    sql "DROP TABLE IF EXISTS res_$id, run_$id" >/dev/null 2>&1
    if [ "$kind" = ctas_timed ]; then KEYS+=("$id"); return; fi
    f="$base.warm.psql"
    {
        echo "$set"
        echo "$STATS_SET"
        case $kind in
            scalar) echo "$q;" ;;
            ctas) echo "CREATE UNLOGGED TABLE res_$id AS $q;" ;;
        esac
    } >"$f"
    t0=$SECONDS
    if ! "${PSQL[@]}" -f "$f" >"$base.warmup" 2>"$base.err"; then
        PLAN[$id]="ERROR: $(grep -m1 -E 'ERROR|FATAL|server closed' "$base.err" || head -1 "$base.err")"
        WALL[$id]=$((SECONDS - t0))
        echo "   !! $id failed: ${PLAN[$id]}"
        # a crashed backend resets shared memory: reload the cache before going on
        sleep 2; prewarm 2>/dev/null || true
        return
    fi
    WALL[$id]=$((SECONDS - t0))
    session_stats "$id" "$base.err"
    KEYS+=("$id")
}

# 2. one timed execution in its own session (called by bench_rounds)
time_once() {  # id round
    local id=$1 r=$2 q set base f
    q=${Q_SQL[$id]}
    set=${Q_SET[$id]}
    base="$RAW/$id"
    f="$base.psql$r"
    {
        echo "$set"
        case ${Q_KIND[$id]} in
            scalar)
                [ "$WARM_SESSION" = 1 ] && echo "$q \\g /dev/null"
                echo '\timing on'
                echo "$q;" ;;
            ctas)
                echo "DROP TABLE IF EXISTS run_$id;"
                echo '\timing on'
                echo "CREATE UNLOGGED TABLE run_$id AS $q;"
                echo '\timing off'
                echo "DROP TABLE run_$id;" ;;
            ctas_timed)
                ((r < SQL_RUNS)) || return 0
                if ((r == 0)); then
                    echo "$STATS_SET"
                    echo '\timing on'
                    echo "CREATE UNLOGGED TABLE res_$id AS $q;"
                else
                    echo "DROP TABLE IF EXISTS run_$id;"
                    echo '\timing on'
                    echo "CREATE UNLOGGED TABLE run_$id AS $q;"
                    echo '\timing off'
                    echo "DROP TABLE run_$id;"
                fi ;;
        esac
    } >"$f"
    bench_timed_run "$f" "$base.out$r" "$base.err$r" "$id round $r" "$id" || return 0
    # the rows of a scalar run
    grep -v '^Time: ' "$base.out$r" | awk 'NF' >"$base.run$r"
    [ -s "$base.run$r" ] || rm -f "$base.run$r"
    [ "${Q_KIND[$id]}" = ctas_timed ] && ((r == 0)) && session_stats "$id" "$base.err$r"
    printf '.'
}

# warm-up, then RUNS interleaved rounds, for the ids given; prints the medians
measure_all() {  # id...
    local id t0
    KEYS=()
    for id in "$@"; do
        printf '   warm-up %-9s ' "$id"
        warm_up "$id"
        if [ -n "${WALL[$id]:-}" ]; then printf '(%ss)  ' "${WALL[$id]}"; else printf '(no warm-up)  '; fi
        printf '[%s]\n' "${PLAN[$id]:-}"
    done
    bench_time_all
    for id in "${KEYS[@]}"; do
        bench_stats "$id" "$RAW/$id" || continue
        NRUN[$id]=$(echo "${TIMES[$id]}" | wc -w)
        VAL[$id]=$(cat "$RAW/$id".run* 2>/dev/null | head -1)
        printf '   %-9s median %10s ms  best %10s ms  runs: %s%s\n' "$id" "${MED[$id]}" "${BEST[$id]}" "${TIMES[$id]}" \
            "$([ "${STABLE[$id]}" = 0 ] && echo '  RUNS DIFFER')"
    done
}

mem_over() {  # id -> MB above the order_lines scan session, or -
    local r=${RSS[$1]:-} b=${RSS[base]:-}
    if [ -n "$r" ] && [ "$r" != 0 ] && [ -n "$b" ] && [ "$b" != 0 ]; then
        awk -v r="$r" -v b="$b" 'BEGIN {m = (r - b) / 1024; printf "%.0f", (m < 0.5 ? 0 : m)}'
    else
        echo "-"
    fi
}

###########################################################################
# (b) the pair table.
###########################################################################
# The plain-SQL pair table: the columns of aov_pair_stats but the p-value,
# with the same float8 operations in the same order as the extension
# (so equal results are expected, not just close ones).
plain_sql() {  # min_count
    cat <<EOF
WITH l AS (
    SELECT DISTINCT order_id, product_id FROM order_lines
), n AS (
    SELECT n_orders, n_orders::float8 AS n FROM (SELECT count(DISTINCT order_id) AS n_orders FROM l) x
), p AS (
    SELECT product_id, count(*) AS n_p FROM l GROUP BY product_id
), ab AS (
    SELECT a.product_id AS pa, b.product_id AS pb, count(*) AS n_ab
      FROM l a JOIN l b ON a.order_id = b.order_id AND a.product_id < b.product_id
     GROUP BY a.product_id, b.product_id
    HAVING count(*) >= $1
)
SELECT ab.pa::text AS product_a, ab.pb::text AS product_b, ab.n_ab, a.n_p AS n_a, b.n_p AS n_b, n.n_orders,
       a.n_p / n.n AS support_a, b.n_p / n.n AS support_b, ab.n_ab / n.n AS support,
       ab.n_ab::float8 / a.n_p AS confidence_ab, ab.n_ab::float8 / b.n_p AS confidence_ba,
       (n.n * ab.n_ab) / (a.n_p::float8 * b.n_p) AS lift,
       ab.n_ab / n.n - (a.n_p / n.n) * (b.n_p / n.n) AS leverage,
       CASE WHEN ab.n_ab = a.n_p THEN 'Infinity'::float8
            ELSE (1 - b.n_p / n.n) / (1 - ab.n_ab::float8 / a.n_p) END AS conviction_ab,
       CASE WHEN ab.n_ab = b.n_p THEN 'Infinity'::float8
            ELSE (1 - a.n_p / n.n) / (1 - ab.n_ab::float8 / b.n_p) END AS conviction_ba
  FROM ab JOIN p a ON a.product_id = ab.pa JOIN p b ON b.product_id = ab.pb CROSS JOIN n
EOF
}
TWO_STEP="SELECT s.* FROM (SELECT aov_copurchase(order_id, product_id) AS p FROM order_lines) c
 CROSS JOIN LATERAL aov_pair_stats(c.p, $MIN_COUNT) s"

addq base scalar "$SERIAL_SET" "count(*) FROM order_lines  [scan, memory base]" "SELECT count(*) FROM order_lines"
[ "$PAR_WORKERS" -gt 0 ] 2>/dev/null && addq base_par scalar "$PARALLEL_SET" "count(*) FROM order_lines, $PAR_WORKERS workers  [scan]" \
    "SELECT count(*) FROM order_lines"
addq agg  scalar "$SERIAL_SET" "aov_copurchase + aov_pairs_info  [counting only]" \
    "SELECT i.* FROM (SELECT aov_copurchase(order_id, product_id) AS p FROM order_lines) c, aov_pairs_info(c.p) i"
addq fn   ctas "$SERIAL_SET" "aov_pair_table('order_lines', min_count => $MIN_COUNT)" \
    "SELECT * FROM aov_pair_table('order_lines', min_count => $MIN_COUNT)"
addq two  ctas "$SERIAL_SET" "aov_copurchase + aov_pair_stats  [two-step]" "$TWO_STEP"
[ "$PAR_WORKERS" -gt 0 ] 2>/dev/null && addq two_par ctas "$PARALLEL_SET" "two-step, $PAR_WORKERS workers" "$TWO_STEP"
addq sql  ctas_timed "$SERIAL_SET" "plain SQL self-join  [work_mem $WORK_MEM]" "$(plain_sql "$MIN_COUNT")"
[ -n "$SQL_BIG_WORK_MEM" ] && addq sql_big ctas_timed "$SERIAL_SET SET work_mem = '$SQL_BIG_WORK_MEM';" \
    "plain SQL self-join  [work_mem $SQL_BIG_WORK_MEM]" "$(plain_sql "$MIN_COUNT")"

if part b; then
    echo
    echo "== (b) timing the pair table, min_count $MIN_COUNT: one warm-up each, then $RUNS rounds (the plain SQL in the first $SQL_RUNS); raw output in $RAW"
    measure_all "${Q_IDS[@]}"
    # the plain SQL's plan as run (one extra EXPLAIN ANALYZE, not timed): spills, join method
    [ "$SQL_EXPLAIN" = 1 ] && sql "$SERIAL_SET EXPLAIN (ANALYZE, COSTS OFF, BUFFERS) $(plain_sql "$MIN_COUNT")" >"$RAW/sql.analyze" 2>&1

    NPAIRS=$(sql "SELECT count(*) FROM res_fn" 2>/dev/null)
    IFS='|' read -r A_ORDERS A_SKIPPED A_MAXB A_PRODUCTS A_PAIRS <<<"${VAL[agg]:-}"
    echo
    echo "== (b) the pair table, min_count $MIN_COUNT: $ORDERS orders, $NLINES lines, ${A_PRODUCTS:-?} products," \
         "${A_PAIRS:-?} distinct pairs counted, ${NPAIRS:-?} pairs in the table"
    echo "   speed-up = plain SQL (work_mem $WORK_MEM) / this query; mem = peak RSS above the order_lines scan session, MB;"
    echo "   temp = temp files written by one run, MB (log_temp_files); every query is a CREATE UNLOGGED TABLE AS but agg/base"
    echo
    fmt='%-54s %10s %9s %9s %7s %8s  %s\n'
    printf "$fmt" "query" "median" "speed-up" "speed-up" "mem" "temp" "plan"
    printf "$fmt" "" "ms" "vs sql" "vs big" "MB" "MB/run" ""
    printf '%s\n' "$(printf '%.0s-' {1..125})"
    for id in "${Q_IDS[@]}"; do
        sp1=$(ratio "${MED[sql]:-}" "${MED[$id]:-}"); sp2=$(ratio "${MED[sql_big]:-}" "${MED[$id]:-}")
        case $id in base|base_par) sp1=; sp2= ;; esac
        printf "$fmt" "${Q_LABEL[$id]}" "$(fmt_ms "${MED[$id]:-}")" "$(dash "$sp1")" "$(dash "$sp2")" \
            "$(case $id in *_par) echo - ;; *) mem_over "$id" ;; esac)" "$(fmt_mb "${TEMP[$id]:-}")" "${PLAN[$id]:-}$([ "${STABLE[$id]:-1}" = 0 ] && echo ' (runs differ!)')"
    done
    echo
    echo "   the extension's time, split: counting (agg) $(fmt_ms "${MED[agg]:-}") ms," \
         "pair table rows (two - agg) $(awk -v a="${MED[two]:-0}" -v b="${MED[agg]:-0}" 'BEGIN {printf "%.1f", a - b}') ms," \
         "PL/pgSQL wrapper (fn - two) $(awk -v a="${MED[fn]:-0}" -v b="${MED[two]:-0}" 'BEGIN {printf "%.1f", a - b}') ms"
    if [ -n "${MED[two_par]:-}" ]; then
        echo "   $PAR_WORKERS workers (lines clustered by order: generated in order_id order): two-step serial $(fmt_ms "${MED[two]:-}") ms ->" \
             "$(fmt_ms "${MED[two_par]:-}") ms, speed-up $(dash "$(ratio "${MED[two]:-}" "${MED[two_par]:-}")");" \
             "count(*) $(fmt_ms "${MED[base]:-}") -> $(fmt_ms "${MED[base_par]:-}") ms, speed-up $(dash "$(ratio "${MED[base]:-}" "${MED[base_par]:-}")");" \
             "the two-step's speed-up is $(dash "$(speedup_pct "${MED[two]:-}" "${MED[two_par]:-}" "${MED[base]:-}" "${MED[base_par]:-}")") of count(*)'s"
        # Who read which lines: the leader counts the baskets it read itself
        # and recounts the orders whose lines reached two processes.  A
        # parallel scan hands out ranges of blocks, so only an order whose
        # lines span two blocks can be split (an upper bound: most adjacent
        # blocks go to the same process).
        bench_parallel_tail "aov_copurchase, $PAR_WORKERS workers" \
            "SELECT aov_pairs_info(aov_copurchase(order_id, product_id)) FROM order_lines" "$RAW/two_par.analyze"
        awk '/Parallel Seq Scan/ { s = 1; t = $0; sub(/.*rows=/, "", t); split(t, a, /[ =)]/); total = a[1] * a[3]; next }
             s && /Worker [0-9]+: .*rows=/ { t = $0; sub(/.*rows=/, "", t); sub(/ .*/, "", t); w[++nw] = t; sum += t }
             END { if (!s) exit; printf "   lines read (the leader: about, from the rounded mean per process): leader %d", total - sum; for (i = 1; i <= nw; i++) printf ", worker %d %d", i - 1, w[i]; print "" }' \
            "$RAW/two_par.analyze"
        echo "   orders whose lines span two heap blocks (the most a parallel scan can split between processes):" \
             "$(sql "SELECT count(*) FROM (SELECT order_id FROM order_lines GROUP BY order_id
                     HAVING min((ctid::text::point)[0]) <> max((ctid::text::point)[0])) s") of $ORDERS"
    fi
    if [ "$SQL_EXPLAIN" = 1 ]; then
        echo "   the plain SQL's plan (EXPLAIN ANALYZE, one extra run): $RAW/sql.analyze"
    else
        echo "   the plain SQL's plan (EXPLAIN, not run again; SQL_EXPLAIN=1 for EXPLAIN ANALYZE): $RAW/sql.explain"
    fi
    f="$RAW/sql.analyze"; [ -s "$f" ] || f="$RAW/sql.explain"
    grep -E 'Hash Join|Merge Join|Nested Loop|Sort Method|Batches|Execution Time' "$f" 2>/dev/null \
        | sed 's/^ *//; s/(actual[^)]*)//' | sort | uniq -c | sed 's/^/      /'

    target "aov_pair_table >= 10x faster than plain SQL (work_mem $WORK_MEM)" \
        "$(cmpnum "$(ratio "${MED[sql]:-}" "${MED[fn]:-}")" '>=' 10)" \
        "$(dash "$(ratio "${MED[sql]:-}" "${MED[fn]:-}")")x ($(fmt_ms "${MED[sql]:-}") vs $(fmt_ms "${MED[fn]:-}") ms)"
    if [ -n "${MED[sql_big]:-}" ]; then
        target "aov_pair_table >= 10x faster than plain SQL (work_mem $SQL_BIG_WORK_MEM)" \
            "$(cmpnum "$(ratio "${MED[sql_big]:-}" "${MED[fn]:-}")" '>=' 10)" \
            "$(dash "$(ratio "${MED[sql_big]:-}" "${MED[fn]:-}")")x ($(fmt_ms "${MED[sql_big]:-}") vs $(fmt_ms "${MED[fn]:-}") ms)"
    fi

    # ---- checks: the extension's tables against the plain SQL's, column by column
    have_res() { [ "$(sql "SELECT count(*) FROM pg_class WHERE relname = '$1'")" = 1 ]; }
    cmp_pairs() {  # left right -> __rows|both|only left|only right|example, then col|equal|differ|bad|max_rel|example
        local L=$1 R=$2 c vals=""
        for c in n_ab n_a n_b n_orders; do
            vals="$vals${vals:+,}
                ('$c', (lr).$c IS NOT DISTINCT FROM (rr).$c, NULL::float8, (lr).$c::text, (rr).$c::text)"
        done
        for c in support_a support_b support confidence_ab confidence_ba lift leverage conviction_ab conviction_ba; do
            vals="$vals,
                ('$c', (lr).$c IS NOT DISTINCT FROM (rr).$c,
                 CASE WHEN (lr).$c = (rr).$c THEN 0::float8
                      WHEN (lr).$c IS NULL OR (rr).$c IS NULL OR abs((lr).$c) = 'Infinity' OR abs((rr).$c) = 'Infinity'
                      THEN 'Infinity'::float8
                      ELSE abs((lr).$c - (rr).$c) / greatest(abs((lr).$c), abs((rr).$c)) END,
                 (lr).$c::text, (rr).$c::text)"
        done
        sql "WITH j AS (
                 SELECT l.product_a AS la, r.product_a AS ra,
                        coalesce(l.product_a, r.product_a) || ',' || coalesce(l.product_b, r.product_b) AS pair,
                        l AS lr, r AS rr
                   FROM $L l FULL JOIN $R r ON l.product_a = r.product_a AND l.product_b = r.product_b)
             SELECT '__rows', count(*) FILTER (WHERE la IS NOT NULL AND ra IS NOT NULL),
                    count(*) FILTER (WHERE ra IS NULL), count(*) FILTER (WHERE la IS NULL), NULL::text,
                    min(pair) FILTER (WHERE la IS NULL OR ra IS NULL)
               FROM j
             UNION ALL
             SELECT f, count(*) FILTER (WHERE ok), count(*) FILTER (WHERE NOT ok),
                    count(*) FILTER (WHERE NOT ok AND NOT coalesce(rel <= 1e-12, false)),
                    max(rel)::text,
                    min(pair || ': ' || coalesce(lv, 'NULL') || ' vs ' || coalesce(rv, 'NULL')) FILTER (WHERE NOT ok)
               FROM j CROSS JOIN LATERAL (VALUES $vals) AS v(f, ok, rel, lv, rv)
              WHERE la IS NOT NULL AND ra IS NOT NULL
              GROUP BY f"
    }
    report_cmp() {  # left right label
        local L=$1 R=$2 label=$3 out both onlyl onlyr ex eq ne bad mr
        out=$(cmp_pairs "$L" "$R" 2>&1)
        echo "$out" >"$RAW/cmp.$L.$R"
        if echo "$out" | grep -q ERROR; then
            check FAIL "$label" "$(echo "$out" | grep -m1 ERROR)"
            return
        fi
        IFS='|' read -r _ both onlyl onlyr _ ex <<<"$(echo "$out" | awk -F'|' '$1 == "__rows"')"
        if [ "$onlyl" = 0 ] && [ "$onlyr" = 0 ]; then
            check OK "$label: same pairs" "$both pairs"
        else
            check FAIL "$label: pairs differ" "$both in both, $onlyl only in $L, $onlyr only in $R, e.g. $ex"
        fi
        IFS='|' read -r eq ne ex <<<"$(echo "$out" | awk -F'|' '$1 ~ /^n_/ {e += $2; d += $3; if ($3 > 0) l = l " " $1} END {printf "%d|%d|%s", e, d, l}')"
        if [ "$ne" = 0 ]; then check OK "$label: counts n_ab, n_a, n_b, n_orders" "$eq values equal"
        else check FAIL "$label: counts differ" "$ne values differ in:$ex; see $RAW/cmp.$L.$R"; fi
        # max relative difference: "Infinity" (one side infinite or NULL) is the largest
        IFS='|' read -r eq ne bad mr ex <<<"$(echo "$out" | awk -F'|' '$1 !~ /^(n_|__rows)/ {
                e += $2; d += $3; b += $4; if ($3 > 0) l = l " " $1
                if ($5 ~ /Infinity/) inf = 1; else if ($5 + 0 > m) m = $5 + 0 }
            END {printf "%d|%d|%d|%s|%s", e, d, b, (inf ? "Infinity" : sprintf("%.3g", m)), l}')"
        if [ "$ne" = 0 ]; then
            check OK "$label: 9 float columns" "$eq values bit-for-bit equal"
        elif [ "$bad" = 0 ]; then
            check OK "$label: 9 float columns within 1e-12" "$eq equal, $ne differ (max rel diff $mr) in:$ex"
        else
            check FAIL "$label: float columns differ" "$bad of $((eq + ne)) differ by more than 1e-12 (max rel diff $mr) in:$ex; see $RAW/cmp.$L.$R"
        fi
    }
    if have_res res_fn && have_res res_sql; then report_cmp res_fn res_sql "aov_pair_table = plain SQL"; fi
    if have_res res_fn && have_res res_two; then report_cmp res_fn res_two "aov_pair_table = two-step form"; fi
    if have_res res_two_par && have_res res_two; then report_cmp res_two_par res_two "two-step parallel = serial"; fi
    if have_res res_sql_big && have_res res_sql; then report_cmp res_sql_big res_sql "plain SQL, both work_mem settings"; fi
    if have_res res_fn; then
        r=$(sql "SELECT count(*) FILTER (WHERE NOT (product_a::bigint < product_b::bigint)),
                        count(*) FILTER (WHERE NOT (p_value >= 0 AND p_value <= 1)),
                        count(*) FILTER (WHERE n_ab < $MIN_COUNT),
                        count(*) FILTER (WHERE n_orders <> (SELECT count(DISTINCT order_id) FROM order_lines))
                   FROM res_fn")
        IFS='|' read -r bad_order bad_p bad_min bad_n <<<"$r"
        if [ "$bad_order$bad_p$bad_min$bad_n" = 0000 ]; then
            check OK "aov_pair_table: a < b, 0 <= p <= 1, n_ab >= $MIN_COUNT, N" "in all ${NPAIRS:-?} rows"
        else
            check FAIL "aov_pair_table: row invariants" "a>=b: $bad_order, p out of [0,1]: $bad_p, n_ab < min: $bad_min, N wrong: $bad_n"
        fi
        [ "${A_SKIPPED:-}" = 0 ] && check OK "aov_copurchase: no order skipped (baskets <= 12 < 1000)" "n_orders ${A_ORDERS:-?}" \
            || check FAIL "aov_copurchase: orders skipped" "${A_SKIPPED:-?} (info: ${VAL[agg]:-})"
        # The p-value (not in the plain SQL): one-sided Fisher exact test, P(X >= n_ab) for
        # X hypergeometric, summed in SQL over the upper tail with log-factorials
        # (exact below 20, Stirling series above: absolute error < 1e-12 per term's log),
        # on up to 200 pairs with min(n_a, n_b) <= 2000 (the sum has that many terms at most).
        r=$(sql "CREATE FUNCTION pg_temp.lf(n float8) RETURNS float8 LANGUAGE sql IMMUTABLE STRICT RETURN
                   CASE WHEN n < 20 THEN ln(factorial(n::bigint))::float8
                        ELSE n * ln(n) - n + 0.5 * ln(2 * pi() * n) + 1 / (12 * n) - 1 / (360 * n^3) + 1 / (1260 * n^5) END;
                 WITH s AS (
                     SELECT product_a, product_b, n_ab, n_a, n_b, n_orders AS n, p_value
                       FROM res_fn WHERE least(n_a, n_b) <= 2000
                      ORDER BY hashtext(product_a || ',' || product_b) LIMIT 200
                 ), q AS (
                     SELECT s.*, (SELECT coalesce(sum(exp(lt)) FILTER (WHERE lt > -745), 0)
                                    FROM generate_series(n_ab, least(n_a, n_b)) x,
                                         LATERAL (SELECT pg_temp.lf(n_a) - pg_temp.lf(x) - pg_temp.lf(n_a - x)
                                                         + pg_temp.lf(n - n_a) - pg_temp.lf(n_b - x) - pg_temp.lf(n - n_a - n_b + x)
                                                         - pg_temp.lf(n) + pg_temp.lf(n_b) + pg_temp.lf(n - n_b) AS lt) t) AS p_sql
                       FROM s
                 )
                 SELECT count(*), count(*) FILTER (WHERE abs(p_value - p_sql) <= 1e-6 * greatest(p_value, p_sql) + 1e-300),
                        to_char(max(CASE WHEN p_value = p_sql THEN 0 ELSE abs(p_value - p_sql) / greatest(p_value, p_sql) END), '9.9EEEE'),
                        to_char(min(p_value) FILTER (WHERE p_value > 0), '9.9EEEE'), to_char(max(p_value), '9.9EEEE'),
                        min(product_a || ',' || product_b || ': ' || p_value || ' vs ' || p_sql)
                            FILTER (WHERE NOT abs(p_value - p_sql) <= 1e-6 * greatest(p_value, p_sql) + 1e-300)
                   FROM q" 2>&1 | tail -1)
        IFS='|' read -r pn pok pmr pmin pmax pex <<<"$r"
        if [ -n "$pn" ] && [ "$pn" = "$pok" ] && [ "$pn" != 0 ]; then
            check OK "p_value = Fisher one-sided in SQL (sample, rel 1e-6)" "$pn pairs, max rel diff$pmr, p from$pmin to$pmax"
        else
            check FAIL "p_value vs Fisher one-sided in SQL (sample)" "${pok:-?} of ${pn:-?} within 1e-6: $r"
        fi
    fi
fi

###########################################################################
# (c) and (d): the ~1M-pair table.
###########################################################################
if part c || part d; then
    echo
    echo "== (c)/(d) building the pair table for aov_cross_sell and aov_bundles (~$CROSS_PAIRS pairs wanted)"
    sql "SET client_min_messages = warning; DROP TABLE IF EXISTS cs_pairs_all, cs_pairs, carts"
    sql "SET work_mem = '1GB'; CREATE UNLOGGED TABLE cs_pairs_all AS SELECT aov_copurchase(order_id, product_id) AS p FROM order_lines"
    if [ -z "$CROSS_MIN_COUNT" ]; then
        # pairs per n_ab (>= 2), then the min_count whose table size is nearest CROSS_PAIRS (log scale)
        sql "SET work_mem = '1GB'; SELECT least(s.n_ab, 100000), count(*) FROM cs_pairs_all c, aov_pair_stats(c.p, 2) s GROUP BY 1 ORDER BY 1 DESC" \
            >"$RAW/cs_hist.txt"
        CROSS_MIN_COUNT=$(awk -F'|' -v want="$CROSS_PAIRS" '
            {cum += $2; rows[$1] = cum; if (!($1 in seen)) {seen[$1] = 1; keys[++n] = $1}}
            END {best = 2; bd = -1
                 for (i = 1; i <= n; i++) {c = keys[i]; d = log(rows[c] / want); if (d < 0) d = -d
                                           if (bd < 0 || d < bd) {bd = d; best = c}}
                 print best}' "$RAW/cs_hist.txt")
        [ -n "$CROSS_MIN_COUNT" ] || CROSS_MIN_COUNT=2
        how="chosen: the table size nearest $CROSS_PAIRS"
    else
        how="CROSS_MIN_COUNT"
    fi
    # the pair table, built as the docs will show (timed once; peak memory and temp files as in (b))
    {
        echo "$SERIAL_SET"
        echo "$STATS_SET"
        echo '\timing on'
        echo "CREATE TABLE cs_pairs AS SELECT * FROM aov_pair_table('order_lines', min_count => $CROSS_MIN_COUNT);"
        echo '\timing off'
        # the indexes the docs recommend for aov_cross_sell
        echo "CREATE INDEX cs_pairs_a ON cs_pairs (product_a, lift DESC, confidence_ab DESC, product_b);"
        echo "CREATE INDEX cs_pairs_b ON cs_pairs (product_b, lift DESC, confidence_ba DESC, product_a);"
        echo "VACUUM (FREEZE, ANALYZE) cs_pairs;"
    } >"$RAW/cs_build.psql"
    "${PSQL[@]}" -f "$RAW/cs_build.psql" >"$RAW/cs_build.out" 2>"$RAW/cs_build.err" \
        || echo "   !! building the pair table failed: $(grep -m1 ERROR "$RAW/cs_build.err")"
    CS_BUILD_MS=$(awk '/^Time: / {print $2; exit}' "$RAW/cs_build.out")
    CS_RSS=$(awk '/kB max resident size/ {v = $2 + 0; if (v > m) m = v} END {print m + 0}' "$RAW/cs_build.err")
    CS_TEMP=$(awk '/temporary file: path/ {sub(/.*size /, ""); s += $1} END {printf "%.0f", s}' "$RAW/cs_build.err")
    CS_ROWS=$(sql "SELECT count(*) FROM cs_pairs")
    CS_SIZE=$(sql "SELECT pg_size_pretty(pg_table_size('cs_pairs')) || ' + indexes ' || pg_size_pretty(pg_indexes_size('cs_pairs'))")
    echo "   min_count $CROSS_MIN_COUNT ($how): $CS_ROWS pairs, $CS_SIZE;" \
         "aov_pair_table built it in $(fmt_ms "$CS_BUILD_MS") ms (CREATE TABLE AS, peak RSS $((CS_RSS / 1024)) MB," \
         "temp files $(fmt_mb "$CS_TEMP") MB)"
    # pairs with n_ab >= c, for a few c (the histogram is by n_ab, descending)
    [ -s "$RAW/cs_hist.txt" ] && echo "   pairs with n_ab >= c: $(awk -F'|' '{cum += $2; key[NR] = $1 + 0; rows[NR] = cum}
        END {n = split("2 3 4 5 6 8 10 20 50 100", cs, " ")
             for (i = 1; i <= n; i++) {v = 0; for (j = 1; j <= NR; j++) if (key[j] >= cs[i]) v = rows[j]
                                       printf "%s%d: %d", (i > 1 ? ", " : ""), cs[i], v}}' "$RAW/cs_hist.txt")"
    sql "SELECT pg_prewarm(c) FROM unnest(ARRAY['cs_pairs', 'cs_pairs_a', 'cs_pairs_b']::regclass[]) c" >/dev/null
fi

if part c; then
    # Carts: CALLS carts of CART distinct products, by kind (cart_id % 3):
    #   popular  ranks uniform over the top 50
    #   mixed    ranks from the popularity law (as real carts)
    #   rare     ranks uniform over all products (mostly the long tail)
    sql "CREATE TABLE carts AS
         WITH d AS (
             SELECT c, j, ((hashint8extended(c * 64 + j, 300) & 9007199254740991)::float8 + 0.5) / 9007199254740992 AS u
               FROM generate_series(0, $CALLS - 1) c, generate_series(1, 40) j
         ), r AS (
             SELECT c, j, CASE c % 3
                            WHEN 0 THEN 1 + floor(u * 50)
                            WHEN 1 THEN least($PRODUCTS, greatest(1, floor(CASE WHEN $ZIPF_S = 1 THEN power($PRODUCTS + 1, u)
                                        ELSE power(1 + u * (power($PRODUCTS + 1, 1 - $ZIPF_S) - 1), 1 / (1 - $ZIPF_S)) END)))
                            ELSE 1 + floor(u * $PRODUCTS) END::int AS rank
               FROM d
         ), f AS (
             SELECT c, p.product_id, min(j) AS j FROM r JOIN products p ON p.popularity_rank = r.rank GROUP BY c, p.product_id
         )
         SELECT c AS cart_id, (ARRAY['popular', 'mixed', 'rare'])[1 + c % 3] AS kind,
                (array_agg(product_id::text ORDER BY j))[1:$CART] AS cart
           FROM f GROUP BY c;
         ALTER TABLE carts ADD COLUMN candidates bigint;
         UPDATE carts SET candidates = (SELECT count(*) FROM cs_pairs t WHERE t.product_a = ANY (cart) OR t.product_b = ANY (cart));
         ANALYZE carts"
    # The loop: every cart once per form, the forms in a rotating order: fn
    # (aov_cross_sell), sql (its query, run directly), naive (plain SQL over
    # every candidate pair).
    sql "CREATE TABLE cs_times (mode text, pass int, cart_id int, kind text, ms float8, nrows int, res text[]);
CREATE FUNCTION bench_cross_sell(pass int, tab regclass, k int) RETURNS void LANGUAGE plpgsql AS \$f\$
DECLARE
    modes text[] := ARRAY['fn', 'sql', 'naive'];
    mode text;
    saved_bitmap text := current_setting('enable_bitmapscan');
    saved_workers text := current_setting('max_parallel_workers_per_gather');
    c record;
    t0 timestamptz;
    t1 timestamptz;
    res text[];
    -- the end of both queries below: the best pair per recommended product
    -- (cand: product, lift, confidence, support, n_ab, because_of), the best k
    best_k text := \$q\$
        SELECT * FROM (
            SELECT DISTINCT ON (product) product, lift, confidence, support, n_ab, because_of
              FROM cand
             ORDER BY product, lift DESC, confidence DESC, because_of) best
         ORDER BY lift DESC, confidence DESC, product
         LIMIT \$2) x
        \$q\$;
    -- the query of aov_cross_sell, with the same parameters (\$1 cart, \$2 k,
    -- \$3 min_count, \$4 min_support, \$5 min_lift); keep it in step with
    -- the function in src/sql/aov_ext.sql
    q_sql text := format(\$q\$
        SELECT array_agg(x::text) FROM (
        WITH cart AS (SELECT DISTINCT c FROM unnest(\$1) AS c),
        cand AS (
            SELECT x.* FROM cart CROSS JOIN LATERAL (
                SELECT t.product_b AS product, t.lift, t.confidence_ab AS confidence, t.support, t.n_ab,
                       t.product_a AS because_of
                  FROM %1\$s t
                 WHERE t.product_a = cart.c AND t.product_b <> ALL (\$1)
                   AND t.n_ab >= \$3 AND t.support >= \$4 AND t.lift >= \$5
                 ORDER BY t.lift DESC, t.confidence_ab DESC, t.product_b
                 LIMIT \$2) x
            UNION ALL
            SELECT x.* FROM cart CROSS JOIN LATERAL (
                SELECT t.product_a, t.lift, t.confidence_ba, t.support, t.n_ab, t.product_b
                  FROM %1\$s t
                 WHERE t.product_b = cart.c AND t.product_a <> ALL (\$1)
                   AND t.n_ab >= \$3 AND t.support >= \$4 AND t.lift >= \$5
                 ORDER BY t.lift DESC, t.confidence_ba DESC, t.product_a
                 LIMIT \$2) x
        )
        %2\$s
        \$q\$, tab, best_k);
    -- the same ranking in the plain SQL one writes first: every pair with a
    -- cart product, the best pair per recommended product, the best k
    q_naive text := format(\$q\$
        SELECT array_agg(x::text) FROM (
        WITH cand AS (
            SELECT t.product_b AS product, t.lift, t.confidence_ab AS confidence, t.support, t.n_ab,
                   t.product_a AS because_of
              FROM %1\$s t
             WHERE t.product_a = ANY (\$1) AND t.product_b <> ALL (\$1)
               AND t.n_ab >= \$3 AND t.support >= \$4 AND t.lift >= \$5
            UNION ALL
            SELECT t.product_a, t.lift, t.confidence_ba, t.support, t.n_ab, t.product_b
              FROM %1\$s t
             WHERE t.product_b = ANY (\$1) AND t.product_a <> ALL (\$1)
               AND t.n_ab >= \$3 AND t.support >= \$4 AND t.lift >= \$5
        )
        %2\$s
        \$q\$, tab, best_k);
BEGIN
    FOR c IN SELECT * FROM carts ORDER BY cart_id LOOP
        FOR i IN 0 .. 2 LOOP
            mode := modes[1 + (c.cart_id + i) % 3];
            IF mode = 'fn' THEN
                t0 := clock_timestamp();
                SELECT array_agg(r::text) INTO res FROM aov_cross_sell(tab, c.cart, k, min_count => 1, min_lift => 0) r;
                t1 := clock_timestamp();
            ELSIF mode = 'sql' THEN
                -- the settings the function runs its query with
                PERFORM set_config('enable_bitmapscan', 'off', true), set_config('max_parallel_workers_per_gather', '0', true);
                t0 := clock_timestamp();
                EXECUTE q_sql INTO res USING c.cart, k, 1::bigint, 0::float8, 0::float8;
                t1 := clock_timestamp();
                PERFORM set_config('enable_bitmapscan', saved_bitmap, true),
                        set_config('max_parallel_workers_per_gather', saved_workers, true);
            ELSE
                t0 := clock_timestamp();
                EXECUTE q_naive INTO res USING c.cart, k, 1::bigint, 0::float8, 0::float8;
                t1 := clock_timestamp();
            END IF;
            INSERT INTO cs_times VALUES (mode, pass, c.cart_id, c.kind, extract(epoch FROM t1 - t0) * 1000,
                                         coalesce(cardinality(res), 0), res);
        END LOOP;
    END LOOP;
END
\$f\$" >/dev/null
    echo
    echo "== (c) aov_cross_sell: $CALLS carts of $CART products, k = $K, on cs_pairs ($CS_ROWS pairs, min_count $CROSS_MIN_COUNT)"
    # pass 0 untimed (warm-up: caches, catalog lookups), pass 1 timed
    if ! sql "SELECT bench_cross_sell(0, 'cs_pairs', $K); SELECT bench_cross_sell(1, 'cs_pairs', $K)" >"$RAW/cs_loop.out" 2>&1; then
        echo "   !! the cross-sell loop failed: $(grep -m1 ERROR "$RAW/cs_loop.out")"
    fi
    sql "COPY (SELECT mode, cart_id, kind, ms, nrows, array_to_string(res, ' ; ') FROM cs_times WHERE pass = 1 ORDER BY mode, cart_id)
         TO STDOUT WITH (FORMAT csv, HEADER)" >"$RAW/cs_times.csv"
    echo "   per call, ms (server side: clock_timestamp() around each call in a PL/pgSQL loop, after one untimed pass);"
    echo "   the three forms interleaved cart by cart; x naive = median / the naive form's median for the same carts;"
    echo "   candidates = pair rows with a cart product (what the naive form reads and sorts), median / p95 per kind"
    echo
    fmt='%-52s %-8s %6s %9s %9s %9s %9s %8s %12s\n'
    printf "$fmt" "form" "carts" "calls" "median" "p95" "max" "mean" "x naive" "candidates"
    printf '%s\n' "$(printf '%.0s-' {1..128})"
    declare -A CSMED CSP95 labels
    labels=([fn]="aov_cross_sell('cs_pairs', cart, $K)" [sql]="its query run directly  [reference]"
            [naive]="plain SQL over every candidate pair  [baseline]")
    CSROWS=$(sql "SELECT t.mode, coalesce(t.kind, 'all'), count(*),
                         percentile_cont(0.5) WITHIN GROUP (ORDER BY ms), percentile_cont(0.95) WITHIN GROUP (ORDER BY ms),
                         max(ms), avg(ms),
                         percentile_disc(0.5) WITHIN GROUP (ORDER BY c.candidates), percentile_disc(0.95) WITHIN GROUP (ORDER BY c.candidates)
                    FROM cs_times t JOIN carts c USING (cart_id)
                   WHERE t.pass = 1
                   GROUP BY GROUPING SETS ((t.mode, t.kind), (t.mode))
                   ORDER BY array_position(ARRAY['fn', 'sql', 'naive'], t.mode),
                            array_position(ARRAY['popular', 'mixed', 'rare', 'all'], coalesce(t.kind, 'all'))")
    while IFS='|' read -r mode kind n med p95 mx mean cmed cp95; do
        [ -n "$mode" ] || continue
        CSMED[$mode,$kind]=$med; CSP95[$mode,$kind]=$p95
    done <<<"$CSROWS"
    while IFS='|' read -r mode kind n med p95 mx mean cmed cp95; do
        [ -n "$mode" ] || continue
        printf "$fmt" "${labels[$mode]}" "$kind" "$n" "$(fmt_ms3 "$med")" "$(fmt_ms3 "$p95")" "$(fmt_ms3 "$mx")" "$(fmt_ms3 "$mean")" \
            "$(dash "$(ratio "$med" "${CSMED[naive,$kind]:-}")")" "$cmed / $cp95"
    done <<<"$CSROWS"
    echo
    echo "   slowest aov_cross_sell calls:"
    sql "SELECT format('      %s ms  %s cart %s, %s candidate rows: %s', round(t.ms::numeric, 2), t.kind, t.cart_id, c.candidates, c.cart)
           FROM cs_times t JOIN carts c USING (cart_id) WHERE t.mode = 'fn' AND t.pass = 1 ORDER BY t.ms DESC LIMIT 3"
    worst=$(sql "SELECT cart FROM cs_times t JOIN carts c USING (cart_id) WHERE t.mode = 'fn' AND t.pass = 1 ORDER BY t.ms DESC LIMIT 1")
    sql "LOAD 'auto_explain'; SET auto_explain.log_min_duration = 0; SET auto_explain.log_analyze = on;
         SET auto_explain.log_buffers = on; SET auto_explain.log_nested_statements = on; SET client_min_messages = log;
         SELECT * FROM aov_cross_sell('cs_pairs', '$worst'::text[], $K, min_count => 1, min_lift => 0)" >"$RAW/cs_worst.plan" 2>&1
    echo "   its plan (auto_explain, nested): $RAW/cs_worst.plan; all timings: $RAW/cs_times.csv"

    for kind in popular mixed rare all; do
        echo "   aov_cross_sell / naive plain SQL ($kind carts): median $(dash "$(ratio "${CSMED[fn,$kind]:-}" "${CSMED[naive,$kind]:-}")")," \
             "p95 $(dash "$(ratio "${CSP95[fn,$kind]:-}" "${CSP95[naive,$kind]:-}")")"
    done

    # checks: the same rows from the function, its query and the naive plain SQL; cart
    # products never recommended; at most k rows, in lift order
    r=$(sql "SELECT count(*) FILTER (WHERE f.res IS NOT DISTINCT FROM s.res), count(*) FILTER (WHERE f.res IS NOT DISTINCT FROM k.res), count(*),
                    min(f.cart_id) FILTER (WHERE f.res IS DISTINCT FROM s.res), min(f.cart_id) FILTER (WHERE f.res IS DISTINCT FROM k.res)
               FROM cs_times f JOIN cs_times s USING (cart_id, pass) JOIN cs_times k USING (cart_id, pass)
              WHERE f.mode = 'fn' AND s.mode = 'sql' AND k.mode = 'naive' AND f.pass = 1")
    IFS='|' read -r same_sql same_naive ncalls d_sql d_naive <<<"$r"
    if [ -n "$ncalls" ] && [ "$ncalls" != 0 ] && [ "$same_sql" = "$ncalls" ]; then
        check OK "aov_cross_sell = its query run directly" "$ncalls carts, same rows"
    else
        check FAIL "aov_cross_sell vs its query run directly" "${same_sql:-?} of ${ncalls:-?} carts equal (first differing cart: ${d_sql:-?})"
    fi
    if [ -n "$ncalls" ] && [ "$ncalls" != 0 ] && [ "$same_naive" = "$ncalls" ]; then
        check OK "aov_cross_sell = plain SQL over every candidate pair" "$ncalls carts, same rows"
    else
        check FAIL "aov_cross_sell vs plain SQL over every candidate pair" "${same_naive:-?} of ${ncalls:-?} carts equal (first differing cart: ${d_naive:-?})"
    fi
    r=$(sql "SELECT count(*) FILTER (WHERE r.product = ANY (c.cart)), count(*) FILTER (WHERE r.n > $K),
                    count(*) FILTER (WHERE r.lift > r.prev_lift), count(DISTINCT t.cart_id) FILTER (WHERE t.nrows = 0),
                    count(DISTINCT t.cart_id) FILTER (WHERE t.nrows < $K),
                    count(*) FILTER (WHERE r.n_ab < $MIN_COUNT), count(r.n)
               FROM cs_times t JOIN carts c USING (cart_id)
               LEFT JOIN LATERAL (SELECT (x::text[])[1] AS product, (x::text[])[2]::float8 AS lift, n,
                                         (x::text[])[5]::bigint AS n_ab,
                                         lag((x::text[])[2]::float8) OVER (ORDER BY n) AS prev_lift
                                    FROM unnest(t.res) WITH ORDINALITY AS u(s, n),
                                         LATERAL (SELECT ('{' || trim(both '()' FROM u.s) || '}') AS x) y) r ON true
              WHERE t.mode = 'fn' AND t.pass = 1")
    IFS='|' read -r in_cart over_k unordered empty short rare_n nrec <<<"$r"
    if [ "$in_cart$over_k$unordered" = 000 ]; then
        check OK "aov_cross_sell: no cart product, <= $K rows, lift order" "carts with no recommendation: $empty, fewer than $K: $short"
    else
        check FAIL "aov_cross_sell: result rows" "cart products recommended: $in_cart, more than k: $over_k, out of lift order: $unordered"
    fi
    echo "   recommendations from pairs seen in fewer than $MIN_COUNT orders: ${rare_n:-?} of ${nrec:-?}" \
         "(called with min_count => 1; the default, 20, leaves these out)"
fi

if part d; then
    echo
    echo "== (d) aov_bundles on cs_pairs ($CS_ROWS pairs): median of $RUNS interleaved runs, ms (psql \\timing, one-row query)"
    BUNDLE_SQL="SELECT t.product_a, t.product_b, t.n_ab, t.support, t.lift, t.confidence_ab, t.confidence_ba, t.p_value,
       NULL::numeric AS price_a, NULL::numeric AS price_b, NULL::numeric AS bundle_price
  FROM cs_pairs t
 WHERE t.lift >= 2 AND t.support >= 0.001 AND t.p_value <= 0.001
 ORDER BY t.lift * t.support DESC, t.product_a, t.product_b"
    addq bun_fn    scalar "$SERIAL_SET" "aov_bundles('cs_pairs')" "SELECT count(*) FROM aov_bundles('cs_pairs')"
    addq bun_price scalar "$SERIAL_SET" "aov_bundles('cs_pairs', prices => 'products')" \
        "SELECT count(*) FROM aov_bundles('cs_pairs', prices => 'products')"
    addq bun_sql   scalar "$SERIAL_SET" "the same query in plain SQL  [baseline]" "SELECT count(*) FROM ($BUNDLE_SQL) b"
    WARM_SESSION=1
    measure_all bun_fn bun_price bun_sql
    echo
    fmt='%-48s %10s %10s %8s %8s  %s\n'
    printf "$fmt" "query" "median ms" "best ms" "x sql" "rows" "runs, ms"
    printf '%s\n' "$(printf '%.0s-' {1..110})"
    for id in bun_fn bun_price bun_sql; do
        printf "$fmt" "${Q_LABEL[$id]}" "$(fmt_ms "${MED[$id]:-}")" "$(fmt_ms "${BEST[$id]:-}")" \
            "$(dash "$(ratio "${MED[$id]:-}" "${MED[bun_sql]:-}")")" "${VAL[$id]:-${PLAN[$id]:-}}" "${TIMES[$id]:-}"
    done
    echo
    echo "   top 5 (with prices):"
    psql -X -q -P footer=off -c "SELECT product_a, product_b, n_ab, round(support::numeric, 5) AS support, round(lift::numeric, 1) AS lift,
                round(confidence_ab::numeric, 3) AS conf_ab, round(confidence_ba::numeric, 3) AS conf_ba,
                to_char(p_value, '9.9EEEE') AS p_value, price_a, price_b, bundle_price
           FROM aov_bundles('cs_pairs', prices => 'products') LIMIT 5" | sed 's/^/   /'
    # every row as text, in order (the row number appended), for the function and its query
    h1=$(sql "SELECT count(*) || ' ' || md5(string_agg(b::text, ';' ORDER BY o))
                FROM aov_bundles('cs_pairs') WITH ORDINALITY AS b(a, b2, n, s, l, ca, cb, p, pa, pb, bp, o)")
    h2=$(sql "SELECT count(*) || ' ' || md5(string_agg(b::text, ';' ORDER BY o))
                FROM (SELECT x.*, row_number() OVER () AS o FROM ($BUNDLE_SQL) x) AS b")
    if [ -n "$h1" ] && [ "$h1" = "$h2" ]; then
        check OK "aov_bundles = its query run directly" "${h1%% *} rows, same rows in the same order"
    else
        check FAIL "aov_bundles vs its query run directly" "$h1 vs $h2"
    fi
    r=$(sql "SELECT count(*) FILTER (WHERE bundle_price IS DISTINCT FROM price_a + price_b OR price_a IS NULL OR price_b IS NULL), count(*)
               FROM aov_bundles('cs_pairs', prices => 'products')")
    IFS='|' read -r badp nb <<<"$r"
    [ "$badp" = 0 ] && check OK "aov_bundles with prices: bundle_price = price_a + price_b" "$nb rows" \
        || check FAIL "aov_bundles with prices" "$badp of $nb rows without prices or with a wrong bundle price"
fi

###########################################################################
# CSV, targets, checks.
###########################################################################
{
    echo "id,median_ms,best_ms,runs,times_ms,result_stable,peak_rss_kb,peak_above_base_mb,temp_bytes_per_run,wall_s,plan,result"
    for id in "${Q_IDS[@]}"; do
        [ -n "${NRUN[$id]:-}" ] || continue
        echo "$id,${MED[$id]:-},${BEST[$id]:-},${NRUN[$id]:-},${TIMES[$id]:-},${STABLE[$id]:-},${RSS[$id]:-},$(mem_over "$id"),${TEMP[$id]:-},${WALL[$id]:-},\"${PLAN[$id]:-}\",\"$(echo "${VAL[$id]:-}" | sed 's/"/""/g')\""
    done
    if [ -s "$RAW/cs_times.csv" ]; then
        # one row per form and cart kind: median, best, calls; p95 and max in the plan column
        sql "SELECT 'cross_sell_' || mode || '_' || coalesce(kind, 'all'),
                    round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 3), round(min(ms)::numeric, 3), count(*),
                    '', '', '', '', '', '',
                    '\"p95 ' || round(percentile_cont(0.95) WITHIN GROUP (ORDER BY ms)::numeric, 3)
                        || ' ms, max ' || round(max(ms)::numeric, 3) || ' ms, $CS_ROWS pairs\"', ''
               FROM cs_times WHERE pass = 1 GROUP BY GROUPING SETS ((mode, kind), (mode)) ORDER BY 1" | tr '|' ','
    fi
} >"$CSV"

bench_finish
