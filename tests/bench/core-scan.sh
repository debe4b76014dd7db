#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# After an inactivity wipe, a core dump of the kiosk's engine holds none of the member's
# secrets: memory_soak --wiped-member walks one member to the OTP code screen, lets the
# timeout wipe the visit and waits; gcore (gdb) dumps the live process, and the dump is
# searched for each secret (plain, and the TOTP secret also as raw bytes).
#   core-scan.sh MEMORY_SOAK_EXE
set -eu
exe=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkfifo "$work/stdin"
"$exe" --wiped-member "$work/secrets" <"$work/stdin" >"$work/out" &
pid=$!
exec 3>"$work/stdin" # keeps the program waiting until we close it
i=0
while ! grep -q '^wiped' "$work/out" 2>/dev/null; do
    i=$((i + 1))
    if [ $i -gt 600 ] || ! kill -0 $pid 2>/dev/null; then
        echo "the member walk did not reach the wipe"; cat "$work/out"; exit 1
    fi
    sleep 0.5
done
gcore -o "$work/core" $pid >/dev/null 2>&1
exec 3>&-
wait $pid
core=$(ls "$work"/core.* | head -1)
echo "core dump: $(du -k "$core" | cut -f1) KB"
found=0
while IFS= read -r secret; do
    [ -n "$secret" ] || continue
    if grep -c -a -F -- "$secret" "$core" >/dev/null; then
        echo "FOUND a secret in the core dump (${#secret} characters, starting ${secret%"${secret#??}"})"
        found=1
    fi
done <"$work/secrets"
# The TOTP secret's raw bytes (its base32 is the last line).
python3 - "$core" "$(tail -1 "$work/secrets")" <<'PY' || found=1
import base64, sys
core = open(sys.argv[1], "rb").read()
b32 = sys.argv[2]
raw = base64.b32decode(b32 + "=" * (-len(b32) % 8))
if raw in core:
    print("FOUND the raw TOTP secret in the core dump")
    sys.exit(1)
PY
if [ $found -ne 0 ]; then
    exit 1
fi
echo "no secret of the wiped member in the core dump ($(wc -l <"$work/secrets") secrets searched)"
