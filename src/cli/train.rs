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
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use rhetoric::data::{merge_labeled, read_labeled};
use rhetoric::features::FeatureError;
use rhetoric::model::{ModelError, TrainingInfo};
use rhetoric::output::{check_writable, write_atomic};
use rhetoric::split::stratified_split;
use rhetoric::{Error, FeaturizerParams, ModelFile, ModelParams, Result, Weighting};

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
    /// No progress display on stderr.
    #[arg(short, long)]
    pub quiet: bool,
    /// Feature weights: tfidf or binary.
    #[arg(long, default_value = "tfidf", value_parser = ["tfidf", "binary"])]
    pub weighting: String,
}

/// Above this many rows, `train`'s defaults switch to the large-data
/// schedule: a narrower dense matrix and a warm-started, shorter final fit.
pub const LARGE_DATA_ROWS: usize = 50_000;

impl Args {
    /// Settings for a data file of `rows` rows: explicit flags win, the
    /// defaults depend on the size (see [`LARGE_DATA_ROWS`]).
    fn params(&self, rows: usize) -> Result<ModelParams> {
        if self.folds.is_some_and(|k| k < 2) {
            return Err(Error::Usage("--folds must be at least 2".into()));
        }
        if !self.alpha.is_finite() || self.alpha < 0.0 {
            return Err(Error::Usage(format!(
                "--alpha must be a finite number >= 0, got {}",
                self.alpha
            )));
        }
        if self.warm_iter == 0 || self.max_iter == Some(0) {
            let flag = if self.warm_iter == 0 {
                "--warm-iter"
            } else {
                "--max-iter"
            };
            return Err(Error::Usage(format!("{flag} must be at least 1, got 0")));
        }
        if !(0.0..1.0).contains(&self.valid) {
            return Err(Error::Usage(format!(
                "--valid must be in [0, 1), got {}",
                self.valid
            )));
        }
        let weighting = if self.weighting == "binary" {
            Weighting::Binary
        } else {
            Weighting::Tfidf
        };
        let large = rows > LARGE_DATA_ROWS;
        let warm_start_rows = self.warm_start.unwrap_or(if large { 10_000 } else { 0 });
        let warm = warm_start_rows > 0 && rows > warm_start_rows;
        let params = ModelParams {
            alpha: self.alpha,
            max_iterations: self.max_iter.unwrap_or(if warm { 5 } else { 100 }),
            balanced: self.balanced,
            warm_start_rows,
            warm_start_iterations: self.warm_iter,
            featurizer: FeaturizerParams::default()
                .ngram_max(self.ngrams)
                .min_count(self.min_count)
                .max_features(self.max_features.unwrap_or(if large { 512 } else { 1024 }))
                .weighting(weighting)
                .stem(!self.no_stem)
                .sentiment(self.sentiment_features)
                .names(!self.keep_names)
                .lexical_negation(!self.plain_negation),
            ..ModelParams::default()
        };
        params.check()?;
        Ok(params)
    }
}

pub fn run(args: Args) -> Result<()> {
    let started = Instant::now();
    args.params(0)?; // bad flags fail before the data is read
    check_writable(&args.output)?;
    let inputs: Vec<&std::path::Path> = args.data.iter().map(PathBuf::as_path).collect();
    rhetoric::output::refuse_overwriting(&args.output, &inputs)?;
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
    let params = args.params(data.rows.len())?;
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
    // The held-out fit and the final fit are independent: run them on two
    // cores at once (each is deterministic, so the results do not change).
    // Their reports are printed once both are done.
    let (checks, model) = std::thread::scope(|scope| {
        let checks = scope.spawn(|| {
            let mut report = String::new();
            let r = match args.folds {
                Some(k) => {
                    let bar = progress.checks(format!("{k}-fold cross-validation"));
                    cross_validate(k, &args, &params, &data, &mut report)
                        .map(|cv| (None, Some(cv)))
                        .inspect(|_| bar.finish_and_clear())
                }
                None => {
                    let bar = progress.checks(String::new());
                    validate(&args, &params, &data, &bar, &mut report)
                        .map(|v| (v, None))
                        .inspect(|_| bar.finish_and_clear())
                }
            };
            r.map(|v| (v, report))
        });
        let bar = &progress.final_fit;
        let model = params.fit_with(&data.texts(), &data.labels(), &|stage| {
            bar.set_message(format!("final fit: {stage}"))
        });
        let checks = checks
            .join()
            .unwrap_or_else(|_| Err(Error::Internal("validation thread panicked".into())));
        (checks, model)
    });
    progress.clear();
    let ((validation, cross_validation), report) =
        checks.map_err(|e| one_label(e, &args.data[0], &data))?;
    out!("{report}");
    let model = model.map_err(|e| one_label(e.into(), &args.data[0], &data))?;
    let info = TrainingInfo {
        data_file: names.clone(),
        data_sha256: data.sha256.clone(),
        text_column: args.text_col.clone(),
        label_column: args.label_col.clone(),
        rows: data.rows.len(),
        label_counts: data.label_counts(),
        params,
        valid_fraction: if args.folds.is_some() {
            0.0
        } else {
            args.valid
        },
        seed: args.seed,
        validation,
        cross_validation,
    };
    let features = model.featurizer().dim();
    write_atomic(&args.output, &ModelFile::new(model, Some(info)).to_bytes())?;
    outln!(
        "final model: {} rows, {features} features kept; saved to {} ({:.2} s)",
        data.rows.len(),
        args.output.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Fit on the training part of a stratified split and report metrics on
/// the held-out part. Returns the metrics as JSON for the model file.
fn validate(
    args: &Args,
    params: &ModelParams,
    data: &rhetoric::data::LabeledData,
    bar: &ProgressBar,
    report: &mut String,
) -> Result<Option<serde_json::Value>> {
    if args.valid == 0.0 {
        return Ok(None);
    }
    let labels = data.labels();
    let (train_idx, valid_idx) = stratified_split(&labels, args.valid, args.seed);
    if valid_idx.is_empty() {
        let _ = writeln!(
            report,
            "validation: skipped (too few rows for a {:.0}% split)",
            args.valid * 100.0
        );
        return Ok(None);
    }
    let texts = data.texts();
    let tr_t: Vec<&str> = train_idx.iter().map(|&i| texts[i]).collect();
    let tr_l: Vec<&str> = train_idx.iter().map(|&i| labels[i]).collect();
    let model = params.fit_with(&tr_t, &tr_l, &|stage| {
        bar.set_message(format!("validation fit: {stage}"))
    })?;
    bar.set_message("validation: scoring held-out rows");
    let metrics =
        rhetoric::predict::evaluate(&model, valid_idx.iter().map(|&i| (texts[i], labels[i])));
    let intervals = metrics.report_bootstrap();
    let _ = writeln!(
        report,
        "\nvalidation ({} held-out rows, seed {}):\n{}",
        valid_idx.len(),
        args.seed,
        metrics.to_text_with(&intervals)
    );
    Ok(Some(metrics.to_json_with(&intervals)))
}

/// Reads one figure from a fold's metrics.
type MetricFn<'a> = dyn Fn(&rhetoric::Metrics) -> f64 + 'a;

/// Stratified k-fold cross-validation: fit on k − 1 folds, score the last,
/// k times; print and return the mean and standard deviation of each metric.
fn cross_validate(
    k: usize,
    args: &Args,
    params: &ModelParams,
    data: &rhetoric::data::LabeledData,
    report: &mut String,
) -> Result<serde_json::Value> {
    let labels = data.labels();
    let texts = data.texts();
    if k > data.rows.len() {
        return Err(Error::Usage(format!(
            "--folds {k} is more than the {} rows",
            data.rows.len()
        )));
    }
    let folds = rhetoric::split::stratified_folds(&labels, k, args.seed);
    // Folds are independent fits: run them on all cores, keep fold order.
    use rayon::prelude::*;
    let runs: Vec<rhetoric::Metrics> = (0..folds.len())
        .into_par_iter()
        .map(|f| {
            let train: Vec<usize> = folds
                .iter()
                .enumerate()
                .filter(|(g, _)| *g != f)
                .flat_map(|(_, idx)| idx.iter().copied())
                .collect();
            let tr_t: Vec<&str> = train.iter().map(|&i| texts[i]).collect();
            let tr_l: Vec<&str> = train.iter().map(|&i| labels[i]).collect();
            let model = params.fit(&tr_t, &tr_l)?;
            Ok(rhetoric::predict::evaluate(
                &model,
                folds[f].iter().map(|&i| (texts[i], labels[i])),
            ))
        })
        .collect::<Result<Vec<_>>>()?;
    let summary = |get: &MetricFn<'_>| {
        let v: Vec<f64> = runs.iter().map(get).collect();
        let mean = v.iter().sum::<f64>() / v.len() as f64;
        let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (v.len() - 1).max(1) as f64;
        (mean, var.sqrt())
    };
    let mut out = serde_json::Map::new();
    out.insert("folds".into(), k.into());
    let _ = writeln!(
        report,
        "\n{k}-fold cross-validation (stratified, seed {}): mean ± standard deviation",
        args.seed
    );
    let metrics: [(&str, &MetricFn<'_>); 3] = [
        ("accuracy", &|m| m.accuracy()),
        ("macro_f1", &|m| m.macro_f1()),
        ("weighted_f1", &|m| m.weighted_f1()),
    ];
    for (name, get) in metrics {
        let (mean, sd) = summary(get);
        let _ = writeln!(report, "  {name:<12} {mean:.3} ± {sd:.3}");
        out.insert(name.into(), serde_json::json!({"mean": mean, "sd": sd}));
    }
    let mut per_class = serde_json::Map::new();
    for label in data.label_counts().keys() {
        let (mean, sd) = summary(&|m: &rhetoric::Metrics| {
            m.per_class()
                .iter()
                .find(|c| &c.label == label)
                .map_or(0.0, |c| c.f1)
        });
        let _ = writeln!(report, "  F1 {label:<9} {mean:.3} ± {sd:.3}");
        per_class.insert(label.clone(), serde_json::json!({"mean": mean, "sd": sd}));
    }
    out.insert("per_class_f1".into(), per_class.into());
    Ok(out.into())
}

/// Name the file and the single label when there is nothing to tell apart.
fn one_label(e: Error, path: &std::path::Path, data: &rhetoric::data::LabeledData) -> Error {
    match e {
        Error::Model(ModelError::TooFewLabels { .. }) => {
            let labels: Vec<String> = data
                .label_counts()
                .into_keys()
                .map(|l| format!("{l:?}"))
                .collect();
            Error::file(
                path,
                format!(
                    "need at least two distinct labels to train, found {}: {}",
                    labels.len(),
                    labels.join(", ")
                ),
            )
        }
        // Which file had no usable n-gram: the message alone named none.
        e @ (Error::Feature(FeatureError::EmptyVocabulary { .. })
        | Error::Model(ModelError::Feature(FeatureError::EmptyVocabulary { .. }))) => {
            Error::file(path, e.to_string())
        }
        other => other,
    }
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
        let small = args(&[]).params(LARGE_DATA_ROWS).unwrap();
        assert_eq!(small.featurizer.max_features, 1024);
        assert_eq!((small.warm_start_rows, small.max_iterations), (0, 100));
        let large = args(&[]).params(LARGE_DATA_ROWS + 1).unwrap();
        assert_eq!(large.featurizer.max_features, 512);
        assert_eq!(
            (large.warm_start_rows, large.warm_start_iterations),
            (10_000, 30)
        );
        assert_eq!(large.max_iterations, 5);
        // The default model's recipe is the same at any size.
        let recipe = ["--max-features", "4096", "--max-iter", "50"];
        let p = args(&recipe).params(2983).unwrap();
        assert_eq!(p.featurizer.max_features, 4096);
        assert_eq!((p.warm_start_rows, p.max_iterations), (0, 50));
        let p = args(&recipe).params(1_000_000).unwrap();
        assert_eq!((p.featurizer.max_features, p.max_iterations), (4096, 50));
        // No warm start asked for, or a subsample as large as the data.
        let p = args(&["--warm-start", "0"]).params(100_000).unwrap();
        assert_eq!((p.warm_start_rows, p.max_iterations), (0, 100));
        let p = args(&["--warm-start", "5000"]).params(5000).unwrap();
        assert_eq!(p.max_iterations, 100);
        assert!(args(&["--warm-iter", "0"]).params(10).is_err());
    }
}
