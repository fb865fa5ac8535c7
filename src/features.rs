//! Featurizer: sentence → sparse vector over a small, selected vocabulary.
//!
//! `FeaturizerParams` (checked) → `fit(texts, labels)` → [`Featurizer`].
//! Fitting counts word n-grams (after tokenization with negation marks),
//! drops those seen in fewer than `min_count` documents, and keeps the
//! `max_features` n-grams with the highest chi² association with the labels.
//! The kept n-grams form the [`Vocabulary`]; a sentence becomes TF-IDF
//! (sublinear tf, smoothed idf) or binary weights, L2-normalised.
//!
//! Why select so hard: linfa's logistic regression needs a dense matrix, and
//! its cost grows with rows × columns (see DEVELOPERS.md), so the dense width
//! must stay in the low thousands.

use ndarray::Array2;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::annotate::sentiment::TokenClass;
use crate::text::tokenize::{WordRole, NOT_PREFIX};
use crate::text::{Token, Tokenizer};
use crate::token_cache::{offset_within, Probe, TokenCache, TokenFact};

mod char_ngrams;
mod extras;
mod quote_marks;
mod vocabulary;

pub use char_ngrams::CharNgrams;
use extras::{ExtraColumns, Pool};
pub use vocabulary::Vocabulary;

/// Errors from checking featurizer parameters.
#[derive(Debug, thiserror::Error, PartialEq)]
#[non_exhaustive]
pub enum FeatureError {
    #[error("n-gram range must be 1..=3, got {0}")]
    InvalidNgram(usize),
    #[error("max features must be at least 1, got {0}")]
    InvalidMaxFeatures(usize),
    #[error("minimum count must be at least 1, got {0}")]
    InvalidMinCount(usize),
    #[error(
        "character n-grams need lengths 1 <= MIN <= MAX <= 8 and at least 1 feature, got {min}-{max} with {features}",
        min = .0.min, max = .0.max, features = .0.features
    )]
    InvalidCharNgrams(CharNgrams),
    #[error("{}", empty_vocabulary(*min_count))]
    EmptyVocabulary { min_count: usize },
}

/// The message for an empty vocabulary: a flag to change when there is one.
fn empty_vocabulary(min_count: usize) -> String {
    if min_count > 1 {
        format!("no n-gram occurs in at least {min_count} training sentences; lower --min-count (1 keeps every n-gram)")
    } else {
        "the training sentences hold no word to learn from".to_string()
    }
}

/// How a kept n-gram's count becomes a weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Weighting {
    /// (1 + ln tf) × idf, then L2 normalisation.
    #[default]
    Tfidf,
    /// 1 for present n-grams, then L2 normalisation.
    Binary,
}

/// Featurizer settings; checked by [`FeaturizerParams::check`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeaturizerParams {
    /// Longest n-gram (1 = unigrams only). Default 2.
    pub ngram_max: usize,
    /// Minimum number of training sentences an n-gram must occur in. Default 2.
    pub min_count: usize,
    /// Number of n-grams kept after chi² selection (the dense width). Default 1024.
    pub max_features: usize,
    /// Weighting scheme. Default TF-IDF.
    pub weighting: Weighting,
    /// Reduce words to their Snowball (Porter 2) English stem, so
    /// "attacks", "attacked" and "attacking" share one feature. Default on.
    pub stem: bool,
    /// Append the sentence's sentiment (VADER-style neg, neu, pos, compound)
    /// as four more columns. Default off.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sentiment: bool,
    /// Map countries, demonyms, capitals and other proper names to role
    /// placeholders before counting n-grams (see [`crate::text::names`]), so
    /// that names are not evidence. Default on; off in model files written
    /// before it existed.
    #[serde(default)]
    pub names: bool,
    /// Let lexical negators ("rejected", "denied", "ruled out", "walked
    /// away from") open a negation scope like "not". Default on; off in
    /// model files written before it existed.
    #[serde(default)]
    pub lexical_negation: bool,
    /// Add `q:word` for each word inside quotation marks. Default off.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub quote_marks: bool,
    /// Character n-grams within words, as a pool and L2 block of their
    /// own. Default off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub char_ngrams: Option<CharNgrams>,
}

impl Default for FeaturizerParams {
    fn default() -> Self {
        FeaturizerParams {
            ngram_max: 2,
            min_count: 2,
            max_features: 1024,
            weighting: Weighting::Tfidf,
            stem: true,
            sentiment: false,
            names: true,
            lexical_negation: true,
            quote_marks: false,
            char_ngrams: None,
        }
    }
}

impl FeaturizerParams {
    pub fn ngram_max(mut self, n: usize) -> Self {
        self.ngram_max = n;
        self
    }
    pub fn min_count(mut self, n: usize) -> Self {
        self.min_count = n;
        self
    }
    pub fn max_features(mut self, n: usize) -> Self {
        self.max_features = n;
        self
    }
    pub fn weighting(mut self, w: Weighting) -> Self {
        self.weighting = w;
        self
    }
    pub fn stem(mut self, on: bool) -> Self {
        self.stem = on;
        self
    }
    pub fn sentiment(mut self, on: bool) -> Self {
        self.sentiment = on;
        self
    }
    pub fn names(mut self, on: bool) -> Self {
        self.names = on;
        self
    }
    pub fn lexical_negation(mut self, on: bool) -> Self {
        self.lexical_negation = on;
        self
    }
    pub fn quote_marks(mut self, on: bool) -> Self {
        self.quote_marks = on;
        self
    }
    pub fn char_ngrams(mut self, c: Option<CharNgrams>) -> Self {
        self.char_ngrams = c;
        self
    }

    /// The tokenizer these settings call for.
    pub fn tokenizer(&self) -> Tokenizer {
        Tokenizer::new()
            .names(self.names)
            .lexical_negation(self.lexical_negation)
    }

    /// The form a normalised word is counted as: its Snowball stem when
    /// `stem` is on, the word itself when it is off or the word is a
    /// placeholder (`<num>`, `<url>`, `<user>`).
    fn stem_form<'w>(&self, word: &'w str) -> std::borrow::Cow<'w, str> {
        if self.stem && !word.starts_with('<') {
            crate::text::stem::stem(word)
        } else {
            std::borrow::Cow::Borrowed(word)
        }
    }

    /// The unigram features of one sentence: tokens with negation marks,
    /// stemmed when `stem` is on.
    pub fn tokens(&self, text: &str) -> Vec<String> {
        let tokens = self.tokenizer().tokenize(text);
        if !self.stem {
            return tokens.iter().map(Token::feature).collect();
        }
        tokens
            .into_iter()
            .map(|mut t| {
                t.text = self.stem_form(&t.text).into_owned();
                t.feature()
            })
            .collect()
    }

    /// Reject settings that cannot work.
    pub fn check(&self) -> Result<(), FeatureError> {
        if !(1..=3).contains(&self.ngram_max) {
            return Err(FeatureError::InvalidNgram(self.ngram_max));
        }
        if self.max_features == 0 {
            return Err(FeatureError::InvalidMaxFeatures(self.max_features));
        }
        if self.min_count == 0 {
            return Err(FeatureError::InvalidMinCount(self.min_count));
        }
        match self.char_ngrams {
            Some(c) if !c.is_valid() => Err(FeatureError::InvalidCharNgrams(c)),
            _ => Ok(()),
        }
    }

    /// Learn the vocabulary and idf from `texts` with class indices `labels`
    /// (`labels[i] < n_labels`).
    pub fn fit(
        &self,
        texts: &[&str],
        labels: &[usize],
        n_labels: usize,
    ) -> Result<Featurizer, FeatureError> {
        self.check()?;
        assert_eq!(texts.len(), labels.len(), "one label per text");
        // Document frequency per class for every n-gram, counted on all
        // cores: one contiguous chunk of rows per thread, merged in order.
        // The selection below depends only on the counts, never on ids.
        let chunk = rows_per_thread(texts.len());
        let parts: Vec<GramCounts> = texts
            .par_chunks(chunk)
            .zip(labels.par_chunks(chunk))
            .map(|(t, l)| GramCounts::count(self, t, l, n_labels))
            .collect();
        let mut parts = parts.into_iter();
        let mut all = parts
            .next()
            .unwrap_or_else(|| GramCounts::new(self, n_labels));
        parts.for_each(|p| all.merge(p));
        let GramCounts {
            interner,
            keys,
            counts,
            ..
        } = all;
        let mut class_sizes = vec![0u32; n_labels];
        for &l in labels {
            class_sizes[l] += 1;
        }
        let n_docs = texts.len() as f64;
        let candidates: Vec<(f64, u32, u128)> = keys
            .iter()
            .zip(counts.chunks(n_labels.max(1)))
            .filter_map(|(&key, per_class)| {
                let df: u32 = per_class.iter().sum();
                if (df as usize) < self.min_count {
                    return None;
                }
                Some((chi2(per_class, &class_sizes, n_docs), df, key))
            })
            .collect();
        if candidates.is_empty() {
            return Err(FeatureError::EmptyVocabulary {
                min_count: self.min_count,
            });
        }
        let (chars, words): (Vec<_>, Vec<_>) =
            candidates.into_iter().partition(|c| c.2 & CHAR_POOL != 0);
        let mut scored = top_by_chi2(&interner, words, self.max_features);
        let char_features = self.char_ngrams.map_or(0, |c| c.features);
        scored.extend(top_by_chi2(&interner, chars, char_features));
        // Store the vocabulary alphabetically: stable, readable model files.
        scored.sort_by(|a, b| a.2.cmp(&b.2));
        let idf = scored
            .iter()
            .map(|(_, df, _)| (((1.0 + n_docs) / (1.0 + *df as f64)).ln() + 1.0) as f32)
            .collect();
        let terms = scored.into_iter().map(|(_, _, g)| g).collect();
        Ok(Featurizer::new(self.clone(), Vocabulary::new(terms), idf))
    }
}

/// The `k` best candidates `(chi², df, key)` with their n-grams spelled out.
/// Highest chi² first; ties by frequency, then alphabetically, so the
/// selection never depends on hash order. Only n-grams that rank at least
/// as high as the k-th by (chi², frequency) can be kept, so only those are
/// spelled out and fully sorted.
fn top_by_chi2(
    interner: &TokenInterner<'_>,
    mut candidates: Vec<(f64, u32, u128)>,
    k: usize,
) -> Vec<(f64, u32, String)> {
    let by_score =
        |a: &(f64, u32, u128), b: &(f64, u32, u128)| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1));
    if k == 0 {
        return Vec::new();
    }
    if candidates.len() > k {
        candidates.select_nth_unstable_by(k - 1, by_score);
        let pivot = candidates[k - 1];
        candidates.retain(|c| by_score(c, &pivot).is_le());
    }
    let mut scored: Vec<(f64, u32, String)> = candidates
        .into_iter()
        .map(|(score, df, key)| (score, df, interner.gram(key)))
        .collect();
    scored.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(b.1.cmp(&a.1))
            .then_with(|| a.2.cmp(&b.2))
    });
    scored.truncate(k);
    scored
}

/// Marks a packed key (see `fit`) as a character n-gram's: a bit between
/// the three 32-bit token lanes and the length in the top byte.
const CHAR_POOL: u128 = 1 << 119;

/// Rows per block when `rows` rows are split into one contiguous block per
/// rayon thread (at least 1).
fn rows_per_thread(rows: usize) -> usize {
    rows.div_ceil(rayon::current_num_threads().max(1)).max(1)
}

/// Per-class document frequencies of n-grams over some rows. Tokens are
/// interned (each distinct word stemmed once) and n-grams counted as packed
/// token ids, so no n-gram string is built until selection.
struct GramCounts<'p> {
    ngram_max: usize,
    n_labels: usize,
    interner: TokenInterner<'p>,
    slot: FxHashMap<u128, u32>,
    keys: Vec<u128>,
    /// `n_labels` counts per key.
    counts: Vec<u32>,
}

impl<'p> GramCounts<'p> {
    fn new(params: &'p FeaturizerParams, n_labels: usize) -> Self {
        GramCounts {
            ngram_max: params.ngram_max,
            n_labels,
            interner: TokenInterner::new(params),
            slot: FxHashMap::default(),
            keys: Vec::new(),
            counts: Vec::new(),
        }
    }

    fn count(
        params: &'p FeaturizerParams,
        texts: &[&str],
        labels: &[usize],
        n_labels: usize,
    ) -> Self {
        let mut c = GramCounts::new(params, n_labels);
        let tokenizer = params.tokenizer();
        let mut ids: Vec<u32> = Vec::new();
        let mut grams: Vec<u128> = Vec::new();
        for (text, &label) in texts.iter().zip(labels) {
            ids.clear();
            let interner = &mut c.interner;
            tokenizer.for_each(text, |t, _, _, negated| ids.push(interner.id(t, negated)));
            grams.clear();
            for i in 0..ids.len() {
                let mut key = 0u128;
                for (n, &id) in ids[i..].iter().take(c.ngram_max).enumerate() {
                    // ids are offset by one so that a zero never pads a key.
                    key = (key << 32) | (id as u128 + 1);
                    grams.push(key | ((n as u128 + 1) << 120));
                }
            }
            if params.has_extras() {
                let interner = &mut c.interner;
                params.for_each_extra(text, |term, pool| {
                    let id = interner.intern(term);
                    let pool_bit = if pool == Pool::Chars { CHAR_POOL } else { 0 };
                    grams.push((id as u128 + 1) | (1 << 120) | pool_bit);
                });
            }
            grams.sort_unstable();
            grams.dedup();
            for &g in &grams {
                c.add(g, label, 1);
            }
        }
        c
    }

    fn add(&mut self, key: u128, label: usize, n: u32) {
        let next = self.keys.len() as u32;
        let (keys, counts, k) = (&mut self.keys, &mut self.counts, self.n_labels);
        let at = *self.slot.entry(key).or_insert_with(|| {
            keys.push(key);
            counts.extend(std::iter::repeat_n(0, k));
            next
        });
        self.counts[at as usize * k + label] += n;
    }

    /// Add the counts of `other` (its token ids are mapped to ours).
    fn merge(&mut self, other: GramCounts<'_>) {
        let map: Vec<u32> = other
            .interner
            .names
            .iter()
            .map(|name| self.interner.intern(name))
            .collect();
        for (i, &key) in other.keys.iter().enumerate() {
            let n = (key >> 120) as usize;
            let mut mapped = 0u128;
            for j in (0..n).rev() {
                let id = ((key >> (32 * j)) & 0xFFFF_FFFF) as usize - 1;
                mapped = (mapped << 32) | (map[id] as u128 + 1);
            }
            mapped |= ((n as u128) << 120) | (key & CHAR_POOL);
            let per_class = &other.counts[i * self.n_labels..(i + 1) * self.n_labels];
            for (label, &c) in per_class.iter().enumerate() {
                if c > 0 {
                    self.add(mapped, label, c);
                }
            }
        }
    }
}

/// Feature strings of tokens (stemmed, `NOT_` when negated) mapped to
/// dense ids while fitting, with a cache from surface form to id.
struct TokenInterner<'p> {
    params: &'p FeaturizerParams,
    /// Surface form → id: `[plain, negated]`.
    cache: [FxHashMap<String, u32>; 2],
    ids: FxHashMap<String, u32>,
    names: Vec<String>,
}

impl<'p> TokenInterner<'p> {
    fn new(params: &'p FeaturizerParams) -> Self {
        TokenInterner {
            params,
            cache: Default::default(),
            ids: FxHashMap::default(),
            names: Vec::new(),
        }
    }

    fn id(&mut self, surface: &str, negated: bool) -> u32 {
        if let Some(&id) = self.cache[usize::from(negated)].get(surface) {
            return id;
        }
        let stem = self.params.stem_form(surface).into_owned();
        let name = if negated {
            format!("{NOT_PREFIX}{stem}")
        } else {
            stem
        };
        let id = self.intern(&name);
        self.cache[usize::from(negated)].insert(surface.to_string(), id);
        id
    }

    /// The id of a feature string, new or not.
    fn intern(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        self.ids.insert(name.to_string(), id);
        self.names.push(name.to_string());
        id
    }

    /// The n-gram string of a packed key (see `fit`).
    fn gram(&self, key: u128) -> String {
        let n = (key >> 120) as usize;
        let mut parts: Vec<&str> = Vec::with_capacity(n);
        for i in (0..n).rev() {
            let id = ((key >> (32 * i)) & 0xFFFF_FFFF) as usize - 1;
            parts.push(&self.names[id]);
        }
        parts.join(" ")
    }
}

/// Chi² statistic of one n-gram's presence against the classes (as
/// scikit-learn's `chi2` on binary features).
fn chi2(per_class: &[u32], class_sizes: &[u32], n_docs: f64) -> f64 {
    let total: f64 = per_class.iter().map(|&c| c as f64).sum();
    per_class
        .iter()
        .zip(class_sizes)
        .map(|(&obs, &size)| {
            let expected = total * size as f64 / n_docs;
            if expected > 0.0 {
                (obs as f64 - expected).powi(2) / expected
            } else {
                0.0
            }
        })
        .sum()
}

/// All n-grams of length 1..=n, bigrams joined by a space.
pub fn ngrams(tokens: &[String], n: usize) -> Vec<String> {
    let mut out = Vec::with_capacity(tokens.len() * n);
    out.extend(tokens.iter().cloned());
    for len in 2..=n {
        for w in tokens.windows(len) {
            out.push(w.join(" "));
        }
    }
    out
}

/// A sparse feature vector: (column, weight) pairs sorted by column.
pub type SparseVec = Vec<(u32, f32)>;

/// The sentiment scorer shared by every thread (built on first use).
pub fn shared_sentiment() -> &'static crate::annotate::sentiment::SentimentAnalyzer {
    static ANALYZER: std::sync::OnceLock<crate::annotate::sentiment::SentimentAnalyzer> =
        std::sync::OnceLock::new();
    ANALYZER.get_or_init(crate::annotate::sentiment::SentimentAnalyzer::new)
}

/// Names of the sentiment columns appended when `sentiment` is on.
pub const SENTIMENT_COLUMNS: [&str; 4] = [
    "<sentiment:neg>",
    "<sentiment:neu>",
    "<sentiment:pos>",
    "<sentiment:compound>",
];

/// Marks "no column" / "token not in any kept n-gram".
const NONE: u32 = u32::MAX;

/// Lookup tables built from the vocabulary when a featurizer is made or
/// loaded (never saved): token string → token id, token id → unigram
/// column, packed token ids → n-gram column. With them, featurizing a
/// sentence hashes each token once instead of building every n-gram string.
#[derive(Debug, Clone, Default)]
struct Index {
    token_ids: FxHashMap<String, u32>,
    unigram_col: Vec<u32>,
    ngram_col: FxHashMap<u128, u32>,
    /// Per token id: whether some kept n-gram starts with it, and whether
    /// some kept n-gram has it after its first token. Most tokens are
    /// neither, and these spare them the n-gram lookups that would fail.
    starts_ngram: Vec<bool>,
    continues_ngram: Vec<bool>,
}

impl Index {
    fn build(vocabulary: &Vocabulary) -> Self {
        let mut ix = Index::default();
        for (col, term) in vocabulary.terms().iter().enumerate() {
            let mut key: u128 = 0;
            let mut ids = Vec::new();
            for tok in term.split(' ') {
                let next = ix.token_ids.len() as u32;
                let id = *ix.token_ids.entry(tok.to_string()).or_insert(next);
                if id as usize == ix.unigram_col.len() {
                    ix.unigram_col.push(NONE);
                    ix.starts_ngram.push(false);
                    ix.continues_ngram.push(false);
                }
                // Ids are offset by one in keys, so that a trigram starting
                // with token 0 cannot share the key of the bigram after it.
                key = (key << 32) | (id as u128 + 1);
                ids.push(id as usize);
            }
            if let [id] = ids[..] {
                ix.unigram_col[id] = col as u32;
            } else {
                ix.ngram_col.insert(key, col as u32);
                ix.starts_ngram[ids[0]] = true;
                ids[1..]
                    .iter()
                    .for_each(|&id| ix.continues_ngram[id] = true);
            }
        }
        ix
    }
}

/// The saved form of a [`Featurizer`].
#[derive(Serialize, Deserialize)]
struct FeaturizerRepr {
    params: FeaturizerParams,
    vocabulary: Vocabulary,
    idf: Vec<f32>,
}

/// A fitted featurizer: vocabulary, idf weights and the settings that made
/// them. Saved inside every model file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(from = "FeaturizerRepr", into = "FeaturizerRepr")]
pub struct Featurizer {
    params: FeaturizerParams,
    vocabulary: Vocabulary,
    idf: Vec<f32>,
    index: Index,
    /// Vocabulary ids of the normalised words any thread has worked out,
    /// so each word is stemmed and looked up once per process: with a
    /// cache per thread only, each of two threads learned every new word
    /// (5% more instructions on 100,000 rows). Threads still keep their
    /// own caches, and come here only for words new to them.
    learned: std::sync::Arc<std::sync::Mutex<TokenCache<[u32; 2]>>>,
}

impl PartialEq for Featurizer {
    fn eq(&self, other: &Self) -> bool {
        self.params == other.params && self.vocabulary == other.vocabulary && self.idf == other.idf
    }
}

impl From<FeaturizerRepr> for Featurizer {
    fn from(r: FeaturizerRepr) -> Self {
        Featurizer::new(r.params, r.vocabulary, r.idf)
    }
}

impl From<Featurizer> for FeaturizerRepr {
    fn from(f: Featurizer) -> Self {
        FeaturizerRepr {
            params: f.params,
            vocabulary: f.vocabulary,
            idf: f.idf,
        }
    }
}

impl Featurizer {
    fn new(params: FeaturizerParams, vocabulary: Vocabulary, idf: Vec<f32>) -> Self {
        let index = Index::build(&vocabulary);
        Featurizer {
            params,
            vocabulary,
            idf,
            index,
            learned: std::sync::Arc::new(std::sync::Mutex::new(TokenCache::new(STEM_CACHE_LIMIT))),
        }
    }

    pub fn params(&self) -> &FeaturizerParams {
        &self.params
    }
    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }
    pub fn idf(&self) -> &[f32] {
        &self.idf
    }
    /// Number of columns: the kept n-grams, then the sentiment columns.
    pub fn dim(&self) -> usize {
        self.vocabulary.len()
            + if self.params.sentiment {
                SENTIMENT_COLUMNS.len()
            } else {
                0
            }
    }

    /// Name of column `col`: its n-gram, or a sentiment column's name.
    pub fn feature_name(&self, col: usize) -> &str {
        match col.checked_sub(self.vocabulary.len()) {
            None => self.vocabulary.term(col),
            Some(i) => SENTIMENT_COLUMNS.get(i).copied().unwrap_or("<unknown>"),
        }
    }

    /// Check the parts agree (used after loading an untrusted file).
    pub fn is_consistent(&self) -> bool {
        self.params.check().is_ok()
            && self.idf.len() == self.vocabulary.len()
            && self.vocabulary.index.len() == self.vocabulary.len()
            && self.idf.iter().all(|v| v.is_finite())
            && self
                .vocabulary
                .terms()
                .iter()
                .all(|t| !t.is_empty() && t.split(' ').count() <= self.params.ngram_max)
    }

    /// A reusable featurizing context (scratch buffers and a stem cache);
    /// use one per thread when featurizing many sentences.
    pub fn transformer(&self) -> Transformer<'_> {
        Transformer {
            featurizer: self,
            cache: TokenCache::new(STEM_CACHE_LIMIT),
            seen: Vec::new(),
            may_report_speech: false,
            ids: Vec::new(),
            cols: Vec::new(),
            out: Vec::new(),
            extra: ExtraColumns::default(),
            char_cols: Vec::new(),
        }
    }

    /// Sparse, L2-normalised features of one sentence.
    pub fn transform(&self, text: &str) -> SparseVec {
        self.transformer().transform(text).to_vec()
    }

    /// Dense matrix (rows × dim) for fitting with linfa, in column-major
    /// (Fortran) order: linfa's products X·W and Xᵀ·G pack X into panels
    /// of consecutive rows, which reads a column-major X contiguously (the
    /// products, and so the fitted weights, are the same to the bit).
    pub fn transform_dense(&self, texts: &[&str]) -> Array2<f32> {
        use ndarray::ShapeBuilder;
        let mut x = Array2::<f32>::zeros((texts.len(), self.dim()).f());
        // One block of rows per thread (disjoint views of the matrix).
        let chunk = rows_per_thread(texts.len());
        let blocks: Vec<_> = x
            .axis_chunks_iter_mut(ndarray::Axis(0), chunk)
            .zip(texts.chunks(chunk))
            .collect();
        blocks.into_par_iter().for_each(|(mut block, texts)| {
            let mut t = self.transformer();
            for (i, text) in texts.iter().enumerate() {
                for &(col, v) in t.transform(text) {
                    block[[i, col as usize]] = v;
                }
            }
        });
        x
    }
}

impl Featurizer {
    /// Append to `out` the weights of the columns `cols` (one entry per
    /// occurrence, sorted here), L2-normalised as a block.
    fn weigh_block(&self, cols: &mut [u32], out: &mut SparseVec) {
        let first = out.len();
        cols.sort_unstable();
        for &col in cols.iter() {
            match out[first..].last_mut() {
                Some((c, tf)) if *c == col => *tf += 1.0,
                _ => out.push((col, 1.0)),
            }
        }
        let block = &mut out[first..];
        for (col, v) in block.iter_mut() {
            *v = match self.params.weighting {
                Weighting::Tfidf => (1.0 + v.ln()) * self.idf[*col as usize],
                Weighting::Binary => 1.0,
            };
        }
        let norm = block.iter().map(|(_, v)| v * v).sum::<f32>().sqrt();
        if norm > 0.0 {
            block.iter_mut().for_each(|(_, v)| *v /= norm);
        }
    }
}

/// Entries kept in a [`Transformer`]'s stem cache before it is cleared, so
/// memory stays flat however many distinct words a batch holds.
const STEM_CACHE_LIMIT: usize = 1 << 18;

/// What prediction has worked out about one raw token, kept in a
/// [`Transformer`]'s cache: its vocabulary ids `[plain, negated]` (or NONE)
/// with its negation role, and its sentiment class. Each part is filled in
/// when first needed. One entry serves both passes over a sentence (the
/// featurizer's words and VADER's tokens are mostly the same strings), so
/// the second pass finds the entry already in the CPU cache: in a profile,
/// two separate caches spent about 30% of `predict`'s time waiting on
/// memory.
///
/// Laid out in 16 bytes, so that a cache slot (key and value) is 32 and
/// never straddles two cache lines.
#[derive(Debug, Clone, Copy, Default)]
pub struct WordFacts {
    ids: [u32; 2],
    role: WordRole,
    /// Which parts are filled in: `HAS_IDS`, `HAS_CLASS`.
    filled: u8,
    class: Option<TokenClass>,
}

impl WordFacts {
    const HAS_IDS: u8 = 1;
    const HAS_CLASS: u8 = 2;
    /// Set with `HAS_IDS` when the token may hold a speech verb form (see
    /// [`Transformer::may_report_speech`]).
    const MAY_REPORT_SPEECH: u8 = 4;

    fn ids(&self) -> Option<([u32; 2], WordRole)> {
        (self.filled & Self::HAS_IDS != 0).then_some((self.ids, self.role))
    }

    fn class(&self) -> Option<Option<TokenClass>> {
        (self.filled & Self::HAS_CLASS != 0).then_some(self.class)
    }
}

/// A word the featurizer looked up in the current sentence: where its key
/// sits in the sentence and the cache entry it found. The sentiment pass
/// reads a token's class from here when it is the same slice of the same
/// sentence, instead of hashing and probing for it again.
#[derive(Debug, Clone, Copy)]
struct SeenWord {
    at: u32,
    len: u32,
    facts: WordFacts,
}

/// [`offset_within`] as a `u32`, as [`SeenWord`] keeps it.
fn offset_in(token: &str, text: &str) -> Option<u32> {
    offset_within(token, text).and_then(|at| u32::try_from(at).ok())
}

/// The featurizer's view of the cache: ids and negation role per word,
/// noting each entry it finds in `seen`.
struct Recording<'c> {
    cache: &'c mut TokenCache<WordFacts>,
    /// Whether to note the entries found in `seen`.
    record: bool,
    seen: &'c mut Vec<SeenWord>,
    /// Set when an entry found has `MAY_REPORT_SPEECH`.
    may_report_speech: &'c mut bool,
}

impl Recording<'_> {
    /// Note the entry found for `key` when it is a slice of `text`.
    fn note(&mut self, key: &str, text: &str, facts: WordFacts) {
        *self.may_report_speech |= facts.filled & WordFacts::MAY_REPORT_SPEECH != 0;
        if !self.record {
            return;
        }
        if let Some(at) = offset_in(key, text) {
            let len = key.len() as u32;
            self.seen.push(SeenWord { at, len, facts });
        }
    }
}

/// Fills a word's ids and negation role into its entry, and whether it may
/// hold a speech verb form: a raw word when the speaker gate passes it, a
/// placeholder (`<url>`, `<user>`) always, since the gate would look at
/// the words inside the link or handle it stands for.
fn fill_ids(
    make: impl FnOnce(&str) -> ([u32; 2], WordRole),
) -> impl FnOnce(&str, &mut WordFacts) -> ([u32; 2], WordRole) {
    |key, f| {
        (f.ids, f.role) = make(key);
        f.filled |= WordFacts::HAS_IDS;
        if key.starts_with('<') || crate::annotate::speaker::may_report_speech(key) {
            f.filled |= WordFacts::MAY_REPORT_SPEECH;
        }
        (f.ids, f.role)
    }
}

impl TokenFact<([u32; 2], WordRole)> for Recording<'_> {
    fn fact_within(
        &mut self,
        key: &str,
        text: &str,
        make: impl FnOnce(&str) -> ([u32; 2], WordRole),
    ) -> ([u32; 2], WordRole) {
        self.fact_probed(Probe::within(key, text), key, text, make)
    }

    fn probe(&self, key: &str, text: &str) -> Probe {
        self.cache.probe_within(key, text)
    }

    fn fact_probed(
        &mut self,
        probe: Probe,
        key: &str,
        text: &str,
        make: impl FnOnce(&str) -> ([u32; 2], WordRole),
    ) -> ([u32; 2], WordRole) {
        let (ids, facts) = self
            .cache
            .part_probed(probe, key, WordFacts::ids, fill_ids(make));
        self.note(key, text, facts);
        ids
    }
}

/// Fills a token's sentiment class into its entry.
fn fill_class(
    learn: impl FnOnce(&str) -> Option<TokenClass>,
) -> impl FnOnce(&str, &mut WordFacts) -> Option<TokenClass> {
    |t, f| {
        f.class = learn(t);
        f.filled |= WordFacts::HAS_CLASS;
        f.class
    }
}

/// The sentiment pass's view of the cache: a token's class, taken from
/// `seen` when the featurizer just looked up the same slice of `sentence`
/// and its entry already had the class (the cache would give the same
/// value: an entry's class, once filled, is a function of its key).
struct Replay<'c> {
    cache: &'c mut TokenCache<WordFacts>,
    seen: &'c [SeenWord],
    sentence: &'c str,
    next: usize,
}

impl Replay<'_> {
    #[inline]
    fn seen_class(&mut self, token: &str, text: &str) -> Option<Option<TokenClass>> {
        if !std::ptr::eq(text, self.sentence) {
            return None; // a straightened copy: offsets differ
        }
        let at = offset_in(token, text)?;
        // Both passes go left to right: a cursor finds the word.
        while self.seen.get(self.next).is_some_and(|w| w.at < at) {
            self.next += 1;
        }
        let w = self.seen.get(self.next)?;
        (w.at == at && w.len as usize == token.len())
            .then(|| w.facts.class())
            .flatten()
    }
}

impl TokenFact<Option<TokenClass>> for Replay<'_> {
    #[inline]
    fn fact_within(
        &mut self,
        token: &str,
        text: &str,
        learn: impl FnOnce(&str) -> Option<TokenClass>,
    ) -> Option<TokenClass> {
        if let Some(class) = self.seen_class(token, text) {
            return class;
        }
        let (class, _) = self
            .cache
            .part_within(token, text, WordFacts::class, fill_class(learn));
        class
    }
}

/// Featurizes sentences with reused buffers and a cache from a token's
/// surface form to its vocabulary id, so each distinct word is stemmed once.
/// Gives exactly the vectors of [`Featurizer::transform`].
pub struct Transformer<'a> {
    featurizer: &'a Featurizer,
    /// Raw token → what is known of it (see [`WordFacts`]).
    cache: TokenCache<WordFacts>,
    /// The words of the last sentence featurized (see [`SeenWord`]).
    seen: Vec<SeenWord>,
    /// Whether a token of the last sentence featurized may hold a speech
    /// verb form (see [`Transformer::may_report_speech`]).
    may_report_speech: bool,
    ids: Vec<u32>,
    cols: Vec<u32>,
    out: SparseVec,
    /// Columns of quoted words and character n-grams (see [`extras`]).
    extra: ExtraColumns,
    char_cols: Vec<u32>,
}

impl Transformer<'_> {
    /// Vocabulary token ids of a normalised word: `[plain, negated]`, NONE
    /// for a form no kept n-gram uses.
    fn token_ids(featurizer: &Featurizer, word: &str) -> [u32; 2] {
        let learned = || featurizer.learned.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(ids) = learned().get(word) {
            return ids;
        }
        let ids = Self::work_out_ids(featurizer, word);
        learned().insert(word, ids);
        ids
    }

    /// [`token_ids`](Self::token_ids), worked out.
    fn work_out_ids(featurizer: &Featurizer, word: &str) -> [u32; 2] {
        let f = featurizer;
        let stem = f.params.stem_form(word);
        let plain = f.index.token_ids.get(stem.as_ref());
        // "NOT_" + stem, built on the stack for a usual word: `format!`
        // here was 1.3% of a lean run's instructions (a new word is rare in
        // news, but every name and number is one).
        let mut buf = [0u8; 64];
        let negated = match buf.get_mut(..NOT_PREFIX.len() + stem.len()) {
            Some(key) => {
                let (prefix, rest) = key.split_at_mut(NOT_PREFIX.len());
                prefix.copy_from_slice(NOT_PREFIX.as_bytes());
                rest.copy_from_slice(stem.as_bytes());
                // Both halves are UTF-8, so their concatenation is.
                std::str::from_utf8(key)
                    .ok()
                    .and_then(|k| f.index.token_ids.get(k))
            }
            None => f
                .index
                .token_ids
                .get(format!("{NOT_PREFIX}{stem}").as_str()),
        };
        [
            plain.copied().unwrap_or(NONE),
            negated.copied().unwrap_or(NONE),
        ]
    }

    /// The sentiment of one sentence (as [`SentimentAnalyzer::score`]),
    /// with token classes kept beside the vocabulary ids.
    ///
    /// [`SentimentAnalyzer::score`]: crate::annotate::sentiment::SentimentAnalyzer::score
    pub fn sentiment(&mut self, text: &str) -> crate::annotate::sentiment::Sentiment {
        self.seen.clear();
        self.sentiment_after_transform(text)
    }

    /// Features and sentiment of one sentence, as [`transform`](Self::transform)
    /// and [`sentiment`](Self::sentiment) give them; the sentiment pass
    /// reuses the entries the featurizer found.
    pub fn transform_and_sentiment(
        &mut self,
        text: &str,
    ) -> (&SparseVec, crate::annotate::sentiment::Sentiment) {
        self.transform_into_out(text, true);
        let s = self.sentiment_after_transform(text);
        (&self.out, s)
    }

    /// Sentiment of `text`, which is the sentence `seen` was recorded from
    /// (or `seen` is empty).
    fn sentiment_after_transform(&mut self, text: &str) -> crate::annotate::sentiment::Sentiment {
        let mut replay = Replay {
            cache: &mut self.cache,
            seen: &self.seen,
            sentence: text,
            next: 0,
        };
        shared_sentiment().score_in(text, &mut replay)
    }

    /// Whether the sentence last featurized may report speech: true when
    /// one of its tokens holds a speech verb form or "according" (or is a
    /// link or handle), as the speaker gate would find. Worked out once per
    /// distinct token, so the speaker skips its own walk over the words
    /// (`SpeakerFinder::next_gated`); that walk was about 4% of `predict`.
    pub fn may_report_speech(&self) -> bool {
        self.may_report_speech
    }

    /// Sparse, L2-normalised features of one sentence (valid until the next call).
    pub fn transform(&mut self, text: &str) -> &SparseVec {
        self.transform_into_out(text, false);
        &self.out
    }

    /// [`transform`](Self::transform) into `self.out`, recording the words
    /// looked up in `self.seen` when `for_sentiment` or the model has
    /// sentiment features (only the sentiment pass reads them: recording
    /// every token for nothing was 2% of a run without sentiment).
    fn transform_into_out(&mut self, text: &str, for_sentiment: bool) {
        self.ids.clear();
        self.seen.clear();
        self.may_report_speech = false;
        let (f, ids) = (self.featurizer, &mut self.ids);
        let mut recording = Recording {
            cache: &mut self.cache,
            record: for_sentiment || f.params.sentiment,
            seen: &mut self.seen,
            may_report_speech: &mut self.may_report_speech,
        };
        f.params.tokenizer().for_each_cached(
            text,
            &mut recording,
            |word| Self::token_ids(f, word),
            |pair, negated| ids.push(pair[usize::from(negated)]),
        );
        let f = self.featurizer;
        self.cols.clear();
        for (i, &id) in self.ids.iter().enumerate() {
            if id == NONE {
                continue;
            }
            if let Some(&col) = f.index.unigram_col.get(id as usize) {
                if col != NONE {
                    self.cols.push(col);
                }
            }
            if !f.index.starts_ngram.get(id as usize).is_some_and(|&b| b) {
                continue;
            }
            let mut key = id as u128 + 1;
            for &next in self.ids.iter().skip(i + 1).take(f.params.ngram_max - 1) {
                if !f
                    .index
                    .continues_ngram
                    .get(next as usize)
                    .is_some_and(|&b| b)
                {
                    break; // NONE, or in no kept n-gram past its first token
                }
                key = (key << 32) | (next as u128 + 1);
                if let Some(&col) = f.index.ngram_col.get(&key) {
                    self.cols.push(col);
                }
            }
        }
        self.out.clear();
        if f.params.has_extras() {
            self.char_cols.clear();
            self.extra
                .push(f, text, &mut self.cols, &mut self.char_cols);
            f.weigh_block(&mut self.char_cols, &mut self.out);
        }
        f.weigh_block(&mut self.cols, &mut self.out);
        if f.params.has_extras() {
            self.out.sort_unstable_by_key(|&(col, _)| col);
        }
        if f.params.sentiment {
            let s = self.sentiment_after_transform(text);
            let base = f.vocabulary.len() as u32;
            for (i, v) in [s.neg, s.neu, s.pos, s.compound].into_iter().enumerate() {
                self.out.push((base + i as u32, v as f32));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> (Vec<&'static str>, Vec<usize>) {
        let texts = vec![
            "troops launched new strikes on the city",
            "the army vowed more strikes",
            "both sides agreed to a ceasefire",
            "talks on a ceasefire resumed",
            "the minister will travel on monday",
            "the minister met the envoy on monday",
        ];
        (texts, vec![0, 0, 1, 1, 2, 2])
    }

    #[test]
    fn params_are_checked() {
        let p = FeaturizerParams::default().ngram_max(0);
        assert!(matches!(p.check(), Err(FeatureError::InvalidNgram(0))));
        let p = FeaturizerParams::default().max_features(0);
        assert!(matches!(
            p.check(),
            Err(FeatureError::InvalidMaxFeatures(0))
        ));
        assert!(FeaturizerParams::default().check().is_ok());
    }

    #[test]
    fn the_speech_flag_passes_every_sentence_the_speaker_gate_passes() {
        use crate::annotate::speaker::may_report_speech;
        let model = crate::default_model().expect("default model").model;
        let mut t = model.featurizer().transformer();
        let mut texts = crate::io::data::corpus_texts();
        texts.extend(
            [
                "See https://x.com/said now.",
                "(www.example.com/told) x",
                "Thanks @said and @Warned.",
                "#said it all",
                "ex-said, pre-told",
                "HE SAID, U.S.said",
                "\u{2019}said\u{2019} and 'told'",
                "said' x",
                "Accordingly, no one spoke.",
                "according-to the plan",
                "Gallant said\u{2014}again",
                "Er sagte, \u{201C}said\u{201D} \u{00E9}t\u{00E9}.",
                "1said 2told said3",
                "No verb here at all.",
                "",
            ]
            .map(str::to_string),
        );
        let (mut gated, mut flagged) = (0, 0);
        for text in &texts {
            t.transform(text);
            let gate = may_report_speech(text);
            assert!(!gate || t.may_report_speech(), "{text:?}");
            gated += usize::from(gate);
            flagged += usize::from(t.may_report_speech());
        }
        // The flag may pass a few sentences more (a token like "said'"),
        // never fewer; and it does not pass everything.
        assert!(gated > 100, "{gated}");
        assert!(
            flagged < gated + gated / 20,
            "{flagged} flagged, {gated} gated"
        );
        assert!(flagged < texts.len(), "{flagged} of {}", texts.len());
    }

    #[test]
    fn words_learned_by_one_transformer_serve_the_others() {
        let (texts, labels) = toy();
        let f = FeaturizerParams::default().fit(&texts, &labels, 3).unwrap();
        let mut first = f.transformer();
        for t in &texts {
            first.transform(t);
        }
        let learned = f.learned.lock().unwrap().len();
        assert!(learned >= 10, "{learned} words learned");
        // A second transformer finds the words in the shared cache; a
        // featurizer with an empty one works them out: the same vectors.
        let fresh = Featurizer::new(f.params.clone(), f.vocabulary.clone(), f.idf.clone());
        for t in texts.iter().chain(&["the army did not vow strikes"]) {
            assert_eq!(
                f.transformer().transform(t),
                fresh.transformer().transform(t),
                "{t}"
            );
        }
        // "did", "not" and "vow" were new to both.
        assert_eq!(f.learned.lock().unwrap().len(), learned + 3);
        assert_eq!(fresh.learned.lock().unwrap().len(), learned + 3);
    }

    #[test]
    fn vocabulary_respects_min_count_and_cap() {
        let (texts, labels) = toy();
        let f = FeaturizerParams::default()
            .stem(false)
            .fit(&texts, &labels, 3)
            .unwrap();
        // Every kept n-gram occurs in at least two sentences.
        assert!(f.vocabulary().get("strikes").is_some());
        assert!(f.vocabulary().get("ceasefire").is_some());
        assert!(f.vocabulary().get("launched").is_none());
        let f = FeaturizerParams::default()
            .max_features(2)
            .fit(&texts, &labels, 3)
            .unwrap();
        assert_eq!(f.dim(), 2);
    }

    #[test]
    fn chi2_prefers_class_specific_terms() {
        let (texts, labels) = toy();
        let p = FeaturizerParams::default().max_features(3);
        let f = p.fit(&texts, &labels, 3).unwrap();
        // "the" occurs in every class; it must not beat class-specific words.
        assert!(f.vocabulary().get("the").is_none());
        for term in f.vocabulary().terms() {
            let classes: std::collections::BTreeSet<usize> = texts
                .iter()
                .zip(&labels)
                .filter(|(t, _)| ngrams(&p.tokens(t), 2).contains(term))
                .map(|(_, l)| *l)
                .collect();
            assert_eq!(classes.len(), 1, "{term} is in several classes");
        }
    }

    #[test]
    fn transform_is_l2_normalised_and_sorted() {
        let (texts, labels) = toy();
        let f = FeaturizerParams::default().fit(&texts, &labels, 3).unwrap();
        let v = f.transform("new strikes and a ceasefire on monday");
        assert!(v.windows(2).all(|w| w[0].0 < w[1].0));
        let norm: f32 = v.iter().map(|(_, x)| x * x).sum();
        assert!((norm - 1.0).abs() < 1e-5);
        assert!(f.transform("zzz qqq").is_empty());
    }

    #[test]
    fn stemming_merges_inflections_but_keeps_marks() {
        let p = FeaturizerParams::default();
        assert_eq!(
            p.tokens("Attacks were not attacked in 2024"),
            ["attack", "were", "not", "NOT_attack", "NOT_in", "NOT_<num>"]
        );
        let p = p.stem(false);
        assert_eq!(p.tokens("Attacks")[0], "attacks");
    }

    #[test]
    fn negated_words_of_any_length_find_their_columns() {
        // Stems of 59, 60 and 61 bytes and longer: "NOT_" + stem fits the
        // 64-byte stack key up to 60, past that the key is a String.
        let words: Vec<String> = [3, 59, 60, 61, 90].iter().map(|&n| "q".repeat(n)).collect();
        let texts: Vec<String> = words
            .iter()
            .flat_map(|w| {
                [
                    format!("They did not {w} today"),
                    format!("They did {w} today"),
                ]
            })
            .collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let labels: Vec<usize> = (0..refs.len()).map(|i| i % 2).collect();
        let f = FeaturizerParams::default()
            .min_count(1)
            .stem(false)
            .fit(&refs, &labels, 2)
            .unwrap();
        let mut t = f.transformer();
        for (w, text) in words.iter().zip(texts.iter().step_by(2)) {
            let col = f.vocabulary().get(&format!("{NOT_PREFIX}{w}"));
            assert!(col.is_some(), "{w}");
            let cols: Vec<u32> = t.transform(text).iter().map(|&(c, _)| c).collect();
            assert!(cols.contains(&col.unwrap()), "{text}");
        }
    }

    #[test]
    fn fast_path_equals_building_ngram_strings() {
        // The columns of `text` the slow way: every n-gram string, looked up.
        let by_strings = |f: &Featurizer, text: &str| {
            let n = f.params().ngram_max;
            let mut cols: Vec<u32> = ngrams(&f.params().tokens(text), n)
                .iter()
                .filter_map(|g| f.vocabulary().get(g))
                .collect();
            cols.sort_unstable();
            cols.dedup();
            cols
        };
        let (texts, labels) = toy();
        for ngram_max in 1..=3 {
            let f = FeaturizerParams::default()
                .ngram_max(ngram_max)
                .min_count(1)
                .fit(&texts, &labels, 3)
                .unwrap();
            let probe =
                "Troops did not launch new strikes on the city, the minister said on Monday";
            let want = by_strings(&f, probe);
            let got: Vec<u32> = f.transform(probe).iter().map(|&(c, _)| c).collect();
            assert_eq!(got, want, "n = {ngram_max}");
        }
        // The same on the corpus, with a vocabulary of mixed n-grams (where
        // the skipped n-gram lookups matter).
        let texts = crate::io::data::corpus_texts();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let labels: Vec<usize> = (0..refs.len()).map(|i| i % 3).collect();
        for ngram_max in 2..=3 {
            let f = FeaturizerParams::default()
                .ngram_max(ngram_max)
                .max_features(3000)
                .fit(&refs, &labels, 3)
                .unwrap();
            let longest = (0..f.dim()).map(|c| f.feature_name(c).split(' ').count());
            assert_eq!(longest.max(), Some(ngram_max));
            let mut t = f.transformer();
            for text in &refs {
                let want = by_strings(&f, text);
                let got: Vec<u32> = t.transform(text).iter().map(|&(c, _)| c).collect();
                assert_eq!(got, want, "n = {ngram_max}: {text:?}");
            }
        }
    }

    #[test]
    fn a_reused_transformer_gives_the_vectors_of_a_fresh_one() {
        let corpus = include_str!("../data/corpus.csv");
        let rows: Vec<(String, String)> = csv::Reader::from_reader(corpus.as_bytes())
            .records()
            .map(|r| {
                let r = r.unwrap();
                (r[0].to_string(), r[1].to_string())
            })
            .collect();
        let texts: Vec<&str> = rows.iter().map(|(t, _)| t.as_str()).collect();
        let names = ["de-escalation", "escalation", "neutral"];
        let labels: Vec<usize> = rows
            .iter()
            .map(|(_, l)| names.iter().position(|n| n == l).unwrap())
            .collect();
        let f = FeaturizerParams::default().fit(&texts, &labels, 3).unwrap();
        let mut warm = f.transformer();
        for text in &texts {
            assert_eq!(warm.transform(text).to_vec(), f.transform(text), "{text:?}");
        }
    }

    #[test]
    fn a_cache_slot_of_word_facts_fills_half_a_cache_line() {
        assert_eq!(std::mem::size_of::<([u64; 2], WordFacts)>(), 32);
        assert_eq!(crate::token_cache::slot_size::<WordFacts>(), 32);
    }

    #[test]
    fn featurizer_and_sentiment_sharing_one_cache_give_their_own_results() {
        // One entry per token holds both passes' facts: in whichever order
        // the passes meet a token (features first, sentiment first, one of
        // them only, then the other), each must see exactly what it would
        // alone. Sentiment features on, so `transform` also scores.
        let mut texts = crate::io::data::corpus_texts();
        texts.extend(
            [
                "Is it? NO, it is NOT over!! :) Peace, peace... peace.",
                "They didn\u{2019}t refuse: https://t.co/x @user kind of good, sort of bad",
                "GREAT talks, but the bomb killed four; at least no one else died.",
                // VADER's tokens "good,bad" and "great:awful" start where
                // the featurizer's words "good" and "great" do.
                "The talks went good,bad and great:awful, not well.",
                // Sentiment reads a straightened copy (' for \u{2019}),
                // where "sad" sits where "bad" was in the original.
                "It\u{2019}s Iran\u{2019}s bad sad day.",
            ]
            .map(str::to_string),
        );
        let labels: Vec<usize> = (0..texts.len()).map(|i| i % 3).collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let f = FeaturizerParams {
            sentiment: true,
            ..FeaturizerParams::default()
        }
        .fit(&refs, &labels, 3)
        .unwrap();
        let analyzer = shared_sentiment();
        let mut t = f.transformer();
        for (i, text) in refs.iter().enumerate() {
            let want = (f.transform(text), analyzer.score(text));
            let got = match i % 5 {
                0 => (t.transform(text).to_vec(), t.sentiment(text)),
                4 => {
                    let (x, s) = t.transform_and_sentiment(text);
                    (x.to_vec(), s)
                }
                1 => {
                    let s = t.sentiment(text);
                    (t.transform(text).to_vec(), s)
                }
                2 => (t.transform(text).to_vec(), analyzer.score(text)),
                _ => {
                    let s = t.sentiment(text);
                    (f.transform(text), s)
                }
            };
            assert_eq!(got.0, want.0, "{text:?}");
            let (g, w) = (got.1, want.1);
            assert_eq!(
                (g.neg, g.neu, g.pos, g.compound),
                (w.neg, w.neu, w.pos, w.compound)
            );
        }
        // Every text again, now that all tokens are cached, each pass on
        // its own and both in one call (sentiment reusing the featurizer's
        // entries).
        for text in &refs {
            assert_eq!(t.transform(text).to_vec(), f.transform(text), "{text:?}");
            let (g, w) = (t.sentiment(text), analyzer.score(text));
            assert_eq!(
                (g.neg, g.neu, g.pos, g.compound),
                (w.neg, w.neu, w.pos, w.compound)
            );
            let (x, g) = t.transform_and_sentiment(text);
            assert_eq!(x.to_vec(), f.transform(text), "{text:?}");
            assert_eq!(
                (g.neg, g.neu, g.pos, g.compound),
                (w.neg, w.neu, w.pos, w.compound)
            );
        }
    }

    #[test]
    fn fit_and_dense_matrix_do_not_depend_on_thread_count() {
        // Rows in several chunks (one per thread) must give the vocabulary,
        // idf and matrix of a single pass.
        let words = ["strikes", "ceasefire", "talks", "monday", "troops", "envoy"];
        let texts: Vec<String> = (0..200)
            .map(|i| {
                (0..6)
                    .map(|j| words[(i * 7 + j * j * 3 + i / 5) % words.len()])
                    .collect::<Vec<_>>()
                    .join(" ")
                    + if i % 3 == 0 { " not attack" } else { "" }
            })
            .collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let labels: Vec<usize> = (0..texts.len()).map(|i| (i * 5 / 3) % 3).collect();
        let p = FeaturizerParams::default().max_features(12);
        let run = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| {
                let f = p.fit(&texts, &labels, 3).unwrap();
                let x = f.transform_dense(&texts);
                (f, x)
            })
        };
        let (f1, x1) = run(1);
        assert_eq!(f1.dim(), 12);
        for threads in [2, 3, 7] {
            let (f, x) = run(threads);
            assert_eq!(f, f1, "{threads} threads");
            assert_eq!(x, x1, "{threads} threads");
        }
        // The matrix holds each sentence's sparse vector.
        for (i, t) in texts.iter().enumerate() {
            for (col, v) in f1.transform(t) {
                assert_eq!(x1[[i, col as usize]], v);
            }
        }
        assert!(x1.t().is_standard_layout(), "column-major");
    }

    #[test]
    fn bigrams_see_negation_marks() {
        let toks = Tokenizer::new().features("will not attack");
        let grams = ngrams(&toks, 2);
        assert!(grams.contains(&"not NOT_attack".to_string()));
    }

    #[test]
    fn empty_vocabulary_is_an_error() {
        let r = FeaturizerParams::default()
            .min_count(5)
            .fit(&["a b", "c d"], &[0, 1], 2);
        assert_eq!(
            r.unwrap_err(),
            FeatureError::EmptyVocabulary { min_count: 5 }
        );
    }
}
