//! Long text inputs, read in parts.
//!
//! A text file (or a text stdin) is one article. Read whole, it made
//! memory grow with its size (a 53 MB file peaked at 300 MB) and kept the
//! labeling on one core. [`PartReader`] reads it a block at a time and
//! cuts it into parts of about [`PART_BYTES`], each at a line break where
//! no sentence can go on ([`breaks_between`]), so splitting the parts gives
//! the sentences of the whole. [`DocumentStream`](super::DocumentStream)
//! hands the parts out as documents of their own, marked with their place
//! in the whole ([`Part`](super::Part)), and the output puts them back
//! together: offsets and sentence numbers count from the start of the
//! text, and a summary has one row for it.
//!
//! What a cut changes: rules that look at the sentences around one do not
//! see across it (an embedded post's text and its attribution line on
//! either side, a speaker carried over from the sentence before). Only
//! texts longer than [`PART_BYTES`] are cut, several times a long news
//! article.
//!
//! A text with no such line break for [`LINE_CUT_BYTES`] (one very long
//! line: a 40 MB line of 2M sentences took 830 MB) is cut inside the line,
//! at a sentence start that the splitter finds in a window of text around
//! it; with no sentence end for [`MAX_UNCUT_BYTES`], at a space. So memory
//! stays bounded however the text is laid out. A NUL byte ends the input
//! at once (binary data, `/dev/zero`): it would never be valid text.

use std::io::Read;
use std::path::PathBuf;

use super::READ_BYTES;
use crate::error::{Error, Result};
use crate::text::sentences::breaks_between;
use crate::text::SentenceSplitter;

/// Length from which a text is cut: a part is this long, plus the rest of
/// the paragraph it ends in.
pub const PART_BYTES: usize = 256 << 10;

/// Bytes held with no line break to cut at before a line is cut inside.
pub const LINE_CUT_BYTES: usize = 4 * PART_BYTES;

/// Bytes held with no sentence end to cut at before a cut at a space.
pub const MAX_UNCUT_BYTES: usize = 16 << 20;

/// Bytes either side of a place to cut inside a line that the splitter
/// sees, so that it decides as it would on the whole text.
const WINDOW_BYTES: usize = 2 << 10;

/// Reads a text input part by part.
pub(crate) struct PartReader {
    reader: Box<dyn Read + Send>,
    path: PathBuf,
    /// Bytes read and not yet handed out as a part; starts at a line start.
    buf: Vec<u8>,
    /// Where [`find_cut`](Self::find_cut) goes on looking in `buf`, for a
    /// line break and for a sentence start inside a line.
    scan_from: usize,
    sentence_scan_from: usize,
    eof: bool,
    bom_checked: bool,
    /// Offset in the text (after any byte-order mark) and 1-based line of
    /// `buf[0]`.
    offset: usize,
    line: u64,
    /// Bytes read from the input so far (for progress).
    consumed: u64,
    /// Set after an error: the rest of the input is not read.
    failed: bool,
}

impl PartReader {
    pub(crate) fn new(reader: Box<dyn Read + Send>, path: PathBuf) -> Self {
        PartReader {
            reader,
            path,
            buf: Vec::new(),
            scan_from: 0,
            sentence_scan_from: 0,
            eof: false,
            bom_checked: false,
            offset: 0,
            line: 1,
            consumed: 0,
            failed: false,
        }
    }

    /// Bytes read from the input so far.
    pub(crate) fn consumed(&self) -> u64 {
        self.consumed
    }

    /// True once the whole input has been handed out.
    pub(crate) fn at_end(&self) -> bool {
        self.eof && self.buf.is_empty()
    }

    /// The next part's text and its byte offset in the whole text; `None`
    /// at the end or after an error. A part that is not UTF-8 or holds a
    /// NUL byte is an error naming the line in the whole input.
    pub(crate) fn next_part(&mut self) -> Option<Result<(String, usize)>> {
        if self.failed {
            return None;
        }
        loop {
            if let Some(cut) = self.find_cut() {
                return Some(self.take(cut));
            }
            if self.eof {
                if self.buf.is_empty() {
                    return None;
                }
                return Some(self.take(self.buf.len()));
            }
            if let Err(e) = self.fill() {
                self.failed = true;
                return Some(Err(e));
            }
        }
    }

    /// Read one block onto `buf`, dropping a leading byte-order mark.
    fn fill(&mut self) -> Result<()> {
        let before = self.buf.len();
        let n = (&mut self.reader)
            .take(READ_BYTES as u64)
            .read_to_end(&mut self.buf)
            .map_err(|e| Error::io(&self.path, e))?;
        if memchr::memchr(0, &self.buf[before..]).is_some() {
            crate::io::data::refuse_nul_from_line(&self.path, &self.buf, self.line)?;
        }
        self.consumed += n as u64;
        self.eof = n < READ_BYTES; // read_to_end stops early only at the end
        if !self.bom_checked && (self.buf.len() >= 3 || self.eof) {
            super::strip_bom(&mut self.buf);
            self.bom_checked = true;
        }
        Ok(())
    }

    /// End of the first part in `buf`: just after the first line break at
    /// or past [`PART_BYTES`] where no sentence goes on. `None` when `buf`
    /// is too short or has no such break yet.
    fn find_cut(&mut self) -> Option<usize> {
        let b = &self.buf;
        if b.len() <= PART_BYTES {
            return None;
        }
        let mut from = self.scan_from.max(PART_BYTES - 1);
        while let Some(i) = memchr::memchr(b'\n', &b[from..]) {
            let nl = from + i;
            let next_end = match memchr::memchr(b'\n', &b[nl + 1..]) {
                Some(k) => nl + 1 + k,
                None if self.eof => b.len(),
                None => {
                    self.scan_from = nl; // the next line is not all read
                    return None;
                }
            };
            let prev_start = memchr::memrchr(b'\n', &b[..nl]).map_or(0, |k| k + 1);
            let lines = (
                std::str::from_utf8(&b[prev_start..nl]),
                std::str::from_utf8(&b[nl + 1..next_end]),
            );
            // (A line that is not UTF-8 is no place to cut; the part
            // holding it reports it.)
            if let (Ok(prev), Ok(next)) = lines {
                if nl + 1 < b.len() && breaks_between(prev, next) {
                    return Some(nl + 1);
                }
            }
            from = nl + 1;
        }
        self.scan_from = b.len();
        if b.len() >= MAX_UNCUT_BYTES {
            return Some(cut_at_space(&b[..MAX_UNCUT_BYTES]));
        }
        if b.len() >= LINE_CUT_BYTES {
            let from = self.sentence_scan_from.max(PART_BYTES);
            match sentence_start_after(b, from) {
                Ok(cut) => return Some(cut),
                Err(go_on) => self.sentence_scan_from = go_on,
            }
        }
        None
    }

    /// Hand out `buf[..cut]` as a part.
    fn take(&mut self, cut: usize) -> Result<(String, usize)> {
        let bytes = self.buf[..cut].to_vec();
        self.buf.drain(..cut);
        self.scan_from = 0;
        self.sentence_scan_from = 0;
        let (offset, line) = (self.offset, self.line);
        self.offset += cut;
        self.line += memchr::memchr_iter(b'\n', &bytes).count() as u64;
        match super::decode_from_line(&self.path, bytes, line) {
            Ok(text) => Ok((text, offset)),
            Err(e) => {
                self.failed = true;
                Err(e)
            }
        }
    }
}

/// The first sentence start at or past `from` in `b` that the splitter
/// finds with [`WINDOW_BYTES`] of text on each side, looking on through
/// `b`; when there is none, the error is where to look on from once more
/// of the text is read.
fn sentence_start_after(b: &[u8], from: usize) -> std::result::Result<usize, usize> {
    let splitter = SentenceSplitter::new();
    let mut at = from;
    while at + WINDOW_BYTES <= b.len() {
        let start = char_start(b, at - WINDOW_BYTES.min(at));
        let end = char_start(b, (at + WINDOW_BYTES).min(b.len()));
        if let Ok(window) = std::str::from_utf8(&b[start..end]) {
            let found = splitter
                .split(window)
                .into_iter()
                .map(|s| start + s.start)
                .find(|&cut| cut >= at && cut + WINDOW_BYTES / 2 <= end);
            if let Some(cut) = found {
                return Ok(cut);
            }
        }
        at += WINDOW_BYTES;
    }
    Err(at)
}

/// The first byte of the character holding `b[i]` (or `b.len()`).
fn char_start(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && i > 0 && (b[i] & 0xC0) == 0x80 {
        i -= 1;
    }
    i
}

/// Where to cut `b` (a text with no sentence end): after its last space,
/// or at a character start when it has none.
fn cut_at_space(b: &[u8]) -> usize {
    match memchr::memrchr(b' ', b) {
        Some(i) if i > 0 => i + 1,
        _ => char_start(b, b.len() - 1).max(1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader(bytes: Vec<u8>) -> PartReader {
        PartReader::new(Box::new(std::io::Cursor::new(bytes)), "long.txt".into())
    }

    fn parts(bytes: Vec<u8>) -> Vec<(String, usize)> {
        let mut r = reader(bytes);
        std::iter::from_fn(|| r.next_part())
            .collect::<Result<_>>()
            .unwrap()
    }

    /// Paragraphs and hard-wrapped lines of varied sentences, with CRLF,
    /// blank and indented lines and non-ASCII text.
    fn long_text(bytes: usize, seed: u64) -> String {
        let pieces = [
            "Troops massed at the border on Monday",
            "the minister said talks would resume",
            "Both sides agreed to a ceasefire.",
            "\u{201c}We will respond,\u{201d} he warned.",
            "Officials met in Cairo. The envoy left",
            "and more strikes followed",
            "Mr. Smith arrived at 3 p.m.",
            "Caf\u{e9} owners said, \u{2014} calmly \u{2014} that prices rose?",
        ];
        let breaks = ["\n", "\n\n", "\r\n", " ", " ", "\n   ", "\n\u{3000}\n"];
        let mut next = crate::testing::numbers(seed);
        let mut text = String::new();
        while text.len() < bytes {
            text.push_str(pieces[next() % pieces.len()]);
            text.push_str(breaks[next() % breaks.len()]);
        }
        text
    }

    #[test]
    fn a_short_text_is_one_part_without_its_byte_order_mark() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice("Talks resumed.\r\nTroops left.".as_bytes());
        assert_eq!(
            parts(bytes),
            [("Talks resumed.\r\nTroops left.".to_string(), 0)]
        );
        assert!(parts(Vec::new()).is_empty());
    }

    #[test]
    fn parts_give_the_sentences_of_the_whole_text() {
        for seed in 1..6 {
            let text = long_text(3 * PART_BYTES + 12_345 * seed as usize, seed);
            let cut = parts(text.clone().into_bytes());
            assert!(cut.len() >= 3, "{} parts", cut.len());
            // The parts are the text, in order, each past PART_BYTES.
            assert_eq!(
                cut.iter().map(|(t, _)| t.as_str()).collect::<String>(),
                text
            );
            let mut at = 0;
            for (t, offset) in &cut {
                assert_eq!(*offset, at);
                at += t.len();
            }
            assert!(cut[..cut.len() - 1]
                .iter()
                .all(|(t, _)| t.len() >= PART_BYTES));
            let splitter = SentenceSplitter::new();
            let mut joined = Vec::new();
            for (t, offset) in &cut {
                joined.extend(splitter.split(t).into_iter().map(|mut s| {
                    s.start += offset;
                    s.end += offset;
                    s
                }));
            }
            assert_eq!(joined, splitter.split(&text), "seed {seed}");
        }
    }

    /// Hands out a few bytes per read, as a pipe may.
    struct Trickle(std::io::Cursor<Vec<u8>>, u64);

    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            self.1 = self
                .1
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let n = 1 + (self.1 >> 33) as usize % 700;
            let n = n.min(buf.len());
            self.0.read(&mut buf[..n])
        }
    }

    #[test]
    fn short_reads_give_the_same_parts() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(long_text(2 * PART_BYTES + 999, 3).as_bytes());
        let mut r = PartReader::new(
            Box::new(Trickle(std::io::Cursor::new(bytes.clone()), 9)),
            "long.txt".into(),
        );
        let trickled: Vec<_> = std::iter::from_fn(|| r.next_part())
            .collect::<Result<_>>()
            .unwrap();
        assert_eq!(r.consumed(), bytes.len() as u64);
        assert_eq!(trickled, parts(bytes));
    }

    #[test]
    fn one_long_line_is_cut_at_sentence_starts_into_bounded_parts() {
        let sentences = [
            "Troops fired shots.",
            "Mr. Smith said the U.S. envoy left at 3 p.m. on Monday.",
            "\u{201c}We will respond,\u{201d} he warned.",
            "Talks resumed?",
        ];
        let mut next = crate::testing::numbers(5);
        let mut text = String::new();
        while text.len() < 3 * LINE_CUT_BYTES {
            text.push_str(sentences[next() % sentences.len()]);
            text.push(' ');
        }
        let cut = parts(text.clone().into_bytes());
        assert!(cut.len() >= 3, "{} parts", cut.len());
        assert!(cut
            .iter()
            .all(|(t, _)| t.len() <= LINE_CUT_BYTES + WINDOW_BYTES));
        assert_eq!(
            cut.iter().map(|(t, _)| t.as_str()).collect::<String>(),
            text
        );
        let splitter = SentenceSplitter::new();
        let joined: Vec<_> = cut
            .iter()
            .flat_map(|(t, offset)| {
                splitter.split(t).into_iter().map(move |mut s| {
                    s.start += offset;
                    s.end += offset;
                    s
                })
            })
            .collect();
        assert_eq!(joined, splitter.split(&text));
    }

    #[test]
    fn a_line_with_no_sentence_end_is_cut_at_a_space_and_nul_stops_at_once() {
        let text = "and on ".repeat(MAX_UNCUT_BYTES / 7 + 1000);
        let cut = parts(text.clone().into_bytes());
        assert!(cut.len() >= 2 && cut.iter().all(|(t, _)| t.len() <= MAX_UNCUT_BYTES));
        assert_eq!(
            cut.iter().map(|(t, _)| t.as_str()).collect::<String>(),
            text
        );
        // An endless input of NUL bytes is refused after its first block.
        let mut r = PartReader::new(Box::new(std::io::repeat(0)), "zero".into());
        let err = r.next_part().unwrap().unwrap_err().to_string();
        assert!(err.contains("zero: line 1") && err.contains("NUL"), "{err}");
        assert!(r.next_part().is_none());
    }

    #[test]
    fn a_text_with_nowhere_to_cut_is_one_part() {
        // Hard-wrapped lines all through: every line break is inside a sentence.
        let text = "the talks went on\nand on ".repeat(PART_BYTES / 10);
        let cut = parts(text.clone().into_bytes());
        assert_eq!(cut, [(text, 0)]);
    }

    #[test]
    fn an_invalid_byte_in_a_later_part_names_its_line_in_the_whole_input() {
        let text = long_text(3 * PART_BYTES, 7);
        let lines = text.matches('\n').count();
        let mut bytes = text.into_bytes();
        bytes.extend_from_slice(b"Then \xFF came.\n");
        let mut r = reader(bytes);
        let mut got = Vec::new();
        while let Some(p) = r.next_part() {
            got.push(p.map(|(t, _)| t.len()));
        }
        let err = got.pop().unwrap().unwrap_err().to_string();
        assert!(got.len() >= 2 && got.iter().all(Result::is_ok));
        assert!(
            err.contains(&format!("long.txt: line {}:", lines + 1)) && err.contains("UTF-8"),
            "{err}"
        );
        assert!(r.next_part().is_none(), "nothing is read after an error");
    }
}
