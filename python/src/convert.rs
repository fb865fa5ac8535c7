//! Between the library's values and Python's: errors become exceptions,
//! JSON values become dicts and lists, Python lists become strings.

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use serde_json::Value;

use crate::InputError;

/// A library error as a Python exception carrying the command line's
/// message: the user's mistakes as [`InputError`] (a `ValueError`), bugs
/// as `RuntimeError`.
pub fn to_py_err(e: rhetoric::Error) -> PyErr {
    if e.is_user_error() {
        InputError::new_err(e.to_string())
    } else {
        PyRuntimeError::new_err(e.to_string())
    }
}

/// A JSON value as the Python value `json.loads` would give.
pub fn json_to_py<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.into_pyobject(py)?.into_any(),
            (None, Some(u)) => u.into_pyobject(py)?.into_any(),
            _ => n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any(),
        },
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json_to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, item) in map {
                dict.set_item(k, json_to_py(py, item)?)?;
            }
            dict.into_any()
        }
    })
}

/// The strings of a Python sequence, refusing anything else with the
/// item's place: `texts[3] is a float, not a str (a missing value?)`.
pub fn strings(seq: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<String>> {
    let n = seq.len()?;
    let mut out = Vec::with_capacity(n);
    for (i, item) in seq.try_iter()?.enumerate() {
        let item = item?;
        match item.cast::<PyString>() {
            Ok(s) => out.push(s.to_str()?.to_owned()),
            Err(_) => {
                let kind = item.get_type().name()?;
                let hint = if item.is_none() || kind == "float" {
                    " (a missing value?)"
                } else {
                    ""
                };
                return Err(InputError::new_err(format!(
                    "{what}[{i}] is a {kind}, not a str{hint}"
                )));
            }
        }
    }
    Ok(out)
}
