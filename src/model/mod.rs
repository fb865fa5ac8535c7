//! The classifier: fit with linfa, predict with sparse dot products, and the
//! model file that carries everything needed to label new text.
//!
//! `ModelParams` (checked) → `fit(texts, labels)` → [`Model`]. Two labels use
//! `linfa_logistic::LogisticRegression`, three or more
//! `MultiLogisticRegression`. Either way the fitted weights are stored as a
//! `dim × n_labels` matrix plus one intercept per label, so prediction is one
//! softmax: a binary model's negative class gets zero weights, which makes
//! softmax([0, z]) equal linfa's sigmoid(z).

pub mod split;
pub mod training;

use std::collections::BTreeMap;
use std::path::Path;

use linfa::prelude::*;
use linfa_logistic::{LogisticRegression, MultiLogisticRegression};
use ndarray::{s, Array1, Array2, ArrayView2};
use serde::{Deserialize, Serialize};

use crate::features::{FeatureError, Featurizer, FeaturizerParams, SparseVec};

/// Identifies a rhetoric model file.
pub const FORMAT_NAME: &str = "rhetoric-model";
/// The model file layout this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;
/// Files larger than this are refused before reading, so a crafted or
/// wrong file cannot make the tool allocate without bound (parsing needs a
/// few times the file size). The default model is about 0.3 MiB; a model
/// with 100,000 features and 10 labels is about 10 MiB.
pub const MAX_MODEL_BYTES: u64 = 64 * 1024 * 1024;

/// Errors from fitting, loading or checking a model.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ModelError {
    #[error("L2 strength must be finite and >= 0, got {0}")]
    InvalidAlpha(f32),
    #[error("max iterations must be at least 1, got {0}")]
    InvalidMaxIterations(u64),
    #[error("need at least two distinct labels to train, found {found}")]
    TooFewLabels { found: usize },
    #[error(transparent)]
    Feature(#[from] FeatureError),
    #[error("linfa could not fit the model: {0}")]
    Fit(#[from] linfa_logistic::error::Error),
    #[error("not a rhetoric model file: {0}")]
    Format(String),
    #[error(
        "the training matrix would take {} ({rows} rows x {features} features x 4 bytes), more than the {} of memory available; lower --max-features to at most {fits} (or train on fewer rows)",
        crate::io::memory::human(*bytes), crate::io::memory::human(*available)
    )]
    TooLarge {
        bytes: u64,
        rows: usize,
        features: usize,
        available: u64,
        fits: u64,
    },
    #[error("model format version {found} is not supported (this build reads version {supported}); retrain with this version of rhetoric")]
    Version { found: u32, supported: u32 },
}

/// Training settings; checked by [`ModelParams::check`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelParams {
    /// L2 penalty weight (linfa's `alpha`). Default 0.3.
    pub alpha: f32,
    /// L-BFGS iteration cap. Default 100.
    pub max_iterations: u64,
    /// L-BFGS gradient tolerance. Default 1e-4.
    pub gradient_tolerance: f32,
    /// Weight classes inversely to their frequency. linfa has no sample
    /// weights, so rows of smaller classes are repeated (rounded ratio to the
    /// largest class). Default off.
    pub balanced: bool,
    /// Warm start: when the data has more rows than this, first fit on this
    /// many evenly spaced rows and start the full fit from those weights
    /// (0 = off, the default). The full fit still sees every row.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub warm_start_rows: usize,
    /// L-BFGS iterations of the warm-start fit. Default 30.
    #[serde(
        default = "default_warm_start_iterations",
        skip_serializing_if = "is_warm_default"
    )]
    pub warm_start_iterations: u64,
    pub featurizer: FeaturizerParams,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

fn default_warm_start_iterations() -> u64 {
    30
}

fn is_warm_default(n: &u64) -> bool {
    *n == default_warm_start_iterations()
}

impl Default for ModelParams {
    fn default() -> Self {
        ModelParams {
            alpha: 0.3,
            max_iterations: 100,
            gradient_tolerance: 1e-4,
            balanced: false,
            warm_start_rows: 0,
            warm_start_iterations: default_warm_start_iterations(),
            featurizer: FeaturizerParams::default(),
        }
    }
}

impl ModelParams {
    pub fn check(&self) -> Result<(), ModelError> {
        if !self.alpha.is_finite() || self.alpha < 0.0 {
            return Err(ModelError::InvalidAlpha(self.alpha));
        }
        if self.max_iterations == 0 || self.warm_start_iterations == 0 {
            return Err(ModelError::InvalidMaxIterations(0));
        }
        self.featurizer.check()?;
        Ok(())
    }

    /// Fit a model on `texts` with string labels. The label set is sorted,
    /// so the same data always gives the same label order.
    pub fn fit(&self, texts: &[&str], labels: &[&str]) -> Result<Model, ModelError> {
        self.fit_with(texts, labels, &|_| {})
    }

    /// [`fit`](Self::fit), calling `on_stage` as each stage starts (for a
    /// progress display).
    pub fn fit_with(
        &self,
        texts: &[&str],
        labels: &[&str],
        on_stage: &dyn Fn(Stage),
    ) -> Result<Model, ModelError> {
        self.check()?;
        let names: Vec<String> = {
            let mut v: Vec<String> = labels.iter().map(|s| s.to_string()).collect();
            v.sort();
            v.dedup();
            v
        };
        if names.len() < 2 {
            return Err(ModelError::TooFewLabels { found: names.len() });
        }
        let y: Vec<usize> = labels
            .iter()
            .map(|l| names.binary_search_by(|n| n.as_str().cmp(l)).unwrap())
            .collect();
        on_stage(Stage::Vocabulary { rows: texts.len() });
        let featurizer = self.featurizer.fit(texts, &y, names.len())?;
        let (texts, y) = if self.balanced {
            oversample(texts, &y, names.len())
        } else {
            (texts.to_vec(), y)
        };
        check_matrix_fits(texts.len(), featurizer.dim())?;
        on_stage(Stage::Matrix {
            rows: texts.len(),
            features: featurizer.dim(),
        });
        // The warm-start fit (one core, on a subsample's own matrix) runs
        // while the full matrix is built: its rows are the same vectors, so
        // the result is the same as fitting rows picked from the full matrix.
        let (x, init) = match self.warm_start_rows(&y, names.len()) {
            None => (featurizer.transform_dense(&texts), None),
            Some(pick) => {
                on_stage(Stage::WarmStart {
                    rows: pick.len(),
                    iterations: self.warm_start_iterations,
                });
                let sub: Vec<&str> = pick.iter().map(|&i| texts[i]).collect();
                let ys: Vec<usize> = pick.iter().map(|&i| y[i]).collect();
                let (init, x) = rayon::join(
                    || self.warm_start(featurizer.transform_dense(&sub), ys, &y, names.len()),
                    || featurizer.transform_dense(&texts),
                );
                (x, Some(init?))
            }
        };
        on_stage(Stage::Fit {
            rows: texts.len(),
            features: featurizer.dim(),
            iterations: self.max_iterations,
        });
        let fitted = self.fit_linfa_from(x, Array1::from(y), names.len(), init)?;
        let (weights, intercepts) = fitted.weights();
        Ok(Model {
            labels: names,
            featurizer,
            weights,
            intercepts,
        })
    }

    /// Fit linfa's own model on a dense matrix (class indices as targets).
    pub fn fit_linfa(
        &self,
        x: Array2<f32>,
        y: Array1<usize>,
        n_labels: usize,
    ) -> Result<LinfaModel, ModelError> {
        self.fit_linfa_from(x, y, n_labels, None)
    }

    /// [`fit_linfa`](Self::fit_linfa) from initial weights (`None`: zeros,
    /// linfa's default).
    fn fit_linfa_from(
        &self,
        x: Array2<f32>,
        y: Array1<usize>,
        n_labels: usize,
        init: Option<InitialParams>,
    ) -> Result<LinfaModel, ModelError> {
        self.fit_linfa_view(x.view(), y, n_labels, self.max_iterations, init)
    }

    fn fit_linfa_view(
        &self,
        x: ArrayView2<'_, f32>,
        y: Array1<usize>,
        n_labels: usize,
        iterations: u64,
        init: Option<InitialParams>,
    ) -> Result<LinfaModel, ModelError> {
        let dataset = DatasetBase::new(x, y);
        if n_labels == 2 {
            let mut p = LogisticRegression::default()
                .alpha(self.alpha)
                .max_iterations(iterations)
                .gradient_tolerance(self.gradient_tolerance);
            if let Some(InitialParams::Binary(w)) = init {
                p = p.initial_params(w);
            }
            Ok(LinfaModel::Binary(p.fit(&dataset)?))
        } else {
            let mut p = MultiLogisticRegression::default()
                .alpha(self.alpha)
                .max_iterations(iterations)
                .gradient_tolerance(self.gradient_tolerance);
            if let Some(InitialParams::Multi(w)) = init {
                p = p.initial_params(w);
            }
            Ok(LinfaModel::Multi(p.fit(&dataset)?))
        }
    }

    /// The rows of the warm-start subsample: `warm_start_rows` evenly
    /// spaced rows, or `None` when warm start is off, the data is not
    /// larger than the subsample, or the subsample misses a label.
    fn warm_start_rows(&self, y: &[usize], n_labels: usize) -> Option<Vec<usize>> {
        let m = self.warm_start_rows;
        let n = y.len();
        if m == 0 || n <= m {
            return None;
        }
        // Row i * n / m for i < m: every part of the file is represented,
        // also when it is sorted by label.
        let pick: Vec<usize> = (0..m).map(|i| i * n / m).collect();
        let mut seen = vec![false; n_labels];
        pick.iter().for_each(|&i| seen[y[i]] = true);
        (!seen.contains(&false)).then_some(pick)
    }

    /// Initial weights for the full fit from a fit on the subsample `xs`
    /// (labels `ys`); `y` holds all labels.
    fn warm_start(
        &self,
        xs: Array2<f32>,
        ys: Vec<usize>,
        y: &[usize],
        n_labels: usize,
    ) -> Result<InitialParams, ModelError> {
        let d = xs.ncols();
        let fitted = self.fit_linfa_view(
            xs.view(),
            Array1::from(ys),
            n_labels,
            self.warm_start_iterations,
            None,
        )?;
        Ok(match fitted {
            LinfaModel::Binary(b) => {
                // linfa's positive class is the more frequent one (the first
                // seen on a tie), which may differ between the subsample and
                // the full data: then the weights change sign.
                let mut w = Array1::zeros(d + 1);
                w.slice_mut(s![..d]).assign(b.params());
                w[d] = b.intercept();
                if b.labels().pos.class != binary_positive_class(y) {
                    w.mapv_inplace(|v| -v);
                }
                InitialParams::Binary(w)
            }
            LinfaModel::Multi(mm) => {
                let mut w = Array2::zeros((d + 1, n_labels));
                w.slice_mut(s![..d, ..]).assign(mm.params());
                w.row_mut(d).assign(mm.intercept());
                InitialParams::Multi(w)
            }
        })
    }
}

/// Starting weights for linfa: feature rows, then the intercept row.
enum InitialParams {
    Binary(Array1<f32>),
    Multi(Array2<f32>),
}

/// The class linfa's binary model treats as positive: the more frequent of
/// the two, or the first seen when both are as frequent.
fn binary_positive_class(y: &[usize]) -> usize {
    let first = y[0];
    let other = y.iter().copied().find(|&l| l != first).unwrap_or(first);
    let count = |c: usize| y.iter().filter(|&&l| l == c).count();
    if count(first) < count(other) {
        other
    } else {
        first
    }
}

/// What [`ModelParams::fit_with`] is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Stage {
    /// Counting n-grams and selecting the vocabulary.
    Vocabulary { rows: usize },
    /// Building the dense matrix for linfa.
    Matrix { rows: usize, features: usize },
    /// The warm-start fit on a subsample.
    WarmStart { rows: usize, iterations: u64 },
    /// The L-BFGS fit on every row (at most `iterations`).
    Fit {
        rows: usize,
        features: usize,
        iterations: u64,
    },
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Stage::Vocabulary { rows } => write!(f, "counting n-grams of {rows} rows"),
            Stage::Matrix { rows, features } => {
                write!(f, "building the {rows} × {features} matrix")
            }
            Stage::WarmStart { rows, iterations } => write!(
                f,
                "warm-start fit on {rows} rows (up to {iterations} L-BFGS iterations)"
            ),
            Stage::Fit {
                rows,
                features,
                iterations,
            } => write!(
                f,
                "fitting {rows} × {features} (up to {iterations} L-BFGS iterations)"
            ),
        }
    }
}

/// Refuse a dense training matrix of `rows` x `features` that the memory
/// left cannot hold, before asking for it: the allocation would abort the
/// process or get it killed (see [`crate::io::memory`]).
fn check_matrix_fits(rows: usize, features: usize) -> Result<(), ModelError> {
    let bytes = (rows as u64)
        .saturating_mul(features as u64)
        .saturating_mul(4);
    match crate::io::memory::available() {
        Some(available) if bytes > available => Err(ModelError::TooLarge {
            bytes,
            rows,
            features,
            available,
            fits: available / (rows.max(1) as u64 * 4),
        }),
        _ => Ok(()),
    }
}

/// Repeat rows of smaller classes so every class weighs about the same.
fn oversample<'a>(texts: &[&'a str], y: &[usize], n: usize) -> (Vec<&'a str>, Vec<usize>) {
    let mut sizes = vec![0usize; n];
    y.iter().for_each(|&l| sizes[l] += 1);
    let largest = *sizes.iter().max().unwrap_or(&1) as f64;
    let reps: Vec<usize> = sizes
        .iter()
        .map(|&s| {
            if s == 0 {
                1
            } else {
                (largest / s as f64).round().max(1.0) as usize
            }
        })
        .collect();
    let mut out_t = Vec::new();
    let mut out_y = Vec::new();
    for (&t, &l) in texts.iter().zip(y) {
        for _ in 0..reps[l] {
            out_t.push(t);
            out_y.push(l);
        }
    }
    (out_t, out_y)
}

/// A model fitted by linfa, before conversion to our weight layout.
pub enum LinfaModel {
    Binary(linfa_logistic::FittedLogisticRegression<f32, usize>),
    Multi(linfa_logistic::MultiFittedLogisticRegression<f32, usize>),
}

impl LinfaModel {
    /// Row-major `dim × n_labels` weights and per-label intercepts.
    fn weights(&self) -> (Vec<f32>, Vec<f32>) {
        match self {
            LinfaModel::Binary(m) => {
                // linfa's positive class is the larger target: index 1.
                let w: Vec<f32> = m.params().iter().flat_map(|&w| [0.0, w]).collect();
                (w, vec![0.0, m.intercept()])
            }
            LinfaModel::Multi(m) => {
                let w = m.params().iter().copied().collect(); // (dim, k), row-major
                (w, m.intercept().to_vec())
            }
        }
    }

    /// linfa's own `predict` (class indices) on a dense matrix.
    pub fn predict(&self, x: &Array2<f32>) -> Vec<usize> {
        match self {
            LinfaModel::Binary(m) => m.predict(x).to_vec(),
            LinfaModel::Multi(m) => m.predict(x).to_vec(),
        }
    }

    /// linfa's own probabilities (rows × labels).
    pub fn predict_probabilities(&self, x: &Array2<f32>) -> Array2<f32> {
        match self {
            LinfaModel::Binary(m) => {
                let p1 = m.predict_probabilities(x);
                Array2::from_shape_fn(
                    (x.nrows(), 2),
                    |(i, j)| if j == 1 { p1[i] } else { 1.0 - p1[i] },
                )
            }
            LinfaModel::Multi(m) => m.predict_probabilities(x),
        }
    }
}

/// A fitted model: labels, featurizer and weights.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    labels: Vec<String>,
    featurizer: Featurizer,
    /// Row-major `dim × labels.len()`.
    weights: Vec<f32>,
    intercepts: Vec<f32>,
}

impl Model {
    pub fn labels(&self) -> &[String] {
        &self.labels
    }
    pub fn featurizer(&self) -> &Featurizer {
        &self.featurizer
    }
    /// The weight of feature `col` for label `label`.
    pub fn weight(&self, col: usize, label: usize) -> f32 {
        self.weights[col * self.labels.len() + label]
    }
    pub fn intercepts(&self) -> &[f32] {
        &self.intercepts
    }

    /// Label probabilities of a sparse feature vector (softmax of the scores).
    pub fn probabilities_of(&self, x: &SparseVec) -> Vec<f32> {
        let k = self.labels.len();
        let mut z = self.intercepts.clone();
        for &(col, v) in x {
            let row = &self.weights[col as usize * k..(col as usize + 1) * k];
            z.iter_mut().zip(row).for_each(|(z, w)| *z += v * w);
        }
        softmax(&mut z);
        z
    }

    /// Label probabilities of one sentence.
    pub fn probabilities(&self, text: &str) -> Vec<f32> {
        self.probabilities_of(&self.featurizer.transform(text))
    }

    /// The most probable label index (first on ties, as linfa's argmax).
    pub fn predict_index(probs: &[f32]) -> usize {
        let mut best = 0;
        for (i, &p) in probs.iter().enumerate() {
            if p > probs[best] {
                best = i;
            }
        }
        best
    }

    /// Check shapes and values of a model read from a file.
    fn validate(&self) -> Result<(), ModelError> {
        let k = self.labels.len();
        let d = self.featurizer.dim();
        let bad = |m: &str| Err(ModelError::Format(m.to_string()));
        if k < 2 {
            return bad("fewer than two labels");
        }
        if let Some(l) = self.labels.iter().find(|l| l.trim().is_empty()) {
            return Err(ModelError::Format(format!("empty label {l:?}")));
        }
        // A line break or tab in a label would break every table printed.
        if let Some(l) = self.labels.iter().find(|l| l.contains(char::is_control)) {
            return Err(ModelError::Format(format!(
                "label {l:?} contains a control character"
            )));
        }
        let distinct: std::collections::BTreeSet<&str> =
            self.labels.iter().map(String::as_str).collect();
        if distinct.len() != k {
            return bad("a label appears twice");
        }
        if !self.featurizer.is_consistent() {
            return bad("featurizer parts disagree (vocabulary, idf, settings)");
        }
        if self.weights.len() != d.saturating_mul(k) || self.intercepts.len() != k {
            return bad("weight matrix does not match vocabulary and labels");
        }
        if !self
            .weights
            .iter()
            .chain(&self.intercepts)
            .all(|w| w.is_finite())
        {
            return bad("non-finite weights");
        }
        Ok(())
    }
}

/// Probabilities from scores, finite for any finite weights: a score that
/// overflowed to infinity is taken as the largest finite one first, so
/// huge weights give a certain label, never NaN.
fn softmax(z: &mut [f32]) {
    // (Opposite infinities summed give NaN: a score of no known sign.)
    z.iter_mut().for_each(|v| {
        *v = if v.is_nan() {
            0.0
        } else {
            v.clamp(-f32::MAX, f32::MAX)
        }
    });
    let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for v in z.iter_mut() {
        *v = (*v - max).exp();
        sum += *v;
    }
    z.iter_mut().for_each(|v| *v /= sum);
}

/// What a model file records about the training run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingInfo {
    /// Training CSV as given on the command line.
    pub data_file: String,
    /// SHA-256 (hex) of the training CSV's bytes.
    pub data_sha256: String,
    pub text_column: String,
    pub label_column: String,
    /// Rows used in the final fit.
    pub rows: usize,
    pub label_counts: BTreeMap<String, usize>,
    pub params: ModelParams,
    /// Share of rows held out for validation (0 = none).
    pub valid_fraction: f64,
    pub seed: u64,
    /// Metrics on the held-out rows, as `eval --json` prints them.
    pub validation: Option<serde_json::Value>,
    /// Stratified k-fold cross-validation: mean and standard deviation of
    /// each metric over the folds (`train --folds k`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cross_validation: Option<serde_json::Value>,
}

/// The on-disk model: a versioned JSON document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelFile {
    pub format: String,
    pub format_version: u32,
    pub tool_version: String,
    pub training: Option<TrainingInfo>,
    pub model: Model,
}

impl ModelFile {
    pub fn new(model: Model, training: Option<TrainingInfo>) -> Self {
        ModelFile {
            format: FORMAT_NAME.to_string(),
            format_version: FORMAT_VERSION,
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            training,
            model,
        }
    }

    /// Serialise: compact JSON, fields in a fixed order, so the same model
    /// always gives the same bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v = serde_json::to_vec(self).expect("model serialises");
        v.push(b'\n');
        v
    }

    /// Parse and validate a model file's bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        #[derive(Deserialize)]
        struct Header {
            format: String,
            format_version: u32,
        }
        let header: Header = serde_json::from_slice(bytes)
            .map_err(|e| ModelError::Format(format!("cannot read header ({e})")))?;
        if header.format != FORMAT_NAME {
            return Err(ModelError::Format(format!("format is {:?}", header.format)));
        }
        if header.format_version != FORMAT_VERSION {
            return Err(ModelError::Version {
                found: header.format_version,
                supported: FORMAT_VERSION,
            });
        }
        let file: ModelFile = serde_json::from_slice(bytes)
            .map_err(|e| ModelError::Format(format!("damaged model ({e})")))?;
        file.model.validate()?;
        Ok(file)
    }

    /// Read a model file, refusing files over [`MAX_MODEL_BYTES`].
    pub fn read(path: &Path) -> Result<Self, crate::Error> {
        let io = |e| crate::Error::io(path, e);
        let meta = std::fs::metadata(path).map_err(io)?;
        if meta.is_dir() {
            return Err(crate::Error::file(path, "is a directory, not a model file"));
        }
        if meta.len() > MAX_MODEL_BYTES {
            return Err(crate::Error::file(
                path,
                format!(
                    "{} bytes is larger than any model ({MAX_MODEL_BYTES} max)",
                    meta.len()
                ),
            ));
        }
        // Bounded as it is read too: a device or pipe has no length
        // (`-m /dev/zero`).
        let mut file = std::fs::File::open(path).map_err(io)?;
        let bytes = crate::io::data::read_bounded(path, &mut file, MAX_MODEL_BYTES)?;
        ModelFile::from_bytes(&bytes).map_err(|e| crate::Error::file(path, e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> (Vec<&'static str>, Vec<&'static str>) {
        let rows = [
            ("troops launched new strikes on the city", "escalation"),
            ("the army vowed more strikes and retaliation", "escalation"),
            ("rebels shelled the town and vowed revenge", "escalation"),
            (
                "the government rejected the ceasefire and vowed retaliation",
                "escalation",
            ),
            ("both sides agreed to a ceasefire", "de-escalation"),
            ("talks on a ceasefire resumed in cairo", "de-escalation"),
            ("the envoy urged restraint and talks", "de-escalation"),
            ("prisoners were released under the truce", "de-escalation"),
            ("the minister will travel on monday", "neutral"),
            ("the minister met the envoy on monday", "neutral"),
            ("the meeting was held in the capital on monday", "neutral"),
            ("the minister spoke to reporters in the capital", "neutral"),
        ];
        rows.iter().copied().unzip()
    }

    fn params() -> ModelParams {
        ModelParams {
            featurizer: FeaturizerParams::default().min_count(1),
            ..ModelParams::default()
        }
    }

    #[test]
    fn params_are_checked() {
        let p = ModelParams {
            alpha: -1.0,
            ..ModelParams::default()
        };
        assert!(matches!(p.check(), Err(ModelError::InvalidAlpha(_))));
        let (t, _) = data();
        let one = vec!["x"; t.len()];
        assert!(matches!(
            ModelParams::default().fit(&t, &one),
            Err(ModelError::TooFewLabels { found: 1 })
        ));
    }

    #[test]
    fn sparse_prediction_equals_linfa_multinomial() {
        let (texts, labels) = data();
        let p = params();
        let model = p.fit(&texts, &labels).unwrap();
        // Refit linfa on the same matrix and compare with our sparse path.
        let y: Vec<usize> = labels
            .iter()
            .map(|l| model.labels().iter().position(|n| n == l).unwrap())
            .collect();
        let x = model.featurizer().transform_dense(&texts);
        let linfa = p.fit_linfa(x.clone(), Array1::from(y), 3).unwrap();
        let linfa_pred = linfa.predict(&x);
        let linfa_prob = linfa.predict_probabilities(&x);
        let probe = ["new strikes on monday", "a ceasefire and talks", "zzz"];
        let xp = model.featurizer().transform_dense(&probe);
        let linfa_probe = linfa.predict(&xp);
        for (i, t) in texts.iter().chain(probe.iter()).enumerate() {
            let ours = model.probabilities(t);
            let (lp, lpred) = if i < texts.len() {
                (linfa_prob.row(i).to_vec(), linfa_pred[i])
            } else {
                let pp = linfa.predict_probabilities(&xp);
                (
                    pp.row(i - texts.len()).to_vec(),
                    linfa_probe[i - texts.len()],
                )
            };
            for (a, b) in ours.iter().zip(&lp) {
                assert!((a - b).abs() < 1e-5, "{t}: {ours:?} vs {lp:?}");
            }
            assert_eq!(Model::predict_index(&ours), lpred, "{t}");
        }
        // The model learned something: training rows mostly right.
        let right = texts
            .iter()
            .zip(&labels)
            .filter(|(t, l)| model.labels()[Model::predict_index(&model.probabilities(t))] == **l)
            .count();
        assert!(right >= 10, "{right}/12");
    }

    #[test]
    fn sparse_prediction_equals_linfa_binary() {
        let (texts, labels) = data();
        let (texts, labels): (Vec<&str>, Vec<&str>) = texts
            .iter()
            .zip(&labels)
            .filter(|(_, l)| **l != "neutral")
            .map(|(t, l)| (*t, *l))
            .unzip();
        let p = params();
        let model = p.fit(&texts, &labels).unwrap();
        assert_eq!(model.labels(), ["de-escalation", "escalation"]);
        let y: Vec<usize> = labels
            .iter()
            .map(|l| usize::from(*l == "escalation"))
            .collect();
        let x = model.featurizer().transform_dense(&texts);
        let linfa = p.fit_linfa(x.clone(), Array1::from(y), 2).unwrap();
        let pred = linfa.predict(&x);
        let prob = linfa.predict_probabilities(&x);
        for (i, t) in texts.iter().enumerate() {
            let ours = model.probabilities(t);
            assert!((ours[1] - prob[[i, 1]]).abs() < 1e-5);
            assert_eq!(Model::predict_index(&ours), pred[i]);
        }
    }

    #[test]
    fn warm_start_keeps_the_meaning_of_binary_weights() {
        // 40 rows, 1 in 4 picked for the subsample. Class 0 is the majority
        // overall, class 1 in the subsample, so linfa's positive class
        // differs between the two fits and the weights must change sign.
        let n = 40;
        let y: Vec<usize> = (0..n)
            .map(|i| usize::from(if i % 4 == 0 { i % 12 != 0 } else { i % 7 == 0 }))
            .collect();
        let x = Array2::from_shape_fn((n, 2), |(i, j)| {
            let s = if y[i] == 1 { 1.0 } else { -1.0 };
            s * (1.0 + j as f32) + ((i * 7 + j * 3) % 5) as f32 * 0.3 - 0.6
        });
        let p = ModelParams {
            warm_start_rows: 10,
            ..ModelParams::default()
        };
        let pick: Vec<usize> = (0..10).map(|i| i * 4).collect();
        let ys: Vec<usize> = pick.iter().map(|&i| y[i]).collect();
        assert!(
            ys.iter().sum::<usize>() > 5,
            "subsample majority is class 1"
        );
        assert!(
            y.iter().sum::<usize>() < n / 2,
            "overall majority is class 0"
        );
        assert_eq!(binary_positive_class(&y), 0);
        let sub = x.select(ndarray::Axis(0), &pick);
        let LinfaModel::Binary(sub_fit) = p
            .fit_linfa_view(sub.view(), Array1::from(ys), 2, 30, None)
            .unwrap()
        else {
            panic!("binary")
        };
        assert_eq!(sub_fit.labels().pos.class, 1);
        // Warm start as `fit_with` does it: the subsample's rows, fitted.
        let warm_from = |p: &ModelParams| {
            let pick = p.warm_start_rows(&y, 2)?;
            let xs = x.select(ndarray::Axis(0), &pick);
            let ys: Vec<usize> = pick.iter().map(|&i| y[i]).collect();
            Some(p.warm_start(xs, ys, &y, 2).unwrap())
        };
        let Some(InitialParams::Binary(w)) = warm_from(&p) else {
            panic!("warm start expected")
        };
        let p1_sub = sub_fit.predict_probabilities(&x);
        for i in 0..n {
            let z = x[[i, 0]] * w[0] + x[[i, 1]] * w[1] + w[2];
            let p0_init = 1.0 / (1.0 + (-z).exp());
            assert!((p0_init - (1.0 - p1_sub[i])).abs() < 1e-5, "row {i}");
        }
        // The warm-started full fit learns the data.
        let fitted = p
            .fit_linfa_from(x.clone(), Array1::from(y.clone()), 2, None)
            .unwrap();
        let warm = ModelParams {
            max_iterations: 5,
            ..p.clone()
        };
        let init = warm_from(&warm);
        let warm_fit = warm
            .fit_linfa_from(x.clone(), Array1::from(y.clone()), 2, init)
            .unwrap();
        assert_eq!(warm_fit.predict(&x), fitted.predict(&x));
    }

    #[test]
    fn warm_start_only_when_the_data_is_larger_than_the_subsample() {
        let (texts, labels) = data();
        let off = params().fit(&texts, &labels).unwrap();
        let p = ModelParams {
            warm_start_rows: texts.len(),
            ..params()
        };
        let same = p.fit(&texts, &labels).unwrap();
        assert_eq!(
            ModelFile::new(same, None).to_bytes(),
            ModelFile::new(off.clone(), None).to_bytes()
        );
        // A 6-row warm start changes the starting point, not the outcome on
        // these rows, and is deterministic.
        let p = ModelParams {
            warm_start_rows: 6,
            ..params()
        };
        let stages = std::cell::RefCell::new(Vec::new());
        let a = p
            .fit_with(&texts, &labels, &|s| stages.borrow_mut().push(s))
            .unwrap();
        assert!(matches!(
            stages.borrow()[..],
            [
                Stage::Vocabulary { rows: 12 },
                Stage::Matrix { rows: 12, .. },
                Stage::WarmStart { rows: 6, .. },
                Stage::Fit { rows: 12, .. }
            ]
        ));
        let b = p.fit(&texts, &labels).unwrap();
        assert_eq!(
            ModelFile::new(a.clone(), None).to_bytes(),
            ModelFile::new(b, None).to_bytes()
        );
        for t in &texts {
            assert_eq!(
                Model::predict_index(&a.probabilities(t)),
                Model::predict_index(&off.probabilities(t)),
                "{t}"
            );
        }
        // Settings without a warm start serialise as before.
        let json = serde_json::to_string(&ModelParams::default()).unwrap();
        assert!(!json.contains("warm"), "{json}");
    }

    #[test]
    fn file_round_trip_keeps_probabilities_and_bytes() {
        let (texts, labels) = data();
        let model = params().fit(&texts, &labels).unwrap();
        let bytes = ModelFile::new(model.clone(), None).to_bytes();
        let back = ModelFile::from_bytes(&bytes).unwrap();
        for t in &texts {
            assert_eq!(model.probabilities(t), back.model.probabilities(t));
        }
        assert_eq!(back.to_bytes(), bytes);
        // Same data, same params: same bytes.
        let again = params().fit(&texts, &labels).unwrap();
        assert_eq!(ModelFile::new(again, None).to_bytes(), bytes);
    }

    #[test]
    fn bad_files_are_typed_errors() {
        assert!(matches!(
            ModelFile::from_bytes(b"not json"),
            Err(ModelError::Format(_))
        ));
        let v = br#"{"format":"rhetoric-model","format_version":99}"#;
        assert!(matches!(
            ModelFile::from_bytes(v),
            Err(ModelError::Version {
                found: 99,
                supported: 1
            })
        ));
        let (texts, labels) = data();
        let model = params().fit(&texts, &labels).unwrap();
        let mut file = ModelFile::new(model, None);
        file.model.weights.pop();
        let bytes = file.to_bytes();
        assert!(matches!(
            ModelFile::from_bytes(&bytes),
            Err(ModelError::Format(_))
        ));
    }
}
