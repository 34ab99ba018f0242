#!/usr/bin/env bash
# test/demo.sh: build and install aov_ext, load the sample orders into a
# throwaway PostgreSQL cluster, print the monthly AOV report, the
# diagnosis of June's drop and a campaign review, and draw the monthly AOV
# chart.
#
#   bash test/demo.sh
#
# Meant for a fresh Debian 12 machine with PostgreSQL 15, run as root (or as a
# user with sudo).  Installs postgresql-server-dev-15, make, gcc and
# gnuplot-nox from apt only if they are missing.  The cluster is made by
# pg_virtualenv and removed again at the end; nothing else on the machine is
# touched except the installed extension files and the chart.
#
#   bash test/demo.sh --in-database
#
# runs only the second stage (load the sample data, the two reports, the
# chart) in the database psql's environment points to (PGHOST, PGPORT,
# PGDATABASE, ...), where aov_ext must be installed; it replaces the tables
# orders and campaigns there.
#
# Environment: PG_MAJOR (default 15), PG_CONFIG (default
# /usr/lib/postgresql/$PG_MAJOR/bin/pg_config), OUT_DIR (where the chart
# aov_by_segment.png goes, default <repo>/test/out/demo).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

PG_MAJOR=${PG_MAJOR:-15}
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/$PG_MAJOR/bin/pg_config}
OUT_DIR=${OUT_DIR:-$PWD/test/out/demo}
export OUT_DIR

# Second stage, inside the cluster that pg_virtualenv made (or any database).
if [[ ${1:-} == --in-database ]]; then
    psql() { command psql -X -v ON_ERROR_STOP=1 "$@"; }
    psql -q -c "SET client_min_messages = warning" -c "CREATE EXTENSION IF NOT EXISTS aov_ext"
    echo "== loading test/sample_data.sql"
    psql -q -f test/sample_data.sql
    psql -At -c "SELECT format(\$\$%s orders, %s customers, %s guest orders, %s .. %s (UTC)\$\$,
                              count(*), count(DISTINCT customer_id),
                              count(*) FILTER (WHERE customer_id IS NULL),
                              min(ordered_at AT TIME ZONE \$\$UTC\$\$)::date,
                              max(ordered_at AT TIME ZONE \$\$UTC\$\$)::date)
                 FROM orders"
    echo
    echo "== AOV report (test/aov_report.sql)"
    psql -f test/aov_report.sql
    echo
    echo "== Why did AOV fall from May to June? (test/diagnose_report.sql)"
    psql -f test/diagnose_report.sql
    echo
    echo "== When to take a campaign offline? (test/campaign_review.sql)"
    psql -q -f test/campaign_review.sql
    echo
    echo "== Chart (test/aov_chart.sh)"
    mkdir -p "$OUT_DIR"
    bash test/aov_chart.sh "$OUT_DIR/aov_by_segment.png"
    exit 0
fi

. test/lib.sh

ensure_packages "postgresql-$PG_MAJOR" "postgresql-server-dev-$PG_MAJOR" make gcc gnuplot-nox

echo "== building aov_ext"
make PG_CONFIG="$PG_CONFIG"
echo "== installing aov_ext"
"${SUDO[@]}" make install PG_CONFIG="$PG_CONFIG"

# The server runs as user postgres: the installed files must be readable by it
# whatever umask root had (mkdir -p of the bitcode directory honours it).
pkglibdir=$("$PG_CONFIG" --pkglibdir)
sharedir=$("$PG_CONFIG" --sharedir)
"${SUDO[@]}" chmod -R a+rX "$sharedir"/extension/aov_ext* "$pkglibdir"/aov_ext.so \
    $(ls -d "$pkglibdir"/bitcode/aov_ext "$pkglibdir"/bitcode/aov_ext.index.bc 2>/dev/null)

echo "== starting a throwaway PostgreSQL $PG_MAJOR cluster (pg_virtualenv)"
# -t: the cluster lives in a private temporary directory even for root, so
# concurrent runs do not collide on /etc/postgresql/$PG_MAJOR/regress.
# Same locale everywhere, so the cluster is UTF8 on every machine.
export LANG=C.UTF-8 LC_ALL=C.UTF-8
pg_virtualenv -t -v "$PG_MAJOR" bash test/demo.sh --in-database
