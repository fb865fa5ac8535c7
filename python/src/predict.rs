//! Labeling texts in memory: the library's batch runner over documents made
//! from Python strings, its results turned into columns or summary rows.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use rhetoric::io::input::{Document, DocumentStream};
use rhetoric::predict::period::Period;
use rhetoric::predict::summary::{GroupBy, Summarizer};
use rhetoric::predict::{round4, run_batch, LabeledDocument, PredictOptions, Predictor};

use crate::convert::{json_to_py, strings, to_py_err};
use crate::model::Model;
use crate::InputError;

/// The documents to label: texts, with their carried columns.
struct Batch {
    texts: Vec<String>,
    ids: Vec<String>,
    columns: Vec<String>,
    /// One list of values per carried column.
    values: Vec<Vec<String>>,
}

impl Batch {
    fn read(
        texts: &Bound<'_, PyAny>,
        ids: Option<&Bound<'_, PyAny>>,
        columns: Vec<String>,
        values: Vec<Bound<'_, PyAny>>,
    ) -> PyResult<Batch> {
        let texts = strings(texts, "texts")?;
        let n = texts.len();
        let ids = match ids {
            Some(ids) => strings(ids, "ids")?,
            None => (0..n).map(|i| i.to_string()).collect(),
        };
        if columns.len() != values.len() {
            return Err(InputError::new_err("one list of values per column"));
        }
        let values = columns
            .iter()
            .zip(&values)
            .map(|(c, v)| strings(v, c))
            .collect::<PyResult<Vec<_>>>()?;
        if ids.len() != n || values.iter().any(|v| v.len() != n) {
            return Err(InputError::new_err(
                "ids and every column need one value per text",
            ));
        }
        Ok(Batch {
            texts,
            ids,
            columns,
            values,
        })
    }

    /// The documents, numbered by their place (`line`) in the batch.
    fn into_stream(self) -> DocumentStream {
        let source: Arc<str> = Arc::from("<python>");
        let mut values: Vec<_> = self.values.into_iter().map(Vec::into_iter).collect();
        let docs = self
            .texts
            .into_iter()
            .zip(self.ids)
            .enumerate()
            .map(|(i, (text, id))| Document {
                id,
                source: Arc::clone(&source),
                line: Some(i as u64),
                text,
                extra: values.iter_mut().filter_map(Iterator::next).collect(),
                part: None,
            })
            .collect();
        DocumentStream::from_documents(docs, self.columns)
    }
}

/// Label every document of `batch` on all cores; `each` gets the labeled
/// documents in input order.
fn label(
    model: &rhetoric::Model,
    batch: Batch,
    opts: PredictOptions,
    mut each: impl FnMut(LabeledDocument),
) -> rhetoric::Result<()> {
    let predictor = Predictor::new(model, opts);
    let mut first_error = None;
    run_batch(
        &predictor,
        batch.into_stream(),
        true,
        |_, _| {},
        |slice| {
            slice.docs.into_iter().for_each(&mut each);
            Ok(())
        },
        |e| {
            first_error.get_or_insert(e);
        },
        |_, _| {},
    )?;
    // Documents in memory are never unreadable; this is a bug if it happens.
    first_error.map_or(Ok(()), Err)
}

fn options(split: bool, keep_boilerplate: bool, sentiment: bool, actors: bool) -> PredictOptions {
    PredictOptions {
        no_split: !split,
        keep_boilerplate,
        no_sentiment: !sentiment,
        no_actors: !actors,
    }
}

/// Label texts; returns `(names, columns)`, one list per output column,
/// one value per sentence: doc, sentence, start, end, boilerplate, actor,
/// text, label, p_<label>..., sentiment, compound, carried columns.
#[pyfunction]
#[pyo3(signature = (model, texts, docs, ids, columns, values, split, keep_boilerplate, sentiment, actors))]
#[allow(clippy::too_many_arguments)]
pub fn predict_columns<'py>(
    py: Python<'py>,
    model: &Model,
    texts: &Bound<'py, PyAny>,
    docs: Option<Bound<'py, PyList>>,
    ids: Option<Bound<'py, PyAny>>,
    columns: Vec<String>,
    values: Vec<Bound<'py, PyAny>>,
    split: bool,
    keep_boilerplate: bool,
    sentiment: bool,
    actors: bool,
) -> PyResult<(Vec<String>, Bound<'py, PyList>)> {
    let batch = Batch::read(texts, ids.as_ref(), columns, values)?;
    let n = batch.texts.len();
    if docs.as_ref().is_some_and(|d| d.len() != n) {
        return Err(InputError::new_err("docs need one value per text"));
    }
    let file = Arc::clone(&model.file);
    let opts = options(split, keep_boilerplate, sentiment, actors);
    let names = header(file.model.labels(), &batch.columns);
    let labeled = py.detach(|| {
        let mut out = Vec::with_capacity(n);
        label(&file.model, batch, opts, |d| out.push(d)).map(|()| out)
    });
    let labeled = labeled.map_err(to_py_err)?;
    let cols = Columns::new(py, file.model.labels(), names.len());
    for d in &labeled {
        cols.push_document(py, d, docs.as_ref())?;
    }
    Ok((names, cols.into_list(py)?))
}

/// The output column names: the command line's JSONL keys but `source`
/// and `line` (there is no file), carried columns renamed `input_<name>`
/// where they would clash, as there.
fn header(labels: &[String], extra: &[String]) -> Vec<String> {
    // A carried column named `source` or `line` is already renamed
    // `input_source`/`input_line`, so dropping those names drops only ours.
    rhetoric::predict::Columns::new(labels, extra)
        .header()
        .into_iter()
        .filter(|c| c != "source" && c != "line")
        .collect()
}

/// Output columns being filled, and the strings every row repeats.
struct Columns<'py> {
    lists: Vec<Bound<'py, PyList>>,
    labels: Vec<Bound<'py, PyString>>,
}

impl<'py> Columns<'py> {
    fn new(py: Python<'py>, labels: &[String], width: usize) -> Self {
        Columns {
            lists: (0..width).map(|_| PyList::empty(py)).collect(),
            labels: labels.iter().map(|l| PyString::new(py, l)).collect(),
        }
    }

    fn push_document(
        &self,
        py: Python<'py>,
        d: &LabeledDocument,
        docs: Option<&Bound<'py, PyList>>,
    ) -> PyResult<()> {
        let place = d.doc.line.unwrap_or(0) as usize;
        let doc = match docs {
            Some(docs) => docs.get_item(place)?,
            None => place.into_pyobject(py)?.into_any(),
        };
        let none = || py.None().into_bound(py);
        for s in &d.sentences {
            let mut col = self.lists.iter();
            let mut put = |v: Bound<'py, PyAny>| match col.next() {
                Some(list) => list.append(v),
                None => Err(pyo3::exceptions::PyRuntimeError::new_err("too many values")),
            };
            put(doc.clone())?;
            put(s.index.into_pyobject(py)?.into_any())?;
            put(s.start.into_pyobject(py)?.into_any())?;
            put(s.end.into_pyobject(py)?.into_any())?;
            put(match s.boilerplate {
                Some(b) => PyString::intern(py, b.name()).into_any(),
                None => none(),
            })?;
            put(match &s.actor {
                Some(a) => PyString::new(py, a).into_any(),
                None => none(),
            })?;
            put(PyString::new(py, &s.text).into_any())?;
            match &s.label {
                Some((l, probs)) => {
                    put(self.labels[*l].clone().into_any())?;
                    for p in probs {
                        put(round4(*p).into_pyobject(py)?.into_any())?;
                    }
                }
                None => {
                    for _ in 0..=self.labels.len() {
                        put(none())?;
                    }
                }
            }
            match s.sentiment {
                Some(x) => {
                    put(PyString::intern(py, x.tone().name()).into_any())?;
                    let c = (x.compound * 1e4).round() / 1e4;
                    put(c.into_pyobject(py)?.into_any())?;
                }
                None => {
                    put(none())?;
                    put(none())?;
                }
            }
            for v in &d.doc.extra {
                put(PyString::new(py, v).into_any())?;
            }
        }
        Ok(())
    }

    fn into_list(self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.lists)
    }
}

/// Summary rows of labeled texts, as `predict --summary --format jsonl`:
/// one per text (or per group with `by` / `period`), then a TOTAL row.
/// Returns the rows and the number of texts whose date could not be read.
#[pyfunction]
#[pyo3(signature = (model, texts, ids, columns, values, by, period, date_column, split, keep_boilerplate, sentiment, actors))]
#[allow(clippy::too_many_arguments)]
pub fn summary_rows<'py>(
    py: Python<'py>,
    model: &Model,
    texts: &Bound<'py, PyAny>,
    ids: Option<Bound<'py, PyAny>>,
    columns: Vec<String>,
    values: Vec<Bound<'py, PyAny>>,
    by: Vec<String>,
    period: Option<String>,
    date_column: String,
    split: bool,
    keep_boilerplate: bool,
    sentiment: bool,
    actors: bool,
) -> PyResult<(Bound<'py, PyList>, usize)> {
    let period = match period.as_deref() {
        None => None,
        Some("day") => Some(Period::Day),
        Some("week") => Some(Period::Week),
        Some("month") => Some(Period::Month),
        Some(other) => {
            return Err(InputError::new_err(format!(
                "period must be 'day', 'week' or 'month', got {other:?}"
            )))
        }
    };
    let batch = Batch::read(texts, ids.as_ref(), columns, values)?;
    let group = GroupBy::from_keys(&by, period, &date_column, &batch.columns).map_err(to_py_err)?;
    let file = Arc::clone(&model.file);
    let opts = options(split, keep_boilerplate, sentiment, actors);
    let result = py.detach(|| {
        let mut s = Summarizer::new(file.model.labels(), &batch.columns, group.clone());
        let mut rows = Vec::new();
        label(&file.model, batch, opts, |d| rows.extend(s.push(&d)))?;
        if group == GroupBy::Article {
            rows.extend(s.finish());
        } else {
            rows = s.group_rows();
        }
        rows.push(s.total_row());
        Ok::<_, rhetoric::Error>((s.header(), rows, s.undated()))
    });
    let (header, rows, undated) = result.map_err(to_py_err)?;
    let out = PyList::empty(py);
    for row in &rows {
        let dict = PyDict::new(py);
        for (name, v) in header.iter().zip(row) {
            dict.set_item(name, json_to_py(py, v)?)?;
        }
        out.append(dict)?;
    }
    Ok((out, undated))
}
