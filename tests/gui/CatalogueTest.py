#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Checks the kiosk's gettext catalogues against the _() strings in gui/.

One check per CTest entry (see tests/gui/CMakeLists.txt):
  covers-sources      every _() msgid in gui/ is translated in ja and present in en (msgcmp)
  fully-translated    ja has no untranslated or fuzzy entry (msgfmt --statistics)
  msgfmt-check        msgfmt --check passes for ja and en
  no-english          no Japanese msgstr still holds English words (3+ ASCII letters,
                      minus an allow-list of names and commands)
  punctuation         Japanese text uses full-width punctuation (、。「」（）), not ASCII
  format-specifiers   every msgstr has the msgid's printf conversions, in the same order
  self-test           each check above fails on a catalogue broken on purpose
"""

import argparse
import gettext
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# Words a Japanese kiosk shows in Latin letters on purpose: product and store names the
# member sees on the phone, units of the key, the example values, the staff's commands.
ALLOWED_LATIN = [
    "madoguchi-central unlock",
    "madoguchictl selftest",
    "madoguchi-central",
    "madoguchictl",
    "selftest",
    "Google Authenticator",
    "Microsoft Authenticator",
    "Authenticator",
    "Google Play",
    "App Store",
    "Google",
    "Microsoft",
    "Android",
    "iPhone",
    "Gmail",
    "Yahoo",
    "Facebook",
    # The portal's own button, named as the society's manual names it (its note ※3).
    "Login With OpenID Connect",
    "example.jp",
    "yamada.taro",
    "e.g.",
    "ID",
    "URL",
    "QR",
    "USB",
    "PIN",
    "OK",
]

# printf conversions as wxString::Format reads them: %d, %02d, %lld, %s, %1$d, %%.
FORMAT_SPEC = re.compile(
    r"%(?:(\d+)\$)?[-+ #0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?(hh|h|ll|l|L|q|j|z|t)?([diouxXeEfFgGaAcspn%])"
)
# Kana, CJK ideographs and the prolonged sound mark.
JAPANESE = "\u3040-\u30ff\u4e00-\u9fff"
ASCII_PUNCT_NEXT_TO_JAPANESE = re.compile(
    rf"[{JAPANESE}][,.!?;:()]|[()][{JAPANESE}]"
)


class Tools:
    def __init__(self, args):
        self.xgettext = args.xgettext
        self.msgcmp = args.msgcmp
        self.msgfmt = args.msgfmt


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8")


def extract(tools, source_dir, out_pot):
    """Runs xgettext over gui/ exactly as assets/locales/update-catalogues.sh does."""
    gui = Path(source_dir) / "gui"
    files = sorted(
        str(p.relative_to(source_dir))
        for p in gui.rglob("*")
        if p.is_file() and p.suffix in (".cpp", ".h")
    )
    if not files:
        raise SystemExit(f"no sources found under {gui}")
    r = subprocess.run(
        [tools.xgettext, "--keyword=_", "--from-code=UTF-8", "--add-comments=TRANSLATORS:",
         "--language=C++", "--sort-by-file", "--msgid-bugs-address=none",
         f"--output={out_pot}", *files],
        cwd=source_dir, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"xgettext failed:\n{r.stderr}")


def load_catalogue(tools, po, workdir):
    """Returns {msgid: msgstr} of the entries msgfmt compiles (translated, not fuzzy)."""
    mo = Path(workdir) / (Path(po).parent.name + "-" + Path(po).stem + ".mo")
    r = run([tools.msgfmt, "-o", str(mo), str(po)])
    if r.returncode != 0:
        raise SystemExit(f"msgfmt could not compile {po}:\n{r.stderr}")
    with open(mo, "rb") as f:
        catalogue = gettext.GNUTranslations(f)._catalog  # noqa: SLF001 (stdlib, stable)
    return {k: v for k, v in catalogue.items() if isinstance(k, str) and k != ""}


# --- the checks: each returns a list of problems, empty when the catalogue is fine ---------


def check_covers_sources(tools, ja_po, en_po, pot):
    problems = []
    r = run([tools.msgcmp, str(ja_po), str(pot)])
    if r.returncode != 0:
        problems.append(f"{ja_po} lacks a translation for a gui/ string:\n{r.stderr.strip()}")
    r = run([tools.msgcmp, "--use-untranslated", "--use-fuzzy", str(en_po), str(pot)])
    if r.returncode != 0:
        problems.append(f"{en_po} lacks a gui/ string:\n{r.stderr.strip()}")
    if problems:
        problems.append("run assets/locales/update-catalogues.sh, then translate what is empty")
    return problems


STATISTICS = re.compile(r"(\d+) (translated|fuzzy|untranslated)")


def check_fully_translated(tools, ja_po):
    r = run([tools.msgfmt, "--statistics", "-o", os.devnull, str(ja_po)])
    if r.returncode != 0:
        return [f"msgfmt failed on {ja_po}:\n{r.stderr.strip()}"]
    counts = {kind: int(n) for n, kind in STATISTICS.findall(r.stderr)}
    problems = []
    if counts.get("translated", 0) == 0:
        problems.append(f"{ja_po} has no translated message at all ({r.stderr.strip()})")
    if counts.get("fuzzy", 0) or counts.get("untranslated", 0):
        problems.append(f"{ja_po} is not fully translated: {r.stderr.strip()}")
    return problems


def check_msgfmt(tools, *pos):
    problems = []
    for po in pos:
        r = run([tools.msgfmt, "--check", "-o", os.devnull, str(po)])
        if r.returncode != 0:
            problems.append(f"msgfmt --check fails on {po}:\n{r.stderr.strip()}")
    return problems


def latin_leftovers(text):
    text = FORMAT_SPEC.sub(" ", text)
    # Longest first, so "madoguchictl selftest" goes before "madoguchictl".
    for allowed in sorted(ALLOWED_LATIN, key=len, reverse=True):
        text = text.replace(allowed, " ")
    return re.findall(r"[A-Za-z]{3,}", text)


def check_no_english(catalogue):
    problems = []
    for msgid, msgstr in sorted(catalogue.items()):
        words = latin_leftovers(msgstr)
        if words:
            problems.append(f"untranslated English {words} in msgstr for {msgid!r}: {msgstr!r}")
    return problems


def check_punctuation(catalogue):
    problems = []
    for msgid, msgstr in sorted(catalogue.items()):
        bad = ASCII_PUNCT_NEXT_TO_JAPANESE.findall(msgstr)
        if '"' in msgstr:
            bad.append('"')
        if bad:
            problems.append(
                f"ASCII punctuation {bad} in Japanese text (use 、。「」（）：) "
                f"for {msgid!r}: {msgstr!r}")
    return problems


def conversions(text):
    """The printf conversions of text, as (position or None, length modifier, type)."""
    return [(m.group(1), m.group(2) or "", m.group(3))
            for m in FORMAT_SPEC.finditer(text) if m.group(3) != "%"]


def check_format_specifiers(catalogue):
    problems = []
    for msgid, msgstr in sorted(catalogue.items()):
        want, got = conversions(msgid), conversions(msgstr)
        if any(pos for pos, _, _ in want + got):
            # Positional arguments may be reordered; the multiset of slots must match.
            same = sorted(want, key=str) == sorted(got, key=str)
        else:
            same = [(m, t) for _, m, t in want] == [(m, t) for _, m, t in got]
        if not same:
            problems.append(
                f"format conversions differ: msgid {msgid!r} has "
                f"{['%' + m + t for _, m, t in want]}, msgstr {msgstr!r} has "
                f"{['%' + m + t for _, m, t in got]}")
    return problems


# --- self-test: each check must catch the fault it is there for ---------------------------

SAMPLE_SOURCE = """\
// TRANSLATORS: the main button that moves to the next screen
auto a = _("Next");
auto b = wxString::Format(_("Tries left: %d."), n);
auto c = wxString::Format(_("%d-%02d-%02d"), y, m, d);
auto e = _("Cancelled.");
auto f = _("Scan this code with the app");
"""

SAMPLE_JA = {
    "Next": "次へ",
    "Tries left: %d.": "あと%d回入力できます。",
    "%d-%02d-%02d": "%d年%d月%d日",
    "Cancelled.": "中止しました。",
    "Scan this code with the app": "アプリでこのQRコードを読み取ってください",
}


def write_po(path, lang, entries, flags=None):
    flags = flags or {}
    esc = lambda s: s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")  # noqa: E731
    lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"',
             f'"Language: {lang}\\n"', '"Plural-Forms: nplurals=1; plural=0;\\n"', ""]
    for msgid, msgstr in entries.items():
        f = list(flags.get(msgid, []))
        if "%" in msgid:
            f.append("c-format")
        if f:
            lines.append("#, " + ", ".join(f))
        lines += [f'msgid "{esc(msgid)}"', f'msgstr "{esc(msgstr)}"', ""]
    Path(path).write_text("\n".join(lines), encoding="utf-8")


def self_test(tools):
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "gui").mkdir()
        (tmp / "gui" / "Sample.cpp").write_text(SAMPLE_SOURCE, encoding="utf-8")
        pot = tmp / "sample.pot"
        extract(tools, tmp, pot)
        en = tmp / "en.po"
        write_po(en, "en", {k: "" for k in SAMPLE_JA})

        def all_checks(ja_entries, flags=None, pot_path=pot):
            ja = tmp / "ja.po"
            write_po(ja, "ja", ja_entries, flags)
            results = {
                "covers-sources": check_covers_sources(tools, ja, en, pot_path),
                "fully-translated": check_fully_translated(tools, ja),
                "msgfmt-check": check_msgfmt(tools, ja, en),
            }
            r = run([tools.msgfmt, "--use-fuzzy", "-o", os.devnull, str(ja)])
            if r.returncode == 0:
                catalogue = load_catalogue(tools, ja, tmp)
                results["no-english"] = check_no_english(catalogue)
                results["punctuation"] = check_punctuation(catalogue)
                results["format-specifiers"] = check_format_specifiers(catalogue)
            return results

        good = all_checks(SAMPLE_JA)
        for name, problems in good.items():
            if problems:
                failures.append(f"the good sample fails {name}: {problems}")

        def expect(fault, check, ja_entries, flags=None, pot_path=pot):
            problems = all_checks(ja_entries, flags, pot_path).get(check)
            if not problems:
                failures.append(f"{check} did not catch: {fault}")
            else:
                print(f"ok: {check} catches {fault}: {problems[0].splitlines()[0]}")

        missing = dict(SAMPLE_JA)
        del missing["Cancelled."]
        expect("a gui/ string missing from ja", "covers-sources", missing)
        expect("an untranslated entry", "fully-translated", {**SAMPLE_JA, "Next": ""})
        expect("a fuzzy entry", "fully-translated", SAMPLE_JA, {"Next": ["fuzzy"]})
        expect("a dropped format specifier", "msgfmt-check",
               {**SAMPLE_JA, "%d-%02d-%02d": "%d年%d月"})
        expect("a dropped format specifier", "format-specifiers",
               {**SAMPLE_JA, "%d-%02d-%02d": "%d年%d月"})
        expect("a string argument for a number", "format-specifiers",
               {**SAMPLE_JA, "Tries left: %d.": "あと%s回入力できます。"})
        expect("English left in Japanese", "no-english", {**SAMPLE_JA, "Next": "Next"})
        expect("half-translated English", "no-english",
               {**SAMPLE_JA, "Scan this code with the app": "アプリでこのcodeを読み取ってください"})
        expect("an ASCII full stop", "punctuation", {**SAMPLE_JA, "Cancelled.": "中止しました."})
        expect("ASCII quotes", "punctuation",
               {**SAMPLE_JA, "Scan this code with the app": 'アプリで"QR"を読み取ってください'})
        if latin_leftovers("Google Authenticator（Google 認証システム）、iPhone は App Store"):
            failures.append("the allow-list rejects the store and app names")

        extra = tmp / "extra.pot"
        shutil.copy(pot, extra)
        with open(extra, "a", encoding="utf-8") as f:
            f.write('\nmsgid "A string only in the sources"\nmsgstr ""\n')
        expect("a new gui/ string", "covers-sources", SAMPLE_JA, pot_path=extra)
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("check", choices=["covers-sources", "fully-translated", "msgfmt-check",
                                          "no-english", "punctuation", "format-specifiers",
                                          "self-test"])
    parser.add_argument("--source-dir", required=True)
    parser.add_argument("--xgettext", default="xgettext")
    parser.add_argument("--msgcmp", default="msgcmp")
    parser.add_argument("--msgfmt", default="msgfmt")
    args = parser.parse_args()
    tools = Tools(args)
    source = Path(args.source_dir).resolve()
    ja_po = source / "assets/locales/ja/madoguchi.po"
    en_po = source / "assets/locales/en/madoguchi.po"

    with tempfile.TemporaryDirectory() as tmp:
        if args.check == "self-test":
            problems = self_test(tools)
        elif args.check == "covers-sources":
            pot = Path(tmp) / "sources.pot"
            extract(tools, source, pot)
            problems = check_covers_sources(tools, ja_po, en_po, pot)
        elif args.check == "fully-translated":
            problems = check_fully_translated(tools, ja_po)
        elif args.check == "msgfmt-check":
            problems = check_msgfmt(tools, ja_po, en_po)
        else:
            catalogue = load_catalogue(tools, ja_po, tmp)
            check = {"no-english": check_no_english, "punctuation": check_punctuation,
                     "format-specifiers": check_format_specifiers}[args.check]
            problems = check(catalogue)
            print(f"{args.check}: {len(catalogue)} Japanese messages checked")

    for p in problems:
        print("FAIL:", p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
