#!/usr/bin/env bash
# Rebuild models/default.model from data/ (byte-identical on every run).
# Settings were chosen on data/dev.csv (scripts/sweep_dev.py, scripts/experiment.py;
# runs/2026-12-08-features for --quote-marks); the final fit
# uses train + dev. data/test.csv is not read here.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 data/split.py
cargo run --release --quiet -- train data/traindev.csv -o models/default.model \
    --ngrams 2 --max-features 6144 --alpha 1 --max-iter 30 --seed 42 --quote-marks "$@"
