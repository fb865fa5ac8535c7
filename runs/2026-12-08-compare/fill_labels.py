"""Stands in for the analyst: fills the empty `label` column of a
`rhetoric suggest` CSV with the gold label the corpus gives that sentence
(matched on exact text); rows the corpus does not have are left out and
counted. Usage: fill_labels.py to_label.csv data/train.csv labeled.csv"""
import csv
import sys

suggested, gold_file, out = sys.argv[1:4]
gold = {r["text"]: r["label"] for r in csv.DictReader(open(gold_file, newline="", encoding="utf-8"))}
kept = missing = 0
with open(suggested, newline="", encoding="utf-8") as f, open(out, "w", newline="", encoding="utf-8") as g:
    reader = csv.DictReader(f)
    w = csv.writer(g)
    w.writerow(["text", "label"])
    for r in reader:
        if r["text"] in gold:
            w.writerow([r["text"], gold[r["text"]]])
            kept += 1
        else:
            missing += 1
print(f"{kept} rows labeled, {missing} not in {gold_file} (left out)")
