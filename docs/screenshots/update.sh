#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Takes the screenshots of the screens issue 12 changed, in Japanese and English, from the real
# kiosk (demo mode) under Xvfb, driven by taps (tests/gui/CounterReadyTest.cpp), and copies them
# here at half size:  docs/screenshots/update.sh [BUILD_DIR]   (default build/dev, built first)
set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
root=$(CDPATH= cd -- "$here/../.." && pwd)
build=${1:-$root/build/dev}
test_exe="$build/tests/gui/gui_counter_tests"
[ -x "$test_exe" ] || { echo "update.sh: build $test_exe first (./dev.sh build dev)" >&2; exit 1; }
rm -f "$build"/gui-artefacts/shot-*.png
MADOGUCHI_SCREENSHOTS=1 xvfb-run -a -s "-screen 0 1920x1080x24" "$test_exe" \
    --gtest_filter='CounterReady.ScreenshotsOfEveryScreenTheIssueChanged'
for shot in "$build"/gui-artefacts/shot-*.png; do
    name=${shot##*/shot-}
    convert "$shot" -resize 50% "$here/$name"
    echo "docs/screenshots/$name"
done
