//! Terms beyond word n-grams that a sentence gives when the settings ask
//! for them: context marks (see [`super::context_marks`]) and character
//! n-grams (see [`super::char_ngrams`]). Fitting and featurizing both take
//! their extra terms from here, so the two cannot disagree.

use super::context_marks::{self, Spot, QUOTE, REPORTED, SUBORDINATE};
use super::FeaturizerParams;

/// Which selection pool and L2 block a term belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pool {
    /// With the word n-grams (context marks).
    Words,
    /// The character n-grams' own.
    Chars,
}

/// One token of a sentence as the extra terms need it.
#[derive(Debug, Clone)]
pub struct TokenView {
    /// Normalised word (unstemmed).
    pub word: String,
    /// Its word feature (stemmed, `NOT_` when negated).
    pub feature: String,
    pub start: usize,
    pub end: usize,
    pub negated: bool,
}

impl FeaturizerParams {
    /// The context mark bits these settings ask for.
    fn mark_bits(&self) -> u8 {
        let mut bits = 0;
        if self.quote_marks {
            bits |= QUOTE;
        }
        if self.clause_marks {
            bits |= SUBORDINATE;
        }
        if self.attribution_marks {
            bits |= REPORTED;
        }
        bits
    }

    /// Whether any extra terms are asked for.
    pub(super) fn has_extras(&self) -> bool {
        self.mark_bits() != 0 || self.char_ngrams.is_some()
    }

    /// The tokens of `text` with their spans and word features.
    pub(super) fn token_views(&self, text: &str) -> Vec<TokenView> {
        let mut out = Vec::new();
        self.tokenizer().for_each(text, |w, start, end, negated| {
            let stem = self.stem_form(w);
            let feature = if negated {
                format!("{}{stem}", crate::text::tokenize::NOT_PREFIX)
            } else {
                stem.into_owned()
            };
            out.push(TokenView {
                word: w.to_string(),
                feature,
                start,
                end,
                negated,
            });
        });
        out
    }

    /// Call `emit(term, pool)` for every extra term of the sentence `text`
    /// with tokens `tokens` (repeats included: a term's count is its tf).
    pub(super) fn for_each_extra(
        &self,
        text: &str,
        tokens: &[TokenView],
        mut emit: impl FnMut(&str, Pool),
    ) {
        let mut buf = String::new();
        let bits = self.mark_bits();
        if bits != 0 {
            let spots: Vec<Spot> = tokens
                .iter()
                .map(|t| Spot {
                    word: &t.word,
                    start: t.start,
                    end: t.end,
                })
                .collect();
            let mut marks = Vec::new();
            context_marks::marks(text, &spots, &mut marks);
            for (t, &m) in tokens.iter().zip(&marks) {
                for mark in [QUOTE, SUBORDINATE, REPORTED] {
                    if m & bits & mark != 0 {
                        buf.clear();
                        buf.push_str(context_marks::prefix(mark));
                        buf.push_str(&t.feature);
                        emit(&buf, Pool::Words);
                    }
                }
            }
        }
        if let Some(c) = &self.char_ngrams {
            for t in tokens {
                c.for_each_term(&t.word, t.negated, &mut buf, |term| emit(term, Pool::Chars));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{CharNgrams, FeaturizerParams};

    fn toy() -> (Vec<&'static str>, Vec<usize>) {
        let texts = vec![
            "Troops launched new strikes, the army said.",
            "\"We will strike again,\" the commander said.",
            "Both sides agreed to a ceasefire although clashes went on.",
            "Talks on a ceasefire resumed, according to the mediators.",
            "The minister will travel on Monday.",
            "The minister met the envoy on Monday while talks went on.",
        ];
        (texts, vec![0, 0, 1, 1, 2, 2])
    }

    fn with_extras() -> FeaturizerParams {
        FeaturizerParams::default()
            .min_count(1)
            .max_features(50)
            .quote_marks(true)
            .clause_marks(true)
            .attribution_marks(true)
            .char_ngrams(Some(CharNgrams {
                min: 3,
                max: 4,
                features: 30,
            }))
    }

    #[test]
    fn extra_terms_are_selected_in_their_pools_and_found_when_featurizing() {
        let (texts, labels) = toy();
        let f = with_extras().fit(&texts, &labels, 3).unwrap();
        let terms = f.vocabulary().terms();
        let chars = terms
            .iter()
            .filter(|t| t.starts_with("c:") || t.starts_with("n:"))
            .count();
        assert_eq!(chars, 30);
        assert_eq!(terms.len(), 80);
        for prefix in ["q:", "s:", "r:"] {
            assert!(terms.iter().any(|t| t.starts_with(prefix)), "{prefix}");
        }
        // Every column a sentence gets is a term the sentence gives, and
        // each of the word and character blocks has unit norm.
        let p = f.params();
        for text in &texts {
            let v = f.transform(text);
            assert!(v.windows(2).all(|w| w[0].0 < w[1].0), "{text}");
            let mut given: Vec<String> = crate::features::ngrams(&p.tokens(text), 2);
            p.for_each_extra(text, &p.token_views(text), |t, _| given.push(t.into()));
            let (mut words, mut chars) = (0.0, 0.0);
            for &(col, x) in &v {
                let term = f.feature_name(col as usize);
                assert!(given.iter().any(|g| g == term), "{term} not in {text}");
                if term.starts_with("c:") || term.starts_with("n:") {
                    chars += x * x;
                } else {
                    words += x * x;
                }
            }
            assert!(
                (words - 1.0f32).abs() < 1e-5 && (chars - 1.0f32).abs() < 1e-5,
                "{text}"
            );
        }
    }

    #[test]
    fn settings_without_extras_are_saved_as_before_and_extras_round_trip() {
        let plain = serde_json::to_string(&FeaturizerParams::default()).unwrap();
        for key in [
            "quote_marks",
            "clause_marks",
            "attribution_marks",
            "char_ngrams",
        ] {
            assert!(!plain.contains(key), "{plain}");
        }
        let back: FeaturizerParams = serde_json::from_str(&plain).unwrap();
        assert_eq!(back, FeaturizerParams::default());
        let p = with_extras();
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
