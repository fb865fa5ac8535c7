//! Classification metrics, kept apart from the model (fastText's `Meter`).
//!
//! Feed (gold, predicted) label pairs; read accuracy, per-class precision /
//! recall / F1 / support, macro- and weighted-F1 and the confusion matrix.
//! Definitions follow scikit-learn's defaults: the label set is the union of
//! gold and predicted labels, and an undefined precision or recall counts as
//! 0 in F1 and in the averages. The report shows undefined values as `n/a`.

use serde::Serialize;

/// Precision, recall and F1 of one label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassMetrics {
    pub label: String,
    /// `None` when the label was never predicted.
    pub precision: Option<f64>,
    /// `None` when the label never occurs in the gold data.
    pub recall: Option<f64>,
    pub f1: f64,
    pub support: usize,
}

/// Accumulates a confusion matrix over a growing label set.
#[derive(Debug, Clone, Default)]
pub struct Metrics {
    labels: Vec<String>,
    /// `matrix[gold][predicted]`.
    matrix: Vec<Vec<usize>>,
    /// Every (gold, predicted) pair in order, for bootstrap resampling.
    pairs: Vec<(usize, usize)>,
}

/// A 95% percentile-bootstrap interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    pub low: f64,
    pub high: f64,
}

/// Bootstrap intervals of accuracy and macro-F1.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bootstrap {
    pub resamples: usize,
    pub seed: u64,
    pub accuracy: Interval,
    pub macro_f1: Interval,
}

/// Resamples used by [`Metrics::bootstrap`] in reports.
pub const BOOTSTRAP_RESAMPLES: usize = 1000;

impl Metrics {
    /// Start with known labels (their order is the report's order).
    pub fn new(labels: &[String]) -> Self {
        let mut m = Metrics::default();
        for l in labels {
            m.index_of(l);
        }
        m
    }

    fn index_of(&mut self, label: &str) -> usize {
        if let Some(i) = self.labels.iter().position(|l| l == label) {
            return i;
        }
        self.labels.push(label.to_string());
        for row in &mut self.matrix {
            row.push(0);
        }
        self.matrix.push(vec![0; self.labels.len()]);
        self.labels.len() - 1
    }

    /// Record one (gold, predicted) pair.
    pub fn add(&mut self, gold: &str, predicted: &str) {
        let g = self.index_of(gold);
        let p = self.index_of(predicted);
        self.matrix[g][p] += 1;
        self.pairs.push((g, p));
    }

    /// 95% intervals for accuracy and macro-F1: rows are resampled with
    /// replacement `resamples` times (seeded); the label set stays that of
    /// the full evaluation. Percentiles 2.5 and 97.5.
    pub fn bootstrap(&self, resamples: usize, seed: u64) -> Bootstrap {
        let n = self.pairs.len();
        let k = self.labels.len();
        let mut rng = crate::rng::SplitMix64::new(seed);
        let mut accs = Vec::with_capacity(resamples);
        let mut f1s = Vec::with_capacity(resamples);
        for _ in 0..resamples {
            let mut m = Metrics {
                labels: self.labels.clone(),
                matrix: vec![vec![0; k]; k],
                pairs: Vec::new(),
            };
            for _ in 0..n {
                let (g, p) = self.pairs[rng.below(n)];
                m.matrix[g][p] += 1;
            }
            accs.push(m.accuracy());
            f1s.push(m.macro_f1());
        }
        Bootstrap {
            resamples,
            seed,
            accuracy: percentile_interval(&mut accs),
            macro_f1: percentile_interval(&mut f1s),
        }
    }

    pub fn labels(&self) -> &[String] {
        &self.labels
    }
    pub fn confusion_matrix(&self) -> &[Vec<usize>] {
        &self.matrix
    }
    pub fn total(&self) -> usize {
        self.matrix.iter().flatten().sum()
    }

    pub fn accuracy(&self) -> f64 {
        let correct: usize = (0..self.labels.len()).map(|i| self.matrix[i][i]).sum();
        ratio(correct, self.total()).unwrap_or(0.0)
    }

    pub fn per_class(&self) -> Vec<ClassMetrics> {
        (0..self.labels.len())
            .map(|i| {
                let tp = self.matrix[i][i];
                let support: usize = self.matrix[i].iter().sum();
                let predicted: usize = self.matrix.iter().map(|row| row[i]).sum();
                ClassMetrics {
                    label: self.labels[i].clone(),
                    precision: ratio(tp, predicted),
                    recall: ratio(tp, support),
                    f1: f1(tp, support, predicted),
                    support,
                }
            })
            .collect()
    }

    pub fn macro_f1(&self) -> f64 {
        macro_f1(&self.matrix, self.labels.len())
    }

    pub fn weighted_f1(&self) -> f64 {
        let pc = self.per_class();
        let total: usize = pc.iter().map(|c| c.support).sum();
        if total == 0 {
            return 0.0;
        }
        pc.iter().map(|c| c.f1 * c.support as f64).sum::<f64>() / total as f64
    }

    /// The figures as JSON (`accuracy`, `macro_f1`, `weighted_f1`,
    /// `per_class`, `labels`, `confusion_matrix`, `rows`, and `bootstrap`:
    /// 95% intervals of accuracy and macro-F1 from 1,000 resamples, seed 0).
    pub fn to_json(&self) -> serde_json::Value {
        self.to_json_with(&self.report_bootstrap())
    }

    /// The intervals every report shows (1,000 resamples, seed 0). Compute
    /// them once and pass them to the `_with` forms when printing both text
    /// and JSON: resampling is the costliest part on large files.
    pub fn report_bootstrap(&self) -> Bootstrap {
        self.bootstrap(BOOTSTRAP_RESAMPLES, 0)
    }

    /// [`Metrics::to_json`] with intervals already computed.
    pub fn to_json_with(&self, b: &Bootstrap) -> serde_json::Value {
        serde_json::json!({
            "bootstrap": b,
            "rows": self.total(),
            "accuracy": self.accuracy(),
            "macro_f1": self.macro_f1(),
            "weighted_f1": self.weighted_f1(),
            "per_class": self.per_class(),
            "labels": self.labels,
            "confusion_matrix": self.matrix,
        })
    }

    /// A plain-text report: summary, per-class table, confusion matrix.
    pub fn to_text(&self) -> String {
        self.to_text_with(&self.report_bootstrap())
    }

    /// [`Metrics::to_text`] with intervals already computed.
    pub fn to_text_with(&self, b: &Bootstrap) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let fmt = |v: Option<f64>| v.map_or("n/a".to_string(), |v| format!("{v:.3}"));
        let width = self
            .labels
            .iter()
            .map(|l| l.len())
            .max()
            .unwrap_or(5)
            .max(12);
        writeln!(s, "rows         {}", self.total()).unwrap();
        let ci = |i: Interval| format!("(95% CI {:.3}-{:.3})", i.low, i.high);
        writeln!(s, "accuracy     {:.3}  {}", self.accuracy(), ci(b.accuracy)).unwrap();
        writeln!(s, "macro-F1     {:.3}  {}", self.macro_f1(), ci(b.macro_f1)).unwrap();
        writeln!(s, "weighted-F1  {:.3}", self.weighted_f1()).unwrap();
        writeln!(s).unwrap();
        writeln!(s, "{:<width$}  precision  recall     f1  support", "label").unwrap();
        for c in self.per_class() {
            writeln!(
                s,
                "{:<width$}  {:>9}  {:>6}  {:>5.3}  {:>7}",
                c.label,
                fmt(c.precision),
                fmt(c.recall),
                c.f1,
                c.support
            )
            .unwrap();
        }
        writeln!(s).unwrap();
        writeln!(s, "confusion matrix (rows = gold, columns = predicted)").unwrap();
        let cw = self
            .labels
            .iter()
            .map(|l| l.len())
            .max()
            .unwrap_or(5)
            .max(6);
        write!(s, "{:<width$}", "").unwrap();
        for l in &self.labels {
            write!(s, "  {l:>cw$}").unwrap();
        }
        writeln!(s).unwrap();
        for (l, row) in self.labels.iter().zip(&self.matrix) {
            write!(s, "{l:<width$}").unwrap();
            for v in row {
                write!(s, "  {v:>cw$}").unwrap();
            }
            writeln!(s).unwrap();
        }
        s
    }
}

fn percentile_interval(v: &mut [f64]) -> Interval {
    if v.is_empty() {
        return Interval {
            low: 0.0,
            high: 0.0,
        };
    }
    v.sort_by(f64::total_cmp);
    Interval {
        low: percentile(v, 2.5),
        high: percentile(v, 97.5),
    }
}

/// The crate's one percentile rule, numpy.percentile's default ("linear"),
/// on sorted, non-empty values; `q` in 0..=100.
pub fn percentile(sorted: &[f64], q: f64) -> f64 {
    let position = q / 100.0 * (sorted.len() - 1) as f64;
    let below = position.floor() as usize;
    let above = (below + 1).min(sorted.len() - 1);
    let fraction = position - below as f64;
    sorted[below] + fraction * (sorted[above] - sorted[below])
}

/// The crate's one macro-F1: the mean over the first `labels` labels of
/// `matrix[gold][predicted]` of each label's F1 (0 where it is 0/0, as
/// scikit-learn's `zero_division=0`). Rows and columns past `labels` count
/// as no label: they add to a label's support or predictions only.
pub fn macro_f1(matrix: &[Vec<usize>], labels: usize) -> f64 {
    if labels == 0 {
        return 0.0;
    }
    let total: f64 = (0..labels)
        .map(|i| {
            let support = matrix[i].iter().sum();
            let predicted = matrix.iter().map(|row| row[i]).sum();
            f1(matrix[i][i], support, predicted)
        })
        .sum();
    total / labels as f64
}

/// F1 of one label from its true positives, gold count and predicted count:
/// 2·tp / (support + predicted), which is 2PR / (P + R) without the two
/// divisions; 0 when both counts are 0.
fn f1(tp: usize, support: usize, predicted: usize) -> f64 {
    ratio(2 * tp, support + predicted).unwrap_or(0.0)
}

fn ratio(num: usize, den: usize) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_hand_computed_sklearn_figures() {
        // gold:  a a a b b c ; pred: a a b b c c
        let mut m = Metrics::new(&["a".into(), "b".into(), "c".into()]);
        for (g, p) in [
            ("a", "a"),
            ("a", "a"),
            ("a", "b"),
            ("b", "b"),
            ("b", "c"),
            ("c", "c"),
        ] {
            m.add(g, p);
        }
        assert!((m.accuracy() - 4.0 / 6.0).abs() < 1e-12);
        let pc = m.per_class();
        // a: p=1, r=2/3, f1=0.8 ; b: p=1/2, r=1/2, f1=0.5 ; c: p=1/2, r=1, f1=2/3
        assert!((pc[0].f1 - 0.8).abs() < 1e-12);
        assert!((pc[1].f1 - 0.5).abs() < 1e-12);
        assert!((pc[2].f1 - 2.0 / 3.0).abs() < 1e-12);
        assert!((m.macro_f1() - (0.8 + 0.5 + 2.0 / 3.0) / 3.0).abs() < 1e-12);
        let w = (0.8 * 3.0 + 0.5 * 2.0 + 2.0 / 3.0) / 6.0;
        assert!((m.weighted_f1() - w).abs() < 1e-12);
        assert_eq!(m.confusion_matrix()[0], vec![2, 1, 0]);
    }

    #[test]
    fn bootstrap_interval_brackets_the_estimate_and_is_seeded() {
        let mut m = Metrics::new(&["a".into(), "b".into()]);
        for i in 0..200 {
            let g = if i % 2 == 0 { "a" } else { "b" };
            let p = if i % 5 == 0 {
                if g == "a" {
                    "b"
                } else {
                    "a"
                }
            } else {
                g
            };
            m.add(g, p);
        }
        let b = m.bootstrap(500, 1);
        assert!(b.accuracy.low < m.accuracy() && m.accuracy() < b.accuracy.high);
        assert!(b.macro_f1.low < m.macro_f1() && m.macro_f1() < b.macro_f1.high);
        assert!(b.accuracy.high - b.accuracy.low < 0.2);
        assert_eq!(m.bootstrap(500, 1), b);
        assert_ne!(m.bootstrap(500, 2), b);
    }

    #[test]
    fn undefined_precision_is_none_and_counts_as_zero() {
        let mut m = Metrics::new(&["a".into(), "b".into()]);
        m.add("a", "a");
        m.add("b", "a");
        let pc = m.per_class();
        assert_eq!(pc[1].precision, None);
        assert_eq!(pc[1].f1, 0.0);
        assert!(m.to_text().contains("n/a"));
    }

    #[test]
    fn unseen_gold_labels_extend_the_matrix() {
        let mut m = Metrics::new(&["a".into()]);
        m.add("z", "a");
        assert_eq!(m.labels(), ["a", "z"]);
        assert_eq!(m.confusion_matrix(), &[vec![0, 0], vec![1, 0]]);
    }
}
