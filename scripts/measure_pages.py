#!/usr/bin/env python3
"""Main-text extraction on the saved pages in tests/fixtures/pages/.

For every NAME.html with a NAME.gold.txt (headline and body paragraphs, one
per line), runs `rhetoric predict` on the page and compares the labeled
rows (boilerplate left out) with the gold text:
  recall      = gold sentences found inside some labeled row / gold sentences
  boilerplate = labeled rows holding no gold sentence and not inside the gold text / labeled rows
Prints one line per page and the totals. Standard library only.
Usage: python3 scripts/measure_pages.py [--bin target/release/rhetoric] [--pages DIR] [-- extra predict flags]
(--pages tests/fixtures/pages_heldout: the 5 pages written after the rules were tuned.)
"""
import glob
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def norm(s):
    return re.sub(r"\s+", " ", s.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')).strip()


def gold_sentences(text):
    # Split gold paragraphs roughly into sentences: after . ! ? followed by a space and a capital or quote.
    out = []
    for para in text.splitlines():
        para = norm(para)
        if not para:
            continue
        out.extend(s for s in re.split(r"(?:(?<=[.!?])|(?<=[.!?][\"')\]]))\s+(?=[\"'A-Z0-9])", para) if s)
    return out


def main():
    args = sys.argv[1:]
    binary = os.path.join(ROOT, "target", "release", "rhetoric")
    if args[:1] == ["--bin"]:
        binary, args = args[1], args[2:]
    pages_dir = os.path.join(ROOT, "tests", "fixtures", "pages")
    if args[:1] == ["--pages"]:
        pages_dir, args = args[1], args[2:]
    extra = args[1:] if args[:1] == ["--"] else []
    pages = sorted(glob.glob(os.path.join(pages_dir, "*.gold.txt")))
    tot_gold = tot_found = tot_rows = tot_bp = 0
    for gold_path in pages:
        page = gold_path[: -len(".gold.txt")] + ".html"
        gold_text = open(gold_path, encoding="utf-8").read()
        gold = gold_sentences(gold_text)
        whole = norm(" ".join(gold_text.splitlines()))
        out = subprocess.run([binary, "predict", page, "--format", "jsonl", "-q", *extra],
                             capture_output=True, text=True)
        rows = [json.loads(l) for l in out.stdout.splitlines()]
        labeled = [norm(r["text"]) for r in rows if r.get("label") is not None]
        found = sum(1 for g in gold if any(g in l for l in labeled))
        boiler = [l for l in labeled if l not in whole and not any(g in l for g in gold)]
        tot_gold += len(gold); tot_found += found; tot_rows += len(labeled); tot_bp += len(boiler)
        print(f"{os.path.basename(page):28} recall {found}/{len(gold)}  boilerplate {len(boiler)}/{len(labeled)}"
              + (f"  e.g. {boiler[0][:70]!r}" if boiler else ""))
        missed = [g for g in gold if not any(g in l for l in labeled)]
        for m in missed[:2]:
            print(f"    missed: {m[:90]!r}")
    if tot_gold:
        print(f"TOTAL recall {tot_found / tot_gold:.3f} ({tot_found}/{tot_gold}), "
              f"boilerplate {tot_bp / max(tot_rows, 1):.3f} ({tot_bp}/{tot_rows} labeled rows), {len(pages)} pages")


if __name__ == "__main__":
    main()
