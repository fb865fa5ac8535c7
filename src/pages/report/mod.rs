//! A self-contained HTML page of a model's evaluation, for analysts to review
//! before they rely on the model.
//!
//! [`render_html`] turns a [`ReportData`] into one page with inline CSS and
//! inline SVG charts drawn here by hand: no external resources and no
//! JavaScript, so the file can be mailed, archived and printed as it is.
//! Every piece of user text (labels, sentences, model-card values) goes
//! through [`escape`]; every coordinate through [`num`], which never writes
//! `NaN` or `inf` into the SVG.

use serde::Serialize;

mod charts;
mod compare;
mod groups;
mod page;
#[cfg(test)]
mod tests;

use crate::pages::chart::*;
use charts::*;
use compare::{comparison_section, signed};
pub use compare::{Comparison, ModelSummary};
use groups::*;
use page::*;

/// Everything the report shows. Built by the caller from an evaluation run.
#[derive(Debug, Clone, Serialize)]
pub struct ReportData {
    /// Page heading, e.g. "rhetoric model report: default.model on data/test.csv".
    pub title: String,
    /// Program and version, e.g. "rhetoric 0.1.0".
    pub generated_by: String,
    /// Key/value rows: labels, training rows, data SHA-256, options, …
    pub model_card: Vec<(String, String)>,
    pub labels: Vec<String>,
    pub rows: usize,
    pub accuracy: f64,
    pub accuracy_ci: (f64, f64),
    pub macro_f1: f64,
    pub macro_f1_ci: (f64, f64),
    pub weighted_f1: f64,
    pub log_loss: f64,
    pub brier: f64,
    pub ece: f64,
    /// `confusion[gold][predicted]`.
    pub confusion: Vec<Vec<usize>>,
    pub per_class: Vec<ClassRow>,
    /// Calibration: bins of max-probability confidence.
    pub reliability: Vec<Bin>,
    /// One per label: (recall, precision) points.
    pub pr_curves: Vec<Curve>,
    /// One per label: (false-positive rate, true-positive rate) points.
    pub roc_curves: Vec<Curve>,
    /// Max-probability histogram, split into correct and wrong predictions.
    pub confidence_histogram: Vec<HistBin>,
    /// Most confident errors first.
    pub misclassified: Vec<Example>,
    /// With a second model: both side by side and their paired test. The
    /// other sections are about the first model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comparison: Option<Comparison>,
    /// One breakdown per `--by` column.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<crate::eval::groups::GroupBreakdown>,
}

/// Scores of one label.
#[derive(Debug, Clone, Serialize)]
pub struct ClassRow {
    pub label: String,
    /// `None` when the label was never predicted.
    pub precision: Option<f64>,
    /// `None` when the label never occurs in the gold data.
    pub recall: Option<f64>,
    pub f1: f64,
    pub support: usize,
    pub roc_auc: Option<f64>,
    pub average_precision: Option<f64>,
}

impl ClassRow {
    /// The rows of an evaluation's labels: its label metrics with each
    /// label's one-vs-rest ROC-AUC and average precision.
    pub fn of(e: &crate::eval::evaluation::Evaluation) -> Vec<ClassRow> {
        let p = e.probability.as_ref();
        e.metrics
            .per_class()
            .into_iter()
            .map(|c| {
                let curves = p.and_then(|p| p.per_class.iter().find(|x| x.label == c.label));
                ClassRow {
                    label: c.label,
                    precision: c.precision,
                    recall: c.recall,
                    f1: c.f1,
                    support: c.support,
                    roc_auc: curves.and_then(|x| x.roc_auc),
                    average_precision: curves.and_then(|x| x.average_precision),
                }
            })
            .collect()
    }
}

/// One calibration bin of max-probability confidence.
#[derive(Debug, Clone, Serialize)]
pub struct Bin {
    pub lower: f64,
    pub upper: f64,
    pub count: usize,
    /// `None` for an empty bin.
    pub mean_confidence: Option<f64>,
    /// `None` for an empty bin.
    pub accuracy: Option<f64>,
}

/// One label's curve; `area` is its AP (precision–recall) or AUC (ROC).
#[derive(Debug, Clone, Serialize)]
pub struct Curve {
    pub label: String,
    pub points: Vec<(f64, f64)>,
    pub area: Option<f64>,
}

/// One bin of the confidence histogram.
#[derive(Debug, Clone, Serialize)]
pub struct HistBin {
    pub lower: f64,
    pub upper: f64,
    pub correct: usize,
    pub wrong: usize,
}

/// A misclassified sentence.
#[derive(Debug, Clone, Serialize)]
pub struct Example {
    pub text: String,
    pub gold: String,
    pub predicted: String,
    pub confidence: f64,
    /// Line in the input file, when known.
    pub line: Option<u64>,
}

/// The whole page.
pub fn render_html(data: &ReportData) -> String {
    // With no rows every figure is meaningless, whatever the caller filled in.
    let has_rows = data.rows > 0;
    let chart = |svg: String| if has_rows { svg } else { no_data() };

    let mut page = String::with_capacity(96 * 1024);
    page.push_str(&page_head(&data.title, REPORT_STYLE));
    page.push_str(&page_header(data));
    page.push_str("<main>\n");
    if let Some(c) = &data.comparison {
        page.push_str(&comparison_section(c));
    }
    page.push_str(&section(
        "headline",
        if data.comparison.is_some() {
            "Headline figures of [1]"
        } else {
            "Headline figures"
        },
        "Intervals are 95% bootstrap intervals. Log loss, Brier score and ECE: lower is better.",
        &headline_table(data),
    ));
    if !data.groups.is_empty() {
        page.push_str(&groups_section(&data.groups));
    }
    page.push_str(&section(
        "confusion",
        "Confusion matrix",
        "Rows are gold labels, columns are predicted labels. Each cell shows its count and its \
         share of the row; shading follows the share, so the diagonal is per-class recall.",
        &chart(confusion_svg(&data.labels, &data.confusion)),
    ));
    page.push_str(&section(
        "per-class",
        "Per-class scores",
        "n/a: precision is undefined when a label is never predicted, recall when it never \
         occurs in the gold data.",
        &format!(
            "{}{}",
            chart(per_class_svg(&data.per_class)),
            per_class_table(&data.per_class)
        ),
    ));
    page.push_str(&section(
        "calibration",
        "Calibration",
        "Each point is one bin of predictions grouped by their highest probability: how often \
         they were right against how confident they were. Points below the diagonal mean \
         over-confidence. The strip below the chart shows how many rows fall in each bin.",
        &format!(
            "{}{}",
            chart(calibration_svg(&data.reliability)),
            reliability_table(&data.reliability, has_rows)
        ),
    ));
    page.push_str(&section(
        "precision-recall",
        "Precision–recall curves",
        "One curve per label, that label against all others. AP: average precision.",
        &chart(curves_svg(&data.pr_curves, CurveKind::PrecisionRecall)),
    ));
    page.push_str(&section(
        "roc",
        "ROC curves",
        "One curve per label, that label against all others. The dashed diagonal is chance; \
         AUC: area under the curve.",
        &chart(curves_svg(&data.roc_curves, CurveKind::Roc)),
    ));
    page.push_str(&section(
        "confidence",
        "Confidence histogram",
        "Highest predicted probability of every row, split into correct and wrong predictions.",
        &chart(histogram_svg(&data.confidence_histogram)),
    ));
    page.push_str(&section(
        "misclassified",
        "Misclassified examples",
        "Most confident errors first.",
        &misclassified_table(&data.misclassified, has_rows),
    ));
    page.push_str(&section(
        "model-card",
        "Model card",
        "",
        &model_card_table(&data.model_card),
    ));
    page.push_str("</main>\n");
    page.push_str(&format!(
        "<footer>Generated by {}.</footer>\n</body>\n</html>\n",
        escape(&data.generated_by)
    ));
    page
}
