//! A fast path for VADER on plain-ASCII sentences, giving exactly the
//! scores of the `vader-parity` crate.
//!
//! Why: the crate re-derives everything per call (emoji walk, Unicode
//! casing, string lower-casing of every token), which made sentiment the
//! largest part of `predict`'s work. News sentences repeat the same few thousand
//! words, so here each distinct lower-cased token is classified once per
//! process (shared by all threads, copied into a per-thread cache) and a
//! sentence is scored from those classes with VADER's rules.
//!
//! Where the data comes from: this file holds no lexicon. A token's class is
//! learned by asking the crate itself, mostly with one probe, "token good":
//! it scores as "good" alone for an ordinary word, shifted by ±0.293 for a
//! booster or dampener, flipped for a negation word, and shifted by the
//! token's own valence for a lexicon word (VADER's valences have one decimal,
//! and the compound, rounded to 4 decimals, pins them down). "no", "but",
//! "least" and tokens with "!" or "?" are probed alone instead, since their
//! rules would show in a pair. Whatever a probe does not explain exactly
//! marks the token unknown, and any sentence with an unknown token, a
//! non-ASCII character or a control character goes to the crate. What is
//! written here are VADER 3.3.2's rules and constants (the scalars, the
//! handful of words the rules name, the idioms), following the crate's
//! reading of them, including its Python-compatible summation and rounding.
//! Tests in `sentiment.rs` check the two agree on every sentence of the
//! corpus, the fixture, the seeds and 20,000 generated ones.

use std::cell::RefCell;
use std::sync::{Mutex, OnceLock};

use vader_parity::SentimentIntensityAnalyzer as Vader;

use super::Sentiment;
use crate::text::ascii::graphic_len;
use crate::token_cache::{TokenCache, TokenFact};

const B_INCR: f64 = 0.293;
const C_INCR: f64 = 0.733;
const N_SCALAR: f64 = -0.74;
const EP_STEP: f64 = 0.292;
const QM_STEP: f64 = 0.18;
const QM_CAP: f64 = 0.96;
const ALPHA: f64 = 15.0;
const DAMP_2: f64 = 0.95;
const DAMP_3: f64 = 0.9;
const NEVER_SCALAR: f64 = 1.25;
/// The lexicon word every modifier probe puts after the token ("x good").
const PROBE_VALENCE: f64 = 1.9;

/// Words VADER's rules name (compared lower-cased), and all others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Word {
    No,
    Least,
    At,
    Very,
    Or,
    Nor,
    Never,
    So,
    This,
    Without,
    Doubt,
    Kind,
    Of,
    But,
    The,
    Shit,
    Bomb,
    Bad,
    Ass,
    Bus,
    Stop,
    Yeah,
    Right,
    Kiss,
    Death,
    To,
    Die,
    For,
    Beating,
    Heart,
    Just,
    Enough,
    Sort,
    Other,
}

impl Word {
    fn of(lower: &str) -> Word {
        use Word::*;
        match lower {
            "no" => No,
            "least" => Least,
            "at" => At,
            "very" => Very,
            "or" => Or,
            "nor" => Nor,
            "never" => Never,
            "so" => So,
            "this" => This,
            "without" => Without,
            "doubt" => Doubt,
            "kind" => Kind,
            "of" => Of,
            "but" => But,
            "the" => The,
            "shit" => Shit,
            "bomb" => Bomb,
            "bad" => Bad,
            "ass" => Ass,
            "bus" => Bus,
            "stop" => Stop,
            "yeah" => Yeah,
            "right" => Right,
            "kiss" => Kiss,
            "death" => Death,
            "to" => To,
            "die" => Die,
            "for" => For,
            "beating" => Beating,
            "heart" => Heart,
            "just" => Just,
            "enough" => Enough,
            "sort" => Sort,
            _ => Other,
        }
    }
}

/// VADER's multi-word idioms: the valence they set, and whether Python
/// holds it as an int (which changes how `sum` adds it).
const IDIOMS: [(&[Word], f64, bool); 8] = [
    (&[Word::The, Word::Shit], 3.0, true),
    (&[Word::The, Word::Bomb], 3.0, true),
    (&[Word::Bad, Word::Ass], 1.5, false),
    (&[Word::Bus, Word::Stop], 0.0, false),
    (&[Word::Yeah, Word::Right], -2.0, true),
    (&[Word::Kiss, Word::Of, Word::Death], -1.5, false),
    (&[Word::To, Word::Die, Word::For], 3.0, true),
    (&[Word::Beating, Word::Heart], 3.5, false),
];

/// VADER's multi-word dampeners.
const DAMPENER_NGRAMS: [&[Word]; 3] = [
    &[Word::Just, Word::Enough],
    &[Word::Kind, Word::Of],
    &[Word::Sort, Word::Of],
];

/// What a token does to the words after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Modifier {
    None,
    /// Booster: adds `B_INCR` to the next word's strength.
    Booster,
    /// Dampener: takes `B_INCR` off.
    Dampener,
    Negator,
}

/// Everything the rules need to know about one token, in 6 bytes: the
/// caches hold one per distinct token, and small entries stay in cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TokenClass {
    /// Lexicon valence in tenths (VADER's values have one decimal), or
    /// `NOT_IN_LEXICON`.
    tenths: i16,
    modifier: Modifier,
    /// Python's `str.isupper()`.
    upper: bool,
    word: Word,
}

const NOT_IN_LEXICON: i16 = i16::MIN;

impl TokenClass {
    fn valence(&self) -> Option<f64> {
        (self.tenths != NOT_IN_LEXICON).then(|| f64::from(self.tenths) / 10.0)
    }
}

/// Per-thread token classes; cleared when full so memory stays flat.
const CACHE_LIMIT: usize = 1 << 18;

thread_local! {
    static CLASSES: RefCell<TokenCache<Option<TokenClass>>> =
        RefCell::new(TokenCache::new(CACHE_LIMIT));
}

/// Python's `str.split()` on ASCII text.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Text this fast path handles: printable ASCII and ASCII whitespace.
fn eligible(text: &str) -> bool {
    // A branch-free pass the compiler vectorises (an `all` stopping at the
    // first miss runs byte by byte; nearly every sentence passes anyway).
    !text.bytes().fold(false, |bad, b| {
        bad | !((0x20..0x7f).contains(&b) || matches!(b, b'\t' | b'\n' | b'\r' | 0x0b | 0x0c))
    })
}

/// VADER's token: punctuation stripped from both ends unless that leaves
/// two characters or fewer (emoticons, "is?").
fn vader_token(raw: &str) -> &str {
    // Byte-wise: an ASCII punctuation byte is a whole character, and a
    // non-ASCII byte is never ASCII punctuation, so the cut is on a
    // character boundary.
    let b = raw.as_bytes();
    // Most tokens are words, with nothing to strip: two byte tests.
    match (b.first(), b.last()) {
        (Some(f), Some(l)) if !f.is_ascii_punctuation() && !l.is_ascii_punctuation() => return raw,
        _ => {}
    }
    let start = b
        .iter()
        .position(|c| !c.is_ascii_punctuation())
        .unwrap_or(b.len());
    let end = b
        .iter()
        .rposition(|c| !c.is_ascii_punctuation())
        .map_or(start, |e| e + 1);
    let stripped = &raw[start..end];
    if stripped.len() <= 2 {
        raw
    } else {
        stripped
    }
}

/// Python's `round(value, digits)`: the double nearest to the decimal
/// rounded half-to-even from the exact binary value. Away from ties the
/// scaled value says which way to go; near one, exact decimal formatting
/// decides.
fn round_to(value: f64, digits: usize) -> f64 {
    let scale = [1.0, 10.0, 100.0, 1000.0, 10_000.0][digits.min(4)];
    let scaled = value * scale;
    let floor = scaled.floor();
    let frac = scaled - floor;
    if digits <= 4 && (frac - 0.5).abs() > 1e-6 && scaled.abs() < 1e15 {
        let r = if frac < 0.5 { floor } else { floor + 1.0 };
        // Keep the sign of a value that rounds to zero, as Python does.
        return if r == 0.0 {
            0.0_f64.copysign(value)
        } else {
            r / scale
        };
    }
    format!("{value:.digits$}").parse::<f64>().unwrap_or(value)
}

fn normalize(score: f64) -> f64 {
    (score / (score * score + ALPHA).sqrt()).clamp(-1.0, 1.0)
}

/// The valence (in tenths) a lexicon word has when its probe (the word, or
/// "word good" when `plus` is good's valence) scores `compound`:
/// `NOT_IN_LEXICON` for no lexicon word, `None` if no valence with one
/// decimal explains the score exactly.
fn tenths_from(compound: f64, plus: f64) -> Option<i16> {
    if compound == 0.0 && plus == 0.0 {
        return Some(NOT_IN_LEXICON);
    }
    let sum = compound * (ALPHA / (1.0 - compound * compound)).sqrt();
    let tenths = ((sum - plus) * 10.0).round();
    let v = tenths / 10.0;
    let fits =
        tenths != 0.0 && tenths.abs() < 1000.0 && round_to(normalize(v + plus), 4) == compound;
    fits.then_some(tenths as i16)
}

/// Learn a lower-cased token's class from the crate; `None` if a probe
/// gives a score these rules cannot account for exactly.
fn classify(vader: &Vader, lower: &str) -> Option<TokenClass> {
    let word = Word::of(lower);
    // `upper` depends on the case of each occurrence: the caller sets it.
    let class = |tenths, modifier| {
        Some(TokenClass {
            tenths,
            modifier,
            upper: false,
            word,
        })
    };
    if lower.contains(['!', '?']) {
        // "!" and "?" amplify any probe's score; such a token is taken only
        // when it scores nothing alone, and it cannot be a booster or a
        // negation word (those are letters and apostrophes).
        let alone = vader.polarity_scores(lower).compound;
        if alone != 0.0 || lower.contains("n't") {
            return None;
        }
        return class(NOT_IN_LEXICON, Modifier::None);
    }
    if matches!(word, Word::No | Word::But | Word::Least) {
        // Their own rules would show in a probe with a neighbour; none of
        // the three is a booster or a negation word.
        let tenths = tenths_from(vader.polarity_scores(lower).compound, 0.0)?;
        return class(tenths, Modifier::None);
    }
    // One probe tells all: a lexicon word adds its valence to "good"'s, a
    // booster or negation word changes "good"'s, any other word leaves it.
    let after = vader.polarity_scores(&format!("{lower} good")).compound;
    let expect = |v: f64| round_to(normalize(v), 4);
    if after == expect(PROBE_VALENCE) {
        class(NOT_IN_LEXICON, Modifier::None)
    } else if after == expect(PROBE_VALENCE + B_INCR) {
        class(NOT_IN_LEXICON, Modifier::Booster)
    } else if after == expect(PROBE_VALENCE - B_INCR) {
        class(NOT_IN_LEXICON, Modifier::Dampener)
    } else if after == expect(PROBE_VALENCE * N_SCALAR) {
        class(NOT_IN_LEXICON, Modifier::Negator)
    } else {
        match tenths_from(after, PROBE_VALENCE)? {
            NOT_IN_LEXICON => None,
            tenths => class(tenths, Modifier::None),
        }
    }
}

/// Token classes learned by any thread, so each token is probed once per
/// process; threads copy what they use into their own [`TokenCache`].
fn shared_class(vader: &Vader, token: &str) -> Option<TokenClass> {
    static SHARED: OnceLock<Mutex<TokenCache<Option<TokenClass>>>> = OnceLock::new();
    let shared = SHARED.get_or_init(|| Mutex::new(TokenCache::new(CACHE_LIMIT)));
    // Classes are learned per lower-cased form ("Peace", "PEACE" and
    // "peace" share one probe); only `upper` depends on the case.
    let lower = token.to_ascii_lowercase();
    let upper = token.bytes().any(|b| b.is_ascii_uppercase())
        && !token.bytes().any(|b| b.is_ascii_lowercase());
    let cached = shared.lock().unwrap_or_else(|e| e.into_inner()).get(&lower);
    let class = match cached {
        Some(c) => c,
        None => {
            let c = classify(vader, &lower);
            shared
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(&lower, c);
            c
        }
    };
    class.map(|c| TokenClass { upper, ..c })
}

/// One sentiment value and whether Python would hold it as an int.
#[derive(Debug, Clone, Copy)]
pub(super) struct Valence {
    value: f64,
    from_int: bool,
}

const INT_ZERO: Valence = Valence {
    value: 0.0,
    from_int: true,
};

/// Score `text` on the fast path, or `None` when it must go to the crate.
pub(super) fn score(vader: &Vader, text: &str) -> Option<Sentiment> {
    CLASSES.with(|cell| score_in(vader, text, &mut *cell.borrow_mut()))
}

/// [`score`] with token classes kept in `cache`.
pub(super) fn score_in(
    vader: &Vader,
    text: &str,
    cache: &mut impl TokenFact<Option<TokenClass>>,
) -> Option<Sentiment> {
    if !eligible(text) {
        return None;
    }
    let mut tokens: Vec<TokenClass> = Vec::with_capacity(32);
    // Python's `split()`, byte-wise (the text is ASCII here).
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        // An eligible text's bytes that are not spaces are graphic ASCII.
        let start = i;
        i += graphic_len(&b[i..]);
        if i == start {
            continue;
        }
        let token = vader_token(&text[start..i]);
        match cache.fact_within(token, text, |t| shared_class(vader, t)) {
            Some(c) => tokens.push(c),
            None => return None,
        }
    }
    Some(score_tokens(&tokens, text))
}

fn score_tokens(tokens: &[TokenClass], text: &str) -> Sentiment {
    if !tokens.is_empty() && !tokens.iter().any(in_lexicon) {
        // No token has a valence, and the rules only scale valences: every
        // sentiment is zero, so VADER's sum is zero and all tokens count as
        // neutral (what `score_valence` works out, without the walk).
        return Sentiment {
            neg: 0.0,
            neu: 1.0,
            pos: 0.0,
            compound: 0.0,
        };
    }
    let cap_diff = tokens.iter().any(|t| t.upper) && tokens.iter().any(|t| !t.upper);
    let mut sentiments: Vec<Valence> = Vec::with_capacity(tokens.len());
    for (i, item) in tokens.iter().enumerate() {
        if matches!(item.modifier, Modifier::Booster | Modifier::Dampener)
            || (item.word == Word::Kind && tokens.get(i + 1).is_some_and(|t| t.word == Word::Of))
        {
            sentiments.push(INT_ZERO);
            continue;
        }
        sentiments.push(valence_of(tokens, i, cap_diff));
    }
    but_check(tokens, &mut sentiments);
    score_valence(&sentiments, text)
}

fn in_lexicon(t: &TokenClass) -> bool {
    t.tenths != NOT_IN_LEXICON
}

fn scalar_inc_dec(word: &TokenClass, valence: f64, cap_diff: bool) -> f64 {
    let increment = match word.modifier {
        Modifier::Booster => B_INCR,
        Modifier::Dampener => -B_INCR,
        _ => return 0.0,
    };
    let mut scalar = if valence < 0.0 { -increment } else { increment };
    if word.upper && cap_diff {
        if valence > 0.0 {
            scalar += C_INCR;
        } else {
            scalar -= C_INCR;
        }
    }
    scalar
}

fn negated(t: &TokenClass) -> bool {
    t.modifier == Modifier::Negator
}

fn is(t: &TokenClass, w: Word) -> bool {
    t.word == w
}

fn so_or_this(t: &TokenClass) -> bool {
    is(t, Word::So) || is(t, Word::This)
}

fn valence_of(tokens: &[TokenClass], i: usize, cap_diff: bool) -> Valence {
    let item = &tokens[i];
    let Some(lex) = item.valence() else {
        return INT_ZERO;
    };
    let prev1 = i.checked_sub(1).map(|j| &tokens[j]);
    let prev2 = i.checked_sub(2).map(|j| &tokens[j]);
    let prev3 = i.checked_sub(3).map(|j| &tokens[j]);
    let next1 = tokens.get(i + 1);
    let mut v = lex;
    if is(item, Word::No) && next1.is_some_and(in_lexicon) {
        v = 0.0;
    }
    if prev1.is_some_and(|t| is(t, Word::No))
        || prev2.is_some_and(|t| is(t, Word::No))
        || (prev3.is_some_and(|t| is(t, Word::No))
            && prev1.is_some_and(|t| is(t, Word::Or) || is(t, Word::Nor)))
    {
        v = lex * N_SCALAR;
    }
    if item.upper && cap_diff {
        if v > 0.0 {
            v += C_INCR;
        } else {
            v -= C_INCR;
        }
    }
    let mut from_int = false;
    if let Some(p1) = prev1 {
        if !in_lexicon(p1) {
            v += scalar_inc_dec(p1, v, cap_diff);
            if negated(p1) {
                v *= N_SCALAR;
            }
        }
    }
    if let (Some(p1), Some(p2)) = (prev1, prev2) {
        if !in_lexicon(p2) {
            let mut s = scalar_inc_dec(p2, v, cap_diff);
            if s != 0.0 {
                s *= DAMP_2;
            }
            v += s;
            if is(p2, Word::Never) && so_or_this(p1) {
                v *= NEVER_SCALAR;
            } else if is(p2, Word::Without) && is(p1, Word::Doubt) {
            } else if negated(p2) {
                v *= N_SCALAR;
            }
        }
    }
    if let (Some(p1), Some(p2), Some(p3)) = (prev1, prev2, prev3) {
        if !in_lexicon(p3) {
            let mut s = scalar_inc_dec(p3, v, cap_diff);
            if s != 0.0 {
                s *= DAMP_3;
            }
            v += s;
            if (is(p3, Word::Never) && so_or_this(p2)) || so_or_this(p1) {
                v *= NEVER_SCALAR;
            } else if is(p3, Word::Without) && (is(p2, Word::Doubt) || is(p1, Word::Doubt)) {
            } else if negated(p3) {
                v *= N_SCALAR;
            }
            (v, from_int) = idioms_check(v, tokens, i);
        }
    }
    // "least" before the word negates it, except in "at least" / "very least".
    if let Some(p1) = prev1 {
        if !in_lexicon(p1) && is(p1, Word::Least) {
            let exempt = prev2.is_some_and(|p2| is(p2, Word::At) || is(p2, Word::Very));
            if !exempt {
                return Valence {
                    value: v * N_SCALAR,
                    from_int: false,
                };
            }
        }
    }
    Valence { value: v, from_int }
}

/// Whether tokens[start..start + seq.len()] are exactly the words of `seq`.
fn matches_at(tokens: &[TokenClass], start: Option<usize>, seq: &[Word]) -> bool {
    let Some(start) = start else {
        return false;
    };
    tokens
        .get(start..start + seq.len())
        .is_some_and(|ts| ts.iter().zip(seq).all(|(t, w)| t.word == *w))
}

fn idiom_at(tokens: &[TokenClass], start: Option<usize>, len: usize) -> Option<(f64, bool)> {
    IDIOMS
        .iter()
        .find(|(seq, _, _)| seq.len() == len && matches_at(tokens, start, seq))
        .map(|&(_, v, int)| (v, int))
}

fn idioms_check(valence: f64, tokens: &[TokenClass], i: usize) -> (f64, bool) {
    let mut v = valence;
    let mut from_int = false;
    // (start, length) of onezero, twoonezero, twoone, threetwoone, threetwo.
    let before = [
        (i.checked_sub(1), 2),
        (i.checked_sub(2), 3),
        (i.checked_sub(2), 2),
        (i.checked_sub(3), 3),
        (i.checked_sub(3), 2),
    ];
    for (start, len) in before {
        if let Some((hit, int)) = idiom_at(tokens, start, len) {
            (v, from_int) = (hit, int);
            break;
        }
    }
    for len in [2, 3] {
        if let Some((hit, int)) = idiom_at(tokens, Some(i), len) {
            (v, from_int) = (hit, int);
        }
    }
    // threetwoone, threetwo, twoone against the multi-word dampeners.
    for (start, len) in [
        (i.checked_sub(3), 3),
        (i.checked_sub(3), 2),
        (i.checked_sub(2), 2),
    ] {
        if DAMPENER_NGRAMS
            .iter()
            .any(|seq| seq.len() == len && matches_at(tokens, start, seq))
        {
            v += -B_INCR;
            from_int = false;
        }
    }
    (v, from_int)
}

/// Python's list walk in VADER's `_but_check`: each value is looked up by
/// `list.index` (its first equal value) and that slot is scaled, 0.5 before
/// the first "but" and 1.5 after it.
fn but_check(tokens: &[TokenClass], sentiments: &mut [Valence]) {
    let Some(bi) = tokens.iter().position(|t| is(t, Word::But)) else {
        return;
    };
    if sentiments.len() <= 64 {
        but_walk_short(bi, sentiments);
    } else {
        but_walk_indexed(bi, sentiments);
    }
}

fn but_weight(si: usize, bi: usize) -> Option<f64> {
    match si.cmp(&bi) {
        std::cmp::Ordering::Less => Some(0.5),
        std::cmp::Ordering::Greater => Some(1.5),
        std::cmp::Ordering::Equal => None,
    }
}

/// The walk as written: a linear `index` per value (sentences are short).
fn but_walk_short(bi: usize, sentiments: &mut [Valence]) {
    for pos in 0..sentiments.len() {
        let value = sentiments[pos].value;
        let si = sentiments
            .iter()
            .position(|s| s.value == value)
            .unwrap_or(pos);
        if let Some(w) = but_weight(si, bi) {
            sentiments[si] = Valence {
                value: value * w,
                from_int: false,
            };
        }
    }
}

/// The same walk for long texts (`--no-split` on whole articles), where a
/// linear `index` per value would be quadratic: the first slot holding each
/// value is kept in an ordered set per value.
fn but_walk_indexed(bi: usize, sentiments: &mut [Valence]) {
    use std::collections::{BTreeSet, HashMap};
    // Python's == makes 0.0 and -0.0 one value.
    let key = |v: f64| if v == 0.0 { 0 } else { v.to_bits() };
    let mut slots: HashMap<u64, BTreeSet<usize>> = HashMap::new();
    for (i, s) in sentiments.iter().enumerate() {
        slots.entry(key(s.value)).or_default().insert(i);
    }
    for pos in 0..sentiments.len() {
        let value = sentiments[pos].value;
        let si = if value.is_nan() {
            pos
        } else {
            slots
                .get(&key(value))
                .and_then(|set| set.first().copied())
                .unwrap_or(pos)
        };
        if let Some(w) = but_weight(si, bi) {
            let old = key(sentiments[si].value);
            if let Some(set) = slots.get_mut(&old) {
                set.remove(&si);
            }
            let new = value * w;
            slots.entry(key(new)).or_default().insert(si);
            sentiments[si] = Valence {
                value: new,
                from_int: false,
            };
        }
    }
}

/// Python 3.12's `sum`: ints exactly, then floats with Neumaier compensation.
fn python_sum(values: &[Valence]) -> f64 {
    let mut iter = values.iter();
    let mut int_sum = 0.0_f64;
    let (mut sum, mut c) = loop {
        match iter.next() {
            None => return int_sum,
            Some(v) if v.from_int => int_sum += v.value,
            Some(v) => break (int_sum + v.value, 0.0_f64),
        }
    };
    for v in iter {
        let x = v.value;
        let t = sum + x;
        if sum.abs() >= x.abs() {
            c += (sum - t) + x;
        } else {
            c += (x - t) + sum;
        }
        sum = t;
    }
    if c != 0.0 && c.is_finite() {
        sum += c;
    }
    sum
}

fn punctuation_emphasis(text: &str) -> f64 {
    let ep = text.bytes().filter(|&b| b == b'!').count().min(4);
    let qm = text.bytes().filter(|&b| b == b'?').count();
    let qm_amp = match qm {
        0 | 1 => 0.0,
        2 | 3 => qm as f64 * QM_STEP,
        _ => QM_CAP,
    };
    ep as f64 * EP_STEP + qm_amp
}

fn score_valence(sentiments: &[Valence], text: &str) -> Sentiment {
    if sentiments.is_empty() {
        return Sentiment {
            neg: 0.0,
            neu: 0.0,
            pos: 0.0,
            compound: 0.0,
        };
    }
    let mut sum = python_sum(sentiments);
    let amp = punctuation_emphasis(text);
    match sum.total_cmp(&0.0) {
        std::cmp::Ordering::Greater => sum += amp,
        std::cmp::Ordering::Less => sum -= amp,
        std::cmp::Ordering::Equal => {}
    }
    let compound = normalize(sum);
    let (mut pos_sum, mut neg_sum, mut neu_count) = (0.0_f64, 0.0_f64, 0.0_f64);
    for s in sentiments {
        let x = s.value;
        if x > 0.0 {
            pos_sum += x + 1.0;
        }
        if x < 0.0 {
            neg_sum += x - 1.0;
        }
        if x == 0.0 {
            neu_count += 1.0;
        }
    }
    if pos_sum > neg_sum.abs() {
        pos_sum += amp;
    } else if pos_sum < neg_sum.abs() {
        neg_sum -= amp;
    }
    let total = pos_sum + neg_sum.abs() + neu_count;
    Sentiment {
        neg: round_to((neg_sum / total).abs(), 3),
        neu: round_to((neu_count / total).abs(), 3),
        pos: round_to((pos_sum / total).abs(), 3),
        compound: round_to(compound, 4),
    }
}

#[cfg(test)]
mod tests {
    use super::{but_walk_indexed, but_walk_short, round_to, vader_token, Valence};

    #[test]
    fn eligible_texts_are_printable_ascii_and_ascii_space() {
        let ok = |b: u8| (0x20..0x7f).contains(&b) || b"\t\n\r\x0b\x0c".contains(&b);
        for c in 0..=255u8 {
            for d in [b'a', b' ', 0x7f, 0x80, 0xff] {
                for bytes in [
                    vec![c],
                    vec![d, c],
                    vec![c; 40],
                    [vec![b'x'; 33], vec![c, d]].concat(),
                ] {
                    let text = String::from_utf8_lossy(&bytes);
                    let want = text.bytes().all(ok);
                    assert_eq!(super::eligible(&text), want, "{bytes:?}");
                }
            }
        }
    }

    #[test]
    fn vader_token_strips_as_trim_matches_does() {
        fn plain(raw: &str) -> &str {
            let stripped = raw.trim_matches(|c: char| c.is_ascii_punctuation());
            if stripped.len() <= 2 {
                raw
            } else {
                stripped
            }
        }
        for raw in [
            "",
            ".",
            "...",
            "is?",
            "peace.",
            "\"peace,\"",
            "(U.S.)",
            ":)",
            "<3",
            "x",
            "ab!",
            "abc!",
            "!!abc!!",
            "caf\u{e9}.",
            "\u{2019}tis'",
            "--",
            "a-b",
            "'90s",
        ] {
            assert_eq!(vader_token(raw), plain(raw), "{raw:?}");
        }
    }

    #[test]
    fn long_but_walk_equals_the_short_one() {
        let values = [0.0, -0.0, 1.9, -2.5, 0.95, 2.85, -1.25, 1.9 * 0.5];
        let mut state: u64 = 11;
        for _ in 0..2_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let n = 1 + (state >> 58) as usize;
            let mut a: Vec<Valence> = (0..n)
                .map(|i| {
                    let k = (state >> (i % 50)) as usize % values.len();
                    Valence {
                        value: values[k],
                        from_int: k == 0,
                    }
                })
                .collect();
            let mut b = a.clone();
            let bi = (state >> 20) as usize % n;
            but_walk_short(bi, &mut a);
            but_walk_indexed(bi, &mut b);
            let bits = |v: &[Valence]| v.iter().map(|s| s.value.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&a), bits(&b), "n {n}, but at {bi}");
        }
    }

    #[test]
    fn rounding_matches_decimal_formatting() {
        let mut state: u64 = 7;
        for i in 0..200_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let x = ((state >> 11) as f64 / (1u64 << 53) as f64) * 2.0 - 1.0;
            let x = if i % 3 == 0 {
                (x * 2000.0).round() / 2000.0
            } else {
                x
            };
            for digits in [3, 4] {
                let want = format!("{x:.digits$}").parse::<f64>().unwrap();
                assert_eq!(
                    round_to(x, digits).to_bits(),
                    want.to_bits(),
                    "{x} to {digits}"
                );
            }
        }
        for (x, d, want) in [
            (0.0625, 3, 0.062),
            (0.25, 1, 0.2),
            (-0.00004, 3, -0.0),
            (1.0, 4, 1.0),
        ] {
            assert_eq!(round_to(x, d).to_bits(), f64::to_bits(want), "{x}");
        }
    }
}
