//! A summary written by `predict --summary --period P [--by KEY]...` (CSV
//! or JSONL) read back as a trend: its group rows are the points, and the
//! most escalatory sentence of each row stands for its group among the
//! period's top sentences (a summary keeps one per row).

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use serde_json::Value;

use super::{assemble, Point, TopSentence, Totals, Trend, TrendOptions};
use crate::error::{Error, Result};
use crate::io::input::{Input, InputKind};
use crate::predict::summary::UNDATED;

/// Largest summary read: a summary has a row per period and group, so
/// even ten years of days by a hundred outlets stay far below it.
const MAX_BYTES: u64 = 64 << 20;

/// One row: its line and its values by column name (numbers as text,
/// null as empty).
type Row = (u64, BTreeMap<String, String>);

/// True when `input` is a summary: it has an `escalation_index` column
/// and no sentence `text` (what predictions have).
pub(super) fn is_summary(input: &Input) -> bool {
    let Ok(file) = std::fs::File::open(&input.path) else {
        return false;
    };
    let mut head = Vec::new();
    if file.take(1 << 20).read_to_end(&mut head).is_err() {
        return false;
    }
    let first = head.split(|&b| b == b'\n').next().unwrap_or_default();
    let first = String::from_utf8_lossy(first);
    let names: Vec<String> = match input.kind {
        InputKind::Csv => first.split(',').map(|c| c.trim().to_string()).collect(),
        InputKind::Jsonl => serde_json::from_str::<serde_json::Map<String, Value>>(&first)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default(),
        _ => return false,
    };
    names.iter().any(|n| n == "escalation_index") && !names.iter().any(|n| n == "text")
}

/// The trend of one summary file.
pub(super) fn read_summary(input: &Input, opts: &TrendOptions) -> Result<Trend> {
    let path = input.path.as_path();
    let (columns, rows) = read_rows(input)?;
    let period_col = opts.period.name();
    if !columns.iter().any(|c| c == period_col) {
        return Err(Error::file(
            path,
            format!(
                "a summary without a '{period_col}' column (written without --period {period_col}?)"
            ),
        ));
    }
    let by = group_columns(input, &columns, opts)?;
    let mut series: BTreeMap<Vec<String>, Vec<Point>> = BTreeMap::new();
    let mut candidates: BTreeMap<String, Vec<TopSentence>> = BTreeMap::new();
    let (mut documents, mut sentences, mut undated) = (0, 0, 0);
    let mut total: Option<(usize, usize)> = None;
    for (line, row) in &rows {
        let get = |name: &str| row.get(name).map_or("", |v| v.trim());
        let at = |msg: String| Error::at_line(path, *line, msg);
        let count = |name: &str| {
            get(name)
                .parse::<usize>()
                .map_err(|_| at(format!("{name} '{}' is not a count", get(name))))
        };
        let period = get(period_col);
        if period == "TOTAL" {
            total = Some((count("documents")?, count("sentences")?));
            continue;
        }
        documents += count("documents")?;
        sentences += count("sentences")?;
        if period == UNDATED {
            undated += count("documents")?;
            continue;
        }
        let Some(index) = get("escalation_index").parse::<f64>().ok() else {
            continue;
        };
        if opts.period.start(period).is_none() {
            return Err(at(format!("'{period}' is not a {period_col}")));
        }
        let number = |name: &str| get(name).parse::<f64>().ok();
        let group: Vec<String> = by.iter().map(|b| get(b).to_string()).collect();
        let points = series.entry(group.clone()).or_default();
        if points.iter().any(|p| p.period == period) {
            return Err(at(format!(
                "a second row for {period_col} {period} and the same group; name the summary's --by columns"
            )));
        }
        points.push(Point {
            period: period.to_string(),
            index,
            interval: number("escalation_index_low").zip(number("escalation_index_high")),
            sentences: count("sentences")?,
            documents: count("documents")?,
        });
        if let (Some(p), text) = (number("p_most_escalatory"), get("most_escalatory")) {
            candidates
                .entry(period.to_string())
                .or_default()
                .push(TopSentence {
                    p_escalation: p as f32,
                    doc: String::new(),
                    date: String::new(),
                    group,
                    text: text.to_string(),
                });
        }
    }
    let top = top_of(candidates, opts.top);
    // The TOTAL row counts an article once however many groups it is in.
    let (documents, sentences) = total.unwrap_or((documents, sentences));
    let totals = Totals {
        documents,
        sentences,
        undated,
    };
    let opts = TrendOptions { by, ..opts.clone() };
    assemble(series, top, totals, &opts, vec![path.to_path_buf()])
}

/// The group columns: those asked for, else (CSV, whose columns keep
/// their order) the ones between the period and `documents`.
fn group_columns(input: &Input, columns: &[String], opts: &TrendOptions) -> Result<Vec<String>> {
    let by: Vec<String> = if !opts.by.is_empty() {
        opts.by.clone()
    } else if input.kind == InputKind::Jsonl {
        Vec::new()
    } else {
        columns
            .iter()
            .skip_while(|c| *c != opts.period.name())
            .skip(1)
            .take_while(|c| *c != "documents")
            .cloned()
            .collect()
    };
    if let Some(missing) = by.iter().find(|b| !columns.contains(b)) {
        return Err(Error::Usage(format!(
            "--by {missing}: no such column; the summary has: {}",
            columns.join(", ")
        )));
    }
    Ok(by)
}

/// Each period's most escalatory rows, most escalatory first, a text once.
fn top_of(
    candidates: BTreeMap<String, Vec<TopSentence>>,
    per_period: usize,
) -> BTreeMap<String, Vec<TopSentence>> {
    candidates
        .into_iter()
        .map(|(period, mut kept)| {
            kept.sort_by(|a, b| b.p_escalation.total_cmp(&a.p_escalation));
            let mut seen = std::collections::BTreeSet::new();
            kept.retain(|k| !k.text.is_empty() && seen.insert(k.text.clone()));
            kept.truncate(per_period);
            (period, kept)
        })
        .collect()
}

/// The column names and rows of a summary file.
fn read_rows(input: &Input) -> Result<(Vec<String>, Vec<Row>)> {
    let path = input.path.as_path();
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(Error::file(
            path,
            format!("a summary over {} MiB; is it one?", MAX_BYTES >> 20),
        ));
    }
    match input.kind {
        InputKind::Jsonl => jsonl_rows(path, &bytes),
        _ => csv_rows(path, &bytes),
    }
}

fn csv_rows(path: &Path, bytes: &[u8]) -> Result<(Vec<String>, Vec<Row>)> {
    let mut reader = csv::Reader::from_reader(bytes);
    let bad = |e: csv::Error| {
        let line = e.position().map_or(1, |p| p.line());
        Error::at_line(path, line, format!("not a CSV row ({e})"))
    };
    let columns: Vec<String> = reader
        .headers()
        .map_err(bad)?
        .iter()
        .map(|c| c.trim().to_string())
        .collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(bad)?;
        let line = record.position().map_or(0, |p| p.line());
        let row = columns
            .iter()
            .cloned()
            .zip(record.iter().map(String::from))
            .collect();
        rows.push((line, row));
    }
    Ok((columns, rows))
}

fn jsonl_rows(path: &Path, bytes: &[u8]) -> Result<(Vec<String>, Vec<Row>)> {
    let mut columns: Vec<String> = Vec::new();
    let mut rows = Vec::new();
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let line_no = i as u64 + 1;
        if line.trim_ascii().is_empty() {
            continue;
        }
        let object: serde_json::Map<String, Value> = serde_json::from_slice(line)
            .map_err(|e| Error::at_line(path, line_no, format!("not a JSON object ({e})")))?;
        let row: BTreeMap<String, String> = object
            .into_iter()
            .map(|(k, v)| {
                let text = match v {
                    Value::Null => String::new(),
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                (k, text)
            })
            .collect();
        if columns.is_empty() {
            columns = row.keys().cloned().collect();
        }
        rows.push((line_no, row));
    }
    Ok((columns, rows))
}
