#!/usr/bin/env bash
# Runs every command of docs/labeling-loop.md in the current directory,
# printing each command before its output. REPO: the rhetoric checkout;
# `rhetoric` must be on PATH.
set -euo pipefail
REPO=${REPO:?set REPO to the rhetoric checkout}
run() { printf '\n$ %s\n' "$*"; "$@"; }
run python3 "$REPO/runs/2026-12-08-compare/make_loop_data.py" "$REPO/data/train.csv"
run rhetoric train base.csv -o base.model
run rhetoric predict pool_articles.csv -m base.model -o pool_predictions.csv
run rhetoric suggest pool_articles.csv -m base.model -n 300 -o to_label.csv
run python3 "$REPO/runs/2026-12-08-compare/fill_labels.py" to_label.csv "$REPO/data/train.csv" labeled.csv
run rhetoric train base.csv labeled.csv -o new.model
run rhetoric eval -m new.model -m base.model "$REPO/data/dev.csv" --by region
run rhetoric report -m new.model -m base.model "$REPO/data/dev.csv" --by region -o compare.html
run python3 "$REPO/runs/2026-12-08-compare/random_sample.py" pool_predictions.csv 300 42 random_to_label.csv
run python3 "$REPO/runs/2026-12-08-compare/fill_labels.py" random_to_label.csv "$REPO/data/train.csv" random_labeled.csv
run rhetoric train base.csv random_labeled.csv -o random.model -q
run rhetoric eval -m new.model -m random.model "$REPO/data/dev.csv"
run rhetoric eval -m random.model -m base.model "$REPO/data/dev.csv"
run sha256sum base.model new.model random.model
