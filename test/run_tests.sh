#!/usr/bin/env bash
# test/run_tests.sh: the whole aov_ext test suite on a throwaway cluster.
#
#   bash test/run_tests.sh
#   PG_CFLAGS="-Wall -Wextra -Werror" bash test/run_tests.sh     (as CI does)
#
# Installs postgresql-server-dev-15, make and gcc from apt if missing, builds
# from clean (so PG_CFLAGS applies to every object), installs, then inside one
# pg_virtualenv cluster runs `make installcheck` (pg_regress: sql/ against
# expected/), then setup, diagnose and report again in a cluster made in the
# C locale (LANG=C; about 30 s).  On failure prints regression.diffs and
# exits non-zero.
#
# Environment: PG_CFLAGS (extra compiler flags, passed to make after
# -isystem <server include dir>, see below), PG_MAJOR
# (default 15), PG_CONFIG (default /usr/lib/postgresql/$PG_MAJOR/bin/pg_config).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

PG_MAJOR=${PG_MAJOR:-15}
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/$PG_MAJOR/bin/pg_config}
PG_CFLAGS=${PG_CFLAGS:-}
export PG_MAJOR PG_CONFIG PG_CFLAGS

# The tests that print text beyond ASCII (diagnose: Chinese), with setup
# first, run a second time against a server in the C locale.
C_LOCALE_TESTS="setup diagnose report"

# Second stage, inside the cluster that pg_virtualenv made.
if [[ ${1:-} == --in-virtualenv ]]; then
    status=0
    echo "== make installcheck"
    make installcheck PG_CONFIG="$PG_CONFIG" || status=1
    exit "$status"
fi
# The same inside a cluster made under LANG=C: the suite must not depend on
# the server's locale (pg_regress makes a UTF8 database there, through
# REGRESS_OPTS --encoding=UTF8).  Without that option diagnose fails here.
if [[ ${1:-} == --in-c-locale ]]; then
    server=$(psql -X -At -c "SELECT concat_ws(' ', current_setting('lc_collate'),
                                    current_setting('lc_ctype'), current_setting('server_encoding'))")
    echo "== server locale (lc_collate, lc_ctype, encoding): $server"
    if [[ $server != "C C "* ]]; then
        echo "run_tests.sh: the second cluster is not in the C locale" >&2
        exit 1
    fi
    echo "== make installcheck REGRESS=\"$C_LOCALE_TESTS\" (C locale)"
    make installcheck PG_CONFIG="$PG_CONFIG" REGRESS="$C_LOCALE_TESTS"
    exit
fi

. test/lib.sh

ensure_packages "postgresql-$PG_MAJOR" "postgresql-server-dev-$PG_MAJOR" make gcc

# PostgreSQL's own headers are not -Wextra clean (PG 15's inline functions
# have unused parameters), so they are included as system headers: the
# caller's warning flags then judge this extension's code only.  (-isystem
# wins over the -I that PGXS adds for the same directory.)
cflags="-isystem $("$PG_CONFIG" --includedir-server)${PG_CFLAGS:+ $PG_CFLAGS}"
echo "== building aov_ext (PG_CFLAGS=$cflags)"
make clean PG_CONFIG="$PG_CONFIG" >/dev/null
make PG_CONFIG="$PG_CONFIG" PG_CFLAGS="$cflags"
echo "== installing aov_ext"
"${SUDO[@]}" make install PG_CONFIG="$PG_CONFIG" PG_CFLAGS="$cflags"

# The server runs as user postgres: the installed files must be readable by it
# whatever umask root had (mkdir -p of the bitcode directory honours it).
pkglibdir=$("$PG_CONFIG" --pkglibdir)
sharedir=$("$PG_CONFIG" --sharedir)
"${SUDO[@]}" chmod -R a+rX "$sharedir"/extension/aov_ext* "$pkglibdir"/aov_ext.so \
    $(ls -d "$pkglibdir"/bitcode/aov_ext "$pkglibdir"/bitcode/aov_ext.index.bc 2>/dev/null)

rm -rf results regression.diffs regression.out

# -t: the cluster lives in a private temporary directory even for root, so
# concurrent runs do not collide on /etc/postgresql/$PG_MAJOR/regress.
# Same locale everywhere, so the test cluster is UTF8 on every machine.
export LANG=C.UTF-8 LC_ALL=C.UTF-8
failed() {
    if [[ -s regression.diffs ]]; then
        echo "=== regression.diffs ==="
        cat regression.diffs
        echo "=== end of regression.diffs ==="
    fi
    echo "run_tests.sh: FAILED" >&2
    exit 1
}
pg_virtualenv -t -v "$PG_MAJOR" bash test/run_tests.sh --in-virtualenv || failed
rm -rf results regression.diffs regression.out
LANG=C LC_ALL=C pg_virtualenv -t -v "$PG_MAJOR" bash test/run_tests.sh --in-c-locale || failed
echo "run_tests.sh: all tests passed"
