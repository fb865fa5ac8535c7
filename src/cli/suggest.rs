//! `rhetoric suggest`: the sentences a model is least sure of, to label next.
//!
//! ```text
//! rhetoric suggest [-m MODEL] INPUT... [-n N] [-o to_label.csv]
//!
//! INPUT as for `predict` (files, folders, globs, saved pages, CSV, JSONL,
//! -). Every sentence that is not boilerplate is labeled; the N with the
//! smallest margin (top probability minus the next) are written, least
//! sure first, skipping any that shares more than 60% of its words with
//! one already chosen. Columns: text, label (empty, to fill in), doc,
//! source, model_label, margin, p_<label>... Fill in `label`, keep the rows
//! you labeled, and train on your data plus this file:
//!   rhetoric train data.csv to_label.csv -o better.model
//! ```

use std::path::PathBuf;

use rhetoric::io::input::{collect_inputs, DocumentStream, InputFormat, ReadOptions};
use rhetoric::io::output::Output;
use rhetoric::predict::suggest::{Candidate, Suggester};
use rhetoric::predict::{PredictOptions, Predictor};
use rhetoric::{Error, Result};

/// Pick the sentences a model is least sure of, for labeling by hand.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example: rhetoric suggest scraped/ -n 200 -o to_label.csv")]
pub struct Args {
    /// Files, directories, glob patterns, or - for stdin (as for predict).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Model file, or `default` for the built-in model (the default).
    #[arg(short, long, value_name = "MODEL")]
    pub model: Option<PathBuf>,
    /// How many sentences to suggest.
    #[arg(short = 'n', long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub count: u32,
    /// Output CSV (default: stdout). Written atomically.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Text column (CSV) or field (JSONL).
    #[arg(long, default_value = "text")]
    pub text_col: String,
}

pub fn run(args: Args) -> Result<()> {
    super::stdin_once(&args.inputs)?;
    let file = super::load_model(args.model.as_deref())?;
    let model = &file.model;
    let (inputs, errors) = collect_inputs(&args.inputs, InputFormat::Auto);
    if inputs.is_empty() {
        return Err(super::predict::last_after_printing(errors));
    }
    errors.iter().for_each(|e| eprintln!("rhetoric: {e}"));
    super::refuse_overwriting_inputs(args.output.as_deref(), &inputs, args.model.as_deref())?;
    let opts = ReadOptions {
        text_field: args.text_col.clone(),
        id_field: None,
        whole_pages: false,
    };
    let predictor = Predictor::new(model, PredictOptions::default());
    let mut transformer = predictor.transformer();
    let mut suggester = Suggester::new(args.count as usize);
    let mut read = 0;
    for doc in DocumentStream::new(inputs, opts) {
        let doc = match doc {
            Ok(doc) => doc,
            Err(e) => {
                eprintln!("rhetoric: {e}");
                continue;
            }
        };
        read += 1;
        let labeled = predictor.label_document(&mut transformer, doc);
        for s in labeled.sentences {
            if let Some((label, probs)) = s.label {
                suggester.add(Candidate {
                    text: s.text,
                    doc: labeled.doc.id.clone(),
                    source: labeled.doc.source.to_string(),
                    label,
                    probs,
                });
            }
        }
    }
    if read == 0 {
        return Err(Error::Usage("no input could be read".into()));
    }
    let labels = model.labels();
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = ["text", "label", "doc", "source", "model_label", "margin"]
        .map(String::from)
        .to_vec();
    header.extend(labels.iter().map(|l| format!("p_{l}")));
    w.write_record(&header).expect("write to memory");
    for (margin, c) in suggester.finish() {
        let mut row = vec![
            c.text,
            String::new(),
            c.doc,
            c.source,
            labels[c.label].clone(),
            format!("{margin:.4}"),
        ];
        row.extend(c.probs.iter().map(|p| format!("{p:.4}")));
        w.write_record(&row).expect("write to memory");
    }
    let bytes = w.into_inner().expect("flush to memory");
    let mut out = Output::create(args.output.as_deref())?;
    std::io::Write::write_all(&mut out, &bytes).map_err(|e| out.error(e))?;
    out.finish()
}
