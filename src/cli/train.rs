//! `rhetoric train`: fit a model on a labeled CSV and save it.
//!
//! ```text
//! rhetoric train DATA.csv -o MODEL [options]
//!
//! Reads a CSV with a header (columns `text` and `label` by default; any
//! label strings), holds out a seeded stratified validation split and prints
//! its metrics, then fits the final model on all rows and saves it (written
//! atomically: an existing MODEL stays intact if anything fails).
//! Same data + same options + same seed → byte-identical model file.
//! ```

use super::{out, outln};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use rhetoric::features::CharNgrams;
use rhetoric::io::data::{merge_labeled, read_labeled};
use rhetoric::io::output::{check_writable, write_atomic};
use rhetoric::model::training::{train, Progress as TrainProgress, TrainOptions, Trained};
use rhetoric::{Result, Weighting};

/// Fit a model on a labeled CSV (text,label) and save it.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  rhetoric train data/train.csv -o models/mine.model\n  rhetoric train data/train.csv my_corrections.csv -o models/mine.model"
)]
pub struct Args {
    /// Labeled CSVs with a header row (`-` for stdin). Several are read as
    /// one: a row of a later file replaces an earlier row with the same text.
    #[arg(required = true, num_args = 1..)]
    pub data: Vec<PathBuf>,
    /// Where to write the model file.
    #[arg(short, long, value_name = "MODEL")]
    pub output: PathBuf,
    /// Name of the text column.
    #[arg(long, default_value = "text")]
    pub text_col: String,
    /// Name of the label column.
    #[arg(long, default_value = "label")]
    pub label_col: String,
    /// Share of rows held out for validation (0 to skip).
    #[arg(long, default_value_t = 0.2)]
    pub valid: f64,
    /// Stratified k-fold cross-validation instead of one held-out split:
    /// prints mean ± standard deviation of each metric over k folds, then
    /// fits the final model on all rows. Cannot be combined with --valid.
    #[arg(long, value_name = "K", conflicts_with = "valid")]
    pub folds: Option<usize>,
    /// Seed for the validation split.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// L2 regularisation strength.
    #[arg(long, default_value_t = 0.3, allow_negative_numbers = true)]
    pub alpha: f32,
    /// Maximum L-BFGS iterations of the final fit [default: 100, or 5
    /// after a warm start].
    #[arg(long)]
    pub max_iter: Option<u64>,
    /// Fit first on N evenly spaced rows and start the full fit from those
    /// weights (0 = off) [default: 10000 for more than 50,000 rows, else off].
    #[arg(long, value_name = "N")]
    pub warm_start: Option<usize>,
    /// L-BFGS iterations of the warm-start fit.
    #[arg(long, default_value_t = 30)]
    pub warm_iter: u64,
    /// Weight classes inversely to their frequency.
    #[arg(long)]
    pub balanced: bool,
    /// Longest word n-gram (1 = unigrams, 2 = unigrams + bigrams).
    #[arg(long, default_value_t = 2)]
    pub ngrams: usize,
    /// Minimum number of sentences an n-gram must occur in.
    #[arg(long, default_value_t = 2)]
    pub min_count: usize,
    /// Number of n-grams kept by chi² selection (the dense width)
    /// [default: 1024, or 512 for more than 50,000 rows].
    #[arg(long)]
    pub max_features: Option<usize>,
    /// Do not stem words (by default Snowball English stems are used).
    #[arg(long)]
    pub no_stem: bool,
    /// Add the sentence's sentiment (neg, neu, pos, compound) as features.
    #[arg(long)]
    pub sentiment_features: bool,
    /// Keep country, people and other proper names as words (by default
    /// they become placeholders: <country>, <demonym>, <capital>, <name>).
    #[arg(long)]
    pub keep_names: bool,
    /// Negate only after not/no/never-style cues (by default "rejected",
    /// "denied", "ruled out" and other lexical negators negate as well).
    #[arg(long)]
    pub plain_negation: bool,
    /// Add a feature `q:WORD` for each word inside quotation marks.
    #[arg(long)]
    pub quote_marks: bool,
    /// Add character n-grams of these lengths within words, e.g. 3-5.
    #[arg(long, value_name = "MIN-MAX", value_parser = parse_char_range)]
    pub char_ngrams: Option<(usize, usize)>,
    /// Number of character n-grams kept by chi² selection (with
    /// --char-ngrams; added to --max-features).
    #[arg(long, default_value_t = 2048)]
    pub char_features: usize,
    /// No progress display on stderr.
    #[arg(short, long)]
    pub quiet: bool,
    /// Feature weights: tfidf or binary.
    #[arg(long, default_value = "tfidf", value_parser = ["tfidf", "binary"])]
    pub weighting: String,
}

/// `MIN-MAX` (or one length `N`) for `--char-ngrams`.
fn parse_char_range(s: &str) -> std::result::Result<(usize, usize), String> {
    let (min, max) = s.split_once('-').unwrap_or((s, s));
    match (min.trim().parse(), max.trim().parse()) {
        (Ok(min), Ok(max)) if (1..=max).contains(&min) && max <= 8 => Ok((min, max)),
        _ => Err(format!(
            "expected MIN-MAX with 1 <= MIN <= MAX <= 8 (e.g. 3-5), got {s:?}"
        )),
    }
}

impl Args {
    /// The options as the library takes them.
    fn options(&self) -> TrainOptions {
        TrainOptions {
            valid: self.valid,
            folds: self.folds,
            seed: self.seed,
            alpha: self.alpha,
            max_iter: self.max_iter,
            warm_start: self.warm_start,
            warm_iter: self.warm_iter,
            balanced: self.balanced,
            ngrams: self.ngrams,
            min_count: self.min_count,
            max_features: self.max_features,
            stem: !self.no_stem,
            sentiment_features: self.sentiment_features,
            keep_names: self.keep_names,
            plain_negation: self.plain_negation,
            quote_marks: self.quote_marks,
            char_ngrams: self.char_ngrams.map(|(min, max)| CharNgrams {
                min,
                max,
                features: self.char_features,
            }),
            weighting: if self.weighting == "binary" {
                Weighting::Binary
            } else {
                Weighting::Tfidf
            },
        }
    }
}

pub fn run(args: Args) -> Result<()> {
    let started = Instant::now();
    args.options().params(0)?; // bad flags fail before the data is read
    check_writable(&args.output)?;
    let inputs: Vec<&std::path::Path> = args.data.iter().map(PathBuf::as_path).collect();
    rhetoric::io::output::refuse_overwriting(&args.output, &inputs)?;
    let names = args
        .data
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let progress = Progress::new(args.quiet);
    progress.final_fit.set_message(format!("reading {names}"));
    let files = args
        .data
        .iter()
        .map(|p| read_labeled(p, &args.text_col, &args.label_col))
        .collect::<Result<Vec<_>>>()?;
    let (data, replaced) = merge_labeled(files);
    let opts = args.options();
    opts.params(data.rows.len())?;
    for w in &data.warnings {
        eprintln!("rhetoric: warning: {w}");
    }
    progress.multi.suspend(|| -> Result<()> {
        outln!("read {} rows from {names}", data.rows.len());
        if args.data.len() > 1 {
            outln!("  {replaced} rows of later files replaced the label of an earlier row with the same text");
        }
        for (label, n) in data.label_counts() {
            outln!(
                "  {label:<16} {n:>7}  ({:.1}%)",
                100.0 * n as f64 / data.rows.len() as f64
            );
        }
        Ok(())
    })?;
    let checks = progress.checks(match args.folds {
        Some(k) => format!("{k}-fold cross-validation"),
        None => String::new(),
    });
    let trained = train(
        &data,
        &names,
        (&args.text_col, &args.label_col),
        &opts,
        &|step| match step {
            TrainProgress::Validation(stage) => {
                checks.set_message(format!("validation fit: {stage}"))
            }
            TrainProgress::Scoring => checks.set_message("validation: scoring held-out rows"),
            TrainProgress::Final(stage) => progress
                .final_fit
                .set_message(format!("final fit: {stage}")),
        },
    );
    checks.finish_and_clear();
    progress.clear();
    let Trained { file, report } = trained?;
    out!("{report}");
    let features = file.model.featurizer().dim();
    write_atomic(&args.output, &file.to_bytes())?;
    outln!(
        "final model: {} rows, {features} features kept; saved to {} ({:.2} s)",
        data.rows.len(),
        args.output.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Spinners on stderr, one per fit running, with what it is doing and for
/// how long; hidden with `--quiet` or when stderr is not a terminal. (linfa
/// reports no progress within an L-BFGS fit, so the bars show stages.)
struct Progress {
    multi: MultiProgress,
    final_fit: ProgressBar,
}

impl Progress {
    fn new(quiet: bool) -> Self {
        let target = if quiet || !std::io::stderr().is_terminal() {
            ProgressDrawTarget::hidden()
        } else {
            ProgressDrawTarget::stderr()
        };
        let multi = MultiProgress::with_draw_target(target);
        let final_fit = Self::spinner(&multi);
        Progress { multi, final_fit }
    }

    fn spinner(multi: &MultiProgress) -> ProgressBar {
        let bar = multi.add(ProgressBar::new_spinner());
        bar.set_style(
            ProgressStyle::with_template("{spinner} [{elapsed_precise}] {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        if !multi.is_hidden() {
            bar.enable_steady_tick(Duration::from_millis(200));
        }
        bar
    }

    /// A second spinner, for the validation fit or the folds.
    fn checks(&self, message: String) -> ProgressBar {
        let bar = Self::spinner(&self.multi);
        bar.set_message(message);
        bar
    }

    fn clear(&self) {
        self.final_fit.finish_and_clear();
        let _ = self.multi.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;
    use rhetoric::model::training::LARGE_DATA_ROWS;

    fn args(flags: &[&str]) -> Args {
        let argv = ["rhetoric", "train", "d.csv", "-o", "m.model"];
        let cli = crate::cli::Cli::try_parse_from(argv.iter().chain(flags)).unwrap();
        match cli.command {
            crate::cli::Command::Train(a) => a,
            _ => unreachable!(),
        }
    }

    #[test]
    fn defaults_follow_the_data_size_and_flags_win() {
        let small = args(&[]).options().params(LARGE_DATA_ROWS).unwrap();
        assert_eq!(small.featurizer.max_features, 1024);
        assert_eq!((small.warm_start_rows, small.max_iterations), (0, 100));
        let large = args(&[]).options().params(LARGE_DATA_ROWS + 1).unwrap();
        assert_eq!(large.featurizer.max_features, 512);
        assert_eq!(
            (large.warm_start_rows, large.warm_start_iterations),
            (10_000, 30)
        );
        assert_eq!(large.max_iterations, 5);
        // The default model's recipe is the same at any size.
        let recipe = ["--max-features", "4096", "--max-iter", "50"];
        let p = args(&recipe).options().params(2983).unwrap();
        assert_eq!(p.featurizer.max_features, 4096);
        assert_eq!((p.warm_start_rows, p.max_iterations), (0, 50));
        let p = args(&recipe).options().params(1_000_000).unwrap();
        assert_eq!((p.featurizer.max_features, p.max_iterations), (4096, 50));
        // No warm start asked for, or a subsample as large as the data.
        let p = args(&["--warm-start", "0"])
            .options()
            .params(100_000)
            .unwrap();
        assert_eq!((p.warm_start_rows, p.max_iterations), (0, 100));
        let p = args(&["--warm-start", "5000"])
            .options()
            .params(5000)
            .unwrap();
        assert_eq!(p.max_iterations, 100);
        assert!(args(&["--warm-iter", "0"]).options().params(10).is_err());
    }
}
