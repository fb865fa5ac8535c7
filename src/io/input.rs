//! Finding and reading the articles to label.
//!
//! [`collect_inputs`] expands the command line (files, directories, globs,
//! `-`) into [`Input`]s; [`DocumentStream`] reads them one document at a
//! time:
//! - `.txt`, `.md` and any other file: the whole file is one article,
//!   handed out in parts when it is long ([`parts`]);
//! - `.html`, `.htm`: one article, reduced to its text;
//! - `.csv`: one article per row, from a text column; other columns are
//!   carried through;
//! - `.jsonl`: one article per line, from a text field.
//!
//! Files are opened only when their turn comes, CSV/JSONL are read row by
//! row and long texts part by part, so memory does not grow with the size
//! of a batch or of an input. A file or row that
//! cannot be read is yielded as an `Err` and the stream goes on with the next
//! one: one bad file never stops a batch.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::io::data::{column_index, refuse_repeated_columns};
use crate::text::{Sentence, SentenceSplitter};

mod csv_rows;
use csv_rows::CsvRows;
mod parts;
use parts::PartReader;
pub use parts::PART_BYTES;

/// Bytes asked of an input per read, by the readers that take it a block
/// at a time (long texts, CSVs).
const READ_BYTES: usize = 64 << 10;

/// The longest CSV record or JSONL line read: past it the input is given
/// up (an unclosed quote, a file of another kind), instead of growing one
/// record until memory runs out.
pub(crate) const MAX_RECORD_BYTES: usize = 64 << 20;

/// How an input is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Text,
    Html,
    Markdown,
    Csv,
    Jsonl,
}

/// How to choose the [`InputKind`] of each input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// By extension; stdin is text.
    #[default]
    Auto,
    Force(InputKind),
}

/// One input to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// `-` for standard input.
    pub path: PathBuf,
    pub kind: InputKind,
    /// Size in bytes when known (for progress), 0 otherwise.
    pub size: u64,
}

impl Input {
    pub fn is_stdin(&self) -> bool {
        self.path.as_os_str() == "-"
    }
}

/// Extensions picked up when walking a directory.
const DIR_EXTENSIONS: &[&str] = &["txt", "md", "html", "htm", "jsonl", "csv"];

/// Depth limit for directory walks: a symlink loop must end.
const MAX_DEPTH: usize = 64;

/// Expand command-line inputs. Directories are walked recursively and glob
/// patterns (`news/*.html`, `**/*.txt`) expanded, both in sorted order, so
/// output order never depends on the file system. Paths that do not exist
/// or match nothing are returned as errors beside the inputs found.
pub fn collect_inputs(args: &[PathBuf], format: InputFormat) -> (Vec<Input>, Vec<Error>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for arg in args {
        if arg.as_os_str() == "-" {
            let kind = match format {
                InputFormat::Force(k) => k,
                InputFormat::Auto => InputKind::Text,
            };
            inputs.push(Input {
                path: arg.clone(),
                kind,
                size: 0,
            });
            continue;
        }
        match std::fs::metadata(arg) {
            Ok(meta) if meta.is_dir() => {
                let mut files = Vec::new();
                let mut seen = Vec::new();
                if let Err(e) = walk(arg, &mut files, &mut seen, &mut errors, 0) {
                    errors.push(e);
                }
                if files.is_empty() && errors.is_empty() {
                    errors.push(Error::file(
                        arg,
                        "directory holds no .txt, .md, .html, .htm, .jsonl or .csv file",
                    ));
                }
                files.sort();
                inputs.extend(files.into_iter().map(|p| input_for(p, format)));
            }
            Ok(_) => inputs.push(input_for(arg.clone(), format)),
            Err(e) if is_glob(arg) && e.kind() == std::io::ErrorKind::NotFound => {
                let before = errors.len();
                match expand_glob(arg, &mut errors) {
                    Ok(files) if files.is_empty() && errors.len() == before => {
                        errors.push(Error::file(arg, "pattern matches no file"))
                    }
                    Ok(files) => inputs.extend(files.into_iter().map(|p| input_for(p, format))),
                    Err(e) => errors.push(e),
                }
            }
            Err(e) => errors.push(Error::io(arg, e)),
        }
    }
    (inputs, errors)
}

fn is_glob(p: &Path) -> bool {
    p.to_string_lossy().contains(['*', '?', '['])
}

/// The regular files `pattern` matches, sorted. Other matches are treated
/// as a directory walk treats them: a device, FIFO or broken link is
/// reported in `errors` and skipped; a directory is skipped.
fn expand_glob(pattern: &Path, errors: &mut Vec<Error>) -> Result<Vec<PathBuf>> {
    let text = pattern.to_string_lossy();
    let paths = glob::glob(&text).map_err(|e| Error::file(pattern, format!("bad pattern: {e}")))?;
    let mut out = Vec::new();
    for found in paths {
        let path = match found {
            Ok(p) => p,
            Err(e) => {
                let path = e.path().to_path_buf();
                errors.push(Error::io(path, e.into()));
                continue;
            }
        };
        match std::fs::metadata(&path) {
            Ok(m) if m.is_file() => out.push(path),
            Ok(m) if m.is_dir() => {}
            Ok(_) => errors.push(Error::file(&path, "not a regular file; skipped")),
            Err(e) => errors.push(Error::io(&path, e)),
        }
    }
    out.sort();
    Ok(out)
}

fn input_for(path: PathBuf, format: InputFormat) -> Input {
    let kind = match format {
        InputFormat::Force(k) => k,
        InputFormat::Auto => kind_by_extension(&path),
    };
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    Input { path, kind, size }
}

fn kind_by_extension(path: &Path) -> InputKind {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "csv" => InputKind::Csv,
        "jsonl" | "ndjson" => InputKind::Jsonl,
        "html" | "htm" => InputKind::Html,
        "md" | "markdown" => InputKind::Markdown,
        _ => InputKind::Text,
    }
}

fn walk(
    dir: &Path,
    out: &mut Vec<PathBuf>,
    seen: &mut Vec<PathBuf>,
    errors: &mut Vec<Error>,
    depth: usize,
) -> Result<()> {
    if depth > MAX_DEPTH {
        return Err(Error::file(
            dir,
            "directories nested too deep (a symlink loop?)",
        ));
    }
    // A directory reached twice through symlinks is a loop: skip it.
    let canonical = dir.canonicalize().map_err(|e| Error::io(dir, e))?;
    if seen.contains(&canonical) {
        return Err(Error::file(dir, "symlink loop: directory already visited"));
    }
    seen.push(canonical);
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let path = match entry {
            Ok(e) => e.path(),
            Err(e) => {
                errors.push(Error::io(dir, e));
                continue;
            }
        };
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let wanted = DIR_EXTENSIONS.iter().any(|x| ext.eq_ignore_ascii_case(x));
        match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() => {
                if let Err(e) = walk(&path, out, seen, errors, depth + 1) {
                    errors.push(e);
                }
            }
            // Only regular files: reading a FIFO or a device would block.
            Ok(m) if m.is_file() && wanted => out.push(path),
            Ok(_) if wanted => errors.push(Error::file(&path, "not a regular file; skipped")),
            Ok(_) => {}
            // A broken entry we would not read anyway is no problem.
            Err(e) if wanted => errors.push(Error::io(&path, e)),
            Err(_) => {}
        }
    }
    seen.pop();
    Ok(())
}

/// One article to label.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The id field's value, else the path (files) or `path:line` (rows).
    pub id: String,
    /// Input path (`-` for stdin).
    pub source: Arc<str>,
    /// Line of the row in a CSV or JSONL input.
    pub line: Option<u64>,
    pub text: String,
    /// Carried CSV columns, in [`DocumentStream::extra_columns`] order.
    pub extra: Vec<String>,
    /// Where `text` sits in a long text read in parts (see [`parts`]);
    /// `None` for a document read whole. (Boxed: documents are moved
    /// about by the hundred thousand, and most are whole.)
    pub part: Option<Box<Part>>,
}

impl Document {
    /// True for a part of a long text after its first, which adds to the
    /// article of the parts before it.
    pub fn is_later_part(&self) -> bool {
        self.part.as_ref().is_some_and(|p| p.number > 0)
    }
}

/// The place of a document's text in a long text input cut into parts
/// (all zero, and no context, for the first part).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Part {
    /// 0 for the first part, which counts as the article; later parts add
    /// to it.
    pub number: u32,
    /// Byte offset of the part in the whole text.
    pub offset: usize,
    /// Sentences in the parts before this one.
    pub first_sentence: usize,
    /// The last lines of the part before (about [`CONTEXT_BYTES`]), for
    /// the rules that look back, such as the speaker a "he said" refers to.
    pub context: String,
    /// The part's sentences, split where it is read: the count numbers the
    /// next part, and the labeling takes them instead of splitting again.
    pub sentences: Option<Vec<Sentence>>,
}

/// Length of [`Part::context`].
pub const CONTEXT_BYTES: usize = 16 << 10;

/// The lines of `text` in its last [`CONTEXT_BYTES`] or so.
fn last_lines(text: &str) -> &str {
    let mut from = text.len().saturating_sub(CONTEXT_BYTES);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    match memchr::memchr(b'\n', &text.as_bytes()[from..]) {
        Some(i) if from > 0 => &text[from + i + 1..],
        _ => &text[from..],
    }
}

/// How to read inputs: the CSV and JSONL fields, and HTML pages.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Column (CSV) or field (JSONL) holding the text.
    pub text_field: String,
    /// Column or field holding a document id, carried to the output.
    pub id_field: Option<String>,
    /// Read HTML pages whole instead of extracting their main text.
    pub whole_pages: bool,
}

/// The input being read now.
enum Current {
    None,
    /// Documents given in memory ([`DocumentStream::from_documents`]).
    Documents(std::vec::IntoIter<Document>),
    Csv {
        rows: Box<CsvRows>,
        text: usize,
        id: Option<usize>,
        extra: Vec<usize>,
    },
    Jsonl {
        lines: Box<dyn BufRead + Send>,
        line: u64,
    },
    /// A text input, read part by part.
    Text {
        parts: PartReader,
        /// Parts handed out so far, their sentences, and the last lines of
        /// the last one.
        handed_out: u32,
        sentences: usize,
        context: String,
    },
}

/// Reads documents from a list of inputs, in order.
pub struct DocumentStream {
    inputs: Vec<Input>,
    next_input: usize,
    current: Current,
    source: Arc<str>,
    opts: ReadOptions,
    extra_columns: Vec<String>,
    /// Bytes of inputs finished so far plus the position in the current one.
    done_bytes: u64,
    /// Buffers of finished documents, reused for new rows.
    spare: Spare,
    /// Read text inputs whole, however long (see [`with_whole_texts`](Self::with_whole_texts)).
    whole_texts: bool,
}

/// Strings and string vectors handed back by [`DocumentStream::recycle`]
/// and reused for the next rows' fields. A CSV row would otherwise cost
/// three or four allocations on the reader thread, and as the blocks come
/// back a few thousand at a time they missed glibc's small per-thread cache
/// (its slow paths were about 4% of a labeling run). Bounded in count and
/// in the size of what is kept, so memory stays flat.
#[derive(Default)]
struct Spare {
    strings: Vec<String>,
    vecs: Vec<Vec<String>>,
}

impl Spare {
    /// Most buffers kept, and the largest capacity worth keeping (a long
    /// article's text is dropped rather than held for a short row).
    const MAX_KEPT: usize = 8192;
    const MAX_CAPACITY: usize = 1024;

    /// An empty string, reused when one is spare.
    fn string(&mut self) -> String {
        let mut s = self.strings.pop().unwrap_or_default();
        s.clear();
        s
    }

    /// An empty vector of strings, reused when one is spare.
    fn vec(&mut self) -> Vec<String> {
        self.vecs.pop().unwrap_or_default()
    }

    /// `text` in a reused string when one is spare.
    fn copy(&mut self, text: &str) -> String {
        let mut s = self.string();
        s.push_str(text);
        s
    }

    fn keep(&mut self, s: String) {
        if s.capacity() > 0
            && s.capacity() <= Self::MAX_CAPACITY
            && self.strings.len() < Self::MAX_KEPT
        {
            self.strings.push(s);
        }
    }

    fn keep_vec(&mut self, mut v: Vec<String>) {
        for s in v.drain(..) {
            self.keep(s);
        }
        if v.capacity() > 0 && self.vecs.len() < Self::MAX_KEPT {
            self.vecs.push(v);
        }
    }
}

/// `path:line`, the id of a row without an id column, written into the
/// empty (maybe reused) buffer `id`. Built by hand: it runs once per row on
/// the reader thread, which every worker waits on, and `format!` was a
/// visible share of it.
fn row_id(id: String, source: &str, line: u64) -> String {
    let mut bytes = id.into_bytes();
    bytes.clear();
    bytes.reserve(source.len() + 21);
    bytes.extend_from_slice(source.as_bytes());
    bytes.push(b':');
    bytes.extend_from_slice(itoa::Buffer::new().format(line).as_bytes());
    // A path and ASCII digits: always UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|_| format!("{source}:{line}"))
}

/// The name of an input in the output (`doc`, `source`): its path, or for
/// a path that is not UTF-8, the path with each byte that is not written
/// `\xNN` (and a backslash `\\`), so that two such names stay apart (shown
/// with the replacement character, they both read `caf�.txt`) and each
/// gets the same id in every run.
pub fn source_name(path: &Path) -> String {
    if let Some(s) = path.to_str() {
        return s.to_string();
    }
    #[cfg(unix)]
    {
        use std::fmt::Write;
        use std::os::unix::ffi::OsStrExt;
        let mut name = String::new();
        for chunk in path.as_os_str().as_bytes().utf8_chunks() {
            name.push_str(&chunk.valid().replace('\\', "\\\\"));
            for b in chunk.invalid() {
                let _ = write!(name, "\\x{b:02x}");
            }
        }
        name
    }
    #[cfg(not(unix))]
    path.display().to_string()
}

/// The fields to carry from JSONL inputs when no CSV file fixes the carried
/// columns: every field but the text and id fields of the first line of the
/// first JSONL file (a regular file: a pipe can be read only once), in
/// name order. At most [`JSONL_PEEK_BYTES`] of that line are read.
fn jsonl_fields(inputs: &[Input], opts: &ReadOptions) -> Option<Vec<String>> {
    let input = inputs.iter().find(|i| {
        i.kind == InputKind::Jsonl
            && !i.is_stdin()
            && std::fs::metadata(&i.path).is_ok_and(|m| m.is_file())
    })?;
    let file = File::open(&input.path).ok()?;
    let mut lines = BufReader::new(file.take(JSONL_PEEK_BYTES));
    let mut buf = Vec::new();
    loop {
        buf.clear();
        if lines.read_until(b'\n', &mut buf).ok()? == 0 {
            return None;
        }
        let line = buf.trim_ascii();
        let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        let value: serde_json::Value = serde_json::from_slice(line).ok()?;
        let fields = value
            .as_object()?
            .keys()
            .filter(|k| **k != opts.text_field && Some(*k) != opts.id_field.as_ref())
            .cloned()
            .collect();
        return Some(fields);
    }
}

/// How much of a JSONL file [`jsonl_fields`] reads to find its first line.
const JSONL_PEEK_BYTES: u64 = 1 << 20;

impl DocumentStream {
    /// Prepare to read `inputs`. The header of every CSV file is read first
    /// to fix the carried columns: every column but the text and id columns
    /// of the first CSV file that has a text column (a CSV from stdin or a
    /// pipe, read only once, is not looked at ahead); without one, the
    /// fields of the first JSONL file's first line.
    pub fn new(inputs: Vec<Input>, opts: ReadOptions) -> Self {
        let extra_columns = inputs
            .iter()
            // Only regular files: a pipe (`<(zcat rows.csv.gz)`) can be read
            // once, and reading its header here lost its first rows.
            .filter(|i| i.kind == InputKind::Csv && !i.is_stdin())
            .filter(|i| std::fs::metadata(&i.path).is_ok_and(|m| m.is_file()))
            .find_map(|i| {
                let file = File::open(&i.path).ok()?;
                let headers = CsvRows::new(Box::new(file), i.path.clone())
                    .headers()
                    .ok()?;
                refuse_repeated_columns(&i.path, &headers).ok()?;
                let ti = column_index(&i.path, &headers, &opts.text_field).ok()?;
                let id = opts
                    .id_field
                    .as_ref()
                    .and_then(|f| column_index(&i.path, &headers, f).ok());
                Some(
                    headers
                        .iter()
                        .enumerate()
                        .filter(|(k, _)| *k != ti && Some(*k) != id)
                        .map(|(_, h)| h.trim().to_string())
                        .collect(),
                )
            })
            .or_else(|| jsonl_fields(&inputs, &opts))
            .unwrap_or_default();
        DocumentStream {
            inputs,
            next_input: 0,
            current: Current::None,
            source: Arc::from(""),
            opts,
            extra_columns,
            done_bytes: 0,
            spare: Spare::default(),
            whole_texts: false,
        }
    }

    /// A stream of documents already in memory (the Python package's
    /// texts), each labeled whole, carrying `extra_columns`.
    pub fn from_documents(docs: Vec<Document>, extra_columns: Vec<String>) -> Self {
        DocumentStream {
            inputs: Vec::new(),
            next_input: 0,
            current: Current::Documents(docs.into_iter()),
            source: Arc::from(""),
            opts: ReadOptions {
                text_field: String::new(),
                id_field: None,
                whole_pages: false,
            },
            extra_columns,
            done_bytes: 0,
            spare: Spare::default(),
            whole_texts: true,
        }
    }

    /// Read every text input as one document, however long, instead of in
    /// parts of about [`PART_BYTES`] (for labeling each article whole, as
    /// `--no-split` does).
    pub fn with_whole_texts(mut self, whole: bool) -> Self {
        self.whole_texts = whole;
        self
    }

    /// Hand back a finished document so that its buffers can hold the next
    /// rows read. Optional (it only saves allocations); call it on the
    /// thread that reads, so the blocks stay in that thread's allocator
    /// cache.
    pub fn recycle(&mut self, doc: Document) {
        self.spare.keep(doc.id);
        self.spare.keep(doc.text);
        self.spare.keep_vec(doc.extra);
    }

    /// [`recycle`](Self::recycle) for a document's text alone.
    pub fn recycle_text(&mut self, text: String) {
        self.spare.keep(text);
    }

    /// Names of the carried CSV columns.
    pub fn extra_columns(&self) -> &[String] {
        &self.extra_columns
    }

    /// Total size of the inputs in bytes; `None` when stdin is one of
    /// them (its size is not known).
    pub fn total_bytes(&self) -> Option<u64> {
        if self.inputs.iter().any(Input::is_stdin) {
            return None;
        }
        Some(self.inputs.iter().map(|i| i.size).sum())
    }

    /// Bytes read so far (approximate inside a CSV or JSONL file).
    pub fn bytes_read(&self) -> u64 {
        let inside = match &self.current {
            Current::Csv { rows, .. } => rows.consumed(),
            Current::Text { parts, .. } => parts.consumed(),
            _ => 0,
        };
        self.done_bytes + inside
    }

    /// Open the next input; whole-file inputs are returned directly.
    fn open_next(&mut self) -> Option<Result<Document>> {
        let input = self.inputs.get(self.next_input)?.clone();
        self.next_input += 1;
        if self.next_input > 1 {
            self.done_bytes += self.inputs[self.next_input - 2].size;
        }
        self.source = Arc::from(source_name(&input.path).as_str());
        // A regular file's size is known and it can be read twice; stdin,
        // a pipe (`<(zcat news.txt.gz)`) or a device can be read once.
        let mut regular = false;
        let reader: Box<dyn Read + Send> = if input.is_stdin() {
            Box::new(std::io::stdin())
        } else {
            match File::open(&input.path) {
                Ok(f) => {
                    let meta = f.metadata().ok();
                    if meta.as_ref().is_some_and(|m| m.is_dir()) {
                        return Some(Err(Error::file(&input.path, "is a directory")));
                    }
                    regular = meta.is_some_and(|m| m.is_file());
                    Box::new(f)
                }
                Err(e) => return Some(Err(Error::io(&input.path, e))),
            }
        };
        match input.kind {
            // (A file known to be short is read whole, in one read.)
            InputKind::Text
                if !self.whole_texts && (!regular || input.size > PART_BYTES as u64) =>
            {
                if regular {
                    // Read through first, so that a file with a mistake far
                    // in is refused before any part of it is labeled.
                    if let Err(e) = check_text_file(&input.path) {
                        return Some(Err(e));
                    }
                }
                self.current = Current::Text {
                    parts: PartReader::new(reader, input.path.clone()),
                    handed_out: 0,
                    sentences: 0,
                    context: String::new(),
                };
                None
            }
            InputKind::Text | InputKind::Html | InputKind::Markdown => {
                Some(self.read_whole(&input, reader))
            }
            InputKind::Csv => match self.open_csv(&input, reader) {
                Ok(()) => None,
                Err(e) => Some(Err(e)),
            },
            InputKind::Jsonl => {
                self.current = Current::Jsonl {
                    lines: Box::new(BufReader::with_capacity(1 << 16, reader)),
                    line: 0,
                };
                None
            }
        }
    }

    fn read_whole(&mut self, input: &Input, mut reader: Box<dyn Read + Send>) -> Result<Document> {
        let bytes = crate::io::data::read_text_bounded(
            &input.path,
            &mut reader,
            crate::io::data::whole_file_limit(),
        )?;
        let text = decode(&input.path, bytes)?;
        let blank = text.trim().is_empty();
        let text = match input.kind {
            InputKind::Html if self.opts.whole_pages => crate::text::html::html_to_text(&text),
            InputKind::Html => crate::text::main_text::page_text(&text),
            InputKind::Markdown => crate::text::markdown::markdown_to_text(&text),
            _ => text,
        };
        if text.trim().is_empty() {
            // Markup with no text once read is not "empty".
            let why = if blank {
                "file is empty"
            } else {
                "has no text outside its markup (an unclosed quote or tag can hide a page's text)"
            };
            return Err(Error::file(&input.path, why));
        }
        Ok(Document {
            id: self.source.to_string(),
            source: self.source.clone(),
            line: None,
            text,
            extra: vec![String::new(); self.extra_columns.len()],
            part: None,
        })
    }

    fn open_csv(&mut self, input: &Input, reader: Box<dyn Read + Send>) -> Result<()> {
        let mut rows = CsvRows::new(reader, input.path.clone());
        let headers = rows.headers()?;
        if headers.is_empty() || headers.iter().all(|h| h.trim().is_empty()) {
            return Err(Error::file(&input.path, "file is empty"));
        }
        refuse_repeated_columns(&input.path, &headers)?;
        let text = column_index(&input.path, &headers, &self.opts.text_field)?;
        let id = match &self.opts.id_field {
            Some(f) => Some(column_index(&input.path, &headers, f)?),
            None => None,
        };
        let extra = self
            .extra_columns
            .iter()
            .map(|name| {
                headers
                    .iter()
                    .position(|h| h.trim() == name)
                    .unwrap_or(usize::MAX)
            })
            .collect();
        self.current = Current::Csv {
            rows: Box::new(rows),
            text,
            id,
            extra,
        };
        Ok(())
    }

    fn next_row(&mut self) -> Option<Result<Document>> {
        let source = self.source.clone();
        let path = || PathBuf::from(&*source);
        let n_extra = self.extra_columns.len();
        let spare = &mut self.spare;
        match &mut self.current {
            Current::None => None,
            Current::Documents(docs) => docs.next().map(Ok),
            Current::Text { .. } => self.next_part(),
            Current::Csv {
                rows,
                text,
                id,
                extra,
            } => {
                let line = match rows.read()? {
                    Ok(line) => line,
                    Err(e) => return Some(Err(e)),
                };
                let body = rows.get(*text).unwrap_or("");
                if body.trim().is_empty() {
                    return Some(Err(Error::at_line(
                        path(),
                        line,
                        "empty text cell; row skipped",
                    )));
                }
                let id = match id.and_then(|k| rows.get(k)).filter(|v| !v.is_empty()) {
                    Some(given) => spare.copy(given),
                    None => row_id(spare.string(), &source, line),
                };
                let mut values = spare.vec();
                for &k in extra.iter() {
                    values.push(spare.copy(rows.get(k).unwrap_or("")));
                }
                values.resize(n_extra, String::new());
                Some(Ok(Document {
                    id,
                    source,
                    line: Some(line),
                    text: spare.copy(body),
                    extra: values,
                    part: None,
                }))
            }
            Current::Jsonl { lines, line } => loop {
                let mut buf = Vec::new();
                *line += 1;
                let limit = MAX_RECORD_BYTES as u64 + 1;
                match lines.by_ref().take(limit).read_until(b'\n', &mut buf) {
                    Ok(0) => return None,
                    Err(e) => {
                        self.current = Current::None;
                        return Some(Err(Error::io(path(), e)));
                    }
                    Ok(n) if n as u64 == limit && buf.last() != Some(&b'\n') => {
                        let msg = format!(
                            "a line longer than {}; the rest of the file is not read",
                            crate::io::memory::human(MAX_RECORD_BYTES as u64)
                        );
                        let at = *line;
                        self.current = Current::None;
                        return Some(Err(Error::at_line(path(), at, msg)));
                    }
                    Ok(_) => {}
                }
                let trimmed = buf.trim_ascii();
                if trimmed.is_empty() {
                    continue;
                }
                let line = *line;
                let json_path = path();
                return Some(parse_json_line(
                    &json_path,
                    line,
                    trimmed,
                    &self.opts,
                    source,
                    &self.extra_columns,
                ));
            },
        }
    }
}

impl DocumentStream {
    /// The next part of the text input being read (whitespace-only parts
    /// are passed over).
    fn next_part(&mut self) -> Option<Result<Document>> {
        let Current::Text {
            parts,
            handed_out,
            sentences,
            context,
        } = &mut self.current
        else {
            return None;
        };
        loop {
            match parts.next_part() {
                Some(Ok((text, _))) if text.trim().is_empty() => continue,
                Some(Ok((text, offset))) => {
                    let number = *handed_out;
                    *handed_out += 1;
                    // A text that was one part is an article read whole.
                    let part = (number > 0 || !parts.at_end()).then(|| {
                        let split = SentenceSplitter::new().split(&text);
                        let part = Box::new(Part {
                            number,
                            offset,
                            first_sentence: *sentences,
                            context: std::mem::take(context),
                            sentences: Some(split),
                        });
                        // The next part's sentences are numbered on from here.
                        *sentences += part.sentences.as_ref().map_or(0, Vec::len);
                        if !parts.at_end() {
                            *context = last_lines(&text).to_string();
                        }
                        part
                    });
                    let extra = vec![String::new(); self.extra_columns.len()];
                    return Some(Ok(Document {
                        id: self.source.to_string(),
                        source: self.source.clone(),
                        line: None,
                        text,
                        extra,
                        part,
                    }));
                }
                Some(Err(e)) => {
                    self.current = Current::None;
                    return Some(Err(e));
                }
                None => {
                    let empty = *handed_out == 0;
                    self.current = Current::None;
                    return empty.then(|| Err(Error::file(&*self.source, "file is empty")));
                }
            }
        }
    }
}

/// Read a text file through, part by part, for the mistakes reading it
/// would find (not UTF-8, NUL bytes, a read error).
fn check_text_file(path: &Path) -> Result<()> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut parts = PartReader::new(Box::new(file), path.to_path_buf());
    while let Some(part) = parts.next_part() {
        part?;
    }
    Ok(())
}

impl Iterator for DocumentStream {
    type Item = Result<Document>;

    fn next(&mut self) -> Option<Result<Document>> {
        loop {
            if let Some(item) = self.next_row() {
                return Some(item);
            }
            self.current = Current::None;
            if self.next_input >= self.inputs.len() {
                return None;
            }
            if let Some(item) = self.open_next() {
                return Some(item);
            }
        }
    }
}

fn parse_json_line(
    path: &Path,
    line: u64,
    bytes: &[u8],
    opts: &ReadOptions,
    source: Arc<str>,
    extra_columns: &[String],
) -> Result<Document> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| Error::at_line(path, line, format!("not valid JSON ({e})")))?;
    let obj = value
        .as_object()
        .ok_or_else(|| Error::at_line(path, line, "expected a JSON object"))?;
    let text = match obj.get(&opts.text_field) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(_) => {
            return Err(Error::at_line(
                path,
                line,
                format!("field {:?} is not a string", opts.text_field),
            ))
        }
        None => {
            return Err(Error::at_line(
                path,
                line,
                format!("no field named {:?}", opts.text_field),
            ))
        }
    };
    if text.trim().is_empty() {
        return Err(Error::at_line(path, line, "empty text; line skipped"));
    }
    // A line without the id field asked for is an error, as a CSV without
    // the column is: silently naming it `path:line` would mix two id
    // schemes in the output, and a misspelt `--id-col` would go unnoticed.
    let id = match &opts.id_field {
        None => format!("{source}:{line}"),
        Some(f) => match obj.get(f) {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => {
                return Err(Error::at_line(
                    path,
                    line,
                    format!("no field named {f:?} (the --id-col field)"),
                ))
            }
        },
    };
    // Carried fields: strings as they are, other values as JSON, missing
    // or null ones empty.
    let extra = extra_columns
        .iter()
        .map(|name| match obj.get(name) {
            None | Some(serde_json::Value::Null) => String::new(),
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
        })
        .collect();
    Ok(Document {
        id,
        source,
        line: Some(line),
        text,
        extra,
        part: None,
    })
}

/// UTF-8 text of a file, without a byte-order mark.
fn decode(path: &Path, mut bytes: Vec<u8>) -> Result<String> {
    strip_bom(&mut bytes);
    decode_from_line(path, bytes, 1)
}

/// Drop a UTF-8 byte-order mark from the start of `bytes`.
fn strip_bom(bytes: &mut Vec<u8>) {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
}

/// UTF-8 text of bytes that start on line `first_line` of a file (errors
/// name the line in the file).
fn decode_from_line(path: &Path, bytes: Vec<u8>, first_line: u64) -> Result<String> {
    crate::io::data::refuse_nul_from_line(path, &bytes, first_line)?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() as u64 + first_line;
        Error::at_line(path, line, "not valid UTF-8 (save the file as UTF-8)")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_stay_apart() {
        use std::os::unix::ffi::OsStrExt;
        let name = |b: &[u8]| source_name(Path::new(std::ffi::OsStr::from_bytes(b)));
        assert_eq!(name(b"caf\xe9.txt"), "caf\\xe9.txt");
        assert_eq!(name(b"caf\xe8.txt"), "caf\\xe8.txt");
        assert_eq!(name(b"a\\b\xff"), "a\\\\b\\xff");
        assert_eq!(name("café.txt".as_bytes()), "café.txt");
    }

    #[test]
    fn row_ids_are_path_colon_line() {
        for line in [0, 1, 9, 10, 99, 100, 12345, u64::MAX] {
            assert_eq!(
                row_id(String::new(), "a/b.csv", line),
                format!("a/b.csv:{line}")
            );
        }
        // A reused buffer: cleared, with room left from an earlier row.
        let mut reused = String::from("an earlier, longer id: 123456");
        reused.clear();
        assert_eq!(row_id(reused, "", 7), ":7");
    }

    #[test]
    fn recycled_buffers_give_the_same_documents() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("r.csv");
        let mut csv = String::from("id,text,lang,topic\n");
        for i in 0..300 {
            // Texts and carried fields of many lengths, some over the kept
            // capacity, some ids missing (the row id is built instead).
            let text = "word ".repeat(1 + (i * 37) % 400);
            let id = if i % 3 == 0 {
                String::new()
            } else {
                format!("r{i}")
            };
            csv.push_str(&format!(
                "{id},\"{text}\",{},{}\n",
                "l".repeat(i % 7),
                i * i
            ));
        }
        std::fs::write(&p, csv).unwrap();
        let (inputs, _) = collect_inputs(std::slice::from_ref(&p), InputFormat::Auto);
        let o = ReadOptions {
            whole_pages: false,
            id_field: Some("id".into()),
            ..opts()
        };
        let plain: Vec<Document> = read_all(inputs.clone(), o.clone())
            .into_iter()
            .map(|d| d.unwrap())
            .collect();
        let mut stream = DocumentStream::new(inputs, o);
        let mut recycled = Vec::new();
        let mut held: Vec<Document> = Vec::new();
        while let Some(doc) = stream.next() {
            let doc = doc.unwrap();
            recycled.push((doc.id.clone(), doc.text.clone(), doc.extra.clone()));
            // Hand documents back in batches, texts separately, as the
            // batch runner does.
            held.push(doc);
            if held.len() == 17 {
                for mut h in held.drain(..) {
                    stream.recycle_text(std::mem::take(&mut h.text));
                    stream.recycle(h);
                }
            }
        }
        assert_eq!(plain.len(), 300);
        assert!(!stream.spare.strings.is_empty() && !stream.spare.vecs.is_empty());
        for (p, (id, text, extra)) in plain.iter().zip(&recycled) {
            assert_eq!((&p.id, &p.text, &p.extra), (id, text, extra));
        }
    }

    fn opts() -> ReadOptions {
        ReadOptions {
            whole_pages: false,
            text_field: "text".into(),
            id_field: None,
        }
    }

    fn read_all(inputs: Vec<Input>, opts: ReadOptions) -> Vec<Result<Document>> {
        DocumentStream::new(inputs, opts).collect()
    }

    #[test]
    fn directories_and_globs_are_expanded_in_sorted_order() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir(d.path().join("sub")).unwrap();
        std::fs::write(d.path().join("b.txt"), "B.").unwrap();
        std::fs::write(d.path().join("sub/a.md"), "A.").unwrap();
        std::fs::write(d.path().join("sub/c.html"), "<p>C.</p>").unwrap();
        std::fs::write(d.path().join("c.bin"), "x").unwrap();
        let (got, errs) = collect_inputs(&[d.path().to_path_buf()], InputFormat::Auto);
        assert!(errs.is_empty());
        let names: Vec<_> = got
            .iter()
            .map(|i| i.path.strip_prefix(d.path()).unwrap().to_path_buf())
            .collect();
        assert_eq!(
            names,
            [
                PathBuf::from("b.txt"),
                "sub/a.md".into(),
                "sub/c.html".into()
            ]
        );
        assert_eq!(got[2].kind, InputKind::Html);
        let (got, _) = collect_inputs(&[d.path().join("sub/*.md")], InputFormat::Auto);
        assert_eq!(got.len(), 1);
        let (got, errs) = collect_inputs(
            &[d.path().join("*.zzz"), d.path().join("nope.txt")],
            InputFormat::Auto,
        );
        assert!(got.is_empty());
        assert_eq!(errs.len(), 2);
    }

    #[test]
    fn csv_rows_with_ids_and_carried_columns() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("n.csv");
        std::fs::write(&p, "id,text,lang\r\n7,\"One. Two.\",en\r\n8,Three.,fr\r\n").unwrap();
        let (inputs, _) = collect_inputs(std::slice::from_ref(&p), InputFormat::Auto);
        let o = ReadOptions {
            whole_pages: false,
            id_field: Some("id".into()),
            ..opts()
        };
        let stream = DocumentStream::new(inputs.clone(), o.clone());
        assert_eq!(stream.extra_columns(), ["lang"]);
        let docs: Vec<Document> = read_all(inputs, o)
            .into_iter()
            .map(|d| d.unwrap())
            .collect();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].id, "7");
        assert_eq!(docs[1].extra, ["fr"]);
        assert_eq!(docs[1].line, Some(3));
    }

    #[test]
    fn a_bad_row_or_file_does_not_stop_the_stream() {
        let d = tempfile::tempdir().unwrap();
        let a = d.path().join("a.csv");
        std::fs::write(&a, "text,x\nfine,1\nragged\nalso fine,2\n").unwrap();
        let b = d.path().join("b.txt");
        std::fs::write(&b, b"bad \xff byte").unwrap();
        let c = d.path().join("c.txt");
        std::fs::write(&c, "Good text.").unwrap();
        let e = d.path().join("e.txt");
        std::fs::write(&e, "  \n").unwrap();
        let (inputs, _) = collect_inputs(&[a, b, c, e], InputFormat::Auto);
        let got = read_all(inputs, opts());
        let oks: Vec<&str> = got
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .map(|d| d.text.as_str())
            .collect();
        assert_eq!(oks, ["fine", "also fine", "Good text."]);
        let errs: Vec<String> = got
            .iter()
            .filter_map(|r| r.as_ref().err())
            .map(|e| e.to_string())
            .collect();
        assert_eq!(errs.len(), 3, "{errs:?}");
        assert!(errs[0].contains("a.csv: line 3"), "{errs:?}");
        assert!(
            errs[1].contains("b.txt: line 1: not valid UTF-8"),
            "{errs:?}"
        );
        assert!(errs[2].contains("e.txt: file is empty"), "{errs:?}");
    }

    #[test]
    fn jsonl_lines_and_their_errors() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("n.jsonl");
        std::fs::write(
            &p,
            "{\"text\":\"A.\",\"id\":5}\n\nnot json\n{\"body\":\"x\"}\n{\"text\":\"B.\"}\n{\"text\":\"C.\",\"id\":null}\n",
        )
        .unwrap();
        let (inputs, _) = collect_inputs(std::slice::from_ref(&p), InputFormat::Auto);
        let o = ReadOptions {
            whole_pages: false,
            id_field: Some("id".into()),
            ..opts()
        };
        let got = read_all(inputs, o);
        assert_eq!(got.len(), 5);
        assert_eq!(got[0].as_ref().unwrap().id, "5");
        assert!(got[1]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("line 3: not valid JSON"));
        assert!(got[2]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("line 4: no field named \"text\""));
        // Asked for an id the line lacks: skipped and reported, not named
        // `path:line` behind the user's back.
        assert!(got[3]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("line 5: no field named \"id\" (the --id-col field)"));
        assert_eq!(got[4].as_ref().unwrap().line, Some(6));
        assert_eq!(got[4].as_ref().unwrap().id, "null");
    }

    #[test]
    fn bom_is_stripped_and_html_reduced() {
        let d = tempfile::tempdir().unwrap();
        let t = d.path().join("a.txt");
        std::fs::write(&t, b"\xEF\xBB\xBFHello.\r\n").unwrap();
        let h = d.path().join("b.html");
        std::fs::write(
            &h,
            "<html><body><p>First.</p><script>x()</script><p>Second.</p></body></html>",
        )
        .unwrap();
        let (inputs, _) = collect_inputs(&[t, h], InputFormat::Auto);
        let docs: Vec<Document> = read_all(inputs, opts())
            .into_iter()
            .map(|d| d.unwrap())
            .collect();
        assert_eq!(docs[0].text, "Hello.\r\n");
        assert!(docs[1].text.contains("First.") && docs[1].text.contains("Second."));
        assert!(!docs[1].text.contains("x()"));
    }
}
