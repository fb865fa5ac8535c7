//! Training a model file from labeled rows, as `rhetoric train` does: the
//! settings resolved for the data's size, a held-out check (or k-fold
//! cross-validation) fitted beside the final model, and the training
//! record that goes into the model file.
//!
//! Shared by the command line and the Python package, so that the same rows
//! and options give a byte-identical model file from either.

use std::fmt::Write as _;

use crate::error::{Error, Result};
use crate::eval::metrics::Metrics;
use crate::features::{CharNgrams, FeatureError};
use crate::io::data::LabeledData;
use crate::model::split::{stratified_folds, stratified_split};
use crate::model::{ModelError, Stage, TrainingInfo};
use crate::{FeaturizerParams, ModelFile, ModelParams, Weighting};

/// Above this many rows, the defaults switch to the large-data schedule: a
/// narrower dense matrix and a warm-started, shorter final fit.
pub const LARGE_DATA_ROWS: usize = 50_000;

/// `train`'s options; `None` means "the default for the data's size".
#[derive(Debug, Clone, PartialEq)]
pub struct TrainOptions {
    /// Share of rows held out for validation (0 to skip).
    pub valid: f64,
    /// Stratified k-fold cross-validation instead of one held-out split.
    pub folds: Option<usize>,
    /// Seed of the validation split or the folds.
    pub seed: u64,
    pub alpha: f32,
    pub max_iter: Option<u64>,
    pub warm_start: Option<usize>,
    pub warm_iter: u64,
    pub balanced: bool,
    pub ngrams: usize,
    pub min_count: usize,
    pub max_features: Option<usize>,
    pub stem: bool,
    pub sentiment_features: bool,
    pub keep_names: bool,
    pub plain_negation: bool,
    /// A `q:WORD` feature for each word inside quotation marks.
    pub quote_marks: bool,
    /// Character n-grams within words, with their own chi² pool.
    pub char_ngrams: Option<CharNgrams>,
    pub weighting: Weighting,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            valid: 0.2,
            folds: None,
            seed: 42,
            alpha: 0.3,
            max_iter: None,
            warm_start: None,
            warm_iter: 30,
            balanced: false,
            ngrams: 2,
            min_count: 2,
            max_features: None,
            stem: true,
            sentiment_features: false,
            keep_names: false,
            plain_negation: false,
            quote_marks: false,
            char_ngrams: None,
            weighting: Weighting::Tfidf,
        }
    }
}

impl TrainOptions {
    /// Settings for data of `rows` rows: explicit options win, the defaults
    /// depend on the size (see [`LARGE_DATA_ROWS`]). Checks every option,
    /// so `params(0)` refuses bad options before any data is read.
    pub fn params(&self, rows: usize) -> Result<ModelParams> {
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
                .weighting(self.weighting)
                .stem(self.stem)
                .sentiment(self.sentiment_features)
                .names(!self.keep_names)
                .lexical_negation(!self.plain_negation)
                .quote_marks(self.quote_marks)
                .char_ngrams(self.char_ngrams),
            ..ModelParams::default()
        };
        params.check()?;
        Ok(params)
    }
}

/// Where a training run is, for a progress display.
#[derive(Debug, Clone, Copy)]
pub enum Progress {
    /// The held-out fit reached a stage.
    Validation(Stage),
    /// Scoring the held-out rows.
    Scoring,
    /// The final fit reached a stage.
    Final(Stage),
}

/// A trained model file and the text report of its checks.
pub struct Trained {
    pub file: ModelFile,
    /// The held-out metrics or the cross-validation summary, as `train`
    /// prints them.
    pub report: String,
}

/// Train on `data` (named `data_name` in the training record, its text and
/// label columns `columns`): the checks and the final fit run on two
/// threads at once (each is deterministic, so the results do not change).
pub fn train(
    data: &LabeledData,
    data_name: &str,
    columns: (&str, &str),
    opts: &TrainOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Trained> {
    let params = opts.params(data.rows.len())?;
    let (checks, model) = std::thread::scope(|scope| {
        let checks = scope.spawn(|| {
            let mut report = String::new();
            let r = match opts.folds {
                Some(k) => {
                    cross_validate(k, opts, &params, data, &mut report).map(|cv| (None, Some(cv)))
                }
                None => validate(opts, &params, data, progress, &mut report).map(|v| (v, None)),
            };
            r.map(|v| (v, report))
        });
        let model = params.fit_with(&data.texts(), &data.labels(), &|stage| {
            progress(Progress::Final(stage))
        });
        let checks = checks
            .join()
            .unwrap_or_else(|_| Err(Error::Internal("validation thread panicked".into())));
        (checks, model)
    });
    let ((validation, cross_validation), report) = checks.map_err(|e| one_label(e, data))?;
    let model = model.map_err(|e| one_label(e.into(), data))?;
    let info = TrainingInfo {
        data_file: data_name.to_string(),
        data_sha256: data.sha256.clone(),
        text_column: columns.0.to_string(),
        label_column: columns.1.to_string(),
        rows: data.rows.len(),
        label_counts: data.label_counts(),
        params,
        valid_fraction: if opts.folds.is_some() {
            0.0
        } else {
            opts.valid
        },
        seed: opts.seed,
        validation,
        cross_validation,
    };
    Ok(Trained {
        file: ModelFile::new(model, Some(info)),
        report,
    })
}

/// Fit on the training part of a stratified split and report metrics on
/// the held-out part. Returns the metrics as JSON for the model file.
fn validate(
    opts: &TrainOptions,
    params: &ModelParams,
    data: &LabeledData,
    progress: &(dyn Fn(Progress) + Sync),
    report: &mut String,
) -> Result<Option<serde_json::Value>> {
    if opts.valid == 0.0 {
        return Ok(None);
    }
    let labels = data.labels();
    let (train_idx, valid_idx) = stratified_split(&labels, opts.valid, opts.seed);
    if valid_idx.is_empty() {
        let _ = writeln!(
            report,
            "validation: skipped (too few rows for a {:.0}% split)",
            opts.valid * 100.0
        );
        return Ok(None);
    }
    let texts = data.texts();
    let tr_t: Vec<&str> = train_idx.iter().map(|&i| texts[i]).collect();
    let tr_l: Vec<&str> = train_idx.iter().map(|&i| labels[i]).collect();
    let model = params.fit_with(&tr_t, &tr_l, &|stage| progress(Progress::Validation(stage)))?;
    progress(Progress::Scoring);
    let metrics =
        crate::predict::evaluate(&model, valid_idx.iter().map(|&i| (texts[i], labels[i])));
    let intervals = metrics.report_bootstrap();
    let _ = writeln!(
        report,
        "\nvalidation ({} held-out rows, seed {}):\n{}",
        valid_idx.len(),
        opts.seed,
        metrics.to_text_with(&intervals)
    );
    Ok(Some(metrics.to_json_with(&intervals)))
}

/// Reads one figure from a fold's metrics.
type MetricFn<'a> = dyn Fn(&Metrics) -> f64 + 'a;

/// Stratified k-fold cross-validation: fit on k − 1 folds, score the last,
/// k times; report and return the mean and standard deviation of each metric.
fn cross_validate(
    k: usize,
    opts: &TrainOptions,
    params: &ModelParams,
    data: &LabeledData,
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
    let folds = stratified_folds(&labels, k, opts.seed);
    // Folds are independent fits: run them on all cores, keep fold order.
    use rayon::prelude::*;
    let runs: Vec<Metrics> = (0..folds.len())
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
            Ok(crate::predict::evaluate(
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
        opts.seed
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
        let (mean, sd) = summary(&|m: &Metrics| {
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

/// Name the data and the single label when there is nothing to tell apart.
fn one_label(e: Error, data: &LabeledData) -> Error {
    match e {
        Error::Model(ModelError::TooFewLabels { .. }) => {
            let labels: Vec<String> = data
                .label_counts()
                .into_keys()
                .map(|l| format!("{l:?}"))
                .collect();
            Error::file(
                &data.path,
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
            Error::file(&data.path, e.to_string())
        }
        other => other,
    }
}
