#!/usr/bin/env python3
"""Choose featurizer and model settings on data/dev.csv (never on test).

Trains on data/train.csv for every combination in GRID (no inner validation
split) and scores each model on data/dev.csv with `rhetoric eval --json`.
Prints one TSV row per setting, best dev macro-F1 last.
Usage: python3 scripts/sweep_dev.py [--bin target/release/rhetoric]
"""
import argparse
import itertools
import json
import os
import subprocess
import tempfile

GRID = {
    "--max-features": ["512", "1024", "2048", "4096"],
    "--ngrams": ["1", "2"],
    "--alpha": ["0.3", "1", "3"],
    "--min-count": ["1", "2"],
    "--weighting": ["tfidf", "binary"],
    "--stem": ["on", "off"],
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/rhetoric")
    ap.add_argument("--train", default="data/train.csv")
    ap.add_argument("--dev", default="data/dev.csv")
    args = ap.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        model = os.path.join(tmp, "m.model")
        keys = list(GRID)
        for values in itertools.product(*(GRID[k] for k in keys)):
            flags = [x for kv in zip(keys, values) for x in kv]
            # "--stem on|off" is not a CLI flag: map it to the default / --no-stem.
            i = flags.index("--stem")
            flags[i:i + 2] = [] if flags[i + 1] == "on" else ["--no-stem"]
            subprocess.run([args.bin, "train", args.train, "-o", model, "--valid", "0", *flags],
                           check=True, stdout=subprocess.DEVNULL)
            out = subprocess.run([args.bin, "eval", "-m", model, args.dev, "--json"],
                                 check=True, capture_output=True, text=True).stdout
            m = json.loads(out)
            results.append((m["macro_f1"], m["accuracy"], " ".join(flags)))
            print(f"{m['macro_f1']:.4f}\t{m['accuracy']:.4f}\t{' '.join(flags)}", flush=True)
    results.sort()
    print("best:", results[-1])


if __name__ == "__main__":
    main()
