//! `rhetoric predict`: label every sentence of articles.
//!
//! ```text
//! rhetoric predict [-m MODEL] INPUT... [--format csv|jsonl] [-o OUT [--sync]]
//!                  [--summary [--by KEY]... [--period day|week|month]]
//!                  [--keep-boilerplate] [--no-split]
//!
//! INPUT: files, directories (every .txt .md .html .htm .jsonl .csv below,
//! in path order), glob patterns (quoted: 'news/**/*.html'), or - for stdin.
//! .txt/other files, .md pages and .html pages are one article each; CSV and JSONL
//! hold one article per row/line in --text-col (default `text`), with an
//! optional --id-col carried to the output as `doc`. A text file or text
//! stdin over 256 KiB is labeled in parts cut between paragraphs, and
//! comes out as one article.
//!
//! One output row per sentence, in input order: doc, source, line,
//! sentence, start, end (byte range in the article), boilerplate, actor,
//! text, label, p_<label>..., then carried CSV columns. Boilerplate (bylines,
//! promos, credits, link lines, embedded posts) is marked and left
//! unlabeled unless --keep-boilerplate. --summary writes one row per
//! article, or per group with --by (actor, or any carried column) and
//! --period (of --date-col), plus a TOTAL row.
//!
//! Exit: 0 all read; 3 some inputs or rows could not be read (each is
//! reported on stderr; everything else is in the output); 1 nothing could
//! be read or a usage error (no output written); 2 internal error.
//! ```

use std::cell::RefCell;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use indicatif::{ProgressBar, ProgressStyle};
use rhetoric::error::RowErrorLimit;
use rhetoric::io::input::{collect_inputs, DocumentStream, InputFormat, InputKind, ReadOptions};
use rhetoric::io::output::{Durability, Output};
use rhetoric::predict::period::Period;
use rhetoric::predict::summary::{render_rows, GroupBy, Summarizer};
use rhetoric::predict::{run_batch, Columns, Format, PredictOptions, Predictor};
use rhetoric::{Error, Result};

/// Label every sentence of articles (files, directories, globs, CSV, JSONL, HTML or stdin).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  rhetoric predict seeds/\n  rhetoric predict -m models/mine.model news.csv --format jsonl -o out.jsonl\n  rhetoric predict 'scraped/**/*.html' --summary --by actor\n\nExit codes: 0 ok, 1 user error, 2 internal error, 3 partial (some inputs skipped)."
)]
pub struct Args {
    /// Files, directories, glob patterns, or `-` for stdin.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Model file, or `default` for the built-in model (the default).
    #[arg(short, long, value_name = "MODEL")]
    pub model: Option<PathBuf>,
    /// Output file (default: stdout). Written to a temporary file beside
    /// it and renamed into place when complete.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Sync the output file to disk before renaming it into place, so that
    /// even a power loss never leaves it short (slower: the disk writes
    /// compete with the labeling).
    #[arg(long, requires = "output")]
    pub sync: bool,
    /// Output format.
    #[arg(long, default_value = "csv", value_parser = ["csv", "jsonl"])]
    pub format: String,
    /// Text column (CSV) or field (JSONL).
    #[arg(long, default_value = "text")]
    pub text_col: String,
    /// Id column (CSV) or field (JSONL), carried to the output as `doc`.
    #[arg(long)]
    pub id_col: Option<String>,
    /// Label each article (file, row, line) whole instead of sentence by sentence.
    #[arg(long)]
    pub no_split: bool,
    /// How to read inputs: auto (by extension: .html/.htm, .md/.markdown, .csv, .jsonl; stdin is text), text, html, markdown, csv or jsonl.
    #[arg(long, default_value = "auto", value_parser = ["auto", "text", "html", "markdown", "csv", "jsonl"])]
    pub input_format: String,
    /// Read HTML pages whole (every block of the page) instead of their main
    /// text (headline and article body, found as a reader view does).
    #[arg(long)]
    pub whole_page: bool,
    /// Label boilerplate sentences too, and count them in summaries.
    #[arg(long)]
    pub keep_boilerplate: bool,
    /// Leave the sentiment and compound columns empty (faster when tone is not needed).
    #[arg(long)]
    pub no_sentiment: bool,
    /// Leave the actor column empty (skips speaker attribution, which is faster).
    #[arg(long)]
    pub no_actors: bool,
    /// Write a per-article summary instead of sentence rows.
    #[arg(long)]
    pub summary: bool,
    /// Group the summary: `article` (the default), `actor` (the speaker),
    /// or any carried column of the inputs (`outlet`, `region`); repeat to
    /// group by several at once (`--by outlet --by actor`).
    #[arg(long, value_name = "KEY", requires = "summary")]
    pub by: Vec<String>,
    /// With --summary, group by the period of each document's date: day,
    /// week (ISO) or month. The date comes from --date-col.
    #[arg(long, value_enum, requires = "summary")]
    pub period: Option<PeriodArg>,
    /// Column holding each document's date, for --period.
    #[arg(long, default_value = "date", value_name = "NAME")]
    pub date_col: String,
    /// No progress bar.
    #[arg(short, long)]
    pub quiet: bool,
    /// Worker threads, 1 to 1024 (default: all cores).
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub threads: Option<u16>,
}

pub fn run(args: Args) -> Result<()> {
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(n))
            .build_global()
            .map_err(|e| Error::Internal(e.to_string()))?;
    }
    super::stdin_once(&args.inputs)?;
    let file = super::load_model(args.model.as_deref())?;
    let model = &file.model;
    let (inputs, errors) = collect_inputs(&args.inputs, args.input_format());
    let mut skipped = errors.len() as u64;
    if inputs.is_empty() {
        return Err(last_after_printing(errors));
    }
    for e in &errors {
        eprintln!("rhetoric: {e}");
    }
    super::refuse_overwriting_inputs(args.output.as_deref(), &inputs, args.model.as_deref())?;
    let opts = ReadOptions {
        whole_pages: args.whole_page,
        text_field: args.text_col.clone(),
        id_field: args.id_col.clone(),
    };
    let stream = DocumentStream::new(inputs, opts).with_whole_texts(args.no_split);
    let columns = Columns::new(model.labels(), stream.extra_columns());
    let format = if args.format == "jsonl" {
        Format::Jsonl
    } else {
        Format::Csv
    };
    let by = group_by(&args, stream.extra_columns())?;
    let mut summarizer = Summarizer::new(model.labels(), stream.extra_columns(), by.clone());
    let summary_header = summarizer.header();
    let predictor = Predictor::new(
        model,
        PredictOptions {
            no_split: args.no_split,
            keep_boilerplate: args.keep_boilerplate,
            no_sentiment: args.no_sentiment,
            no_actors: args.no_actors,
        },
    );
    let bar = progress_bar(args.quiet, stream.total_bytes());
    let durability = if args.sync {
        Durability::Synced
    } else {
        Durability::Renamed
    };
    let mut out = Output::create_with(args.output.as_deref(), durability)?;
    let header = if args.summary {
        render_rows(format, &summary_header, &[], true)
    } else {
        columns.render_header(format)
    };
    // The header goes out with the first rows, so a run where nothing can
    // be read leaves stdout empty.
    let mut header = Some(header);
    // Errors are printed as they come once some article was read; before
    // that they wait, so that a run where nothing can be read ends with
    // exactly one line per problem (the last one as the run's error).
    let pending: RefCell<Option<Vec<Error>>> = RefCell::new(Some(Vec::new()));
    let limit = RefCell::new(RowErrorLimit::new());
    let report = |e: Error| {
        if !limit.borrow_mut().admit(&e) {
            return;
        }
        match pending.borrow_mut().as_mut() {
            Some(held) => held.push(e),
            None => bar.suspend(|| eprintln!("rhetoric: {e}")),
        }
    };
    let release = || {
        if let Some(held) = pending.borrow_mut().take() {
            held.iter()
                .for_each(|e| bar.suspend(|| eprintln!("rhetoric: {e}")));
        }
    };
    let summary = args.summary;
    let stats = run_batch(
        &predictor,
        stream,
        summary,
        |docs, out| {
            if !summary {
                columns.render(format, docs, out);
            }
        },
        |slice| {
            if slice.documents > 0 {
                release();
            }
            if let Some(h) = header.take() {
                out.write_all(&h).map_err(|e| out.error(e))?;
            }
            if summary {
                let mut rows = Vec::with_capacity(slice.docs.len());
                for d in &slice.docs {
                    rows.extend(summarizer.push(d));
                }
                if by == GroupBy::Article {
                    let b = render_rows(format, &summary_header, &rows, false);
                    out.write_all(&b).map_err(|e| out.error(e))?;
                }
                Ok(())
            } else {
                out.write_all(&slice.bytes).map_err(|e| out.error(e))
            }
        },
        report,
        |bytes, stats| {
            bar.set_position(bytes);
            let rate = stats.sentences as f64 / bar.elapsed().as_secs_f64().max(1e-3);
            bar.set_message(format!(
                "{} articles, {} sentences, {rate:.0} sentences/s",
                stats.documents, stats.sentences
            ));
        },
    )?;
    bar.finish_and_clear();
    skipped += stats.skipped;
    let not_shown = limit.into_inner().not_shown();
    if let Some(mut held) = pending.borrow_mut().take() {
        if stats.documents == 0 && !held.is_empty() {
            // Nothing could be read: leave no output behind.
            held.extend(not_shown);
            return Err(last_after_printing(held));
        }
        held.iter().for_each(|e| eprintln!("rhetoric: {e}"));
    }
    not_shown.iter().for_each(|e| eprintln!("rhetoric: {e}"));
    if let Some(h) = header.take() {
        out.write_all(&h).map_err(|e| out.error(e))?;
    }
    if summary {
        let mut rows = if by == GroupBy::Article {
            summarizer.finish().into_iter().collect()
        } else {
            summarizer.group_rows()
        };
        rows.push(summarizer.total_row());
        match summarizer.undated() {
            0 => {}
            n => eprintln!(
                "rhetoric: warning: {n} document{} no date that can be read in column '{}'; counted under '{}'",
                if n == 1 { " has" } else { "s have" },
                args.date_col,
                rhetoric::predict::summary::UNDATED
            ),
        }
        let b = render_rows(format, &summary_header, &rows, false);
        out.write_all(&b).map_err(|e| out.error(e))?;
    }
    out.finish()?;
    if skipped > 0 {
        return Err(Error::Partial {
            skipped,
            documents: stats.documents,
        });
    }
    Ok(())
}

impl Args {
    fn input_format(&self) -> InputFormat {
        match self.input_format.as_str() {
            "text" => InputFormat::Force(InputKind::Text),
            "html" => InputFormat::Force(InputKind::Html),
            "markdown" => InputFormat::Force(InputKind::Markdown),
            "csv" => InputFormat::Force(InputKind::Csv),
            "jsonl" => InputFormat::Force(InputKind::Jsonl),
            _ => InputFormat::Auto,
        }
    }
}

/// Print all errors but the last; return the last as the run's error.
pub(crate) fn last_after_printing(mut errors: Vec<Error>) -> Error {
    let last = errors
        .pop()
        .unwrap_or_else(|| Error::Usage("no input given".into()));
    for e in errors {
        eprintln!("rhetoric: {e}");
    }
    last
}

/// A bar over the bytes to read, or, when stdin is among the inputs and
/// the total is not known, a spinner with the bytes read so far.
fn progress_bar(quiet: bool, total: Option<u64>) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let (bar, template) = match total {
        Some(total) => (
            ProgressBar::new(total),
            "{bar:30} {bytes}/{total_bytes} {msg} (ETA {eta})",
        ),
        None => (
            ProgressBar::no_length(),
            "{spinner} {bytes} read, {msg} ({elapsed})",
        ),
    };
    bar.set_style(
        ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// `--period`'s values.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum PeriodArg {
    Day,
    Week,
    Month,
}

/// The summary's grouping from `--by` and `--period`, with the carried
/// `columns` of the inputs.
fn group_by(args: &Args, columns: &[String]) -> Result<GroupBy> {
    let period = args.period.map(|p| match p {
        PeriodArg::Day => Period::Day,
        PeriodArg::Week => Period::Week,
        PeriodArg::Month => Period::Month,
    });
    GroupBy::from_keys(&args.by, period, &args.date_col, columns)
}
