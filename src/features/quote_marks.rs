//! Whether a word sits inside a quotation: such a word gives one more
//! feature, its own prefixed by `q:` (`q:attack`), so the model can weigh
//! what a speaker is quoted as saying apart from the narration around it.
//!
//! A quotation runs between a pair of `"`, or from `“` to `”`, or `«` to
//! `»`, within the sentence. Single quotes are not read: they are also
//! apostrophes.

/// Prefix of a quoted word's extra feature.
pub const PREFIX: &str = "q:";

/// Whether `text` holds a quotation mark at all (most sentences do not,
/// and skip the walk).
pub fn has_quote(text: &str) -> bool {
    text.bytes().any(|b| b == b'"')
        || text.contains(['\u{201C}', '\u{201D}', '\u{00AB}', '\u{00BB}'])
}

/// Walks a sentence's words in order and tells which are quoted.
#[derive(Debug, Default)]
pub struct QuoteTracker {
    prev_end: usize,
    inside: bool,
}

impl QuoteTracker {
    /// Whether the word at `start..end` of `text` is inside a quotation;
    /// words must come in order.
    pub fn is_quoted(&mut self, text: &str, start: usize, end: usize) -> bool {
        for c in text.get(self.prev_end..start).unwrap_or("").chars() {
            match c {
                '"' => self.inside = !self.inside,
                '\u{201C}' | '\u{00AB}' => self.inside = true,
                '\u{201D}' | '\u{00BB}' => self.inside = false,
                _ => {}
            }
        }
        self.prev_end = end;
        self.inside
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted_words(text: &str) -> Vec<&str> {
        let mut t = QuoteTracker::default();
        let mut out = Vec::new();
        let mut at = 0;
        for piece in text.split(' ') {
            let word = piece.trim_matches(|c: char| !c.is_alphanumeric());
            if !word.is_empty() {
                let start = at + piece.find(word).unwrap();
                if t.is_quoted(text, start, start + word.len()) {
                    out.push(word);
                }
            }
            at += piece.len() + 1;
        }
        out
    }

    #[test]
    fn words_between_quotation_marks_are_quoted() {
        assert_eq!(
            quoted_words("He said \"we will strike\" and left"),
            ["we", "will", "strike"]
        );
        assert_eq!(
            quoted_words("\u{201C}No truce,\u{201D} he said, \u{00AB}never\u{00BB}"),
            ["No", "truce", "never"]
        );
        assert!(quoted_words("The army's 'line' held").is_empty());
        assert!(has_quote("a \"b\""));
        assert!(has_quote("\u{201C}b"));
        assert!(!has_quote("it's a 'b'"));
    }
}
