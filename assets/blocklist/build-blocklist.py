#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Regenerates common-passwords.txt from Debian word lists plus generated patterns.

Sources (install with: apt-get install john wamerican):
  /usr/share/john/password.lst       Openwall's common passwords (public domain)
  /usr/share/dict/american-english   SCOWL English words (permissive licence, see README.md)
Generated here: keyboard walks, digit runs and repeats, years, common Japanese romaji
words, and the most common short passwords padded with the usual suffixes.

Only entries the kiosk's password rules could otherwise accept are kept: 8-64 characters of
lowercase letters, digits and the manual's symbols (every printable ASCII symbol). Output is lowercased, deduplicated, sorted.
Usage: build-blocklist.py [output]   (default: common-passwords.txt next to this script)
"""
import os
import sys

JOHN = "/usr/share/john/password.lst"
WORDS = "/usr/share/dict/american-english"
# Keep in step with kManualPasswordSymbols (engine/rules/PasswordPolicy.h); a rules test checks.
SYMBOLS = set("!\"#$%&'()=~|`{+*}<>?_-^\\@[;:],./")
SUFFIXES = ["1", "12", "123", "1234", "12345", "123456", "!", "1!", "01", "00", "007",
            "11", "69", "77", "88", "99", "2020", "2021", "2022", "2023", "2024", "2025"]
ROMAJI = """sakura nihon nippon tokyo osaka kyoto yokohama nagoya sapporo fukuoka kobe okinawa
hokkaido fujisan arigatou arigato konnichiwa sayonara himawari doraemon pikachu pokemon naruto
totoro gundam tamago ramen sushi tanaka suzuki satou sato takahashi watanabe yamamoto
nakamura kobayashi yoshida yamada sasaki yamaguchi matsumoto inoue kimura hayashi shimizu
yuki hana haruka hikari kaori akiko yumiko keiko tomoko yoko naoko hiroshi takashi kenji
satoshi makoto daisuke takeshi kazuki shota hanako taro tarou ichiro jiro neko inu
kitty hellokitty anpanman kamisama tenshi akuma ninja samurai shogun sensei genki daisuki
aishiteru kawaii sakurako momiji ringo ichigo mikan usagi kuma tora ryuu doragon yamato
shinkansen fujiyama kenpo kenko hoken portal""".split()
WALKS = """qwertyui qwertyuiop qwertyuiop@ asdfghjk asdfghjkl asdfghjkl; zxcvbnm, zxcvbnm,./
1qaz2wsx 1qaz2wsx3edc qazwsxedc qazwsxedcrfv zaq12wsx zaq1xsw2 !qaz@wsx 1q2w3e4r 1q2w3e4r5t
1q2w3e4r5t6y q1w2e3r4 q1w2e3r4t5 qwer1234 asdf1234 zxcv1234 1234qwer 1234asdf qweasdzxc
qweasd123 qwerasdf asdfqwer poiuytrewq lkjhgfdsa mnbvcxz, abcd1234 abc12345 abcdefgh
abcdefghij a1b2c3d4 a1b2c3d4e5 aaaaaaaa password passw0rd p@ssw0rd p@ssword pa$$word
iloveyou iloveyou1 letmein1 welcome1 trustno1 sunshine princess football baseball
superman batman123 starwars master12 dragon12 monkey12 shadow12 michael1 jennifer""".split()


def allowed(entry):
    return 8 <= len(entry) <= 64 and all(
        c.isascii() and (c.islower() or c.isdigit() or c in SYMBOLS) for c in entry)


def read_lines(path):
    with open(path, encoding="latin-1") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if line and not line.startswith("#!comment"):
                yield line


def main():
    out_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "common-passwords.txt")
    entries = set()
    john = [w.lower() for w in read_lines(JOHN)]
    entries.update(john)
    # The most common short passwords become long enough with the usual padding.
    for word in john[:600] + ROMAJI:
        entries.add(word)
        for suffix in SUFFIXES:
            entries.add(word + suffix)
        entries.add(word + word)
    entries.update(w.lower() for w in read_lines(WORDS) if "'" not in w)
    entries.update(WALKS)
    for digit in "0123456789":
        for n in range(8, 21):
            entries.add(digit * n)
    seq = "01234567890123456789"
    for start in range(10):
        for n in range(8, 11):
            entries.add(seq[start:start + n])
            entries.add(seq[start:start + n][::-1])
    for year in range(1940, 2031):
        entries.add(f"{year}{year}")
        for word in ["password", "pass", "sakura", "love", "tokyo", "nihon", "abc"]:
            entries.add(f"{word}{year}")
    kept = sorted(e for e in entries if allowed(e))
    with open(out_path, "w", encoding="ascii", newline="\n") as f:
        for e in kept:
            f.write(e + "\n")
    print(f"{len(kept)} entries written to {out_path}")


if __name__ == "__main__":
    main()
