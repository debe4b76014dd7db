#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Madoguchi developer entry point.
#   ./dev.sh demo    install what is missing, build, start the kiosk in demo mode
#   ./dev.sh test    install what is missing, build, run the whole suite through CTest
#   ./dev.sh build [PRESET]   configure and build only (presets: dev, release, asan, bench)
#   ./dev.sh asan    build and test under AddressSanitizer + UndefinedBehaviorSanitizer
#   ./dev.sh deps    install the Debian packages only
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(
    build-essential cmake ninja-build pkg-config git
    libwxgtk3.2-dev libfido2-dev libcbor-dev libzxing-dev libssl-dev libsqlite3-dev
    libcurl4-openssl-dev libcpp-httplib-dev nlohmann-json3-dev libtomlplusplus-dev
    libspdlog-dev libpng-dev zlib1g-dev libcairo2-dev libgtest-dev libgmock-dev libbenchmark-dev
    gettext fonts-noto-cjk xvfb xauth imagemagick zbar-tools oathtool poppler-utils
    xdotool x11-utils openssl python3 python3-pyotp python3-cryptography python3-fido2 clang-format ccache
)

log() { printf '\033[1;34m[dev.sh]\033[0m %s\n' "$*"; }

install_deps() {
    local missing=()
    for pkg in "${PACKAGES[@]}"; do
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

cmd="${1:-help}"
shift || true
case "$cmd" in
    deps) install_deps ;;
    build) install_deps; build "${1:-dev}" ;;
    test) install_deps; run_tests dev "$@" ;;
    asan) install_deps; run_tests asan "$@" ;;
    demo) install_deps; demo "$@" ;;
    format)
        git ls-files '*.cpp' '*.h' | xargs clang-format -i ;;
    *)
        sed -n '3,9p' "$0" | sed 's/^# \{0,1\}//'
        [ "$cmd" = help ] || exit 2 ;;
esac
