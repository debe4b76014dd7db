#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Extracts every _() string of the kiosk (gui/) into assets/locales/madoguchi.pot and merges it
# into the ja and en catalogues, keeping the translations they already hold. Run it after
# changing member-facing text in gui/, then translate what msgmerge left empty or fuzzy:
#   assets/locales/update-catalogues.sh
#   msgfmt --statistics -o /dev/null assets/locales/ja/madoguchi.po
set -eu

here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
root=$(CDPATH= cd -- "$here/../.." && pwd)
pot="$here/madoguchi.pot"

for tool in xgettext msgmerge msgfmt; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "update-catalogues: $tool not found (Debian package: gettext)" >&2
        exit 1
    }
done

# Sorted, root-relative paths so the .pot (and its #: references) do not depend on the
# directory the script is run from or on the file system's order.
cd "$root"
files=$(find gui -type f \( -name '*.cpp' -o -name '*.h' \) | LC_ALL=C sort)

log=$(mktemp)
trap 'rm -f "$log"' EXIT
# xgettext nags about a missing --msgid-bugs-address; the kiosk has none, so drop that warning only.
xgettext --keyword=_ --from-code=UTF-8 --add-comments=TRANSLATORS: --language=C++ \
    --sort-by-file --package-name=madoguchi --output="$pot" $files 2>"$log" || {
    cat "$log" >&2
    exit 1
}
grep -v -e 'msgid-bugs-address' -e 'Makevars' -e 'MSGID_BUGS_ADDRESS' "$log" >&2 || true

for lang in ja en; do
    po="$here/$lang/madoguchi.po"
    if [ ! -s "$po" ]; then
        msginit --no-translator --locale="$lang" --input="$pot" --output-file="$po"
    fi
    # --previous keeps the old msgid next to a fuzzy entry, so a translator sees what changed.
    msgmerge --quiet --update --backup=none --previous --sort-by-file "$po" "$pot"
    msgfmt --check --output-file=/dev/null "$po"
    printf '%s: ' "$lang"
    msgfmt --statistics --output-file=/dev/null "$po" 2>&1
done
