//! `rhetoric inspect`: the model card and the features that drive each label.
//!
//! ```text
//! rhetoric inspect [-m MODEL] [--top N] [--json]
//!
//! Prints the format and tool version, labels, training data (file, rows,
//! SHA-256, label counts), all training options, the features kept, the
//! validation metrics stored at training time, and the N features with the
//! largest weight towards each label (weights centred over labels, so they
//! show what separates a label from the others).
//! ```

use super::outln;
use std::path::PathBuf;

use rhetoric::eval::explain::top_features;
use rhetoric::Result;
use serde_json::json;

/// Show a model's card and its strongest features per label.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Model file, or `default` for the built-in model (the default).
    #[arg(short, long, value_name = "MODEL")]
    pub model: Option<PathBuf>,
    /// Features to list per label.
    #[arg(long, default_value_t = 15)]
    pub top: usize,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> Result<()> {
    let file = super::load_model(args.model.as_deref())?;
    let model = &file.model;
    let name = args
        .model
        .as_ref()
        .map_or("(built-in default model)".to_string(), |p| {
            p.display().to_string()
        });
    let top = top_features(model, args.top);
    let f = model.featurizer();
    if args.json {
        let v = json!({
            "model": name,
            "format_version": file.format_version,
            "tool_version": file.tool_version,
            "labels": model.labels(),
            "features": f.dim(),
            "featurizer": f.params(),
            "training": file.training,
            "top_features": top.iter().map(|(l, c)| json!({"label": l, "features": c})).collect::<Vec<_>>(),
        });
        outln!("{}", serde_json::to_string_pretty(&v).expect("json"));
        return Ok(());
    }
    outln!("model          {name}");
    outln!(
        "format         {} v{} (written by rhetoric {})",
        rhetoric::model::FORMAT_NAME,
        file.format_version,
        file.tool_version
    );
    outln!("labels         {}", model.labels().join(", "));
    let p = f.params();
    outln!(
        "features       {} kept (n-grams up to {}, min count {}, {:?} weights, stemming {})",
        f.dim(),
        p.ngram_max,
        p.min_count,
        p.weighting,
        if p.stem { "on" } else { "off" }
    );
    match &file.training {
        None => outln!("training       (not recorded)"),
        Some(t) => {
            outln!(
                "training data  {} ({} rows, SHA-256 {})",
                t.data_file,
                t.rows,
                t.data_sha256
            );
            let counts: Vec<String> = t
                .label_counts
                .iter()
                .map(|(l, n)| format!("{l} {n}"))
                .collect();
            outln!("label counts   {}", counts.join(", "));
            let warm = if t.params.warm_start_rows > 0 {
                format!(
                    ", warm start {} rows × {} iterations",
                    t.params.warm_start_rows, t.params.warm_start_iterations
                )
            } else {
                String::new()
            };
            outln!(
                "options        alpha {}, max iterations {}{warm}, balanced {}, columns {}/{}, seed {}",
                t.params.alpha,
                t.params.max_iterations,
                t.params.balanced,
                t.text_column,
                t.label_column,
                t.seed
            );
            match &t.validation {
                Some(v) => outln!(
                    "validation     {:.0}% held out: accuracy {:.3}, macro-F1 {:.3} (95% CI {:.3}-{:.3}), {} rows",
                    t.valid_fraction * 100.0,
                    v["accuracy"].as_f64().unwrap_or(f64::NAN),
                    v["macro_f1"].as_f64().unwrap_or(f64::NAN),
                    v["bootstrap"]["macro_f1"]["low"].as_f64().unwrap_or(f64::NAN),
                    v["bootstrap"]["macro_f1"]["high"].as_f64().unwrap_or(f64::NAN),
                    v["rows"]
                ),
                None if t.cross_validation.is_none() => outln!("validation     (none: trained with --valid 0)"),
                None => {}
            }
            if let Some(cv) = &t.cross_validation {
                let f = |k: &str| {
                    format!(
                        "{:.3} ± {:.3}",
                        cv[k]["mean"].as_f64().unwrap_or(f64::NAN),
                        cv[k]["sd"].as_f64().unwrap_or(f64::NAN)
                    )
                };
                outln!(
                    "cross-valid.   {} folds: accuracy {}, macro-F1 {}",
                    cv["folds"],
                    f("accuracy"),
                    f("macro_f1")
                );
            }
        }
    }
    for (label, feats) in top {
        outln!("\ntop features for {label} (centred weight):");
        for c in feats {
            outln!("  {:>7.3}  {}", c.weight, c.feature);
        }
    }
    Ok(())
}
