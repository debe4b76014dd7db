#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Checks the .deb packages that `./dev.sh package` built (installer/README.md):
#   lintian (no errors; every warning justified in installer/README.md), the file lists,
#   systemd-analyze verify and the unit's sandboxing, desktop-file-validate, and the
#   maintainer scripts run by dpkg into a scratch root: install of the previous version,
#   `madoguchictl config init`, a queued outbox, upgrade (outbox and edited conffile kept),
#   remove (data kept) and purge (store still kept).
# usage: tests/package/deb-test.sh DIR   (DIR holds madoguchi_*.deb and madoguchi-central_*.deb)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
debs=$(cd "$1" && pwd)
kiosk_deb=$(ls "$debs"/madoguchi_*.deb)
central_deb=$(ls "$debs"/madoguchi-central_*.deb)
work=$(mktemp -d /tmp/madoguchi-deb-test.XXXXXX)
trap 'rm -rf "$work"' EXIT

step() { printf '[deb-test] %s\n' "$*"; }
fail() {
    printf '[deb-test] FAIL: %s\n' "$*" >&2
    exit 1
}
expect_file() { [ -e "$1" ] || fail "missing: ${1#"$work"/root}"; }
expect_gone() { [ ! -e "$1" ] || fail "still there: ${1#"$work"/root}"; }

# 1. lintian: no error; each warning's tag must be listed in installer/README.md.
step "lintian $(lintian --version | awk '{print $2}')"
lintian --fail-on error --tag-display-limit 0 "$kiosk_deb" "$central_deb" \
    >"$work/lintian.txt" 2>&1 || {
    cat "$work/lintian.txt"
    fail "lintian reports errors"
}
# (lintian says running as root is not recommended; CI runs as root, the package is only read)
grep -v '^running with root privileges' "$work/lintian.txt" | sed 's/^/  /' || true
for tag in $(awk '/^W: /{print $3}' "$work/lintian.txt" | sort -u); do
    grep -q -- "\`$tag\`" "$source_dir/installer/README.md" ||
        fail "lintian warning $tag is not justified in installer/README.md"
done

# 2. The file lists, against tests/package/*.files.
for deb in "$kiosk_deb" "$central_deb"; do
    name=$(dpkg-deb -f "$deb" Package)
    dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|; s|/$||' | grep -v '^/$' | sort \
        >"$work/$name.files"
    diff -u "$here/$name.files" "$work/$name.files" || fail "file list of $name changed"
    step "file list of $name: $(wc -l <"$work/$name.files") entries as expected"
done

# 3. The unit and the autostart entry.
mkdir -p "$work/unpacked"
dpkg-deb -x "$kiosk_deb" "$work/unpacked"
dpkg-deb -x "$central_deb" "$work/unpacked"
unit="$work/unpacked/lib/systemd/system/madoguchi-central.service"
# verify resolves the unit's dependencies (sysinit.target, ...) and commands in the root it
# is given: this machine's units and /bin/kill join the unpacked package there. Any message
# (an unknown key is only a warning to systemd) fails the test.
cp -rn /lib/systemd/system/. "$work/unpacked/lib/systemd/system/"
mkdir -p "$work/unpacked/bin"
cp /bin/kill "$work/unpacked/bin/"
SYSTEMD_LOG_LEVEL=warning systemd-analyze verify --root="$work/unpacked" \
    /lib/systemd/system/madoguchi-central.service >"$work/verify.txt" 2>&1 ||
    fail "systemd-analyze verify: $(cat "$work/verify.txt")"
[ ! -s "$work/verify.txt" ] || fail "systemd-analyze verify: $(cat "$work/verify.txt")"
for setting in User=madoguchi-central ProtectSystem=strict NoNewPrivileges=yes ProtectHome=yes \
    PrivateTmp=yes PrivateDevices=yes CapabilityBoundingSet= SystemCallFilter=@system-service; do
    grep -qx -- "$setting" "$unit" || fail "the unit lacks $setting"
done
step "systemd-analyze verify: madoguchi-central.service is clean and sandboxed"
desktop-file-validate "$work/unpacked/etc/xdg/autostart/madoguchi.desktop" ||
    fail "desktop-file-validate"
step "desktop-file-validate: madoguchi.desktop is clean"

# 4. Maintainer scripts into a scratch root. dpkg runs them without chroot and with
# DPKG_ROOT set; they create users and folders there, not on this machine.
root="$work/root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/etc"
: >"$root/var/lib/dpkg/status"
dpkg_root() { # dpkg's output (and the maintainer scripts') goes to $work/dpkg.log
    echo "== dpkg $*" >>"$work/dpkg.log"
    dpkg --root="$root" --force-script-chrootless --force-depends --no-triggers \
        --log=/dev/null "$@" </dev/null >>"$work/dpkg.log" 2>&1 || {
        cat "$work/dpkg.log"
        fail "dpkg $*"
    }
}
# The previous version: this payload renumbered one Debian revision down (there is no
# earlier release to download); what the upgrade runs are the maintainer scripts.
version=$(dpkg-deb -f "$kiosk_deb" Version)
previous="${version%-*}-0"
for deb in "$kiosk_deb" "$central_deb"; do
    name=$(dpkg-deb -f "$deb" Package)
    rm -rf "$work/repack"
    dpkg-deb -R "$deb" "$work/repack"
    sed -i "s/^Version: .*/Version: $previous/" "$work/repack/DEBIAN/control"
    dpkg-deb --root-owner-group -b "$work/repack" "$work/${name}_previous.deb" >/dev/null
done
dpkg_root -i "$work/madoguchi_previous.deb" "$work/madoguchi-central_previous.deb"
step "installed $previous into the scratch root"
grep -q '^madoguchi:' "$root/etc/group" || fail "postinst did not create the group madoguchi"
grep -q '^madoguchi-central:.*:/usr/sbin/nologin$' "$root/etc/passwd" ||
    fail "postinst did not create the system user madoguchi-central"
gid=$(awk -F: '$1 == "madoguchi" {print $3}' "$root/etc/group")
[ "$(stat -c '%a %g' "$root/var/lib/madoguchi")" = "2770 $gid" ] ||
    fail "/var/lib/madoguchi is $(stat -c '%a %g' "$root/var/lib/madoguchi"), not 2770 root:madoguchi"
[ "$(stat -c '%a' "$root/etc/madoguchi/central")" = 750 ] || fail "/etc/madoguchi/central not 0750"
conffiles=$(dpkg-query --admindir="$root/var/lib/dpkg" -W -f='${Conffiles}\n' madoguchi \
    madoguchi-central)
for conffile in /etc/xdg/autostart/madoguchi.desktop /etc/madoguchi/central.toml; do
    grep -q " $conffile " <<<"$conffiles" || fail "$conffile is not a conffile"
done
step "postinst: group madoguchi, user madoguchi-central (nologin), folders and conffiles"

# IT configures the kiosk with the packaged madoguchictl; results queue while offline.
ctl="$root/usr/bin/madoguchictl"
printf '246810\n' | "$ctl" config init --config "$root/etc/madoguchi/kiosk.toml" \
    --kiosk-id kiosk-16 --central-url https://central.example.jp:8443 \
    --ca-bundle "$root/etc/madoguchi/pki/ca.pem" --client-cert "$root/etc/madoguchi/pki/kiosk.pem" \
    --client-key "$root/etc/madoguchi/pki/kiosk.key" \
    --sealing-key "$root/etc/madoguchi/pki/sealing-public.pem" --profile itc-kenpo.toml \
    --store-path "$root/var/lib/madoguchi/kiosk.db" --log-path "$root/var/log/madoguchi/kiosk.log" \
    --staff-pin-stdin >/dev/null || fail "madoguchictl config init"
[ "$(stat -c '%a %g' "$root/etc/madoguchi/kiosk.toml")" = "640 $gid" ] ||
    fail "kiosk.toml is $(stat -c '%a %g' "$root/etc/madoguchi/kiosk.toml"), not 0640 root:madoguchi"
"$here/queue_outbox.py" create "$root/var/lib/madoguchi/kiosk.db" >/dev/null
status() { "$ctl" status --config "$root/etc/madoguchi/kiosk.toml" | grep 'Waiting for delivery'; }
[ "$(status)" = "Waiting for delivery: 1" ] || fail "the queued result is not seen: $(status)"
echo "# edited by IT" >>"$root/etc/madoguchi/central.toml"
config_sum=$(sha256sum <"$root/etc/madoguchi/kiosk.toml")
step "config init wrote kiosk.toml 0640 root:madoguchi; one result queued in the outbox"

dpkg_root -i "$kiosk_deb" "$central_deb"
installed=$(dpkg-query --admindir="$root/var/lib/dpkg" -W -f='${Package} ${Version}\n' |
    sort | tr '\n' ' ')
[ "$installed" = "madoguchi $version madoguchi-central $version " ] || fail "after upgrade: $installed"
[ "$(status)" = "Waiting for delivery: 1" ] || fail "upgrade lost the queued result: $(status)"
[ "$("$here/queue_outbox.py" count "$root/var/lib/madoguchi/kiosk.db")" = 1 ] ||
    fail "upgrade lost the outbox row"
[ "$(sha256sum <"$root/etc/madoguchi/kiosk.toml")" = "$config_sum" ] ||
    fail "upgrade changed kiosk.toml"
grep -q '^# edited by IT$' "$root/etc/madoguchi/central.toml" ||
    fail "upgrade overwrote the edited conffile central.toml"
step "upgrade $previous -> $version: queued outbox, kiosk.toml and edited central.toml kept"

dpkg_root -r madoguchi madoguchi-central
expect_gone "$root/usr/bin/madoguchi"
expect_gone "$root/usr/bin/madoguchi-central"
expect_file "$root/var/lib/madoguchi/kiosk.db"
expect_file "$root/etc/madoguchi/kiosk.toml"
[ "$("$here/queue_outbox.py" count "$root/var/lib/madoguchi/kiosk.db")" = 1 ] ||
    fail "remove lost the outbox row"
step "remove: programs gone; store with its queued result and kiosk.toml kept"

dpkg_root -P madoguchi madoguchi-central
sed -n '/^== dpkg -P/,$p' "$work/dpkg.log" | grep -q 'madoguchi: kept /var/lib/madoguchi' ||
    fail "purge did not say it kept the store"
expect_file "$root/var/lib/madoguchi/kiosk.db"
expect_gone "$root/etc/madoguchi/kiosk.toml"
expect_gone "$root/etc/madoguchi/central.toml"
expect_gone "$root/var/log/madoguchi"
step "purge: configuration and logs gone; the store is kept and purge says so"
step "all .deb checks passed"
