//! `rhetoric predict`: label every sentence of articles.
//!
//! ```text
//! rhetoric predict [-m MODEL] INPUT... [--format csv|jsonl] [-o OUT]
//!
//! INPUT is a .txt/.md file (one article, split into sentences), a CSV with
//! a text column (one article per row; other columns are carried through;
//! --no-split labels each cell whole), a directory (every .txt/.md/.csv
//! below it, in path order) or `-` for stdin. Output has one row per
//! sentence: source, line (CSV inputs), sentence index, byte start/end,
//! text, label, and p_<label> for every label, then carried columns
//! (renamed input_<name> if they clash).
//! ```

use std::path::PathBuf;

use rhetoric::output::Output;
use rhetoric::predict::{
    collect_inputs, extra_columns, label, read_input, Columns, Format, InputFormat, ReadOptions,
    RecordWriter,
};
use rhetoric::{Error, Result};

/// Label every sentence of articles (files, directories, CSV or stdin).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  rhetoric predict seeds/\n  rhetoric predict -m models/mine.model news.csv --format jsonl -o out.jsonl"
)]
pub struct Args {
    /// Files, directories, or `-` for stdin.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Model file (default: the built-in default model).
    #[arg(short, long, value_name = "MODEL")]
    pub model: Option<PathBuf>,
    /// Output file (default: stdout). Written atomically.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Output format.
    #[arg(long, default_value = "csv", value_parser = ["csv", "jsonl"])]
    pub format: String,
    /// Name of the text column of CSV inputs.
    #[arg(long, default_value = "text")]
    pub text_col: String,
    /// Label each CSV cell whole instead of splitting it into sentences.
    #[arg(long)]
    pub no_split: bool,
    /// How to read inputs: auto (by extension; stdin is text), text or csv.
    #[arg(long, default_value = "auto", value_parser = ["auto", "text", "csv"])]
    pub input_format: String,
}

pub fn run(args: Args) -> Result<()> {
    let file = super::load_model(args.model.as_deref())?;
    let model = &file.model;
    let input_format = match args.input_format.as_str() {
        "text" => InputFormat::Text,
        "csv" => InputFormat::Csv,
        _ => InputFormat::Auto,
    };
    let inputs = collect_inputs(&args.inputs, input_format)?;
    if let Some(out) = &args.output {
        refuse_overwriting_inputs(out, &inputs)?;
    }
    let opts = ReadOptions {
        text_column: args.text_col.clone(),
        no_split: args.no_split,
    };
    let extra = extra_columns(&inputs, &opts)?;
    let format = if args.format == "jsonl" {
        Format::Jsonl
    } else {
        Format::Csv
    };
    let out = Output::create(args.output.as_deref())?;
    let out_name = out.name().to_path_buf();
    let io_err = |e| Error::io(&out_name, e);
    let mut writer =
        RecordWriter::new(out, format, Columns::new(model.labels(), &extra)).map_err(io_err)?;
    for input in &inputs {
        read_input(input, &opts, extra.len(), &mut |record| {
            let (best, probs) = label(model, &record.text);
            writer.write(&record, best, &probs).map_err(io_err)
        })?;
    }
    writer.into_inner().map_err(io_err)?.finish()
}

/// Writing the output over one of the inputs would destroy it.
fn refuse_overwriting_inputs(
    out: &std::path::Path,
    inputs: &[rhetoric::predict::Input],
) -> Result<()> {
    let Ok(out_c) = out.canonicalize() else {
        return Ok(()); // does not exist yet: cannot be an input
    };
    for i in inputs {
        if i.path.canonicalize().is_ok_and(|p| p == out_c) {
            return Err(Error::Usage(format!(
                "output {} is also an input; refusing to overwrite it",
                out.display()
            )));
        }
    }
    Ok(())
}
