#!/usr/bin/env bash
# citus.sh: aov_ext on Citus (issue 11).  Starts a Citus coordinator and 2
# workers on loopback, distributes the benchmark tables and, for every
# aov_ext aggregate and the three relation functions (aov_report,
# diagnose_aov_drop, aov_pair_table):
#   - checks the plan: two-phase (worker_partial_agg on every shard,
#     coord_combine_agg on the coordinator), or the whole aggregate pushed
#     down to the shards when grouped by the distribution column.  A plan
#     whose shard tasks select raw columns (rows pulled to the coordinator,
#     as such or as intermediate results) is a FAIL;
#   - checks the answer: the text of the result equals, byte for byte, the
#     one of the same query on one plain node (the same rows, undistributed);
#   - times both (median of RUNS runs, the two interleaved) and prints the
#     Citus / one-node speed-up next to avg(revenue)'s on the same table.
# It is not part of CI; its figures go in doc/benchmarks.md.
#
#   CITUS_SRC=/path/to/citus test/bench/citus.sh      # 10,000,000 orders
#   ROWS=1000000 STAGE=1 test/bench/citus.sh          # quick run (~10 min)
#
# Issue targets (reported as MET / NOT MET; they do not change the exit
# status unless TARGETS_FAIL=1): on a 2-core machine avg(revenue) over 10M
# orders about 1.3x faster on Citus with 2 workers than on one node
# (MET at >= 1.2x); every aov_ext aggregate's Citus speed-up, measured in
# the same run, at least 90% of avg()'s on the same table.
# The exit status is non-zero when any plan or answer check FAILs.
#
# Citus: used as installed for PG_CONFIG ($(pg_config --pkglibdir)/citus.so
# and the citus.control in its share directory).  When it is not installed
# (or CITUS_BUILD=1), it is built from the source tree CITUS_SRC and
# installed (make install into PG_CONFIG's directories, so run as root):
#   - the tree: Citus v13.2.x, the newest release for PostgreSQL 15 (its
#     main branch supports 16-18 only), e.g.
#       git clone --branch v13.2.2 https://github.com/citusdata/citus
#   - build dependencies (Debian 12, installed with apt when missing):
#     postgresql-server-dev-15 make gcc flex bison libcurl4-openssl-dev
#     liblz4-dev libzstd-dev libkrb5-dev libssl-dev libselinux1-dev
#     libxslt1-dev libpam0g-dev libreadline-dev
#   - PostgreSQL 15.20 needs a one-line fix: its commands/dbcommands.h
#     declares have_createdb_privilege(), and Citus 13.2's
#     src/include/pg_version_compat.h defines a static inline function of
#     the same name for PostgreSQL < 16, which no longer compiles ("error:
#     static declaration of 'have_createdb_privilege' follows non-static
#     declaration", first in commands/database.c).  The script inserts,
#     before that definition,
#       #define have_createdb_privilege citus_compat_have_createdb_privilege
#     when the server header declares the function and the tree does not
#     have the line yet (idempotent; a tree without the shim is left alone).
#   - then: ./configure PG_CONFIG=$PG_CONFIG && make -j$(nproc) && make install
#     (about 1.5 minutes on 2 cores); the log goes to OUT_DIR/citus_build.log.
#
# The cluster (in CLUSTER_DIR, removed at the end unless KEEP=1): three
# data directories made by initdb, run as user postgres when we are root,
# listening on 127.0.0.1 and a socket in CLUSTER_DIR, ports PORT (the
# coordinator) and PORT+1, PORT+2 (the workers), shared_preload_libraries =
# citus.  Database aov_citus on all three (CREATE EXTENSION citus, the
# workers added with citus_add_node; the coordinator holds no shards);
# aov_ext is created on the coordinator and Citus creates it on the workers.
# The one-node baseline is database aov_plain on the coordinator's server
# (no citus extension there: PostgreSQL as usual), holding the same rows in
# plain tables; it runs while the workers are idle, so it has both CPUs.
#
# Data (generated once in aov_plain with the benchmark generators, then
# copied into the distributed tables with COPY; the rows are checked equal):
#   bench_orders  gen_orders.sql, BENCH_ROWS rows, distributed by order_id
#   orders        gen_customer_orders.sql, ROWS rows, by order_id
#   order_lines   gen_order_lines.sql, LINE_ORDERS orders, by order_id
#                 (all of an order's lines on one shard)
#   day_summaries aov_summary(revenue, items, customer_id, 0.05) per day of
#                 orders (stored summaries for aov_rollup), by day
#   LAYOUTS also (the customer is the natural key of an AOV analysis, but
#   guests have a NULL customer_id, and a distribution column cannot hold
#   NULL):
#     customer  orders_c: orders plus dist_key = coalesce(customer_id,
#               -order_id), distributed by dist_key: every customer's orders
#               on one shard, each guest order its own key.  In aov_plain a
#               view with the same columns.
#     guests    orders_known (customer orders, by customer_id) and
#               orders_guest (guest orders, by order_id, colocated with
#               orders_known), and the view orders_u = their UNION ALL with
#               the distribution column first (Citus pushes such a UNION ALL
#               down shard by shard).  In aov_plain views with the same rows.
#
# The queries (ids; ONLY selects some):
#   order layout (bench_orders, orders, order_lines):
#     avg_bo   avg(revenue) over bench_orders                   [reference]
#     tm_num   aov_trimmed_mean(revenue, 0.05)     numeric
#     tm_f8    aov_trimmed_mean(revenue_f, 0.05)   float8
#     top      aov_top_values(revenue, 3)
#     tm2_num, tm2_f8, top2   the same through the two-step form,
#              aov_trimmed_mean(aov_sample(revenue), 0.05) etc.: one argument
#     avg_o    avg(revenue) over orders                         [reference]
#     brk2     aov_breakdown(revenue, items)
#     brk3     aov_breakdown(revenue, items, customer_id)
#     brk3_f8  aov_breakdown(revenue_f, items, customer_id)
#     brk4_m   aov_breakdown(revenue, items, customer_id, 0.05) GROUP BY month
#     sum      aov_summary(revenue, items, customer_id) (md5 of its text)
#     sum_day  aov_summary(revenue, items, customer_id, 0.05) GROUP BY day
#              (md5 of each day's text)
#     rollup   aov_breakdown(aov_rollup(s)) over day_summaries
#     rollup_m the same GROUP BY month
#     avg_l    avg(quantity) over order_lines                   [reference]
#     cop      aov_copurchase(order_id, product_id) in a subquery, then
#              aov_pairs_info of it in a LATERAL call (aov_pairs_info returns
#              an anonymous record: SELECT (i).* FROM (SELECT
#              aov_pairs_info(aov_copurchase(...)) AS i ...) fails on Citus
#              with "record type has not been registered", and
#              (aov_pairs_info(aov_copurchase(...))).* runs the aggregate
#              once per field)
#     report   aov_report('orders', 'month')
#     diag     diagnose_aov_drop('orders', May 2025, June 2025)
#     pairs    aov_pair_table('order_lines', min_count => MIN_COUNT)
#     its      aov_baskets(order_id, product_id) in a subquery, then
#              aov_itemsets(b, 0.0005) of it in a LATERAL call (frequent
#              itemsets of 1 to 3 products)
#     itst     aov_itemset_rule_table('order_lines', ..., 0.0005): the rules
#   customer layout (orders_c): avg_c [reference], brk_c (breakdown),
#     brk_c_cust (a breakdown per customer: GROUP BY the distribution column,
#     so pushed down whole; result as count and a checksum), report_c, diag_c
#   guests layout (orders_u): avg_u [reference], brk_u, brk_u_cust (per
#     customer over orders_known), report_u, diag_u
# Composite results are expanded as SELECT (b).* FROM (SELECT
# aov_breakdown(...) AS b FROM ...) s: (aov_breakdown(...)).* makes one
# aggregate per field, and Citus ships one partial state per field (the
# script prints how many such a plan has, as a NOTE).
#
# How the plans are checked: the first (untimed) run of each query on the
# Citus side runs with auto_explain (log_nested_statements, log_verbose:
# the statements a relation function runs inside are seen too) and
# citus.log_remote_commands (every query sent to a worker, also when the
# statement fails later).  Every shard task (a query that reads a shard and
# runs on a worker) must hold the aggregate: worker_partial_agg(...)
# (two-phase), the aov_ext aggregate itself (pushed down, expected only
# when grouped by the distribution column), or for avg() the built-in split
# into sum/count.  A shard task with none of them selects raw columns: FAIL.
# The plans: OUT_DIR/citus_raw/<id>.plan.
#
# How the time is measured: two long-lived psql sessions, one on aov_plain
# and one on aov_citus (so Citus's connections to the workers are made once
# and kept, as with a pooler), \timing around each query (client round
# trip), output to a file.  Per query: one untimed run on each side (its
# output is the answer compared), then RUNS rounds of (one node, Citus).
# The tables are in shared_buffers (pg_prewarm on aov_plain, on every shard
# for aov_citus), autovacuum is off and every table VACUUM (FREEZE,
# ANALYZE)d.  TimeZone is UTC.
#
# Environment (defaults in brackets):
#   CITUS_SRC []           Citus source tree, built and installed only when Citus is
#                          not installed for PG_CONFIG (see above)
#   CITUS_BUILD [0]        1: build and install from CITUS_SRC even if installed
#   ROWS [10000000]        rows of orders
#   BENCH_ROWS [ROWS]      rows of bench_orders (only its queries read it: set it small
#                          for a large run of the orders queries alone)
#   CUSTOMERS [ROWS/12]    customer ids of orders (~8% of orders are guests)
#   LINE_ORDERS [ROWS/5]   orders of order_lines (~3 lines each)
#   MIN_COUNT [20]         min_count of the pair table
#   LAYOUTS [order customer guests]   which layouts to build and run
#   ONLY []                space-separated query ids to run (references are added)
#   RUNS [3]               timed runs per query and side (the median is reported)
#   SLOW [120]             a query whose untimed run took longer than SLOW seconds on
#                          either side is timed once, not RUNS times
#   TIMEOUT [900]          statement_timeout in seconds, both sides (a query that
#                          runs out of time is an ERROR: its answer check fails)
#   SHARD_COUNT [4]        shards per distributed table (citus.shard_count is 32)
#   POOL_SIZE [4]          citus.max_adaptive_executor_pool_size and
#                          citus.max_cached_conns_per_worker: connections per
#                          worker a query may use, all of them kept open
#   NODE_WORKERS [0]       max_parallel_workers_per_gather on each worker's shard
#                          queries
#   PLAIN_WORKERS [0]      max_parallel_workers_per_gather on the one node (0: the
#                          one-node baseline is serial; 2: parallel with 2 workers)
#   SHARED_BUFFERS [2GB]   of each of the 3 servers.  WORK_MEM [256MB]   JIT [off]
#   TARGETS_FAIL [0]       1: a target NOT MET also makes the exit status non-zero
#   SELFTEST [0]           1: add the query "pull", which Citus can only run by pulling
#                          the rows to the coordinator: its plan check must FAIL
#   BUILD [1]              make install aov_ext first (system directories)
#   STAGE [0]              1: build a snapshot of the working tree and install it in
#                          a temp dir (make install DESTDIR=...); every node loads it
#                          from there (extension_destdir, dynamic_library_path).
#                          Nothing is written to the system directories.
#   PORT [the first of 3 free ports from 9750]   the coordinator's port
#   CLUSTER_DIR [a new temp dir]   KEEP [0]: 1 leaves the cluster running at
#                          the end (the report says how to stop it)
#   OUT_DIR [<repo>/test/out/bench]   citus_report.txt, citus_results.csv,
#                          citus_raw/ (plans, outputs, session logs, server logs)
#   PG_CONFIG [/usr/lib/postgresql/15/bin/pg_config]
#
# Run time at ROWS=1000000: about 12 minutes on 2 CPUs, half of it
# aov_report on Citus (3 layouts, ~30 s a run: see doc/benchmarks.md,
# "Citus scale-out"); at 10M expect an hour or more, and with aov_report
# as of 0.4.0 its Citus runs end at TIMEOUT.  A side whose untimed run
# fails or times out is not timed again.
#
# 100M orders (the queries on orders only; doc/benchmarks.md, "100M orders
# on Citus"): about 7 GB per copy of orders (one node, shards) plus WAL;
# 72 minutes on 2 shared CPUs, 39 of them generating orders in one session,
#   ROWS=100000000 BENCH_ROWS=1000 LINE_ORDERS=1000 LAYOUTS=order \
#   ONLY="brk3 brk3_f8 sum brk4_m report diag" RUNS=1 SLOW=60 TIMEOUT=3600 \
#   STAGE=1 test/bench/citus.sh

set -euo pipefail
export LC_ALL=C

SCRIPT=$(readlink -f "$0")
BENCH_DIR=$(dirname "$SCRIPT")
REPO=$(cd "$BENCH_DIR/../.." && pwd)

ROWS=${ROWS:-10000000}
BENCH_ROWS=${BENCH_ROWS:-$ROWS}
CUSTOMERS=${CUSTOMERS:-$((ROWS / 12 > 0 ? ROWS / 12 : 1))}
LINE_ORDERS=${LINE_ORDERS:-$((ROWS / 5 > 0 ? ROWS / 5 : 1))}
MIN_COUNT=${MIN_COUNT:-20}
LAYOUTS=${LAYOUTS:-order customer guests}
ONLY=${ONLY:-}
RUNS=${RUNS:-3}
SLOW=${SLOW:-120}
TIMEOUT=${TIMEOUT:-900}
SHARD_COUNT=${SHARD_COUNT:-4}
POOL_SIZE=${POOL_SIZE:-4}
NODE_WORKERS=${NODE_WORKERS:-0}
PLAIN_WORKERS=${PLAIN_WORKERS:-0}
SHARED_BUFFERS=${SHARED_BUFFERS:-2GB}
WORK_MEM=${WORK_MEM:-256MB}
JIT=${JIT:-off}
TARGETS_FAIL=${TARGETS_FAIL:-0}
SELFTEST=${SELFTEST:-0}
BUILD=${BUILD:-1}
STAGE=${STAGE:-0}
CITUS_SRC=${CITUS_SRC:-}
CITUS_BUILD=${CITUS_BUILD:-0}
PORT=${PORT:-}
CLUSTER_DIR=${CLUSTER_DIR:-}
KEEP=${KEEP:-0}
OUT_DIR=${OUT_DIR:-$REPO/test/out/bench}
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}

PGBIN=$("$PG_CONFIG" --bindir)
PLAIN_DB=aov_plain
CITUS_DB=aov_citus
RAW="$OUT_DIR/citus_raw"
REPORT="$OUT_DIR/citus_report.txt"
CSV="$OUT_DIR/citus_results.csv"
mkdir -p "$OUT_DIR"
rm -rf "$RAW"
mkdir -p "$RAW"
exec > >(tee "$REPORT") 2>&1

is_root() { [ "$(id -u)" = 0 ]; }
# server-side commands (initdb, pg_ctl) run as postgres when we are root
as_pg() { if is_root; then runuser -u postgres -- "$@"; else "$@"; fi; }
die() { echo "ERROR: $*" >&2; exit 1; }
layout_on() { case " $LAYOUTS " in *" $1 "*) true ;; *) false ;; esac; }

echo "== aov_ext on Citus: plans, answers and speed-up against one node, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "load    : $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, before the run)"
echo "machine : $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(awk '/MemTotal/ {printf "%.1f GiB RAM", $2/1048576}' /proc/meminfo)"

###########################################################################
# Citus: installed, or built from CITUS_SRC.
###########################################################################
# The one-line fix PostgreSQL 15.20 needs (see the header).  Idempotent.
citus_patch_pg15() {
    local tree=$1 h hdr
    h="$tree/src/include/pg_version_compat.h"
    hdr="$("$PG_CONFIG" --includedir-server)/commands/dbcommands.h"
    [ -f "$h" ] || die "$tree has no src/include/pg_version_compat.h: not a Citus source tree?"
    if grep -q 'citus_compat_have_createdb_privilege' "$h"; then
        echo "   pg_version_compat.h: have_createdb_privilege fix already applied"
        return
    fi
    if ! grep -q 'have_createdb_privilege' "$hdr" 2>/dev/null; then
        echo "   pg_version_compat.h: this PostgreSQL does not declare have_createdb_privilege, no fix needed"
        return
    fi
    if ! grep -q '^have_createdb_privilege(void)' "$h"; then
        echo "   pg_version_compat.h: no have_createdb_privilege shim in this tree, no fix needed"
        return
    fi
    perl -0pi -e 's/\nstatic inline bool\nhave_createdb_privilege\(void\)/\n#define have_createdb_privilege citus_compat_have_createdb_privilege\nstatic inline bool\nhave_createdb_privilege(void)/' "$h"
    grep -q 'citus_compat_have_createdb_privilege' "$h" || die "could not apply the have_createdb_privilege fix to $h"
    echo "   pg_version_compat.h: inserted #define have_createdb_privilege citus_compat_have_createdb_privilege"
}

citus_installed() {
    [ -f "$("$PG_CONFIG" --pkglibdir)/citus.so" ] && [ -f "$("$PG_CONFIG" --sharedir)/extension/citus.control" ]
}

if citus_installed && [ "$CITUS_BUILD" != 1 ]; then
    echo "citus   : installed for $PG_CONFIG ($(sed -n "s/^default_version = '\(.*\)'/\1/p" "$("$PG_CONFIG" --sharedir)/extension/citus.control"))"
else
    [ -n "$CITUS_SRC" ] || die "Citus is not installed for $PG_CONFIG: set CITUS_SRC to a Citus source tree (v13.2.x for PostgreSQL 15) to build it"
    [ -x "$CITUS_SRC/configure" ] || die "CITUS_SRC=$CITUS_SRC has no configure script"
    echo "== building Citus from $CITUS_SRC (log: $OUT_DIR/citus_build.log)"
    if command -v dpkg-query >/dev/null; then
        # shellcheck source=../lib.sh
        . "$REPO/test/lib.sh"
        ensure_packages postgresql-server-dev-15 make gcc flex bison libcurl4-openssl-dev liblz4-dev libzstd-dev \
            libkrb5-dev libssl-dev libselinux1-dev libxslt1-dev libpam0g-dev libreadline-dev
    fi
    citus_patch_pg15 "$CITUS_SRC"
    if ! (cd "$CITUS_SRC" && ./configure PG_CONFIG="$PG_CONFIG" && make -j"$(nproc)" && make install) \
            >"$OUT_DIR/citus_build.log" 2>&1; then
        tail -30 "$OUT_DIR/citus_build.log"
        die "the Citus build failed (see $OUT_DIR/citus_build.log)"
    fi
    citus_installed || die "make install did not install citus.so for $PG_CONFIG"
    echo "   built and installed"
fi

###########################################################################
# The cluster.
###########################################################################
if [ -z "$CLUSTER_DIR" ]; then
    CLUSTER_DIR=$(mktemp -d "${TMPDIR:-/tmp}/aov_citus.XXXXXX")
    CLUSTER_TMP=1
else
    mkdir -p "$CLUSTER_DIR"
    CLUSTER_TMP=0
    [ -z "$(ls -A "$CLUSTER_DIR")" ] || die "CLUSTER_DIR=$CLUSTER_DIR is not empty"
fi
chmod 755 "$CLUSTER_DIR"
is_root && chown postgres: "$CLUSTER_DIR"
SOCK=$CLUSTER_DIR

port_free() {
    [ -e "/tmp/.s.PGSQL.$1" ] || [ -e "/var/run/postgresql/.s.PGSQL.$1" ] && return 1
    if command -v ss >/dev/null && [ -n "$(ss -Htan "sport = :$1" 2>/dev/null)" ]; then return 1; fi
    return 0
}
if [ -z "$PORT" ]; then
    for ((p = 9750; p < 9990; p += 3)); do
        if port_free $p && port_free $((p + 1)) && port_free $((p + 2)); then PORT=$p; break; fi
    done
    [ -n "$PORT" ] || die "no 3 free ports from 9750"
fi
NODES=(coord worker1 worker2)
declare -A NODE_PORT=([coord]=$PORT [worker1]=$((PORT + 1)) [worker2]=$((PORT + 2)))

SESS_PIDS=()
cleanup() {
    local n pid
    for pid in "${SESS_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    if [ "$KEEP" = 1 ]; then
        echo "KEEP=1: the cluster is still running in $CLUSTER_DIR; stop it with"
        for n in worker2 worker1 coord; do
            echo "   $(is_root && echo 'runuser -u postgres -- ')$PGBIN/pg_ctl -D $CLUSTER_DIR/$n -m fast stop"
        done
        return
    fi
    for n in worker2 worker1 coord; do
        [ -f "$CLUSTER_DIR/$n/postmaster.pid" ] && as_pg "$PGBIN/pg_ctl" -D "$CLUSTER_DIR/$n" -m fast -w stop >/dev/null 2>&1
    done
    # the server logs are kept with the raw output
    for n in "${NODES[@]}"; do [ -f "$CLUSTER_DIR/$n.log" ] && cp "$CLUSTER_DIR/$n.log" "$RAW/server_$n.log"; done
    if [ "$CLUSTER_TMP" = 1 ]; then rm -rf "$CLUSTER_DIR"; else rm -rf "${CLUSTER_DIR:?}"/*; fi
}
trap cleanup EXIT

# aov_ext: a private snapshot install (STAGE=1), make install (BUILD=1), or as installed
EXT_CONF=""
git_desc="$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$REPO" diff --quiet HEAD -- src aov_ext--*.sql 2>/dev/null || echo ', with uncommitted changes')"
if [ "$STAGE" = 1 ]; then
    mkdir "$CLUSTER_DIR/aov_src"
    (cd "$REPO" && git ls-files -co --exclude-standard -z | xargs -0 cp --parents -t "$CLUSTER_DIR/aov_src")
    echo "== building aov_ext from a snapshot of $REPO, installing into $CLUSTER_DIR/aov_root"
    if ! make -C "$CLUSTER_DIR/aov_src" PG_CONFIG="$PG_CONFIG" install DESTDIR="$CLUSTER_DIR/aov_root" >"$RAW/aov_build.log" 2>&1; then
        tail -20 "$RAW/aov_build.log"
        die "aov_ext build failed"
    fi
    chmod -R a+rX "$CLUSTER_DIR/aov_root"
    EXT_CONF="extension_destdir = '$CLUSTER_DIR/aov_root'
dynamic_library_path = '$CLUSTER_DIR/aov_root$("$PG_CONFIG" --pkglibdir):$("$PG_CONFIG" --pkglibdir)'"
elif [ "$BUILD" = 1 ]; then
    echo "== building and installing aov_ext ($REPO)"
    if ! make -C "$REPO" PG_CONFIG="$PG_CONFIG" install >"$RAW/aov_build.log" 2>&1; then
        tail -20 "$RAW/aov_build.log"
        die "make install failed"
    fi
fi

echo "== starting the cluster in $CLUSTER_DIR: coordinator 127.0.0.1:$PORT, workers :$((PORT + 1)) and :$((PORT + 2))"
for n in "${NODES[@]}"; do
    as_pg "$PGBIN/initdb" -D "$CLUSTER_DIR/$n" -U postgres --auth=trust -E UTF8 --locale=C >"$RAW/initdb_$n.log" 2>&1 \
        || { cat "$RAW/initdb_$n.log"; die "initdb failed"; }
    par=$NODE_WORKERS
    [ "$n" = coord ] && par=0
    cat >>"$CLUSTER_DIR/$n/postgresql.conf" <<EOF
# aov_ext test/bench/citus.sh
port = ${NODE_PORT[$n]}
listen_addresses = '127.0.0.1'
unix_socket_directories = '$SOCK'
shared_preload_libraries = 'citus'
max_connections = 200
shared_buffers = '$SHARED_BUFFERS'
work_mem = '$WORK_MEM'
maintenance_work_mem = '1GB'
jit = $JIT
autovacuum = off
synchronous_commit = off
fsync = off
max_wal_size = '20GB'
checkpoint_timeout = '1h'
max_worker_processes = 16
max_parallel_workers = 16
max_parallel_workers_per_gather = $par
timezone = 'UTC'
citus.shard_count = $SHARD_COUNT
citus.max_adaptive_executor_pool_size = $POOL_SIZE
citus.max_cached_conns_per_worker = $POOL_SIZE
$EXT_CONF
EOF
    as_pg "$PGBIN/pg_ctl" -D "$CLUSTER_DIR/$n" -l "$CLUSTER_DIR/$n.log" -w start >/dev/null \
        || { tail -20 "$CLUSTER_DIR/$n.log"; die "$n did not start"; }
done

PSQL=(psql -X -q -At -v ON_ERROR_STOP=1 -h "$SOCK" -U postgres)
psql_on() { local port=$1 db=$2; shift 2; "${PSQL[@]}" -p "$port" -d "$db" "$@"; }
cq() { psql_on "$PORT" "$CITUS_DB" -c "$1"; }    # on the coordinator, distributed database
pq() { psql_on "$PORT" "$PLAIN_DB" -c "$1"; }    # on the coordinator, the one-node database

for n in "${NODES[@]}"; do
    psql_on "${NODE_PORT[$n]}" postgres -c "CREATE DATABASE $CITUS_DB"
    psql_on "${NODE_PORT[$n]}" "$CITUS_DB" -c "CREATE EXTENSION citus"
done
cq "SELECT citus_set_coordinator_host('127.0.0.1', $PORT)" >/dev/null
cq "SELECT citus_add_node('127.0.0.1', $((PORT + 1)))" >/dev/null
cq "SELECT citus_add_node('127.0.0.1', $((PORT + 2)))" >/dev/null
psql_on "$PORT" postgres -c "CREATE DATABASE $PLAIN_DB"
for db in "$PLAIN_DB" "$CITUS_DB"; do
    psql_on "$PORT" "$db" -c "CREATE EXTENSION aov_ext" || die "CREATE EXTENSION aov_ext failed in $db"
    psql_on "$PORT" "$db" -c "CREATE EXTENSION pg_prewarm"
done
for n in worker1 worker2; do
    [ "$(psql_on "${NODE_PORT[$n]}" "$CITUS_DB" -c "SELECT count(*) FROM pg_extension WHERE extname IN ('aov_ext', 'pg_prewarm')")" = 2 ] \
        || die "aov_ext was not created on $n"
done
lib=$(psql_on "$PORT" "$PLAIN_DB" -c "SELECT aov_trimmed_mean(1::float8, 0.0)" \
      -c "SELECT substring(pg_read_file('/proc/' || pg_backend_pid() || '/maps') FROM '[^ ]*aov_ext[.]so')" | tail -1)
echo "server  : $(pq 'SELECT version()')"
echo "citus   : $(cq 'SELECT citus_version()'); nodes: $(cq "SELECT string_agg(nodename || ':' || nodeport || CASE WHEN groupid = 0 THEN ' (coordinator, no shards)' ELSE '' END, ', ' ORDER BY nodeid) FROM pg_dist_node")"
echo "aov_ext : $(pq "SELECT extversion FROM pg_extension WHERE extname = 'aov_ext'") from $lib (git $git_desc)"
echo "settings: rows=$ROWS bench_orders rows=$BENCH_ROWS customers=$CUSTOMERS line_orders=$LINE_ORDERS shards per table=$SHARD_COUNT" \
     "executor pool per worker=$POOL_SIZE parallel workers: shard queries $NODE_WORKERS, one node $PLAIN_WORKERS;" \
     "shared_buffers=$SHARED_BUFFERS each, work_mem=$WORK_MEM, jit=$JIT, runs=$RUNS, layouts: $LAYOUTS"

###########################################################################
# Data: generated once in aov_plain, copied into the distributed tables.
###########################################################################
echo
echo "== generating the tables in $PLAIN_DB"
gen() {  # label, generator, psql variables...
    local label=$1 f=$2 t0
    shift 2
    t0=$(date +%s.%N)
    psql_on "$PORT" "$PLAIN_DB" "$@" -f "$BENCH_DIR/$f" -P tuples_only=off -P format=aligned \
        2> >(grep -v 'does not exist, skipping' >&2) | sed 's/^/   /'
    awk -v l="$label" -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "   %s generated in %.1f s\n", l, b - a}'
}
gen bench_orders gen_orders.sql -v rows="$BENCH_ROWS"
gen orders gen_customer_orders.sql -v rows="$ROWS" -v customers="$CUSTOMERS"
gen order_lines gen_order_lines.sql -v orders="$LINE_ORDERS"
pq "CREATE TABLE day_summaries AS
      SELECT date_trunc('day', ordered_at) AS day, aov_summary(revenue, items, customer_id, 0.05) AS s
        FROM orders GROUP BY 1"
pq "VACUUM (FREEZE, ANALYZE) day_summaries"
# the other layouts' relations, as views over the same rows
pq "CREATE VIEW orders_c AS SELECT o.*, coalesce(o.customer_id, -o.order_id) AS dist_key FROM orders o;
    CREATE VIEW orders_known AS SELECT * FROM orders WHERE customer_id IS NOT NULL;
    CREATE VIEW orders_guest AS SELECT * FROM orders WHERE customer_id IS NULL;
    CREATE VIEW orders_u AS
      SELECT customer_id AS dk, order_id, customer_id, ordered_at, revenue, revenue_f, items FROM orders_known
      UNION ALL
      SELECT order_id, order_id, customer_id, ordered_at, revenue, revenue_f, items FROM orders_guest"

echo "== distributing ($SHARD_COUNT shards per table) and copying"
# table, distribution column, source query in aov_plain, [colocate_with]
distribute() {
    local t=$1 col=$2 src=$3 colo=${4:-none} t0 ddl
    t0=$(date +%s.%N)
    # the columns and types of the same relation in aov_plain (a table, or
    # for the other layouts a view over orders), and a NOT NULL distribution column
    ddl=$(pq "SELECT 'CREATE TABLE $t (' || string_agg(quote_ident(attname) || ' ' || format_type(atttypid, atttypmod)
                                             || CASE WHEN attnotnull OR attname = '$col' THEN ' NOT NULL' ELSE '' END,
                                             ', ' ORDER BY attnum) || ')'
                FROM pg_attribute WHERE attrelid = 'public.$t'::regclass AND attnum > 0 AND NOT attisdropped")
    cq "$ddl" >/dev/null
    # (citus.shard_count is SHARD_COUNT; a table colocated with another takes its shards)
    cq "SELECT create_distributed_table('$t', '$col', colocate_with => '$colo')" >/dev/null
    psql_on "$PORT" "$PLAIN_DB" -c "COPY ($src) TO STDOUT" | psql_on "$PORT" "$CITUS_DB" -c "COPY $t FROM STDIN"
    cq "VACUUM (FREEZE, ANALYZE) $t"
    awk -v l="$t" -v c="$col" -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "   %-14s by %-12s copied in %.1f s\n", l, c, b - a}'
}
CITUS_TABLES=()
if layout_on order; then
    distribute bench_orders order_id "SELECT * FROM bench_orders"
    distribute orders order_id "SELECT * FROM orders" bench_orders
    distribute order_lines order_id "SELECT * FROM order_lines" bench_orders
    distribute day_summaries day "SELECT * FROM day_summaries"
    CITUS_TABLES+=(bench_orders orders order_lines day_summaries)
fi
if layout_on customer; then
    distribute orders_c dist_key "SELECT * FROM orders_c"
    CITUS_TABLES+=(orders_c)
fi
if layout_on guests; then
    distribute orders_known customer_id "SELECT * FROM orders_known"
    distribute orders_guest order_id "SELECT * FROM orders_guest" orders_known
    cq "CREATE VIEW orders_u AS
          SELECT customer_id AS dk, order_id, customer_id, ordered_at, revenue, revenue_f, items FROM orders_known
          UNION ALL
          SELECT order_id, order_id, customer_id, ordered_at, revenue, revenue_f, items FROM orders_guest"
    CITUS_TABLES+=(orders_known orders_guest)
fi

# From here on failures are reported where they happen: no errexit.
set +e
NOK=0; NFAIL=0; NNOTE=0
FAIL_LINES=()
check() {  # PASS|FAIL|NOTE, what, detail
    case $1 in PASS) NOK=$((NOK + 1)) ;; FAIL) NFAIL=$((NFAIL + 1)); FAIL_LINES+=("$2: $3") ;; NOTE) NNOTE=$((NNOTE + 1)) ;; esac
    printf '  [%-4s] %-58s %s\n' "$1" "$2" "$3"
}

# The same rows on both sides: row count and the sum of a hash of every row's text.
echo "== the distributed tables hold the one node's rows"
for t in "${CITUS_TABLES[@]}"; do
    a=$(pq "SELECT count(*) || ' rows, row hash sum ' || sum(hashtextextended(x::text, 0)::numeric) FROM $t x")
    b=$(cq "SELECT count(*) || ' rows, row hash sum ' || sum(hashtextextended(x::text, 0)::numeric) FROM $t x")
    if [ "$a" = "$b" ]; then check PASS "data: $t" "$a"; else check FAIL "data: $t" "one node: $a; Citus: $b"; fi
done
echo "   shards: $(cq "SELECT string_agg(n, ', ') FROM (SELECT table_name || ' ' || count(*) || ' (' || string_agg(DISTINCT nodeport::text, '/') || ')' AS n
                                                           FROM citus_shards GROUP BY table_name ORDER BY table_name::text) x")"

prewarm() {
    local t
    for t in bench_orders orders order_lines day_summaries; do pq "SELECT pg_prewarm('$t')" >/dev/null; done
    for t in "${CITUS_TABLES[@]}"; do
        cq "SELECT run_command_on_shards('$t', \$\$SELECT pg_prewarm('%s')\$\$)" >/dev/null
    done
}
echo "== warming the caches (pg_prewarm on the one node and on every shard)"
prewarm

###########################################################################
# The queries.  id|layout|kind|reference|label|sql
#   kind: ref   avg(): the reference speed-up of its table
#         agg   an aov_ext aggregate, not grouped by the distribution column:
#               two-phase expected
#         dist  grouped by the distribution column: pushed down whole
#         rel   a relation function: every aggregate inside two-phase
###########################################################################
Q_IDS=()
declare -A Q_LAYOUT Q_KIND Q_REF Q_LABEL Q_SQL
addq() { Q_IDS+=("$1"); Q_LAYOUT[$1]=$2; Q_KIND[$1]=$3; Q_REF[$1]=$4; Q_LABEL[$1]=$5; Q_SQL[$1]=$6; }
MAY="aov_period('month', '2025-05-01'), aov_period('month', '2025-06-01')"

addq avg_bo order ref avg_bo "avg(revenue), bench_orders" "SELECT avg(revenue) FROM bench_orders"
addq tm_num order agg avg_bo "aov_trimmed_mean(revenue, 0.05)" "SELECT aov_trimmed_mean(revenue, 0.05) FROM bench_orders"
addq tm_f8 order agg avg_bo "aov_trimmed_mean(revenue_f, 0.05)" "SELECT aov_trimmed_mean(revenue_f, 0.05) FROM bench_orders"
addq top order agg avg_bo "aov_top_values(revenue, 3)" "SELECT aov_top_values(revenue, 3) FROM bench_orders"
# the two-step forms: a one-argument aggregate, which Citus passes to the
# shards without building a record per row
addq tm2_num order agg avg_bo "aov_trimmed_mean(aov_sample(revenue), 0.05)" "SELECT aov_trimmed_mean(aov_sample(revenue), 0.05) FROM bench_orders"
addq tm2_f8 order agg avg_bo "aov_trimmed_mean(aov_sample(revenue_f), 0.05)" "SELECT aov_trimmed_mean(aov_sample(revenue_f), 0.05) FROM bench_orders"
addq top2 order agg avg_bo "aov_top_values(aov_sample(revenue), 3)" "SELECT aov_top_values(aov_sample(revenue), 3) FROM bench_orders"
addq avg_o order ref avg_o "avg(revenue), orders" "SELECT avg(revenue) FROM orders"
addq brk2 order agg avg_o "aov_breakdown(revenue, items)" \
    "SELECT (b).* FROM (SELECT aov_breakdown(revenue, items) AS b FROM orders) s"
addq brk3 order agg avg_o "aov_breakdown(revenue, items, customer_id)" \
    "SELECT (b).* FROM (SELECT aov_breakdown(revenue, items, customer_id) AS b FROM orders) s"
addq brk3_f8 order agg avg_o "aov_breakdown(revenue_f, items, customer_id)" \
    "SELECT (b).* FROM (SELECT aov_breakdown(revenue_f, items, customer_id) AS b FROM orders) s"
addq brk4_m order agg avg_o "aov_breakdown(revenue, items, customer_id, 0.05) by month" \
    "SELECT m, (b).* FROM (SELECT date_trunc('month', ordered_at) AS m, aov_breakdown(revenue, items, customer_id, 0.05) AS b FROM orders GROUP BY 1) s ORDER BY m"
addq sum order agg avg_o "aov_summary(revenue, items, customer_id)" \
    "SELECT md5(s::text), length(s::text) FROM (SELECT aov_summary(revenue, items, customer_id) AS s FROM orders) x"
addq sum_day order agg avg_o "aov_summary(revenue, items, customer_id, 0.05) by day" \
    "SELECT d, md5(s::text) FROM (SELECT date_trunc('day', ordered_at) AS d, aov_summary(revenue, items, customer_id, 0.05) AS s FROM orders GROUP BY 1) x ORDER BY d"
addq rollup order agg avg_o "aov_rollup(day summaries)" \
    "SELECT (b).* FROM (SELECT aov_breakdown(aov_rollup(s)) AS b FROM day_summaries) x"
addq rollup_m order agg avg_o "aov_rollup(day summaries) by month" \
    "SELECT m, (b).* FROM (SELECT date_trunc('month', day) AS m, aov_breakdown(aov_rollup(s)) AS b FROM day_summaries GROUP BY 1) x ORDER BY m"
addq avg_l order ref avg_l "avg(quantity), order_lines" "SELECT avg(quantity) FROM order_lines"
addq cop order agg avg_l "aov_copurchase(order_id, product_id)" \
    "SELECT i.* FROM (SELECT aov_copurchase(order_id, product_id) AS p FROM order_lines) x CROSS JOIN LATERAL aov_pairs_info(x.p) i"
addq its order agg avg_l "aov_itemsets(aov_baskets(order_id, product_id), 0.0005)" \
    "SELECT s.* FROM (SELECT aov_baskets(order_id, product_id) AS b FROM order_lines) x CROSS JOIN LATERAL aov_itemsets(x.b, 0.0005) s ORDER BY s.itemset"
addq report order rel avg_o "aov_report('orders', 'month')" "SELECT * FROM aov_report('orders', 'month')"
addq diag order rel avg_o "diagnose_aov_drop('orders', May, June)" "SELECT * FROM diagnose_aov_drop('orders', $MAY)"
addq pairs order rel avg_l "aov_pair_table('order_lines', min_count => $MIN_COUNT)" \
    "SELECT * FROM aov_pair_table('order_lines', min_count => $MIN_COUNT) ORDER BY product_a, product_b"
addq itst order rel avg_l "aov_itemset_rule_table('order_lines', 0.0005)" \
    "SELECT * FROM aov_itemset_rule_table('order_lines', 'order_id', 'product_id', 0.0005) ORDER BY antecedent, consequent"

addq avg_c customer ref avg_c "avg(revenue), orders_c" "SELECT avg(revenue) FROM orders_c"
addq brk_c customer agg avg_c "aov_breakdown(revenue, items, customer_id)" \
    "SELECT (b).* FROM (SELECT aov_breakdown(revenue, items, customer_id) AS b FROM orders_c) s"
addq brk_c_cust customer dist avg_c "aov_breakdown(...) per customer (GROUP BY dist_key)" \
    "SELECT count(*) AS customers, sum(hashtextextended(b::text, 0)::numeric) AS checksum FROM (SELECT dist_key, aov_breakdown(revenue, items, customer_id) AS b FROM orders_c WHERE customer_id IS NOT NULL GROUP BY dist_key) s"
addq report_c customer rel avg_c "aov_report('orders_c', 'month')" "SELECT * FROM aov_report('orders_c', 'month')"
addq diag_c customer rel avg_c "diagnose_aov_drop('orders_c', May, June)" "SELECT * FROM diagnose_aov_drop('orders_c', $MAY)"

addq avg_u guests ref avg_u "avg(revenue), orders_u" "SELECT avg(revenue) FROM orders_u"
addq brk_u guests agg avg_u "aov_breakdown(revenue, items, customer_id)" \
    "SELECT (b).* FROM (SELECT aov_breakdown(revenue, items, customer_id) AS b FROM orders_u) s"
addq brk_u_cust guests dist avg_u "aov_breakdown(...) per customer (orders_known)" \
    "SELECT count(*) AS customers, sum(hashtextextended(b::text, 0)::numeric) AS checksum FROM (SELECT customer_id, aov_breakdown(revenue, items, customer_id) AS b FROM orders_known GROUP BY customer_id) s"
addq report_u guests rel avg_u "aov_report('orders_u', 'month')" "SELECT * FROM aov_report('orders_u', 'month')"
addq diag_u guests rel avg_u "diagnose_aov_drop('orders_u', May, June)" "SELECT * FROM diagnose_aov_drop('orders_u', $MAY)"

# SELFTEST=1: a query Citus can only answer by pulling the rows (the
# subquery with LIMIT becomes an intermediate result of raw rows): its plan
# check must FAIL
if [ "$SELFTEST" = 1 ]; then
    addq pull order agg avg_bo "SELFTEST: rows pulled through a LIMIT subquery" \
        "SELECT aov_trimmed_mean(x, 0.05) FROM (SELECT revenue AS x FROM bench_orders ORDER BY order_id LIMIT $BENCH_ROWS) s"
fi

wanted() {
    layout_on "${Q_LAYOUT[$1]}" || return 1
    [ -z "$ONLY" ] && return 0
    local i
    for i in $ONLY; do [ "$i" = "$1" ] || [ "${Q_REF[$i]:-}" = "$1" ] && return 0; done
    return 1
}

###########################################################################
# Plans.  From the auto_explain log of one run: every task query with the
# node it runs on.  kind of a task on a worker:
#   two-phase  worker_partial_agg(...): partial states, combined on the coordinator
#   pushdown   the aov_ext aggregate itself runs on the shard
#   builtin    sum/count/... only (avg() split by Citus)
#   rows       none of them: the shard's rows are pulled
###########################################################################
AOV_AGGS='aov_trimmed_mean|aov_top_values|aov_breakdown|aov_summary|aov_rollup|aov_copurchase|_aov_firsts|_aov_segments'
tasks_of() {  # plan file -> lines "kind<TAB>port<TAB>query", one per distinct query (shard names folded)
    awk -v cport="$PORT" -v aggs="$AOV_AGGS" '
        function classify(q, port,   kind, key) {
            if (port == cport) kind = "coordinator"
            else if (q ~ /worker_partial_agg\(/) kind = "two-phase"
            else if (q ~ ("(^|[^a-z_])(" aggs ")\\(")) kind = "pushdown"
            else if (q ~ /(^|[^a-z_])(sum|count|avg|min|max)\(/) kind = "builtin"
            else kind = "rows"
            key = q; gsub(/_[0-9][0-9][0-9][0-9][0-9]+/, "_N", key)
            if (!seen[kind "\t" key]++) print kind "\t" port "\t" q
        }
        # EXPLAIN output (auto_explain): the task shown for each job
        /^ *Query: / { q = $0; sub(/^ *Query: /, "", q); pending = 1; next }
        pending && /^ *Node: host=/ {
            port = $0; sub(/.*port=/, "", port); sub(/ .*/, "", port)
            classify(q, port); pending = 0; next }
        # citus.log_remote_commands: every query sent to a node that reads a shard
        /NOTICE: +issuing (SELECT|WITH) / {
            rq = $0; sub(/.*NOTICE: +issuing /, "", rq)
            rpending = (rq ~ /_[0-9][0-9][0-9][0-9][0-9][0-9]/); next }
        rpending && /DETAIL: +on server / {
            port = $0; sub(/.*on server [^@]*@[^:]*:/, "", port); sub(/ .*/, "", port)
            classify(rq, port); rpending = 0 }' "$1"
}
declare -A PLAN_OK PLAN_DESC PLAN_WHY
check_plan() {  # id
    local id=$1 f="$RAW/$1.plan" kind=${Q_KIND[$1]} t n_rows n_two n_push n_builtin n_worker aggs bc err
    t=$(tasks_of "$f")
    n_rows=$(echo "$t" | grep -c '^rows' || true)
    n_two=$(echo "$t" | grep -c '^two-phase' || true)
    n_push=$(echo "$t" | grep -c '^pushdown' || true)
    n_builtin=$(echo "$t" | grep -c '^builtin' || true)
    n_worker=$((n_rows + n_two + n_push + n_builtin))
    # the aggregates behind worker_partial_agg, and the largest number of them in one task
    aggs=$(echo "$t" | grep '^two-phase' | grep -o "worker_partial_agg('[a-z_.]*" | sed "s/.*'//; s/^public\.//" | awk '!s[$0]++' | paste -sd, -)
    local maxpa
    maxpa=$(echo "$t" | grep '^two-phase' | awk -F'\t' '{n = gsub(/worker_partial_agg\(/, "&", $3); if (n > m) m = n} END {print m + 0}')
    bc=""
    echo "$t" | grep -E '^(two-phase|pushdown)' | grep -q 'read_intermediate_result' && bc=", reads a broadcast intermediate result"
    err=$(grep -m1 -E '(ERROR|FATAL): ' "$f" | sed 's/^psql:[^:]*:[0-9]*: //')
    PLAN_OK[$id]=1
    if [ "$n_rows" -gt 0 ]; then
        PLAN_OK[$id]=0; PLAN_DESC[$id]="PULLS ROWS"
        PLAN_WHY[$id]="$n_rows shard task(s) select raw columns"
    elif [ "$n_worker" = 0 ]; then
        PLAN_OK[$id]=0; PLAN_DESC[$id]="no shard task"
        PLAN_WHY[$id]="no task on a worker in the plan${err:+ ($err)}"
    else
        case $kind in
            ref)
                PLAN_DESC[$id]="built-in split"
                [ "$n_builtin" -gt 0 ] || { PLAN_OK[$id]=0; PLAN_WHY[$id]="avg() not split into sum/count on the shards"; } ;;
            agg|rel)
                PLAN_DESC[$id]="two-phase: $aggs$bc"
                if [ "$n_push" -gt 0 ] || [ "$n_two" = 0 ]; then
                    PLAN_OK[$id]=0
                    PLAN_WHY[$id]="expected worker_partial_agg on every shard task ($n_two two-phase, $n_push whole-aggregate tasks)"
                fi ;;
            dist)
                PLAN_DESC[$id]="pushed down whole"
                [ "$n_two" -gt 0 ] && PLAN_DESC[$id]="pushed down whole + two-phase: $aggs"
                if [ "$n_push" = 0 ]; then
                    PLAN_OK[$id]=0; PLAN_WHY[$id]="grouped by the distribution column, but the aggregate is not pushed down whole"
                fi ;;
        esac
    fi
    [ "$maxpa" -gt 1 ] && PLAN_DESC[$id]="${PLAN_DESC[$id]} (${maxpa} partial aggregates per task)"
    [ -n "$err" ] && PLAN_DESC[$id]="${PLAN_DESC[$id]}; then ERROR"
    true
}

###########################################################################
# Sessions: a long-lived psql per side, fed through a FIFO.
###########################################################################
declare -A SESS_FD SESS_PID SESS_DB
sess_start() {  # name db setup-sql
    local name=$1 db=$2 setup=$3 fd
    rm -f "$RAW/$name.in"
    mkfifo "$RAW/$name.in"
    stdbuf -oL -eL psql -X -q -At -h "$SOCK" -p "$PORT" -U postgres -d "$db" <"$RAW/$name.in" >>"$RAW/$name.log" 2>&1 &
    SESS_PID[$name]=$!
    SESS_PIDS+=($!)
    exec {fd}>"$RAW/$name.in"
    SESS_FD[$name]=$fd
    SESS_DB[$name]=$db
    printf '%s\n' '\timing on' "$setup" >&"$fd"
}
SEQ=0
T_MS=""; T_ERR=""
sess_run() {  # name outfile sql [sql before] [sql after] [file for the session output] -> T_MS (empty on error), T_ERR
    local name=$1 out=$2 q=$3 pre=${4:-} post=${5:-} seg_file=${6:-} b e seg
    SEQ=$((SEQ + 1)); b="__begin_${SEQ}__"; e="__end_${SEQ}__"
    printf '%s\n\\echo %s\n\\o %s\n%s;\n\\o\n\\echo %s\n%s\n' "$pre" "$b" "$out" "$q" "$e" "$post" >&"${SESS_FD[$name]}"
    while ! grep -qx "$e" "$RAW/$name.log"; do
        if ! kill -0 "${SESS_PID[$name]}" 2>/dev/null; then
            T_MS=""; T_ERR="the psql session died (see $RAW/$name.log)"
            sess_start "$name" "${SESS_DB[$name]}" "$(sess_setup "$name")"
            return
        fi
        sleep 0.02
    done
    seg=$(sed -n "/^$b\$/,/^$e\$/p" "$RAW/$name.log")
    [ -n "$seg_file" ] && echo "$seg" >"$seg_file"
    T_ERR=$(echo "$seg" | grep -m1 -E '^(psql:[^ ]* )?(ERROR|FATAL): |server closed the connection' || true)
    if [ -n "$T_ERR" ]; then T_MS=""; else T_MS=$(echo "$seg" | awk '/^Time: / {t = $2} END {print t}'); fi
}
sess_setup() {
    if [ "$1" = plain ]; then
        echo "SET max_parallel_workers_per_gather = $PLAIN_WORKERS;"
        if [ "$PLAIN_WORKERS" != 0 ]; then
            echo "SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;"
        fi
    else
        echo "SET max_parallel_workers_per_gather = 0;"
        echo "LOAD 'auto_explain'; SET auto_explain.log_nested_statements = on; SET auto_explain.log_verbose = on;"
    fi
    echo "SET statement_timeout = '${TIMEOUT}s';"
}
# the plan capture around the Citus warm-up run (see measure)
PLAN_ON="SET auto_explain.log_min_duration = 0; SET citus.log_remote_commands = on; SET client_min_messages = log;"
PLAN_OFF="SET auto_explain.log_min_duration = -1; SET citus.log_remote_commands = off; SET client_min_messages = notice;"
sess_start plain "$PLAIN_DB" "$(sess_setup plain)"
sess_start citus "$CITUS_DB" "$(sess_setup citus)"

###########################################################################
# Measurement.
###########################################################################
declare -A MED TIMES ANS STABLE ERRS NRUNS
median() { sort -g | awk '{a[NR] = $1} END {if (NR) print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
measure() {  # id
    local id=$1 q=${Q_SQL[$1]} side r ts n=$RUNS w
    # 1. one untimed run per side: the answers.  On Citus with auto_explain
    # (nested statements too: the ones a relation function runs) and
    # citus.log_remote_commands, whose output in the session log is the plan.
    sess_run plain "$RAW/$id.plain.out" "$q"
    ERRS[$id,plain]=$T_ERR; w=${T_MS:-0}
    sess_run citus "$RAW/$id.citus.out" "$q" "$PLAN_ON" "$PLAN_OFF" "$RAW/$id.plan"
    ERRS[$id,citus]=$T_ERR
    check_plan "$id"
    # slow queries (more than SLOW seconds on either side) are timed once
    if awk -v a="$w" -v b="${T_MS:-0}" -v s="$SLOW" 'BEGIN {exit !(a > s * 1000 || b > s * 1000)}'; then n=1; fi
    NRUNS[$id]=$n
    # 2. n rounds, interleaved
    for side in plain citus; do TIMES[$id,$side]=""; STABLE[$id,$side]=1; done
    for ((r = 1; r <= n; r++)); do
        for side in plain citus; do
            # a side whose untimed run failed (an error, a timeout) is not timed
            [ -n "${ERRS[$id,$side]}" ] && continue
            sess_run "$side" "$RAW/$id.$side.run$r" "$q"
            if [ -n "$T_MS" ]; then TIMES[$id,$side]="${TIMES[$id,$side]} $T_MS"; else ERRS[$id,$side]=${ERRS[$id,$side]:-$T_ERR}; fi
            cmp -s "$RAW/$id.$side.out" "$RAW/$id.$side.run$r" || STABLE[$id,$side]=0
        done
    done
    for side in plain citus; do
        ts=${TIMES[$id,$side]# }
        TIMES[$id,$side]=$ts
        MED[$id,$side]=$(echo "$ts" | tr ' ' '\n' | grep . | median || true)
    done
    # 3. the answers
    if [ -n "${ERRS[$id,plain]}" ] || [ -n "${ERRS[$id,citus]}" ]; then
        ANS[$id]="ERROR"
    elif cmp -s "$RAW/$id.plain.out" "$RAW/$id.citus.out"; then
        ANS[$id]="equal"
    else
        ANS[$id]="DIFFERS"
    fi
}

ratio() { if [ -n "${1:-}" ] && [ -n "${2:-}" ]; then awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b}'; fi; }
fmt_ms() { if [ -n "${1:-}" ]; then awk -v a="$1" 'BEGIN {printf "%.1f", a}'; else echo "-"; fi; }
dash() { if [ -n "${1:-}" ]; then echo "$1"; else echo "-"; fi; }

echo
echo "== running (per query: one untimed run per side, on Citus with auto_explain for the plan, then $RUNS rounds one node / Citus; ms)"
t_all=$SECONDS
for id in "${Q_IDS[@]}"; do
    wanted "$id" || continue
    t0=$SECONDS
    measure "$id"
    printf '   %-10s one node %10s  Citus %10s  speed-up %5s  plan %-4s answer %-7s %4ds  %s\n' "$id" \
        "$(fmt_ms "${MED[$id,plain]:-}")" "$(fmt_ms "${MED[$id,citus]:-}")" \
        "$(dash "$(ratio "${MED[$id,plain]:-}" "${MED[$id,citus]:-}")")" \
        "$([ "${PLAN_OK[$id]}" = 1 ] && echo ok || echo FAIL)" "${ANS[$id]}" $((SECONDS - t0)) "${PLAN_DESC[$id]}"
done
echo "   ($(( (SECONDS - t_all) / 60 )) min $(( (SECONDS - t_all) % 60 )) s)"

# (aov_breakdown(...)).* : one aggregate per field; shown, not run
pa=$(cq "EXPLAIN (VERBOSE, COSTS OFF) SELECT (aov_breakdown(revenue, items, customer_id)).* FROM orders" 2>/dev/null \
     | grep -m1 'Query: ' | grep -o 'worker_partial_agg(' | wc -l || true)

###########################################################################
# Summary.
###########################################################################
speedup() { ratio "${MED[$1,plain]:-}" "${MED[$1,citus]:-}"; }
echo
echo "== summary: one node = $PLAIN_DB on the coordinator's server ($([ "$PLAIN_WORKERS" = 0 ] && echo serial || echo "$PLAIN_WORKERS parallel workers"));"
echo "   Citus = coordinator + 2 workers, $SHARD_COUNT shards per table; median of $RUNS runs, ms; speed-up = one node / Citus;"
echo "   avg's = the speed-up of avg() on the same table in this run; ratio = speed-up / avg's (target >= 0.90 for aggregates)"
echo
fmt='%-10s %-8s %-52s %-48s %-5s %-7s %10s %10s %6s %6s %6s\n'
printf "$fmt" id layout query "plan on Citus" plan answer "one node" Citus "speed" "avg's" ratio
printf "$fmt" "" "" "" "" "" "" ms ms "-up" "" ""
printf '%s\n' "$(printf '%.0s-' {1..185})"
{
    echo "id,layout,kind,query,plan_ok,plan,answer,runs,plain_median_ms,citus_median_ms,plain_times_ms,citus_times_ms,speedup,ref,ref_speedup,ratio"
} >"$CSV"
for id in "${Q_IDS[@]}"; do
    wanted "$id" || continue
    s=$(speedup "$id"); rs=$(speedup "${Q_REF[$id]}")
    rt=""; [ "${Q_KIND[$id]}" != ref ] && rt=$(ratio "$s" "$rs")
    ans=${ANS[$id]}
    [ "${NRUNS[$id]}" -lt "$RUNS" ] && ans="$ans, ${NRUNS[$id]} run"
    { [ "${STABLE[$id,plain]}" = 0 ] || [ "${STABLE[$id,citus]}" = 0 ]; } && ans="$ans, runs differ"
    printf "$fmt" "$id" "${Q_LAYOUT[$id]}" "${Q_LABEL[$id]:0:52}" "${PLAN_DESC[$id]:0:48}" \
        "$([ "${PLAN_OK[$id]}" = 1 ] && echo PASS || echo FAIL)" "$ans" \
        "$(fmt_ms "${MED[$id,plain]:-}")" "$(fmt_ms "${MED[$id,citus]:-}")" "$(dash "$s")" \
        "$([ "${Q_KIND[$id]}" = ref ] && echo '' || dash "$rs")" "$([ "${Q_KIND[$id]}" = ref ] && echo '' || dash "$rt")"
    echo "$id,${Q_LAYOUT[$id]},${Q_KIND[$id]},\"${Q_LABEL[$id]//\"/\"\"}\",${PLAN_OK[$id]},\"${PLAN_DESC[$id]//\"/\"\"}\",${ANS[$id]},${NRUNS[$id]},${MED[$id,plain]:-},${MED[$id,citus]:-},${TIMES[$id,plain]:-},${TIMES[$id,citus]:-},$s,${Q_REF[$id]},$rs,$rt" >>"$CSV"
done

###########################################################################
# Relation functions: what Citus runs for them.
###########################################################################
echo
echo "== the statements inside the relation functions, as Citus runs them (shard tasks: one shown per job; auto_explain)"
for id in "${Q_IDS[@]}"; do
    wanted "$id" || continue
    [ "${Q_KIND[$id]}" = rel ] || continue
    echo "   $id: ${Q_LABEL[$id]}"
    tasks_of "$RAW/$id.plan" | awk -F'\t' -v c="$PORT" '{
        q = $3; if (length(q) > 330) q = substr(q, 1, 330) "...";
        printf "      %-11s %s %s\n", $1, ($2 == c ? "coordinator" : "worker     "), q }'
    e=$(grep -m1 -E '(ERROR|FATAL): ' "$RAW/$id.plan" | sed 's/^psql:[^:]*:[0-9]*: //')
    [ -n "$e" ] && echo "      $e"
done

###########################################################################
# Checks and targets.
###########################################################################
echo
echo "== checks"
for id in "${Q_IDS[@]}"; do
    wanted "$id" || continue
    if [ "${PLAN_OK[$id]}" = 1 ]; then
        check PASS "plan: $id" "${PLAN_DESC[$id]}"
    else
        check FAIL "plan: $id" "${PLAN_DESC[$id]}: ${PLAN_WHY[$id]:-}"
    fi
    case ${ANS[$id]} in
        equal)
            check PASS "answer: $id" "equal to the one node's ($(wc -l <"$RAW/$id.plain.out") lines, $(wc -c <"$RAW/$id.plain.out") bytes)" ;;
        ERROR)
            check FAIL "answer: $id" "one node: ${ERRS[$id,plain]:-ok}; Citus: ${ERRS[$id,citus]:-ok}" ;;
        *)
            d=$(diff "$RAW/$id.plain.out" "$RAW/$id.citus.out" | grep -c '^[<>]' || true)
            ex=$(diff "$RAW/$id.plain.out" "$RAW/$id.citus.out" | grep -m2 '^[<>]' | cut -c1-120 | paste -sd' ' -)
            check FAIL "answer: $id" "$d line(s) differ: $ex" ;;
    esac
    for side in plain citus; do
        [ "${STABLE[$id,$side]}" = 1 ] || check FAIL "answer: $id ($side)" "the timed runs returned different results"
    done
done
[ -n "$pa" ] && [ "$pa" -gt 0 ] && check NOTE "(aov_breakdown(...)).* instead of SELECT (b).* FROM (...)" \
    "$pa partial aggregates per shard task: one per field of the composite, each shipping its own state"

NMET=0; NMISS=0
target() {  # description, 1/0/"", detail
    local tag
    case $2 in 1) tag="MET    "; NMET=$((NMET + 1)) ;; 0) tag="NOT MET"; NMISS=$((NMISS + 1)) ;; *) tag="n/a    " ;; esac
    printf '  [%s] %-66s %s\n' "$tag" "$1" "$3"
}
cmpge() { if [ -n "${1:-}" ]; then awk -v a="$1" -v b="$2" 'BEGIN {print (a >= b) ? 1 : 0}'; fi; }
echo
echo "== targets"
if wanted avg_o; then
    s=$(speedup avg_o)
    target "avg(revenue) over orders: Citus about 1.3x faster than one node (>= 1.2)" "$(cmpge "$s" 1.2)" \
        "$(dash "$s")x ($(fmt_ms "${MED[avg_o,plain]:-}") vs $(fmt_ms "${MED[avg_o,citus]:-}") ms, $ROWS rows)"
fi
for id in "${Q_IDS[@]}"; do
    wanted "$id" || continue
    case ${Q_KIND[$id]} in agg|dist) ;; *) continue ;; esac
    s=$(speedup "$id"); rs=$(speedup "${Q_REF[$id]}"); rt=$(ratio "$s" "$rs")
    target "$id: speed-up >= 90% of ${Q_REF[$id]}'s" "$(cmpge "$rt" 0.9)" "$(dash "$rt") ($(dash "$s")x vs $(dash "$rs")x)"
done
echo "   relation functions (not aggregates; for information): $(for id in "${Q_IDS[@]}"; do
    wanted "$id" && [ "${Q_KIND[$id]}" = rel ] && printf '%s %sx (%s of %s'"'"'s)  ' "$id" "$(dash "$(speedup "$id")")" \
        "$(dash "$(ratio "$(speedup "$id")" "$(speedup "${Q_REF[$id]}")")")" "${Q_REF[$id]}"; done)"

if [ "$NFAIL" -gt 0 ]; then
    echo
    echo "== FAIL details (full plans and outputs in $RAW)"
    for l in "${FAIL_LINES[@]}"; do echo "   $l"; done
    for id in "${Q_IDS[@]}"; do
        wanted "$id" || continue
        if [ "${PLAN_OK[$id]}" != 1 ] || [ "${ANS[$id]}" != equal ]; then
            echo "   --- $id: ${Q_SQL[$id]}"
            echo "   auto_explain on the coordinator ($RAW/$id.plan), task queries:"
            tasks_of "$RAW/$id.plan" | awk -F'\t' '{q = $3; if (length(q) > 600) q = substr(q, 1, 600) "..."; printf "      [%s, port %s] %s\n", $1, $2, q}'
            grep -m1 -A3 -E '(ERROR|FATAL): ' "$RAW/$id.plan" | grep -v 'on server .* connectionId' | sed 's/^psql:[^:]*:[0-9]*: //; s/^/      /'
        fi
    done
fi

status=0
[ "$NFAIL" -gt 0 ] && status=1
[ "$TARGETS_FAIL" = 1 ] && [ "$NMISS" -gt 0 ] && status=1
echo
echo "load    : $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, at the end; other work on the machine skews timings)"
echo "checks  : $NOK passed, $NFAIL FAILED, $NNOTE notes.  targets: $NMET met, $NMISS not met.  total $((SECONDS / 60)) min $((SECONDS % 60)) s"
echo "report  : $REPORT   csv: $CSV   raw: $RAW"
[ "$status" = 0 ] && echo "RESULT: PASS" || echo "RESULT: FAIL"
exit $status
