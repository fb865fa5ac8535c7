//! Batch prediction: documents → sentences → labels, in parallel, in order.
//!
//! A reader thread pulls documents from a [`DocumentStream`] and hands them
//! over in slices; one worker per core takes slices as they come,
//! featurizes them with its own [`Transformer`] and renders them to output
//! bytes; the slices' results are then passed on in input order. Memory
//! holds a bounded number of slices, whatever the input size.

pub mod period;
pub mod suggest;
pub mod summary;

use std::panic::AssertUnwindSafe;
use std::sync::mpsc::sync_channel;
use std::sync::Mutex;

use crate::annotate::sentiment::Sentiment;
use crate::annotate::speaker::{resolve_document, DocumentSentence, SpeakerFinder};
use crate::error::{Error, Result};
use crate::features::Transformer;
use crate::io::input::{Document, DocumentStream};
use crate::model::Model;
use crate::text::boilerplate::{classify, classify_article, Boilerplate};
use crate::text::clean::squash_whitespace;
use crate::text::{Sentence, SentenceSplitter};

/// What to do with each document.
#[derive(Debug, Clone, Copy, Default)]
pub struct PredictOptions {
    /// Label each document whole instead of splitting it into sentences.
    pub no_split: bool,
    /// Label boilerplate (bylines, promos, credits, links, embedded posts)
    /// like article text instead of leaving it unlabeled.
    pub keep_boilerplate: bool,
    /// Skip the sentiment scorer (the `sentiment` and `compound` columns
    /// stay empty).
    pub no_sentiment: bool,
    /// Skip speaker attribution (the `actor` column stays empty).
    pub no_actors: bool,
}

/// One sentence with its label.
#[derive(Debug, Clone, PartialEq)]
pub struct LabeledSentence {
    /// 0-based position in the document.
    pub index: usize,
    /// Byte range in the document text.
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub boilerplate: Option<Boilerplate>,
    /// Who is speaking, for reported speech.
    pub actor: Option<String>,
    /// Label index and probabilities; `None` for boilerplate left unlabeled.
    pub label: Option<(usize, Vec<f32>)>,
    /// Tone of the sentence; `None` when it is left unlabeled.
    pub sentiment: Option<Sentiment>,
}

/// A document's labeled sentences (its text is dropped once labeled).
#[derive(Debug, Clone, PartialEq)]
pub struct LabeledDocument {
    pub doc: Document,
    pub sentences: Vec<LabeledSentence>,
}

/// Labels documents with a model.
pub struct Predictor<'m> {
    model: &'m Model,
    opts: PredictOptions,
}

impl<'m> Predictor<'m> {
    pub fn new(model: &'m Model, opts: PredictOptions) -> Self {
        Predictor { model, opts }
    }

    pub fn model(&self) -> &'m Model {
        self.model
    }

    /// A featurizing context for one thread.
    pub fn transformer(&self) -> Transformer<'m> {
        self.model.featurizer().transformer()
    }

    /// Split, clean, attribute and label one document.
    pub fn label_document(&self, t: &mut Transformer, doc: Document) -> LabeledDocument {
        self.label_taking_text(t, doc).0
    }

    /// [`label_document`](Self::label_document), handing back the text it
    /// took out of the document (for the batch runner to free on the
    /// thread that allocated it).
    fn label_taking_text(
        &self,
        t: &mut Transformer,
        mut doc: Document,
    ) -> (LabeledDocument, String) {
        // (A part of a long text comes split already.)
        let split = doc.part.as_mut().and_then(|p| p.sentences.take());
        let (sentences, body) = match split {
            Some(sentences) => (sentences, false),
            None if self.opts.no_split => article_body(&doc.text, self.opts.keep_boilerplate),
            None => (SentenceSplitter::new().split(&doc.text), false),
        };
        // A document of one sentence (a CSV row, usually) needs no vectors:
        // its two were 1% of a lean run's instructions.
        let (one_kind, many_kinds);
        let kinds: &[Option<Boilerplate>] = match &sentences[..] {
            // An article's body, boilerplate already taken out.
            [_] if body => &[None],
            [one] => {
                one_kind = [classify(&one.text)];
                &one_kind
            }
            all => {
                many_kinds =
                    classify_article(&all.iter().map(|s| s.text.as_str()).collect::<Vec<_>>());
                &many_kinds
            }
        };
        let mut speakers = SpeakerFinder::new();
        // A later part of a long text: numbered and placed in the whole,
        // its speakers found as if the part before had just been read.
        let part = doc.part.as_deref();
        let (offset, first_sentence) = part.map_or((0, 0), |p| (p.offset, p.first_sentence));
        let context = part.map_or("", |p| p.context.as_str());
        // The context's sentences and speakers, for canonical names.
        let mut before_part: Vec<(String, Option<String>)> = Vec::new();
        if !context.is_empty() && !self.opts.no_actors {
            let before = SentenceSplitter::new().split(context);
            let texts: Vec<&str> = before.iter().map(|s| s.text.as_str()).collect();
            for (s, kind) in texts.iter().zip(classify_article(&texts)) {
                if kind.is_none() {
                    let actor = speakers.next(s);
                    before_part.push((s.to_string(), actor));
                }
            }
        }
        let mut labeled = sentences
            .into_iter()
            .zip(kinds.iter().copied())
            .enumerate()
            .map(|(index, (s, boilerplate))| {
                let labeled = boilerplate.is_none() || self.opts.keep_boilerplate;
                let (probs, sentiment) = match (labeled, self.opts.no_sentiment) {
                    (false, _) => (None, None),
                    (true, true) => (
                        Some(self.model.probabilities_of(t.transform(&s.text))),
                        None,
                    ),
                    (true, false) => {
                        let (x, sentiment) = t.transform_and_sentiment(&s.text);
                        (Some(self.model.probabilities_of(x)), Some(sentiment))
                    }
                };
                // After featurizing, whose pass over the words is the
                // speaker's gate (a sentence that is not boilerplate is
                // always labeled, so featurized).
                let actor = if boilerplate.is_none() && !self.opts.no_actors {
                    speakers.next_gated(&s.text, t.may_report_speech())
                } else {
                    None
                };
                let label = probs.map(|probs| (Model::predict_index(&probs), probs));
                LabeledSentence {
                    index: first_sentence + index,
                    start: offset + s.start,
                    end: offset + s.end,
                    text: s.text,
                    boilerplate,
                    actor,
                    label,
                    sentiment,
                }
            })
            .collect::<Vec<LabeledSentence>>();
        if !self.opts.no_actors {
            resolve_actors(&mut before_part, &mut labeled);
        }
        let text = std::mem::take(&mut doc.text);
        (
            LabeledDocument {
                doc,
                sentences: labeled,
            },
            text,
        )
    }
}

/// Quotes over several sentences and canonical names, across the
/// document's sentences (the finder sees one at a time).
fn resolve_actors(before: &mut [(String, Option<String>)], labeled: &mut [LabeledSentence]) {
    if labeled.iter().all(|s| s.actor.is_none()) && before.iter().all(|(_, a)| a.is_none()) {
        return;
    }
    // The context before a part names people the part shortens; its own
    // actors are not output, so it takes no speaker from the part.
    let context = before.iter_mut().map(|(text, actor)| DocumentSentence {
        text,
        actor,
        attributable: false,
    });
    let mut sentences: Vec<DocumentSentence> = context
        .chain(labeled.iter_mut().map(|s| DocumentSentence {
            text: &s.text,
            actor: &mut s.actor,
            attributable: s.boilerplate.is_none(),
        }))
        .collect();
    resolve_document(&mut sentences);
}

/// The article as one unit for `--no-split`: its sentences that are not
/// boilerplate (all of them with `keep_boilerplate`), joined, so that a
/// photo credit or an embedded post inside an article is left out of the
/// unit instead of making the whole article look like boilerplate. The
/// bool is true when the unit is such a body; a text that is all
/// boilerplate comes back whole (and false), to be classified as it is.
fn article_body(text: &str, keep_boilerplate: bool) -> (Vec<Sentence>, bool) {
    let sentences = SentenceSplitter::new().split(text);
    let texts: Vec<&str> = sentences.iter().map(|s| s.text.as_str()).collect();
    let kinds = classify_article(&texts);
    let kept: Vec<&Sentence> = sentences
        .iter()
        .zip(&kinds)
        .filter(|(_, kind)| keep_boilerplate || kind.is_none())
        .map(|(s, _)| s)
        .collect();
    let (Some(first), Some(last)) = (kept.first(), kept.last()) else {
        return (whole(text), false);
    };
    let joined: Vec<&str> = kept.iter().map(|s| s.text.as_str()).collect();
    let body = Sentence {
        text: joined.join(" "),
        start: first.start,
        end: last.end,
    };
    (vec![body], true)
}

/// The whole text as one "sentence".
fn whole(text: &str) -> Vec<Sentence> {
    let t = text.trim();
    if t.is_empty() {
        return Vec::new();
    }
    let start = text.len() - text.trim_start().len();
    vec![Sentence {
        text: squash_whitespace(t),
        start,
        end: start + t.len(),
    }]
}

/// Label (text, gold) pairs, each text one unit, and tally the metrics.
pub fn evaluate<'a>(
    model: &Model,
    rows: impl Iterator<Item = (&'a str, &'a str)>,
) -> crate::eval::metrics::Metrics {
    let mut m = crate::eval::metrics::Metrics::new(model.labels());
    let mut t = model.featurizer().transformer();
    for (text, gold) in rows {
        let probs = model.probabilities_of(t.transform(text));
        m.add(gold, &model.labels()[Model::predict_index(&probs)]);
    }
    m
}

/// Counts of a finished batch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchStats {
    pub documents: u64,
    pub sentences: u64,
    /// Inputs or rows that could not be read (reported, then skipped).
    pub skipped: u64,
}

/// Documents per slice, and the byte budget that closes a slice early
/// (long articles): one worker labels and renders a slice at once. Each
/// slice costs a few wake-ups and allocations: slices of 64 rows kept the
/// writer thread twice as busy, and 512 took 4% off the CPU time of 256
/// (300k rows, medians of 7 alternating runs).
const SLICE_DOCS: usize = 512;
const SLICE_BYTES: usize = 512 << 10;
/// Slices per worker that may be read but not yet written: enough that no
/// worker waits for the reader or the writer, few enough that memory stays
/// flat (a slow slice holds the ones after it back, at most this many).
const SLICES_IN_FLIGHT_PER_WORKER: usize = 4;

/// One slice of labeled documents, in input order, as the sink gets it.
pub struct RenderedSlice {
    /// The documents, when the batch keeps them (see [`run_batch`]).
    pub docs: Vec<LabeledDocument>,
    /// What `render` made of them.
    pub bytes: Vec<u8>,
    /// Documents (a later part of a long text is not one) and sentences in
    /// the slice (kept or not).
    pub documents: u64,
    pub sentences: u64,
}

/// Documents read in a row, numbered in input order, with what could not
/// be read among them and the input position after them.
struct Slice {
    seq: u64,
    items: Vec<Result<Document>>,
    bytes_read: u64,
}

/// A labeled slice, on its way to the writer.
struct Labeled {
    seq: u64,
    /// The slice and the inputs in it that could not be read; `Err(seq)`
    /// when labeling it panicked.
    outcome: std::result::Result<(RenderedSlice, Vec<Error>), u64>,
    bytes_read: u64,
}

/// Label every document of `stream` on all cores, in input order.
///
/// `render` appends labeled documents to output bytes (in parallel);
/// `sink` receives each slice in input order and writes it; `on_error` gets
/// every input that could not be read; `progress` is called after each
/// slice with (bytes read, stats). With `keep_docs` false the sink gets the
/// bytes only: each document is rendered as soon as it is labeled and its
/// sentences freed at once, by the worker that made them. (Freed a slice
/// at a time, a row's dozen blocks overflowed the allocator's per-thread
/// cache and took its slow path.) This also keeps the writer thread out of
/// the workers' allocator arenas.
///
/// Threads: a reader cuts the stream into slices; one worker per rayon
/// thread (`--threads`) takes slices as they come, labels and renders
/// them; this thread puts the results back in input order, reports
/// errors and writes (the sink is not Send). No stage waits for another
/// except when it has nothing to do: labeled in chunks, each with a
/// parallel loop over its slices, the workers idled at every chunk's end
/// until the last slice was done, 10-15% of the cores' time.
pub fn run_batch<R, S, E, P>(
    predictor: &Predictor,
    stream: DocumentStream,
    keep_docs: bool,
    render: R,
    mut sink: S,
    mut on_error: E,
    mut progress: P,
) -> Result<BatchStats>
where
    R: Fn(&[LabeledDocument], &mut Vec<u8>) + Sync,
    S: FnMut(RenderedSlice) -> Result<()>,
    E: FnMut(Error),
    P: FnMut(u64, &BatchStats),
{
    let workers = rayon::current_num_threads().max(1);
    let in_flight = workers * SLICES_IN_FLIGHT_PER_WORKER;
    let mut stats = BatchStats::default();
    let (slice_tx, slice_rx) = sync_channel::<Slice>(in_flight);
    let slice_rx = Mutex::new(slice_rx);
    std::thread::scope(|scope| {
        // The reader takes a permit per slice and the writer gives it back
        // once the slice is written: this bounds what is held in memory.
        let (permit_tx, permit_rx) = sync_channel::<()>(in_flight);
        for _ in 0..in_flight {
            let _ = permit_tx.send(());
        }
        let (done_tx, done_rx) = sync_channel::<Labeled>(in_flight);
        // What the reader allocated comes back to it to be freed: freed on
        // the workers it made them take the reader's allocator arena lock.
        let (junk_tx, junk_rx) = std::sync::mpsc::channel::<(Vec<String>, Vec<Document>)>();
        let mut stream = stream;
        scope.spawn(move || {
            let mut seq = 0;
            let mut more = true;
            while more {
                if permit_rx.recv().is_err() {
                    return; // the writer stopped (output error)
                }
                for (texts, shells) in junk_rx.try_iter() {
                    texts.into_iter().for_each(|t| stream.recycle_text(t));
                    shells.into_iter().for_each(|d| stream.recycle(d));
                }
                let mut items = Vec::with_capacity(SLICE_DOCS);
                let mut bytes = 0;
                while items.len() < SLICE_DOCS && bytes < SLICE_BYTES {
                    match stream.next() {
                        Some(item) => {
                            if let Ok(d) = &item {
                                bytes += d.text.len();
                            }
                            items.push(item);
                        }
                        None => {
                            more = false;
                            break;
                        }
                    }
                }
                if items.is_empty() {
                    break;
                }
                let slice = Slice {
                    seq,
                    items,
                    bytes_read: stream.bytes_read(),
                };
                if slice_tx.send(slice).is_err() {
                    return;
                }
                seq += 1;
            }
        });
        let (render, slice_rx) = (&render, &slice_rx);
        for _ in 0..workers {
            let (done_tx, junk_tx) = (done_tx.clone(), junk_tx.clone());
            scope.spawn(move || {
                let mut t = predictor.transformer();
                loop {
                    let next = slice_rx.lock().unwrap_or_else(|e| e.into_inner()).recv();
                    let Ok(Slice {
                        seq,
                        items,
                        bytes_read,
                    }) = next
                    else {
                        return; // the reader is done
                    };
                    // A panic here (a bug) must not leave the writer
                    // waiting for this slice while the reader waits for
                    // permits: it goes to the writer, which stops the run.
                    let labeled = std::panic::catch_unwind(AssertUnwindSafe(|| {
                        label_slice(predictor, &mut t, items, keep_docs, render)
                    }));
                    let (outcome, stop) = match labeled {
                        Ok((slice, errors, junk)) => {
                            let _ = junk_tx.send(junk);
                            (Ok((slice, errors)), false)
                        }
                        Err(_) => (Err(seq), true),
                    };
                    let labeled = Labeled {
                        seq,
                        outcome,
                        bytes_read,
                    };
                    if done_tx.send(labeled).is_err() || stop {
                        return; // the writer stopped (output error), or a bug
                    }
                }
            });
        }
        drop((done_tx, junk_tx));
        // Slices finish out of order; each waits here until those before
        // it are written.
        let mut waiting = std::collections::BTreeMap::new();
        let mut next = 0;
        for labeled in done_rx {
            waiting.insert(labeled.seq, labeled);
            while let Some(l) = waiting.remove(&next) {
                let (slice, errors) = l.outcome.map_err(|seq| {
                    Error::Internal(format!("a labeling thread panicked on slice {seq}"))
                })?;
                for e in errors {
                    stats.skipped += 1;
                    on_error(e);
                }
                stats.documents += slice.documents;
                stats.sentences += slice.sentences;
                // (A slice of later parts of a long text has sentences but
                // no new document.)
                if slice.documents > 0 || slice.sentences > 0 {
                    sink(slice)?;
                }
                progress(l.bytes_read, &stats);
                next += 1;
                let _ = permit_tx.send(());
            }
        }
        Ok(stats)
    })
}

/// Label and render one slice on a worker: the rendered slice, the
/// inputs that could not be read, and the reader's buffers to give back.
fn label_slice<R>(
    predictor: &Predictor,
    t: &mut Transformer,
    items: Vec<Result<Document>>,
    keep_docs: bool,
    render: &R,
) -> (RenderedSlice, Vec<Error>, (Vec<String>, Vec<Document>))
where
    R: Fn(&[LabeledDocument], &mut Vec<u8>),
{
    let mut docs = Vec::with_capacity(items.len());
    let mut errors = Vec::new();
    for item in items {
        match item {
            Ok(d) => docs.push(d),
            Err(e) => errors.push(e),
        }
    }
    // Later parts of a long text belong to the article of its first part.
    let documents = docs.iter().filter(|d| !d.is_later_part()).count() as u64;
    let mut texts = Vec::with_capacity(docs.len());
    let mut kept = Vec::new();
    let mut shells = Vec::new();
    // Room for the rendering up front: the texts, half as much again, and
    // 256 bytes a document. A CSV row of one sentence is its text plus
    // about 150 bytes of other columns, so a slice of rows fits; an
    // article of many sentences may still grow its buffer once. Grown from
    // 16 KB instead, each slice's buffer was copied four times on the way
    // to its 140 KB (1.0% of a lean run's instructions).
    let text_bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let mut bytes = Vec::with_capacity(text_bytes + text_bytes / 2 + 256 * docs.len());
    let mut sentences = 0;
    docs.iter().for_each(warm);
    for d in docs {
        let (labeled, text) = predictor.label_taking_text(t, d);
        texts.push(text);
        sentences += labeled.sentences.len() as u64;
        if keep_docs {
            kept.push(labeled);
        } else {
            render(std::slice::from_ref(&labeled), &mut bytes);
            shells.push(labeled.doc);
        }
    }
    if keep_docs {
        render(&kept, &mut bytes);
    }
    let slice = RenderedSlice {
        documents,
        sentences,
        docs: kept,
        bytes,
    };
    (slice, errors, (texts, shells))
}

/// Read one byte of each cache line of a document's strings. They were
/// written by the reader thread, on the other core: first read where each
/// is needed (the splitter, the CSV writer), every one stalled the worker
/// on its own; read for a whole slice up front, the transfers overlap.
fn warm(doc: &Document) {
    let lines = |s: &String| s.as_bytes().chunks(64).fold(0u8, |x, line| x ^ line[0]);
    let extra = doc.extra.iter().fold(0u8, |x, s| x ^ lines(s));
    std::hint::black_box(lines(&doc.id) ^ lines(&doc.text) ^ extra);
}

/// Output format of predictions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Csv,
    Jsonl,
}

/// Output columns: fixed ones, one probability per label, carried ones.
#[derive(Debug, Clone)]
pub struct Columns {
    pub labels: Vec<String>,
    /// Carried CSV columns, renamed `input_<name>` where they would clash.
    pub extra: Vec<String>,
}

const FIXED: [&str; 10] = [
    "doc",
    "source",
    "line",
    "sentence",
    "start",
    "end",
    "boilerplate",
    "actor",
    "text",
    "label",
];

/// The output's own columns, before the carried ones.
fn own_names(labels: &[String]) -> impl Iterator<Item = String> + '_ {
    FIXED
        .iter()
        .map(|s| s.to_string())
        .chain(labels.iter().map(|l| format!("p_{l}")))
        .chain(["sentiment".to_string(), "compound".to_string()])
}

impl Columns {
    /// Carried columns keep their names, except that one named like a
    /// column of ours becomes `input_<name>`, and one whose name (after
    /// that) an earlier carried column already has gets `_2`, `_3`, ... (in
    /// header order): every input column reaches the output under a name
    /// of its own.
    pub fn new(labels: &[String], extra: &[String]) -> Self {
        let ours: std::collections::HashSet<String> = own_names(labels).collect();
        let mut taken = ours.clone();
        let extra = extra
            .iter()
            .map(|c| {
                let base = if ours.contains(c) {
                    format!("input_{c}")
                } else {
                    c.clone()
                };
                let mut name = base.clone();
                let mut k = 2;
                while taken.contains(&name) {
                    name = format!("{base}_{k}");
                    k += 1;
                }
                taken.insert(name.clone());
                name
            })
            .collect();
        Columns {
            labels: labels.to_vec(),
            extra,
        }
    }

    pub fn header(&self) -> Vec<String> {
        own_names(&self.labels)
            .chain(self.extra.iter().cloned())
            .collect()
    }

    /// The header line in `format` (empty for JSONL).
    pub fn render_header(&self, format: Format) -> Vec<u8> {
        match format {
            Format::Jsonl => Vec::new(),
            Format::Csv => {
                let mut w = csv::Writer::from_writer(Vec::new());
                w.write_record(self.header()).expect("write to memory");
                w.into_inner().expect("flush to memory")
            }
        }
    }

    /// One output row per sentence of `docs`, appended to `out`.
    pub fn render(&self, format: Format, docs: &[LabeledDocument], out: &mut Vec<u8>) {
        match format {
            Format::Csv => self.render_csv(docs, out),
            Format::Jsonl => self.render_jsonl(docs, out),
        }
    }

    fn render_csv(&self, docs: &[LabeledDocument], out: &mut Vec<u8>) {
        // Rows are written by hand rather than with csv::Writer, which spent
        // more on per-field bookkeeping than on the bytes; `CsvRow` quotes
        // exactly as the csv crate does (tested against it).
        let k = self.labels.len();
        for d in docs {
            for s in &d.sentences {
                let mut row = CsvRow::new(out);
                row.field(d.doc.id.as_bytes());
                row.field(d.doc.source.as_bytes());
                match d.doc.line {
                    Some(l) => row.number(l),
                    None => row.field(b""),
                }
                row.number(s.index as u64);
                row.number(s.start as u64);
                row.number(s.end as u64);
                row.field(s.boilerplate.map_or("", Boilerplate::name).as_bytes());
                row.field(s.actor.as_deref().unwrap_or("").as_bytes());
                row.field(s.text.as_bytes());
                match &s.label {
                    Some((l, probs)) => {
                        row.field(self.labels[*l].as_bytes());
                        for p in probs {
                            row.raw(|o| push_prob(o, *p));
                        }
                    }
                    None => {
                        row.field(b"");
                        for _ in 0..k {
                            row.field(b"");
                        }
                    }
                }
                match s.sentiment {
                    Some(x) => {
                        row.field(x.tone().name().as_bytes());
                        row.raw(|o| push_compound(o, x.compound));
                    }
                    None => {
                        row.field(b"");
                        row.field(b"");
                    }
                }
                for v in &d.doc.extra {
                    row.field(v.as_bytes());
                }
                row.end();
            }
        }
    }

    fn render_jsonl(&self, docs: &[LabeledDocument], out: &mut Vec<u8>) {
        for d in docs {
            for s in &d.sentences {
                let mut obj = serde_json::Map::new();
                obj.insert("doc".into(), d.doc.id.clone().into());
                obj.insert("source".into(), d.doc.source.to_string().into());
                obj.insert("line".into(), d.doc.line.into());
                obj.insert("sentence".into(), s.index.into());
                obj.insert("start".into(), s.start.into());
                obj.insert("end".into(), s.end.into());
                obj.insert(
                    "boilerplate".into(),
                    s.boilerplate.map(Boilerplate::name).into(),
                );
                obj.insert("actor".into(), s.actor.clone().into());
                obj.insert("text".into(), s.text.clone().into());
                match &s.label {
                    Some((l, probs)) => {
                        obj.insert("label".into(), self.labels[*l].clone().into());
                        for (name, p) in self.labels.iter().zip(probs) {
                            obj.insert(format!("p_{name}"), round4(*p).into());
                        }
                    }
                    None => {
                        obj.insert("label".into(), serde_json::Value::Null);
                        for name in &self.labels {
                            obj.insert(format!("p_{name}"), serde_json::Value::Null);
                        }
                    }
                }
                obj.insert(
                    "sentiment".into(),
                    s.sentiment.map(|x| x.tone().name()).into(),
                );
                obj.insert(
                    "compound".into(),
                    s.sentiment.map(|x| (x.compound * 1e4).round() / 1e4).into(),
                );
                for (c, v) in self.extra.iter().zip(&d.doc.extra) {
                    obj.insert(c.clone(), v.clone().into());
                }
                serde_json::to_writer(&mut *out, &obj).expect("write to memory");
                out.push(b'\n');
            }
        }
    }
}

/// A probability rounded to 4 decimals, as printed.
pub fn round4(p: f32) -> f64 {
    (f64::from(p) * 1e4).round() / 1e4
}

/// Append `p` (in [0, 1]) as exactly six bytes, `0.1234` or `1.0000`:
/// much faster than float formatting, which dominated output time.
fn push_prob(out: &mut Vec<u8>, p: f32) {
    push_ten_thousandths(out, (f64::from(p.clamp(0.0, 1.0)) * 1e4).round() as u32);
}

/// Append `c` (in [-1, 1]) as `{:.4}` would, without float formatting.
fn push_compound(out: &mut Vec<u8>, c: f64) {
    if c.is_sign_negative() {
        out.push(b'-');
    }
    push_ten_thousandths(out, (c.abs().min(1.0) * 1e4).round() as u32);
}

/// Append `v` / 10,000 (`v` ≤ 10,000) as `0.1234` or `1.0000`.
fn push_ten_thousandths(out: &mut Vec<u8>, v: u32) {
    let (int, frac) = (v / 10_000, v % 10_000);
    out.push(b'0' + int as u8);
    out.push(b'.');
    for d in [frac / 1000, frac / 100 % 10, frac / 10 % 10, frac % 10] {
        out.push(b'0' + d as u8);
    }
}

/// Bits of [`specials`]: the field holds one of `"` `,` `\n` `\r` (it
/// must be quoted), and it holds a `"` (to be doubled).
const SPECIAL: u8 = 1;
const QUOTE: u8 = 2;

/// Which of [`SPECIAL`] and [`QUOTE`] hold for the field `v`, in one pass
/// without a branch per byte: a short field in one or two overlapping
/// words, a long one in a branch-free fold over its bytes, which the
/// compiler vectorizes. Every row has seven to nine fields (paths, ids,
/// labels, the sentence), and a byte loop with a branch per byte for short
/// fields, or `memchr3`, `memchr` and a search for quotes in long ones,
/// cost more.
fn specials(v: &[u8]) -> u8 {
    /// Top bit of each byte lane of `x` that equals `c` (exact as a
    /// whole: nonzero exactly when some lane equals `c`).
    fn lanes_equal(x: u64, c: u8) -> u64 {
        let t = x ^ (u64::from(c) * crate::text::ascii::ONES);
        t.wrapping_sub(crate::text::ascii::ONES) & !t & crate::text::ascii::TOP
    }
    fn word(x: u64) -> u8 {
        let quote = lanes_equal(x, b'"');
        let other = lanes_equal(x, b',') | lanes_equal(x, b'\n') | lanes_equal(x, b'\r');
        (SPECIAL * u8::from(quote | other != 0)) | (QUOTE * u8::from(quote != 0))
    }
    let n = v.len();
    let u32_at = |i: usize| u64::from(u32::from_le_bytes(v[i..i + 4].try_into().expect("4 bytes")));
    let u64_at = |i: usize| u64::from_le_bytes(v[i..i + 8].try_into().expect("8 bytes"));
    match n {
        0 => 0,
        1..4 => v.iter().fold(0, |found, &b| found | word(u64::from(b))),
        4..8 => word(u32_at(0)) | word(u32_at(n - 4)),
        8..16 => word(u64_at(0)) | word(u64_at(n - 8)),
        _ => specials_long(v),
    }
}

/// [`specials`] for a field of at least 16 bytes.
fn specials_long(v: &[u8]) -> u8 {
    v.iter().fold(0, |found, &b| {
        found
            | (SPECIAL * u8::from(matches!(b, b'"' | b',' | b'\n' | b'\r')))
            | (QUOTE * u8::from(b == b'"'))
    })
}

/// One CSV record being appended to a buffer: fields separated by `,`,
/// ended by `\n`, quoted (with `"` doubled) when they hold `"`, `,`, `\n`
/// or `\r`, which is what the csv crate's default writer does.
struct CsvRow<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
}

impl<'a> CsvRow<'a> {
    fn new(out: &'a mut Vec<u8>) -> Self {
        CsvRow { out, first: true }
    }

    fn sep(&mut self) {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
    }

    fn field(&mut self, v: &[u8]) {
        self.sep();
        let found = specials(v);
        if found == 0 {
            self.out.extend_from_slice(v);
            return;
        }
        self.out.reserve(v.len() + 2);
        self.out.push(b'"');
        if found & QUOTE == 0 {
            self.out.extend_from_slice(v);
        } else {
            // Each `"` doubled: copied in runs between quotes.
            let mut rest = v;
            while let Some(q) = memchr::memchr(b'"', rest) {
                self.out.extend_from_slice(&rest[..=q]);
                self.out.push(b'"');
                rest = &rest[q + 1..];
            }
            self.out.extend_from_slice(rest);
        }
        self.out.push(b'"');
    }

    fn number(&mut self, n: u64) {
        self.sep();
        self.out
            .extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
    }

    /// A field written by `f`, which must need no quoting.
    fn raw(&mut self, f: impl FnOnce(&mut Vec<u8>)) {
        self.sep();
        f(self.out);
    }

    fn end(self) {
        self.out.push(b'\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Text files of very different lengths, some empty (unreadable), so
    /// that slices finish out of order on several workers.
    fn uneven_inputs(dir: &std::path::Path) -> Vec<crate::io::input::Input> {
        let mut next = crate::testing::numbers(42);
        let mut inputs = Vec::new();
        for i in 0..900 {
            let path = dir.join(format!("{i:04}.txt"));
            let text = match next() % 50 {
                0 => String::new(),
                1 => "Troops massed at the border. Talks were called off. ".repeat(2000),
                n => format!("Article {i} reports {n} strikes. Envoys met again."),
            };
            std::fs::write(&path, text).unwrap();
            let size = std::fs::metadata(&path).unwrap().len();
            let kind = crate::io::input::InputKind::Text;
            inputs.push(crate::io::input::Input { path, kind, size });
        }
        inputs
    }

    /// (events in sink/on_error order, rendered bytes, stats) of one run.
    fn run_on(
        threads: usize,
        inputs: &[crate::io::input::Input],
    ) -> (Vec<String>, Vec<u8>, BatchStats) {
        let model = crate::default_model().unwrap().model;
        let predictor = Predictor::new(&model, PredictOptions::default());
        let opts = crate::io::input::ReadOptions {
            whole_pages: false,
            text_field: "text".into(),
            id_field: None,
        };
        let stream = DocumentStream::new(inputs.to_vec(), opts);
        let columns = Columns::new(model.labels(), &[]);
        let events = Mutex::new(Vec::new());
        let mut bytes = Vec::new();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let stats = pool
            .install(|| {
                run_batch(
                    &predictor,
                    stream,
                    true,
                    |docs, out| columns.render(Format::Csv, docs, out),
                    |slice| {
                        let ids = slice.docs.iter().map(|d| d.doc.id.clone());
                        events.lock().unwrap().extend(ids);
                        bytes.extend_from_slice(&slice.bytes);
                        Ok(())
                    },
                    |e| events.lock().unwrap().push(format!("error {e}")),
                    |_, _| {},
                )
            })
            .unwrap();
        (events.into_inner().unwrap(), bytes, stats)
    }

    #[test]
    fn a_later_part_is_placed_in_the_whole_and_finds_speakers_named_before_it() {
        let model = crate::default_model().unwrap().model;
        let predictor = Predictor::new(&model, PredictOptions::default());
        let mut t = predictor.transformer();
        let text = "He warned that the talks could collapse.";
        let part = |context: &str| Document {
            id: "long.txt".into(),
            source: "long.txt".into(),
            line: None,
            text: text.into(),
            extra: vec![],
            part: Some(Box::new(crate::io::input::Part {
                number: 1,
                offset: 1000,
                first_sentence: 7,
                context: context.into(),
                sentences: None,
            })),
        };
        let before = "Defence Minister Yoav Gallant said the army would widen its strikes.\n";
        let primed = predictor.label_document(&mut t, part(before));
        assert_eq!(primed.sentences.len(), 1, "the context is not labeled");
        let s = &primed.sentences[0];
        assert_eq!((s.index, s.start, s.end), (7, 1000, 1000 + text.len()));
        assert_eq!(s.actor.as_deref(), Some("Yoav Gallant"));
        let bare = predictor.label_document(&mut t, part(""));
        assert_eq!(bare.sentences[0].actor, None);
    }

    #[test]
    fn batches_come_out_in_input_order_whatever_the_worker_count() {
        let d = tempfile::tempdir().unwrap();
        let inputs = uneven_inputs(d.path());
        let (one, one_bytes, one_stats) = run_on(1, &inputs);
        let (four, four_bytes, four_stats) = run_on(4, &inputs);
        assert_eq!(one, four);
        assert_eq!(one_bytes, four_bytes);
        assert_eq!(one_stats, four_stats);
        // Every input once, in input order; the empty ones as errors.
        let names: Vec<String> = inputs
            .iter()
            .map(|i| i.path.display().to_string())
            .collect();
        let seen: Vec<&String> = names
            .iter()
            .filter(|n| four.iter().any(|e| e.contains(n.as_str())))
            .collect();
        assert_eq!(seen.len(), names.len());
        let position = |n: &str| four.iter().position(|e| e.contains(n)).unwrap();
        let docs: Vec<usize> = names
            .iter()
            .map(|n| position(n))
            .filter(|&p| !four[p].starts_with("error"))
            .collect();
        assert!(
            docs.windows(2).all(|w| w[0] < w[1]),
            "documents out of order"
        );
        assert!(four_stats.skipped > 0 && four_stats.documents > 800);
        assert_eq!(four_stats.skipped + four_stats.documents, 900);
    }

    #[test]
    fn a_panicking_worker_stops_the_batch_instead_of_hanging_it() {
        let d = tempfile::tempdir().unwrap();
        // More slices than may be in flight, so that a lost slice would
        // leave the reader waiting for permits.
        let inputs: Vec<_> = uneven_inputs(d.path())
            .iter()
            .cycle()
            .take(5400)
            .cloned()
            .collect();
        // On its own thread, so that a hang fails the test instead of
        // stalling the suite.
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let model = crate::default_model().unwrap().model;
            let predictor = Predictor::new(&model, PredictOptions::default());
            let opts = crate::io::input::ReadOptions {
                whole_pages: false,
                text_field: "text".into(),
                id_field: None,
            };
            let rendered = std::sync::atomic::AtomicUsize::new(0);
            let result = run_batch(
                &predictor,
                DocumentStream::new(inputs, opts),
                false,
                |_, _| {
                    if rendered.fetch_add(1, std::sync::atomic::Ordering::Relaxed) == 100 {
                        panic!("a deliberate bug, for this test");
                    }
                },
                |_| Ok(()),
                |_| {},
                |_, _| {},
            );
            let _ = tx.send(result.err().map(|e| e.to_string()));
        });
        let outcome = rx.recv_timeout(std::time::Duration::from_secs(120));
        let e = outcome.expect("the run ends").expect("the run fails");
        assert!(e.contains("panicked"), "{e}");
    }

    #[test]
    fn a_failing_sink_stops_the_batch() {
        let d = tempfile::tempdir().unwrap();
        let inputs = uneven_inputs(d.path());
        let model = crate::default_model().unwrap().model;
        let predictor = Predictor::new(&model, PredictOptions::default());
        let opts = crate::io::input::ReadOptions {
            whole_pages: false,
            text_field: "text".into(),
            id_field: None,
        };
        let mut calls = 0;
        let result = run_batch(
            &predictor,
            DocumentStream::new(inputs, opts),
            false,
            |_, _| {},
            |_| {
                calls += 1;
                match calls {
                    3 => Err(Error::Usage("disk full".into())),
                    _ => Ok(()),
                }
            },
            |_| {},
            |_, _| {},
        );
        assert!(result.is_err());
        assert_eq!(calls, 3);
    }

    #[test]
    fn compound_scores_print_as_four_decimals() {
        for i in -10_000..=10_000 {
            let c = round4(i as f32 / 10_000.0);
            let c = (c * 1e4).round() / 1e4;
            let mut s = Vec::new();
            push_compound(&mut s, c);
            assert_eq!(s, format!("{c:.4}").as_bytes(), "{c}");
        }
        for c in [-0.0, 0.0, 1.0, -1.0, 0.00005, -0.7079] {
            let mut s = Vec::new();
            push_compound(&mut s, c);
            assert_eq!(s, format!("{c:.4}").as_bytes(), "{c}");
        }
    }

    #[test]
    fn probabilities_print_as_four_decimals() {
        let mut s = Vec::new();
        for p in [0.0, 0.12344, 0.99996, 1.0, 0.5] {
            push_prob(&mut s, p);
        }
        assert_eq!(s, b"0.00000.12341.00001.00000.5000");
        for i in 0..=1000 {
            let p = i as f32 / 1000.0;
            let mut s = Vec::new();
            push_prob(&mut s, p);
            assert_eq!(s, format!("{:.4}", round4(p)).as_bytes());
        }
    }

    #[test]
    fn specials_are_found_at_every_place_in_fields_of_every_length() {
        let plain = |v: &[u8]| {
            let quote = v.contains(&b'"');
            let special = quote || v.iter().any(|b| matches!(b, b',' | b'\n' | b'\r'));
            (SPECIAL * u8::from(special)) | (QUOTE * u8::from(quote))
        };
        let mut checked = 0;
        for len in 0..80 {
            // Bytes near the specials' values and non-ASCII ones, which
            // a lane trick could mistake for them.
            let base: Vec<u8> = (0..len)
                .map(|i| [b'a', 0xe9, b'-', b'#', 0x0b, b'+'][i % 6])
                .collect();
            assert_eq!(specials(&base), 0, "{base:?}");
            for at in 0..len {
                for c in [b'"', b',', b'\n', b'\r', 0xa2, 0x8a, b'!'] {
                    let mut v = base.clone();
                    v[at] = c;
                    assert_eq!(specials(&v), plain(&v), "{v:?}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 20_000);
    }

    #[test]
    fn csv_rows_are_quoted_like_the_csv_crate() {
        // The long piece makes fields of up to 128 bytes, past the short
        // fields' words into the long fields' fold.
        let pieces = [
            "",
            "a",
            ",",
            "\"",
            "\n",
            "\r",
            " ",
            "x y",
            "\u{e9}",
            "'",
            "#",
            "\t",
            "0123456789abcdef",
        ];
        let mut state: u64 = 3;
        for _ in 0..5_000 {
            let mut fields: Vec<String> = Vec::new();
            for _ in 0..4 {
                let mut f = String::new();
                for _ in 0..1 + (state >> 40) % 8 {
                    state = state
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1_442_695_040_888_963_407);
                    f.push_str(pieces[(state >> 33) as usize % pieces.len()]);
                }
                fields.push(f);
            }
            let mut ours = Vec::new();
            let mut row = CsvRow::new(&mut ours);
            for f in &fields {
                row.field(f.as_bytes());
            }
            row.number(state % 100_000);
            row.end();
            let mut w = csv::Writer::from_writer(Vec::new());
            let mut record: Vec<String> = fields.clone();
            record.push((state % 100_000).to_string());
            w.write_record(&record).unwrap();
            assert_eq!(ours, w.into_inner().unwrap(), "{fields:?}");
        }
    }

    #[test]
    fn clashing_carried_columns_are_renamed() {
        let c = Columns::new(
            &["a".into()],
            &[
                "label".into(),
                "id".into(),
                "input_label".into(),
                "p_a".into(),
            ],
        );
        assert_eq!(
            c.header(),
            [
                "doc",
                "source",
                "line",
                "sentence",
                "start",
                "end",
                "boilerplate",
                "actor",
                "text",
                "label",
                "p_a",
                "sentiment",
                "compound",
                "input_label",
                "id",
                "input_label_2",
                "input_p_a"
            ]
        );
    }
}
