//! `rhetoric eval`: score a model on a labeled CSV.
//!
//! ```text
//! rhetoric eval [-m MODEL] DATA.csv [--json]
//!
//! Every row is one unit (never split into sentences). Prints accuracy,
//! per-class precision / recall / F1 / support, macro- and weighted-F1 and
//! the confusion matrix (rows = gold, columns = predicted). `--json` prints
//! the same figures with the keys accuracy, macro_f1, weighted_f1,
//! per_class, labels, confusion_matrix, rows.
//! ```

use std::path::PathBuf;

use rhetoric::data::read_labeled;
use rhetoric::predict::evaluate;
use rhetoric::Result;

/// Score a model on a labeled CSV (text,label).
#[derive(Debug, clap::Args)]
#[command(after_help = "Example: rhetoric eval -m models/mine.model data/test.csv --json")]
pub struct Args {
    /// Labeled CSV with a header row (`-` for stdin).
    pub data: PathBuf,
    /// Model file (default: the built-in default model).
    #[arg(short, long, value_name = "MODEL")]
    pub model: Option<PathBuf>,
    /// Name of the text column.
    #[arg(long, default_value = "text")]
    pub text_col: String,
    /// Name of the label column.
    #[arg(long, default_value = "label")]
    pub label_col: String,
    /// Print the metrics as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> Result<()> {
    let file = super::load_model(args.model.as_deref())?;
    let data = read_labeled(&args.data, &args.text_col, &args.label_col)?;
    let model = &file.model;
    let unseen: Vec<String> = data
        .label_counts()
        .into_keys()
        .filter(|l| !model.labels().contains(l))
        .collect();
    if !unseen.is_empty() {
        eprintln!(
            "rhetoric: warning: {}: labels the model never saw: {} (the model cannot predict them; they count as errors)",
            args.data.display(),
            unseen.join(", ")
        );
    }
    let metrics = evaluate(
        model,
        data.rows
            .iter()
            .map(|r| (r.text.as_str(), r.label.as_str())),
    );
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&metrics.to_json()).expect("json")
        );
    } else {
        print!("{}", metrics.to_text());
    }
    Ok(())
}
