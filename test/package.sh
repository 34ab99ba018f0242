#!/usr/bin/env bash
# test/package.sh: build the Debian package postgresql-15-aov-ext from a copy
# of this tree (debian/, pg_buildext) and check what it installs.
#
#   bash test/package.sh                  (fresh Debian 12 as root, as CI)
#   bash test/package.sh --extract-only   (on a machine others use)
#
# Steps, each printing PASS or FAIL lines; exit 1 if any failed:
#   1. installs what the build needs with apt (dpkg-dev, debhelper,
#      postgresql-server-dev-all, ...) if missing;
#   2. checks META.json and the versions (test/check_meta.py);
#   3. copies the tree (tracked and untracked files, not ignored ones) to a
#      temporary directory and builds there with dpkg-buildpackage -b (the
#      work tree is not touched); the build-time regression run is skipped
#      (nocheck): CI runs the whole suite in test/run_tests.sh already;
#   4. checks the package's file list against the Makefile (the control
#      file, the current install script, every upgrade script, the module);
#   5. unpacks the .deb (dpkg -x) into the temporary directory and runs the
#      SQL checks below in a throwaway cluster (pg_virtualenv) that finds the
#      extension there (Debian's extension_destdir and dynamic_library_path):
#      nothing on the system changes;
#   6. unless --extract-only: installs the .deb with apt, runs the same
#      checks in another throwaway cluster against the system's directories,
#      and purges the package again.  Any aov_ext files that were there
#      before (a `make install`) are copied aside first and put back on exit
#      (also on failure or Ctrl-C), byte for byte (checked).  During the run
#      other users of this PostgreSQL see the packaged aov_ext: use
#      --extract-only on a shared machine.
#
# The SQL checks: CREATE EXTENSION gives the Makefile's version and loads the
# module from where the package put it (/proc/self/maps of the backend); the
# oldest version updates to it; aov_trimmed_mean, aov_top_values and
# aov_breakdown agree with plain SQL over the same rows.
#
# Environment: PG_MAJOR (default 15).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

PG_MAJOR=${PG_MAJOR:-15}
PKG=postgresql-$PG_MAJOR-aov-ext
EXTVERSION=$(sed -n 's/^EXTVERSION *= *//p' Makefile)
export PG_MAJOR EXTVERSION

# Inside a pg_virtualenv cluster: the SQL checks.  $2 is the directory the
# module must be loaded from.
if [[ ${1:-} == --in-virtualenv ]]; then
    libdir=$2
    psql() { command psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }
    psql -c 'CREATE EXTENSION aov_ext' || { echo "FAIL: CREATE EXTENSION aov_ext"; exit 1; }
    psql -v ver="$EXTVERSION" -v libdir="$libdir" <<'EOF'
-- Where the server loaded the module from: its own memory map.
SELECT aov_trimmed_mean(1::numeric, 0) IS NOT NULL AS loaded \gset
SELECT CASE WHEN so = :'libdir' || '/aov_ext.so' THEN 'PASS: module loaded from ' || so
            ELSE 'FAIL: module loaded from ' || coalesce(so, 'nowhere') || ', expected ' || :'libdir' || '/aov_ext.so' END
FROM (SELECT string_agg(DISTINCT substring(l FROM '/\S*/aov_ext\.so$'), ', ') AS so
      FROM regexp_split_to_table(pg_read_file('/proc/self/maps'), E'\n') AS l
      WHERE l LIKE '%/aov_ext.so') m;

CREATE TEMP TABLE o AS
SELECT i AS order_id,
       -- 211 price points, about 5 orders each, and a wholesale tail
       (5 + (i * 7919 % 211) / 4.0 + CASE WHEN i % 100 = 0 THEN 900 + i ELSE 0 END)::numeric(12,2) AS revenue,
       1 + i % 4 AS items,
       CASE WHEN i % 10 = 0 THEN NULL ELSE i % 97 END::bigint AS customer_id
FROM generate_series(1, 1000) AS i;

SELECT CASE WHEN extversion = :'ver' THEN 'PASS' ELSE 'FAIL' END
       || ': CREATE EXTENSION installs version ' || extversion || ' (Makefile: ' || :'ver' || ')'
FROM pg_extension WHERE extname = 'aov_ext';

-- R's mean(x, trim = 0.1): drop floor(n * 0.1) values at each end.
SELECT CASE WHEN abs(got - want) < 1e-12 THEN 'PASS' ELSE 'FAIL' END
       || ': aov_trimmed_mean ' || got || ', plain SQL ' || want
FROM (SELECT aov_trimmed_mean(revenue, 0.1) AS got FROM o) g,
     (SELECT avg(revenue) AS want
      FROM (SELECT revenue, row_number() OVER (ORDER BY revenue) AS r, count(*) OVER () AS n FROM o) s
      WHERE r > floor(n * 0.1) AND r <= n - floor(n * 0.1)) w;

-- The three most frequent values, ties to the smaller value.
SELECT CASE WHEN got = want THEN 'PASS' ELSE 'FAIL' END
       || ': aov_top_values ' || got || ', plain SQL ' || want
FROM (SELECT string_agg(t.value || 'x' || t.count, ' ' ORDER BY t.count DESC, t.value) AS got
      FROM unnest((SELECT aov_top_values(revenue, 3) FROM o)) AS t) g,
     (SELECT string_agg(revenue || 'x' || c, ' ' ORDER BY c DESC, revenue) AS want
      FROM (SELECT revenue, count(*) AS c FROM o GROUP BY revenue ORDER BY c DESC, revenue LIMIT 3) s) w;

-- AOV = unit price x items per order, and distinct customers.
SELECT CASE WHEN b.orders = w.orders AND b.customers = w.customers
             AND abs(b.aov - w.aov) < 1e-12 AND abs(b.unit_price - w.unit_price) < 1e-12
             AND abs(b.items_per_order - w.ipo) < 1e-12
            THEN 'PASS' ELSE 'FAIL' END
       || ': aov_breakdown ' || concat_ws(' ', b.orders, b.customers, round(b.aov, 6), round(b.unit_price, 6), round(b.items_per_order, 6))
       || ', plain SQL ' || concat_ws(' ', w.orders, w.customers, round(w.aov, 6), round(w.unit_price, 6), round(w.ipo, 6))
FROM (SELECT (b).* FROM (SELECT aov_breakdown(revenue, items, customer_id) AS b FROM o) s) b,
     (SELECT count(*) AS orders, count(DISTINCT customer_id) AS customers, sum(revenue) / count(*) AS aov,
             sum(revenue) / sum(items) AS unit_price, sum(items)::numeric / count(*) AS ipo FROM o) w;

-- Every upgrade script is installed: the oldest version updates to this one.
DROP EXTENSION aov_ext;
CREATE EXTENSION aov_ext VERSION '0.1.0';
ALTER EXTENSION aov_ext UPDATE;
SELECT CASE WHEN extversion = :'ver' THEN 'PASS' ELSE 'FAIL' END
       || ': 0.1.0 updates to ' || extversion
FROM pg_extension WHERE extname = 'aov_ext';
EOF
    exit 0
fi

mode=install
case ${1:-} in
    --extract-only) mode=extract ;;
    '') ;;
    *) echo "usage: bash test/package.sh [--extract-only]" >&2; exit 2 ;;
esac

. test/lib.sh

failures=0
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
# Count the FAIL lines of a checking command; its failure is one too.
run_checks() {
    local out status=0
    out=$("$@" 2>&1) || status=$?
    printf '%s\n' "$out"
    failures=$((failures + $(grep -c '^FAIL' <<<"$out" || true)))
    if ((status != 0)) && ! grep -q '^FAIL' <<<"$out"; then
        fail "$* exited with $status"
    fi
}

ensure_packages python3 build-essential dpkg-dev debhelper make gcc \
    "postgresql-$PG_MAJOR" "postgresql-server-dev-$PG_MAJOR" postgresql-server-dev-all

run_checks python3 test/check_meta.py

work=$(mktemp -d /tmp/aov_package.XXXXXX)
chmod 755 "$work"   # the server (user postgres) reads the unpacked extension
backup=$work/backup
installed_by_us=
cleanup() {
    local status=$?
    if [[ $installed_by_us ]]; then
        echo "== purging $PKG"
        "${SUDO[@]}" dpkg --purge "$PKG" >/dev/null || echo "FAIL: dpkg --purge $PKG"
    fi
    if [[ -d $backup ]]; then
        # What a `make install` had put there before the package replaced it.
        (cd "$backup" && find . -type f -print0 | "${SUDO[@]}" tar -cf - --null -T - | "${SUDO[@]}" tar -xpf - -C /)
        if (cd "$backup" && find . -type f -print0 | xargs -0 -I{} cmp -s {} /{}); then
            echo "PASS: the aov_ext files that were installed before are back"
        else
            echo "FAIL: the aov_ext files that were installed before differ; copies in $backup"
            exit 1
        fi
    fi
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== copying the tree to $work/src"
mkdir "$work/src"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    # tracked files as they are in the work tree (a deleted one is left out)
    git ls-files -z --cached --others --exclude-standard \
        | while IFS= read -r -d '' f; do [[ -e $f ]] && printf '%s\0' "$f"; done \
        | tar -cf - --null -T - | tar -xf - -C "$work/src"
else
    cp -a . "$work/src"
    make -C "$work/src" clean >/dev/null
fi

echo "== building $PKG (dpkg-buildpackage -b)"
status=0
# Debian's compiler flags, as a user's build would have: CI's PG_CFLAGS
# (-Werror without -isystem for the server headers) are for run_tests.sh.
(cd "$work/src" && env -u PG_CFLAGS DEB_BUILD_OPTIONS=nocheck dpkg-buildpackage -us -uc -b -Pnocheck) \
    >"$work/build.log" 2>&1 || status=$?
deb=$(ls "$work"/"${PKG}"_*.deb 2>/dev/null | head -1 || true)
if ((status != 0)) || [[ ! -f $deb ]]; then
    tail -40 "$work/build.log"
    fail "dpkg-buildpackage (exit $status)"
    exit 1
fi
pass "built $(basename "$deb")"
if grep -q 'warning:' "$work/build.log"; then
    grep 'warning:' "$work/build.log"
    fail "compiler warnings in the package build"
fi

# The files PGXS installs, by the Makefile; nothing else under the server's
# directories but the bitcode for JIT.
pkglibdir=/usr/lib/postgresql/$PG_MAJOR/lib
extdir=/usr/share/postgresql/$PG_MAJOR/extension
want=$( { echo "$extdir/aov_ext.control" "$extdir/aov_ext--$EXTVERSION.sql" "$pkglibdir/aov_ext.so"
          for f in src/sql/aov_ext--*.sql; do echo "$extdir/${f#src/sql/}"; done; } | tr ' ' '\n' | sort)
got=$(dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { sub(/^\./, "", $6); print $6 }' \
      | grep -E "^($extdir|$pkglibdir)/" | grep -v "^$pkglibdir/bitcode/" | sort)
if [[ $got == "$want" ]]; then
    pass "the package holds the control file, $(grep -c '\.sql$' <<<"$want") scripts and the module"
else
    fail "package contents differ from the Makefile's (< expected, > packaged):"
    diff <(echo "$want") <(echo "$got") || true
fi

export LANG=C.UTF-8 LC_ALL=C.UTF-8
echo "== checks against the unpacked package (extension_destdir)"
root=$work/root
dpkg -x "$deb" "$root"
run_checks pg_virtualenv -t -v "$PG_MAJOR" \
    -o "extension_destdir=$root" -o "dynamic_library_path=$root$pkglibdir:$pkglibdir" \
    bash test/package.sh --in-virtualenv "$root$pkglibdir"

if [[ $mode == install ]]; then
    if dpkg-query -W -f='${db:Status-Abbrev}' "$PKG" 2>/dev/null | grep -q '^ii'; then
        fail "$PKG is installed already: not replacing it (use --extract-only)"
        exit 1
    fi
    echo "== installing $PKG (apt)"
    # Copy aside what the package will overwrite (a `make install`).
    while read -r f; do
        if [[ -f $f ]]; then
            mkdir -p "$backup$(dirname "$f")"
            cp -a "$f" "$backup$f"
        fi
    done < <(dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { sub(/^\./, "", $6); print $6 }')
    installed_by_us=1
    if "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$deb" \
        >"$work/apt.log" 2>&1; then
        pass "apt-get install $(basename "$deb")"
        if dpkg -L "$PKG" | grep -qx "$pkglibdir/aov_ext.so"; then
            pass "dpkg lists $pkglibdir/aov_ext.so as the package's"
        else
            fail "dpkg does not list $pkglibdir/aov_ext.so in $PKG"
        fi
        echo "== checks against the installed package"
        run_checks pg_virtualenv -t -v "$PG_MAJOR" bash test/package.sh --in-virtualenv "$pkglibdir"
    else
        cat "$work/apt.log"
        fail "apt-get install $(basename "$deb")"
    fi
fi

if ((failures)); then
    echo "package.sh: $failures check(s) FAILED"
    exit 1
fi
echo "package.sh: all checks passed"
