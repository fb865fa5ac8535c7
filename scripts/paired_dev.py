#!/usr/bin/env python3
"""Is a feature's gain on dev more than noise? Train two models on
data/train.csv (flags A, flags B), label data/dev.csv with both, and
resample dev's articles (a cluster bootstrap: sentences of one article stay
together; single composed sentences are resampled one by one) to get the
spread of macro-F1(B) - macro-F1(A).

Usage: python3 scripts/paired_dev.py "FLAGS A" "FLAGS B" [REPS]
The binary is $RHETORIC_BIN, else release/rhetoric under $CARGO_TARGET_DIR
(default target/). Never reads data/test.csv. Standard library only.
"""
import csv
import os
import random
import shlex
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("RHETORIC_BIN", os.path.join(
    os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "rhetoric"))
LABELS = ["de-escalation", "escalation", "neutral"]


def macro_f1(pairs):
    f1s = []
    for lab in LABELS:
        tp = sum(1 for g, p in pairs if g == lab and p == lab)
        fp = sum(1 for g, p in pairs if g != lab and p == lab)
        fn = sum(1 for g, p in pairs if g == lab and p != lab)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / len(f1s)


def predictions(flags, tmp, name, dev):
    model = os.path.join(tmp, name + ".model")
    out = os.path.join(tmp, name + ".csv")
    subprocess.run([BIN, "train", os.path.join(ROOT, "data", "train.csv"), "-o", model,
                    "--valid", "0", "-q", *shlex.split(flags)], check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run([BIN, "predict", "-m", model, dev, "--no-split", "--keep-boilerplate",
                    "-o", out, "--quiet"], check=True)
    with open(out, newline="", encoding="utf-8") as f:
        return [r["label"] for r in csv.DictReader(f)]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    flags_a, flags_b = sys.argv[1], sys.argv[2]
    reps = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    dev = os.path.join(ROOT, "data", "dev.csv")
    with open(dev, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with tempfile.TemporaryDirectory() as tmp:
        a = predictions(flags_a, tmp, "a", dev)
        b = predictions(flags_b, tmp, "b", dev)
    assert len(a) == len(b) == len(rows), (len(a), len(b), len(rows))
    clusters = {}
    for i, r in enumerate(rows):
        clusters.setdefault(r["article"] or f"row{i}", []).append(i)
    keys = sorted(clusters)
    gold = [r["label"] for r in rows]
    full = macro_f1(list(zip(gold, b))) - macro_f1(list(zip(gold, a)))
    rng = random.Random(42)
    deltas = []
    for _ in range(reps):
        idx = [i for k in rng.choices(keys, k=len(keys)) for i in clusters[k]]
        deltas.append(macro_f1([(gold[i], b[i]) for i in idx])
                      - macro_f1([(gold[i], a[i]) for i in idx]))
    deltas.sort()
    lo, hi = deltas[int(0.05 * reps)], deltas[int(0.95 * reps) - 1]
    better = sum(d > 0 for d in deltas) / reps
    changed = sum(x != y for x, y in zip(a, b))
    print(f"delta macro-F1 {full:+.4f}; 90% interval {lo:+.4f} .. {hi:+.4f}; "
          f"B better in {better:.0%} of {reps} resamples; {changed} of {len(rows)} labels differ")


if __name__ == "__main__":
    main()
