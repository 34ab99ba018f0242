#!/usr/bin/env bash
# test/valgrind.sh: the whole regression suite with the server under valgrind
# (memcheck), failing on any error report that has an aov_ext frame.
#
#   bash test/valgrind.sh                  (root, or a user with sudo)
#   PG_SRC=/path/to/postgresql-15 bash test/valgrind.sh
#   REGRESS="setup parallel" bash test/valgrind.sh   (a subset of the tests)
#
# Not part of CI: the suite runs 20-40 times slower under valgrind (about
# 30 minutes on 2 cores).  Result recorded in doc/benchmarks.md.
#
# What it does:
#   1. installs valgrind, the server headers, make and gcc if missing;
#   2. finds PostgreSQL's suppressions, src/tools/valgrind.supp: from
#      $PG_SRC if set, else from the Debian source package of the installed
#      server (fetched with apt-get source into a private apt state, the
#      system's apt configuration untouched; when the archive no longer has
#      that exact version, the nearest one it has, said in the output);
#   3. builds aov_ext with -O1 -g (stack traces with line numbers) and
#      installs it;
#   4. starts a throwaway cluster whose postmaster and every backend and
#      parallel worker run under valgrind, runs `make installcheck` against
#      it, stops it;
#   5. reads valgrind's logs: every error report that names aov_ext (a frame
#      in aov_ext.so or in one of our sources) is printed, and the script
#      fails; reports without our frames (PostgreSQL's own, not suppressed)
#      are counted and listed by their first frames, not failed on.
#
# The stock Debian server is not built with USE_VALGRIND, so memcheck sees
# palloc chunks only at the level of whole malloc'd blocks: it catches reads
# of uninitialized memory, accesses outside any block and invalid frees,
# not overruns inside a memory context's block.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
. test/lib.sh

PG_MAJOR=${PG_MAJOR:-15}
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/$PG_MAJOR/bin/pg_config}
BIN=$("$PG_CONFIG" --bindir)
work=$(mktemp -d /tmp/aov-valgrind.XXXXXX)
chmod 755 "$work"
echo "== work directory $work"

ensure_packages valgrind "postgresql-$PG_MAJOR" "postgresql-server-dev-$PG_MAJOR" make gcc bzip2

# ---- 2. suppressions
supp=$work/valgrind.supp
if [[ -n ${PG_SRC:-} ]]; then
    cp "$PG_SRC/src/tools/valgrind.supp" "$supp"
    echo "== suppressions from $PG_SRC"
else
    want=$(dpkg-query -W -f='${Version}' "postgresql-$PG_MAJOR")
    apt_dir=$work/apt
    mkdir -p "$apt_dir/lists/partial" "$apt_dir/src"
    cat > "$apt_dir/sources.list" <<EOF
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm-updates main
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian-security bookworm-security main
EOF
    apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
              -o "Dir::State::Lists=$apt_dir/lists" -o "APT::Sandbox::User=root")
    "${SUDO[@]}" apt-get "${apt_opts[@]}" update -qq
    # the installed version first, then every other version, newest first
    mapfile -t versions < <(apt-cache "${apt_opts[@]}" showsrc "postgresql-$PG_MAJOR" |
                            sed -n 's/^Version: //p' | sort -Vr | uniq)
    got=
    for v in "$want" "${versions[@]}"; do
        if (cd "$apt_dir/src" && "${SUDO[@]}" apt-get "${apt_opts[@]}" source --download-only \
                "postgresql-$PG_MAJOR=$v" >/dev/null 2>&1); then
            got=$v
            break
        fi
    done
    [[ -n $got ]] || { echo "no source package of postgresql-$PG_MAJOR could be fetched; set PG_SRC"; exit 1; }
    tar -xjf "$apt_dir"/src/postgresql-"$PG_MAJOR"_*.orig.tar.bz2 -C "$work" --wildcards '*/src/tools/valgrind.supp'
    cp "$work"/postgresql-*/src/tools/valgrind.supp "$supp"
    if [[ $got == "$want" ]]; then
        echo "== suppressions from postgresql-$PG_MAJOR $got (the installed version)"
    else
        echo "== suppressions from postgresql-$PG_MAJOR $got (the archive no longer has the installed $want)"
    fi
fi

# ---- 3. build
cflags="-isystem $("$PG_CONFIG" --includedir-server) -O1 -g -fno-omit-frame-pointer"
echo "== building aov_ext (PG_CFLAGS=$cflags)"
make clean PG_CONFIG="$PG_CONFIG" >/dev/null
make -s PG_CONFIG="$PG_CONFIG" PG_CFLAGS="$cflags"
"${SUDO[@]}" make -s install PG_CONFIG="$PG_CONFIG" PG_CFLAGS="$cflags"
"${SUDO[@]}" chmod -R a+rX "$("$PG_CONFIG" --sharedir)"/extension/aov_ext* "$("$PG_CONFIG" --pkglibdir)"/aov_ext.so

# ---- 4. the cluster under valgrind
port=${PGPORT_VALGRIND:-54987}
data=$work/data
logs=$work/logs
mkdir -p "$data" "$logs"
chown postgres "$data" "$logs" "$supp"
as_pg() {
    if [[ $(id -un) == postgres ]]; then "$@"
    elif [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"
    else sudo -u postgres "$@"; fi
}
as_pg "$BIN/initdb" -D "$data" -E UTF8 --locale=C.UTF-8 -U postgres >/dev/null
cat >> "$data/postgresql.conf" <<EOF
port = $port
listen_addresses = ''
unix_socket_directories = '/tmp'
max_parallel_workers_per_gather = 2
timezone = 'UTC'
EOF
echo "== starting the server under valgrind (port $port)"
as_pg valgrind --quiet --trace-children=yes --track-origins=yes --read-var-info=yes \
    --leak-check=no --num-callers=30 --suppressions="$supp" \
    --error-markers=VALGRINDERROR-BEGIN,VALGRINDERROR-END \
    --log-file="$logs/%p.log" \
    "$BIN/postgres" -D "$data" >"$work/server.log" 2>&1 &
for _ in $(seq 1 120); do
    as_pg "$BIN/pg_isready" -q -h /tmp -p "$port" && break
    sleep 2
done
as_pg "$BIN/pg_isready" -q -h /tmp -p "$port" || { echo "server did not start"; cat "$work/server.log"; exit 1; }

status=0
echo "== make installcheck under valgrind"
rm -rf results regression.diffs regression.out
PGHOST=/tmp PGPORT=$port PGUSER=postgres make installcheck PG_CONFIG="$PG_CONFIG" \
    ${REGRESS:+REGRESS="$REGRESS"} || status=1
as_pg "$BIN/pg_ctl" -D "$data" -m fast -w -t 600 stop >/dev/null || true

# ---- 5. the reports
ours=0
theirs=0
for f in "$logs"/*.log; do
    awk -v file="$f" '
        /VALGRINDERROR-BEGIN/ { inblock = 1; block = ""; next }
        /VALGRINDERROR-END/ {
            inblock = 0
            if (block ~ /aov_ext|src\/[a-z_]+\.[ch]:/) { print "### " file; print block; ours++ }
            else { first = block; sub(/\n.*/, "", first); theirs_first[first]++ ; theirs++ }
            next
        }
        inblock { block = block $0 "\n" }
        END { printf "%d %d\n", ours, theirs > "/dev/stderr" }
    ' "$f" 2>>"$work/counts" || true
done >"$work/ours.txt"
read -r ours theirs < <(awk '{ o += $1; t += $2 } END { print o + 0, t + 0 }' "$work/counts" 2>/dev/null || echo "0 0")

echo "== valgrind: $ours error reports with aov_ext frames, $theirs others (logs in $logs)"
if ((ours > 0)); then
    cat "$work/ours.txt"
    status=1
fi
if ((theirs > 0)); then
    echo "-- the others, by first line:"
    grep -h -A1 VALGRINDERROR-BEGIN "$logs"/*.log | grep -v -e VALGRINDERROR -e '^--$' |
        sed 's/^==[0-9]*== *//' | sort | uniq -c | sort -rn | head -20
fi
if [[ -s regression.diffs ]]; then
    echo "== regression.diffs (the suite under valgrind)"
    cat regression.diffs
fi
((status == 0)) && echo "valgrind: clean" || echo "valgrind: FAILED"
exit "$status"
