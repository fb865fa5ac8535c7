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
pub fn is_dash(c: char) -> bool {
    matches!(c, '\u{2013}' | '\u{2014}' | '\u{2015}')
}

/// Characters that close a clause and so end a negation scope.
pub fn ends_clause(c: char) -> bool {
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
/// is whitespace to `char` but not to `u8`). Each check is a branch-free
/// pass the compiler vectorises (a byte loop that stopped early, and a
/// substring search for two spaces, were slower on sentences, which nearly
/// always pass).
pub(crate) fn is_single_spaced_ascii(b: &[u8]) -> bool {
    b.is_ascii()
        && !b
            .iter()
            .fold(false, |any, &c| any | matches!(c, b'\t'..=b'\r'))
        && !b
            .iter()
            .zip(b.iter().skip(1))
            .fold(false, |any, (&c, &d)| any | (c == b' ' && d == b' '))
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
    fn squash_fast_path_agrees_with_the_general_one() {
        let mut texts = crate::data::corpus_texts();
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
