//! Lines of a page's text that are not prose: labels and names on their
//! own ("Follow", "Grace Liang", "Press release"), numbers and rules
//! ("2,418", "* * *"), and datelines, timestamps and bylines, often glued
//! together by inline markup ("By Rania Mansour in Tunis15 May 2025, 09:12
//! GMTUpdated 3 hours ago4 min read").
//!
//! A sentence has a verb; without a part-of-speech tagger the rules stand
//! in for that with what such lines are made of: too few words to say
//! anything, or, once the date and time words are taken out, a few names.

/// `text` without the lines that are labels, numbers or date lines.
pub(crate) fn drop_fragments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut headline = true;
    for line in text.lines() {
        let trimmed = line.trim();
        // The first line is the headline, which may be two words
        // ("Talks resume"); it is still checked for being a date line.
        let keep = trimmed.is_empty()
            || match std::mem::replace(&mut headline, false) {
                true => !is_date_line(trimmed),
                false => !is_fragment(trimmed),
            };
        if keep {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Fewer words than this is a label or a name, not a sentence.
const MIN_WORDS: usize = 3;

/// A date line keeps at most this many words besides its date, time and
/// byline words (an outlet, an author's name and role).
const MAX_NAME_WORDS: usize = 6;

fn is_fragment(line: &str) -> bool {
    if !line.chars().any(char::is_alphabetic) {
        return true;
    }
    // A short line that ends as a sentence does ("Talks failed.") is one.
    if line.split_whitespace().count() < MIN_WORDS && !ends_as_sentence(line) {
        return true;
    }
    let first = line.split_whitespace().next().unwrap_or("");
    if first.eq_ignore_ascii_case("advertisement") {
        return true;
    }
    is_date_line(line)
}

/// Whether `line` ends with a sentence's final mark, before any closing
/// quotes or brackets.
fn ends_as_sentence(line: &str) -> bool {
    line.trim_end_matches(['"', '\'', '”', '’', ')'])
        .ends_with(['.', '!', '?'])
}

/// Month and weekday names, clock and zone words, and the words around
/// them on a page's date line ("Updated 3 hours ago", "4 min read").
const DATE_WORDS: &[&str] = &[
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "april",
    "may",
    "jun",
    "june",
    "jul",
    "july",
    "aug",
    "august",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
    "mon",
    "monday",
    "tue",
    "tues",
    "tuesday",
    "wed",
    "wednesday",
    "thu",
    "thur",
    "thurs",
    "thursday",
    "fri",
    "friday",
    "sat",
    "saturday",
    "sun",
    "sunday",
    "am",
    "pm",
    "gmt",
    "utc",
    "bst",
    "cet",
    "cest",
    "est",
    "edt",
    "pst",
    "pdt",
    "ist",
    "et",
    "h",
    "m",
    "hr",
    "hrs",
    "min",
    "mins",
    "minute",
    "minutes",
    "hour",
    "hours",
    "day",
    "days",
    "ago",
    "today",
    "yesterday",
];

/// Words a date line has besides the date: who and what it dates.
const BYLINE_WORDS: &[&str] = &[
    "by",
    "updated",
    "published",
    "posted",
    "last",
    "read",
    "and",
    "in",
    "with",
    "key",
    "event",
];

fn is_date_line(line: &str) -> bool {
    if line.ends_with(['.', '!', '?']) {
        return false;
    }
    let words = line_words(line);
    let dated = words
        .iter()
        .filter(|w| w.chars().all(|c| c.is_ascii_digit()) || DATE_WORDS.contains(&w.as_str()))
        .count();
    let named = words
        .iter()
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .filter(|w| !DATE_WORDS.contains(&w.as_str()) && !BYLINE_WORDS.contains(&w.as_str()))
        .count();
    let marked = words.iter().any(|w| {
        matches!(
            w.as_str(),
            "updated" | "published" | "posted" | "ago" | "read"
        )
    });
    // A year alone may be a headline's ("sign 2025 grain deal"); with a
    // day or month beside it, it is a date.
    let full_date = dated >= 2 && has_year(&words);
    dated > 0 && named <= MAX_NAME_WORDS && (marked || full_date || dated >= named)
}

/// A four-digit year from 1900 to 2099 ("2025", not "2,418").
fn has_year(words: &[String]) -> bool {
    words.iter().any(|w| {
        w.len() == 4
            && (w.starts_with("19") || w.starts_with("20"))
            && w.bytes().all(|b| b.is_ascii_digit())
    })
}

/// The lowercase words of a line, cut at anything not a letter or digit,
/// between letters and digits ("Tunis15", "ago4") and at a capital after
/// a lowercase letter or closing an acronym ("GMTUpdated", "UpdatedUpdated").
fn line_words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in line.split(|c: char| !c.is_alphanumeric()) {
        let chars: Vec<char> = part.chars().collect();
        let mut start = 0;
        for i in 1..chars.len() {
            let (a, b) = (chars[i - 1], chars[i]);
            let hump = a.is_lowercase() && b.is_uppercase();
            let acronym_end = a.is_uppercase()
                && b.is_uppercase()
                && chars.get(i + 1).is_some_and(|c| c.is_lowercase());
            if hump || acronym_end || a.is_ascii_digit() != b.is_ascii_digit() {
                out.push(chars[start..i].iter().collect::<String>().to_lowercase());
                start = i;
            }
        }
        if start < chars.len() {
            out.push(chars[start..].iter().collect::<String>().to_lowercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_numbers_and_date_lines_are_dropped() {
        for line in [
            "Follow",
            "Grace Liang",
            "2,418",
            "* * *",
            "Published1 April 2025",
            "UpdatedUpdated 5 hours ago",
            "By Rania Mansour in Tunis15 May 2025, 09:12 GMTUpdated 3 hours ago4 min read",
            "June 2, 2025 · 6 min read",
            "somchai_bkk 2 hours ago",
            "Advertisement · Scroll to continue",
        ] {
            assert!(is_fragment(line), "{line}");
        }
    }

    #[test]
    fn sentences_and_headlines_stay() {
        for line in [
            "Talks resume on March 3",
            "Ceasefire comes into effect",
            "The truce took effect at midnight on Monday, 28 July 2025.",
            "Summary: what we know so far",
            "Rebels and the army agreed on 4 May to a 30-day truce",
            "Kyiv and Ankara sign 2025 grain deal",
        ] {
            assert!(!is_fragment(line), "{line}");
        }
        let text = "Headline of the story\n\nFollow\nThe body says so.\n";
        assert_eq!(
            drop_fragments(text),
            "Headline of the story\n\nThe body says so.\n"
        );
    }
}
