#!/usr/bin/env bash
# Predict benchmark: rhetoric's default model vs scikit-learn and fastText.
#
#   bash scripts/bench_predict.sh [ROWS]      (default 1000000)
#
# Makes news-like CSVs with ../shared/bench/gen_corpus.py (300,000 and ROWS
# sentences), 10,000 article files (30 sentences each) and one text file of
# the 300,000 sentences as paragraphs, then times whole
# processes with /usr/bin/time (wall seconds, peak RSS):
#   rhetoric predict (default model, sentence splitting on) on each input;
#   scikit-learn TF-IDF + LogisticRegression, fastText (Python) and Vowpal
#   Wabbit, trained on data/traindev.csv, predicting the same CSVs
#   (../shared/bench/peers.py; PEERS="sklearn fasttext vw" picks them);
#   fastText's C++ command line (Debian package `fasttext`) when installed.
# Needs: .bench-venv (see README: Scripts and records). Writes out/bench/.
# Each system runs REPEAT times (default 3); the table has the median wall
# time and the largest peak RSS. Not a test: numbers depend on the machine
# and its load.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
PY=${PY:-.bench-venv/bin/python}
BENCH=../shared/bench
OUT=out/bench
mkdir -p "$OUT/articles" "$OUT/models"
cargo build --release --quiet
BIN=target/release/rhetoric

[ -f "$OUT/c300k.csv" ] || python3 "$BENCH/gen_corpus.py" --rows 300000 --seed 11 --out "$OUT/c300k.csv"
[ -f "$OUT/c$ROWS.csv" ] || python3 "$BENCH/gen_corpus.py" --rows "$ROWS" --seed 12 --out "$OUT/c$ROWS.csv"
if [ ! -f "$OUT/articles/09999.txt" ]; then
  python3 - "$OUT/c300k.csv" "$OUT/articles" <<'PY'
import csv, sys, os
rows = [r["text"] for r in csv.DictReader(open(sys.argv[1], newline=""))]
for i in range(10000):
    with open(os.path.join(sys.argv[2], f"{i:05d}.txt"), "w") as f:
        f.write(" ".join(rows[i * 30:(i + 1) * 30]) + "\n")
PY
fi

# One long article: the 300k CSV's sentences as paragraphs of one 53 MB
# text file (read and labeled in parts; memory must not grow with it).
[ -f "$OUT/long.txt" ] || python3 - "$OUT/c300k.csv" "$OUT/long.txt" <<'PY'
import csv, sys
rows = [r["text"] for r in csv.DictReader(open(sys.argv[1], newline=""))]
with open(sys.argv[2], "w") as f:
    f.write("\n\n".join(rows) + "\n")
PY

results="$OUT/predict.tsv"
REPEAT=${REPEAT:-3}
printf "system\tinput\tsentences\twall_s\tpeak_rss_mb\tsentences_per_s\tall_runs_s\n" > "$results"
measure() { # name input sentences cmd... (REPEAT runs: median wall, largest RSS)
  local name=$1 input=$2 n=$3; shift 3
  local walls=() rss=0
  for _ in $(seq "$REPEAT"); do
    /usr/bin/time -o "$OUT/time.txt" -f "%e %M" "$@" >/dev/null 2>"$OUT/stderr.txt" || true
    local t; t=$(tail -1 "$OUT/time.txt")
    walls+=("${t% *}")
    if [ "${t#* }" -gt "$rss" ]; then rss=${t#* }; fi
  done
  local wall; wall=$(printf "%s\n" "${walls[@]}" | sort -n | sed -n "$(( (REPEAT + 1) / 2 ))p")
  printf "%s\t%s\t%s\t%s\t%.0f\t%.0f\t%s\n" "$name" "$input" "$n" "$wall" "$((rss / 1024))" \
    "$(echo "$n / $wall" | bc -l)" "${walls[*]}" | tee -a "$results"
}

# A first run after the build, not timed: the binary and inputs into the page cache.
"$BIN" predict "$OUT/c300k.csv" -o "$OUT/pred_c300k.csv" --quiet

for f in c300k "c$ROWS"; do
  n=$(( $(wc -l < "$OUT/$f.csv") - 1 ))
  measure rhetoric "$f.csv" "$n" "$BIN" predict "$OUT/$f.csv" -o "$OUT/pred_$f.csv" --quiet
  measure "rhetoric --no-sentiment --no-actors" "$f.csv" "$n" "$BIN" predict "$OUT/$f.csv" -o "$OUT/pred_$f.csv" --quiet --no-sentiment --no-actors
done
n=$("$BIN" predict "$OUT/articles" --quiet | tail -n +2 | wc -l)
measure rhetoric "10k articles" "$n" "$BIN" predict "$OUT/articles" -o "$OUT/pred_articles.csv" --quiet
n=$("$BIN" predict "$OUT/long.txt" --quiet --no-sentiment --no-actors | tail -n +2 | wc -l)
measure rhetoric "one 53 MB text file" "$n" "$BIN" predict "$OUT/long.txt" -o "$OUT/pred_long.csv" --quiet

if [ -x "$PY" ]; then
  for s in ${PEERS:-sklearn fasttext vw}; do
    [ -f "$OUT/models/$s.model" ] || "$PY" "$BENCH/peers.py" train-$s data/traindev.csv "$OUT/models/$s.model" 2>/dev/null
    for f in c300k "c$ROWS"; do
      n=$(( $(wc -l < "$OUT/$f.csv") - 1 ))
      measure "$s (python)" "$f.csv" "$n" "$PY" "$BENCH/peers.py" predict-$s "$OUT/models/$s.model" "$OUT/$f.csv" "$OUT/peer_$s.csv"
    done
  done
fi

if command -v fasttext >/dev/null; then
  python3 - data/traindev.csv "$OUT/ft_train.txt" <<'PY'
import csv, re, sys
with open(sys.argv[2], "w") as out:
    for r in csv.DictReader(open(sys.argv[1], newline="")):
        words = " ".join(re.findall(r"\w+", r["text"].lower()))
        out.write("__label__" + r["label"] + " " + words + "\n")
PY
  fasttext supervised -input "$OUT/ft_train.txt" -output "$OUT/models/ft_cli" -wordNgrams 2 -epoch 25 -verbose 0
  for f in c300k "c$ROWS"; do
    python3 -c "import csv,sys
for r in csv.DictReader(open(sys.argv[1], newline='')): print(r['text'].replace('\n',' '))" "$OUT/$f.csv" > "$OUT/$f.txt"
    n=$(wc -l < "$OUT/$f.txt")
    measure "fastText C++ CLI" "$f.csv" "$n" fasttext predict-prob "$OUT/models/ft_cli.bin" "$OUT/$f.txt" 3
  done
fi
echo "results: $results"
