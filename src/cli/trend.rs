//! `rhetoric trend`: the escalation index over time as one HTML page.
//!
//! ```text
//! rhetoric trend PREDICTIONS... -o trend.html [--period day|week|month]
//!                [--date-col NAME] [--by KEY]... [--top N] [--title TEXT]
//!
//! PREDICTIONS: the sentence rows `rhetoric predict` writes (CSV or JSONL),
//! with the articles' date column carried (a `date` column of the input
//! CSV); or one summary (`predict --summary --period P --by KEY`), drawn
//! as it is (its one most escalatory sentence per row stands for the
//! period's top sentences).
//!
//! The page shows the escalation index of each period, one line per group
//! (--by: `actor` or any carried column, repeatable) with its 95% interval
//! band, the sentences behind each point, the most escalatory sentences of
//! each period with their article id, and the figures as a table: inline
//! CSS and SVG, no scripts, nothing fetched. The figures are those of
//! `predict --summary --period P --by KEY` on the same articles (to the
//! rounding of the four-decimal probabilities read).
//! ```

use std::path::PathBuf;

use rhetoric::io::input::{collect_inputs, InputFormat};
use rhetoric::io::output::Output;
use rhetoric::pages::trend::{page, read_trend, TrendOptions};
use rhetoric::predict::period::Period;
use rhetoric::Result;

use super::predict::{last_after_printing, PeriodArg};

/// Draw the escalation index over time (per group) from predictions, as one HTML page.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  rhetoric predict news.csv -o sentences.csv\n  rhetoric trend sentences.csv --period week --by outlet -o trend.html"
)]
pub struct Args {
    /// Predictions files (CSV or JSONL written by `rhetoric predict`), or one
    /// `predict --summary --period ...` file.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Output HTML file. Written to a temporary file beside it and renamed into place.
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,
    /// Length of one point in time: day, week (ISO) or month.
    #[arg(long, value_enum, default_value = "week")]
    pub period: PeriodArg,
    /// Column holding each article's date.
    #[arg(long, default_value = "date", value_name = "NAME")]
    pub date_col: String,
    /// One line per value of this key: `actor` or a carried column
    /// (`outlet`); repeat to cross keys (`--by outlet --by actor`).
    #[arg(long, value_name = "KEY")]
    pub by: Vec<String>,
    /// Most escalatory sentences listed per period.
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub top: usize,
    /// Page title (default: "Escalation index by <period>").
    #[arg(long)]
    pub title: Option<String>,
}

pub fn run(args: Args) -> Result<()> {
    rhetoric::io::output::check_writable(&args.output)?;
    let (inputs, errors) = collect_inputs(&args.inputs, InputFormat::Auto);
    if !errors.is_empty() || inputs.is_empty() {
        return Err(last_after_printing(errors));
    }
    super::refuse_overwriting_inputs(Some(&args.output), &inputs, None)?;
    let period = match args.period {
        PeriodArg::Day => Period::Day,
        PeriodArg::Week => Period::Week,
        PeriodArg::Month => Period::Month,
    };
    let opts = TrendOptions {
        period,
        date_col: args.date_col,
        by: args.by,
        top: args.top,
    };
    let trend = read_trend(inputs, &opts)?;
    if trend.undated > 0 {
        eprintln!(
            "rhetoric: warning: {} article(s) have no date that can be read in column '{}'; left out of the page",
            trend.undated, opts.date_col
        );
    }
    let title = args
        .title
        .unwrap_or_else(|| format!("Escalation index by {}", period.name()));
    let generated_by = format!("rhetoric {}", env!("CARGO_PKG_VERSION"));
    let html = page::render_html(&trend, &title, &generated_by);
    let mut out = Output::create(Some(&args.output))?;
    std::io::Write::write_all(&mut out, html.as_bytes()).map_err(|e| out.error(e))?;
    out.finish()
}
