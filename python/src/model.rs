//! `rhetoric.Model`: load, train, save, evaluate and explain.

use std::path::PathBuf;
use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::PyList;
use rhetoric::io::data::labeled_from_memory;
use rhetoric::model::training::{train, TrainOptions};
use rhetoric::{ModelFile, Weighting};

use crate::convert::{json_to_py, strings, to_py_err};
use crate::InputError;

/// A trained model: the embedded default, a model file, or one trained here.
#[pyclass(module = "rhetoric", frozen)]
pub struct Model {
    pub file: Arc<ModelFile>,
    /// The held-out check's report, for a model trained in this session.
    report: Option<String>,
    /// Where the model came from, for repr and evaluation results.
    name: String,
}

impl Model {
    fn new(file: ModelFile, name: String, report: Option<String>) -> Self {
        Model {
            file: Arc::new(file),
            report,
            name,
        }
    }
}

#[pymethods]
impl Model {
    /// The default model built into the package (works offline).
    #[staticmethod]
    fn default() -> PyResult<Model> {
        let file = rhetoric::default_model().map_err(to_py_err)?;
        Ok(Model::new(file, "(built-in default model)".into(), None))
    }

    /// A model file written by `rhetoric train` or `Model.save`.
    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<Model> {
        let file = py.detach(|| ModelFile::read(&path)).map_err(to_py_err)?;
        Ok(Model::new(file, path.display().to_string(), None))
    }

    /// Train on texts and their labels with `rhetoric train`'s options.
    #[staticmethod]
    #[pyo3(signature = (
        texts, labels, *, source = "<python>".to_string(), valid = 0.2, folds = None,
        seed = 42, alpha = 0.3, max_iter = None, warm_start = None, warm_iter = 30,
        balanced = false, ngrams = 2, min_count = 2, max_features = None, stem = true,
        sentiment_features = false, keep_names = false, plain_negation = false,
        quote_marks = false, weighting = "tfidf".to_string()
    ))]
    #[allow(clippy::too_many_arguments)]
    fn train(
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        labels: &Bound<'_, PyAny>,
        source: String,
        valid: f64,
        folds: Option<usize>,
        seed: u64,
        alpha: f32,
        max_iter: Option<u64>,
        warm_start: Option<usize>,
        warm_iter: u64,
        balanced: bool,
        ngrams: usize,
        min_count: usize,
        max_features: Option<usize>,
        stem: bool,
        sentiment_features: bool,
        keep_names: bool,
        plain_negation: bool,
        quote_marks: bool,
        weighting: String,
    ) -> PyResult<Model> {
        let weighting = match weighting.as_str() {
            "tfidf" => Weighting::Tfidf,
            "binary" => Weighting::Binary,
            other => {
                return Err(InputError::new_err(format!(
                    "weighting must be 'tfidf' or 'binary', got {other:?}"
                )))
            }
        };
        let opts = TrainOptions {
            valid,
            folds,
            seed,
            alpha,
            max_iter,
            warm_start,
            warm_iter,
            balanced,
            ngrams,
            min_count,
            max_features,
            stem,
            sentiment_features,
            keep_names,
            plain_negation,
            quote_marks,
            char_ngrams: None,
            weighting,
        };
        opts.params(0).map_err(to_py_err)?;
        let texts = strings(texts, "texts")?;
        let labels = strings(labels, "labels")?;
        let trained = py.detach(|| {
            let t: Vec<&str> = texts.iter().map(String::as_str).collect();
            let l: Vec<&str> = labels.iter().map(String::as_str).collect();
            let data = labeled_from_memory(&source, &t, &l)?;
            let trained = train(&data, &source, ("text", "label"), &opts, &|_| {})?;
            Ok::<_, rhetoric::Error>((trained, data.warnings))
        });
        let (trained, warnings) = trained.map_err(to_py_err)?;
        warn_all(py, &warnings)?;
        let name = format!("(trained on {source})");
        Ok(Model::new(trained.file, name, Some(trained.report)))
    }

    /// Write the model file (atomically: an existing file stays intact if
    /// anything fails).
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        let file = Arc::clone(&self.file);
        py.detach(|| rhetoric::io::output::write_atomic(&path, &file.to_bytes()))
            .map_err(to_py_err)
    }

    /// The labels, in the order of the probability columns.
    #[getter]
    fn labels(&self) -> Vec<String> {
        self.file.model.labels().to_vec()
    }

    /// What the model file records about its training (None for a model
    /// saved without it).
    #[getter]
    fn training<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let v = serde_json::to_value(&self.file.training)
            .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))?;
        json_to_py(py, &v)
    }

    /// The held-out check printed by training, for a model trained here.
    #[getter]
    fn report(&self) -> Option<String> {
        self.report.clone()
    }

    /// Score the model on labeled texts, each one unit: the figures of
    /// `rhetoric eval --json`.
    #[pyo3(signature = (texts, labels, *, errors = 10))]
    fn evaluate<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        labels: &Bound<'py, PyAny>,
        errors: usize,
    ) -> PyResult<Bound<'py, PyAny>> {
        let texts = strings(texts, "texts")?;
        let labels = strings(labels, "labels")?;
        let file = Arc::clone(&self.file);
        let name = self.name.clone();
        let result = py.detach(|| {
            let t: Vec<&str> = texts.iter().map(String::as_str).collect();
            let l: Vec<&str> = labels.iter().map(String::as_str).collect();
            let data = labeled_from_memory("<python>", &t, &l)?;
            let e = rhetoric::eval::evaluation::evaluate_model(&file.model, &name, &data);
            Ok::<_, rhetoric::Error>((e.to_json(errors), data.warnings))
        });
        let (mut json, warnings) = result.map_err(to_py_err)?;
        warn_all(py, &warnings)?;
        index_mistakes(&mut json);
        json_to_py(py, &json)
    }

    /// Why each sentence of `text` gets its label: the features present
    /// and their contributions, as `rhetoric explain --json`.
    #[pyo3(signature = (text, *, top = 10))]
    fn explain<'py>(
        &self,
        py: Python<'py>,
        text: &str,
        top: usize,
    ) -> PyResult<Bound<'py, PyList>> {
        let file = Arc::clone(&self.file);
        let text = text.to_owned();
        let values = py.detach(|| {
            let sentences = rhetoric::text::SentenceSplitter::new().split(&text);
            if sentences.is_empty() {
                return Err(rhetoric::Error::Usage("no text to explain".into()));
            }
            sentences
                .iter()
                .map(|s| {
                    let mut e = rhetoric::eval::explain::explain(&file.model, &s.text);
                    e.contributions.truncate(top);
                    // Through the text `explain --json` prints, so that its
                    // f32 figures read as there (to_value widens them).
                    serde_json::to_string(&e)
                        .and_then(|s| serde_json::from_str(&s))
                        .map_err(|e| rhetoric::Error::Internal(e.to_string()))
                })
                .collect::<rhetoric::Result<Vec<_>>>()
        });
        let list = PyList::empty(py);
        for v in values.map_err(to_py_err)? {
            list.append(json_to_py(py, &v)?)?;
        }
        Ok(list)
    }

    fn __repr__(&self) -> String {
        format!(
            "<rhetoric.Model {} labels={:?}>",
            self.name,
            self.file.model.labels()
        )
    }

    /// Pickling (Dask and Spark ship models to workers): the model file's bytes.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let me = slf.get();
        let bytes = pyo3::types::PyBytes::new(py, &me.file.to_bytes());
        let rebuild = py.import("rhetoric")?.getattr("_model_from_bytes")?;
        let args = (bytes, me.name.clone());
        let reduced = (rebuild, args).into_pyobject(py)?;
        Ok(reduced.into_any())
    }

    /// Rebuild a model from its file's bytes (for `__reduce__`).
    #[staticmethod]
    fn from_bytes(bytes: &[u8], name: String) -> PyResult<Model> {
        let file =
            ModelFile::from_bytes(bytes).map_err(|e| to_py_err(rhetoric::Error::Model(e)))?;
        Ok(Model::new(file, name, None))
    }
}

/// Each warning of reading labeled rows as a Python `UserWarning`.
fn warn_all(py: Python<'_>, warnings: &[String]) -> PyResult<()> {
    let category = py.get_type::<pyo3::exceptions::PyUserWarning>();
    for w in warnings {
        let message = std::ffi::CString::new(w.replace('\0', " "))
            .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))?;
        PyErr::warn(py, &category, &message, 1)?;
    }
    Ok(())
}

/// The mistakes' rows are places in the lists given (`index`), not lines
/// of a file.
fn index_mistakes(json: &mut serde_json::Value) {
    let Some(rows) = json
        .get_mut("misclassified")
        .and_then(serde_json::Value::as_array_mut)
    else {
        return;
    };
    for row in rows.iter_mut().filter_map(serde_json::Value::as_object_mut) {
        if let Some(line) = row.remove("line") {
            row.insert("index".into(), line);
        }
    }
}
