#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# binary-smoke.sh MADOGUCHI ARTEFACT_DIR: starts the real kiosk executable (App.cpp, command
# line, runtime, window) in demo mode on the X display, waits for its window, takes a
# screenshot of the attract screen, checks it shows the kiosk's colours in the expected
# amounts, then stops it. Run under xvfb-run.
set -eu
bin=$1
artefacts=$2
mkdir -p "$artefacts"
tmp=$(mktemp -d)
pid=
cleanup() {
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
    echo "binary-smoke: $*" >&2
    sed 's/^/  madoguchi: /' "$tmp/out.log" >&2 || true
    exit 1
}

"$bin" --demo --windowed --lang ja --store "$tmp/kiosk.db" >"$tmp/out.log" 2>&1 &
pid=$!

window=
for _ in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || fail "exited before showing a window"
    window=$(xdotool search --onlyvisible --name '^Madoguchi$' 2>/dev/null | head -n 1 || true)
    [ -n "$window" ] && break
    sleep 0.2
done
[ -n "$window" ] || fail "no window named Madoguchi after 30 s"
sleep 2 # let the attract screen lay out and paint

geometry=$(xdotool getwindowgeometry "$window")
echo "$geometry"
echo "$geometry" | grep -q 'Geometry: 1600x1000' || fail "--windowed is not 1600x1000: $geometry"

shot="$artefacts/binary-attract.png"
import -window root "$shot"

# Fraction of the screen in a colour (ImageMagick): the main button's blue (palette kPrimary)
# and the header's and footer's pale blue (kHeaderBackground).
fraction() {
    convert "$shot" -alpha off -fuzz 3% -fill black +opaque "$1" -fill white -opaque "$1" \
        -colorspace gray -format '%[fx:mean]' info:
}
primary=$(fraction '#0B4F9C')
header=$(fraction '#EEF3F8')
text=$(fraction '#1A1A1A')
echo "primary $primary header $header text $text"
awk -v p="$primary" -v h="$header" -v t="$text" 'BEGIN {
    # 1920x1080 screen, 1600x1000 window: the main button alone is ~1.5 % of the screen,
    # header and footer ~10 %, dark text at least a few thousand pixels.
    exit !(p > 0.008 && h > 0.05 && t > 0.002)
}' || fail "the attract screen does not look like the kiosk (primary $primary, header $header, text $text)"

kill -0 "$pid" 2>/dev/null || fail "died while showing the attract screen"
kill "$pid"
wait "$pid" 2>/dev/null || true
pid=
echo "binary-smoke: ok ($shot)"
