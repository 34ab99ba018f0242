#!/usr/bin/env bash
# test/r_crosscheck.sh: an independent statistical cross-check of aov_ext
# against R, outside CI (doc/benchmarks.md, "Cross-checks against R").
#
# Against the server that psql's environment names (PGHOST, PGPORT, PGUSER),
# where aov_ext is installed: makes a scratch database (DB, default
# aov_rcheck; dropped at the end unless KEEP=1), builds deterministic order
# sets in it, asks aov_ext for its figures (test/r/crosscheck.sql), copies
# the same rows out to CSV in a temporary directory, recomputes every figure
# in base R (test/r/crosscheck.R) and prints one line per figure with both
# values, their difference and PASS/FAIL at the stated tolerance.  Exits 1
# when any figure fails, 2 when something is missing.  Needs Rscript
# (apt-get install r-base-core); no CRAN packages.  About 15 seconds.
#
#   PGHOST=/tmp PGPORT=5620 PGUSER=postgres bash test/r_crosscheck.sh
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
db=${DB:-aov_rcheck}
command -v Rscript >/dev/null || { echo "r_crosscheck: Rscript not found (apt-get install r-base-core)" >&2; exit 2; }
command -v psql >/dev/null || { echo "r_crosscheck: psql not found" >&2; exit 2; }

work=$(mktemp -d)
cleanup() {
    rm -rf "$work"
    [[ ${KEEP:-0} == 1 ]] || psql -X -q -d postgres -c "DROP DATABASE IF EXISTS \"$db\"" >/dev/null 2>&1 || true
}
trap cleanup EXIT

psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "SET client_min_messages = warning" \
    -c "DROP DATABASE IF EXISTS \"$db\"" -c "CREATE DATABASE \"$db\"" \
    >/dev/null
# \copy writes into psql's working directory.
(cd "$work" && psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$here/r/crosscheck.sql")
Rscript "$here/r/crosscheck.R" "$work"
