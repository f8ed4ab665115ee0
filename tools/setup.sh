#!/usr/bin/env bash
# Set-up and entry point for the two commands in README.md's Snabbstart.
#   tools/setup.sh run    install what is missing, build, run `omrade build` on the embedded default (out/)
#   tools/setup.sh test   install what is missing (incl. test clients), build, run the whole test suite
# Idempotent and quiet when there is nothing to do. Needs root (or sudo) only to install packages.
set -euo pipefail

mode=${1:-run}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${OMRADE_BUILD_DIR:-$root/build}
jobs=$(nproc 2>/dev/null || echo 2)

package_lists() {
    echo "$root/tools/deps/build.txt"
    if [ "$mode" = test ]; then
        echo "$root/tools/deps/test.txt"
        for f in "$root"/tools/deps/test-*.txt; do [ -e "$f" ] && echo "$f"; done
    fi
    return 0
}

install_missing() {
    local wanted=() missing=() pkg
    while read -r pkg; do
        [ -n "$pkg" ] && wanted+=("$pkg")
    done < <(package_lists | xargs cat | sed 's/#.*//' | tr -s ' \t' '\n' | sed '/^$/d' | sort -u)
    for pkg in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=()
    [ "$(id -u)" -ne 0 ] && sudo=(sudo)
    echo "setup: installerar ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq >/dev/null
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

configure_and_build() {
    if [ ! -f "$build_dir/CMakeCache.txt" ]; then
        cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    fi
    if [ "$mode" = test ]; then
        cmake --build "$build_dir" -j "$jobs" -- --quiet
    else
        cmake --build "$build_dir" -j "$jobs" --target omrade -- --quiet
    fi
}

install_missing
configure_and_build

case "$mode" in
    run)
        cd "$root"
        exec "$build_dir/tools/omrade" build --overwrite --no-progress "${@:2}"
        ;;
    test)
        exec ctest --test-dir "$build_dir" -j "$jobs" --output-on-failure --timeout 600 "${@:2}"
        ;;
    *)
        echo "användning: tools/setup.sh run|test" >&2
        exit 2
        ;;
esac
