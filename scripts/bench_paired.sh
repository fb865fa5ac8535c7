#!/usr/bin/env bash
# Compare commands in alternation: each round runs every command once, in
# order, so the machine's drift (up to 30% from minute to minute here)
# falls on all of them alike. Prints, per command, the median and least
# wall time, the median CPU time (user + system), and the median of its
# per-round wall time over the first command's.
#
# usage: bash scripts/bench_paired.sh ROUNDS NAME 'COMMAND' NAME 'COMMAND' ...
# e.g.:  bash scripts/bench_paired.sh 15 \
#          old "/tmp/old/rhetoric predict out/bench/c300k.csv -o /tmp/a.csv --quiet" \
#          new "target/release/rhetoric predict out/bench/c300k.csv -o /tmp/a.csv --quiet"
# The raw times (round, name, wall, user, system) are kept in $RAW
# (default out/bench/paired.txt).
set -euo pipefail
[ $# -ge 3 ] && [ $(($# % 2)) -eq 1 ] || { sed -n 2,13p "$0" >&2; exit 1; }
ROUNDS=$1
shift
RAW=${RAW:-out/bench/paired.txt}
mkdir -p "$(dirname "$RAW")"
: >"$RAW"
names=()
cmds=()
while [ $# -gt 0 ]; do
  names+=("$1")
  cmds+=("$2")
  shift 2
done
for r in $(seq "$ROUNDS"); do
  for i in "${!names[@]}"; do
    /usr/bin/time -f "$r ${names[$i]} %e %U %S" -a -o "$RAW" sh -c "${cmds[$i]}" >/dev/null 2>&1
  done
done
python3 - "$RAW" "${names[@]}" <<'PY'
import collections
import statistics as st
import sys

raw, names = sys.argv[1], sys.argv[2:]
runs = collections.defaultdict(dict)
for line in open(raw):
    r, name, wall, user, system = line.split()
    runs[int(r)][name] = (float(wall), float(user) + float(system))
first = names[0]
for name in names:
    walls = [runs[r][name][0] for r in runs]
    cpus = [runs[r][name][1] for r in runs]
    rel = [runs[r][name][0] / runs[r][first][0] for r in runs]
    print(f"{name:12s} wall median {st.median(walls):.3f} s, least {min(walls):.3f} s;"
          f" cpu median {st.median(cpus):.3f} s; wall / {first} median {st.median(rel):.3f}")
PY
