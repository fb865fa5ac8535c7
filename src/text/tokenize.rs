//! Tokenizer: one sentence → lowercase word tokens with negation scope.
//!
//! Rules, in the order they apply:
//! - URLs (`http…`, `www.…`, `pic.twitter.com/…`) become `<url>`, `@handles`
//!   become `<user>`; a `#hashtag` keeps its word.
//! - A word is a run of letters and digits joined by inner hyphens,
//!   apostrophes, or (between digits) `.` and `,`. So `de-escalation`,
//!   `cease-fire`, `1,200` and `1.2` each stay one token.
//! - Initialisms with dots (`U.S.`, `U.N.`) lose their dots: `us`, `un`.
//! - A possessive `'s` is dropped (`Israel’s` → `israel`).
//! - Numbers are normalised: a token made only of digits and separators is
//!   `<num>`; digits inside a word become `0` (`48-hour` → `0-hour`).
//! - With [`Tokenizer::names`], a capitalised proper name becomes its role
//!   placeholder (`<country>`, `<demonym>`, `<capital>`, `<name>`; see
//!   [`crate::text::names`]).
//! - Negation: after a cue ("not", "no", "never", "without", any `n't`,
//!   "failed to", …) every token up to the next clause punctuation or "but"
//!   is marked `negated`. Its feature form is `NOT_word`; uppercase cannot
//!   collide with the lowercase vocabulary. With
//!   [`Tokenizer::lexical_negation`], "rejected", "denied", "ruled out",
//!   "walked away from" and the like open a scope too, and inside one they
//!   lift it ("did not rule out talks").

use crate::text::ascii::alnum_len;
use crate::text::clean::{ends_clause, is_apostrophe, is_hyphen};
use crate::text::names;
use crate::token_cache::{Probe, TokenFact};

/// One token of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Normalised lowercase form (`<num>`, `<url>`, `<user>` for those).
    pub text: String,
    /// Byte offset of the token's first character in the sentence.
    pub start: usize,
    /// Byte offset just past the token's last character.
    pub end: usize,
    /// True when the token sits inside a negation scope.
    pub negated: bool,
}

/// What marks a negated token's feature: `NOT_attack`.
pub const NOT_PREFIX: &str = "NOT_";

impl Token {
    /// The string the featurizer counts: the text, prefixed by `NOT_` when
    /// the token is negated.
    pub fn feature(&self) -> String {
        if self.negated {
            format!("{NOT_PREFIX}{}", self.text)
        } else {
            self.text.clone()
        }
    }
}

/// Single-word negation cues. Any token ending in `n't` is a cue as well.
fn is_cue(word: &str) -> bool {
    matches!(
        word,
        "not"
            | "no"
            | "never"
            | "without"
            | "cannot"
            | "nor"
            | "neither"
            | "none"
            | "nobody"
            | "nothing"
            | "nowhere"
            | "hardly"
            | "rarely"
    ) || word.ends_with("n't")
}

/// Verbs that negate what follows when followed by "to" ("failed to").
fn is_negating_verb(word: &str) -> bool {
    matches!(
        word,
        "refuse"
            | "refused"
            | "refuses"
            | "refusing"
            | "fail"
            | "failed"
            | "fails"
            | "failing"
            | "declined"
            | "declines"
            | "decline"
            | "declining"
    )
}

/// Lexical negators: verbs that negate their object the way "not" does
/// ("rejected the ceasefire", "denied the attack"). Inside a negation they
/// lift it again: "did not reject talks" is not a rejection of talks.
fn is_lexical_negator(word: &str) -> bool {
    matches!(
        word,
        "reject"
            | "rejected"
            | "rejects"
            | "rejecting"
            | "deny"
            | "denied"
            | "denies"
            | "denying"
            | "dismiss"
            | "dismissed"
            | "dismisses"
            | "dismissing"
            | "refuse"
            | "refused"
            | "refuses"
            | "refusing"
            | "suspend"
            | "suspended"
            | "suspends"
            | "suspending"
            | "abandon"
            | "abandoned"
            | "abandons"
            | "abandoning"
            | "scrap"
            | "scrapped"
            | "scraps"
            | "scrapping"
            | "boycott"
            | "boycotted"
            | "boycotts"
            | "boycotting"
            | "halt"
            | "halted"
            | "halts"
            | "halting"
    )
}

/// Verbs that negate with a particle after them: "ruled out", "walked
/// away from", "pulled out of", "stopped short of", "backed away from".
fn is_particle_verb(word: &str) -> bool {
    matches!(
        word,
        "rule"
            | "ruled"
            | "rules"
            | "ruling"
            | "walk"
            | "walked"
            | "walks"
            | "walking"
            | "pull"
            | "pulled"
            | "pulls"
            | "pulling"
            | "stop"
            | "stopped"
            | "stops"
            | "stopping"
            | "back"
            | "backed"
            | "backs"
            | "backing"
    )
}

/// The particles of [`is_particle_verb`]'s verbs.
fn is_negating_particle(word: &str) -> bool {
    matches!(word, "out" | "away" | "short")
}

/// Words that end a negation scope the way punctuation does.
fn is_scope_breaker(word: &str) -> bool {
    matches!(
        word,
        "but" | "however" | "yet" | "although" | "though" | "while"
    )
}

/// Turns a sentence into [`Token`]s. Cheap to copy.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tokenizer {
    /// Map proper names to role placeholders (see [`crate::text::names`]).
    names: bool,
    /// Lexical negators ("rejected", "ruled out") open a negation scope.
    lexical_negation: bool,
}

impl Tokenizer {
    /// A tokenizer that keeps names as words and negates after "not",
    /// "no", "never", "refused to" and the like only.
    pub fn new() -> Self {
        Tokenizer::default()
    }

    /// Map names to placeholders when `on`.
    pub fn names(mut self, on: bool) -> Self {
        self.names = on;
        self
    }

    /// Let lexical negators open a negation scope when `on`.
    pub fn lexical_negation(mut self, on: bool) -> Self {
        self.lexical_negation = on;
        self
    }

    /// Normalise a raw word into `out`, then replace it by its name
    /// placeholder when names are mapped.
    fn word_into(&self, raw: &str, out: &mut String) {
        normalise_into(raw, out);
        if self.names {
            if let Some(p) = names::placeholder(raw, out) {
                set(out, p);
            }
        }
    }

    /// Tokenize `text`, marking negation scope.
    pub fn tokenize(&self, text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        self.for_each(text, |t, start, end, negated| {
            out.push(Token {
                text: t.to_string(),
                start,
                end,
                negated,
            })
        });
        out
    }

    /// The feature strings of `text` (see [`Token::feature`]).
    pub fn features(&self, text: &str) -> Vec<String> {
        self.tokenize(text).iter().map(Token::feature).collect()
    }

    /// Call `f(text, start, end, negated)` for every token in order. The
    /// text is lent from one reused buffer, so the hot path of prediction
    /// allocates nothing per token.
    pub fn for_each(&self, text: &str, mut f: impl FnMut(&str, usize, usize, bool)) {
        let mut buf = String::new();
        let mut scope = NegationScope::default();
        scan(text, |piece| match piece {
            Piece::Break => scope.close(),
            Piece::Word { form, start, end } => {
                match form {
                    Form::Url => set(&mut buf, "<url>"),
                    Form::User => set(&mut buf, "<user>"),
                    Form::Word(raw) => self.word_into(raw, &mut buf),
                }
                let negated = scope.step_role(WordRole::of(&buf, self.lexical_negation));
                f(&buf, start, end, negated);
            }
        });
    }
}

impl Tokenizer {
    /// [`Tokenizer::for_each`] for hot loops: each distinct raw word is
    /// normalised once, and `make` turns its normalised form into the
    /// caller's value (a vocabulary id, say), kept in `cache` with the
    /// word's negation role. `f(value, negated)` is called for every token
    /// in order; the tokens and negation marks are exactly `for_each`'s.
    pub fn for_each_cached<T: Copy>(
        &self,
        text: &str,
        cache: &mut impl TokenFact<(T, WordRole)>,
        mut make: impl FnMut(&str) -> T,
        mut f: impl FnMut(T, bool),
    ) {
        let mut buf = String::new();
        let mut scope = NegationScope::default();
        // Pieces go through in batches: the cache slots of a batch's words
        // are touched first, so their reads from memory overlap.
        let mut batch = [Piece::Break; TOUCH_AHEAD];
        let mut probes = [Probe::default(); TOUCH_AHEAD];
        let mut queued = 0;
        let mut run = |batch: &[Piece], cache: &mut _| {
            for (piece, probe) in batch.iter().zip(&mut probes) {
                if let Some(key) = piece.key() {
                    *probe = TokenFact::<(T, WordRole)>::probe(&*cache, key, text);
                }
            }
            for (&piece, &probe) in batch.iter().zip(&probes) {
                let Piece::Word { form, .. } = piece else {
                    scope.close();
                    continue;
                };
                let key = piece.key().unwrap_or_default();
                let (value, role) =
                    TokenFact::<(T, WordRole)>::fact_probed(cache, probe, key, text, |key| {
                        match form {
                            Form::Word(raw) => self.word_into(raw, &mut buf),
                            _ => set(&mut buf, key),
                        }
                        (make(&buf), WordRole::of(&buf, self.lexical_negation))
                    });
                f(value, scope.step_role(role));
            }
        };
        scan(text, |piece| {
            batch[queued] = piece;
            queued += 1;
            if queued == TOUCH_AHEAD {
                run(&batch, cache);
                queued = 0;
            }
        });
        run(&batch[..queued], cache);
    }
}

/// Words whose cache slots [`Tokenizer::for_each_cached`] touches before
/// looking them up.
const TOUCH_AHEAD: usize = 32;

fn set(buf: &mut String, s: &str) {
    buf.clear();
    buf.push_str(s);
}

/// What a normalised word does to the negation scope, worked out once per
/// distinct word by [`Tokenizer::for_each_cached`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WordRole(u8);

impl WordRole {
    const CUE: u8 = 1;
    const NEGATING_VERB: u8 = 2;
    const BREAKER: u8 = 4;
    const TO: u8 = 8;
    const LEXICAL: u8 = 16;
    const PARTICLE_VERB: u8 = 32;
    const PARTICLE: u8 = 64;

    fn of(word: &str, lexical_negation: bool) -> WordRole {
        let mut bits = 0;
        if lexical_negation {
            if is_lexical_negator(word) {
                bits |= Self::LEXICAL;
            }
            if is_particle_verb(word) {
                bits |= Self::PARTICLE_VERB;
            }
            if is_negating_particle(word) {
                bits |= Self::PARTICLE;
            }
        }
        if is_cue(word) {
            bits |= Self::CUE;
        }
        // A lexical negator negates at once, so "did not refuse to talk"
        // is not negated again at "to".
        if is_negating_verb(word) && bits & Self::LEXICAL == 0 {
            bits |= Self::NEGATING_VERB;
        }
        if is_scope_breaker(word) {
            bits |= Self::BREAKER;
        }
        if word == "to" {
            bits |= Self::TO;
        }
        WordRole(bits)
    }

    fn has(self, bit: u8) -> bool {
        self.0 & bit != 0
    }
}

/// Tracks whether the next token sits inside a negation scope.
#[derive(Default)]
struct NegationScope {
    in_scope: bool,
    /// Saw "failed", waiting for "to".
    pending_verb: bool,
    /// Saw "ruled", waiting for "out".
    pending_particle: bool,
}

impl NegationScope {
    fn close(&mut self) {
        self.in_scope = false;
        self.pending_verb = false;
        self.pending_particle = false;
    }

    fn step_role(&mut self, role: WordRole) -> bool {
        if role.has(WordRole::BREAKER) {
            self.close();
            return false;
        }
        let negated = self.in_scope;
        let starts_scope = role.has(WordRole::CUE) || (self.pending_verb && role.has(WordRole::TO));
        let lexical =
            role.has(WordRole::LEXICAL) || (self.pending_particle && role.has(WordRole::PARTICLE));
        self.pending_verb = role.has(WordRole::NEGATING_VERB);
        self.pending_particle = role.has(WordRole::PARTICLE_VERB);
        if lexical {
            // "rejected the truce" negates; "did not reject the truce" lifts.
            self.in_scope = !self.in_scope;
        } else if starts_scope {
            self.in_scope = true;
        }
        negated
    }
}

/// What a word-like stretch of text is.
#[derive(Clone, Copy)]
enum Form<'a> {
    Url,
    User,
    Word(&'a str),
}

/// A token before normalisation and negation marking, or a clause break.
#[derive(Clone, Copy)]
enum Piece<'a> {
    Word {
        form: Form<'a>,
        start: usize,
        end: usize,
    },
    Break,
}

impl<'a> Piece<'a> {
    /// The cache key of a word: the raw word, or its placeholder. (Raw
    /// words start with a letter or digit, so "<url>" and "<user>" cannot
    /// collide with one.)
    fn key(&self) -> Option<&'a str> {
        match self {
            Piece::Word { form, .. } => Some(match form {
                Form::Url => "<url>",
                Form::User => "<user>",
                Form::Word(raw) => raw,
            }),
            Piece::Break => None,
        }
    }
}

/// What [`scan`] does at an ASCII byte, looked up in one table instead of
/// asking `char::is_whitespace`, `is_alphanumeric`, `ends_clause` and
/// comparing with `@` and `#` in turn at every byte: 3.5% fewer
/// instructions in a lean run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AsciiClass {
    Space,
    /// A letter or digit: a word (or URL) starts here.
    Alnum,
    /// `@` or `#`: a handle or hashtag when a word follows.
    Sigil,
    /// A character that ends a clause (see [`ends_clause`]).
    Break,
    Other,
}

const ASCII_CLASS: [AsciiClass; 128] = {
    let mut table = [AsciiClass::Other; 128];
    let mut b = 0;
    while b < 128 {
        // The tests `scan_non_ascii` asks, in its order (for ASCII,
        // `is_alphanumeric` is `is_ascii_alphanumeric`, which is const).
        let c = b as u8 as char;
        table[b] = if c.is_whitespace() {
            AsciiClass::Space
        } else if c.is_ascii_alphanumeric() {
            AsciiClass::Alnum
        } else if c == '@' || c == '#' {
            AsciiClass::Sigil
        } else if ends_clause(c) {
            AsciiClass::Break
        } else {
            AsciiClass::Other
        };
        b += 1;
    }
    table
};

fn scan<'a>(text: &'a str, mut emit: impl FnMut(Piece<'a>)) {
    let mut i = 0;
    while let Some(&byte) = text.as_bytes().get(i) {
        // ASCII by table (nearly every byte of news text).
        let class = match ASCII_CLASS.get(usize::from(byte)) {
            Some(&class) => class,
            None => {
                i = scan_non_ascii(text, i, &mut emit);
                continue;
            }
        };
        match class {
            AsciiClass::Space | AsciiClass::Other => i += 1,
            AsciiClass::Break => {
                emit(Piece::Break);
                i += 1;
            }
            AsciiClass::Alnum => {
                let (form, end) = match url_end(text, i) {
                    Some(end) => (Form::Url, end),
                    None => {
                        let end = word_end(text, i);
                        (Form::Word(&text[i..end]), end)
                    }
                };
                emit(Piece::Word {
                    form,
                    start: i,
                    end,
                });
                i = end;
            }
            AsciiClass::Sigil => {
                let end = word_end(text, i + 1);
                if end > i + 1 {
                    let form = if byte == b'@' {
                        Form::User
                    } else {
                        Form::Word(&text[i + 1..end])
                    };
                    emit(Piece::Word {
                        form,
                        start: i,
                        end,
                    });
                    i = end;
                } else {
                    i += 1;
                }
            }
        }
    }
}

/// [`scan`] at a non-ASCII character at byte `i` (no URL starts there):
/// the byte after what it emitted.
#[inline(never)]
fn scan_non_ascii<'a>(text: &'a str, i: usize, emit: &mut impl FnMut(Piece<'a>)) -> usize {
    let c = text[i..].chars().next().expect("i is on a char boundary");
    if c.is_whitespace() {
        return i + c.len_utf8();
    }
    if c.is_alphanumeric() {
        let end = word_end(text, i);
        emit(Piece::Word {
            form: Form::Word(&text[i..end]),
            start: i,
            end,
        });
        return end;
    }
    if ends_clause(c) {
        emit(Piece::Break);
    }
    i + c.len_utf8()
}

/// If a URL starts at byte `i`, the byte where it ends (next whitespace).
/// Called at every word start, so it compares bytes and allocates nothing;
/// the two-byte test is inlined into the caller, the rest is not.
#[inline]
fn url_end(text: &str, i: usize) -> Option<usize> {
    let rest = &text.as_bytes()[i..];
    // Every prefix below starts with "ht", "ww" or "pi", in either case:
    // most words stop here ("he", "was" and "police" at the second byte).
    let lower = |k: usize| rest.get(k).map(u8::to_ascii_lowercase);
    if !matches!(
        (lower(0), lower(1)),
        (Some(b'h'), Some(b't')) | (Some(b'w'), Some(b'w')) | (Some(b'p'), Some(b'i'))
    ) {
        return None;
    }
    url_end_after_gate(text, i)
}

/// [`url_end`] past its two-byte test.
#[inline(never)]
fn url_end_after_gate(text: &str, i: usize) -> Option<usize> {
    let rest = &text.as_bytes()[i..];
    let starts = |p: &[u8]| rest.len() >= p.len() && rest[..p.len()].eq_ignore_ascii_case(p);
    let is_url =
        starts(b"http://") || starts(b"https://") || starts(b"www.") || starts(b"pic.twitter.com");
    if !is_url {
        return None;
    }
    let rest = &text[i..];
    let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
    Some(i + len)
}

/// End of the word starting at byte `start`: letters and digits, joined by
/// inner hyphens and apostrophes, and by `.`/`,` between digits or inside an
/// initialism such as `U.S.`. Only the whitespace-free chunk at `start` is
/// examined, so the cost is the word's length. (Inlined, the general
/// rules kept out of line: called for every word, its calls were 2.6% of a
/// lean labeling run's instructions.)
#[inline(always)]
fn word_end(text: &str, start: usize) -> usize {
    let chunk = &text[start..];
    // Fast path: a plain ASCII word ending at whitespace or simple punctuation.
    let plain = alnum_len(chunk.as_bytes());
    match chunk.as_bytes().get(plain) {
        None => return start + plain,
        Some(b)
            if b.is_ascii_whitespace()
                || matches!(b, b',' | b';' | b':' | b'!' | b'?' | b')' | b'"') =>
        {
            // `,` joins only digits ("1,200"): a letter before it means the word ended.
            let digit_comma = *b == b','
                && chunk.as_bytes()[..plain]
                    .last()
                    .is_some_and(u8::is_ascii_digit)
                && chunk
                    .as_bytes()
                    .get(plain + 1)
                    .is_some_and(u8::is_ascii_digit);
            if !digit_comma {
                return start + plain;
            }
        }
        // Any other ASCII mark joins only when a letter or digit follows it
        // (a final `.` belongs to the word only after an initialism such as
        // "U.S.", which has an inner dot): "said." and "talks)" end here.
        Some(b)
            if b.is_ascii()
                && chunk
                    .as_bytes()
                    .get(plain + 1)
                    .is_none_or(|n| n.is_ascii() && !n.is_ascii_alphanumeric()) =>
        {
            return start + plain;
        }
        Some(_) => {}
    }
    word_end_general(text, start)
}

/// `word_end` without the fast paths: the rules, character by character.
#[inline(never)]
fn word_end_general(text: &str, start: usize) -> usize {
    let chunk = &text[start..];
    let chunk = &chunk[..chunk.find(char::is_whitespace).unwrap_or(chunk.len())];
    let chars: Vec<(usize, char)> = chunk.char_indices().collect();
    let mut end = start;
    let mut k = 0;
    while k < chars.len() {
        let (off, c) = chars[k];
        if c.is_alphanumeric() {
            end = start + off + c.len_utf8();
            k += 1;
            continue;
        }
        let prev = if k > 0 { Some(chars[k - 1].1) } else { None };
        let next = chars.get(k + 1).map(|&(_, n)| n);
        let joins = match (prev, next) {
            (Some(p), Some(n)) if p.is_alphanumeric() && n.is_alphanumeric() => {
                if is_hyphen(c) || is_apostrophe(c) {
                    true
                } else if c == '.' || c == ',' {
                    (p.is_ascii_digit() && n.is_ascii_digit())
                        || (c == '.' && is_initialism_at(&chars, k))
                } else {
                    false
                }
            }
            _ => false,
        };
        if !joins {
            // A final dot of an initialism ("U.S.") belongs to the word.
            if c == '.' && is_initialism_at(&chars, k) {
                end = start + off + 1;
            }
            break;
        }
        k += 1;
    }
    end
}

/// True when the `.` at `chars[k]` is inside a run of single letters
/// separated by dots (`U.S.`, `D.C.`): the letter before it stands alone.
fn is_initialism_at(chars: &[(usize, char)], k: usize) -> bool {
    if k == 0 || !chars[k - 1].1.is_alphabetic() {
        return false;
    }
    let single_before = k < 2 || !chars[k - 2].1.is_alphanumeric();
    let single_after = match (chars.get(k + 1), chars.get(k + 2)) {
        (Some(&(_, a)), Some(&(_, b))) => a.is_alphabetic() && b == '.',
        _ => false,
    };
    let after_initialism = k >= 2 && chars[k - 2].1 == '.';
    single_before && (single_after || after_initialism)
}

/// Lowercase, strip dots of initialisms and possessive `'s`, map numbers;
/// the result replaces the contents of `out`.
fn normalise_into(raw: &str, out: &mut String) {
    out.clear();
    let mut has_digit = false;
    let mut has_dot = false;
    if raw.is_ascii() && !raw.contains(['.', '\'']) {
        // Fast path: a plain ASCII word.
        for &b in raw.as_bytes() {
            has_digit |= b.is_ascii_digit();
            out.push(char::from(b.to_ascii_lowercase()));
        }
    } else {
        for c in raw.chars() {
            let c = if is_apostrophe(c) { '\'' } else { c };
            has_digit |= c.is_ascii_digit();
            has_dot |= c == '.';
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        }
    }
    if has_dot && !has_digit {
        out.retain(|c| c != '.');
    }
    if out.len() > 2 && out.ends_with("'s") {
        out.truncate(out.len() - 2);
    }
    if out == "cease-fire" {
        set(out, "ceasefire");
        return;
    }
    if has_digit {
        if out
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        {
            set(out, "<num>");
            return;
        }
        // Digit runs become one "0": "48-hour" → "0-hour".
        let mut squeezed = String::with_capacity(out.len());
        let mut in_digits = false;
        for c in out.chars() {
            if c.is_ascii_digit() {
                if !in_digits {
                    squeezed.push('0');
                }
                in_digits = true;
            } else {
                in_digits = false;
                squeezed.push(c);
            }
        }
        *out = squeezed;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ascii_table_sorts_bytes_as_the_char_tests_do() {
        for b in 0u8..128 {
            let c = char::from(b);
            let want = if c.is_whitespace() {
                AsciiClass::Space
            } else if c.is_alphanumeric() {
                AsciiClass::Alnum
            } else if c == '@' || c == '#' {
                AsciiClass::Sigil
            } else if ends_clause(c) {
                AsciiClass::Break
            } else {
                AsciiClass::Other
            };
            assert_eq!(ASCII_CLASS[usize::from(b)], want, "{b:#04x}");
        }
    }

    #[test]
    fn cached_walk_gives_the_tokens_and_marks_of_the_plain_walk() {
        // One cache across many sentences, so words seen before (in other
        // negation contexts, other cases) come from the cache.
        let mut sentences = crate::io::data::corpus_texts();
        sentences.extend(
            [
                "They refused to talk, but did not refuse to listen.",
                "No U.S. troops; never again!! See https://t.co/x and @user #Peace",
                "The cease-fire didn\u{2019}t hold: Israel\u{2019}s 48-hour truce, 1,200 dead.",
                "Not not not. Without talks there is no peace, however hard.",
            ]
            .map(str::to_string),
        );
        for tokenizer in [
            Tokenizer::new(),
            Tokenizer::new().names(true).lexical_negation(true),
        ] {
            let mut cache = crate::token_cache::TokenCache::new(1 << 12);
            let names = std::cell::RefCell::new(Vec::<String>::new());
            for text in &sentences {
                let mut plain = Vec::new();
                tokenizer.for_each(text, |t, _, _, neg| plain.push((t.to_string(), neg)));
                let mut cached = Vec::new();
                tokenizer.for_each_cached(
                    text,
                    &mut cache,
                    |w| {
                        names.borrow_mut().push(w.to_string());
                        names.borrow().len() - 1
                    },
                    |id, neg| cached.push((names.borrow()[id].clone(), neg)),
                );
                assert_eq!(cached, plain, "{text:?}");
            }
        }
    }

    #[test]
    fn word_end_fast_paths_agree_with_the_rules() {
        let alphabet = [
            "a", "B", "7", "0", ".", ",", "'", "\u{2019}", "-", "\u{2013}", " ", "\t", "!", "?",
            ")", "\"", ";", ":", "\u{e9}", "#", "@", "/", "U", "S",
        ];
        let mut state: u64 = 42;
        for _ in 0..200_000 {
            let mut text = String::new();
            for _ in 0..1 + (state >> 61) as usize + 3 {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                text.push_str(alphabet[(state >> 33) as usize % alphabet.len()]);
            }
            for (start, c) in text.char_indices() {
                if c.is_alphanumeric() {
                    assert_eq!(
                        word_end(&text, start),
                        word_end_general(&text, start),
                        "{text:?} at {start}"
                    );
                }
            }
        }
    }

    fn feats(s: &str) -> Vec<String> {
        Tokenizer::new().features(s)
    }

    #[test]
    fn keeps_compounds_and_lowercases() {
        assert_eq!(
            feats("The De-escalation plan and a cease-fire"),
            ["the", "de-escalation", "plan", "and", "a", "ceasefire"]
        );
    }

    #[test]
    fn numbers_are_normalised() {
        // seed 000: "About 1,200 people were killed in Israel during the Oct. 7 attacks."
        assert_eq!(
            feats("About 1,200 people were killed during the Oct. 7 attacks"),
            [
                "about", "<num>", "people", "were", "killed", "during", "the", "oct", "<num>",
                "attacks"
            ]
        );
        // seed 003: "over 1.2 million Lebanese civilians", "Over the past 48 hours"
        assert_eq!(feats("over 1.2 million"), ["over", "<num>", "million"]);
        assert_eq!(
            feats("a 48-hour pause, the 11th visit"),
            ["a", "0-hour", "pause", "the", "0th", "visit"]
        );
    }

    #[test]
    fn initialisms_and_possessives() {
        // seed 001: "U.S. Secretary of State Antony Blinken met ... in Washington, D.C., Monday"
        assert_eq!(
            feats("U.S. Secretary met in Washington, D.C., Monday"),
            ["us", "secretary", "met", "in", "washington", "dc", "monday"]
        );
        // seed 000: "Israel’s military said"
        assert_eq!(feats("Israel’s military"), ["israel", "military"]);
    }

    #[test]
    fn url_starts_are_found_in_any_case() {
        // The four prefixes compared in full, as before the two-byte gate.
        let reference = |text: &str| {
            let b = text.as_bytes();
            let starts = |p: &[u8]| b.len() >= p.len() && b[..p.len()].eq_ignore_ascii_case(p);
            (starts(b"http://")
                || starts(b"https://")
                || starts(b"www.")
                || starts(b"pic.twitter.com"))
            .then(|| text.find(char::is_whitespace).unwrap_or(text.len()))
        };
        let mut texts: Vec<String> = Vec::new();
        for p in [
            "http://",
            "https://",
            "www.",
            "pic.twitter.com",
            "hp",
            "wx",
            "pc",
            "h",
            "p",
        ] {
            for mask in 0..1u32 << p.len().min(8) {
                let cased: String = p
                    .chars()
                    .enumerate()
                    .map(|(k, c)| {
                        if mask >> k & 1 == 1 {
                            c.to_ascii_uppercase()
                        } else {
                            c
                        }
                    })
                    .collect();
                texts.push(format!("{cased}x.org/a b"));
                texts.push(cased);
            }
        }
        texts.extend(crate::io::data::corpus_texts());
        for t in &texts {
            for (i, _) in t.char_indices() {
                assert_eq!(
                    url_end(t, i),
                    reference(&t[i..]).map(|n| i + n),
                    "{t:?} at {i}"
                );
            }
        }
    }

    #[test]
    fn urls_handles_and_hashtags() {
        // seed 003: an embedded post
        let f = feats(
            "can’t be ignored #Israel #USA https://t.co/FE2s6OnqTh pic.twitter.com/8Jfne6aAC9",
        );
        assert_eq!(
            f,
            [
                "can't",
                "NOT_be",
                "NOT_ignored",
                "NOT_israel",
                "NOT_usa",
                "NOT_<url>",
                "NOT_<url>"
            ]
        );
        assert_eq!(
            feats("— Eli Dror (@edrormba) October 22, 2024")[2],
            "<user>"
        );
    }

    #[test]
    fn negation_scope_runs_to_punctuation() {
        // seed 003: "an act of defiance that cannot go unpunished," Netanyahu told Blinken
        assert_eq!(
            feats("defiance that cannot go unpunished, Netanyahu told Blinken"),
            [
                "defiance",
                "that",
                "cannot",
                "NOT_go",
                "NOT_unpunished",
                "netanyahu",
                "told",
                "blinken"
            ]
        );
        assert_eq!(
            feats("Hamas has flatly refused to accept any deal"),
            [
                "hamas",
                "has",
                "flatly",
                "refused",
                "to",
                "NOT_accept",
                "NOT_any",
                "NOT_deal"
            ]
        );
        assert_eq!(
            feats("did not mention the dispute but talks went on"),
            [
                "did",
                "not",
                "NOT_mention",
                "NOT_the",
                "NOT_dispute",
                "but",
                "talks",
                "went",
                "on"
            ]
        );
        // "refused" without "to" is not a cue.
        assert_eq!(feats("refused entry")[1], "entry");
    }

    #[test]
    fn offsets_point_into_the_sentence() {
        let s = "Gallant “emphasized” the U.S. role";
        for t in Tokenizer::new().tokenize(s) {
            assert!(s.is_char_boundary(t.start) && s.is_char_boundary(t.end));
            assert!(t.start < t.end);
        }
        let toks = Tokenizer::new().tokenize(s);
        assert_eq!(&s[toks[3].start..toks[3].end], "U.S.");
    }

    #[test]
    fn empty_and_symbol_only_input() {
        assert!(feats("").is_empty());
        assert!(feats(" — … !! ").is_empty());
    }
}
