"""The control for the loop: N sentences drawn at random (seeded) from a
`rhetoric predict` CSV of the pool, in the `suggest` layout (text,label
with label empty), so fill_labels.py can label them the same way.
Usage: random_sample.py pool_predictions.csv 300 42 random_to_label.csv"""
import csv
import random
import sys

source, n, seed, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rows = [r for r in csv.DictReader(open(source, newline="", encoding="utf-8")) if not r["boilerplate"]]
random.Random(seed).shuffle(rows)
with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["text", "label"])
    for r in rows[:n]:
        w.writerow([r["text"], ""])
