#!/usr/bin/env python3
"""Read composed article files (one labeled sentence per line) into rows.

An article file looks like:

    id: libya-a07
    region: libya
    genre: wire
    date: 2024-05-14
    ---
    neutral | | TRIPOLI, May 14 (Wire) - Armed convoys moved ...
    escalation | reported-speech | "We will answer any attack ...," ...

Usage:
    python3 scripts/articles.py check DIR...      # validate, print counts
    python3 scripts/articles.py csv OUT.csv DIR... # rows: text,label,region,tags,article,genre,date
Standard library only.
"""
import csv
import glob
import os
import re
import sys

LABELS = {"escalation", "de-escalation", "neutral"}
TAGS = {
    "reported-speech", "keyword-trap", "negation", "lexical-negation", "warning",
    "mixed", "background-conflict-words", "polite-incitement", "history", "build-up",
}


LINE = re.compile(r"^\s*([a-z-]+)\s*\|\s*([^|]*?)\s*\|\s*(.*)$")

STYLE_NOTES = {"contrast", "hedged", "hedge", "quote", "quoted"}


class ArticleError(Exception):
    pass


def read_article(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    head, rows = {}, []
    try:
        sep = lines.index("---")
    except ValueError:
        raise ArticleError(f"{path}: no '---' line")
    for n, line in enumerate(lines[:sep], 1):
        if ":" not in line:
            raise ArticleError(f"{path}:{n}: header line without ':'")
        k, v = line.split(":", 1)
        head[k.strip()] = v.strip()
    for k in ("id", "region", "genre", "date"):
        if not head.get(k):
            raise ArticleError(f"{path}: header has no {k}")
    for n, line in enumerate(lines[sep + 1:], sep + 2):
        if not line.strip():
            continue
        m = LINE.match(line)
        if not m:
            raise ArticleError(f"{path}:{n}: expected 'label | tags | sentence'")
        label, tags, text = (p.strip() for p in m.groups())
        if label not in LABELS:
            raise ArticleError(f"{path}:{n}: unknown label {label!r}")
        tag_list = [t.strip() for t in tags.split(";") if t.strip()]
        # Style notes some writers added are not hard-case tags.
        tag_list = [t for t in tag_list if t not in STYLE_NOTES]
        bad = [t for t in tag_list if t not in TAGS]
        if bad:
            raise ArticleError(f"{path}:{n}: unknown tag {bad[0]!r}")
        if not text:
            raise ArticleError(f"{path}:{n}: empty sentence")
        rows.append({
            "text": text, "label": label, "region": head["region"],
            "tags": ";".join(tag_list), "article": head["id"],
            "genre": head["genre"], "date": head["date"],
        })
    return rows


def read_dirs(dirs):
    rows, errors = [], []
    for d in dirs:
        for path in sorted(glob.glob(os.path.join(d, "**", "*.txt"), recursive=True)):
            try:
                rows.extend(read_article(path))
            except ArticleError as e:
                errors.append(str(e))
    return rows, errors


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("check", "csv"):
        sys.exit(__doc__)
    if sys.argv[1] == "check":
        rows, errors = read_dirs(sys.argv[2:])
    else:
        rows, errors = read_dirs(sys.argv[3:])
    for e in errors:
        print(e, file=sys.stderr)
    arts = {r["article"] for r in rows}
    by_label = {}
    for r in rows:
        by_label[r["label"]] = by_label.get(r["label"], 0) + 1
    print(f"{len(arts)} articles, {len(rows)} sentences, labels {by_label}, "
          f"tagged {sum(1 for r in rows if r['tags'])}", file=sys.stderr)
    if sys.argv[1] == "csv":
        with open(sys.argv[2], "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
