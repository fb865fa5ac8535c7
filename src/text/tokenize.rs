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
//! - Negation: after a cue ("not", "no", "never", "without", any `n't`,
//!   "refused to", "failed to", …) every token up to the next clause
//!   punctuation or "but" is marked `negated`. Its feature form is
//!   `NOT_word`; uppercase cannot collide with the lowercase vocabulary.

use crate::text::clean::{ends_clause, is_apostrophe, is_hyphen};

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

impl Token {
    /// The string the featurizer counts: the text, prefixed by `NOT_` when
    /// the token is negated.
    pub fn feature(&self) -> String {
        if self.negated {
            format!("NOT_{}", self.text)
        } else {
            self.text.clone()
        }
    }
}

/// Single-word negation cues. Any token ending in `n't` is a cue as well.
const NEGATION_CUES: &[&str] = &[
    "not", "no", "never", "without", "cannot", "nor", "neither", "none", "nobody", "nothing",
    "nowhere", "hardly", "rarely",
];

/// Verbs that negate what follows when followed by "to" ("refused to").
const NEGATING_VERBS: &[&str] = &[
    "refuse",
    "refused",
    "refuses",
    "refusing",
    "fail",
    "failed",
    "fails",
    "failing",
    "declined",
    "declines",
    "decline",
    "declining",
];

/// Words that end a negation scope the way punctuation does.
const SCOPE_BREAKERS: &[&str] = &["but", "however", "yet", "although", "though", "while"];

/// Turns a sentence into [`Token`]s. Stateless; cheap to copy.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tokenizer;

impl Tokenizer {
    pub fn new() -> Self {
        Tokenizer
    }

    /// Tokenize `text`, marking negation scope.
    pub fn tokenize(&self, text: &str) -> Vec<Token> {
        let mut raw = Vec::new();
        scan(text, &mut raw);
        mark_negation(raw)
    }

    /// The feature strings of `text` (see [`Token::feature`]).
    pub fn features(&self, text: &str) -> Vec<String> {
        self.tokenize(text).iter().map(Token::feature).collect()
    }
}

/// A token before negation marking, or a clause break.
enum Piece {
    Word(Token),
    Break,
}

fn scan(text: &str, out: &mut Vec<Piece>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().expect("i is on a char boundary");
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        if let Some(end) = url_end(text, i) {
            out.push(word("<url>".to_string(), i, end));
            i = end;
            continue;
        }
        if c == '@' || c == '#' {
            let end = word_end(text, i + 1);
            if end > i + 1 {
                let body = &text[i + 1..end];
                let form = if c == '@' {
                    "<user>".to_string()
                } else {
                    normalise(body)
                };
                out.push(word(form, i, end));
                i = end;
                continue;
            }
        }
        if c.is_alphanumeric() {
            let end = word_end(text, i);
            out.push(word(normalise(&text[i..end]), i, end));
            i = end;
            continue;
        }
        if ends_clause(c) {
            out.push(Piece::Break);
        }
        i += c.len_utf8();
    }
    debug_assert!(i == bytes.len());
}

fn word(text: String, start: usize, end: usize) -> Piece {
    Piece::Word(Token {
        text,
        start,
        end,
        negated: false,
    })
}

/// If a URL starts at byte `i`, the byte where it ends (next whitespace).
fn url_end(text: &str, i: usize) -> Option<usize> {
    let rest = &text[i..];
    let lower_prefix: String = rest.chars().take(16).flat_map(char::to_lowercase).collect();
    let is_url = lower_prefix.starts_with("http://")
        || lower_prefix.starts_with("https://")
        || lower_prefix.starts_with("www.")
        || lower_prefix.starts_with("pic.twitter.com");
    if !is_url {
        return None;
    }
    let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
    Some(i + len)
}

/// End of the word starting at byte `start`: letters and digits, joined by
/// inner hyphens and apostrophes, and by `.`/`,` between digits or inside an
/// initialism such as `U.S.`.
fn word_end(text: &str, start: usize) -> usize {
    let chars: Vec<(usize, char)> = text[start..].char_indices().collect();
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

/// Lowercase, strip dots of initialisms and possessive `'s`, map numbers.
fn normalise(raw: &str) -> String {
    let mut s: String = raw
        .chars()
        .map(|c| if is_apostrophe(c) { '\'' } else { c })
        .flat_map(char::to_lowercase)
        .collect();
    if s.contains('.') && !s.chars().any(|c| c.is_ascii_digit()) {
        s.retain(|c| c != '.');
    }
    if let Some(stem) = s.strip_suffix("'s") {
        if !stem.is_empty() {
            s.truncate(stem.len());
        }
    }
    if s == "cease-fire" {
        return "ceasefire".to_string();
    }
    if s.chars().any(|c| c.is_ascii_digit()) {
        let numeric = s
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',');
        if numeric {
            return "<num>".to_string();
        }
        let mut out = String::with_capacity(s.len());
        let mut in_digits = false;
        for c in s.chars() {
            if c.is_ascii_digit() {
                if !in_digits {
                    out.push('0');
                }
                in_digits = true;
            } else {
                in_digits = false;
                out.push(c);
            }
        }
        return out;
    }
    s
}

fn is_cue(word: &str) -> bool {
    NEGATION_CUES.contains(&word) || word.ends_with("n't")
}

fn mark_negation(pieces: Vec<Piece>) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(pieces.len());
    let mut in_scope = false;
    let mut pending_verb = false; // saw "refused", waiting for "to"
    for piece in pieces {
        let mut tok = match piece {
            Piece::Break => {
                in_scope = false;
                pending_verb = false;
                continue;
            }
            Piece::Word(t) => t,
        };
        if SCOPE_BREAKERS.contains(&tok.text.as_str()) {
            in_scope = false;
            pending_verb = false;
            out.push(tok);
            continue;
        }
        tok.negated = in_scope;
        let starts_scope = is_cue(&tok.text) || (pending_verb && tok.text == "to");
        pending_verb = NEGATING_VERBS.contains(&tok.text.as_str());
        if starts_scope {
            in_scope = true;
        }
        out.push(tok);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
