//! Terms beyond word n-grams that a sentence gives when the settings ask
//! for them: quoted words (see [`super::quote_marks`]) and character
//! n-grams (see [`super::char_ngrams`]). Fitting spells the terms out
//! ([`FeaturizerParams::for_each_extra`]); featurizing looks their columns
//! up once per distinct word ([`ExtraColumns`]); a test holds the two equal.

use rustc_hash::FxHashMap;

use super::quote_marks::{self, QuoteTracker};
use super::{Featurizer, FeaturizerParams};
use crate::text::tokenize::NOT_PREFIX;

/// Which selection pool and L2 block a term belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pool {
    /// With the word n-grams (quoted words).
    Words,
    /// The character n-grams' own.
    Chars,
}

impl FeaturizerParams {
    /// Whether any extra terms are asked for.
    pub(super) fn has_extras(&self) -> bool {
        self.quote_marks || self.char_ngrams.is_some()
    }

    /// The word feature of a normalised word: stemmed, `NOT_` when negated.
    fn word_feature(&self, word: &str, negated: bool) -> String {
        let stem = self.stem_form(word);
        if negated {
            format!("{NOT_PREFIX}{stem}")
        } else {
            stem.into_owned()
        }
    }

    /// Call `emit(term, pool)` for every extra term of the sentence `text`
    /// (repeats included: a term's count is its tf).
    pub(super) fn for_each_extra(&self, text: &str, mut emit: impl FnMut(&str, Pool)) {
        let quotes = self.quote_marks && quote_marks::has_quote(text);
        if !quotes && self.char_ngrams.is_none() {
            return;
        }
        let mut tracker = QuoteTracker::default();
        let mut buf = String::new();
        self.tokenizer()
            .for_each(text, |word, start, end, negated| {
                if quotes && tracker.is_quoted(text, start, end) {
                    let term = format!(
                        "{}{}",
                        quote_marks::PREFIX,
                        self.word_feature(word, negated)
                    );
                    emit(&term, Pool::Words);
                }
                if let Some(c) = &self.char_ngrams {
                    c.for_each_term(word, negated, &mut buf, |term| emit(term, Pool::Chars));
                }
            });
    }
}

/// Distinct words an [`ExtraColumns`] remembers before it starts afresh,
/// so memory stays flat however many words a batch holds.
const WORD_LIMIT: usize = 1 << 16;

/// The extra columns of words already met, per negation (`[plain,
/// negated]`): a quoted word's column, and a word's character n-gram
/// columns. One per [`super::Transformer`].
#[derive(Debug, Default)]
pub(super) struct ExtraColumns {
    quoted: [FxHashMap<String, Option<u32>>; 2],
    chars: [FxHashMap<String, Box<[u32]>>; 2],
}

impl ExtraColumns {
    /// Push the extra columns of `text` onto `words` (quoted words) and
    /// `chars` (character n-grams); the same columns as the terms of
    /// [`FeaturizerParams::for_each_extra`] that `f` keeps.
    pub(super) fn push(
        &mut self,
        f: &Featurizer,
        text: &str,
        words: &mut Vec<u32>,
        chars: &mut Vec<u32>,
    ) {
        let p = &f.params;
        let quotes = p.quote_marks && quote_marks::has_quote(text);
        if !quotes && p.char_ngrams.is_none() {
            return;
        }
        let remembered: usize = self.chars.iter().map(|m| m.len()).sum::<usize>()
            + self.quoted.iter().map(|m| m.len()).sum::<usize>();
        if remembered > WORD_LIMIT {
            *self = ExtraColumns::default();
        }
        let mut tracker = QuoteTracker::default();
        p.tokenizer().for_each(text, |word, start, end, negated| {
            let n = usize::from(negated);
            if quotes && tracker.is_quoted(text, start, end) {
                let col = match self.quoted[n].get(word) {
                    Some(&col) => col,
                    None => {
                        let term =
                            format!("{}{}", quote_marks::PREFIX, p.word_feature(word, negated));
                        let col = f.vocabulary.get(&term);
                        self.quoted[n].insert(word.to_string(), col);
                        col
                    }
                };
                words.extend(col);
            }
            if let Some(c) = &p.char_ngrams {
                if let Some(cols) = self.chars[n].get(word) {
                    chars.extend_from_slice(cols);
                    return;
                }
                let mut cols = Vec::new();
                c.for_each_term(word, negated, &mut String::new(), |term| {
                    cols.extend(f.vocabulary.get(term))
                });
                chars.extend_from_slice(&cols);
                self.chars[n].insert(word.to_string(), cols.into_boxed_slice());
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::{CharNgrams, FeaturizerParams};
    use super::Pool;

    fn toy() -> (Vec<&'static str>, Vec<usize>) {
        let texts = vec![
            "Troops launched new strikes, the army said.",
            "\"We will strike again,\" the commander said.",
            "Both sides agreed to a ceasefire although clashes went on.",
            "\u{201C}We will not strike,\u{201D} said the mediators.",
            "The minister will travel on Monday.",
            "The minister met the envoy on Monday while talks went on.",
        ];
        (texts, vec![0, 0, 1, 1, 2, 2])
    }

    fn with_extras(char_features: usize) -> FeaturizerParams {
        FeaturizerParams::default()
            .min_count(1)
            .max_features(50)
            .quote_marks(true)
            .char_ngrams(Some(CharNgrams {
                min: 2,
                max: 4,
                features: char_features,
            }))
    }

    #[test]
    fn extra_terms_are_selected_in_their_pools() {
        let (texts, labels) = toy();
        let f = with_extras(30).fit(&texts, &labels, 3).unwrap();
        let terms = f.vocabulary().terms();
        let chars = terms
            .iter()
            .filter(|t| t.starts_with("c:") || t.starts_with("n:"))
            .count();
        assert_eq!((chars, terms.len()), (30, 80));
        assert!(terms.iter().any(|t| t.starts_with("q:")));
        assert!(terms.iter().any(|t| t.starts_with("q:NOT_")));
    }

    #[test]
    fn featurizing_finds_exactly_the_kept_extra_terms_in_two_unit_blocks() {
        let (texts, labels) = toy();
        // A vocabulary keeping every term, so that every term must be found.
        let f = with_extras(100_000)
            .max_features(100_000)
            .fit(&texts, &labels, 3)
            .unwrap();
        let p = f.params();
        let mut t = f.transformer();
        // Twice: the second pass finds the words in the transformer's cache.
        for text in texts
            .iter()
            .chain(&texts)
            .chain(&["\"Strike,\" he said, \"strike.\""])
        {
            let mut want: Vec<String> = crate::features::ngrams(&p.tokens(text), 2);
            p.for_each_extra(text, |term, _| want.push(term.to_string()));
            let mut want: Vec<u32> = want.iter().filter_map(|g| f.vocabulary().get(g)).collect();
            want.sort_unstable();
            want.dedup();
            let v = t.transform(text).to_vec();
            assert_eq!(
                v.iter().map(|&(c, _)| c).collect::<Vec<_>>(),
                want,
                "{text}"
            );
            let (mut words, mut chars) = (0.0f32, 0.0f32);
            for &(col, x) in &v {
                let term = f.feature_name(col as usize);
                if term.starts_with("c:") || term.starts_with("n:") {
                    chars += x * x;
                } else {
                    words += x * x;
                }
            }
            assert!(
                (words - 1.0).abs() < 1e-5 && (chars - 1.0).abs() < 1e-5,
                "{text}"
            );
        }
    }

    #[test]
    fn quoted_words_give_q_terms_and_every_word_char_grams() {
        let p = with_extras(10);
        let mut quoted = Vec::new();
        let mut chars = 0;
        p.for_each_extra("He said \"no strikes\" today", |term, pool| match pool {
            Pool::Words => quoted.push(term.to_string()),
            Pool::Chars => chars += 1,
        });
        assert_eq!(quoted, ["q:no", "q:NOT_strike"]);
        // he: ^h he e$ ^he he$ ^he$ = 6; said: 5 + 4 + 3 = 12; no: 6;
        // strikes: 8 + 7 + 6 = 21; today: 6 + 5 + 4 = 15.
        assert_eq!(chars, 6 + 12 + 6 + 21 + 15);
    }

    #[test]
    fn extra_terms_do_not_depend_on_thread_count() {
        // Counts from several chunks are merged with their pool bit: the
        // vocabulary of one thread, whatever the number of threads.
        let texts = crate::io::data::corpus_texts();
        let refs: Vec<&str> = texts.iter().step_by(7).map(String::as_str).collect();
        let labels: Vec<usize> = (0..refs.len()).map(|i| i % 3).collect();
        let p = with_extras(300).min_count(2).max_features(500);
        let fit = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| p.fit(&refs, &labels, 3).unwrap())
        };
        let one = fit(1);
        assert_eq!(one.dim(), 800);
        assert_eq!(fit(3), one);
    }

    #[test]
    fn settings_without_extras_are_saved_as_before_and_extras_round_trip() {
        let plain = serde_json::to_string(&FeaturizerParams::default()).unwrap();
        for key in ["quote_marks", "char_ngrams"] {
            assert!(!plain.contains(key), "{plain}");
        }
        let back: FeaturizerParams = serde_json::from_str(&plain).unwrap();
        assert_eq!(back, FeaturizerParams::default());
        let p = with_extras(10);
        let back: FeaturizerParams =
            serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
        assert_eq!(back, p);
        let bad = p.char_ngrams(Some(CharNgrams {
            min: 4,
            max: 3,
            features: 1,
        }));
        assert!(bad.check().is_err());
    }
}
