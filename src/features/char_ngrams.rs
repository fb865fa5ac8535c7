//! Character n-grams within words: `attacked` → `c:^at`, `c:att`, …,
//! `c:ed$` for every length in a range, so that unseen inflections and
//! compounds ("re-escalation", "counter-offensive") share evidence with
//! words seen in training.
//!
//! Each word is padded with `^` and `$` so that prefixes and suffixes are
//! grams of their own. A negated word's grams are `n:` instead of `c:`, so
//! negation scope survives. Placeholders (`<num>`, `<country>`) give no
//! grams: they are whole-word features already. Terms hold a `:`, which no
//! word token does, so they never collide with word n-grams.

use serde::{Deserialize, Serialize};

/// Character n-gram settings: gram lengths `min..=max` and how many grams
/// chi² selection keeps (a pool apart from the word n-grams, and an L2
/// block of its own in each sentence's vector).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CharNgrams {
    pub min: usize,
    pub max: usize,
    pub features: usize,
}

impl CharNgrams {
    /// Whether the settings can work: 1 ≤ min ≤ max ≤ 8, features ≥ 1.
    pub fn is_valid(&self) -> bool {
        (1..=self.max).contains(&self.min) && self.max <= 8 && self.features >= 1
    }

    /// Call `emit` with every character n-gram term of one normalised word
    /// (`buf` is scratch space).
    pub fn for_each_term(
        &self,
        word: &str,
        negated: bool,
        buf: &mut String,
        mut emit: impl FnMut(&str),
    ) {
        if word.starts_with('<') {
            return;
        }
        let padded: Vec<char> = std::iter::once('^')
            .chain(word.chars())
            .chain(std::iter::once('$'))
            .collect();
        let prefix = if negated { "n:" } else { "c:" };
        for n in self.min..=self.max.min(padded.len()) {
            for gram in padded.windows(n) {
                buf.clear();
                buf.push_str(prefix);
                buf.extend(gram);
                emit(buf);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(c: &CharNgrams, word: &str, negated: bool) -> Vec<String> {
        let mut out = Vec::new();
        c.for_each_term(word, negated, &mut String::new(), |t| {
            out.push(t.to_string())
        });
        out
    }

    #[test]
    fn grams_cover_every_length_with_padding() {
        let c = CharNgrams {
            min: 3,
            max: 4,
            features: 10,
        };
        assert_eq!(
            terms(&c, "war", false),
            ["c:^wa", "c:war", "c:ar$", "c:^war", "c:war$"]
        );
        assert_eq!(terms(&c, "a", true), ["n:^a$"]);
        assert!(terms(&c, "<num>", false).is_empty());
        assert!(c.is_valid());
        assert!(!CharNgrams { min: 0, ..c }.is_valid());
        assert!(!CharNgrams { min: 5, ..c }.is_valid());
        assert!(!CharNgrams { features: 0, ..c }.is_valid());
    }
}
