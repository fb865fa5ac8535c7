//! Reading labeled CSVs (`text,label`, any extra columns).
//!
//! The whole file is read once: its SHA-256 goes into the model file, and
//! every problem is reported with the file and line where it sits.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// One labeled sentence and the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabeledRow {
    pub text: String,
    pub label: String,
    pub line: u64,
    /// Gold tone from a `sentiment` column, when the file has one.
    pub sentiment: Option<String>,
    /// Values of the group columns asked for (`--by`), in their order.
    pub groups: Vec<String>,
}

/// A labeled CSV, read and checked.
#[derive(Debug, Clone)]
pub struct LabeledData {
    pub path: PathBuf,
    pub rows: Vec<LabeledRow>,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
    /// Things worth telling the user that do not stop the run.
    pub warnings: Vec<String>,
    /// Names of the group columns each row carries a value of.
    pub group_columns: Vec<String>,
}

impl LabeledData {
    pub fn texts(&self) -> Vec<&str> {
        self.rows.iter().map(|r| r.text.as_str()).collect()
    }
    pub fn labels(&self) -> Vec<&str> {
        self.rows.iter().map(|r| r.label.as_str()).collect()
    }
    pub fn label_counts(&self) -> BTreeMap<String, usize> {
        let mut m = BTreeMap::new();
        for r in &self.rows {
            *m.entry(r.label.clone()).or_insert(0) += 1;
        }
        m
    }

    /// The warning `eval` and `report` print when the data has labels the
    /// model `model_name` (with `labels`) never saw.
    pub fn unknown_labels_warning(&self, model_name: &str, labels: &[String]) -> Option<String> {
        let unseen: Vec<String> = self
            .label_counts()
            .into_keys()
            .filter(|l| !labels.contains(l))
            .collect();
        (!unseen.is_empty()).then(|| {
            format!(
                "{}: labels the model never saw: {} ({model_name} cannot predict them; they count as errors and are left out of the probability metrics)",
                self.path.display(),
                unseen.join(", ")
            )
        })
    }
}

/// Read all bytes of `path` (`-` is stdin), up to [`whole_file_limit`].
pub fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    read_bytes_up_to(path, whole_file_limit())
}

/// [`read_bytes`], refusing more than `max` bytes.
pub fn read_bytes_up_to(path: &Path, max: u64) -> Result<Vec<u8>> {
    if path.as_os_str() == "-" {
        return read_text_bounded(path, &mut std::io::stdin().lock(), max);
    }
    if path.is_dir() {
        return Err(Error::file(path, "is a directory, expected a file"));
    }
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    // A regular file too large is refused before reading it.
    match file.metadata() {
        Ok(m) if m.is_file() && m.len() > max => Err(too_large(path, max)),
        _ => read_text_bounded(path, &mut file, max),
    }
}

/// The most bytes of one file read whole: a quarter of the memory
/// available (what is read is held several times over: as bytes, text,
/// rows, features), and unbounded where that is unknown.
pub fn whole_file_limit() -> u64 {
    crate::io::memory::available().map_or(u64::MAX, |b| b / 4)
}

/// Read all of `reader` (the input `path`), a block at a time, refusing
/// more than `max` bytes as soon as they arrive, so that a device or pipe
/// that never ends is refused, not read until memory runs out, whatever
/// kind of file it is.
pub fn read_bounded(path: &Path, reader: &mut dyn Read, max: u64) -> Result<Vec<u8>> {
    read_blocks(path, reader, max, false)
}

/// [`read_bounded`] for text, which also stops at the first block with a
/// NUL byte (`/dev/zero` is refused at once, not after `max` bytes).
pub fn read_text_bounded(path: &Path, reader: &mut dyn Read, max: u64) -> Result<Vec<u8>> {
    read_blocks(path, reader, max, true)
}

fn read_blocks(path: &Path, reader: &mut dyn Read, max: u64, text: bool) -> Result<Vec<u8>> {
    const BLOCK: u64 = 1 << 20;
    let mut buf = Vec::new();
    loop {
        let before = buf.len();
        let n = Read::take(&mut *reader, BLOCK)
            .read_to_end(&mut buf)
            .map_err(|e| Error::io(path, e))?;
        if text && memchr::memchr(0, &buf[before..]).is_some() {
            refuse_nul(path, &buf)?;
        }
        if buf.len() as u64 > max {
            return Err(too_large(path, max));
        }
        if (n as u64) < BLOCK {
            return Ok(buf);
        }
    }
}

fn too_large(path: &Path, max: u64) -> Error {
    Error::file(
        path,
        format!(
            "is larger than {}, the most this command reads whole",
            crate::io::memory::human(max)
        ),
    )
}

/// Text never holds NUL bytes; a file that does is binary or UTF-16.
pub fn refuse_nul(path: &Path, bytes: &[u8]) -> Result<()> {
    refuse_nul_from_line(path, bytes, 1)
}

/// [`refuse_nul`] for bytes that start on line `first_line` of the file.
pub fn refuse_nul_from_line(path: &Path, bytes: &[u8], first_line: u64) -> Result<()> {
    match memchr::memchr(0, bytes) {
        None => Ok(()),
        Some(at) => {
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64 + first_line;
            Err(Error::at_line(
                path,
                line,
                "contains NUL bytes (binary or UTF-16? save it as UTF-8 text)",
            ))
        }
    }
}

/// Refuse a header that names a column twice: which of the two a flag
/// (`--text-col`, `--by`) or an output column means would be a guess, and
/// carrying both would give two output columns of one name. Blank names are
/// allowed (spreadsheets export trailing empty columns); no flag can name them.
pub fn refuse_repeated_columns(path: &Path, headers: &csv::StringRecord) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    for name in headers.iter().map(str::trim).filter(|n| !n.is_empty()) {
        if !seen.insert(name) {
            return Err(Error::at_line(
                path,
                1,
                format!("the header names column {name:?} twice; rename one of them"),
            ));
        }
    }
    Ok(())
}

/// Find `name` among the header's columns.
pub fn column_index(path: &Path, headers: &csv::StringRecord, name: &str) -> Result<usize> {
    headers
        .iter()
        .position(|h| h.trim() == name)
        .ok_or_else(|| {
            // Debug-quoted: a name with a newline must not break the message.
            let have: Vec<String> = headers
                .iter()
                .map(|h| {
                    if h.contains(char::is_control) || h.contains(',') {
                        format!("{h:?}")
                    } else {
                        h.to_string()
                    }
                })
                .collect();
            Error::at_line(
                path,
                1,
                format!("no column named {name:?} (columns: {})", have.join(", ")),
            )
        })
}

/// Turn a csv crate error into one line naming the file and line.
pub fn csv_error(path: &Path, e: csv::Error) -> Error {
    let line = e.position().map(|p| p.line()).unwrap_or(0);
    csv_error_at(path, e, line)
}

/// Like [`csv_error`], with the line worked out by a [`LineTracker`].
pub fn csv_error_at(path: &Path, e: csv::Error, line: u64) -> Error {
    let msg = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "not valid UTF-8 (save the file as UTF-8)".to_string(),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("row has {len} fields, the header has {expected_len}"),
        csv::ErrorKind::Io(err) => {
            return Error::io(path, std::io::Error::new(err.kind(), err.to_string()))
        }
        _ => e.to_string(),
    };
    if line > 0 {
        Error::at_line(path, line, msg)
    } else {
        Error::file(path, msg)
    }
}

/// Counts the lines of a CSV as the csv crate reads it, so every record
/// gets the true line it starts on. (The crate's own `Position::line` is
/// off by one after CRLF line ends and blank lines.)
///
/// Wrap the input with [`LineTracker::wrap`]; after each record, call
/// [`LineTracker::record_start`] with the reader's position and the
/// record. Only newlines not yet passed are remembered (the reader's
/// look-ahead), so memory stays flat.
#[derive(Debug, Clone, Default)]
pub struct LineTracker {
    state: std::sync::Arc<std::sync::Mutex<LineState>>,
}

#[derive(Debug, Default)]
struct LineState {
    pos: u64,
    pending: std::collections::VecDeque<u64>,
    passed: u64,
    /// A CR that ended a read, a line end unless the next byte is LF.
    cr_at_end: Option<u64>,
    quotes: QuoteState,
}

/// Whether the bytes read so far end inside a quoted field, and where that
/// field's quote opened. The csv crate takes a quote that is
/// never closed as running to the end of the file, which silently made the
/// rest of a file one field; this follows the crate's quoting rules (a
/// quote at the start of a field opens it, `""` inside is a quote, any
/// other byte after a quote closes it) so that the reader can refuse that
/// last record instead.
#[derive(Debug, Default)]
struct QuoteState {
    /// Byte offset of the quote that opened the current quoted field, if
    /// inside one.
    open_at: Option<u64>,
    /// Inside a quoted field, the last byte read was a quote (closing it,
    /// unless the next byte is another quote).
    after_quote: bool,
    /// The last byte read (a field starts after `,`, a line end, or at the
    /// start of the file).
    prev: Option<u8>,
    /// A read returned no bytes: the file has ended.
    at_end: bool,
}

impl QuoteState {
    /// Follow the quotes of `b`, the bytes read at offset `base`.
    fn scan(&mut self, b: &[u8], base: u64) {
        let at_start = base == 0;
        if b.is_empty() {
            self.at_end = true;
            return;
        }
        // A BOM at the start of the file is not part of the first field.
        let start = if at_start && b.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        let mut i = start;
        while i < b.len() {
            if self.open_at.is_some() {
                if self.after_quote {
                    self.after_quote = false;
                    if b[i] == b'"' {
                        i += 1; // `""`: a quote inside the field
                        continue;
                    }
                    self.open_at = None; // closed; b[i] is read as unquoted
                    continue;
                }
                match memchr::memchr(b'"', &b[i..]) {
                    Some(q) => {
                        i += q + 1;
                        self.after_quote = true;
                    }
                    None => break,
                }
                continue;
            }
            let Some(q) = memchr::memchr(b'"', &b[i..]) else {
                break;
            };
            let at = i + q;
            let prev = if at > start {
                Some(b[at - 1])
            } else if start > 0 {
                None // right after the BOM
            } else {
                self.prev
            };
            let field_start = prev.is_none_or(|p| matches!(p, b',' | b'\n' | b'\r'));
            if field_start {
                self.open_at = Some(base + at as u64);
            }
            i = at + 1;
        }
        self.prev = b.last().copied();
    }
}

/// Line ends in `field`: LF, and CR without an LF after it.
fn line_ends(field: &str) -> u64 {
    line_ends_in(field.as_bytes(), field.len())
}

/// Line ends in `b[..len]`: LF, and CR without an LF after it (looking
/// past `len` into `b`, where a record's text goes on).
pub(crate) fn line_ends_in(b: &[u8], len: usize) -> u64 {
    memchr::memchr2_iter(b'\n', b'\r', &b[..len])
        .filter(|&i| b[i] == b'\n' || b.get(i + 1) != Some(&b'\n'))
        .count() as u64
}

/// A reader that reports the newlines it passes to a [`LineTracker`].
pub struct Tracked<R> {
    inner: R,
    tracker: LineTracker,
}

impl<R: Read> Read for Tracked<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let b = &buf[..n];
        let mut st = self.tracker.state.lock().expect("line tracker lock");
        let base = st.pos;
        // A line ends at LF, or at a CR that no LF follows (classic Mac
        // files); a CR at the end of the last read waited for this byte.
        if let Some(cr) = st.cr_at_end.take() {
            if b.first() != Some(&b'\n') {
                st.pending.push_back(cr);
            }
        }
        for i in memchr::memchr2_iter(b'\n', b'\r', b) {
            match b.get(i + 1) {
                _ if b[i] == b'\n' => st.pending.push_back(base + i as u64),
                Some(b'\n') => {}
                Some(_) => st.pending.push_back(base + i as u64),
                None => st.cr_at_end = Some(base + i as u64),
            }
        }
        st.pos += n as u64;
        st.quotes.scan(b, base);
        Ok(n)
    }
}

impl LineTracker {
    pub fn wrap<R: Read>(&self, inner: R) -> Tracked<R> {
        Tracked {
            inner,
            tracker: self.clone(),
        }
    }

    /// The line of a quote that opened a field and was never closed, once
    /// the whole file has been read (the record just read is then that
    /// field's, running to the end of the file).
    pub fn unclosed_quote(&self) -> Option<u64> {
        let st = self.state.lock().expect("line tracker lock");
        let q = &st.quotes;
        let open = q.open_at.filter(|_| q.at_end && !q.after_quote)?;
        // The records before it have passed their line ends; the rest wait.
        let before = st.pending.iter().take_while(|&&p| p < open).count() as u64;
        Some(st.passed + before + 1)
    }

    /// [`unclosed_quote`](Self::unclosed_quote) as the error for the file
    /// `path()` names (made only then). Check it after every read of a
    /// record: the csv crate returns the field as running to the end of the
    /// file, or fails on its field count.
    pub fn unclosed_quote_error<P: AsRef<Path>>(&self, path: impl FnOnce() -> P) -> Option<Error> {
        let line = self.unclosed_quote()?;
        Some(Error::at_line(
            path(),
            line,
            "a quote opened on this line is never closed",
        ))
    }

    /// The line a record starts on, given the reader's byte position right
    /// after reading it (past its line end, if any) and the record (for
    /// newlines inside quoted fields).
    pub fn record_start(&self, end: u64, record: &csv::StringRecord) -> u64 {
        let mut st = self.state.lock().expect("line tracker lock");
        // The record's own line end sits at `end - 1`: not a line before it.
        let last = end.saturating_sub(1);
        while st.pending.front().is_some_and(|&p| p < last) {
            st.pending.pop_front();
            st.passed += 1;
        }
        let inner = record.iter().map(line_ends).sum::<u64>();
        (st.passed + 1).saturating_sub(inner)
    }
}

/// Optional column with gold sentiment (`negative`, `neutral`, `positive`)
/// that `eval` scores the sentiment scorer against.
pub const SENTIMENT_COLUMN: &str = "sentiment";

/// Read a labeled CSV with a header row.
pub fn read_labeled(path: &Path, text_col: &str, label_col: &str) -> Result<LabeledData> {
    read_labeled_by(path, text_col, label_col, &[])
}

/// [`read_labeled`], keeping each row's value of the columns in `group_by`
/// (a missing column is an error naming the file and the columns it has).
pub fn read_labeled_by(
    path: &Path,
    text_col: &str,
    label_col: &str,
    group_by: &[String],
) -> Result<LabeledData> {
    let bytes = read_bytes(path)?;
    let sha256 = hex(&Sha256::digest(&bytes));
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::file(path, "file is empty"));
    }
    refuse_nul(path, &bytes)?;
    let lines = LineTracker::default();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(lines.wrap(bytes.as_slice()));
    let headers = reader.headers().map_err(|e| csv_error(path, e))?.clone();
    refuse_repeated_columns(path, &headers)?;
    let ti = column_index(path, &headers, text_col)?;
    let li = column_index(path, &headers, label_col)?;
    let si = headers.iter().position(|h| h.trim() == SENTIMENT_COLUMN);
    let gi = group_by
        .iter()
        .map(|g| column_index(path, &headers, g))
        .collect::<Result<Vec<usize>>>()?;
    let mut rows = Vec::new();
    // Labels written with surrounding spaces, and the first line of each.
    let mut trimmed: BTreeMap<String, u64> = BTreeMap::new();
    let mut rec = csv::StringRecord::new();
    loop {
        let read = reader.read_record(&mut rec);
        if let Some(e) = lines.unclosed_quote_error(|| path) {
            return Err(e);
        }
        match read {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = lines.record_start(reader.position().byte(), &csv::StringRecord::new());
                return Err(csv_error_at(path, e, line));
            }
        }
        let line = lines.record_start(reader.position().byte(), &rec);
        let text = rec.get(ti).unwrap_or("").trim();
        let raw_label = rec.get(li).unwrap_or("");
        let label = raw_label.trim();
        if label.len() != raw_label.len() && !label.is_empty() {
            trimmed.entry(raw_label.to_string()).or_insert(line);
        }
        if text.is_empty() {
            return Err(Error::at_line(
                path,
                line,
                format!("empty {text_col:?} cell"),
            ));
        }
        if label.is_empty() {
            return Err(Error::at_line(
                path,
                line,
                format!("empty {label_col:?} cell"),
            ));
        }
        if label.contains(char::is_control) {
            // A line break in a label would split every table that lists it.
            return Err(Error::at_line(
                path,
                line,
                format!("label {label:?} contains a line break or other control character"),
            ));
        }
        rows.push(LabeledRow {
            text: text.to_string(),
            label: label.to_string(),
            line,
            sentiment: si
                .and_then(|i| rec.get(i))
                .map(|v| v.trim().to_lowercase())
                .filter(|v| !v.is_empty()),
            groups: gi
                .iter()
                .map(|&i| rec.get(i).unwrap_or("").trim().to_string())
                .collect(),
        });
    }
    if rows.is_empty() {
        return Err(Error::file(path, "has a header but no data rows"));
    }
    let warnings = label_warnings(path, &rows, &trimmed);
    Ok(LabeledData {
        path: path.to_path_buf(),
        rows,
        sha256,
        warnings,
        group_columns: group_by.to_vec(),
    })
}

/// Labeled rows given in memory (the Python package's `Model.train` and
/// `evaluate`), checked as [`read_labeled`] checks a file's rows: texts and
/// labels trimmed, none empty (`texts[i] is empty`). `name` stands for the
/// file in warnings, where row `i` is "line i". The SHA-256 is that of the
/// rows written as a `text,label` CSV (`\n` line ends, quoted only where
/// needed), so a CSV file of those bytes trained with `rhetoric train`
/// records the same digest.
pub fn labeled_from_memory(name: &str, texts: &[&str], labels: &[&str]) -> Result<LabeledData> {
    let path = PathBuf::from(name);
    if texts.len() != labels.len() {
        return Err(Error::Usage(format!(
            "{} texts but {} labels; give one label per text",
            texts.len(),
            labels.len()
        )));
    }
    if texts.is_empty() {
        return Err(Error::file(&path, "no rows"));
    }
    let mut csv = csv::Writer::from_writer(Vec::new());
    let write = |csv: &mut csv::Writer<Vec<u8>>, row: [&str; 2]| {
        csv.write_record(row)
            .map_err(|e| Error::Internal(format!("writing rows to memory: {e}")))
    };
    write(&mut csv, ["text", "label"])?;
    let mut rows = Vec::with_capacity(texts.len());
    let mut trimmed: BTreeMap<String, u64> = BTreeMap::new();
    for (i, (&raw_text, &raw_label)) in texts.iter().zip(labels).enumerate() {
        write(&mut csv, [raw_text, raw_label])?;
        let line = i as u64;
        let (text, label) = (raw_text.trim(), raw_label.trim());
        if text.is_empty() {
            return Err(Error::Usage(format!("texts[{i}] is empty")));
        }
        if label.is_empty() {
            return Err(Error::Usage(format!("labels[{i}] is empty")));
        }
        if label.len() != raw_label.len() {
            trimmed.entry(raw_label.to_string()).or_insert(line);
        }
        rows.push(LabeledRow {
            text: text.to_string(),
            label: label.to_string(),
            line,
            sentiment: None,
            groups: Vec::new(),
        });
    }
    let bytes = csv
        .into_inner()
        .map_err(|e| Error::Internal(format!("writing rows to memory: {e}")))?;
    let warnings = label_warnings(&path, &rows, &trimmed);
    Ok(LabeledData {
        path,
        rows,
        sha256: hex(&Sha256::digest(&bytes)),
        warnings,
        group_columns: Vec::new(),
    })
}

/// Several labeled files as one: a base and its corrections. Rows keep the
/// order they first appear in; a row of a later file whose text an earlier
/// file already has replaces that row's label (the correction wins), and is
/// counted in the second value. The data's `sha256` is the SHA-256 of the
/// files' own digests, one per line, in order (a single file keeps its own).
pub fn merge_labeled(files: Vec<LabeledData>) -> (LabeledData, usize) {
    let mut files = files.into_iter();
    let Some(mut merged) = files.next() else {
        return (
            LabeledData {
                path: PathBuf::new(),
                rows: Vec::new(),
                sha256: String::new(),
                warnings: Vec::new(),
                group_columns: Vec::new(),
            },
            0,
        );
    };
    let mut digests = vec![merged.sha256.clone()];
    let mut first_of: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, r) in merged.rows.iter().enumerate() {
        first_of.entry(r.text.clone()).or_insert(i);
    }
    let mut replaced = 0;
    for later in files {
        digests.push(later.sha256);
        merged.warnings.extend(later.warnings);
        let earlier = merged.rows.len();
        for row in later.rows {
            match first_of.get(&row.text) {
                Some(&i) if i < earlier => {
                    merged.rows[i].label = row.label;
                    merged.rows[i].sentiment = row.sentiment;
                    replaced += 1;
                }
                _ => {
                    first_of
                        .entry(row.text.clone())
                        .or_insert(merged.rows.len());
                    merged.rows.push(row);
                }
            }
        }
    }
    if digests.len() > 1 {
        merged.sha256 = hex(&Sha256::digest(digests.join("\n").as_bytes()));
    }
    (merged, replaced)
}

/// Warnings about labels that are probably typos, and about texts labeled
/// twice with different labels. None of them stops training: the user
/// decides, the tool says exactly what it did.
fn label_warnings(
    path: &Path,
    rows: &[LabeledRow],
    trimmed: &BTreeMap<String, u64>,
) -> Vec<String> {
    let mut out = Vec::new();
    let p = path.display();
    for (raw, line) in trimmed {
        out.push(format!(
            "{p}: line {line}: label {raw:?} has surrounding spaces; it is read as {:?} (spaces are always trimmed)",
            raw.trim()
        ));
    }
    // Labels that differ only by letter case are kept apart, but flagged.
    let mut first_line: BTreeMap<&str, u64> = BTreeMap::new();
    for r in rows {
        first_line.entry(r.label.as_str()).or_insert(r.line);
    }
    let mut by_folded: BTreeMap<String, Vec<(&str, u64)>> = BTreeMap::new();
    for (label, line) in &first_line {
        by_folded
            .entry(label.to_lowercase())
            .or_default()
            .push((label, *line));
    }
    for variants in by_folded.values().filter(|v| v.len() > 1) {
        let list: Vec<String> = variants
            .iter()
            .map(|(l, line)| format!("{l:?} (first on line {line})"))
            .collect();
        out.push(format!(
            "{p}: labels differ only by letter case: {}; they are treated as different labels (fix the spelling to merge them)",
            list.join(" and ")
        ));
    }
    // The same text with different labels: shown up to the row-error
    // limit, then counted (a file exported twice gave a line per row).
    let shown = crate::error::RowErrorLimit::PER_INPUT;
    let mut clashes = 0u64;
    let mut seen: std::collections::HashMap<&str, (&str, u64)> = std::collections::HashMap::new();
    for r in rows {
        match seen.get(r.text.as_str()) {
            Some(&(label, line)) if label != r.label => {
                clashes += 1;
                if clashes <= shown {
                    out.push(format!(
                        "{p}: line {} and line {line}: the same text is labeled {:?} and {label:?}; both rows are kept",
                        r.line, r.label
                    ));
                }
            }
            Some(_) => {}
            None => {
                seen.insert(&r.text, (&r.label, r.line));
            }
        }
    }
    if clashes > shown {
        out.push(format!(
            "{p}: {} more row(s) repeat an earlier text with another label (the first {shown} are shown above)",
            clashes - shown
        ));
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The text column of the shipped corpus (`data/corpus.csv`), for tests
/// that compare a fast path with its reference on real sentences.
#[cfg(test)]
pub(crate) fn corpus_texts() -> Vec<String> {
    let corpus = include_str!("../../data/corpus.csv");
    let mut rd = csv::Reader::from_reader(corpus.as_bytes());
    let col = rd
        .headers()
        .expect("corpus header")
        .iter()
        .position(|h| h == "text")
        .expect("corpus text column");
    rd.records()
        .map(|r| r.expect("corpus row")[col].to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(content: &[u8]) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("d.csv");
        std::fs::write(&p, content).unwrap();
        (dir, p)
    }

    #[test]
    fn rows_in_memory_read_as_the_csv_of_them_reads() {
        let texts = [
            "Plain text.",
            " Quoted \"words\", commas ",
            "Two\nlines.",
            "Tab\there.",
        ];
        let labels = ["a", "b ", "a", "c"];
        let csv = "text,label\nPlain text.,a\n\" Quoted \"\"words\"\", commas \",b \n\"Two\nlines.\",a\nTab\there.,c\n";
        let (_d, p) = write(csv.as_bytes());
        let file = read_labeled(&p, "text", "label").unwrap();
        let memory = labeled_from_memory("d.csv", &texts, &labels).unwrap();
        assert_eq!(memory.sha256, file.sha256);
        assert_eq!(memory.texts(), file.texts());
        assert_eq!(memory.labels(), file.labels());
        assert_eq!(memory.warnings.len(), 1, "{:?}", memory.warnings);
        let e = labeled_from_memory("x", &["a", " "], &["p", "q"]).unwrap_err();
        assert_eq!(e.to_string(), "texts[1] is empty");
        let e = labeled_from_memory("x", &["a"], &["p", "q"]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "1 texts but 2 labels; give one label per text"
        );
    }

    #[test]
    fn reads_quoted_multiline_and_extra_columns() {
        let (_d, p) = write(b"id,text,label\n1,\"a, b\nc\",x\n2,d,y\n");
        let d = read_labeled(&p, "text", "label").unwrap();
        assert_eq!(d.rows.len(), 2);
        assert_eq!(d.rows[0].text, "a, b\nc");
        assert_eq!(d.rows[1].line, 4);
        assert_eq!(d.sha256.len(), 64);
    }

    #[test]
    fn line_numbers_survive_crlf_blank_lines_and_quoted_newlines() {
        for eol in ["\n", "\r\n", "\r"] {
            let csv = format!("text,label{eol}\"a{eol}b\",x{eol}c,y{eol}{eol}d,z{eol}e,w");
            let (_d, p) = write(csv.as_bytes());
            let d = read_labeled(&p, "text", "label").unwrap();
            let lines: Vec<u64> = d.rows.iter().map(|r| r.line).collect();
            assert_eq!(lines, [2, 4, 6, 7], "eol {eol:?}");
        }
    }

    #[test]
    fn line_ends_split_across_reads_count_once() {
        // The tracker sees the file in reads of any size: a CRLF cut in two
        // is one line end, and a CR at the end of a read waits for the next
        // byte. One byte per read against one read of everything.
        struct Dribble<'a>(&'a [u8]);
        impl Read for Dribble<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let Some((&b, rest)) = self.0.split_first() else {
                    return Ok(0);
                };
                buf[0] = b;
                self.0 = rest;
                Ok(1)
            }
        }
        let csv = b"text,label\r\na,x\rb,y\n\"c\r\nd\",z\r\r\ne,w\r\"f";
        let lines_of = |r: &mut dyn Read| {
            let tracker = LineTracker::default();
            let mut rd = csv::ReaderBuilder::new()
                .flexible(true)
                .from_reader(tracker.wrap(r));
            let mut lines = Vec::new();
            let mut rec = csv::StringRecord::new();
            while rd.read_record(&mut rec).unwrap() {
                lines.push(tracker.record_start(rd.position().byte(), &rec));
            }
            (lines, tracker.unclosed_quote())
        };
        let whole = lines_of(&mut &csv[..]);
        assert_eq!(whole, (vec![2, 3, 4, 7, 8], Some(8)));
        assert_eq!(lines_of(&mut Dribble(csv)), whole);
    }

    #[test]
    fn label_typos_and_conflicts_are_warned_about() {
        let (_d, p) = write(b"text,label\na,escalation\nb,Escalation\nc,neutral \na,neutral\n");
        let d = read_labeled(&p, "text", "label").unwrap();
        let w = d.warnings.join("\n");
        assert!(
            w.contains("line 4: label \"neutral \" has surrounding spaces"),
            "{w}"
        );
        assert!(
            w.contains("\"Escalation\" (first on line 3) and \"escalation\" (first on line 2)"),
            "{w}"
        );
        assert!(
            w.contains(
                "line 5 and line 2: the same text is labeled \"neutral\" and \"escalation\""
            ),
            "{w}"
        );
        assert_eq!(d.rows[2].label, "neutral");
    }

    #[test]
    fn errors_name_file_and_line() {
        let (_d, p) = write(b"text,label\na,x\nb\n");
        let e = read_labeled(&p, "text", "label").unwrap_err().to_string();
        assert!(e.contains("d.csv: line 3"), "{e}");
        let (_d, p) = write(b"txt,label\na,x\n");
        let e = read_labeled(&p, "text", "label").unwrap_err().to_string();
        assert!(e.contains("no column named \"text\""), "{e}");
        let (_d, p) = write(b"text,label\n");
        assert!(read_labeled(&p, "text", "label").is_err());
        let (_d, p) = write(b"");
        let e = read_labeled(&p, "text", "label").unwrap_err().to_string();
        assert!(e.contains("empty"), "{e}");
    }
}
