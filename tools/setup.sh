#!/usr/bin/env bash
# Set-up and entry point for the two commands in README.md's Snabbstart.
#   tools/setup.sh run    install what is missing, build, run `omrade build` on the embedded default (out/)
#   tools/setup.sh test   install what is missing (incl. test clients), build, run the whole test suite;
#                         then the same suite built with clang under AddressSanitizer and
#                         UndefinedBehaviorSanitizer (build-san/), with a bounded run of every
#                         libFuzzer target (docs/testning.md). OMRADE_SANITIZERS=0 skips that part.
# Idempotent and quiet when there is nothing to do. Needs root (or sudo) only to install packages.
set -euo pipefail

mode=${1:-run}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${OMRADE_BUILD_DIR:-$root/build}
san_dir=${OMRADE_SAN_BUILD_DIR:-$root/build-san}
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

# One clang build folder for the sanitizer suite and the fuzz targets: every object carries
# -fsanitize=address,undefined,fuzzer-no-link, only the fuzz targets link libFuzzer.
configure_and_build_sanitizers() {
    if [ ! -f "$san_dir/CMakeCache.txt" ]; then
        cmake -S "$root" -B "$san_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
            -DCMAKE_CXX_COMPILER=clang++ -DOMRADE_FUZZ=ON >/dev/null
    fi
    cmake --build "$san_dir" -j "$jobs" -- --quiet
}

# The sanitizer suite leaves out the tests that only drive other programs (QGIS and Chromium
# open a demo build; under ASan they would test those programs' start-up, not our code, and take
# minutes). Everything else runs: unit, e2e (the omrade binary under ASan), layering, PostGIS,
# and the fuzz targets (label fuzz, OMRADE_FUZZ_SECONDS each).
run_sanitizer_suite() {
    # abort_on_error: a report ends the process with SIGABRT, so CTest sees the failure even
    # where a test only looks at the exit code. No suppressions: docs/testning.md.
    ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1} \
    UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1} \
        ctest --test-dir "$san_dir" -j "$jobs" --output-on-failure --timeout 900 \
            --label-exclude '^(qgis|chromium)$' "$@"
}

install_missing
configure_and_build

case "$mode" in
    run)
        cd "$root"
        exec "$build_dir/tools/omrade" build --overwrite --no-progress "${@:2}"
        ;;
    test)
        status=0
        ctest --test-dir "$build_dir" -j "$jobs" --output-on-failure --timeout 600 "${@:2}" || status=1
        if [ "${OMRADE_SANITIZERS:-1}" != 0 ]; then
            echo "setup: testsviten med AddressSanitizer och UndefinedBehaviorSanitizer ($san_dir)" >&2
            configure_and_build_sanitizers
            run_sanitizer_suite "${@:2}" || status=1
        fi
        exit "$status"
        ;;
    *)
        echo "användning: tools/setup.sh run|test" >&2
        exit 2
        ;;
esac
