#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds installer/windows/Madoguchi.wxs with Debian's wixl over a staged TEST PAYLOAD and
# runs it through Wine's Windows Installer (installer/README.md):
#   install with every public property, `wine reg query` that each landed; upgrade to a newer
#   version (one product left, values kept); uninstall (programs gone, a planted outbox under
#   C:\ProgramData\Madoguchi still there).
# This machine cannot build Windows binaries of wxWidgets and OpenSSL, so madoguchi.exe and
# madoguchictl.exe in the payload are placeholder files; the assets and catalogues are real.
# The shippable MSI is built by WiX over the MSVC build (.github/workflows/windows.yml).
# usage: tests/package/msi-test.sh OUTPUT_DIR   (keeps madoguchi-test-payload-*.msi there)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)
work=$(mktemp -d /tmp/madoguchi-msi-test.XXXXXX)
trap 'wineserver -k >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

step() { printf '[msi-test] %s\n' "$*"; }
fail() {
    printf '[msi-test] FAIL: %s\n' "$*" >&2
    exit 1
}

step "NOTE: the MSI is built over the installer's TEST PAYLOAD (placeholder .exe files, real"
step "      assets): Windows binaries of wxWidgets and OpenSSL cannot be built on this machine."

# The staged tree, laid out as the Windows build installs it.
payload="$work/payload"
mkdir -p "$payload/bin" "$payload/share/madoguchi"
for exe in madoguchi madoguchictl; do
    printf 'Madoguchi installer test payload: not a Windows build of %s.exe\r\n' "$exe" \
        >"$payload/bin/$exe.exe"
done
cp -r "$source_dir/assets/profiles" "$source_dir/assets/blocklist" "$source_dir/assets/terms" \
    "$payload/share/madoguchi/"
for lang in ja en; do
    mkdir -p "$payload/share/locale/$lang/LC_MESSAGES"
    msgfmt --check -o "$payload/share/locale/$lang/LC_MESSAGES/madoguchi.mo" \
        "$source_dir/assets/locales/$lang/madoguchi.po"
done

build_msi() { # VERSION → $out/madoguchi-test-payload-VERSION.msi
    (cd "$work" && wixl -a x64 -D Version="$1" -D PayloadDir=payload \
        -o "$out/madoguchi-test-payload-$1.msi" "$source_dir/installer/windows/Madoguchi.wxs" \
        2>&1 | grep -v -e 'has no property named .Secure.' -e 'has no property named .MigrateFeatures.' \
            -e '^$' || true)
    [ -s "$out/madoguchi-test-payload-$1.msi" ] || fail "wixl did not build version $1"
}
build_msi 0.1.0
build_msi 0.2.0
step "wixl built madoguchi-test-payload-0.1.0.msi and -0.2.0.msi"

export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
export WINEARCH=win64 DISPLAY=
wineboot --init >/dev/null 2>&1 || fail "wineboot could not make a prefix"
drive_c="$WINEPREFIX/drive_c"
program_dir="$drive_c/Program Files/Madoguchi"
key='HKLM\SOFTWARE\Madoguchi'

query() { # VALUE → its data, or nothing
    wine reg query "$key" /v "$1" 2>/dev/null | tr -d '\r' |
        awk -v name="$1" '$1 == name && $2 == "REG_SZ" {sub(/^[ ]*[^ ]+[ ]+REG_SZ[ ]+/, ""); print}'
}
products() { # the installed products named Madoguchi, one line each
    wine reg query 'HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall' /s 2>/dev/null |
        tr -d '\r' | grep -c 'DisplayName *REG_SZ *Madoguchi$' || true
}

declare -A props=(
    [CENTRAL_URL]='https://central.example.jp:8443'
    [KIOSK_ID]='kiosk-16'
    [CLIENT_CERT]='C:\ProgramData\Madoguchi\pki\kiosk.pem'
    [CLIENT_KEY]='C:\ProgramData\Madoguchi\pki\kiosk.key'
    [CA_BUNDLE]='C:\ProgramData\Madoguchi\pki\ca.pem'
    [SEALING_KEY]='C:\ProgramData\Madoguchi\pki\sealing-public.pem'
    [ORG_PROFILE]='itc-kenpo.toml'
    [LANGUAGE]='en'
)
declare -A values=([CENTRAL_URL]=CentralUrl [KIOSK_ID]=KioskId [CLIENT_CERT]=ClientCert
    [CLIENT_KEY]=ClientKey [CA_BUNDLE]=CaBundle [SEALING_KEY]=SealingPublicKey
    [ORG_PROFILE]=OrgProfile [LANGUAGE]=Language)
args=()
for prop in "${!props[@]}"; do
    args+=("$prop=${props[$prop]}")
done

check_values() { # WHEN
    for prop in "${!props[@]}"; do
        got=$(query "${values[$prop]}")
        [ "$got" = "${props[$prop]}" ] ||
            fail "$1: $key\\${values[$prop]} is '$got', not '${props[$prop]}' ($prop)"
    done
}

wine msiexec /i "$out/madoguchi-test-payload-0.1.0.msi" /qn ADDLOCAL=Kiosk,StartAtLogon \
    "${args[@]}" || fail "msiexec /i 0.1.0 failed ($?)"
[ -f "$program_dir/bin/madoguchi.exe" ] || fail "madoguchi.exe not installed"
[ -f "$program_dir/share/madoguchi/profiles/itc-kenpo.toml" ] || fail "profiles not installed"
[ -f "$program_dir/share/locale/ja/LC_MESSAGES/madoguchi.mo" ] || fail "catalogue not installed"
find "$drive_c" -name 'Madoguchi.lnk' | grep -q . || fail "no Start-menu shortcut"
check_values "after install"
run=$(wine reg query 'HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Run' /v Madoguchi | tr -d '\r')
grep -q 'madoguchi.exe' <<<"$run" || fail "StartAtLogon did not write the Run value"
[ "$(products)" = 1 ] || fail "$(products) products after install"
step "msiexec /i 0.1.0 /qn with ${#props[@]} properties: all 8 registry values under $key," \
    "program files, Start-menu shortcut, Run value"

# The kiosk makes its data folder and queues results there; the MSI never owns it.
mkdir -p "$drive_c/ProgramData/Madoguchi"
printf 'queued result\n' >"$drive_c/ProgramData/Madoguchi/kiosk.db"

# Upgrade without the properties: the values are read back from the registry (AppSearch) and
# kept. wixl drops MigrateFeatures, so the optional feature is asked for again here.
wine msiexec /i "$out/madoguchi-test-payload-0.2.0.msi" /qn ADDLOCAL=Kiosk,StartAtLogon ||
    fail "msiexec /i 0.2.0 (upgrade) failed"
[ "$(products)" = 1 ] || fail "$(products) products after the upgrade, not 1"
wine reg query 'HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall' /s | tr -d '\r' |
    grep -q 'DisplayVersion *REG_SZ *0.2.0' || fail "0.2.0 is not the installed version"
check_values "after upgrade"
[ -f "$drive_c/ProgramData/Madoguchi/kiosk.db" ] || fail "the upgrade removed the outbox"
step "upgrade to 0.2.0: one product left, every value kept, outbox untouched"

# An older version must not go over a newer one.
if wine msiexec /i "$out/madoguchi-test-payload-0.1.0.msi" /qn >/dev/null 2>&1; then
    fail "0.1.0 installed over 0.2.0"
fi
[ "$(products)" = 1 ] || fail "a downgrade attempt left $(products) products"
step "downgrade refused (launch condition), still one product"

wine msiexec /x "$out/madoguchi-test-payload-0.2.0.msi" /qn || fail "msiexec /x failed"
[ ! -e "$program_dir/bin/madoguchi.exe" ] || fail "madoguchi.exe left after uninstall"
[ "$(products)" = 0 ] || fail "$(products) products after uninstall"
[ -z "$(query CentralUrl)" ] || fail "CentralUrl left after uninstall"
[ "$(cat "$drive_c/ProgramData/Madoguchi/kiosk.db")" = "queued result" ] ||
    fail "uninstall removed the planted outbox under C:\\ProgramData\\Madoguchi"
step "msiexec /x: program files and values gone; C:\\ProgramData\\Madoguchi\\kiosk.db kept"
step "all MSI checks passed (TEST PAYLOAD, Wine's Windows Installer)"
