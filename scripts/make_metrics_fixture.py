"""Write tests/fixtures/metrics_reference.json: scikit-learn's own numbers for
the probability metrics in src/eval/probability.rs, so the Rust tests compare
against the reference implementation rather than against themselves.

Run from the repository root:

    .bench-venv/bin/python scripts/make_metrics_fixture.py

The committed fixture was produced with scikit-learn 1.9.1, scipy 1.17.1 and
numpy 2.4.6 (the versions are also written into the fixture). The output is
deterministic: every random draw comes from one seeded numpy Generator.

Probabilities are rounded to 6 decimals and then cast to float32, because the
Rust side receives `f32` probabilities and widens them to f64. The fixture
stores those float32 values widened to float64 (exactly representable, so
serde reads back the very same f32), and scikit-learn is fed the same float64
array. Rows therefore sum to 1 only to about 1e-6; scikit-learn 1.9 warns about
that but does not renormalise, and neither does the Rust code.

Conventions that scikit-learn does not define and that the Rust code shares:
- ROC curves of a label without positives or without negatives (scikit-learn
  fills one axis with NaN) are stored as an empty list; their ROC-AUC is null.
- Average precision of a label without positives is null (scikit-learn
  returns 0.0 with a warning); its PR curve is kept as scikit-learn gives it
  (recall set to 1 at every threshold).
- ECE / reliability: confidence is a row's max probability, correctness is
  argmax == gold (first maximum wins on ties, as numpy.argmax). Bins are
  equal-width on [0, 1] with edges i / bins; a confidence lands in the first
  bin whose upper edge is >= it, so a value exactly on an edge goes to the
  lower bin and 0.0 goes to the first bin.
"""

import json
import sys
import warnings
from pathlib import Path

import numpy as np
import scipy
import sklearn
from scipy.stats import binomtest
from sklearn.metrics import (
    average_precision_score,
    brier_score_loss,
    f1_score,
    log_loss,
    precision_recall_curve,
    roc_auc_score,
    roc_curve,
)

SEED = 20250117
OUT = Path("tests/fixtures/metrics_reference.json")


def to_f32_friendly(p):
    """Round to 6 decimals, then to float32, then back to float64 exactly."""
    return np.round(p, 6).astype(np.float32).astype(np.float64)


def softmax(scores):
    z = scores - scores.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def noisy_probs(rng, gold, k, signal, noise):
    """Softmax of one-hot(gold) * signal plus Gaussian noise."""
    scores = rng.normal(0.0, noise, size=(len(gold), k))
    scores[np.arange(len(gold)), gold] += signal
    return softmax(scores)


def with_ties_and_extremes(rng, probs, gold, tie_rows, certain_rows):
    """Overwrite some rows with a few shared probability vectors (exact ties
    across rows, some on bin edges) and some rows with hard 0/1 values (both
    right and wrong, so log-loss clipping matters)."""
    n, k = probs.shape
    rows = rng.permutation(n)
    shared = []
    for template in ([0.5, 0.3, 0.2, 0.0], [0.625, 0.25, 0.125, 0.0], [0.25, 0.25, 0.25, 0.25]):
        t = np.array(template[:k], dtype=np.float64)
        shared.append(t / t.sum())
    for r in rows[:tie_rows]:
        t = shared[rng.integers(len(shared))]
        probs[r] = np.roll(t, rng.integers(k))
    for j, r in enumerate(rows[tie_rows : tie_rows + certain_rows]):
        hot = gold[r] if j % 2 == 0 else (gold[r] + 1) % k
        probs[r] = 0.0
        probs[r, hot] = 1.0
    return probs


def corrupt(rng, pred, k, share):
    """Replace a share of predictions by a different random label."""
    out = pred.copy()
    for i in np.flatnonzero(rng.random(len(pred)) < share):
        out[i] = (out[i] + 1 + rng.integers(k - 1)) % k
    return out


def points(xs, ys):
    return [[float(x), float(y)] for x, y in zip(xs, ys)]


def class_reference(gold, scores, c):
    is_pos = (gold == c).astype(int)
    has_pos = is_pos.any()
    has_neg = (1 - is_pos).any()
    entry = {"roc_auc": None, "average_precision": None, "roc": [], "pr": []}
    if has_pos and has_neg:
        entry["roc_auc"] = float(roc_auc_score(is_pos, scores))
        fpr, tpr, _ = roc_curve(is_pos, scores, drop_intermediate=False)
        entry["roc"] = points(fpr, tpr)
    if has_pos:
        entry["average_precision"] = float(average_precision_score(is_pos, scores))
    # precision_recall_curve returns decreasing recall, i.e. increasing threshold.
    precision, recall, _ = precision_recall_curve(is_pos, scores, pos_label=1)
    entry["pr"] = points(recall, precision)
    return entry


def reliability(gold, probs, bins):
    conf = probs.max(axis=1)
    correct = probs.argmax(axis=1) == gold
    edges = np.arange(bins + 1) / bins
    which = np.minimum(np.searchsorted(edges[1:], conf, side="left"), bins - 1)
    table, ece = [], 0.0
    for b in range(bins):
        mask = which == b
        count = int(mask.sum())
        row = {
            "lower": float(edges[b]),
            "upper": float(edges[b + 1]),
            "count": count,
            "mean_confidence": None,
            "accuracy": None,
        }
        if count:
            mean_conf = float(conf[mask].mean())
            acc = float(correct[mask].mean())
            row["mean_confidence"] = mean_conf
            row["accuracy"] = acc
            ece += count / len(gold) * abs(acc - mean_conf)
        table.append(row)
    return float(ece), table


def case(name, rng, labels, gold, probs, bins):
    k = len(labels)
    probs = to_f32_friendly(probs)
    pred_a = probs.argmax(axis=1)
    pred_b = corrupt(rng, pred_a, k, 0.2)
    label_range = list(range(k))
    right_a = pred_a == gold
    right_b = pred_b == gold
    a_only = int((right_a & ~right_b).sum())
    b_only = int((~right_a & right_b).sum())
    ece, table = reliability(gold, probs, bins)
    per_class = []
    for c, label in enumerate(labels):
        entry = {"label": label}
        entry.update(class_reference(gold, probs[:, c], c))
        per_class.append(entry)
    return {
        "name": name,
        "labels": labels,
        "bins": bins,
        "gold": gold.tolist(),
        "probs": probs.tolist(),
        "pred_a": pred_a.tolist(),
        "pred_b": pred_b.tolist(),
        "expected": {
            "per_class": per_class,
            "log_loss": float(log_loss(gold, probs, labels=label_range)),
            "brier": float(brier_score_loss(gold, probs, labels=label_range)),
            "ece": ece,
            "reliability": table,
            "a_only": a_only,
            "b_only": b_only,
            "mcnemar_p": mcnemar_p(a_only, b_only),
            "macro_f1_a": float(
                f1_score(gold, pred_a, average="macro", labels=label_range, zero_division=0)
            ),
            "macro_f1_b": float(
                f1_score(gold, pred_b, average="macro", labels=label_range, zero_division=0)
            ),
        },
    }


def mcnemar_p(a_only, b_only):
    n = a_only + b_only
    return 1.0 if n == 0 else float(binomtest(a_only, n, 0.5).pvalue)


def main():
    rng = np.random.default_rng(SEED)
    cases = []

    labels = ["escalation", "de-escalation", "neutral"]
    gold = rng.integers(0, 3, size=300)
    probs = noisy_probs(rng, gold, 3, signal=1.2, noise=1.0)
    probs = with_ties_and_extremes(rng, probs, gold, tie_rows=45, certain_rows=12)
    cases.append(case("three_labels", rng, labels, gold, probs, bins=10))

    labels = ["no", "yes"]
    gold = rng.integers(0, 2, size=200)
    probs = noisy_probs(rng, gold, 2, signal=1.0, noise=1.2)
    probs = with_ties_and_extremes(rng, probs, gold, tie_rows=30, certain_rows=8)
    cases.append(case("two_labels", rng, labels, gold, probs, bins=10))

    labels = ["a", "b", "never", "d"]
    gold = rng.choice([0, 1, 3], size=160)
    probs = noisy_probs(rng, gold, 4, signal=1.5, noise=1.0)
    probs = with_ties_and_extremes(rng, probs, gold, tie_rows=30, certain_rows=6)
    cases.append(case("label_never_in_gold", rng, labels, gold, probs, bins=8))

    # Discordant-pair counts for the McNemar p-value alone, including large
    # and balanced ones.
    mcnemar = []
    for a_only, b_only in [
        (0, 0), (0, 1), (1, 0), (1, 1), (0, 5), (3, 7), (7, 3), (10, 10),
        (10, 11), (25, 40), (200, 260), (600, 500), (1500, 1400), (4000, 4200),
    ]:
        mcnemar.append({"a_only": a_only, "b_only": b_only, "p": mcnemar_p(a_only, b_only)})

    fixture = {
        "generator": {
            "script": "scripts/make_metrics_fixture.py",
            "seed": SEED,
            "sklearn": sklearn.__version__,
            "scipy": scipy.__version__,
            "numpy": np.__version__,
            "python": sys.version.split()[0],
        },
        "cases": cases,
        "mcnemar": mcnemar,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(fixture, indent=1) + "\n")
    print(f"wrote {OUT} ({len(cases)} cases, {len(mcnemar)} McNemar tables)")


if __name__ == "__main__":
    with warnings.catch_warnings():
        # Rows sum to 1 only to float32 precision, and labels without
        # positives are intended: scikit-learn's warnings about both are known.
        warnings.simplefilter("ignore")
        main()
