//! Metrics that judge predicted probabilities, not just predicted labels:
//! one-vs-rest ROC and precision-recall curves with their areas, log-loss,
//! Brier score, expected calibration error with its reliability table, and a
//! paired comparison of two models (exact McNemar test and a seeded paired
//! bootstrap of the macro-F1 difference).
//!
//! Every number follows scikit-learn 1.9 (and scipy 1.17 for the McNemar
//! p-value) to the last few ulps; `tests/fixtures/metrics_reference.json`,
//! written by `scripts/make_metrics_fixture.py`, holds their outputs and the
//! tests below compare against it. Probabilities arrive as `f32` and are
//! widened to `f64` before any arithmetic.
//!
//! Where scikit-learn raises or returns NaN, this module returns something
//! finite instead, so a report never shows NaN:
//! - a label without positives or without negatives has `roc_auc: None` and
//!   an empty ROC curve; without positives also `average_precision: None`;
//! - no rows: log-loss, Brier and ECE are 0.0, every curve is empty, every
//!   area `None`, every reliability bin empty;
//! - `bins == 0` is read as one bin.
//!
//! Inputs outside the documented shape never panic either: rows are paired
//! up to the shorter of `gold` and `probs`, a row whose gold index is not a
//! label is skipped, and a probability row is read as `labels.len()` values
//! (missing ones count as 0.0, extra ones are ignored).

use serde::Serialize;

/// One point of a curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// One-vs-rest curves and areas of one label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassCurves {
    pub label: String,
    /// sklearn roc_auc_score(y == c, p[:, c]); None when the label has no positives or no negatives.
    pub roc_auc: Option<f64>,
    /// sklearn average_precision_score(y == c, p[:, c]) (the PR-AUC sklearn reports); None without positives.
    pub average_precision: Option<f64>,
    /// ROC curve points (fpr, tpr) as sklearn roc_curve(drop_intermediate=False) would give, starting at (0,0).
    /// Empty when the label has no positives or no negatives (sklearn would
    /// fill one axis with NaN) and when there are no rows.
    pub roc: Vec<Point>,
    /// Precision-recall points (recall, precision) as sklearn precision_recall_curve, ordered by increasing threshold.
    /// The last point is sklearn's closing (0, 1). Without positives recall
    /// is 1 at every threshold, as sklearn sets it. Empty when there are no rows.
    pub pr: Vec<Point>,
}

/// One bin of a reliability table (confidence = max probability of a row).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReliabilityBin {
    pub lower: f64,
    pub upper: f64,
    pub count: usize,
    /// Mean confidence of the bin's rows; None for an empty bin.
    pub mean_confidence: Option<f64>,
    /// Share of the bin's rows whose arg-max label is the gold one; None for an empty bin.
    pub accuracy: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProbabilityMetrics {
    pub per_class: Vec<ClassCurves>,
    /// sklearn 1.9 log_loss(y, p, labels=range(k)): mean over rows of
    /// -ln(clip(p[gold], eps, 1 - eps)) with eps = f64::EPSILON (sklearn
    /// clips with the machine epsilon of the array's dtype, and it is given
    /// float64). Rows are not renormalised: sklearn 1.9 only warns when a row
    /// does not sum to 1 (the renormalisation was removed in 1.5).
    pub log_loss: f64,
    /// sklearn 1.9 brier_score_loss(y, p, labels=range(k)) with its default
    /// scale_by_half="auto": mean over rows of sum over labels of
    /// (p_c - [y == c])^2, which ranges over [0, 2], and halved when there are
    /// fewer than 3 labels (for 2 labels that is the familiar binary Brier
    /// score on [0, 1]).
    pub brier: f64,
    /// Expected calibration error: sum over bins of count/n * |accuracy - mean_confidence|.
    /// Bins split [0, 1] into equal widths with edges i / bins; a confidence
    /// lands in the first bin whose upper edge is >= it, so a value exactly
    /// on an edge belongs to the bin below the edge, 0.0 to the first bin and
    /// 1.0 to the last. A row is correct when its first maximal probability
    /// is at the gold label (numpy.argmax's tie rule).
    pub ece: f64,
    pub reliability: Vec<ReliabilityBin>,
}

/// `gold[i]` is the index of row i's true label (< labels.len()), `probs[i]` its probabilities (len = labels.len()).
pub fn probability_metrics(
    labels: &[String],
    gold: &[usize],
    probs: &[Vec<f32>],
    bins: usize,
) -> ProbabilityMetrics {
    let rows = Rows::new(labels.len(), gold, probs);
    let per_class = labels
        .iter()
        .enumerate()
        .map(|(c, label)| class_curves(label, &rows, c))
        .collect();
    let (ece, reliability) = calibration(&rows, bins.max(1));
    ProbabilityMetrics {
        per_class,
        log_loss: log_loss(&rows),
        brier: brier(&rows, labels.len()),
        ece,
        reliability,
    }
}

/// The usable rows, widened to f64 and shaped to the label count.
struct Rows {
    gold: Vec<usize>,
    probs: Vec<Vec<f64>>,
}

impl Rows {
    fn new(n_labels: usize, gold: &[usize], probs: &[Vec<f32>]) -> Self {
        let mut rows = Rows {
            gold: Vec::new(),
            probs: Vec::new(),
        };
        for (&g, p) in gold.iter().zip(probs) {
            if g >= n_labels {
                continue;
            }
            // `+ 0.0` turns -0.0 into 0.0: numpy sees them as one threshold.
            let widened = (0..n_labels)
                .map(|c| p.get(c).map_or(0.0, |&v| f64::from(v) + 0.0))
                .collect();
            rows.gold.push(g);
            rows.probs.push(widened);
        }
        rows
    }

    fn len(&self) -> usize {
        self.gold.len()
    }
}

/// Cumulative true and false positives at each distinct score, highest
/// score first: sklearn's `confusion_matrix_at_thresholds`, whose thresholds
/// are the distinct score values, so tied rows enter the curve together.
fn counts_at_thresholds(scores: &[f64], positive: &[bool]) -> (Vec<f64>, Vec<f64>) {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let (mut tps, mut fps) = (Vec::new(), Vec::new());
    let (mut tp, mut fp) = (0.0, 0.0);
    for (rank, &i) in order.iter().enumerate() {
        if positive[i] {
            tp += 1.0;
        } else {
            fp += 1.0;
        }
        let last_of_tie = order
            .get(rank + 1)
            .is_none_or(|&next| scores[next] != scores[i]);
        if last_of_tie {
            tps.push(tp);
            fps.push(fp);
        }
    }
    (tps, fps)
}

fn class_curves(label: &str, rows: &Rows, c: usize) -> ClassCurves {
    let scores: Vec<f64> = rows.probs.iter().map(|p| p[c]).collect();
    let positive: Vec<bool> = rows.gold.iter().map(|&g| g == c).collect();
    let (tps, fps) = counts_at_thresholds(&scores, &positive);
    let mut curves = ClassCurves {
        label: label.to_string(),
        roc_auc: None,
        average_precision: None,
        roc: Vec::new(),
        pr: Vec::new(),
    };
    let (Some(&total_pos), Some(&total_neg)) = (tps.last(), fps.last()) else {
        return curves;
    };
    if total_pos > 0.0 && total_neg > 0.0 {
        curves.roc = std::iter::once(Point { x: 0.0, y: 0.0 })
            .chain(tps.iter().zip(&fps).map(|(tp, fp)| Point {
                x: fp / total_neg,
                y: tp / total_pos,
            }))
            .collect();
        curves.roc_auc = Some(trapezoid_area(&curves.roc));
    }
    // sklearn reverses its arrays so that recall decreases (threshold
    // increases), then closes the curve at recall 0, precision 1.
    curves.pr = tps
        .iter()
        .zip(&fps)
        .rev()
        .map(|(tp, fp)| Point {
            x: if total_pos > 0.0 { tp / total_pos } else { 1.0 },
            y: tp / (tp + fp),
        })
        .chain(std::iter::once(Point { x: 0.0, y: 1.0 }))
        .collect();
    if total_pos > 0.0 {
        curves.average_precision = Some(step_area(&curves.pr));
    }
    curves
}

/// Area under a curve by the trapezoidal rule (sklearn `auc`).
fn trapezoid_area(points: &[Point]) -> f64 {
    points
        .windows(2)
        .map(|w| (w[1].x - w[0].x) * (w[1].y + w[0].y) / 2.0)
        .sum()
}

/// sklearn's average precision: sum over thresholds of (R_n - R_{n-1}) P_n,
/// read along decreasing recall as -sum(diff(recall) * precision[:-1]);
/// sklearn clips the -0.0 that rounding can leave to 0.
fn step_area(pr: &[Point]) -> f64 {
    let area: f64 = pr.windows(2).map(|w| -(w[1].x - w[0].x) * w[0].y).sum();
    area.max(0.0)
}

fn log_loss(rows: &Rows) -> f64 {
    if rows.len() == 0 {
        return 0.0;
    }
    let eps = f64::EPSILON;
    let total: f64 = rows
        .gold
        .iter()
        .zip(&rows.probs)
        .map(|(&g, p)| -p[g].clamp(eps, 1.0 - eps).ln())
        .sum();
    total / rows.len() as f64
}

fn brier(rows: &Rows, n_labels: usize) -> f64 {
    if rows.len() == 0 {
        return 0.0;
    }
    let total: f64 = rows
        .gold
        .iter()
        .zip(&rows.probs)
        .map(|(&g, p)| {
            p.iter()
                .enumerate()
                .map(|(c, &pc)| {
                    let hit = if c == g { 1.0 } else { 0.0 };
                    (pc - hit) * (pc - hit)
                })
                .sum::<f64>()
        })
        .sum();
    let mean = total / rows.len() as f64;
    if n_labels < 3 {
        mean * 0.5
    } else {
        mean
    }
}

/// Index of the first maximal probability (numpy.argmax) and that maximum.
fn first_max(p: &[f64]) -> (usize, f64) {
    let mut best = (0, p.first().copied().unwrap_or(0.0));
    for (c, &v) in p.iter().enumerate().skip(1) {
        if v > best.1 {
            best = (c, v);
        }
    }
    best
}

fn calibration(rows: &Rows, bins: usize) -> (f64, Vec<ReliabilityBin>) {
    // Edges as i / bins (one division each, like numpy's arange / bins) so
    // that edge membership matches the fixture bit for bit.
    let upper_edges: Vec<f64> = (1..=bins).map(|i| i as f64 / bins as f64).collect();
    let mut count = vec![0usize; bins];
    let mut confidence_sum = vec![0.0; bins];
    let mut correct = vec![0usize; bins];
    for (&g, p) in rows.gold.iter().zip(&rows.probs) {
        let (arg, conf) = first_max(p);
        let bin = upper_edges.partition_point(|&e| e < conf).min(bins - 1);
        count[bin] += 1;
        confidence_sum[bin] += conf;
        correct[bin] += usize::from(arg == g);
    }
    let mut ece = 0.0;
    let table = (0..bins)
        .map(|b| {
            let mut bin = ReliabilityBin {
                lower: b as f64 / bins as f64,
                upper: upper_edges[b],
                count: count[b],
                mean_confidence: None,
                accuracy: None,
            };
            if count[b] > 0 {
                let n = count[b] as f64;
                let mean_confidence = confidence_sum[b] / n;
                let accuracy = correct[b] as f64 / n;
                ece += n / rows.len() as f64 * (accuracy - mean_confidence).abs();
                bin.mean_confidence = Some(mean_confidence);
                bin.accuracy = Some(accuracy);
            }
            bin
        })
        .collect();
    (ece, table)
}

/// Paired comparison of two models on the same rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairedComparison {
    /// Rows model A got right and B wrong, and the reverse.
    pub a_only: usize,
    pub b_only: usize,
    /// Exact two-sided McNemar p-value (binomial test on the discordant pairs, p = 0.5), as scipy.stats.binomtest(a_only, a_only + b_only, 0.5).pvalue; 1.0 when there are no discordant pairs.
    pub mcnemar_p: f64,
    /// Paired bootstrap of the macro-F1 difference (A − B): observed difference, 95% percentile interval, and the share of resamples where A's macro-F1 ≤ B's; seeded, reproducible (the crate's one generator, [`crate::rng::SplitMix64`]; same seed → same numbers).
    ///
    /// The interval ends are numpy's default ("linear") 2.5th and 97.5th
    /// percentiles of the resampled differences. With `resamples == 0` the
    /// observed rows stand in as the only resample: the interval collapses
    /// to the observed difference and the share is 1.0 or 0.0.
    pub macro_f1_diff: f64,
    pub diff_low: f64,
    pub diff_high: f64,
    pub share_b_not_worse: f64,
    pub resamples: usize,
    pub seed: u64,
}

impl PairedComparison {
    /// The verdict `eval` and `report` print: the models differ when
    /// McNemar's p is below 0.05 and the paired interval excludes 0.
    pub fn is_significant(&self) -> bool {
        self.mcnemar_p < 0.05 && (self.diff_low > 0.0 || self.diff_high < 0.0)
    }
}

/// `pred_a[i]`, `pred_b[i]`: predicted label indices; macro-F1 as sklearn f1_score(average="macro", labels=range(n_labels), zero_division=0).
///
/// Rows are paired up to the shortest of the three slices. An index
/// outside `0..n_labels` counts for no label, as sklearn ignores values not
/// in `labels`; with `n_labels == 0` macro-F1 is 0.0.
pub fn compare_paired(
    n_labels: usize,
    gold: &[usize],
    pred_a: &[usize],
    pred_b: &[usize],
    resamples: usize,
    seed: u64,
) -> PairedComparison {
    let n = gold.len().min(pred_a.len()).min(pred_b.len());
    let (gold, pred_a, pred_b) = (&gold[..n], &pred_a[..n], &pred_b[..n]);
    let a_only = (0..n)
        .filter(|&i| pred_a[i] == gold[i] && pred_b[i] != gold[i])
        .count();
    let b_only = (0..n)
        .filter(|&i| pred_b[i] == gold[i] && pred_a[i] != gold[i])
        .count();

    let f1_a = resampled_macro_f1(n_labels, gold, pred_a, 0..n);
    let f1_b = resampled_macro_f1(n_labels, gold, pred_b, 0..n);
    let observed = f1_a - f1_b;

    let mut rng = crate::rng::SplitMix64::new(seed);
    let mut diffs = Vec::with_capacity(resamples);
    let mut b_not_worse = 0usize;
    let mut sample = vec![0usize; n];
    for _ in 0..resamples {
        for slot in &mut sample {
            *slot = rng.below(n);
        }
        let a = resampled_macro_f1(n_labels, gold, pred_a, sample.iter().copied());
        let b = resampled_macro_f1(n_labels, gold, pred_b, sample.iter().copied());
        diffs.push(a - b);
        b_not_worse += usize::from(a <= b);
    }
    let (diff_low, diff_high, share_b_not_worse) = if diffs.is_empty() {
        (observed, observed, if f1_a <= f1_b { 1.0 } else { 0.0 })
    } else {
        diffs.sort_by(f64::total_cmp);
        (
            crate::eval::metrics::percentile(&diffs, 2.5),
            crate::eval::metrics::percentile(&diffs, 97.5),
            b_not_worse as f64 / resamples as f64,
        )
    };
    PairedComparison {
        a_only,
        b_only,
        mcnemar_p: mcnemar_exact_p(a_only, b_only),
        macro_f1_diff: observed,
        diff_low,
        diff_high,
        share_b_not_worse,
        resamples,
        seed,
    }
}

/// Macro-F1 ([`crate::eval::metrics::macro_f1`]) over the rows `rows` (indices,
/// repeats allowed). Label indices outside `0..n_labels` go to an extra
/// row and column that is not averaged, as sklearn ignores values not in
/// `labels`.
fn resampled_macro_f1(
    n_labels: usize,
    gold: &[usize],
    pred: &[usize],
    rows: impl Iterator<Item = usize>,
) -> f64 {
    let mut matrix = vec![vec![0usize; n_labels + 1]; n_labels + 1];
    for i in rows {
        matrix[gold[i].min(n_labels)][pred[i].min(n_labels)] += 1;
    }
    crate::eval::metrics::macro_f1(&matrix, n_labels)
}

/// Exact two-sided binomial test of `a_only` successes in
/// `a_only + b_only` trials at p = 0.5, as scipy.stats.binomtest: with p =
/// 0.5 the distribution is symmetric, so scipy's "outcomes no likelier than
/// the observed one" are both tails beyond min(a, b), and the p-value is
/// min(1, 2·P(X ≤ min(a, b))).
fn mcnemar_exact_p(a_only: usize, b_only: usize) -> f64 {
    let n = a_only + b_only;
    let k = a_only.min(b_only);
    if n == 0 || 2 * k == n {
        return 1.0;
    }
    // ln P(X = i) = ln C(n, i) - n ln 2, summed in log space: 2^-n
    // underflows past about a thousand discordant pairs.
    let mut ln_choose = 0.0;
    let ln_pmf: Vec<f64> = (0..=k)
        .map(|i| {
            if i > 0 {
                ln_choose += ((n - i + 1) as f64 / i as f64).ln();
            }
            ln_choose - n as f64 * std::f64::consts::LN_2
        })
        .collect();
    // The pmf grows up to n/2, so the last term is the largest.
    let largest = ln_pmf[k];
    let scaled_sum: f64 = ln_pmf.iter().map(|t| (t - largest).exp()).sum();
    (2.0 * largest.exp() * scaled_sum).min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    const TOLERANCE: f64 = 1e-9;

    /// Written by scripts/make_metrics_fixture.py from scikit-learn / scipy.
    const REFERENCE: &str = include_str!("../../tests/fixtures/metrics_reference.json");

    #[derive(Deserialize)]
    struct Fixture {
        cases: Vec<Case>,
        mcnemar: Vec<McNemarRow>,
    }

    #[derive(Deserialize)]
    struct Case {
        name: String,
        labels: Vec<String>,
        bins: usize,
        gold: Vec<usize>,
        probs: Vec<Vec<f32>>,
        pred_a: Vec<usize>,
        pred_b: Vec<usize>,
        expected: Expected,
    }

    #[derive(Deserialize)]
    struct Expected {
        per_class: Vec<ExpectedClass>,
        log_loss: f64,
        brier: f64,
        ece: f64,
        reliability: Vec<ExpectedBin>,
        a_only: usize,
        b_only: usize,
        mcnemar_p: f64,
        macro_f1_a: f64,
        macro_f1_b: f64,
    }

    #[derive(Deserialize)]
    struct ExpectedClass {
        label: String,
        roc_auc: Option<f64>,
        average_precision: Option<f64>,
        roc: Vec<[f64; 2]>,
        pr: Vec<[f64; 2]>,
    }

    #[derive(Deserialize)]
    struct ExpectedBin {
        lower: f64,
        upper: f64,
        count: usize,
        mean_confidence: Option<f64>,
        accuracy: Option<f64>,
    }

    #[derive(Deserialize)]
    struct McNemarRow {
        a_only: usize,
        b_only: usize,
        p: f64,
    }

    fn fixture() -> Fixture {
        serde_json::from_str(REFERENCE).expect("fixture parses")
    }

    fn assert_close(what: &str, got: f64, want: f64) {
        assert!(
            (got - want).abs() <= TOLERANCE,
            "{what}: got {got:.17}, want {want:.17}"
        );
    }

    fn assert_close_opt(what: &str, got: Option<f64>, want: Option<f64>) {
        match (got, want) {
            (Some(g), Some(w)) => assert_close(what, g, w),
            (None, None) => {}
            _ => panic!("{what}: got {got:?}, want {want:?}"),
        }
    }

    fn assert_curve(what: &str, got: &[Point], want: &[[f64; 2]]) {
        assert_eq!(got.len(), want.len(), "{what}: number of points");
        for (i, (g, w)) in got.iter().zip(want).enumerate() {
            assert_close(&format!("{what}[{i}].x"), g.x, w[0]);
            assert_close(&format!("{what}[{i}].y"), g.y, w[1]);
        }
    }

    fn strings(labels: &[&str]) -> Vec<String> {
        labels.iter().map(|l| l.to_string()).collect()
    }

    /// Every number in the result is finite (no NaN, no infinity).
    fn assert_finite(m: &ProbabilityMetrics) {
        let mut numbers = vec![m.log_loss, m.brier, m.ece];
        for c in &m.per_class {
            numbers.extend(c.roc_auc);
            numbers.extend(c.average_precision);
            numbers.extend(c.roc.iter().chain(&c.pr).flat_map(|p| [p.x, p.y]));
        }
        for b in &m.reliability {
            numbers.extend([b.lower, b.upper]);
            numbers.extend(b.mean_confidence);
            numbers.extend(b.accuracy);
        }
        assert!(numbers.iter().all(|v| v.is_finite()), "{m:?}");
    }

    #[test]
    fn fixture_covers_the_intended_cases() {
        let f = fixture();
        let names: Vec<&str> = f.cases.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["three_labels", "two_labels", "label_never_in_gold"]);
        // The third case has a label that never occurs in gold.
        let never = &f.cases[2].expected.per_class[2];
        assert_eq!((never.roc_auc, never.average_precision), (None, None));
    }

    #[test]
    fn probability_metrics_match_sklearn_reference() {
        for case in fixture().cases {
            let m = probability_metrics(&case.labels, &case.gold, &case.probs, case.bins);
            let want = &case.expected;
            let name = &case.name;
            assert_eq!(m.per_class.len(), want.per_class.len(), "{name}");
            for (got, exp) in m.per_class.iter().zip(&want.per_class) {
                let what = format!("{name}/{}", exp.label);
                assert_eq!(got.label, exp.label);
                assert_close_opt(&format!("{what} roc_auc"), got.roc_auc, exp.roc_auc);
                assert_close_opt(
                    &format!("{what} average_precision"),
                    got.average_precision,
                    exp.average_precision,
                );
                assert_curve(&format!("{what} roc"), &got.roc, &exp.roc);
                assert_curve(&format!("{what} pr"), &got.pr, &exp.pr);
            }
            assert_close(&format!("{name} log_loss"), m.log_loss, want.log_loss);
            assert_close(&format!("{name} brier"), m.brier, want.brier);
            assert_close(&format!("{name} ece"), m.ece, want.ece);
            assert_eq!(m.reliability.len(), want.reliability.len(), "{name}");
            for (i, (got, exp)) in m.reliability.iter().zip(&want.reliability).enumerate() {
                let what = format!("{name} bin {i}");
                assert_eq!(got.count, exp.count, "{what} count");
                assert_close(&format!("{what} lower"), got.lower, exp.lower);
                assert_close(&format!("{what} upper"), got.upper, exp.upper);
                assert_close_opt(
                    &format!("{what} confidence"),
                    got.mean_confidence,
                    exp.mean_confidence,
                );
                assert_close_opt(&format!("{what} accuracy"), got.accuracy, exp.accuracy);
            }
            assert_finite(&m);
        }
    }

    #[test]
    fn paired_comparison_matches_sklearn_and_scipy_reference() {
        for case in fixture().cases {
            let k = case.labels.len();
            let want = &case.expected;
            let name = &case.name;
            let all_rows = 0..case.gold.len();
            let f1_a = resampled_macro_f1(k, &case.gold, &case.pred_a, all_rows.clone());
            let f1_b = resampled_macro_f1(k, &case.gold, &case.pred_b, all_rows);
            assert_close(&format!("{name} macro_f1_a"), f1_a, want.macro_f1_a);
            assert_close(&format!("{name} macro_f1_b"), f1_b, want.macro_f1_b);
            let cmp = compare_paired(k, &case.gold, &case.pred_a, &case.pred_b, 200, 7);
            assert_eq!(
                (cmp.a_only, cmp.b_only),
                (want.a_only, want.b_only),
                "{name}"
            );
            assert_close(&format!("{name} mcnemar_p"), cmp.mcnemar_p, want.mcnemar_p);
            let diff = want.macro_f1_a - want.macro_f1_b;
            assert_close(&format!("{name} macro_f1_diff"), cmp.macro_f1_diff, diff);
            assert!(cmp.diff_low <= cmp.diff_high, "{name}: {cmp:?}");
        }
    }

    #[test]
    fn mcnemar_p_matches_scipy_binomtest() {
        for row in fixture().mcnemar {
            let what = format!("binomtest({}, {})", row.a_only, row.a_only + row.b_only);
            assert_close(&what, mcnemar_exact_p(row.a_only, row.b_only), row.p);
        }
    }

    #[test]
    fn mcnemar_p_hand_checked() {
        // (a_only, b_only, p): 2 * P(X <= min) / 2^n summed by hand.
        let cases = [
            (0, 0, 1.0),
            (0, 1, 1.0),
            (2, 2, 1.0),
            (0, 5, 2.0 / 32.0),
            (5, 0, 2.0 / 32.0),
            (3, 7, 2.0 * (1.0 + 10.0 + 45.0 + 120.0) / 1024.0),
            (1, 3, 10.0 / 16.0),
            (1, 2, 1.0), // 2 * (1 + 3) / 8 > 1, capped
        ];
        for (a, b, want) in cases {
            assert_close(&format!("({a}, {b})"), mcnemar_exact_p(a, b), want);
        }
    }

    #[test]
    fn roc_and_pr_of_a_hand_checked_binary_case() {
        // sklearn's documented example: y = [0, 0, 1, 1],
        // scores = [0.1, 0.4, 0.35, 0.8] -> ROC-AUC 0.75, AP 0.8333.
        // Scores 0.25 apart would be exact in f32; these are widened f32
        // values, so tolerance is the f32 rounding, far below any step.
        let labels = strings(&["neg", "pos"]);
        let p1 = [0.1f32, 0.4, 0.35, 0.8];
        let probs: Vec<Vec<f32>> = p1.iter().map(|&p| vec![1.0 - p, p]).collect();
        let m = probability_metrics(&labels, &[0, 0, 1, 1], &probs, 10);
        let pos = &m.per_class[1];
        assert_close("auc", pos.roc_auc.unwrap(), 0.75);
        assert_close("ap", pos.average_precision.unwrap(), 0.5 + 1.0 / 3.0);
        let roc: Vec<(f64, f64)> = pos.roc.iter().map(|p| (p.x, p.y)).collect();
        assert_eq!(
            roc,
            [(0.0, 0.0), (0.0, 0.5), (0.5, 0.5), (0.5, 1.0), (1.0, 1.0)]
        );
        let pr: Vec<(f64, f64)> = pos.pr.iter().map(|p| (p.x, p.y)).collect();
        assert_eq!(
            pr,
            [
                (1.0, 0.5),
                (1.0, 2.0 / 3.0),
                (0.5, 0.5),
                (0.5, 1.0),
                (0.0, 1.0)
            ]
        );
    }

    #[test]
    fn tied_scores_form_one_threshold() {
        // Scores 0.5, 0.5, 0.25 with labels 1, 0, 1: the tie enters as one
        // step (tp 1, fp 1), so ROC goes (0,0) -> (1, 0.5) -> (1, 1).
        let labels = strings(&["other", "target"]);
        let probs = vec![vec![0.5, 0.5], vec![0.5, 0.5], vec![0.75, 0.25]];
        let m = probability_metrics(&labels, &[1, 0, 1], &probs, 4);
        let t = &m.per_class[1];
        let roc: Vec<(f64, f64)> = t.roc.iter().map(|p| (p.x, p.y)).collect();
        assert_eq!(roc, [(0.0, 0.0), (1.0, 0.5), (1.0, 1.0)]);
        assert_eq!(t.roc_auc, Some(0.25));
        // PR by increasing threshold: (1, 2/3) at 0.25, (0.5, 0.5) at 0.5.
        // AP = (1 - 0.5) * 2/3 + 0.5 * 0.5.
        assert_close("ap", t.average_precision.unwrap(), 1.0 / 3.0 + 0.25);
    }

    #[test]
    fn log_loss_and_brier_hand_checked() {
        // Dyadic probabilities are exact in f32, so the sums are exact too.
        let ln = f64::ln;
        let eps = f64::EPSILON;
        // (labels, gold, probs, log-loss, Brier)
        type Case<'a> = (Vec<&'a str>, Vec<usize>, Vec<Vec<f32>>, f64, f64);
        let cases: Vec<Case> = vec![
            // Two labels: Brier is halved (sklearn scale_by_half="auto");
            // a confident miss (p = 0) is clipped to eps in log-loss.
            (
                vec!["a", "b"],
                vec![0, 1, 1, 1],
                vec![
                    vec![0.75, 0.25],
                    vec![0.5, 0.5],
                    vec![0.25, 0.75],
                    vec![1.0, 0.0],
                ],
                -(ln(0.75) + ln(0.5) + ln(0.75) + ln(eps)) / 4.0,
                (0.125 + 0.5 + 0.125 + 2.0) / 4.0 / 2.0,
            ),
            // Three labels: Brier is the plain sum over labels; a certain hit
            // is clipped to 1 - eps.
            (
                vec!["a", "b", "c"],
                vec![0, 1, 2],
                vec![
                    vec![0.5, 0.25, 0.25],
                    vec![0.0, 1.0, 0.0],
                    vec![0.25, 0.25, 0.5],
                ],
                -(ln(0.5) + ln(1.0 - eps) + ln(0.5)) / 3.0,
                (0.375 + 0.0 + 0.375) / 3.0,
            ),
        ];
        for (labels, gold, probs, log_loss, brier) in cases {
            let m = probability_metrics(&strings(&labels), &gold, &probs, 5);
            assert_close("log_loss", m.log_loss, log_loss);
            assert_close("brier", m.brier, brier);
        }
    }

    #[test]
    fn brier_matches_sklearn_docstring_example() {
        // brier_score_loss(["eggs", "ham", "spam"], [[0.8, 0.1, 0.1],
        // [0.2, 0.7, 0.1], [0.2, 0.2, 0.6]], labels=...) prints 0.146 in the
        // docstring; exactly it is (0.06 + 0.14 + 0.24) / 3.
        let probs = vec![
            vec![0.8, 0.1, 0.1],
            vec![0.2, 0.7, 0.1],
            vec![0.2, 0.2, 0.6],
        ];
        let m = probability_metrics(&strings(&["eggs", "ham", "spam"]), &[0, 1, 2], &probs, 10);
        // f32 inputs: agreement to f32 precision, not 1e-9.
        assert!((m.brier - 0.44 / 3.0).abs() < 1e-6, "{}", m.brier);
    }

    #[test]
    fn confidence_on_a_bin_edge_goes_to_the_lower_bin() {
        // bins = 4: edges 0, 0.25, 0.5, 0.75, 1.
        // (row, gold, expected bin)
        let cases: Vec<(Vec<f32>, usize, usize)> = vec![
            (vec![0.5, 0.5], 0, 1),     // exactly on 0.5: second bin; argmax = 0
            (vec![0.25, 0.75], 1, 2),   // exactly on 0.75: third bin
            (vec![1.0, 0.0], 1, 3),     // 1.0: last bin (closed)
            (vec![0.0, 0.0], 0, 0),     // 0.0: first bin
            (vec![0.375, 0.625], 0, 2), // inside the third bin, wrong
        ];
        for (row, gold, bin) in cases {
            let m = probability_metrics(
                &strings(&["x", "y"]),
                &[gold],
                std::slice::from_ref(&row),
                4,
            );
            let counts: Vec<usize> = m.reliability.iter().map(|b| b.count).collect();
            let mut want = vec![0; 4];
            want[bin] = 1;
            assert_eq!(counts, want, "{row:?}");
        }
    }

    #[test]
    fn ece_hand_checked() {
        // bins = 2. Bin 0: one row at 0.5, correct -> |1 - 0.5|.
        // Bin 1: rows at 0.75 (correct) and 1.0 (wrong): acc 0.5, conf 0.875.
        let probs = vec![vec![0.5, 0.5], vec![0.25, 0.75], vec![1.0, 0.0]];
        let m = probability_metrics(&strings(&["x", "y"]), &[0, 1, 1], &probs, 2);
        assert_close("ece", m.ece, (0.5 + 2.0 * 0.375) / 3.0);
        assert_eq!(m.reliability[1].mean_confidence, Some(0.875));
        assert_eq!(m.reliability[1].accuracy, Some(0.5));
        assert_eq!((m.reliability[0].lower, m.reliability[0].upper), (0.0, 0.5));
    }

    #[test]
    fn edge_cases_never_panic_and_stay_finite() {
        let two = strings(&["x", "y"]);
        let three = strings(&["x", "y", "z"]);
        // (what, labels, gold, probs, bins)
        type Case<'a> = (&'a str, &'a [String], Vec<usize>, Vec<Vec<f32>>, usize);
        let cases: Vec<Case> = vec![
            ("empty", &three, vec![], vec![], 10),
            (
                "single class present",
                &three,
                vec![0, 0],
                vec![vec![0.5, 0.25, 0.25]; 2],
                10,
            ),
            (
                "all probabilities equal",
                &two,
                vec![0, 1, 1],
                vec![vec![0.5, 0.5]; 3],
                10,
            ),
            (
                "hard zeros and ones",
                &two,
                vec![0, 1],
                vec![vec![0.0, 1.0], vec![0.0, 1.0]],
                10,
            ),
            ("zero bins", &two, vec![0, 1], vec![vec![0.75, 0.25]; 2], 0),
            (
                "gold out of range",
                &two,
                vec![0, 7],
                vec![vec![0.75, 0.25]; 2],
                3,
            ),
            (
                "ragged rows",
                &three,
                vec![0, 1, 2],
                vec![vec![], vec![0.5], vec![0.1, 0.2, 0.3, 0.4]],
                3,
            ),
            (
                "length mismatch",
                &two,
                vec![0, 1, 1],
                vec![vec![0.75, 0.25]],
                3,
            ),
            ("no labels", &[], vec![0], vec![vec![1.0]], 3),
            ("one label", &three[..1], vec![0], vec![vec![1.0]], 3),
        ];
        for (what, labels, gold, probs, bins) in cases {
            let m = probability_metrics(labels, &gold, &probs, bins);
            assert_finite(&m);
            assert_eq!(m.per_class.len(), labels.len(), "{what}");
            assert_eq!(m.reliability.len(), bins.max(1), "{what}");
        }
    }

    #[test]
    fn empty_input_gives_zero_losses_and_no_curves() {
        let m = probability_metrics(&strings(&["x", "y"]), &[], &[], 5);
        assert_eq!((m.log_loss, m.brier, m.ece), (0.0, 0.0, 0.0));
        for c in &m.per_class {
            assert_eq!((c.roc_auc, c.average_precision), (None, None));
            assert!(c.roc.is_empty() && c.pr.is_empty());
        }
        assert!(m
            .reliability
            .iter()
            .all(|b| b.count == 0 && b.accuracy.is_none()));
    }

    #[test]
    fn single_class_present_has_undefined_roc_but_sklearn_pr() {
        let probs = vec![vec![0.75, 0.25], vec![0.5, 0.5]];
        let m = probability_metrics(&strings(&["x", "y"]), &[0, 0], &probs, 4);
        // Label x: positives only -> no ROC; AP defined (precision 1 everywhere).
        assert_eq!(m.per_class[0].roc_auc, None);
        assert!(m.per_class[0].roc.is_empty());
        assert_eq!(m.per_class[0].average_precision, Some(1.0));
        // Label y: no positives -> neither area; PR as sklearn: recall 1, precision 0.
        assert_eq!(m.per_class[1].roc_auc, None);
        assert_eq!(m.per_class[1].average_precision, None);
        let pr: Vec<(f64, f64)> = m.per_class[1].pr.iter().map(|p| (p.x, p.y)).collect();
        assert_eq!(pr, [(1.0, 0.0), (1.0, 0.0), (0.0, 1.0)]);
    }

    #[test]
    fn all_equal_probabilities_give_chance_level() {
        // One threshold: ROC is the diagonal, AP the prevalence.
        let probs = vec![vec![0.5, 0.5]; 4];
        let m = probability_metrics(&strings(&["x", "y"]), &[0, 1, 1, 1], &probs, 4);
        for (c, prevalence) in [(0, 0.25), (1, 0.75)] {
            let curves = &m.per_class[c];
            assert_eq!(curves.roc_auc, Some(0.5));
            assert_eq!(
                curves.roc,
                [Point { x: 0.0, y: 0.0 }, Point { x: 1.0, y: 1.0 }]
            );
            assert_eq!(curves.average_precision, Some(prevalence));
        }
    }

    #[test]
    fn macro_f1_hand_checked() {
        // gold a a a b b c, pred a a b b c c: F1 0.8, 0.5, 2/3 (and label 3,
        // never seen, counts as 0 when asked for four labels).
        let gold = [0, 0, 0, 1, 1, 2];
        let pred = [0, 0, 1, 1, 2, 2];
        let sum = 0.8 + 0.5 + 2.0 / 3.0;
        let cases = [(3, sum / 3.0), (4, sum / 4.0), (0, 0.0)];
        for (n_labels, want) in cases {
            let got = resampled_macro_f1(n_labels, &gold, &pred, 0..gold.len());
            assert_close(&format!("{n_labels} labels"), got, want);
        }
    }

    #[test]
    fn identical_predictions_compare_as_equal() {
        let gold = [0, 1, 2, 1, 0, 2, 2, 1];
        let pred = [0, 1, 1, 1, 2, 2, 0, 1];
        let cmp = compare_paired(3, &gold, &pred, &pred, 500, 42);
        assert_eq!((cmp.a_only, cmp.b_only), (0, 0));
        assert_eq!(cmp.mcnemar_p, 1.0);
        assert_eq!(
            (cmp.macro_f1_diff, cmp.diff_low, cmp.diff_high),
            (0.0, 0.0, 0.0)
        );
        assert_eq!(cmp.share_b_not_worse, 1.0);
        assert_eq!((cmp.resamples, cmp.seed), (500, 42));
    }

    #[test]
    fn bootstrap_is_seeded_and_reproducible() {
        let gold: Vec<usize> = (0..120).map(|i| i % 3).collect();
        let pred_a: Vec<usize> = gold
            .iter()
            .enumerate()
            .map(|(i, &g)| if i % 7 == 0 { (g + 1) % 3 } else { g })
            .collect();
        let pred_b: Vec<usize> = gold
            .iter()
            .enumerate()
            .map(|(i, &g)| if i % 4 == 0 { (g + 2) % 3 } else { g })
            .collect();
        let first = compare_paired(3, &gold, &pred_a, &pred_b, 300, 2024);
        let again = compare_paired(3, &gold, &pred_a, &pred_b, 300, 2024);
        let other_seed = compare_paired(3, &gold, &pred_a, &pred_b, 300, 2025);
        assert_eq!(first, again);
        assert_ne!(
            (first.diff_low, first.diff_high, first.share_b_not_worse),
            (
                other_seed.diff_low,
                other_seed.diff_high,
                other_seed.share_b_not_worse
            )
        );
        assert_eq!(first.macro_f1_diff, other_seed.macro_f1_diff);
        assert!(first.macro_f1_diff > 0.0);
        assert!(first.diff_low <= first.macro_f1_diff && first.macro_f1_diff <= first.diff_high);
        assert!((0.0..=1.0).contains(&first.share_b_not_worse));
    }

    #[test]
    fn paired_edge_cases_never_panic() {
        // (what, n_labels, gold, pred_a, pred_b, resamples)
        type Case<'a> = (&'a str, usize, Vec<usize>, Vec<usize>, Vec<usize>, usize);
        let cases: Vec<Case> = vec![
            ("empty", 3, vec![], vec![], vec![], 100),
            ("no resamples", 2, vec![0, 1], vec![0, 1], vec![1, 1], 0),
            ("no labels", 0, vec![0, 1], vec![0, 1], vec![1, 1], 10),
            (
                "indices out of range",
                2,
                vec![0, 5],
                vec![9, 5],
                vec![0, 1],
                10,
            ),
            ("length mismatch", 2, vec![0, 1, 1], vec![0], vec![0, 1], 10),
        ];
        for (what, n_labels, gold, a, b, resamples) in cases {
            let cmp = compare_paired(n_labels, &gold, &a, &b, resamples, 1);
            let numbers = [
                cmp.mcnemar_p,
                cmp.macro_f1_diff,
                cmp.diff_low,
                cmp.diff_high,
                cmp.share_b_not_worse,
            ];
            assert!(numbers.iter().all(|v| v.is_finite()), "{what}: {cmp:?}");
        }
        // Without resamples the observed rows are the only "resample".
        let cmp = compare_paired(2, &[0, 1], &[0, 1], &[1, 1], 0, 1);
        assert_eq!(
            (cmp.diff_low, cmp.diff_high),
            (cmp.macro_f1_diff, cmp.macro_f1_diff)
        );
        assert_eq!(cmp.share_b_not_worse, 0.0);
    }

    #[test]
    fn percentile_matches_numpy_linear() {
        // numpy.percentile([1, 2, 3, 4], q): 2.5 -> 1.075, 50 -> 2.5, 97.5 -> 3.925.
        let values = [1.0, 2.0, 3.0, 4.0];
        for (q, want) in [
            (2.5, 1.075),
            (50.0, 2.5),
            (97.5, 3.925),
            (0.0, 1.0),
            (100.0, 4.0),
        ] {
            assert_close(
                &format!("q={q}"),
                crate::eval::metrics::percentile(&values, q),
                want,
            );
        }
        assert_eq!(crate::eval::metrics::percentile(&[7.0], 97.5), 7.0);
    }
}
