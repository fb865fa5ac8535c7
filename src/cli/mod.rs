//! Subcommands, one file each, with their usage text at the top.

pub mod eval;
pub mod explain;
pub mod inspect;
pub mod predict;
pub mod report;
pub mod train;

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
}

pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Train(a) => train::run(a),
        Command::Predict(a) => predict::run(a),
        Command::Eval(a) => eval::run(a),
        Command::Inspect(a) => inspect::run(a),
        Command::Explain(a) => explain::run(a),
        Command::Report(a) => report::run(a),
    }
}

/// The model at `path`, or the embedded default model.
pub fn load_model(path: Option<&Path>) -> Result<ModelFile> {
    match path {
        Some(p) => ModelFile::read(p),
        None => rhetoric::default_model(),
    }
}
