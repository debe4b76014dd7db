#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Madoguchi developer entry point.
#   ./dev.sh demo    install what is missing, build, start the kiosk in demo mode
#   ./dev.sh test    install what is missing, build, run the whole suite through CTest
#   ./dev.sh build [PRESET]   configure and build only (presets: dev, release, asan, tsan, bench)
#   ./dev.sh asan    build and test under AddressSanitizer + UndefinedBehaviorSanitizer
#   ./dev.sh tsan    build and run the unit and integration suites under ThreadSanitizer
#   ./dev.sh deps    install the Debian packages only
#   ./dev.sh bench   build the bench preset and print every figure (tests/bench/README.md)
#   ./dev.sh fuzz [SECONDS]   build the libFuzzer targets (clang) and run each SECONDS (60)
#   ./dev.sh package  build the .deb packages and the test MSI, and test both (installer/README.md)
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(
    build-essential cmake ninja-build pkg-config git
    libwxgtk3.2-dev libfido2-dev libcbor-dev libzxing-dev libssl-dev libsqlite3-dev
    libcurl4-openssl-dev libcpp-httplib-dev nlohmann-json3-dev libtomlplusplus-dev
    libspdlog-dev libpq-dev postgresql libpng-dev zlib1g-dev libcairo2-dev libgtest-dev libgmock-dev libbenchmark-dev
    gettext fonts-noto-cjk xvfb xauth imagemagick zbar-tools oathtool poppler-utils
    xdotool x11-utils openssl python3 python3-pyotp python3-cryptography python3-fido2 clang-format ccache
    chromium
)

# chromium is in PACKAGES: the browser tests register passkeys in it (tests/browser), and
# `./dev.sh bench` compares start-up with it. Only for `./dev.sh fuzz`, not for the tests:
FUZZ_PACKAGES=(clang libclang-rt-14-dev)
# Only for `./dev.sh package`: the package checks and Wine's Windows Installer.
PACKAGE_PACKAGES=(dpkg-dev lintian systemd desktop-file-utils wixl msitools wine wine64)

log() { printf '\033[1;34m[dev.sh]\033[0m %s\n' "$*"; }

install_deps() {
    local missing=()
    for pkg in "${PACKAGES[@]}" "$@"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$pkg")
        fi
    done
    if [ ${#missing[@]} -eq 0 ]; then
        return
    fi
    log "installing: ${missing[*]}"
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        sudo=(sudo)
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

jobs_for_build() {
    # Two cores and plenty of memory on the project's machines: one job per core.
    nproc 2>/dev/null || echo 2
}

use_ccache() {
    # The compiler cache makes the second build of a tree (CI after a session, a second
    # preset's unchanged sources, another work tree) mostly cache hits. Paths are taken
    # relative to the tree so clones in other folders share the cache.
    if command -v ccache >/dev/null; then
        export CMAKE_C_COMPILER_LAUNCHER=ccache CMAKE_CXX_COMPILER_LAUNCHER=ccache
        export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
        export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-8G}"
    fi
}

build() {
    local preset="$1"
    use_ccache
    log "configuring ($preset)"
    cmake --preset "$preset" >/dev/null
    log "building ($preset)"
    cmake --build --preset "$preset" -j "$(jobs_for_build)"
}

run_tests() {
    local preset="$1"
    build "$preset"
    log "testing ($preset)"
    ctest --preset "$preset" "${@:2}"
}

demo() {
    build dev
    local exe=build/dev/gui/madoguchi
    local args=(--demo)
    if [ "${MADOGUCHI_WINDOWED:-0}" = 1 ]; then
        args+=(--windowed)
    fi
    if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
        log "starting the kiosk in demo mode (staff PIN and demo credentials: see README.md)"
        exec "$exe" "${args[@]}" "$@"
    fi
    # No display (a server or a CI box): run on a virtual screen and leave a screenshot.
    local shot="${MADOGUCHI_DEMO_SCREENSHOT:-build/dev/demo.png}"
    log "no display found: running on Xvfb for ${MADOGUCHI_DEMO_SECONDS:-10} s, screenshot in $shot"
    xvfb-run -a -s "-screen 0 1920x1080x24" bash -c '
        "$1" "${@:4}" & pid=$!
        sleep "$2"
        import -window root "$3" || true
        kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
    ' _ "$exe" "${MADOGUCHI_DEMO_SECONDS:-10}" "$shot" "${args[@]}" "$@"
    log "screenshot written to $shot"
}

# Every figure of tests/bench/README.md in one run. The bench preset is built with one job
# under nice (the machines are shared); the figures say which machine and build they are.
bench() {
    use_ccache
    log "configuring (bench)"
    cmake --preset bench >/dev/null
    log "building the bench targets (bench preset, Release)"
    nice -n 10 cmake --build --preset bench -j "${BENCH_JOBS:-1}" \
        --target madoguchi micro_bench sync_bench ui_bench memory_soak
    local dir=build/bench
    echo "== Madoguchi figures: $(date -u '+%Y-%m-%d %H:%M UTC'), nproc $(nproc)," \
        "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')," \
        "load $(cut -d' ' -f1-3 /proc/loadavg), git $(git rev-parse --short HEAD 2>/dev/null)"
    echo
    echo "== 1. Start-up beside Chromium (tests/bench/startup.py, ${STARTUP_RUNS:-7} runs)"
    python3 tests/bench/startup.py "$dir/gui/madoguchi" --runs "${STARTUP_RUNS:-7}"
    echo
    echo "== 2. UI thread: longest stall and each screen change (ui_bench, whole wizard)"
    xvfb-run -a -s "-screen 0 1920x1080x24" "$dir/tests/bench/ui_bench"
    echo
    echo "== 3. Micro-benchmarks (micro_bench, Google Benchmark)"
    MADOGUCHI_BENCH_DIR="$dir/bench-scratch" nice -n 5 "$dir/tests/bench/micro_bench" \
        --benchmark_counters_tabular=true
    echo
    echo "== 4. Sync drain, one result per request and in batches, beside the plain POST loop," \
        "into the central's SQLite and PostgreSQL stores (sync_bench)"
    "$dir/tests/bench/sync_bench" "${SYNC_COUNT:-2000}" --batch "${SYNC_BATCH:-100}" \
        --rounds "${SYNC_ROUNDS:-1}" --store "${SYNC_STORE:-both}"
    echo
    echo "== 5. Memory soak (memory_soak: ${SOAK_COUNT:-1000} enrollments, RSS start/middle/end)"
    "$dir/tests/bench/memory_soak" "${SOAK_COUNT:-1000}"
}

# The libFuzzer targets (tests/fuzz) with clang, ASan and UBSan; each runs SECONDS on its
# committed seed corpus (copied to build/fuzz/corpus/<target>, which keeps what it finds).
fuzz() {
    local seconds="${1:-60}"
    use_ccache
    log "configuring (fuzz)"
    cmake --preset fuzz >/dev/null
    log "building the fuzz targets"
    nice -n 10 cmake --build --preset fuzz -j "${FUZZ_JOBS:-$(jobs_for_build)}"
    local dir=build/fuzz/tests/fuzz
    local failed=0
    for exe in "$dir"/fuzz_*; do
        local name=${exe##*/fuzz_}
        local work=build/fuzz/corpus/$name
        mkdir -p "$work" build/fuzz/artifacts
        log "fuzzing $name for ${seconds}s"
        if ! UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 nice -n 15 "$exe" \
            -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
            -artifact_prefix=build/fuzz/artifacts/"$name"- \
            "$work" "tests/fuzz/corpus/$name" 2>build/fuzz/"$name".log; then
            failed=1
            tail -40 build/fuzz/"$name".log
        fi
        grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' build/fuzz/"$name".log |
            sed "s/^/  $name /"
    done
    return "$failed"
}

# The .deb packages (CPack over the release preset) and the MSI over its test payload, each
# checked by its script in tests/package (lintian, systemd-analyze, desktop-file-validate,
# dpkg into a scratch root, Wine's msiexec). Output in build/package.
package() {
    build release
    local out=build/package
    rm -rf "$out"
    mkdir -p "$out"
    log "packaging the .deb files (CPack)"
    cpack --config build/release/CPackConfig.cmake -B "$PWD/$out" >"$out/cpack.log" ||
        { cat "$out/cpack.log"; return 1; }
    rm -rf "$out/_CPack_Packages"
    ls "$out"/*.deb
    log "testing the .deb files"
    tests/package/deb-test.sh "$out"
    log "building and testing the MSI (test payload, Wine)"
    tests/package/msi-test.sh "$out"
}

cmd="${1:-help}"
shift || true
case "$cmd" in
    deps) install_deps ;;
    build) install_deps; build "${1:-dev}" ;;
    test) install_deps; run_tests dev "$@" ;;
    asan) install_deps; run_tests asan "$@" ;;
    tsan) install_deps; run_tests tsan "$@" ;;
    demo) install_deps; demo "$@" ;;
    bench) install_deps; bench "$@" ;;
    fuzz) install_deps "${FUZZ_PACKAGES[@]}"; fuzz "$@" ;;
    package) install_deps "${PACKAGE_PACKAGES[@]}"; package ;;
    format)
        git ls-files '*.cpp' '*.h' | xargs clang-format -i ;;
    *)
        sed -n '3,12p' "$0" | sed 's/^# \{0,1\}//'
        [ "$cmd" = help ] || exit 2 ;;
esac
