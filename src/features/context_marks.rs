//! Where a token sits in its sentence: inside a quotation, in a
//! subordinate clause, or in speech reported by someone. A marked token
//! gives one more feature, its own prefixed by the mark (`q:attack`,
//! `s:attack`, `r:attack`), so the model can weigh a word differently when
//! a speaker is quoted, when it is background in a subordinate clause, or
//! when it is a claim attributed to someone rather than narration.
//!
//! Rules (plain heuristics over the sentence's words and the characters
//! between them):
//! - quote: between `"` pairs, or `“` … `”`, `«` … `»`;
//! - subordinate: after a subordinator ("although", "while", "because",
//!   "which", "amid", …) up to the next clause punctuation;
//! - reported: after a speech verb ("said", "told", "according to", …) to
//!   the end of the sentence; and everything before a short closing
//!   attribution ("…, the ministry said.").

use crate::text::clean::ends_clause;

/// Mark bits, as returned by [`marks`].
pub const QUOTE: u8 = 1;
pub const SUBORDINATE: u8 = 2;
pub const REPORTED: u8 = 4;

/// Prefix of the feature a mark adds.
pub fn prefix(mark: u8) -> &'static str {
    match mark {
        QUOTE => "q:",
        SUBORDINATE => "s:",
        _ => "r:",
    }
}

/// One word of the sentence: its normalised form and byte span.
#[derive(Debug, Clone, Copy)]
pub struct Spot<'a> {
    pub word: &'a str,
    pub start: usize,
    pub end: usize,
}

fn is_subordinator(word: &str) -> bool {
    matches!(
        word,
        "although"
            | "though"
            | "while"
            | "whereas"
            | "despite"
            | "because"
            | "since"
            | "after"
            | "before"
            | "when"
            | "unless"
            | "if"
            | "which"
            | "who"
            | "whom"
            | "whose"
            | "amid"
    )
}

fn is_speech_verb(word: &str) -> bool {
    matches!(
        word,
        "said"
            | "says"
            | "say"
            | "saying"
            | "told"
            | "tells"
            | "added"
            | "adds"
            | "stated"
            | "states"
            | "according"
            | "quoted"
            | "claimed"
            | "claims"
            | "insisted"
            | "insists"
    )
}

/// Longest closing attribution ("the foreign ministry spokesman said")
/// whose clause counts as the speaker of what precedes it.
const ATTRIBUTION_WORDS: usize = 6;

/// The marks (`QUOTE | SUBORDINATE | REPORTED` bits) of each spot of
/// `text`, in `out`.
pub fn marks(text: &str, spots: &[Spot], out: &mut Vec<u8>) {
    out.clear();
    let (mut in_quote, mut in_sub, mut reported) = (false, false, false);
    let mut prev_end = 0;
    // Index of the first word of the current clause.
    let mut clause_start = 0;
    let mut last_break = None;
    for (i, s) in spots.iter().enumerate() {
        let gap = text.get(prev_end..s.start).unwrap_or("");
        for c in gap.chars() {
            match c {
                '"' => in_quote = !in_quote,
                '\u{201C}' | '\u{00AB}' => in_quote = true,
                '\u{201D}' | '\u{00BB}' => in_quote = false,
                _ => {}
            }
            if ends_clause(c) && i > clause_start {
                in_sub = false;
                clause_start = i;
                last_break = Some(i);
            }
        }
        let mut m = 0;
        if in_quote {
            m |= QUOTE;
        }
        if in_sub {
            m |= SUBORDINATE;
        }
        if reported {
            m |= REPORTED;
        }
        out.push(m);
        in_sub |= is_subordinator(s.word);
        reported |= is_speech_verb(s.word);
        prev_end = s.end;
    }
    // "…, the ministry said.": what precedes a short last clause holding a
    // speech verb is reported.
    if let Some(at) = last_break {
        let tail = &spots[at..];
        if tail.len() <= ATTRIBUTION_WORDS && tail.iter().any(|s| is_speech_verb(s.word)) {
            out[..at].iter_mut().for_each(|m| *m |= REPORTED);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Marks of each word of `text` (split on spaces, punctuation attached
    /// to words stripped from the spans).
    fn marked(text: &str) -> Vec<(String, u8)> {
        let mut spots = Vec::new();
        let mut at = 0;
        for piece in text.split(' ') {
            let word = piece.trim_matches(|c: char| !c.is_alphanumeric());
            if !word.is_empty() {
                let start = at + piece.find(word).unwrap();
                spots.push(Spot {
                    word,
                    start,
                    end: start + word.len(),
                });
            }
            at += piece.len() + 1;
        }
        let mut out = Vec::new();
        marks(text, &spots, &mut out);
        spots.iter().map(|s| s.word.to_string()).zip(out).collect()
    }

    fn mark_of(text: &str, word: &str) -> u8 {
        marked(text)
            .into_iter()
            .find(|(w, _)| w == word)
            .map(|(_, m)| m)
            .unwrap()
    }

    #[test]
    fn quotes_subordinate_clauses_and_reports_are_marked() {
        let t = "He said \"we will strike\" although talks go on, and troops moved";
        assert_eq!(mark_of(t, "He"), 0);
        assert_eq!(mark_of(t, "strike"), QUOTE | REPORTED);
        assert_eq!(mark_of(t, "talks"), SUBORDINATE | REPORTED);
        assert_eq!(mark_of(t, "troops"), REPORTED);
        let t = "Troops will attack the port, the army chief said.";
        assert_eq!(mark_of(t, "attack"), REPORTED);
        assert_eq!(mark_of(t, "chief"), 0);
        let t = "Troops attacked the port, and the ministry has said nothing since then about it.";
        assert_eq!(mark_of(t, "attacked"), 0);
        let t = "\u{201C}No truce,\u{201D} he said";
        assert_eq!(mark_of(t, "truce"), QUOTE | REPORTED);
        assert_eq!(mark_of(t, "he"), 0);
    }
}
