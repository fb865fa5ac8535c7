//! Batch prediction: inputs → sentences → labels → CSV or JSONL rows.
//!
//! Inputs are read one at a time and each sentence is written as soon as it
//! is labeled, so memory does not grow with the size of a batch.
//!
//! - `.txt`, `.md` and other files: the whole file is one article, split
//!   into sentences.
//! - `.csv`: one article per row, read from a text column; other columns are
//!   carried through to the output. Rows are split into sentences unless
//!   `no_split`.
//! - directories: every `.txt`, `.md` and `.csv` file below, in path order.
//! - `-`: standard input, as text unless the input format says CSV.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::data::{column_index, csv_error, read_bytes};
use crate::error::{Error, Result};
use crate::model::Model;
use crate::text::SentenceSplitter;

/// How an input is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Text,
    Csv,
}

/// How to choose the [`InputKind`] of each input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// By extension (`.csv` is CSV); stdin is text.
    #[default]
    Auto,
    Text,
    Csv,
}

/// One input to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// `-` for standard input.
    pub path: PathBuf,
    pub kind: InputKind,
}

/// Expand the command-line inputs: directories are walked recursively
/// (sorted, so output order never depends on the file system).
pub fn collect_inputs(args: &[PathBuf], format: InputFormat) -> Result<Vec<Input>> {
    let mut out = Vec::new();
    for arg in args {
        if arg.as_os_str() == "-" {
            out.push(Input {
                path: arg.clone(),
                kind: if format == InputFormat::Csv {
                    InputKind::Csv
                } else {
                    InputKind::Text
                },
            });
            continue;
        }
        let meta = std::fs::metadata(arg).map_err(|e| Error::io(arg, e))?;
        if meta.is_dir() {
            let mut files = Vec::new();
            walk(arg, &mut files, 0)?;
            files.sort();
            out.extend(files.into_iter().map(|p| input_for(p, format)));
        } else {
            out.push(input_for(arg.clone(), format));
        }
    }
    Ok(out)
}

fn input_for(path: PathBuf, format: InputFormat) -> Input {
    let kind = match format {
        InputFormat::Text => InputKind::Text,
        InputFormat::Csv => InputKind::Csv,
        InputFormat::Auto if has_ext(&path, &["csv"]) => InputKind::Csv,
        InputFormat::Auto => InputKind::Text,
    };
    Input { path, kind }
}

fn has_ext(path: &Path, exts: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| exts.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// Depth limit for directory walks: a symlink loop must end.
const MAX_DEPTH: usize = 64;

fn walk(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) -> Result<()> {
    if depth > MAX_DEPTH {
        return Err(Error::file(
            dir,
            "directories nested too deep (a symlink loop?)",
        ));
    }
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        let meta = std::fs::metadata(&path).map_err(|e| Error::io(&path, e))?;
        if meta.is_dir() {
            walk(&path, out, depth + 1)?;
        } else if has_ext(&path, &["txt", "md", "csv"]) {
            out.push(path);
        }
    }
    Ok(())
}

/// One sentence to label, with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The input path (`-` for stdin).
    pub source: String,
    /// CSV line of the row (CSV inputs only).
    pub line: Option<u64>,
    /// 0-based index of the sentence within its article.
    pub sentence: usize,
    /// Byte range of the sentence in the article (file or CSV cell).
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// Values of carried CSV columns, in [`Columns::extra`] order.
    pub extra: Vec<String>,
}

/// How to read CSV inputs.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    pub text_column: String,
    /// Label whole CSV cells instead of splitting them into sentences.
    pub no_split: bool,
}

/// Column names carried from CSV inputs: every column but the text column.
pub fn extra_columns(inputs: &[Input], opts: &ReadOptions) -> Result<Vec<String>> {
    let mut extra: Option<(PathBuf, Vec<String>)> = None;
    for input in inputs
        .iter()
        .filter(|i| i.kind == InputKind::Csv && i.path.as_os_str() != "-")
    {
        let mut r = csv::Reader::from_path(&input.path).map_err(|e| csv_error(&input.path, e))?;
        let headers = r.headers().map_err(|e| csv_error(&input.path, e))?.clone();
        let ti = column_index(&input.path, &headers, &opts.text_column)?;
        let cols: Vec<String> = headers
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != ti)
            .map(|(_, h)| h.trim().to_string())
            .collect();
        match &extra {
            None => extra = Some((input.path.clone(), cols)),
            Some((first, known)) if *known != cols => {
                return Err(Error::at_line(
                    &input.path,
                    1,
                    format!(
                        "columns differ from {} ({} vs {}); predict CSVs with the same header together",
                        first.display(),
                        cols.join(","),
                        known.join(",")
                    ),
                ));
            }
            Some(_) => {}
        }
    }
    Ok(extra.map(|(_, c)| c).unwrap_or_default())
}

/// Read one input and hand each sentence to `emit`.
pub fn read_input(
    input: &Input,
    opts: &ReadOptions,
    n_extra: usize,
    emit: &mut dyn FnMut(Record) -> Result<()>,
) -> Result<()> {
    let bytes = read_bytes(&input.path)?;
    let source = input.path.display().to_string();
    match input.kind {
        InputKind::Text => {
            let text = decode(&input.path, &bytes)?;
            for (i, s) in SentenceSplitter::new().split(text).into_iter().enumerate() {
                emit(Record {
                    source: source.clone(),
                    line: None,
                    sentence: i,
                    start: s.start,
                    end: s.end,
                    text: s.text,
                    extra: vec![String::new(); n_extra],
                })?;
            }
            Ok(())
        }
        InputKind::Csv => read_csv(&input.path, &bytes, &source, opts, n_extra, emit),
    }
}

fn read_csv(
    path: &Path,
    bytes: &[u8],
    source: &str,
    opts: &ReadOptions,
    n_extra: usize,
    emit: &mut dyn FnMut(Record) -> Result<()>,
) -> Result<()> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::file(path, "file is empty"));
    }
    let mut reader = csv::Reader::from_reader(bytes);
    let headers = reader.headers().map_err(|e| csv_error(path, e))?.clone();
    let ti = column_index(path, &headers, &opts.text_column)?;
    for rec in reader.records() {
        let rec = rec.map_err(|e| csv_error(path, e))?;
        let line = rec.position().map(|p| p.line());
        let text = rec.get(ti).unwrap_or("");
        let mut extra: Vec<String> = rec
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != ti)
            .map(|(_, v)| v.to_string())
            .collect();
        extra.resize(n_extra, String::new());
        let sentences = if opts.no_split {
            let t = text.trim();
            let lead = text.len() - text.trim_start().len();
            vec![crate::text::Sentence {
                text: crate::text::clean::squash_whitespace(t),
                start: lead,
                end: lead + t.len(),
            }]
        } else {
            SentenceSplitter::new().split(text)
        };
        for (i, s) in sentences.into_iter().enumerate() {
            emit(Record {
                source: source.to_string(),
                line,
                sentence: i,
                start: s.start,
                end: s.end,
                text: s.text,
                extra: extra.clone(),
            })?;
        }
    }
    Ok(())
}

/// UTF-8 text of a file, without a byte-order mark.
fn decode<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64
            + 1;
        Error::at_line(path, line, "not valid UTF-8 (save the file as UTF-8)")
    })
}

/// Output format of predictions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Csv,
    Jsonl,
}

/// Output column names: fixed ones, one probability per label, carried ones.
#[derive(Debug, Clone)]
pub struct Columns {
    pub labels: Vec<String>,
    /// Carried CSV columns, renamed `input_<name>` where they would clash.
    pub extra: Vec<String>,
}

const FIXED: [&str; 7] = [
    "source", "line", "sentence", "start", "end", "text", "label",
];

impl Columns {
    pub fn new(labels: &[String], extra: &[String]) -> Self {
        let prob: Vec<String> = labels.iter().map(|l| format!("p_{l}")).collect();
        let extra = extra
            .iter()
            .map(|c| {
                if FIXED.contains(&c.as_str()) || prob.contains(c) {
                    format!("input_{c}")
                } else {
                    c.clone()
                }
            })
            .collect();
        Columns {
            labels: labels.to_vec(),
            extra,
        }
    }

    pub fn header(&self) -> Vec<String> {
        FIXED
            .iter()
            .map(|s| s.to_string())
            .chain(self.labels.iter().map(|l| format!("p_{l}")))
            .chain(self.extra.iter().cloned())
            .collect()
    }
}

/// Writes labeled records as CSV or JSONL.
pub struct RecordWriter<W: Write> {
    format: Format,
    columns: Columns,
    csv: Option<csv::Writer<W>>,
    raw: Option<W>,
}

impl<W: Write> RecordWriter<W> {
    pub fn new(out: W, format: Format, columns: Columns) -> std::io::Result<Self> {
        match format {
            Format::Csv => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(columns.header()).map_err(into_io)?;
                Ok(RecordWriter {
                    format,
                    columns,
                    csv: Some(w),
                    raw: None,
                })
            }
            Format::Jsonl => Ok(RecordWriter {
                format,
                columns,
                csv: None,
                raw: Some(out),
            }),
        }
    }

    pub fn write(&mut self, r: &Record, label: usize, probs: &[f32]) -> std::io::Result<()> {
        let probs_s: Vec<String> = probs.iter().map(|p| format!("{p:.4}")).collect();
        match self.format {
            Format::Csv => {
                let w = self.csv.as_mut().expect("csv writer");
                let line = r.line.map(|l| l.to_string()).unwrap_or_default();
                let fixed = [
                    r.source.as_str(),
                    line.as_str(),
                    &r.sentence.to_string(),
                    &r.start.to_string(),
                    &r.end.to_string(),
                    r.text.as_str(),
                    self.columns.labels[label].as_str(),
                ]
                .map(|s| s.to_string());
                let row = fixed
                    .into_iter()
                    .chain(probs_s)
                    .chain(r.extra.iter().cloned());
                w.write_record(row).map_err(into_io)
            }
            Format::Jsonl => {
                let mut obj = serde_json::Map::new();
                obj.insert("source".into(), r.source.clone().into());
                obj.insert("line".into(), r.line.into());
                obj.insert("sentence".into(), r.sentence.into());
                obj.insert("start".into(), r.start.into());
                obj.insert("end".into(), r.end.into());
                obj.insert("text".into(), r.text.clone().into());
                obj.insert("label".into(), self.columns.labels[label].clone().into());
                for (l, p) in self.columns.labels.iter().zip(probs) {
                    let rounded = (f64::from(*p) * 1e4).round() / 1e4;
                    obj.insert(format!("p_{l}"), rounded.into());
                }
                for (c, v) in self.columns.extra.iter().zip(&r.extra) {
                    obj.insert(c.clone(), v.clone().into());
                }
                let w = self.raw.as_mut().expect("jsonl writer");
                serde_json::to_writer(&mut *w, &obj)?;
                w.write_all(b"\n")
            }
        }
    }

    /// Flush and return the underlying writer.
    pub fn into_inner(self) -> std::io::Result<W> {
        match (self.csv, self.raw) {
            (Some(w), _) => w.into_inner().map_err(|e| e.into_error()),
            (_, Some(mut w)) => {
                w.flush()?;
                Ok(w)
            }
            _ => unreachable!("one writer is always set"),
        }
    }
}

fn into_io(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

/// Label one record with a model: (label index, probabilities).
pub fn label(model: &Model, text: &str) -> (usize, Vec<f32>) {
    let probs = model.probabilities(text);
    (Model::predict_index(&probs), probs)
}

/// Metrics of `model` on (text, gold label) pairs; each text is one unit.
pub fn evaluate<'a>(
    model: &Model,
    rows: impl Iterator<Item = (&'a str, &'a str)>,
) -> crate::metrics::Metrics {
    let mut m = crate::metrics::Metrics::new(model.labels());
    for (text, gold) in rows {
        let (i, _) = label(model, text);
        m.add(gold, &model.labels()[i]);
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_are_walked_in_sorted_order() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir(d.path().join("sub")).unwrap();
        std::fs::write(d.path().join("b.txt"), "B.").unwrap();
        std::fs::write(d.path().join("sub/a.md"), "A.").unwrap();
        std::fs::write(d.path().join("c.bin"), "x").unwrap();
        let got = collect_inputs(&[d.path().to_path_buf()], InputFormat::Auto).unwrap();
        let names: Vec<_> = got
            .iter()
            .map(|i| i.path.strip_prefix(d.path()).unwrap().to_path_buf())
            .collect();
        assert_eq!(names, [PathBuf::from("b.txt"), PathBuf::from("sub/a.md")]);
    }

    #[test]
    fn csv_rows_are_split_and_columns_carried() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("n.csv");
        std::fs::write(&p, "id,text\n7,\"One here. Two there.\"\n").unwrap();
        let inputs = collect_inputs(std::slice::from_ref(&p), InputFormat::Auto).unwrap();
        let opts = ReadOptions {
            text_column: "text".into(),
            no_split: false,
        };
        let extra = extra_columns(&inputs, &opts).unwrap();
        assert_eq!(extra, ["id"]);
        let mut got = Vec::new();
        read_input(&inputs[0], &opts, 1, &mut |r| {
            got.push(r);
            Ok(())
        })
        .unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].text, "Two there.");
        assert_eq!(got[1].extra, ["7"]);
        assert_eq!(got[1].line, Some(2));
    }

    #[test]
    fn clashing_carried_columns_are_renamed() {
        let c = Columns::new(&["a".into()], &["label".into(), "id".into()]);
        assert_eq!(
            c.header(),
            [
                "source",
                "line",
                "sentence",
                "start",
                "end",
                "text",
                "label",
                "p_a",
                "input_label",
                "id"
            ]
        );
    }
}
