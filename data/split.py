#!/usr/bin/env python3
"""Write data/train.csv, dev.csv, test.csv and traindev.csv from data/corpus.csv.

Splits are by conflict group, never by row, so dev and test measure
conflicts the model has not seen. Two whole seed articles are in test.
Deterministic: the groups are listed here, rows keep corpus order.
Standard library only:  python3 data/split.py
"""
import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))

TEST_REGIONS = {"korean-peninsula", "sudan", "balkans", "somalia"}
DEV_REGIONS = {"india-china", "syria", "sahel", "russia-georgia", "libya"}
TEST_SEEDS = {"002_b4e98fb8cfb341a4.txt", "004_14b77fddce9fba82.txt"}


def split_of(row):
    if row["source"] != "composed":
        return "test" if row["source"] in TEST_SEEDS else "train"
    if row["region"] in TEST_REGIONS:
        return "test"
    if row["region"] in DEV_REGIONS:
        return "dev"
    return "train"


def main():
    with open(os.path.join(HERE, "corpus.csv"), newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        fields = reader.fieldnames
        rows = list(reader)
    outs = {}
    for name in ("train", "dev", "test"):
        f = open(os.path.join(HERE, name + ".csv"), "w", newline="", encoding="utf-8")
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        outs[name] = (f, w)
    counts = {k: 0 for k in outs}
    for row in rows:
        s = split_of(row)
        outs[s][1].writerow(row)
        counts[s] += 1
    for f, _ in outs.values():
        f.close()
    # The default model is fitted on train + dev once its settings are chosen.
    with open(os.path.join(HERE, "traindev.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(r for r in rows if split_of(r) != "test")
    print(" ".join(f"{k}={v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
