# test/lib.sh: shell helpers shared by demo.sh and run_tests.sh (sourced).

if [[ $(id -u) -eq 0 ]]; then SUDO=(); else SUDO=(sudo); fi

# apt-get update + install, only for packages that are not installed yet.
ensure_packages() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null | grep -q '^ii' || missing+=("$p")
    done
    if ((${#missing[@]})); then
        echo "== installing ${missing[*]}"
        "${SUDO[@]}" apt-get update
        "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
    fi
}
