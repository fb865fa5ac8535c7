//! The fuzz targets' bodies, shared by the cargo-fuzz targets
//! (`fuzz_targets/*.rs`, libFuzzer, nightly) and the stable driver
//! (`src/bin/stable.rs`). Each takes arbitrary bytes, must never panic, and
//! asserts invariants: a failed assertion is a finding like a crash.
//!
//! - [`csv`]: the bytes as a labeled CSV (`data::read_labeled`) and as a
//!   CSV and a JSONL batch input (`input::DocumentStream`).
//! - [`model`]: the bytes as a model file (`ModelFile::from_bytes`).
//! - [`text`]: the bytes as an article: HTML cleaner, sentence splitter,
//!   tokenizer, boilerplate classifier, speaker finder, featurizer.
//!
//! Set `RHETORIC_FUZZ_ONE_LINE=1` to also require every error message to
//! be one line. Off by default: column and label names are printed raw, so
//! a CSV header holding a quoted newline gives a two-line message (known,
//! `tests/test_bad_input.rs::names_with_newlines_keep_messages_on_one_line`),
//! and the fuzzer would stop there every time.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rhetoric::io::input::{collect_inputs, DocumentStream, InputFormat, ReadOptions};
use rhetoric::annotate::speaker::SpeakerFinder;
use rhetoric::text::boilerplate::classify_article;
use rhetoric::text::clean::squash_whitespace;
use rhetoric::text::html::html_to_text;
use rhetoric::{ModelFile, SentenceSplitter, Tokenizer};

fn strict_one_line() -> bool {
    static STRICT: OnceLock<bool> = OnceLock::new();
    *STRICT.get_or_init(|| std::env::var_os("RHETORIC_FUZZ_ONE_LINE").is_some_and(|v| v == "1"))
}

/// A scratch directory for this process (the fuzzers run one input at a
/// time per process).
fn scratch() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = std::env::temp_dir().join(format!("rhetoric-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&d).expect("scratch dir");
        d
    })
}

fn check_message(msg: &str, file: &str) {
    assert!(!msg.is_empty(), "empty error message");
    assert!(
        msg.contains(file),
        "error does not name the file {file}: {msg}"
    );
    if strict_one_line() {
        assert!(
            !msg.contains('\n'),
            "error message is not one line: {msg:?}"
        );
    }
}

/// Lines in the bytes as the tool counts them: LF, CRLF and a lone CR
/// (classic Mac line ends) each end one.
fn line_count(data: &[u8]) -> u64 {
    let lone_cr = data
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\r' && data.get(i + 1) != Some(&b'\n'))
        .count();
    (data.iter().filter(|&&b| b == b'\n').count() + lone_cr) as u64 + 1
}

/// The bytes as a labeled CSV and as CSV / JSONL batch inputs.
pub fn csv(data: &[u8]) {
    let dir = scratch();
    let lines = line_count(data);

    let path = dir.join("in.csv");
    std::fs::write(&path, data).expect("write scratch file");
    match rhetoric::io::data::read_labeled(&path, "text", "label") {
        Ok(d) => {
            assert!(!d.rows.is_empty(), "Ok with no rows");
            assert_eq!(d.sha256.len(), 64);
            let mut prev = 0;
            for r in &d.rows {
                assert!(!r.text.is_empty() && r.text.trim() == r.text, "{r:?}");
                assert!(!r.label.is_empty() && r.label.trim() == r.label, "{r:?}");
                assert!(r.line >= 1 && r.line <= lines, "line {} of {lines}", r.line);
                assert!(
                    r.line >= prev,
                    "lines go backwards: {} after {prev}",
                    r.line
                );
                prev = r.line;
            }
            let counts = d.label_counts();
            assert_eq!(counts.values().sum::<usize>(), d.rows.len());
        }
        Err(e) => check_message(&e.to_string(), "in.csv"),
    }

    // The batch reader, on the same bytes as CSV and as JSONL.
    let jsonl = dir.join("in.jsonl");
    std::fs::write(&jsonl, data).expect("write scratch file");
    for (p, name) in [(&path, "in.csv"), (&jsonl, "in.jsonl")] {
        let (inputs, errors) = collect_inputs(std::slice::from_ref(p), InputFormat::Auto);
        assert!(errors.is_empty(), "{errors:?}");
        let opts = ReadOptions {
            text_field: "text".into(),
            id_field: Some("id".into()),
            whole_pages: false,
        };
        let stream = DocumentStream::new(inputs, opts);
        let n_extra = stream.extra_columns().len();
        let mut prev = 0;
        for (i, item) in stream.enumerate() {
            // A stream that never ends would hang the fuzzer: bound it.
            assert!(i <= data.len() + 1, "more documents than bytes");
            match item {
                Ok(doc) => {
                    let line = doc.line.expect("rows have lines");
                    assert!(line >= 1 && line <= lines, "line {line} of {lines}");
                    assert!(line >= prev, "lines go backwards: {line} after {prev}");
                    prev = line;
                    assert_eq!(doc.extra.len(), n_extra);
                }
                Err(e) => check_message(&e.to_string(), name),
            }
        }
    }
}

/// The bytes as a model file.
pub fn model(data: &[u8]) {
    let Ok(file) = ModelFile::from_bytes(data) else {
        if strict_one_line() {
            let msg = ModelFile::from_bytes(data).unwrap_err().to_string();
            assert!(!msg.contains('\n'), "{msg:?}");
        }
        return;
    };
    // A model that loads must work and survive a round trip.
    let m = &file.model;
    let k = m.labels().len();
    assert!(k >= 2);
    for text in [
        "",
        "The army launched new strikes.",
        "talks NOT_a ceasefire <num>",
    ] {
        let p = m.probabilities(text);
        assert_eq!(p.len(), k);
        let sum: f32 = p.iter().sum();
        assert!(
            p.iter().all(|x| x.is_finite() && *x >= 0.0) && (sum - 1.0).abs() < 1e-3,
            "probabilities {p:?} for {text:?}"
        );
    }
    let again = ModelFile::from_bytes(&file.to_bytes()).expect("a saved model loads again");
    assert_eq!(
        again.to_bytes(),
        file.to_bytes(),
        "round trip changes the bytes"
    );
}

fn default_model() -> &'static ModelFile {
    static M: OnceLock<ModelFile> = OnceLock::new();
    M.get_or_init(|| rhetoric::default_model().expect("default model"))
}

fn check_spans(s: &str, spans: impl Iterator<Item = (usize, usize)>, what: &str) {
    let mut prev = 0;
    for (start, end) in spans {
        assert!(start < end, "{what}: empty span {start}..{end}");
        assert!(
            end <= s.len(),
            "{what}: span {start}..{end} past {}",
            s.len()
        );
        assert!(
            s.is_char_boundary(start) && s.is_char_boundary(end),
            "{what}: span {start}..{end} off char boundaries"
        );
        assert!(
            start >= prev,
            "{what}: span {start}..{end} overlaps ..{prev}"
        );
        prev = end;
    }
}

/// The bytes as article text (lossy UTF-8) and as HTML.
pub fn text(data: &[u8]) {
    let raw = String::from_utf8_lossy(data);
    let splitter = SentenceSplitter::new();
    let tokenizer = Tokenizer::new();
    let model = default_model();
    for doc in [raw.to_string(), html_to_text(&raw)] {
        let sents = splitter.split(&doc);
        check_spans(&doc, sents.iter().map(|s| (s.start, s.end)), "sentence");
        for s in &sents {
            assert!(!s.text.is_empty());
            assert_eq!(s.text, squash_whitespace(&doc[s.start..s.end]));
            let toks = tokenizer.tokenize(&s.text);
            check_spans(&s.text, toks.iter().map(|t| (t.start, t.end)), "token");
            let p = model.model.probabilities(&s.text);
            assert!(p.iter().all(|x| x.is_finite()), "{p:?}");
        }
        let texts: Vec<&str> = sents.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(classify_article(&texts).len(), texts.len());
        let mut finder = SpeakerFinder::new();
        for t in &texts {
            if let Some(name) = finder.next(t) {
                assert!(!name.trim().is_empty(), "empty speaker for {t:?}");
            }
        }
    }
}

/// Target by name, for the stable driver.
pub fn target(name: &str) -> Option<fn(&[u8])> {
    match name {
        "csv" => Some(csv),
        "model" => Some(model),
        "text" => Some(text),
        _ => None,
    }
}
