// STUB until the real module lands.
use serde::Serialize;
#[derive(Debug, Clone, Serialize)]
pub struct ReportData {
    pub title: String,
    pub generated_by: String,
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
    pub confusion: Vec<Vec<usize>>,
    pub per_class: Vec<ClassRow>,
    pub reliability: Vec<Bin>,
    pub pr_curves: Vec<Curve>,
    pub roc_curves: Vec<Curve>,
    pub confidence_histogram: Vec<HistBin>,
    pub misclassified: Vec<Example>,
}
#[derive(Debug, Clone, Serialize)]
pub struct ClassRow {
    pub label: String,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: f64,
    pub support: usize,
    pub roc_auc: Option<f64>,
    pub average_precision: Option<f64>,
}
#[derive(Debug, Clone, Serialize)]
pub struct Bin {
    pub lower: f64,
    pub upper: f64,
    pub count: usize,
    pub mean_confidence: Option<f64>,
    pub accuracy: Option<f64>,
}
#[derive(Debug, Clone, Serialize)]
pub struct Curve {
    pub label: String,
    pub points: Vec<(f64, f64)>,
    pub area: Option<f64>,
}
#[derive(Debug, Clone, Serialize)]
pub struct HistBin {
    pub lower: f64,
    pub upper: f64,
    pub correct: usize,
    pub wrong: usize,
}
#[derive(Debug, Clone, Serialize)]
pub struct Example {
    pub text: String,
    pub gold: String,
    pub predicted: String,
    pub confidence: f64,
    pub line: Option<u64>,
}
pub fn render_html(data: &ReportData) -> String {
    format!("<html>{}</html>", data.title)
}
