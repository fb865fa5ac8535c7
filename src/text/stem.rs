//! English Snowball (Porter 2) stems, from `rust-stemmers`.
//!
//! A hand-written copy of the algorithm used to live here; with the token
//! cache each distinct word is stemmed once per process, and the crate gives
//! the same predictions and a byte-identical model at no measurable cost
//! (`docs/performance.md`, "Crates before hand code").

use std::borrow::Cow;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

/// The Snowball English stem of `word`.
pub fn stem(word: &str) -> Cow<'_, str> {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER
        .get_or_init(|| Stemmer::create(Algorithm::English))
        .stem(word)
}

#[cfg(test)]
mod tests {
    use super::stem;

    #[test]
    fn news_words() {
        for (word, want) in [
            ("negotiations", "negoti"),
            ("ceasefire", "ceasefir"),
            ("escalating", "escal"),
            ("dying", "die"),
            ("at", "at"),
        ] {
            assert_eq!(stem(word), want, "{word}");
        }
    }
}
