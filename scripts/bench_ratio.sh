#!/usr/bin/env bash
# Speed against the fastest peer, measured in alternation: each round runs
# Vowpal Wabbit's predict, then rhetoric lean and with all columns, on the
# 300k benchmark CSV, so that the machine's drift (up to 30% from minute
# to minute here) falls on all three alike. Prints each round and the
# medians of the times and of the per-round ratios.
#
# usage: PY=.bench-venv/bin/python bash scripts/bench_ratio.sh [ROUNDS]
# (run scripts/bench_predict.sh once first: it makes the CSV and VW's model)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-5}
PY=${PY:-.bench-venv/bin/python}
OUT=out/bench
BIN=target/release/rhetoric
cargo build --release --quiet
for f in "$OUT/c300k.csv" "$OUT/models/vw.model"; do
  [ -f "$f" ] || { echo "missing $f: run scripts/bench_predict.sh first" >&2; exit 1; }
done
wall() { /usr/bin/time -f "%e" -o "$OUT/time.txt" "$@" >/dev/null 2>"$OUT/stderr.txt"; cat "$OUT/time.txt"; }
printf "round\tvw_s\tlean_s\tall_s\tvw/lean\tvw/all\n"
for r in $(seq "$ROUNDS"); do
  vw=$(wall "$PY" ../shared/bench/peers.py predict-vw "$OUT/models/vw.model" "$OUT/c300k.csv" "$OUT/peer_vw.csv")
  lean=$(wall "$BIN" predict "$OUT/c300k.csv" -o "$OUT/pred_c300k.csv" --quiet --no-sentiment --no-actors)
  all=$(wall "$BIN" predict "$OUT/c300k.csv" -o "$OUT/pred_c300k.csv" --quiet)
  printf "%s\t%s\t%s\t%s\t%.1f\t%.1f\n" "$r" "$vw" "$lean" "$all" \
    "$(echo "$vw / $lean" | bc -l)" "$(echo "$vw / $all" | bc -l)"
done | tee "$OUT/ratio.tsv"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }
for c in 2 3 4 5 6; do
  printf "median %s: %s\n" "$(head -1 <<<"vw_s lean_s all_s vw/lean vw/all" | cut -d' ' -f$((c - 1)))" \
    "$(cut -f$c "$OUT/ratio.tsv" | median)"
done
