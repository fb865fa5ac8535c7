#!/usr/bin/env python3
"""In-process labeling from Python: rhetoric's package against scikit-learn.

    python bench_python.py rhetoric TEXTS.csv [--repeat 3]
    python bench_python.py sklearn  TEXTS.csv --train data/train.csv [--repeat 3]

Reads the `text` column of TEXTS.csv (untimed), then times, in this process,
labeling all of them, best and median of --repeat runs, and prints one JSON
line per measurement. Run each mode with the interpreter that has its
package (the rhetoric build, or a venv with scikit-learn).

rhetoric: `predict(texts)` (sentence rows as dicts, sentiment and actors
included), `predict(..., as_frame=True)`, and the lean call closest to the
peer's work, one label per text: `predict(texts, split=False,
sentiment=False, actors=False)`.
sklearn: the peer pipeline of ../shared/bench/peers.py, TfidfVectorizer
(1-2 grams, sublinear tf) + LogisticRegression(max_iter=1000), fitted on
--train (untimed), then `predict` and `predict_proba` on the texts; BLAS
threads 1 as there.
"""

import argparse
import csv
import json
import os
import resource
import statistics
import sys
import time

csv.field_size_limit(1 << 30)


def read_texts(path, column="text"):
    with open(path, newline="", encoding="utf-8") as f:
        rd = csv.DictReader(f)
        return [r[column] for r in rd]


def timed(name, fn, repeat, n):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        c0 = resource.getrusage(resource.RUSAGE_SELF)
        out = fn()
        c1 = resource.getrusage(resource.RUSAGE_SELF)
        times.append((time.perf_counter() - t0, (c1.ru_utime - c0.ru_utime) + (c1.ru_stime - c0.ru_stime)))
        del out
    walls = sorted(t for t, _ in times)
    cpu = statistics.median(c for _, c in times)
    print(json.dumps({
        "call": name, "texts": n, "runs": repeat,
        "best_wall_s": round(walls[0], 3), "median_wall_s": round(statistics.median(walls), 3),
        "median_cpu_s": round(cpu, 3),
        "texts_per_s_best": round(n / walls[0]),
        "loadavg": os.getloadavg()[0],
    }), flush=True)


def bench_rhetoric(texts, repeat):
    import rhetoric

    rhetoric.predict(texts[:100])  # load the default model once
    timed("rhetoric.predict(texts)", lambda: rhetoric.predict(texts), repeat, len(texts))
    timed("rhetoric.predict(texts, as_frame=True)", lambda: rhetoric.predict(texts, as_frame=True), repeat, len(texts))
    timed("rhetoric.predict(texts, split=False, sentiment=False, actors=False)",
          lambda: rhetoric.predict(texts, split=False, sentiment=False, actors=False), repeat, len(texts))


def bench_sklearn(texts, train_path, repeat):
    for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[v] = "1"
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    with open(train_path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    pipe = Pipeline([
        ("tfidf", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)),
        ("lr", LogisticRegression(max_iter=1000)),
    ]).fit([r["text"] for r in rows], [r["label"] for r in rows])
    timed("sklearn pipe.predict(texts)", lambda: pipe.predict(texts), repeat, len(texts))
    timed("sklearn pipe.predict_proba(texts)", lambda: pipe.predict_proba(texts), repeat, len(texts))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("system", choices=["rhetoric", "sklearn"])
    p.add_argument("texts")
    p.add_argument("--train")
    p.add_argument("--repeat", type=int, default=3)
    a = p.parse_args()
    texts = read_texts(a.texts)
    if a.system == "rhetoric":
        bench_rhetoric(texts, a.repeat)
    elif not a.train:
        sys.exit("sklearn needs --train")
    else:
        bench_sklearn(texts, a.train, a.repeat)


if __name__ == "__main__":
    main()
