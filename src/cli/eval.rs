//! `rhetoric eval`: score one or more models on a labeled CSV.
//!
//! ```text
//! rhetoric eval [-m MODEL]... DATA.csv [--by COLUMN]... [--json] [--errors N]
//!
//! Every row is one unit (never split into sentences). For each model:
//! accuracy and macro-F1 with 95% bootstrap intervals, weighted-F1,
//! per-class precision / recall / F1 / support / ROC-AUC / average
//! precision (one-vs-rest), log loss, Brier score, expected calibration
//! error with its reliability table, the confusion matrix (rows = gold,
//! columns = predicted), and the N most confident mistakes.
//! With two or more -m, the models are shown side by side and the first is
//! compared with each other one on the same rows: McNemar's exact test on
//! right/wrong rows and a paired bootstrap of the macro-F1 difference.
//! --by COLUMN (repeatable) adds a table per column of the CSV: each
//! group's rows, accuracy and macro-F1 with its 95% interval, per model.
//! --json prints the same figures (keys accuracy, macro_f1, per_class,
//! confusion_matrix, log_loss, brier, ece, reliability, misclassified, …;
//! with several models: {"models": [...], "comparisons": [...]}; with
//! --by: "groups").
//! ```

use super::{out, outln};
use std::fmt::Write as _;
use std::path::PathBuf;

use rhetoric::eval::evaluation::{compare, Evaluation};
use rhetoric::eval::groups::break_down;
use rhetoric::eval::metrics::Bootstrap;
use rhetoric::eval::probability::PairedComparison;
use rhetoric::io::data::read_labeled_by;
use rhetoric::Result;
use serde_json::json;

/// Score models on a labeled CSV (text,label).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  rhetoric eval -m models/mine.model data/test.csv --json\n  rhetoric eval -m a.model -m b.model data/test.csv"
)]
pub struct Args {
    /// Labeled CSV with a header row (`-` for stdin).
    pub data: PathBuf,
    /// Model file, or `default` for the built-in model; repeat to compare models (default: the built-in model).
    #[arg(short, long, value_name = "MODEL")]
    pub model: Vec<PathBuf>,
    /// Name of the text column.
    #[arg(long, default_value = "text")]
    pub text_col: String,
    /// Name of the label column.
    #[arg(long, default_value = "label")]
    pub label_col: String,
    /// Print the metrics as JSON.
    #[arg(long)]
    pub json: bool,
    /// Most confident mistakes to list.
    #[arg(long, default_value_t = 10)]
    pub errors: usize,
    /// Also score each group of rows sharing a value of this column (e.g. region); repeatable.
    #[arg(long, value_name = "COLUMN")]
    pub by: Vec<String>,
    /// Seed of the paired bootstrap.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
}

pub fn run(args: Args) -> Result<()> {
    let models = super::load_models(&args.model)?;
    let data = read_labeled_by(&args.data, &args.text_col, &args.label_col, &args.by)?;
    let evals = super::evaluate_models(&models, &data);
    let groups = break_down(&data, &evals);
    let comparisons: Vec<PairedComparison> = evals[1..]
        .iter()
        .map(|b| compare(&evals[0], b, args.seed))
        .collect();
    if args.json {
        let mut v = if evals.len() == 1 {
            evals[0].to_json(args.errors)
        } else {
            json!({
                "models": evals.iter().map(|e| e.to_json(args.errors)).collect::<Vec<_>>(),
                "comparisons": evals[1..].iter().zip(&comparisons).map(|(b, c)| {
                    json!({"a": evals[0].model_name, "b": b.model_name, "test": c})
                }).collect::<Vec<_>>(),
            })
        };
        if !groups.is_empty() {
            v["groups"] = json!(groups);
        }
        outln!("{}", serde_json::to_string_pretty(&v).expect("json"));
        return Ok(());
    }
    if evals.len() == 1 {
        out!("{}", single_text(&evals[0], args.errors));
    } else {
        out!("{}", side_by_side(&evals, &comparisons));
    }
    for g in &groups {
        out!("\nby {}\n{}", g.column, g.to_text());
    }
    Ok(())
}

fn fmt(v: Option<f64>) -> String {
    v.map_or("n/a".to_string(), |v| format!("{v:.3}"))
}

fn single_text(e: &Evaluation, errors: usize) -> String {
    let mut s = format!("model        {}\n", e.model_name);
    s.push_str(&e.metrics.to_text());
    let Some(p) = &e.probability else {
        return s;
    };
    let _ = writeln!(
        s,
        "\nprobabilities ({} rows{})",
        e.metrics.total() - e.unknown_gold,
        if e.unknown_gold > 0 {
            format!(", {} with unknown labels left out", e.unknown_gold)
        } else {
            String::new()
        }
    );
    let _ = writeln!(s, "log loss     {:.3}", p.log_loss);
    let _ = writeln!(s, "Brier        {:.3}", p.brier);
    let _ = writeln!(
        s,
        "ECE          {:.3}  ({} bins of max probability)",
        p.ece,
        p.reliability.len()
    );
    let width = p
        .per_class
        .iter()
        .map(|c| c.label.len())
        .max()
        .unwrap_or(5)
        .max(12);
    let _ = writeln!(
        s,
        "\n{:<width$}  ROC-AUC  avg-precision (one-vs-rest)",
        "label"
    );
    for c in &p.per_class {
        let _ = writeln!(
            s,
            "{:<width$}  {:>7}  {:>13}",
            c.label,
            fmt(c.roc_auc),
            fmt(c.average_precision)
        );
    }
    let _ = writeln!(
        s,
        "\nreliability  confidence      rows  mean conf  accuracy"
    );
    for b in &p.reliability {
        let _ = writeln!(
            s,
            "             {:.1}-{:.1}  {:>9}  {:>9}  {:>8}",
            b.lower,
            b.upper,
            b.count,
            fmt(b.mean_confidence),
            fmt(b.accuracy)
        );
    }
    if let Some(t) = &e.sentiment {
        let _ = writeln!(
            s,
            "\nsentiment (gold tones from the `sentiment` column):\n{}",
            t.to_text()
        );
    }
    if errors > 0 && !e.misclassified.is_empty() {
        let _ = writeln!(
            s,
            "\nmost confident mistakes (of {}):",
            e.misclassified.len()
        );
        let _ = writeln!(s, "  conf  line  gold -> predicted: text");
        for m in e.misclassified.iter().take(errors) {
            let _ = writeln!(
                s,
                "  {:.3} {:>5}  {} -> {}: {}",
                m.confidence, m.line, m.gold, m.predicted, m.text
            );
        }
    }
    s
}

/// Renders one model's cell in the side-by-side table.
type Cell<'a> = dyn Fn(&Evaluation, &Bootstrap) -> String + 'a;

fn side_by_side(evals: &[Evaluation], comparisons: &[PairedComparison]) -> String {
    let mut s = String::new();
    for (i, e) in evals.iter().enumerate() {
        let _ = writeln!(s, "[{}] {}", i + 1, e.model_name);
    }
    let _ = write!(s, "\n{:<14}", "");
    for i in 0..evals.len() {
        let _ = write!(s, "  {:>22}", format!("[{}]", i + 1));
    }
    s.push('\n');
    let rows: [(&str, &Cell<'_>); 6] = [
        ("accuracy", &|e, b| {
            format!(
                "{:.3} ({:.3}-{:.3})",
                e.metrics.accuracy(),
                b.accuracy.low,
                b.accuracy.high
            )
        }),
        ("macro-F1", &|e, b| {
            format!(
                "{:.3} ({:.3}-{:.3})",
                e.metrics.macro_f1(),
                b.macro_f1.low,
                b.macro_f1.high
            )
        }),
        ("weighted-F1", &|e, _| {
            format!("{:.3}", e.metrics.weighted_f1())
        }),
        ("log loss", &|e, _| {
            fmt(e.probability.as_ref().map(|p| p.log_loss))
        }),
        ("Brier", &|e, _| {
            fmt(e.probability.as_ref().map(|p| p.brier))
        }),
        ("ECE", &|e, _| fmt(e.probability.as_ref().map(|p| p.ece))),
    ];
    let intervals: Vec<Bootstrap> = evals.iter().map(|e| e.metrics.report_bootstrap()).collect();
    for (name, get) in rows {
        let _ = write!(s, "{name:<14}");
        for (e, b) in evals.iter().zip(&intervals) {
            let _ = write!(s, "  {:>22}", get(e, b));
        }
        s.push('\n');
    }
    for (i, c) in comparisons.iter().enumerate() {
        let _ = writeln!(
            s,
            "\n[1] vs [{}] on the same {} rows:\n  right only in [1]: {}, right only in [{}]: {}; McNemar exact p = {:.4}\n  macro-F1 difference [1] − [{}] = {:+.3} (95% paired-bootstrap CI {:+.3} to {:+.3}; {} resamples, seed {})\n  verdict: {}",
            i + 2,
            evals[0].metrics.total(),
            c.a_only,
            i + 2,
            c.b_only,
            c.mcnemar_p,
            i + 2,
            c.macro_f1_diff,
            c.diff_low,
            c.diff_high,
            c.resamples,
            c.seed,
            if c.is_significant() {
                "the difference is real (p < 0.05 and the interval excludes 0)"
            } else {
                "no significant difference (p ≥ 0.05 or the interval includes 0)"
            }
        );
    }
    s
}
