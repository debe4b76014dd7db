#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# After an inactivity wipe, a core dump of the kiosk's engine holds none of the member's
# secrets. memory_soak --wiped-member walks one member (random secrets) to the OTP code
# screen and waits; a first dump (gcore, from gdb) must show the scan works (the visit's
# secrets are in memory then); the inactivity timeout then wipes the visit and a second
# dump must hold none of them: temporary password, birth date, new password, TOTP secret
# (base32, and raw bytes).
#   core-scan.sh MEMORY_SOAK_EXE
set -eu
exe=$1
work=$(mktemp -d)
pid=
cleanup() {
    [ -z "$pid" ] || kill "$pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
mkfifo "$work/stdin"
"$exe" --wiped-member "$work/secrets" <"$work/stdin" >"$work/out" &
pid=$!
exec 3>"$work/stdin" # the program waits on its standard input between the steps

wait_for() {
    i=0
    while ! grep -q "^$1" "$work/out" 2>/dev/null; do
        i=$((i + 1))
        if [ $i -gt 1200 ] || ! kill -0 "$pid" 2>/dev/null; then
            echo "memory_soak did not reach '$1'"
            cat "$work/out"
            exit 1
        fi
        sleep 0.25
    done
}

# count_secrets CORE: prints how many of the secrets the dump holds, and which.
count_secrets() {
    python3 - "$1" "$work/secrets" <<'PY'
import base64, sys
core = open(sys.argv[1], "rb").read()
lines = [l for l in open(sys.argv[2], "rb").read().split(b"\n") if l]
names = ["temporary password", "birth date", "new password", "TOTP secret (base32)"]
found = [names[i] for i, s in enumerate(lines) if s in core]
b32 = lines[-1].decode()
if base64.b32decode(b32 + "=" * (-len(b32) % 8)) in core:
    found.append("TOTP secret (raw bytes)")
print(len(found), "; ".join(found))
PY
}

wait_for before-wipe
gcore -o "$work/before" "$pid" >/dev/null 2>&1
before=$(count_secrets "$work"/before.*)
echo "before the wipe: ${before%% *} secret(s) in the dump: ${before#* }"
rm -f "$work"/before.*
if [ "${before%% *}" -eq 0 ]; then
    echo "the scan finds nothing even before the wipe: it proves nothing"
    exit 1
fi

echo go >&3
wait_for wiped
gcore -o "$work/after" "$pid" >/dev/null 2>&1
exec 3>&-
wait "$pid"
pid=
after=$(count_secrets "$work"/after.*)
echo "after the inactivity wipe: ${after%% *} secret(s) in the dump (of $(du -k "$work"/after.* | cut -f1) KB)${after#* }"
[ "${after%% *}" -eq 0 ]
