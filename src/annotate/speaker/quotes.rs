//! Quotes that run over several sentences.
//!
//! The splitter cuts a long quote into sentences, and only one of them
//! carries the attribution:
//!
//! - "“I don't think there's tension. You can talk to friends,” she said."
//!   — the opening part has its speaker in the next sentence;
//! - "He added that "Israel prefers diplomacy. Still, we prepare."" — the
//!   rest of the quote has its speaker in the sentence before;
//! - "“…,” Gallant said. “We must stand together.”" — a whole quoted
//!   sentence right after an attributed quote continues it.
//!
//! The speaker finder sees one sentence; this pass gives such a sentence,
//! when it has no speaker of its own, the speaker of the quote it belongs to.

use super::DocumentSentence;

/// How far a quote left open may reach: an opening mark that is never
/// closed must not hand its speaker to the rest of the article.
const MAX_OPEN_SENTENCES: usize = 3;

/// The quote marks of one sentence, read with the state it starts in.
#[derive(Debug, Clone, Copy, Default)]
struct QuoteShape {
    /// The sentence starts inside a quote opened before it.
    starts_inside: bool,
    /// The sentence's first character opens a quote.
    opens_at_start: bool,
    /// A quote is open at the end of the sentence.
    open_at_end: bool,
    /// The sentence has a quote mark of any kind.
    has_quote: bool,
    /// The sentence, apart from closing punctuation, ends a quote.
    closes_at_end: bool,
}

fn shape(text: &str, open_before: bool) -> QuoteShape {
    let text = text.trim();
    let mut open = open_before;
    let mut starts_inside = open_before;
    let mut has_quote = false;
    for c in text.chars() {
        match c {
            '\u{201c}' => open = true,
            '\u{201d}' => {
                // A closing mark first: the quote began before this sentence.
                starts_inside |= !has_quote;
                open = false;
            }
            '"' => open = !open,
            _ => continue,
        }
        has_quote = true;
    }
    let closes_at_end = text
        .trim_end_matches(['.', '!', '?'])
        .ends_with(['\u{201d}', '"']);
    QuoteShape {
        starts_inside,
        opens_at_start: text.starts_with(['\u{201c}', '"']),
        open_at_end: open,
        has_quote,
        closes_at_end: closes_at_end && !open,
    }
}

/// Gives the unattributed parts of a multi-sentence quote their speaker.
pub(super) fn continue_quotes(sentences: &mut [DocumentSentence]) {
    let mut shapes = Vec::with_capacity(sentences.len());
    let mut open_for = 0;
    for s in sentences.iter() {
        let carried = open_for > 0 && open_for <= MAX_OPEN_SENTENCES;
        let sh = shape(s.text, carried);
        open_for = if sh.open_at_end { open_for + 1 } else { 0 };
        shapes.push(sh);
    }
    // The opening part of a quote attributed further on: read backwards so
    // that a quote of three sentences takes its speaker from the third.
    for i in (0..sentences.len().saturating_sub(1)).rev() {
        let (here, next) = (&shapes[i], &shapes[i + 1]);
        if sentences[i].actor.is_none()
            && sentences[i].attributable
            && here.open_at_end
            && (here.opens_at_start || here.starts_inside)
            && next.starts_inside
        {
            let actor = sentences[i + 1].actor.clone();
            *sentences[i].actor = actor;
        }
    }
    for i in 1..sentences.len() {
        let (before, here) = (&shapes[i - 1], &shapes[i]);
        let continues =
            here.starts_inside || (here.opens_at_start && here.closes_at_end && before.has_quote);
        if sentences[i].actor.is_none() && sentences[i].attributable && continues {
            let actor = sentences[i - 1].actor.clone();
            *sentences[i].actor = actor;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attribute(doc: &[(&str, Option<&str>)]) -> Vec<Option<String>> {
        let mut actors: Vec<Option<String>> =
            doc.iter().map(|(_, a)| a.map(String::from)).collect();
        let mut sentences: Vec<DocumentSentence> = doc
            .iter()
            .zip(actors.iter_mut())
            .map(|((text, _), actor)| DocumentSentence {
                text,
                actor,
                attributable: true,
            })
            .collect();
        continue_quotes(&mut sentences);
        actors
    }

    #[test]
    fn the_opening_part_takes_the_speaker_of_the_closing_part() {
        let got = attribute(&[
            ("\u{201c}I don't think there is tension.", None),
            ("You can talk to friends,\u{201d} she said.", Some("Singh")),
        ]);
        assert_eq!(got[0].as_deref(), Some("Singh"));
    }

    #[test]
    fn the_rest_of_a_quote_takes_the_speaker_before_it() {
        let got = attribute(&[
            ("He added that \"Israel prefers diplomacy.", Some("Gallant")),
            ("Still, we prepare another way.\"", None),
            ("The talks ended on Monday.", None),
        ]);
        assert_eq!(got[1].as_deref(), Some("Gallant"));
        assert_eq!(got[2], None);
    }

    #[test]
    fn a_whole_quoted_sentence_continues_an_attributed_quote() {
        let got = attribute(&[
            (
                "\u{201c}The eyes are on us,\u{201d} Gallant said.",
                Some("Gallant"),
            ),
            ("\u{201c}We must stand together.\u{201d}", None),
            ("\u{201c}And we will.\u{201d}", None),
        ]);
        assert_eq!(got[1].as_deref(), Some("Gallant"));
        assert_eq!(got[2].as_deref(), Some("Gallant"));
    }

    #[test]
    fn no_quote_no_speaker_and_an_unclosed_quote_does_not_run_on() {
        let mut doc = vec![("Talks went on, \u{201c}a senior aide said.", Some("aide"))];
        doc.extend(std::iter::repeat_n(("Nothing else was said.", None), 6));
        let got = attribute(&doc);
        assert_eq!(got[1].as_deref(), Some("aide"));
        assert_eq!(got[6], None);
        let got = attribute(&[("The army said so.", Some("army")), ("It rained.", None)]);
        assert_eq!(got[1], None);
    }
}
