#!/usr/bin/env bash
# Training benchmark: rhetoric vs scikit-learn, fastText and Vowpal Wabbit.
#
#   bash scripts/bench_train.sh [SIZES...]     (default: 10000 100000 1000000)
#   PEERS="vw" bash scripts/bench_train.sh 1000000   (peers to run; default all three)
#
# For each size, makes a news-like training CSV with ../shared/bench/gen_corpus.py
# (seed 21, as the peers' reference numbers) and a 20k test set (seed 3), then
# times each system's whole training process with /usr/bin/time (wall s, peak
# RSS) and scores its model on the test set (macro-F1). Also trains rhetoric
# on the shipped corpus (data/traindev.csv, default-model recipe).
# Needs .bench-venv (README: Scripts and records). Writes out/bench-train/.
# Not a test: numbers depend on the machine and its load.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${*:-10000 100000 1000000}
PEERS=${PEERS:-sklearn fasttext vw}
PY=${PY:-.bench-venv/bin/python}
BENCH=../shared/bench
OUT=out/bench-train
mkdir -p "$OUT"
cargo build --release --quiet
BIN=target/release/rhetoric
[ -f "$OUT/test20k.csv" ] || python3 "$BENCH/gen_corpus.py" --rows 20000 --seed 3 --out "$OUT/test20k.csv"

results="$OUT/train.tsv"
printf "system\trows\twall_s\tpeak_rss_mb\tmacro_f1\n" > "$results"
timed() { # prints "wall rss_mb"
  /usr/bin/time -o "$OUT/time.txt" -f "%e %M" "$@" >/dev/null 2>"$OUT/stderr.txt" || { cat "$OUT/stderr.txt" >&2; return 1; }
  local t; t=$(tail -1 "$OUT/time.txt"); echo "${t% *} $(( ${t#* } / 1024 ))"
}
macro_f1_of() { # predictions CSV with label + predicted columns
  python3 - "$1" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
labels = sorted({r["label"] for r in rows} | {r["predicted"] for r in rows})
f1s = []
for l in labels:
    tp = sum(1 for r in rows if r["label"] == l and r["predicted"] == l)
    p = sum(1 for r in rows if r["predicted"] == l)
    g = sum(1 for r in rows if r["label"] == l)
    f1s.append(0.0 if p + g == 0 else 2 * tp / (p + g))
print(f"{sum(f1s) / len(f1s):.4f}")
PY
}

read -r w m < <(timed "$BIN" train data/traindev.csv -o "$OUT/shipped.model" --ngrams 2 --max-features 4096 --alpha 0.3 --max-iter 30 --seed 42)
printf "rhetoric (shipped corpus, default recipe)\t2983\t%s\t%s\t\n" "$w" "$m" | tee -a "$results"

for n in $SIZES; do
  train="$OUT/train$n.csv"
  [ -f "$train" ] || python3 "$BENCH/gen_corpus.py" --rows "$n" --seed 21 --out "$train"
  read -r w m < <(timed "$BIN" train "$train" -o "$OUT/r$n.model" --valid 0)
  f1=$("$BIN" eval -m "$OUT/r$n.model" "$OUT/test20k.csv" --json | python3 -c 'import json,sys; print("%.4f" % json.load(sys.stdin)["macro_f1"])')
  printf "rhetoric\t%s\t%s\t%s\t%s\n" "$n" "$w" "$m" "$f1" | tee -a "$results"
  if [ -x "$PY" ]; then
    for s in $PEERS; do
      read -r w m < <(timed "$PY" "$BENCH/peers.py" train-$s "$train" "$OUT/$s$n.model")
      "$PY" "$BENCH/peers.py" predict-$s "$OUT/$s$n.model" "$OUT/test20k.csv" "$OUT/pred_$s.csv" 2>/dev/null
      printf "%s\t%s\t%s\t%s\t%s\n" "$s" "$n" "$w" "$m" "$(macro_f1_of "$OUT/pred_$s.csv")" | tee -a "$results"
    done
  fi
done
echo "results: $results"
