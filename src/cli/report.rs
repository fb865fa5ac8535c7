//! `rhetoric report`: one self-contained HTML page about a model on a labeled CSV.
//!
//! ```text
//! rhetoric report [-m MODEL [-m MODEL2]] DATA.csv [--by COLUMN]... -o report.html [--json]
//!
//! The page holds the headline figures with 95% bootstrap intervals, a
//! confusion-matrix heatmap, per-class precision / recall / F1 bars, the
//! calibration curve and reliability table, precision–recall and ROC
//! curves, a confidence histogram, the most confident mistakes and the model
//! card, as inline SVG (no network, no scripts). Every figure comes from
//! the same computation as `eval --json`. --json writes those numbers
//! instead of the page.
//!
//! With two -m, a "Side by side" section shows both models' accuracy,
//! macro-F1 and per-class precision / recall / F1, both confusion
//! matrices, the paired test `eval -m A -m B` prints (McNemar's exact p,
//! the macro-F1 difference [1] − [2] with its paired-bootstrap interval),
//! and sentences where only one model is right. The other sections are
//! about the first model. --by COLUMN (repeatable) adds a table per column
//! of the CSV (e.g. region): each group's rows, accuracy and macro-F1 with
//! its 95% interval, per model.
//! ```

use std::io::Write;
use std::path::PathBuf;

use rhetoric::eval::evaluation::Evaluation;
use rhetoric::eval::groups::break_down;
use rhetoric::io::data::read_labeled_by;
use rhetoric::io::output::Output;
use rhetoric::model::ModelFile;
use rhetoric::pages::report::{
    render_html, Bin, ClassRow, Comparison, Curve, Example, HistBin, ReportData,
};
use rhetoric::{Error, Result};

/// Write an HTML report (or its numbers as JSON) for a model on labeled data.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  rhetoric report -m models/mine.model data/test.csv -o report.html\n  rhetoric report -m new.model -m default data/test.csv --by region -o compare.html"
)]
pub struct Args {
    /// Labeled CSV with a header row.
    pub data: PathBuf,
    /// Model file, or `default` for the built-in model (the default); give two to compare them side by side.
    #[arg(short, long, value_name = "MODEL")]
    pub model: Vec<PathBuf>,
    /// Output file (default: stdout). Written atomically.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Name of the text column.
    #[arg(long, default_value = "text")]
    pub text_col: String,
    /// Name of the label column.
    #[arg(long, default_value = "label")]
    pub label_col: String,
    /// Write the report's numbers as JSON instead of HTML.
    #[arg(long)]
    pub json: bool,
    /// Mistakes to list.
    #[arg(long, default_value_t = 25)]
    pub errors: usize,
    /// Also score each group of rows sharing a value of this column (e.g. region); repeatable.
    #[arg(long, value_name = "COLUMN")]
    pub by: Vec<String>,
    /// With two models: sentences to show each way where only one is right.
    #[arg(long, default_value_t = 8, value_name = "N")]
    pub disagreements: usize,
    /// Seed of the paired bootstrap.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
}

pub fn run(args: Args) -> Result<()> {
    if args.model.len() > 2 {
        return Err(Error::Usage(format!(
            "report compares at most two models (-m given {} times); use `eval` for more",
            args.model.len()
        )));
    }
    let models = super::load_models(&args.model)?;
    if let Some(out) = &args.output {
        rhetoric::io::output::check_writable(out)?;
        let mut inputs = vec![args.data.as_path()];
        inputs.extend(args.model.iter().map(PathBuf::as_path));
        rhetoric::io::output::refuse_overwriting(out, &inputs)?;
    }
    let data = read_labeled_by(&args.data, &args.text_col, &args.label_col, &args.by)?;
    let evals = super::evaluate_models(&models, &data);
    let mut report = build(&args, &models[0].1, &evals[0]);
    if let [a, b] = evals.as_slice() {
        report.title = format!(
            "rhetoric model report: [1] {} vs [2] {} on {}",
            a.model_name,
            b.model_name,
            args.data.display()
        );
        report.comparison = Some(Comparison::new(&data, a, b, args.seed, args.disagreements));
    }
    report.groups = break_down(&data, &evals);
    let bytes = if args.json {
        let mut v = serde_json::to_vec_pretty(&report).expect("json");
        v.push(b'\n');
        v
    } else {
        render_html(&report).into_bytes()
    };
    let mut out = Output::create(args.output.as_deref())?;
    out.write_all(&bytes).map_err(|e| out.error(e))?;
    out.finish()
}

fn build(args: &Args, file: &ModelFile, e: &Evaluation) -> ReportData {
    let m = &e.metrics;
    let b = m.report_bootstrap();
    let p = e.probability.as_ref();
    let curves = |roc: bool| -> Vec<Curve> {
        p.map(|p| {
            p.per_class
                .iter()
                .map(|c| Curve {
                    label: c.label.clone(),
                    points: (if roc { &c.roc } else { &c.pr })
                        .iter()
                        .map(|pt| (pt.x, pt.y))
                        .collect(),
                    area: if roc { c.roc_auc } else { c.average_precision },
                })
                .collect()
        })
        .unwrap_or_default()
    };
    ReportData {
        title: format!(
            "rhetoric model report: {} on {}",
            e.model_name,
            args.data.display()
        ),
        generated_by: format!("rhetoric {}", env!("CARGO_PKG_VERSION")),
        model_card: model_card(file, &e.model_name),
        labels: m.labels().to_vec(),
        rows: m.total(),
        accuracy: m.accuracy(),
        accuracy_ci: (b.accuracy.low, b.accuracy.high),
        macro_f1: m.macro_f1(),
        macro_f1_ci: (b.macro_f1.low, b.macro_f1.high),
        weighted_f1: m.weighted_f1(),
        log_loss: p.map_or(f64::NAN, |p| p.log_loss),
        brier: p.map_or(f64::NAN, |p| p.brier),
        ece: p.map_or(f64::NAN, |p| p.ece),
        confusion: m.confusion_matrix().to_vec(),
        per_class: ClassRow::of(e),
        reliability: p
            .map(|p| {
                p.reliability
                    .iter()
                    .map(|r| Bin {
                        lower: r.lower,
                        upper: r.upper,
                        count: r.count,
                        mean_confidence: r.mean_confidence,
                        accuracy: r.accuracy,
                    })
                    .collect()
            })
            .unwrap_or_default(),
        pr_curves: curves(false),
        roc_curves: curves(true),
        confidence_histogram: e
            .confidence_histogram()
            .into_iter()
            .map(|(lower, upper, correct, wrong)| HistBin {
                lower,
                upper,
                correct,
                wrong,
            })
            .collect(),
        misclassified: e
            .misclassified
            .iter()
            .take(args.errors)
            .map(|x| Example {
                text: x.text.clone(),
                gold: x.gold.clone(),
                predicted: x.predicted.clone(),
                confidence: f64::from(x.confidence),
                line: Some(x.line),
            })
            .collect(),
        comparison: None,
        groups: Vec::new(),
    }
}

fn model_card(file: &ModelFile, name: &str) -> Vec<(String, String)> {
    let f = file.model.featurizer();
    let p = f.params();
    let mut card = vec![
        ("model".to_string(), name.to_string()),
        (
            "format".into(),
            format!(
                "{} v{}, written by rhetoric {}",
                rhetoric::model::FORMAT_NAME,
                file.format_version,
                file.tool_version
            ),
        ),
        ("labels".into(), file.model.labels().join(", ")),
        (
            "features".into(),
            format!(
                "{} kept; n-grams up to {}, min count {}, {:?} weights, stemming {}",
                f.dim(),
                p.ngram_max,
                p.min_count,
                p.weighting,
                if p.stem { "on" } else { "off" }
            ),
        ),
    ];
    if let Some(t) = &file.training {
        card.push((
            "training data".into(),
            format!("{} ({} rows)", t.data_file, t.rows),
        ));
        card.push(("data SHA-256".into(), t.data_sha256.clone()));
        let counts: Vec<String> = t
            .label_counts
            .iter()
            .map(|(l, n)| format!("{l} {n}"))
            .collect();
        card.push(("label counts".into(), counts.join(", ")));
        card.push((
            "options".into(),
            format!(
                "alpha {}, max iterations {}{}, balanced {}, seed {}",
                t.params.alpha,
                t.params.max_iterations,
                if t.params.warm_start_rows > 0 {
                    format!(
                        ", warm start {} rows × {} iterations",
                        t.params.warm_start_rows, t.params.warm_start_iterations
                    )
                } else {
                    String::new()
                },
                t.params.balanced,
                t.seed
            ),
        ));
        if let Some(v) = &t.validation {
            card.push((
                "stored validation".into(),
                format!(
                    "{:.0}% held out: accuracy {:.3}, macro-F1 {:.3}",
                    t.valid_fraction * 100.0,
                    v["accuracy"].as_f64().unwrap_or(f64::NAN),
                    v["macro_f1"].as_f64().unwrap_or(f64::NAN)
                ),
            ));
        }
        if let Some(cv) = &t.cross_validation {
            card.push((
                "stored cross-validation".into(),
                format!(
                    "{} folds: macro-F1 {:.3} ± {:.3}",
                    cv["folds"],
                    cv["macro_f1"]["mean"].as_f64().unwrap_or(f64::NAN),
                    cv["macro_f1"]["sd"].as_f64().unwrap_or(f64::NAN)
                ),
            ));
        }
    }
    card
}
