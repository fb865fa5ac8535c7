#!/usr/bin/env python3
"""Experiment: two-stage labeling (neutral vs stance, then escalation vs
de-escalation) against the one-stage model, on dev.

Trains stage 1 on every train row with labels neutral/stance and stage 2 on
the stance rows only, with the same flags; a dev row is neutral when stage 1
says so (p_neutral >= 0.5), else stage 2's label.
Usage: python3 scripts/two_stage.py TRAIN.csv DEV.csv [train flags...]
Standard library only.
"""
import csv
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "rhetoric")


def write(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=["text", "label"], extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)


def probs(model, rows, tmp):
    path = os.path.join(tmp, "in.csv")
    write(path, rows)
    out = subprocess.run([BIN, "predict", "-m", model, path, "--no-split", "--format", "jsonl", "-q"],
                         check=True, capture_output=True, text=True).stdout
    return [json.loads(l) for l in out.splitlines()]


def macro_f1(gold, pred):
    f1s = []
    for l in sorted(set(gold)):
        tp = sum(1 for g, p in zip(gold, pred) if g == l and p == l)
        fp = sum(1 for g, p in zip(gold, pred) if g != l and p == l)
        fn = sum(1 for g, p in zip(gold, pred) if g == l and p != l)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / len(f1s)


def main():
    train_path, dev_path, flags = sys.argv[1], sys.argv[2], sys.argv[3:]
    read = lambda p: list(csv.DictReader(open(p, newline="", encoding="utf-8")))
    train, dev = read(train_path), read(dev_path)
    with tempfile.TemporaryDirectory() as tmp:
        def fit(rows, name):
            path = os.path.join(tmp, name + ".csv")
            write(path, rows)
            model = os.path.join(tmp, name + ".model")
            subprocess.run([BIN, "train", path, "-o", model, "--valid", "0", "-q", *flags],
                           check=True, stdout=subprocess.DEVNULL)
            return model
        one = fit(train, "one")
        s1 = fit([{"text": r["text"], "label": "neutral" if r["label"] == "neutral" else "stance"}
                  for r in train], "s1")
        s2 = fit([r for r in train if r["label"] != "neutral"], "s2")
        gold = [r["label"] for r in dev]
        p_one = [r["label"] for r in probs(one, dev, tmp)]
        p1, p2 = probs(s1, dev, tmp), probs(s2, dev, tmp)
        two = ["neutral" if a["label"] == "neutral" else b["label"] for a, b in zip(p1, p2)]
        print(f"one-stage macro-F1 {macro_f1(gold, p_one):.4f}  two-stage {macro_f1(gold, two):.4f}")


if __name__ == "__main__":
    main()
