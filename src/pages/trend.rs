//! The escalation index over time: predictions (the sentence rows
//! `predict` writes, CSV or JSONL, with a date column) → one series per
//! group, a point per period with its 95% interval and counts, and the
//! most escalatory sentences of each period. [`page`] draws it as one
//! self-contained HTML page.
//!
//! The figures are the summary's ([`crate::predict::summary::Summarizer`], grouped
//! by the period of the date column and the `--by` keys) and the periods
//! are [`crate::predict::period`]'s, so a trend page and `predict --summary --period
//! … --by …` on the same articles agree (to the rounding of the printed
//! probabilities). A summary file itself can be drawn too ([`summary_rows`]).

pub mod page;
mod summary_rows;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;

use crate::annotate::sentiment::Sentiment;
use crate::error::{Error, Result};
use crate::io::input::{Document, DocumentStream, Input, InputKind, ReadOptions};
use crate::predict::period::Period;
use crate::predict::summary::{GroupBy, GroupKey, Summarizer, UNDATED};
use crate::predict::{LabeledDocument, LabeledSentence};

/// What to draw from the predictions.
#[derive(Debug, Clone)]
pub struct TrendOptions {
    pub period: Period,
    /// Column holding each article's date.
    pub date_col: String,
    /// Group keys: `actor` or any carried column, one series per value.
    pub by: Vec<String>,
    /// Most escalatory sentences shown per period.
    pub top: usize,
}

/// Most periods one page draws: a daily trend over five years is already
/// wider than a chart can show apart.
pub const MAX_PERIODS: usize = 2000;

/// Everything the trend page shows.
#[derive(Debug, Clone)]
pub struct Trend {
    pub period: Period,
    pub date_col: String,
    /// Names of the group keys (empty: one series of all sentences).
    pub by: Vec<String>,
    /// Every period from the first dated one to the last, in time order.
    pub periods: Vec<String>,
    pub series: Vec<Series>,
    /// The most escalatory sentences of each period that has any, in time order.
    pub top: Vec<(String, Vec<TopSentence>)>,
    /// Articles and labeled sentences read, dated or not.
    pub documents: usize,
    pub sentences: usize,
    /// Articles whose date could not be read (left out of the chart).
    pub undated: usize,
    pub inputs: Vec<PathBuf>,
}

/// One group's escalation index over time.
#[derive(Debug, Clone)]
pub struct Series {
    /// The group's value of each key (empty without keys).
    pub group: Vec<String>,
    /// Points in time order; periods without sentences have none.
    pub points: Vec<Point>,
}

impl Series {
    /// The group's name as shown: its key values joined, or "all".
    pub fn name(&self) -> String {
        if self.group.is_empty() {
            "all sentences".to_string()
        } else {
            self.group.join(" · ")
        }
    }

    pub fn sentences(&self) -> usize {
        self.points.iter().map(|p| p.sentences).sum()
    }
}

/// A group's figures in one period.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub period: String,
    pub index: f64,
    /// 95% interval; `None` under two sentences.
    pub interval: Option<(f64, f64)>,
    pub sentences: usize,
    pub documents: usize,
}

/// One of a period's most escalatory sentences.
#[derive(Debug, Clone, PartialEq)]
pub struct TopSentence {
    pub p_escalation: f32,
    pub doc: String,
    pub date: String,
    pub group: Vec<String>,
    pub text: String,
}

/// Where the needed fields sit among the stream's carried columns.
struct Fields {
    labels: Vec<String>,
    /// Column of `p_<label>` for each label.
    probs: Vec<usize>,
    label: usize,
    doc: usize,
    escalation: usize,
    source: Option<usize>,
    actor: Option<usize>,
    compound: Option<usize>,
    date: usize,
}

/// Read predictions files and sum them up into a [`Trend`].
pub fn read_trend(inputs: Vec<Input>, opts: &TrendOptions) -> Result<Trend> {
    let paths: Vec<PathBuf> = inputs.iter().map(|i| i.path.clone()).collect();
    let first = paths
        .first()
        .cloned()
        .ok_or_else(|| Error::Usage("no input given".into()))?;
    if let Some(other) = inputs
        .iter()
        .find(|i| !matches!(i.kind, InputKind::Csv | InputKind::Jsonl))
    {
        return Err(Error::file(
            &other.path,
            "expected predictions (.csv or .jsonl written by rhetoric predict)",
        ));
    }
    if let Some(summary) = inputs.iter().find(|i| summary_rows::is_summary(i)) {
        return read_summary_alone(summary, inputs.len(), opts);
    }
    let mut stream = DocumentStream::new(
        inputs,
        ReadOptions {
            text_field: "text".into(),
            // Read as a carried column, so that a file without it is
            // told "not predictions" rather than "no column doc".
            id_field: None,
            whole_pages: false,
        },
    );
    let columns = stream.extra_columns().to_vec();
    let fields = match find_fields(&columns, &opts.date_col) {
        Ok(f) => f,
        // A file the stream cannot read (no `text` column, not JSON) says
        // so better than a missing column does.
        Err(why) => {
            return Err(match stream.next() {
                Some(Err(e)) => e,
                _ => Error::file(&first, why),
            })
        }
    };
    let by = group_by(&columns, &fields, opts)?;
    let mut top = TopSentences {
        kept: BTreeMap::new(),
        per_period: opts.top,
        escalation: fields.escalation,
        group_columns: by[1..]
            .iter()
            .map(|key| match key {
                GroupKey::Column { index, .. } => Some(*index),
                _ => None,
            })
            .collect(),
    };
    let mut summarizer = Summarizer::new(&fields.labels, &columns, GroupBy::Keys(by));
    tally_rows(stream, &fields, opts, &mut summarizer, &mut top)?;
    let trend = collect(&summarizer, opts, top.kept, paths)?;
    if trend.series.is_empty() {
        let why = if trend.undated < trend.documents && !opts.by.is_empty() {
            format!(
                "no dated, labeled sentence has a value for --by {} (an actor is empty where no speaker was found)",
                opts.by.join(" --by ")
            )
        } else {
            format!(
                "no labeled row has a date that can be read in column '{}' ({} article(s) read)",
                opts.date_col, trend.documents
            )
        };
        return Err(Error::file(&first, why));
    }
    Ok(trend)
}

/// The trend of a summary file, which must be the only input.
fn read_summary_alone(summary: &Input, inputs: usize, opts: &TrendOptions) -> Result<Trend> {
    if inputs > 1 {
        return Err(Error::file(
            &summary.path,
            "is a summary; give it alone (a summary does not mix with other inputs)",
        ));
    }
    let trend = summary_rows::read_summary(summary, opts)?;
    if trend.series.is_empty() {
        return Err(Error::file(
            &summary.path,
            format!(
                "no dated group row with an escalation index ({} '{}' values only)",
                opts.period.name(),
                UNDATED
            ),
        ));
    }
    Ok(trend)
}

/// Read every predictions row: an article's consecutive rows make one
/// labeled document for the summarizer, and each row is offered to its
/// period's top sentences.
fn tally_rows(
    stream: DocumentStream,
    fields: &Fields,
    opts: &TrendOptions,
    summarizer: &mut Summarizer,
    top: &mut TopSentences,
) -> Result<()> {
    let mut open: Option<LabeledDocument> = None;
    for row in stream {
        let (doc, sentence) = labeled_row(row?, fields)?;
        let date = &doc.extra[fields.date];
        if let Some(period) = opts.period.of(date) {
            top.offer(period, date, &doc, &sentence);
        }
        match &mut open {
            Some(d) if d.doc.id == doc.id && d.doc.source == doc.source => {
                d.sentences.push(sentence)
            }
            _ => {
                if let Some(done) = open.replace(LabeledDocument {
                    doc,
                    sentences: vec![sentence],
                }) {
                    summarizer.add(&done);
                }
            }
        }
    }
    if let Some(done) = open {
        summarizer.add(&done);
    }
    Ok(())
}

/// The needed columns among `columns`, or what is missing.
fn find_fields(columns: &[String], date_col: &str) -> std::result::Result<Fields, String> {
    let at = |name: &str| columns.iter().position(|c| c == name);
    let (labels, probs): (Vec<String>, Vec<usize>) = columns
        .iter()
        .enumerate()
        .filter_map(|(i, c)| Some((c.strip_prefix("p_")?.to_string(), i)))
        .unzip();
    let (Some(label), Some(doc), false) = (at("label"), at("doc"), labels.is_empty()) else {
        return Err(
            "not predictions: no doc, label and p_<label> columns (write them with rhetoric predict)"
                .into(),
        );
    };
    let escalation = labels.iter().position(|l| l == "escalation");
    let de_escalation = labels.iter().position(|l| l == "de-escalation");
    let (Some(escalation), Some(_)) = (escalation, de_escalation) else {
        return Err(
            "no p_escalation and p_de-escalation columns: the escalation index needs a model with both labels"
                .into(),
        );
    };
    let date = at(date_col).ok_or_else(|| {
        format!(
            "no date column named '{date_col}' (set --date-col; columns: {})",
            columns.join(", ")
        )
    })?;
    Ok(Fields {
        labels,
        probs,
        label,
        doc,
        escalation,
        source: at("source"),
        actor: at("actor"),
        compound: at("compound"),
        date,
    })
}

/// The summary's keys: the period of the date column, then each `--by`.
fn group_by(columns: &[String], fields: &Fields, opts: &TrendOptions) -> Result<Vec<GroupKey>> {
    let mut keys = vec![GroupKey::Period {
        name: opts.date_col.clone(),
        index: fields.date,
        period: opts.period,
    }];
    for name in &opts.by {
        if name == "actor" {
            keys.push(GroupKey::Actor);
            continue;
        }
        let index = columns.iter().position(|c| c == name).ok_or_else(|| {
            Error::Usage(format!(
                "--by {name}: no such column; the predictions carry: {}",
                columns.join(", ")
            ))
        })?;
        keys.push(GroupKey::Column {
            name: name.clone(),
            index,
        });
    }
    Ok(keys)
}

/// One predictions row as an article (its id and carried columns) and
/// one labeled sentence.
fn labeled_row(row: Document, fields: &Fields) -> Result<(Document, LabeledSentence)> {
    let at = |msg: String| match row.line {
        Some(line) => Error::at_line(&*row.source, line, msg),
        None => Error::file(&*row.source, msg),
    };
    let label_name = row.extra[fields.label].trim();
    let label = if label_name.is_empty() {
        None
    } else {
        let l = fields
            .labels
            .iter()
            .position(|l| l == label_name)
            .ok_or_else(|| at(format!("label '{label_name}' has no p_{label_name} column")))?;
        let probs = fields
            .probs
            .iter()
            .zip(&fields.labels)
            .map(|(&i, name)| {
                let value = row.extra[i].trim();
                value
                    .parse::<f32>()
                    .ok()
                    .filter(|p| (0.0..=1.0).contains(p))
                    .ok_or_else(|| at(format!("p_{name} '{value}' is not a probability")))
            })
            .collect::<Result<Vec<f32>>>()?;
        Some((l, probs))
    };
    let compound = fields
        .compound
        .and_then(|i| row.extra[i].trim().parse::<f64>().ok());
    let sentence = LabeledSentence {
        index: 0,
        start: 0,
        end: 0,
        actor: fields
            .actor
            .map(|i| row.extra[i].trim().to_string())
            .filter(|a| !a.is_empty()),
        sentiment: compound.map(|compound| Sentiment {
            neg: 0.0,
            neu: 0.0,
            pos: 0.0,
            compound,
        }),
        boilerplate: None,
        label,
        text: row.text,
    };
    let source = match fields.source {
        Some(i) => row.extra[i].as_str().into(),
        None => row.source,
    };
    let doc = Document {
        id: row.extra[fields.doc].clone(),
        source,
        line: row.line,
        text: String::new(),
        extra: row.extra,
        part: None,
    };
    Ok((doc, sentence))
}

/// The most escalatory sentences of each period, as the rows go by.
struct TopSentences {
    kept: BTreeMap<String, Vec<TopSentence>>,
    per_period: usize,
    escalation: usize,
    /// Where each group key's value is: a carried column, or the actor (`None`).
    group_columns: Vec<Option<usize>>,
}

impl TopSentences {
    /// Keep `sentence` among its period's most escalatory (the earlier row
    /// first on a tie; a text already kept is not kept again).
    fn offer(&mut self, period: String, date: &str, doc: &Document, sentence: &LabeledSentence) {
        let Some((_, probs)) = &sentence.label else {
            return;
        };
        if self.per_period == 0 {
            return;
        }
        let p = probs[self.escalation];
        let kept = self.kept.entry(period).or_default();
        let full = kept.len() == self.per_period;
        // A sentence repeated (a wire story run by several outlets) is listed once.
        if full && kept.last().is_some_and(|last| last.p_escalation >= p)
            || kept.iter().any(|k| k.text == sentence.text)
        {
            return;
        }
        let group = self
            .group_columns
            .iter()
            .map(|column| match column {
                Some(i) => doc.extra[*i].trim().to_string(),
                None => sentence.actor.clone().unwrap_or_default(),
            })
            .collect();
        let at = kept.partition_point(|k| k.p_escalation >= p);
        kept.insert(
            at,
            TopSentence {
                p_escalation: p,
                doc: doc.id.clone(),
                date: date.trim().to_string(),
                group,
                text: sentence.text.clone(),
            },
        );
        kept.truncate(self.per_period);
    }
}

/// The trend from the summary's group rows (read by column name, as any
/// reader of a summary would).
fn collect(
    summarizer: &Summarizer,
    opts: &TrendOptions,
    top: BTreeMap<String, Vec<TopSentence>>,
    inputs: Vec<PathBuf>,
) -> Result<Trend> {
    let header = summarizer.header();
    let column = |name: &str| header.iter().position(|h| h == name);
    // Group rows start with the key values, then documents and sentences.
    let keys = 1 + opts.by.len();
    let (documents, sentences) = (keys, keys + 1);
    let (Some(index), Some(low), Some(high)) = (
        column("escalation_index"),
        column("escalation_index_low"),
        column("escalation_index_high"),
    ) else {
        return Err(Error::Internal("summary without its index columns".into()));
    };
    let count = |v: &Value| match v {
        Value::String(s) => s.parse().unwrap_or(0),
        other => other.as_u64().unwrap_or(0) as usize,
    };
    let mut series: BTreeMap<Vec<String>, Vec<Point>> = BTreeMap::new();
    for row in summarizer.group_rows() {
        let key: Vec<String> = row[..keys]
            .iter()
            .map(|v| v.as_str().unwrap_or_default().to_string())
            .collect();
        let (Some(value), false) = (row[index].as_f64(), key[0] == UNDATED) else {
            continue;
        };
        let interval = row[low].as_f64().zip(row[high].as_f64());
        series.entry(key[1..].to_vec()).or_default().push(Point {
            period: key[0].clone(),
            index: value,
            interval,
            sentences: count(&row[sentences]),
            documents: count(&row[documents]),
        });
    }
    let total = summarizer.total_row();
    let totals = Totals {
        documents: total.get(documents).map_or(0, count),
        sentences: total.get(sentences).map_or(0, count),
        undated: summarizer.undated(),
    };
    assemble(series, top, totals, opts, inputs)
}

/// Counts of everything read, dated or not, for the page's header.
struct Totals {
    documents: usize,
    sentences: usize,
    undated: usize,
}

/// The trend of each group's points and each period's top sentences.
fn assemble(
    series: BTreeMap<Vec<String>, Vec<Point>>,
    top: BTreeMap<String, Vec<TopSentence>>,
    totals: Totals,
    opts: &TrendOptions,
    inputs: Vec<PathBuf>,
) -> Result<Trend> {
    let series: Vec<Series> = series
        .into_iter()
        .filter(|(_, points)| !points.is_empty())
        .map(|(group, mut points)| {
            points.sort_by(|a, b| a.period.cmp(&b.period));
            Series { group, points }
        })
        .collect();
    // Periods sort as text in time order (zero-padded ISO forms).
    let first = series.iter().map(|s| &s.points[0].period).min();
    let last = series
        .iter()
        .filter_map(|s| s.points.last())
        .map(|p| &p.period)
        .max();
    let periods = match (first, last) {
        (Some(first), Some(last)) => every_period(opts.period, first, last)?,
        _ => Vec::new(),
    };
    Ok(Trend {
        period: opts.period,
        date_col: opts.date_col.clone(),
        by: opts.by.clone(),
        periods,
        series,
        top: top.into_iter().collect(),
        documents: totals.documents,
        sentences: totals.sentences,
        undated: totals.undated,
        inputs,
    })
}

/// Every period from `first` to `last`, both included.
fn every_period(period: Period, first: &str, last: &str) -> Result<Vec<String>> {
    let mut periods = vec![first.to_string()];
    while periods.last().is_some_and(|p| p.as_str() < last) {
        if periods.len() >= MAX_PERIODS {
            return Err(Error::Usage(format!(
                "the dates run from {first} to {last}: more than {MAX_PERIODS} {}s to draw; use a longer --period",
                period.name()
            )));
        }
        let next = periods
            .last()
            .and_then(|p| period.next(p))
            .ok_or_else(|| Error::Internal(format!("no period after {first}")))?;
        periods.push(next);
    }
    Ok(periods)
}
