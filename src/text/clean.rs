//! Typography normalisation shared by the splitter and the tokenizer.
//!
//! Scraped news mixes curly and straight quotes, several dashes and
//! non-breaking spaces. Both the splitter and the tokenizer compare
//! characters against small sets, so they ask here instead of listing every
//! variant themselves.

/// Opening or closing quotation marks, straight or typographic.
pub fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}' | '\u{00AB}' | '\u{00BB}'
    )
}

/// Apostrophes that may sit inside a word ("don't", "Israel’s").
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

/// Hyphens that join a compound word ("de-escalation", "cease-fire").
/// En and em dashes are not joiners: they separate clauses.
pub fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Dashes that separate clauses ("— Name (@handle)").
pub const fn is_dash(c: char) -> bool {
    matches!(c, '\u{2013}' | '\u{2014}' | '\u{2015}')
}

/// Characters that close a clause and so end a negation scope.
pub const fn ends_clause(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | '(' | ')' | '[' | ']' | '\u{2026}'
    ) || is_dash(c)
}

/// Characters that may close a sentence before its final quote or bracket.
pub fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '\u{2026}')
}

/// Characters that may follow a terminal mark and still belong to the sentence.
pub fn is_closer(c: char) -> bool {
    is_quote(c) || matches!(c, ')' | ']')
}

/// Collapse runs of whitespace (including non-breaking spaces and newlines)
/// into single spaces and trim the ends, for printing a sentence on one line.
pub fn squash_whitespace(s: &str) -> String {
    // Fast path: ASCII with single spaces only, nothing to squash.
    if is_single_spaced_ascii(s.as_bytes()) {
        return s.to_string();
    }
    squash_general(s)
}

/// True when `b` is ASCII whose only whitespace is single spaces between
/// other bytes: what [`squash_whitespace`] leaves unchanged. `\t..=\r` is
/// the ASCII whitespace besides the space (with 0x0B, vertical tab, which
/// is whitespace to `char` but not to `u8`). One branch-free pass over
/// each byte and the next, which the compiler vectorises (a byte loop that
/// stopped early, a substring search for two spaces, and three separate
/// passes were all slower on sentences, which nearly always pass).
pub(crate) fn is_single_spaced_ascii(b: &[u8]) -> bool {
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
        return true;
    };
    // A byte is bad when it is not ASCII or is `\t..=\r`.
    let bad = |c: u8| (c & 0x80) | u8::from(c.wrapping_sub(b'\t') < 5);
    let any = b[..b.len() - 1]
        .iter()
        .zip(&b[1..])
        .fold(bad(last), |any, (&c, &d)| {
            any | bad(c) | u8::from((c == b' ') & (d == b' '))
        });
    any == 0 && first != b' ' && last != b' '
}

/// The three-pass form of [`is_single_spaced_ascii`] (for tests).
#[cfg(test)]
fn is_single_spaced_ascii_slow(b: &[u8]) -> bool {
    b.is_ascii()
        && !b.iter().any(|c| matches!(c, b'\t'..=b'\r'))
        && !b.windows(2).any(|w| w == b"  ")
        && b.first() != Some(&b' ')
        && b.last() != Some(&b' ')
}

/// [`squash_whitespace`] without the fast path.
fn squash_general(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_spaced_check_agrees_with_the_plain_one() {
        // Every string of up to three bytes from the bytes that matter,
        // then the corpus.
        let alphabet = [
            b'a', b' ', b'\t', b'\n', b'\r', 0x0b, 0x0c, 0x08, 0x0e, 0x7f, 0x80, 0xc3,
        ];
        let mut cases: Vec<Vec<u8>> = vec![Vec::new()];
        for len in 1..=3 {
            let mut idx = vec![0usize; len];
            loop {
                cases.push(idx.iter().map(|&i| alphabet[i]).collect());
                let mut k = 0;
                while k < len && idx[k] == alphabet.len() - 1 {
                    idx[k] = 0;
                    k += 1;
                }
                if k == len {
                    break;
                }
                idx[k] += 1;
            }
        }
        for t in crate::io::data::corpus_texts() {
            cases.push(t.clone().into_bytes());
            cases.push(format!("{t}  x").into_bytes());
            cases.push(format!(" {t}").into_bytes());
            cases.push(t.replace(' ', "\t").into_bytes());
        }
        for c in &cases {
            assert_eq!(
                is_single_spaced_ascii(c),
                is_single_spaced_ascii_slow(c),
                "{c:?}"
            );
        }
    }

    #[test]
    fn squash_fast_path_agrees_with_the_general_one() {
        let mut texts = crate::io::data::corpus_texts();
        texts.extend(
            [
                "",
                " ",
                "a",
                " a",
                "a ",
                "a  b",
                "a b",
                "a\tb",
                "a\x0bb",
                "a\x0cb",
                "a\rb",
                "a\nb",
                "a\x08b",
                "a\x0eb",
                "caf\u{e9}",
                "a\u{a0}b",
            ]
            .map(str::to_string),
        );
        for t in &texts {
            assert_eq!(squash_whitespace(t), squash_general(t), "{t:?}");
        }
    }

    #[test]
    fn squash_joins_lines_and_nbsp() {
        assert_eq!(squash_whitespace("  a\u{a0}\u{a0}b\n c  "), "a b c");
        assert_eq!(squash_whitespace(""), "");
    }

    #[test]
    fn dashes_are_not_hyphens() {
        assert!(is_hyphen('-'));
        assert!(!is_hyphen('\u{2014}'));
        assert!(ends_clause('\u{2014}'));
    }
}
