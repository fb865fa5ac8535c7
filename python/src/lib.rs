//! `rhetoric._rhetoric`: the compiled half of the Python package.
//!
//! Thin on purpose: every figure comes from the `rhetoric` library, the same
//! code the command line runs. The pure-Python `rhetoric/__init__.py` turns
//! DataFrames and records into the plain lists taken here, and results into
//! DataFrames. Work runs with the interpreter released (`py.detach`), so
//! other Python threads go on, and batches use every core through the
//! library's batch runner.

mod convert;
mod model;
mod predict;

use pyo3::prelude::*;

pyo3::create_exception!(
    rhetoric,
    InputError,
    pyo3::exceptions::PyValueError,
    "Bad input: an empty text, a missing column, a wrong option, a file that is not a model. The message is the command line's."
);

#[pymodule]
fn _rhetoric(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("InputError", m.py().get_type::<InputError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<model::Model>()?;
    m.add_function(wrap_pyfunction!(predict::predict_columns, m)?)?;
    m.add_function(wrap_pyfunction!(predict::summary_rows, m)?)?;
    Ok(())
}
