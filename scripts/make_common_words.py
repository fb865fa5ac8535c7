#!/usr/bin/env python3
"""Write src/text/names/common_words.txt: every word the training corpus
(data/traindev.csv, never test) writes in lowercase.

The name rule (src/text/names) keeps a capitalised word when it is one of
these, and maps it to a placeholder otherwise. Standard library only:
    python3 scripts/make_common_words.py
"""
import csv
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# A word as the tokenizer sees one: letters joined by inner hyphens or
# apostrophes; a possessive 's is dropped.
WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")


def main():
    words = set()
    with open(os.path.join(ROOT, "data", "traindev.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for w in WORD.findall(row["text"]):
                w = w.replace("\u2019", "'")
                if w.endswith("'s"):
                    w = w[:-2]
                if w and w == w.lower():
                    words.add(w)
    out = os.path.join(ROOT, "src", "text", "names", "common_words.txt")
    with open(out, "w", encoding="utf-8") as f:
        f.write("# Words data/traindev.csv writes in lowercase (scripts/make_common_words.py).\n")
        for w in sorted(words):
            f.write(w + "\n")
    print(f"{len(words)} words -> {out}")


if __name__ == "__main__":
    main()
