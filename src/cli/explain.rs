//! `rhetoric explain`: why each sentence got its label.
//!
//! ```text
//! rhetoric explain [-m MODEL] "SENTENCE..." | --file FILE | -
//!
//! Splits the text into sentences and prints, for each, its label, all
//! probabilities, and the features present with their contributions to
//! the predicted label (value × centred weight, largest first). Features
//! are shown as the model sees them: stemmed, n-grams joined by spaces,
//! and NOT_ in front of words inside a negation scope.
//! ```

use super::outln;
use std::path::PathBuf;

use rhetoric::eval::explain::explain;
use rhetoric::text::SentenceSplitter;
use rhetoric::{Error, Result};

/// Explain the label of each sentence of a text.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The text to explain (`-` reads stdin).
    #[arg(required_unless_present = "file")]
    pub text: Option<String>,
    /// Read the text from a file instead.
    #[arg(long, conflicts_with = "text")]
    pub file: Option<PathBuf>,
    /// Model file, or `default` for the built-in model (the default).
    #[arg(short, long, value_name = "MODEL")]
    pub model: Option<PathBuf>,
    /// Contributions to show per sentence.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    /// Print as JSON lines, one per sentence.
    #[arg(long)]
    pub json: bool,
}

/// The longest text explained: explain prints every feature of every
/// sentence, for one article or a few; longer texts are for `predict`.
const MAX_TEXT_BYTES: u64 = 1 << 20;

pub fn run(args: Args) -> Result<()> {
    let file = super::load_model(args.model.as_deref())?;
    let text = match (&args.text, &args.file) {
        (_, Some(path)) => {
            let bytes = rhetoric::io::data::read_bytes_up_to(path, MAX_TEXT_BYTES)?;
            String::from_utf8(bytes)
                .map_err(|_| Error::file(path, "not valid UTF-8 (save the file as UTF-8)"))?
        }
        (Some(t), None) if t == "-" => {
            let bytes =
                rhetoric::io::data::read_bytes_up_to(std::path::Path::new("-"), MAX_TEXT_BYTES)?;
            String::from_utf8(bytes).map_err(|_| Error::file("-", "not valid UTF-8"))?
        }
        (Some(t), None) => t.clone(),
        (None, None) => unreachable!("clap requires text or --file"),
    };
    let sentences = SentenceSplitter::new().split(&text);
    if sentences.is_empty() {
        return Err(Error::Usage("no text to explain".into()));
    }
    for s in sentences {
        let mut e = explain(&file.model, &s.text);
        e.contributions.truncate(args.top);
        if args.json {
            outln!("{}", serde_json::to_string(&e).expect("json"));
            continue;
        }
        let probs: Vec<String> = e
            .probabilities
            .iter()
            .map(|(l, p)| format!("{l} {p:.3}"))
            .collect();
        outln!("{}\n  label: {}   ({})", e.text, e.label, probs.join(", "));
        outln!(
            "  {:>8}  {:>6}  {:>7}  feature",
            "contrib",
            "value",
            "weight"
        );
        for c in &e.contributions {
            outln!(
                "  {:>+8.3}  {:>6.3}  {:>+7.3}  {}",
                c.contribution,
                c.value,
                c.weight,
                c.feature
            );
        }
        outln!("  {:>+8.3}  (bias of {})\n", e.bias, e.label);
    }
    Ok(())
}
