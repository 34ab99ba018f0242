#!/usr/bin/env bash
# before_after.sh: the main operations of aov_ext timed on two installed
# versions, one cluster each, interleaved in one run, with the results of the
# two versions compared.  For "not slower than the previous release".
#
#   test/bench/before_after.sh OLD_CONNINFO NEW_CONNINFO
#   test/bench/before_after.sh "host=/tmp port=5670 user=postgres" "host=/tmp port=5620 user=postgres"
#   ROWS=1000000 RUNS=3 test/bench/before_after.sh ...          # quick run
#
# Unlike the other scripts of test/bench it starts no cluster and builds
# nothing: it is given two running clusters, each with its version of aov_ext
# installed (the old one e.g. release 0.3.0 built from its tag, the new one
# the working tree), and it assumes both have the same server settings (it
# prints them side by side, and the baseline rows show whether the two
# clusters run plain SQL equally fast).  Only the public API is called, whose
# names are the same in 0.3.0 and 0.4.0.
#
# Data: in each database, orders (gen_customer_orders.sql, ROWS orders) and
# order_lines (gen_order_lines.sql, LINE_ORDERS orders of ~3 lines).  GEN=auto
# generates a table on a side where it is missing or has another size;
# GEN=1 always regenerates; GEN=0 never does.  The generators are
# deterministic, and a fingerprint of both tables is compared between the
# sides before any timing.  Both tables are loaded into shared_buffers
# (pg_prewarm) before the timings.
#
# The operations (ids; _s = max_parallel_workers_per_gather 0, _p = PAR_WORKERS
# workers with parallel costs at 0; report/diag without a suffix run with the
# cluster's own settings, as a user's call would):
#   avg, cnt, cntl  avg(revenue) and count(*) over orders, count(*) over
#                   order_lines: the same-run baselines (the same plain SQL on
#                   both sides: their new/old ratio shows how comparable the
#                   two clusters are, i.e. the noise floor)
#   tm_num, tm_f8   aov_trimmed_mean(revenue | revenue_f, 0.05)
#   top             aov_top_values(revenue, 3)
#   brk, brk_t      aov_breakdown(revenue, items, customer_id[, 0.05]) over all orders
#   brkg, brkg_t    the same GROUP BY order_id % 1000 (1000 groups of 10,000 orders)
#   roll, roll_t    aov_summary(revenue, items, customer_id[, 0.05]) per day,
#                   aov_rollup into months, aov_breakdown of each month
#   report          aov_report('orders', 'month')
#   diag            diagnose_aov_drop('orders', month MONTH, the month after) (trim 0.05)
#   cop             aov_copurchase(order_id, product_id) over order_lines + aov_pairs_info
#   pairtab         aov_pair_table('order_lines', min_count => 20)
# Queries returning many rows are wrapped in count(*) and an md5 of their
# rows in a fixed order, so that the client transfer is not timed and the
# results can be compared.
#
# How the time is measured: psql \timing (client round trip of the query over
# a local socket), one new session per execution, after an untimed call that
# loads the library.  Per operation: one untimed warm-up on each side (which
# also logs the plans of the query and of any statement a function runs,
# auto_explain without ANALYZE), then RUNS rounds, each running the query once
# on each side, the side that goes first alternating (old new, new old, ...),
# so that a drift of the machine's load hits both sides alike.  Medians.
# Each timed session also reports the backend's user + system CPU time of
# the query (log_statement_stats): for a serial query all of its work, and
# less disturbed by other processes than the elapsed time (for a parallel
# one only the leader's share, so not shown).  The machine may be shared:
# only ratios between the sides, measured in the same run, mean anything.
#
# Environment (defaults in brackets):
#   ROWS (or rows) [10000000]  orders to generate in orders
#   LINE_ORDERS [670000]   orders of order_lines (~3 lines each: ~2M lines)
#   RUNS [5]               timed rounds per operation
#   PAR_WORKERS [2]        workers per Gather of the _p rows
#   MONTH [2025-05-01]     diagnose_aov_drop's baseline month (current: the month after)
#   GEN [auto]             see Data above
#   ONLY []                space-separated ids to run (e.g. "avg_s tm_num_s report")
#   PROFILE [1]            for an operation whose median ratio new/old exceeds
#                          PROFILE_THRESHOLD [1.10], one more serial execution on each
#                          side under perf record -g (the backend only), top symbols printed
#   OUT_DIR [<repo>/test/out/bench]   before_after_report.txt, before_after_results.csv,
#                          before_after_raw/ (psql scripts, outputs, plans, perf reports)

# shellcheck source=lib.sh
. "$(dirname "$(readlink -f "$0")")/lib.sh"   # LC_ALL=C, SCRIPT, BENCH_DIR, REPO; bench_median, bench_time_of
set +e                          # failures are handled where they happen

if [ $# -ne 2 ]; then
    sed -n '2,9p' "$SCRIPT" | sed 's/^# \{0,1\}//'
    echo "usage: $0 OLD_CONNINFO NEW_CONNINFO" >&2
    exit 2
fi
declare -A DSN=([old]=$1 [new]=$2)
SIDES=(old new)

ROWS=${ROWS:-${rows:-10000000}}
LINE_ORDERS=${LINE_ORDERS:-670000}
RUNS=${RUNS:-5}
MONTH=${MONTH:-2025-05-01}
GEN=${GEN:-auto}
PROFILE=${PROFILE:-1}
PROFILE_THRESHOLD=${PROFILE_THRESHOLD:-1.10}

RAW="$OUT_DIR/before_after_raw"
REPORT="$OUT_DIR/before_after_report.txt"
CSV="$OUT_DIR/before_after_results.csv"
mkdir -p "$OUT_DIR"
rm -rf "$RAW"; mkdir -p "$RAW"
exec > >(tee "$REPORT") 2>&1

export PGTZ=UTC
PSQL=(psql -X -q -At -v ON_ERROR_STOP=1)
q() {  # side sql
    "${PSQL[@]}" -d "${DSN[$1]}" -c "$2"
}

DEFAULT_SET=""

echo "== aov_ext before/after benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "load    : $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, before the run)"
echo "machine : $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(awk '/MemTotal/ {printf "%.1f GiB RAM", $2/1048576}' /proc/meminfo)"
SETTINGS="shared_buffers work_mem jit max_parallel_workers_per_gather max_parallel_workers max_worker_processes autovacuum TimeZone huge_pages"
for s in "${SIDES[@]}"; do
    if ! q "$s" "SELECT 1" >/dev/null; then echo "ERROR: cannot connect to the $s cluster (${DSN[$s]})"; exit 1; fi
    lib=$("${PSQL[@]}" -d "${DSN[$s]}" -c "SELECT aov_trimmed_mean(1::float8, 0.0)" \
          -c "SELECT substring(pg_read_file('/proc/' || pg_backend_pid() || '/maps') FROM '[^ ]*aov_ext[.]so')" 2>&1 | tail -1)
    printf '%-4s    : %s\n' "$s" "${DSN[$s]}"
    echo "          aov_ext $(q "$s" "SELECT extversion FROM pg_extension WHERE extname = 'aov_ext'") from $lib"
    echo "          $(q "$s" "SELECT split_part(version(), ' on ', 1)")"
    echo "          $(q "$s" "SELECT string_agg(name || '=' || current_setting(name), ' ' ORDER BY array_position(string_to_array('$SETTINGS', ' '), name))
                              FROM pg_settings WHERE name = ANY (string_to_array('$SETTINGS', ' '))")"
    q "$s" "CREATE EXTENSION IF NOT EXISTS pg_prewarm" >/dev/null 2>&1
done
if [ "$(q old "SELECT string_agg(name || '=' || setting, ' ' ORDER BY name) FROM pg_settings WHERE name = ANY (string_to_array('$SETTINGS', ' '))")" != \
     "$(q new "SELECT string_agg(name || '=' || setting, ' ' ORDER BY name) FROM pg_settings WHERE name = ANY (string_to_array('$SETTINGS', ' '))")" ]; then
    echo "WARNING: the two clusters' settings differ (above)"
fi
echo "run     : rows=$ROWS line_orders=$LINE_ORDERS runs=$RUNS parallel workers=$PAR_WORKERS month=$MONTH"

###########################################################################
# Data.
###########################################################################
gen_side() {  # side
    local s=$1 n
    n=$(q "$s" "SELECT count(*) FROM orders" 2>/dev/null)
    if [ "$GEN" = 1 ] || { [ "$GEN" = auto ] && [ "$n" != "$ROWS" ]; }; then
        echo "   $s: generating orders ($ROWS rows)"
        "${PSQL[@]}" -d "${DSN[$s]}" -v rows="$ROWS" -f "$BENCH_DIR/gen_customer_orders.sql" >"$RAW/gen_orders.$s.out" 2>&1 \
            || { echo "ERROR: generating orders on $s failed"; tail -5 "$RAW/gen_orders.$s.out"; return 1; }
    fi
    n=$(q "$s" "SELECT count(DISTINCT order_id) FROM order_lines" 2>/dev/null)
    if [ "$GEN" = 1 ] || { [ "$GEN" = auto ] && [ "$n" != "$LINE_ORDERS" ]; }; then
        echo "   $s: generating order_lines ($LINE_ORDERS orders)"
        "${PSQL[@]}" -d "${DSN[$s]}" -v orders="$LINE_ORDERS" -f "$BENCH_DIR/gen_order_lines.sql" >"$RAW/gen_lines.$s.out" 2>&1 \
            || { echo "ERROR: generating order_lines on $s failed"; tail -5 "$RAW/gen_lines.$s.out"; return 1; }
    fi
}
echo
echo "== data"
for s in "${SIDES[@]}"; do gen_side "$s" || exit 1; done
FP_SQL="SELECT (SELECT count(*) || ' orders, revenue ' || sum(revenue) || ', row hash sum ' || sum(hashtextextended(o::text, 0)::numeric)
          FROM orders o) || ' | ' ||
       (SELECT count(*) || ' lines, row hash sum ' || sum(hashtextextended(l::text, 0)::numeric) FROM order_lines l)"
declare -A FP
for s in "${SIDES[@]}"; do
    FP[$s]=$(q "$s" "$FP_SQL")
    echo "   $s: ${FP[$s]}"
done
if [ -z "${FP[old]}" ] || [ "${FP[old]}" != "${FP[new]}" ]; then
    echo "ERROR: the two databases do not hold the same data (GEN=1 regenerates both)"; exit 1
fi
echo "   same data on both sides"
prewarm() {
    local s
    for s in "${SIDES[@]}"; do
        q "$s" "SELECT pg_prewarm('orders'), pg_prewarm('order_lines')" >/dev/null
        q "$s" "$SERIAL_SET SELECT count(*), sum(revenue) FROM orders" >/dev/null
    done
}
echo "== warming the caches (pg_prewarm + one pass, both sides)"
prewarm

# The two months of the diagnosis (UTC)
M0=$(q new "SELECT to_char(lower(aov_period('month', '$MONTH')), 'YYYY-MM-DD')")
M1=$(q new "SELECT to_char(upper(aov_period('month', '$MONTH')), 'YYYY-MM-DD')")

###########################################################################
# The operations: id | mode (serial, parallel, default) | label | query
###########################################################################
OPS=()
declare -A O_MODE O_LABEL O_SQL
addop() { OPS+=("$1"); O_MODE[$1]=$2; O_LABEL[$1]=$3; O_SQL[$1]=$4; }
addsp() {  # base id, label, query: a serial and a parallel row
    addop "${1}_s" serial "$2" "$3"
    addop "${1}_p" parallel "$2" "$3"
}
BRKG="SELECT count(*), md5(string_agg(k || ':' || b::text, ';' ORDER BY k))
  FROM (SELECT order_id % 1000 AS k, aov_breakdown(revenue, items, customer_id@TRIM@) AS b FROM orders GROUP BY 1) s"
ROLL="SELECT count(*), md5(string_agg(m || ':' || b::text, ';' ORDER BY m))
  FROM (SELECT date_trunc('month', d) AS m, aov_breakdown(aov_rollup(s)) AS b
          FROM (SELECT date_trunc('day', ordered_at) AS d, aov_summary(revenue, items, customer_id@TRIM@) AS s
                  FROM orders GROUP BY 1) days
         GROUP BY 1) months"
addsp avg     "avg(revenue)  [baseline]" "SELECT avg(revenue) FROM orders"
addsp cnt     "count(*)  [baseline]" "SELECT count(*) FROM orders"
addsp cntl    "count(*) FROM order_lines  [baseline]" "SELECT count(*) FROM order_lines"
addsp tm_num  "aov_trimmed_mean(revenue, 0.05)" "SELECT aov_trimmed_mean(revenue, 0.05) FROM orders"
addsp tm_f8   "aov_trimmed_mean(revenue_f, 0.05)" "SELECT aov_trimmed_mean(revenue_f, 0.05) FROM orders"
addsp top     "aov_top_values(revenue, 3)" "SELECT aov_top_values(revenue, 3) FROM orders"
addsp brk     "aov_breakdown(revenue, items, customer_id)" "SELECT aov_breakdown(revenue, items, customer_id) FROM orders"
addsp brk_t   "aov_breakdown(..., customer_id, 0.05)" "SELECT aov_breakdown(revenue, items, customer_id, 0.05) FROM orders"
addsp brkg    "aov_breakdown(...) GROUP BY 1000 groups" "${BRKG//@TRIM@/}"
addsp brkg_t  "aov_breakdown(..., 0.05) GROUP BY 1000 groups" "${BRKG//@TRIM@/, 0.05}"
addsp roll    "aov_summary per day + aov_rollup to months" "${ROLL//@TRIM@/}"
addsp roll_t  "aov_summary(..., 0.05) per day + aov_rollup" "${ROLL//@TRIM@/, 0.05}"
addop report  default "aov_report('orders', 'month')" \
    "SELECT count(*), md5(string_agg(r::text, ';' ORDER BY r.period, r.segment)) FROM aov_report('orders', 'month') r"
addop report_s serial "aov_report('orders', 'month')" "${O_SQL[report]}"
addop diag    default "diagnose_aov_drop('orders', 2 months)" \
    "SELECT count(*), md5(string_agg(d::text, ';' ORDER BY d.scope)) FROM diagnose_aov_drop('orders', aov_period('month', '$M0'), aov_period('month', '$M1')) d"
addop diag_s  serial "diagnose_aov_drop('orders', 2 months)" "${O_SQL[diag]}"
addsp cop     "aov_copurchase(order_id, product_id) + info" \
    "SELECT i.* FROM (SELECT aov_copurchase(order_id, product_id) AS p FROM order_lines) c, aov_pairs_info(c.p) i"
addop pairtab default "aov_pair_table('order_lines', min_count => 20)" \
    "SELECT count(*), sum(n_ab), md5(string_agg(t::text, ';' ORDER BY t.product_a, t.product_b)) FROM aov_pair_table('order_lines', min_count => 20) t"
BASE_OF() {  # the baseline row of an operation: same table and mode
    case $1 in
        cop_s) echo cntl_s ;; cop_p|pairtab) echo cntl_p ;;
        *_p|report|diag) echo avg_p ;;
        *) echo avg_s ;;
    esac
}
wanted() {
    [ -z "$ONLY" ] && return 0
    case " $ONLY " in *" $1 "*) return 0 ;; *) return 1 ;; esac
}
set_of() { case ${O_MODE[$1]} in serial) echo "$SERIAL_SET" ;; parallel) echo "$PARALLEL_SET" ;; *) echo "$DEFAULT_SET" ;; esac; }

###########################################################################
# Measurement.
###########################################################################
declare -A TIMES CPU CMED RES PLAN ERR MED MIN MAX STABLE
# one execution: side id kind (warm | timed) -> time in TIMES, result md5 in RES
run_one() {
    local s=$1 id=$2 kind=$3 f base t res
    base="$RAW/$id.$s"
    f="$RAW/$id.$kind.psql"
    if [ ! -s "$f" ]; then
        {
            echo "$(set_of "$id")"
            # load the library and warm the session's catalog caches
            echo "SELECT aov_trimmed_mean(1::float8, 0.0) \\g /dev/null"
            if [ "$kind" = warm ]; then
                echo "LOAD 'auto_explain';"
                echo "SET auto_explain.log_min_duration = 0; SET auto_explain.log_nested_statements = on;"
                echo "SET client_min_messages = log;"
            else
                # the backend's CPU time of the query (getrusage, to the client)
                echo "SET log_statement_stats = on; SET client_min_messages = log;"
            fi
            echo '\timing on'
            echo "${O_SQL[$id]};"
        } >"$f"
    fi
    if ! "${PSQL[@]}" -d "${DSN[$s]}" -f "$f" >"$base.$kind.out" 2>"$base.$kind.err"; then
        ERR[$id,$s]="$(grep -m1 -E 'ERROR|FATAL|server closed' "$base.$kind.err" || head -1 "$base.$kind.err")"
        return 1
    fi
    t=$(bench_time_of "$base.$kind.out")
    res=$(grep -v '^Time: ' "$base.$kind.out")
    if [ "$kind" = warm ]; then
        printf '%s\n' "$res" >"$base.result"
        awk '/LOG:  duration: .* plan:/ {on = 1} on' "$base.$kind.err" | sed 's/^psql:[^ ]* //' >"$base.plan"
        RES[$id,$s,warm]=$(printf '%s' "$res" | md5sum | cut -c1-12)
    else
        TIMES[$id,$s]="${TIMES[$id,$s]:-}${TIMES[$id,$s]:+ }$t"
        # user + system CPU of the last statement (the query), ms
        t=$(awk '/ s user, .* s system, .* s elapsed/ {u = $2; y = $5} END {if (u != "") printf "%.1f", 1000 * (u + y)}' "$base.$kind.err")
        CPU[$id,$s]="${CPU[$id,$s]:-}${CPU[$id,$s]:+ }$t"
        RES[$id,$s]="${RES[$id,$s]:-}${RES[$id,$s]:+ }$(printf '%s' "$res" | md5sum | cut -c1-12)"
    fi
}
plan_summary() {  # plan file -> short text
    local a=$1 p=""
    [ -s "$a" ] || { echo "-"; return; }
    if grep -q 'Gather' "$a"; then
        if grep -Eq 'Partial (Hash|Group)?Aggregate' "$a"; then
            p="$(grep -Eo 'Partial (Hash|Group)?Aggregate' "$a" | sort | uniq -c | awk '{printf "%s%s%s", s, ($1 > 1 ? $1 "x " : ""), $2 " " $3; s = ", "}')"
        else
            p="Gather, no Partial Aggregate"
        fi
        p="$p, $(grep -o 'Workers Planned: [0-9]*' "$a" | awk '{print $3}' | paste -sd+) workers planned"
    else
        p="serial"
    fi
    grep -q 'HashAggregate' "$a" && ! grep -q 'Partial HashAggregate' "$a" && p="$p, HashAggregate"
    grep -q 'Hash Join' "$a" && p="$p, Hash Join"
    echo "$p"
}

echo
echo "== timing: per operation one untimed warm-up per side, then $RUNS rounds (old new, new old, ...); raw output in $RAW"
for id in "${OPS[@]}"; do
    wanted "$id" || continue
    printf '   %-9s ' "$id"
    t0=$SECONDS
    for s in "${SIDES[@]}"; do run_one "$s" "$id" warm; done
    for ((r = 1; r <= RUNS; r++)); do
        if ((r % 2)); then order="old new"; else order="new old"; fi
        for s in $order; do [ -n "${ERR[$id,$s]:-}" ] || run_one "$s" "$id" timed; done
    done
    for s in "${SIDES[@]}"; do
        PLAN[$id,$s]=$(plan_summary "$RAW/$id.$s.plan")
        if [ -n "${TIMES[$id,$s]:-}" ]; then
            MED[$id,$s]=$(echo "${TIMES[$id,$s]}" | bench_median)
            CMED[$id,$s]=$(echo "${CPU[$id,$s]:-}" | bench_median)
            MIN[$id,$s]=$(echo "${TIMES[$id,$s]}" | tr ' ' '\n' | sort -g | head -1)
            MAX[$id,$s]=$(echo "${TIMES[$id,$s]}" | tr ' ' '\n' | sort -g | tail -1)
            if [ "$(echo "${RES[$id,$s]} ${RES[$id,$s,warm]}" | tr ' ' '\n' | sort -u | wc -l)" = 1 ]; then STABLE[$id,$s]=1; else STABLE[$id,$s]=0; fi
        fi
    done
    printf 'old %10s ms  new %10s ms  (%ds)%s%s\n' "${MED[$id,old]:--}" "${MED[$id,new]:--}" "$((SECONDS - t0))" \
        "${ERR[$id,old]:+  old: ${ERR[$id,old]}}" "${ERR[$id,new]:+  new: ${ERR[$id,new]}}"
done

###########################################################################
# Report.
###########################################################################
ratio() { if [ -n "${1:-}" ] && [ -n "${2:-}" ]; then awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a / b}'; fi; }
dash() { if [ -n "${1:-}" ]; then echo "$1"; else echo "-"; fi; }
fmt_ms() { if [ -n "${1:-}" ]; then awk -v a="$1" 'BEGIN {printf "%.1f", a}'; else echo "-"; fi; }
spread() {  # id side -> (max - min) / median, percent
    [ -n "${MED[$1,$2]:-}" ] && awk -v a="${MIN[$1,$2]}" -v b="${MAX[$1,$2]}" -v m="${MED[$1,$2]}" 'BEGIN {printf "%.0f%%", 100 * (b - a) / m}'
}
same_result() {  # id -> same / DIFFERS[, <side> runs vary] / -
    local id=$1
    [ -n "${RES[$id,old]:-}" ] && [ -n "${RES[$id,new]:-}" ] || { echo "-"; return; }
    local u=""
    [ "${STABLE[$id,old]}" = 1 ] || u="${u}old"
    [ "${STABLE[$id,new]}" = 1 ] || u="${u:+$u+}new"
    if [ -n "$u" ]; then echo "DIFFERS, $u runs vary"; return; fi
    if [ "${RES[$id,old,warm]}" = "${RES[$id,new,warm]}" ]; then echo "same"; else echo "DIFFERS"; fi
}

{
    echo "id,mode,label,old_median_ms,new_median_ms,new_over_old,old_times_ms,new_times_ms,old_cpu_ms,new_cpu_ms,baseline,old_plan,new_plan,result"
    for id in "${OPS[@]}"; do
        wanted "$id" || continue
        echo "$id,${O_MODE[$id]},\"${O_LABEL[$id]}\",${MED[$id,old]:-},${MED[$id,new]:-},$(ratio "${MED[$id,new]:-}" "${MED[$id,old]:-}"),${TIMES[$id,old]:-},${TIMES[$id,new]:-},${CPU[$id,old]:-},${CPU[$id,new]:-},$(BASE_OF "$id"),\"${PLAN[$id,old]:-}\",\"${PLAN[$id,new]:-}\",$(same_result "$id")"
    done
} >"$CSV"

echo
echo "== results: $ROWS orders ($LINE_ORDERS orders of lines for cop/pairtab); median of $RUNS runs, ms;"
echo "   new/old = new median / old median; norm = new/old divided by the same ratio of the baseline in the same"
echo "   mode (avg(revenue); count(*) over order_lines for cop, pairtab); spread = (max - min) / median of each"
echo "   side's runs; cpu = median user + system CPU time of the backend (log_statement_stats), serial rows only:"
echo "   less sensitive than the elapsed time to other work on the machine; SLOWER? = cpu n/o (serial rows) or"
echo "   new/old (the others) above ${PROFILE_THRESHOLD}; result = old and new return the same rows"
echo
fmt='%-10s %-8s %-46s %9s %9s %7s %6s %10s %9s %9s %7s  %-7s %s\n'
printf "$fmt" "id" "mode" "operation" "old ms" "new ms" "new/old" "norm" "spread o/n" "old cpu" "new cpu" "cpu n/o" "" "result"
printf '%s\n' "$(printf '%.0s-' {1..160})"
FLAGGED=()
for id in "${OPS[@]}"; do
    wanted "$id" || continue
    b=$(BASE_OF "$id")
    r=$(ratio "${MED[$id,new]:-}" "${MED[$id,old]:-}")
    n=""
    case $id in avg_*|cnt_*|cntl_*) ;; *) [ -n "$r" ] && n=$(ratio "$r" "$(ratio "${MED[$b,new]:-}" "${MED[$b,old]:-}")") ;; esac
    # the backend's CPU time measures a serial query; with workers it is the leader's share only
    c=""; co="-"; cn="-"
    if [ "${O_MODE[$id]}" = serial ]; then
        co=$(fmt_ms "${CMED[$id,old]:-}"); cn=$(fmt_ms "${CMED[$id,new]:-}")
        c=$(ratio "${CMED[$id,new]:-}" "${CMED[$id,old]:-}")
    fi
    flag=""
    f=${c:-$r}
    # (the baselines are the same SQL on both sides: their ratios are the noise, not flagged)
    case $id in avg_*|cnt_*|cntl_*) f="" ;; esac
    if [ -n "$f" ] && awk -v r="$f" -v t="$PROFILE_THRESHOLD" 'BEGIN {exit !(r > t)}'; then flag="SLOWER?"; FLAGGED+=("$id"); fi
    printf "$fmt" "$id" "${O_MODE[$id]}" "${O_LABEL[$id]}" "$(fmt_ms "${MED[$id,old]:-}")" "$(fmt_ms "${MED[$id,new]:-}")" \
        "$(dash "$r")" "$(dash "$n")" "$(dash "$(spread "$id" old)")/$(dash "$(spread "$id" new)")" "$co" "$cn" "$(dash "$c")" \
        "$flag" "$(same_result "$id")"
done
echo
echo "plans (old | new; from the warm-up, auto_explain without ANALYZE, nested statements included):"
for id in "${OPS[@]}"; do
    wanted "$id" || continue
    [ "${O_MODE[$id]}" = serial ] && continue
    printf '   %-10s %s | %s\n' "$id" "${PLAN[$id,old]:--}" "${PLAN[$id,new]:--}"
done
nerr=0
for id in "${OPS[@]}"; do
    for s in "${SIDES[@]}"; do
        [ -n "${ERR[$id,$s]:-}" ] && { echo "ERROR $id on $s: ${ERR[$id,$s]}"; nerr=$((nerr + 1)); }
    done
done
echo
echo "results that differ between old and new (first lines of each side's warm-up output):"
ndiff=0
for id in "${OPS[@]}"; do
    wanted "$id" || continue
    case $(same_result "$id") in
        same|-) ;;
        *) ndiff=$((ndiff + 1))
           echo "   $id ($(same_result "$id")):"
           echo "      old: $(head -c 300 "$RAW/$id.old.result")"
           echo "      new: $(head -c 300 "$RAW/$id.new.result")" ;;
    esac
done
[ "$ndiff" = 0 ] && echo "   none"

###########################################################################
# Profiles of the operations flagged slower: one serial execution per side
# under perf record -g, attached to the backend only.
###########################################################################
profile_side() {  # side id -> $RAW/<id>.<side>.perf.txt
    local s=$1 id=$2 pid perf_pid line data
    data="$RAW/$id.$s.perf.data"
    coproc PSQLCO { "${PSQL[@]}" -d "${DSN[$s]}" 2>&1; }
    # shellcheck disable=SC2154
    printf '%s\nSELECT aov_trimmed_mean(1::float8, 0.0) \\g /dev/null\nSELECT pg_backend_pid();\n' "$SERIAL_SET" >&"${PSQLCO[1]}"
    read -r pid <&"${PSQLCO[0]}"
    perf record -q -F 499 -g -p "$pid" -o "$data" >/dev/null 2>&1 &
    perf_pid=$!
    sleep 1
    printf '%s;\nSELECT '"'"'__done'"'"';\n' "${O_SQL[$id]}" >&"${PSQLCO[1]}"
    while read -r line <&"${PSQLCO[0]}"; do [ "$line" = __done ] && break; done
    kill -INT "$perf_pid" 2>/dev/null; wait "$perf_pid" 2>/dev/null
    eval "exec ${PSQLCO[1]}>&-"
    wait "$PSQLCO_PID" 2>/dev/null
    perf report -i "$data" --no-children --stdio --sort dso,symbol 2>/dev/null | grep -E '^ +[0-9.]+%' | head -15 \
        | awk '{printf "%7s  %-18s %s\n", $1, $2, $4}' >"$RAW/$id.$s.perf.txt"
    rm -f "$data"
}
if [ "$PROFILE" = 1 ] && [ "${#FLAGGED[@]}" -gt 0 ]; then
    echo
    if ! command -v perf >/dev/null; then
        echo "== profiles: perf not found, skipped"
    else
        echo "== profiles of the operations flagged slower (serial, one execution per side, perf record -g on the backend;"
        echo "   self time by library and symbol, top 15; full text in $RAW/<id>.<side>.perf.txt)"
        for id in "${FLAGGED[@]}"; do
            for s in "${SIDES[@]}"; do
                profile_side "$s" "$id"
                echo "   -- $id, $s:"
                sed 's/^/      /' "$RAW/$id.$s.perf.txt"
            done
        done
    fi
fi

echo
echo "load    : $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, at the end; other work on the machine skews timings)"
echo "summary : ${#FLAGGED[@]} operation(s) flagged slower than ${PROFILE_THRESHOLD}x${FLAGGED[*]:+ (${FLAGGED[*]})}," \
     "$ndiff with differing results, $nerr error(s).  total $((SECONDS / 60)) min $((SECONDS % 60)) s"
echo "report  : $REPORT   csv: $CSV"
[ "$nerr" = 0 ] && [ "$ndiff" = 0 ]
