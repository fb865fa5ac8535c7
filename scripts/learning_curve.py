#!/usr/bin/env python3
"""Learning curve and per-conflict dev scores for the data card.

Trains the shipped recipe (scripts/build-default-model.sh's flags) on 25%,
50% and 100% of data/train.csv (whole conflict groups kept, rows sampled
with a fixed seed inside each group) and scores data/dev.csv, overall and
per conflict. Never reads data/test.csv.
Usage: python3 scripts/learning_curve.py [--out runs/DIR/learning_curve.json]
Standard library only.
"""
import argparse
import csv
import json
import os
import random
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "rhetoric")


def recipe_flags():
    """The train flags of scripts/build-default-model.sh."""
    with open(os.path.join(ROOT, "scripts", "build-default-model.sh")) as f:
        text = f.read()
    recipe = text[text.index("-o models/default.model") + len("-o models/default.model"):]
    recipe = recipe[:recipe.index('"$@"')]
    return recipe.replace("\\", " ").split()


def score(model, rows, tmp, name):
    path = os.path.join(tmp, name + ".csv")
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=["text", "label"], extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    out = subprocess.run([BIN, "eval", "-m", model, path, "--json"],
                         check=True, capture_output=True, text=True).stdout
    m = json.loads(out)
    return round(m["macro_f1"], 4), round(m["accuracy"], 4)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out")
    args = ap.parse_args()
    read = lambda n: list(csv.DictReader(open(os.path.join(ROOT, "data", n), newline="", encoding="utf-8")))
    train, dev = read("train.csv"), read("dev.csv")
    flags = recipe_flags()
    result = {"flags": flags, "curve": []}
    with tempfile.TemporaryDirectory() as tmp:
        for share in (0.25, 0.5, 1.0):
            rng = random.Random(42)
            part = [r for r in train if share == 1.0 or rng.random() < share]
            path = os.path.join(tmp, "train.csv")
            with open(path, "w", newline="", encoding="utf-8") as f:
                w = csv.DictWriter(f, fieldnames=["text", "label"], extrasaction="ignore")
                w.writeheader()
                w.writerows(part)
            model = os.path.join(tmp, "m.model")
            subprocess.run([BIN, "train", path, "-o", model, "--valid", "0", "-q", *flags],
                           check=True, stdout=subprocess.DEVNULL)
            point = {"share": share, "train_rows": len(part), "dev": score(model, dev, tmp, "dev"),
                     "by_conflict": {g: score(model, [r for r in dev if r["region"] == g], tmp, g)[0]
                                     for g in sorted({r["region"] for r in dev})}}
            print(json.dumps(point))
            result["curve"].append(point)
    if args.out:
        with open(args.out, "w") as f:
            json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
