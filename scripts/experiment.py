#!/usr/bin/env python3
"""Train on data/train.csv with some flags and score on data/dev.csv, overall
and per conflict group: one line of a feature experiment.

Usage: python3 scripts/experiment.py NAME [train flags...]
       (e.g. experiment.py keep-names --keep-names)
Appends one TSV line to runs/<RUN>/dev.tsv and writes the JSON of every
score to runs/<RUN>/NAME.json, RUN from $RUN (default: features).
The binary is $RHETORIC_BIN, else release/rhetoric under $CARGO_TARGET_DIR
(default target/). Never reads data/test.csv. Standard library only.
"""
import csv
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("RHETORIC_BIN", os.path.join(
    os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "rhetoric"))


def evaluate(model, path):
    out = subprocess.run([BIN, "eval", "-m", model, path, "--json"],
                         check=True, capture_output=True, text=True).stdout
    m = json.loads(out)
    return round(m["macro_f1"], 4), round(m["accuracy"], 4)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    name, flags = sys.argv[1], sys.argv[2:]
    run_dir = os.path.join(ROOT, "runs", os.environ.get("RUN", "features"))
    os.makedirs(run_dir, exist_ok=True)
    train = os.environ.get("TRAIN", os.path.join(ROOT, "data", "train.csv"))
    dev = os.path.join(ROOT, "data", "dev.csv")
    with tempfile.TemporaryDirectory() as tmp:
        model = os.path.join(tmp, "m.model")
        subprocess.run([BIN, "train", train, "-o", model, "--valid", "0", "-q", *flags],
                       check=True, stdout=subprocess.DEVNULL)
        scores = {"name": name, "flags": flags, "dev": evaluate(model, dev), "by_conflict": {}}
        with open(dev, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            rows = list(reader)
        for region in sorted({r["region"] for r in rows}):
            part = os.path.join(tmp, region + ".csv")
            with open(part, "w", newline="", encoding="utf-8") as f:
                w = csv.DictWriter(f, fieldnames=["text", "label"], extrasaction="ignore")
                w.writeheader()
                w.writerows(r for r in rows if r["region"] == region)
            scores["by_conflict"][region] = evaluate(model, part)[0]
    with open(os.path.join(run_dir, name + ".json"), "w") as f:
        json.dump(scores, f, indent=1)
    line = "\t".join([name, str(scores["dev"][0]), str(scores["dev"][1]),
                      " ".join(f"{k}={v}" for k, v in scores["by_conflict"].items()), " ".join(flags)])
    with open(os.path.join(run_dir, "dev.tsv"), "a") as f:
        f.write(line + "\n")
    print(line)


if __name__ == "__main__":
    main()
