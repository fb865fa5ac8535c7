//! Evaluating a model on labeled rows: everything `eval` and `report` show.
//!
//! Each row is one unit (never split into sentences). The figures are
//! computed once here — label metrics ([`Metrics`]), probability metrics
//! ([`ProbabilityMetrics`]: ROC-AUC, average precision, log loss, Brier,
//! calibration), bootstrap intervals and the most confident mistakes — so
//! the text output, the JSON and the HTML report can never disagree.

use serde::Serialize;
use serde_json::{json, Value};

use crate::eval::metrics::{Metrics, BOOTSTRAP_RESAMPLES};
use crate::eval::probability::{
    compare_paired, probability_metrics, PairedComparison, ProbabilityMetrics,
};
use crate::io::data::LabeledData;
use crate::model::Model;

/// Bins of the reliability table and confidence histogram.
pub const CALIBRATION_BINS: usize = 10;

/// A row the model got wrong.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Misclassified {
    pub line: u64,
    pub text: String,
    pub gold: String,
    pub predicted: String,
    /// Probability of the predicted label.
    pub confidence: f32,
}

/// One model's results on one labeled file.
#[derive(Debug, Clone)]
pub struct Evaluation {
    pub model_name: String,
    pub metrics: Metrics,
    /// Over rows whose gold label the model knows; `None` if there are none.
    pub probability: Option<ProbabilityMetrics>,
    /// Rows left out of the probability metrics (gold label unknown to the model).
    pub unknown_gold: usize,
    /// All mistakes, most confident first.
    pub misclassified: Vec<Misclassified>,
    /// Per row: gold label, predicted label, and the max probability.
    pub rows: Vec<(String, String, f32)>,
    /// Tone metrics, when the data has a `sentiment` column.
    pub sentiment: Option<Metrics>,
}

/// Label every row of `data` with `model` and compute all figures.
pub fn evaluate_model(model: &Model, model_name: &str, data: &LabeledData) -> Evaluation {
    let labels = model.labels();
    let mut metrics = Metrics::new(labels);
    let mut t = model.featurizer().transformer();
    let (mut gold_idx, mut probs_known) = (Vec::new(), Vec::new());
    let mut misclassified = Vec::new();
    let mut rows = Vec::with_capacity(data.rows.len());
    for r in &data.rows {
        let probs = model.probabilities_of(t.transform(&r.text));
        let best = Model::predict_index(&probs);
        let predicted = &labels[best];
        metrics.add(&r.label, predicted);
        if let Some(g) = labels.iter().position(|l| *l == r.label) {
            gold_idx.push(g);
            probs_known.push(probs.clone());
        }
        if *predicted != r.label {
            misclassified.push(Misclassified {
                line: r.line,
                text: r.text.clone(),
                gold: r.label.clone(),
                predicted: predicted.clone(),
                confidence: probs[best],
            });
        }
        rows.push((r.label.clone(), predicted.clone(), probs[best]));
    }
    misclassified.sort_by(|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then(a.line.cmp(&b.line))
    });
    let unknown_gold = data.rows.len() - gold_idx.len();
    let sentiment = data.rows.iter().any(|r| r.sentiment.is_some()).then(|| {
        let tones: Vec<String> = ["negative", "neutral", "positive"]
            .map(String::from)
            .to_vec();
        let mut m = Metrics::new(&tones);
        let analyzer = crate::features::shared_sentiment();
        for r in data.rows.iter().filter(|r| r.sentiment.is_some()) {
            let predicted = analyzer.score(&r.text).tone().name();
            m.add(r.sentiment.as_deref().unwrap_or_default(), predicted);
        }
        m
    });
    let probability = (!gold_idx.is_empty())
        .then(|| probability_metrics(labels, &gold_idx, &probs_known, CALIBRATION_BINS));
    Evaluation {
        model_name: model_name.to_string(),
        metrics,
        probability,
        unknown_gold,
        misclassified,
        rows,
        sentiment,
    }
}

impl Evaluation {
    /// Histogram of the max probability, split into right and wrong rows.
    pub fn confidence_histogram(&self) -> Vec<(f64, f64, usize, usize)> {
        let n = CALIBRATION_BINS;
        let mut bins: Vec<(f64, f64, usize, usize)> = (0..n)
            .map(|i| (i as f64 / n as f64, (i + 1) as f64 / n as f64, 0, 0))
            .collect();
        for (gold, predicted, conf) in &self.rows {
            let i = ((f64::from(*conf) * n as f64) as usize).min(n - 1);
            if gold == predicted {
                bins[i].2 += 1;
            } else {
                bins[i].3 += 1;
            }
        }
        bins
    }

    /// All figures as JSON: the label metrics' keys (`accuracy`, `macro_f1`,
    /// `per_class`, `confusion_matrix`, …) plus `log_loss`, `brier`, `ece`,
    /// `reliability`, ROC-AUC and average precision in each `per_class`
    /// entry, `unknown_gold_rows`, and the `top_errors` most confident
    /// mistakes.
    pub fn to_json(&self, top_errors: usize) -> Value {
        let mut v = self.metrics.to_json();
        let obj = v.as_object_mut().expect("metrics JSON is an object");
        obj.insert("model".into(), self.model_name.clone().into());
        obj.insert("unknown_gold_rows".into(), self.unknown_gold.into());
        if let Some(p) = &self.probability {
            obj.insert("log_loss".into(), p.log_loss.into());
            obj.insert("brier".into(), p.brier.into());
            obj.insert("ece".into(), p.ece.into());
            obj.insert("reliability".into(), json!(p.reliability));
            if let Some(Value::Array(per_class)) = obj.get_mut("per_class") {
                for entry in per_class.iter_mut() {
                    let label = entry["label"].as_str().unwrap_or_default().to_string();
                    if let Some(c) = p.per_class.iter().find(|c| c.label == label) {
                        entry["roc_auc"] = json!(c.roc_auc);
                        entry["average_precision"] = json!(c.average_precision);
                    }
                }
            }
        }
        if let Some(s) = &self.sentiment {
            obj.insert("sentiment".into(), s.to_json());
        }
        obj.insert(
            "misclassified".into(),
            json!(self
                .misclassified
                .iter()
                .take(top_errors)
                .collect::<Vec<_>>()),
        );
        v
    }
}

/// Paired comparison of two evaluations on the same rows: McNemar on
/// right/wrong per row and a paired bootstrap of the macro-F1 difference.
pub fn compare(a: &Evaluation, b: &Evaluation, seed: u64) -> PairedComparison {
    // One label space for gold and both models' predictions.
    let mut space: Vec<String> = Vec::new();
    let mut index = |l: &String| match space.iter().position(|s| s == l) {
        Some(i) => i,
        None => {
            space.push(l.clone());
            space.len() - 1
        }
    };
    let gold: Vec<usize> = a.rows.iter().map(|(g, _, _)| index(g)).collect();
    let pa: Vec<usize> = a.rows.iter().map(|(_, p, _)| index(p)).collect();
    let pb: Vec<usize> = b.rows.iter().map(|(_, p, _)| index(p)).collect();
    compare_paired(space.len(), &gold, &pa, &pb, BOOTSTRAP_RESAMPLES, seed)
}

/// The gold labels of `data` that a model with `labels` never saw, shown
/// as typed (Debug-quoted when they hold control characters, so a newline
/// cannot break the message).
pub fn unknown_labels(data: &LabeledData, labels: &[String]) -> Vec<String> {
    data.label_counts()
        .into_keys()
        .filter(|l| !labels.contains(l))
        .map(|l| {
            if l.contains(char::is_control) {
                format!("{l:?}")
            } else {
                l
            }
        })
        .collect()
}

/// A row one model got right and the other wrong.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disagreement {
    pub line: u64,
    pub text: String,
    pub gold: String,
    /// Each model's label and its probability, in the compared order.
    pub predicted: [String; 2],
    pub confidence: [f32; 2],
}

/// Rows where exactly one of two models is right, as [`compare`] counts
/// them: `right_only[0]` holds the rows only A got right, `right_only[1]`
/// those only B got right, each with the wrong model's most confident
/// answers first (the mistakes that matter most), at most `limit` each.
pub fn disagreements(
    data: &LabeledData,
    a: &Evaluation,
    b: &Evaluation,
    limit: usize,
) -> [Vec<Disagreement>; 2] {
    let mut right_only: [Vec<Disagreement>; 2] = [Vec::new(), Vec::new()];
    for ((row, ra), rb) in data.rows.iter().zip(&a.rows).zip(&b.rows) {
        let (a_right, b_right) = (ra.1 == row.label, rb.1 == row.label);
        if a_right == b_right {
            continue;
        }
        right_only[usize::from(b_right)].push(Disagreement {
            line: row.line,
            text: row.text.clone(),
            gold: row.label.clone(),
            predicted: [ra.1.clone(), rb.1.clone()],
            confidence: [ra.2, rb.2],
        });
    }
    for (side, rows) in right_only.iter_mut().enumerate() {
        let wrong = 1 - side;
        rows.sort_by(|x, y| {
            y.confidence[wrong]
                .total_cmp(&x.confidence[wrong])
                .then(x.line.cmp(&y.line))
        });
        rows.truncate(limit);
    }
    right_only
}
