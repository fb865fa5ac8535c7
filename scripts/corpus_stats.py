#!/usr/bin/env python3
"""How news-like a set of labeled sentences is, next to the seed articles.

For each group of rows: count, median words, share of sentences with a
quotation mark, with a contrast word, with a hedge, and the label shares.
Usage: python3 scripts/corpus_stats.py [data/corpus.csv]
Groups: seed sentences, composed single sentences (no article id), composed
article sentences, and data/realistic_check.csv when present.
Standard library only.
"""
import csv
import os
import re
import statistics
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QUOTE = re.compile(r"[\"\u201c\u201d]")
CONTRAST = re.compile(r"\b(while|although|but|though|however|yet|despite|even as|whereas)\b", re.I)
HEDGE = re.compile(
    r"\b(reportedly|allegedly|apparently|appear(?:s|ed)? to|seem(?:s|ed)? to|may|might|"
    r"could not be (?:independently )?(?:verified|confirmed)|unconfirmed|unclear|"
    r"not clear|it was not known|possibly|likely|sources said|according to)\b", re.I)


def stats(rows):
    n = len(rows)
    if n == 0:
        return None
    words = [len(r["text"].split()) for r in rows]
    share = lambda pred: 100.0 * sum(1 for r in rows if pred(r["text"])) / n
    labels = {l: 100.0 * sum(1 for r in rows if r["label"] == l) / n
              for l in ("escalation", "de-escalation", "neutral")}
    return {
        "rows": n,
        "median words": statistics.median(words),
        "words min-max": f"{min(words)}-{max(words)}",
        "quote %": share(QUOTE.search),
        "contrast %": share(CONTRAST.search),
        "hedge %": share(HEDGE.search),
        "escalation %": labels["escalation"],
        "de-escalation %": labels["de-escalation"],
        "neutral %": labels["neutral"],
    }


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "data", "corpus.csv")
    rows = read(path)
    groups = {
        "seed sentences": [r for r in rows if r["source"] != "composed"],
        "composed sentences (no article)": [r for r in rows if r["source"] == "composed" and not r.get("article")],
        "composed articles": [r for r in rows if r["source"] == "composed" and r.get("article")],
    }
    check = os.path.join(ROOT, "data", "realistic_check.csv")
    if os.path.exists(check):
        groups["realistic check"] = read(check)
    table = {g: stats(rs) for g, rs in groups.items() if rs}
    cols = list(next(iter(table.values())).keys())
    print("| group | " + " | ".join(cols) + " |")
    print("|---|" + "---|" * len(cols))
    for g, st in table.items():
        cells = [f"{v:.1f}" if isinstance(v, float) else str(v) for v in st.values()]
        print(f"| {g} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
