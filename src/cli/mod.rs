//! Subcommands, one file each, with their usage text at the top.

pub mod eval;
pub mod explain;
pub mod inspect;
pub mod predict;
pub mod report;
pub mod suggest;
pub mod train;
pub mod trend;

use std::path::Path;

use clap::{Parser, Subcommand};
use rhetoric::{ModelFile, Result};

/// Label every sentence of conflict and diplomacy news as escalation,
/// de-escalation or neutral rhetoric.
#[derive(Debug, Parser)]
#[command(name = "rhetoric", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Train(train::Args),
    Predict(predict::Args),
    Eval(eval::Args),
    Inspect(inspect::Args),
    Explain(explain::Args),
    Report(report::Args),
    Suggest(suggest::Args),
    Trend(trend::Args),
}

pub fn run(cli: Cli) -> Result<()> {
    rhetoric::io::output::remove_unfinished_on_signals()?;
    match cli.command {
        Command::Train(a) => train::run(a),
        Command::Predict(a) => predict::run(a),
        Command::Eval(a) => eval::run(a),
        Command::Inspect(a) => inspect::run(a),
        Command::Explain(a) => explain::run(a),
        Command::Report(a) => report::run(a),
        Command::Suggest(a) => suggest::run(a),
        Command::Trend(a) => trend::run(a),
    }
}

/// Write to stdout, turning a full disk or a closed pipe into an error
/// instead of a panic (`println!` panics on both). main.rs exits 0 on a
/// closed pipe and 1 with a one-line message otherwise.
pub fn write_stdout(s: &str) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(s.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| rhetoric::Error::io("<stdout>", e))
}

/// `println!` that returns an error instead of panicking.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::cli::write_stdout(&format!("{}\n", format_args!($($arg)*)))?
    };
}

/// `print!` that returns an error instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cli::write_stdout(&format!($($arg)*))?
    };
}

pub(crate) use {out, outln};

/// Refuse an output that would destroy one of the articles read or the
/// model (`predict`, `suggest`).
pub fn refuse_overwriting_inputs(
    output: Option<&Path>,
    inputs: &[rhetoric::io::input::Input],
    model: Option<&Path>,
) -> Result<()> {
    let Some(out) = output else {
        return Ok(());
    };
    let mut own: Vec<&Path> = inputs.iter().map(|i| i.path.as_path()).collect();
    own.extend(model);
    rhetoric::io::output::refuse_overwriting(out, &own)
}

/// Refuse `-` given more than once: standard input can be read only once
/// (the second read found nothing and the run ended as a partial batch).
pub fn stdin_once(inputs: &[std::path::PathBuf]) -> Result<()> {
    match inputs.iter().filter(|p| p.as_os_str() == "-").count() {
        0 | 1 => Ok(()),
        n => Err(rhetoric::Error::Usage(format!(
            "'-' (standard input) is given {n} times; it can be read only once"
        ))),
    }
}

/// What `-m` takes to name the embedded default model (a file of that
/// name in the working directory wins).
pub const DEFAULT_MODEL_NAME: &str = "default";

/// The model at `path`, or the embedded default model when there is no
/// path or the path is `default` and no such file exists.
pub fn load_model(path: Option<&Path>) -> Result<ModelFile> {
    match path {
        Some(p) if p != Path::new(DEFAULT_MODEL_NAME) || p.exists() => ModelFile::read(p),
        _ => rhetoric::default_model(),
    }
}

/// The models named by `-m` (the default model when there is none), each
/// with the name reports show for it.
pub fn load_models(paths: &[std::path::PathBuf]) -> Result<Vec<(String, ModelFile)>> {
    if paths.is_empty() {
        return Ok(vec![(DEFAULT_MODEL_LABEL.to_string(), load_model(None)?)]);
    }
    paths
        .iter()
        .map(|p| {
            let name = if p != Path::new(DEFAULT_MODEL_NAME) || p.exists() {
                p.display().to_string()
            } else {
                DEFAULT_MODEL_LABEL.to_string()
            };
            Ok((name, load_model(Some(p))?))
        })
        .collect()
}

/// How reports name the embedded default model.
pub const DEFAULT_MODEL_LABEL: &str = "(built-in default model)";

/// Each model evaluated on `data`, after the data's warnings and each
/// model's unknown-label warning are printed (what `eval` and `report` share).
pub fn evaluate_models(
    models: &[(String, ModelFile)],
    data: &rhetoric::io::data::LabeledData,
) -> Vec<rhetoric::eval::evaluation::Evaluation> {
    for w in &data.warnings {
        eprintln!("rhetoric: warning: {w}");
    }
    models
        .iter()
        .map(|(name, file)| {
            if let Some(w) = data.unknown_labels_warning(name, file.model.labels()) {
                eprintln!("rhetoric: warning: {w}");
            }
            rhetoric::eval::evaluation::evaluate_model(&file.model, name, data)
        })
        .collect()
}
