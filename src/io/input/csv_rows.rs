//! CSV inputs, read record by record straight from their bytes.
//!
//! Prediction reads CSVs of hundreds of thousands of rows, and the csv
//! crate's byte-by-byte state machine, with a [`LineTracker`] counting
//! lines and quotes beside it, was a seventh of a labeling run's
//! instructions (on the reader thread, which every worker waits on).
//! [`CsvRows`] finds each field's end with memchr's vector scans instead,
//! and counts lines as it goes. It reads exactly what the csv crate's
//! default reader reads (tested against it on random inputs): `,`
//! between fields; a field opened by `"` runs to the next lone `"` (`""`
//! is a quote) and takes the bytes after it up to the next `,` or line
//! end; a `"` anywhere else is an ordinary byte; LF, CR and CRLF end a
//! record, and blank lines are skipped; a UTF-8 byte-order mark at the
//! start is dropped. Where the csv crate goes quiet, it says so: a quote
//! never closed is an error, not a field running to the end of the file.
//!
//! A record cut by the end of a read is taken up where its parse stopped
//! ([`Resume`]), so each byte is scanned once however the input arrives
//! (a pipe giving a few bytes per read, a field of many megabytes).
//!
//! Training reads its (small) CSVs whole with the csv crate
//! ([`crate::io::data`]).
//!
//! [`LineTracker`]: crate::io::data::LineTracker

use std::io::Read;
use std::path::PathBuf;

use super::READ_BYTES;
use crate::error::{Error, Result};
use crate::io::data::line_ends_in;

/// Reads the records of one CSV input.
pub(crate) struct CsvRows {
    reader: Box<dyn Read + Send>,
    path: PathBuf,
    /// Bytes read; `buf[start..end]` are not yet parsed.
    buf: Vec<u8>,
    start: usize,
    end: usize,
    /// The input has ended (a read returned no bytes).
    eof: bool,
    /// Bytes of the input before `buf[0]`.
    dropped: u64,
    /// The line `buf[start]` is on (1-based).
    line: u64,
    /// A byte-order mark at the start has been looked for.
    bom_checked: bool,
    /// The fields of the column count of the first record, once read.
    width: Option<usize>,
    /// The last record read: its unescaped fields back to back (valid
    /// UTF-8 once `read` has returned it) and where each field ends.
    fields: String,
    ends: Vec<usize>,
}

/// How far parsing a record got before the bytes at hand ran out: the
/// next parse goes on from there, so a long record arriving in small
/// reads is scanned once, not again after every read.
#[derive(Debug, Default, Clone, Copy)]
struct Resume {
    /// Offset from the record's start to go on from.
    at: usize,
    within: Within,
    /// Some field was quoted (only then can the record hold line ends).
    quoted: bool,
    /// Offset of the quote that opened the last quoted field.
    open: usize,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Within {
    #[default]
    FieldStart,
    Quoted,
    Unquoted,
}

/// What parsing from `start` found.
enum Parsed {
    /// A record `len` bytes long (up to its line end, which is not part of
    /// it), holding `line_ends` line ends inside quoted fields.
    Record { len: usize, line_ends: u64 },
    /// The bytes at hand end inside the record.
    NeedMore,
    /// A quote at `at` (from `start`) opened a field the input never closes.
    Unclosed { at: usize },
}

impl CsvRows {
    pub(crate) fn new(reader: Box<dyn Read + Send>, path: PathBuf) -> Self {
        CsvRows {
            reader,
            path,
            buf: Vec::new(),
            start: 0,
            end: 0,
            eof: false,
            dropped: 0,
            line: 1,
            bom_checked: false,
            width: None,
            fields: String::new(),
            ends: Vec::new(),
        }
    }

    /// Bytes of the input parsed so far.
    pub(crate) fn consumed(&self) -> u64 {
        self.dropped + self.start as u64
    }

    /// Number of fields of the last record read.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Field `k` of the last record read.
    pub(crate) fn get(&self, k: usize) -> Option<&str> {
        let end = *self.ends.get(k)?;
        let start = if k == 0 { 0 } else { self.ends[k - 1] };
        Some(&self.fields[start..end])
    }

    /// Read the first record, the header: its fields, none for an input
    /// without a record.
    pub(crate) fn headers(&mut self) -> Result<csv::StringRecord> {
        match self.read() {
            None => Ok(csv::StringRecord::new()),
            Some(Err(e)) => Err(e),
            Some(Ok(_)) => Ok((0..self.len()).filter_map(|k| self.get(k)).collect()),
        }
    }

    /// Read the next record; its fields are then [`get`](Self::get)'s. Gives
    /// the line the record starts on, or `None` at the end of the input.
    /// A record with a different number of fields than the first, or not
    /// UTF-8, is an error for its line, and the next call reads on after
    /// it; an I/O error or a quote never closed ends the input.
    pub(crate) fn read(&mut self) -> Option<Result<u64>> {
        if !self.bom_checked {
            if let Err(e) = self.drop_bom() {
                return Some(Err(self.fatal(Error::io(&self.path, e))));
            }
        }
        match self.skip_line_ends() {
            Ok(true) => {}
            Ok(false) => return None,
            Err(e) => return Some(Err(self.fatal(Error::io(&self.path, e)))),
        }
        let mut bytes = std::mem::take(&mut self.fields).into_bytes();
        bytes.clear();
        self.ends.clear();
        let mut resume = Resume::default();
        let (len, line_ends) = loop {
            let b = &self.buf[self.start..self.end];
            match parse(b, self.eof, &mut bytes, &mut self.ends, &mut resume) {
                Parsed::Record { len, line_ends } => break (len, line_ends),
                Parsed::NeedMore => {
                    if self.end - self.start > super::MAX_RECORD_BYTES {
                        let msg = format!(
                            "a record longer than {} (a quote never closed, or not a CSV file?)",
                            crate::io::memory::human(super::MAX_RECORD_BYTES as u64)
                        );
                        return Some(Err(self.fatal(Error::at_line(&self.path, self.line, msg))));
                    }
                    if let Err(e) = self.fill() {
                        return Some(Err(self.fatal(Error::io(&self.path, e))));
                    }
                }
                Parsed::Unclosed { at } => {
                    let b = &self.buf[self.start..self.start + at];
                    let line = self.line + line_ends_in(b, b.len());
                    let msg = "a quote opened on this line is never closed";
                    return Some(Err(self.fatal(Error::at_line(&self.path, line, msg))));
                }
            }
        };
        let line = self.line;
        self.start += len;
        self.line += line_ends;
        let expected = *self.width.get_or_insert(self.ends.len());
        if self.ends.len() != expected {
            let msg = format!(
                "row has {} fields, the header has {expected}",
                self.ends.len()
            );
            self.ends.clear();
            return Some(Err(Error::at_line(&self.path, line, msg)));
        }
        match String::from_utf8(bytes) {
            Ok(s) if self.ends.iter().all(|&e| s.is_char_boundary(e)) => {
                self.fields = s;
                Some(Ok(line))
            }
            _ => {
                self.ends.clear();
                let msg = "not valid UTF-8 (save the file as UTF-8)";
                Some(Err(Error::at_line(&self.path, line, msg)))
            }
        }
    }

    /// Stop reading (after an error the input cannot be read past).
    fn fatal(&mut self, e: Error) -> Error {
        self.start = self.end;
        self.eof = true;
        self.ends.clear();
        e
    }

    /// Pass over line ends before a record, counting them. False at the
    /// end of the input.
    fn skip_line_ends(&mut self) -> std::io::Result<bool> {
        loop {
            while self.start < self.end {
                match self.buf[self.start] {
                    b'\n' => self.line += 1,
                    b'\r' => match self.buf[self.start + 1..self.end].first() {
                        Some(b'\n') => {}
                        Some(_) => self.line += 1,
                        // A CR then an LF is one line end: read on to see.
                        None if !self.eof => break,
                        None => self.line += 1,
                    },
                    _ => return Ok(true),
                }
                self.start += 1;
            }
            if self.eof {
                return Ok(self.start < self.end);
            }
            self.fill()?;
        }
    }

    /// Pass over a UTF-8 byte-order mark at the start of the input.
    fn drop_bom(&mut self) -> std::io::Result<()> {
        while self.end < 3 && !self.eof {
            self.fill()?;
        }
        self.bom_checked = true;
        if self.buf[..self.end].starts_with(b"\xEF\xBB\xBF") {
            self.start = 3;
        }
        Ok(())
    }

    /// Read more bytes after `buf[start..end]` (moved to the front of the
    /// buffer, which doubles when the record being read fills it).
    fn fill(&mut self) -> std::io::Result<()> {
        if self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.dropped += self.start as u64;
            self.end -= self.start;
            self.start = 0;
        }
        // 4 KiB at first, doubled up to a block once the input has run
        // past it (a short input never takes a block), and whenever one
        // record nearly fills it.
        let long_input = self.dropped >= READ_BYTES as u64 && self.buf.len() < READ_BYTES;
        if long_input || self.buf.len() - self.end <= self.buf.len() / 4 {
            let size = (2 * self.buf.len()).max(4 << 10);
            self.buf.resize(size, 0);
        }
        let n = loop {
            match self.reader.read(&mut self.buf[self.end..]) {
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                read => break read?,
            }
        };
        self.end += n;
        self.eof = n == 0;
        Ok(())
    }
}

/// Parse the record at the start of `b`, from where `resume` says the
/// last parse of it stopped: its unescaped fields go on `fields`, their
/// ends on `ends`. `eof`: nothing follows `b`.
fn parse(
    b: &[u8],
    eof: bool,
    fields: &mut Vec<u8>,
    ends: &mut Vec<usize>,
    resume: &mut Resume,
) -> Parsed {
    let mut i = resume.at;
    let mut within = resume.within;
    let mut stop = |at: usize, within: Within| {
        resume.at = at;
        resume.within = within;
        Parsed::NeedMore
    };
    loop {
        if within == Within::FieldStart {
            match b.get(i) {
                None if !eof => return stop(i, within),
                Some(b'"') => {
                    resume.quoted = true;
                    resume.open = i;
                    within = Within::Quoted;
                    i += 1;
                }
                _ => within = Within::Unquoted,
            }
        }
        while within == Within::Quoted {
            let Some(q) = memchr::memchr(b'"', &b[i..]) else {
                if eof {
                    return Parsed::Unclosed { at: resume.open };
                }
                fields.extend_from_slice(&b[i..]);
                return stop(b.len(), within);
            };
            fields.extend_from_slice(&b[i..i + q]);
            let quote = i + q;
            match b.get(quote + 1) {
                Some(b'"') => {
                    fields.push(b'"');
                    i = quote + 2;
                }
                // A quote that may be the first of `""`: look again.
                None if !eof => return stop(quote, within),
                // Closed: what follows up to the field's end is unquoted
                // text of the same field.
                _ => {
                    i = quote + 1;
                    within = Within::Unquoted;
                }
            }
        }
        let Some(k) = memchr::memchr3(b',', b'\n', b'\r', &b[i..]) else {
            fields.extend_from_slice(&b[i..]);
            if !eof {
                return stop(b.len(), within);
            }
            ends.push(fields.len());
            let line_ends = if resume.quoted {
                line_ends_in(b, b.len())
            } else {
                0
            };
            return Parsed::Record {
                len: b.len(),
                line_ends,
            };
        };
        fields.extend_from_slice(&b[i..i + k]);
        ends.push(fields.len());
        i += k;
        if b[i] != b',' {
            let line_ends = if resume.quoted { line_ends_in(b, i) } else { 0 };
            return Parsed::Record { len: i, line_ends };
        }
        i += 1;
        within = Within::FieldStart;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::data::LineTracker;

    /// A reader giving at most `step` bytes per read.
    struct Trickle {
        bytes: Vec<u8>,
        at: usize,
        step: usize,
    }

    impl Read for Trickle {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let n = self.step.min(out.len()).min(self.bytes.len() - self.at);
            out[..n].copy_from_slice(&self.bytes[self.at..self.at + n]);
            self.at += n;
            Ok(n)
        }
    }

    fn rows(bytes: &[u8], step: usize) -> CsvRows {
        let reader = Trickle {
            bytes: bytes.to_vec(),
            at: 0,
            step,
        };
        CsvRows::new(Box::new(reader), PathBuf::from("t.csv"))
    }

    /// Each record as (line, fields) or the error's text.
    fn ours(bytes: &[u8], step: usize) -> Vec<std::result::Result<(u64, Vec<String>), String>> {
        let mut r = rows(bytes, step);
        let mut out = Vec::new();
        while let Some(rec) = r.read() {
            out.push(match rec {
                Ok(line) => Ok((
                    line,
                    (0..r.len()).map(|k| r.get(k).unwrap().into()).collect(),
                )),
                Err(e) => Err(e.to_string()),
            });
        }
        out
    }

    /// The same from the csv crate with a [`LineTracker`], as prediction
    /// read CSVs before. Records are read as bytes and checked here, so
    /// that an error names the line its record starts on, as ours do (the
    /// crate's errors carry no record to count its lines in).
    fn theirs(bytes: &[u8]) -> Vec<std::result::Result<(u64, Vec<String>), String>> {
        let path = std::path::Path::new("t.csv");
        let lines = LineTracker::default();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(lines.wrap(bytes));
        let mut rec = csv::ByteRecord::new();
        let mut width = None;
        let mut out = Vec::new();
        loop {
            let read = reader.read_byte_record(&mut rec);
            if let Some(e) = lines.unclosed_quote_error(|| path) {
                out.push(Err(e.to_string()));
                return out;
            }
            if !read.expect("bytes from memory") {
                return out;
            }
            let end = lines.record_start(reader.position().byte(), &csv::StringRecord::new());
            let inner: u64 = rec.iter().map(|f| line_ends_in(f, f.len())).sum();
            let line = end - inner;
            let expected = *width.get_or_insert(rec.len());
            let fields: std::result::Result<Vec<String>, _> =
                rec.iter().map(|f| String::from_utf8(f.to_vec())).collect();
            out.push(match fields {
                _ if rec.len() != expected => Err(format!(
                    "t.csv: line {line}: row has {} fields, the header has {expected}",
                    rec.len()
                )),
                Ok(fields) => Ok((line, fields)),
                Err(_) => Err(format!(
                    "t.csv: line {line}: not valid UTF-8 (save the file as UTF-8)"
                )),
            });
        }
    }

    #[test]
    fn reads_what_the_csv_crate_reads() {
        let alphabet: [&[u8]; 12] = [
            b"a",
            b"b c",
            b",",
            b",",
            b"\"",
            b"\"",
            b"\n",
            b"\r",
            b"\r\n",
            "\u{e9}".as_bytes(),
            b"\xE9",
            b"\xEF\xBB\xBF",
        ];
        let mut next = crate::testing::numbers(7);
        let mut next = move || next() as u64;
        for case in 0..20_000 {
            let mut bytes = Vec::new();
            if next() % 4 == 0 {
                bytes.extend_from_slice(b"\xEF\xBB\xBF");
            }
            for _ in 0..next() % 24 {
                bytes.extend_from_slice(alphabet[next() as usize % alphabet.len()]);
            }
            let want = theirs(&bytes);
            for step in [1, 2, 3, 1 << 20] {
                assert_eq!(
                    ours(&bytes, step),
                    want,
                    "case {case}, step {step}: {bytes:?}"
                );
            }
        }
    }

    #[test]
    fn a_long_quoted_field_across_many_reads() {
        let text = "word, \"quoted\"\nnext line ".repeat(20_000);
        let csv = format!("text,label\n\"{}\",x\nlast,y\n", text.replace('"', "\"\""));
        for step in [7, 4096, 1 << 20] {
            let got = ours(csv.as_bytes(), step);
            assert_eq!(got.len(), 3);
            assert_eq!(got[1], Ok((2, vec![text.clone(), "x".into()])));
            assert_eq!(got[2], Ok((3 + 20_000, vec!["last".into(), "y".into()])));
        }
    }

    #[test]
    fn errors_name_the_line_and_reading_goes_on() {
        let csv = b"text,label\na,b\nc\n\xff,d\ne,f\n\"open,g\nh,i\n";
        let got = ours(csv, 1 << 20);
        assert_eq!(got[1], Ok((2, vec!["a".into(), "b".into()])));
        assert_eq!(
            got[2],
            Err("t.csv: line 3: row has 1 fields, the header has 2".into())
        );
        assert_eq!(
            got[3],
            Err("t.csv: line 4: not valid UTF-8 (save the file as UTF-8)".into())
        );
        assert_eq!(got[4], Ok((5, vec!["e".into(), "f".into()])));
        assert_eq!(
            got[5],
            Err("t.csv: line 6: a quote opened on this line is never closed".into())
        );
        assert_eq!(got.len(), 6);
    }
}
