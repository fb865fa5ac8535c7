//! Property tests of the text stage on arbitrary Unicode: the tokenizer,
//! sentence splitter, HTML cleaner, boilerplate classifier and speaker
//! finder never panic; token and sentence offsets are char boundaries, in
//! order, non-overlapping and within the input; a sentence's text is the
//! whitespace-squashed slice it points to.
//!
//! Inputs mix three sources: any Unicode string, news-like fragments that
//! hit the rules (abbreviations, quotes, dashes, URLs, negation, speech
//! verbs, bylines), and HTML fragments. Case counts are kept moderate so
//! the suite stays fast in debug builds; raise them locally with
//! `PROPTEST_CASES=5000 cargo test test_properties`.

use proptest::prelude::*;
use rhetoric::annotate::speaker::SpeakerFinder;
use rhetoric::text::boilerplate::classify_article;
use rhetoric::text::clean::squash_whitespace;
use rhetoric::text::html::html_to_text;
use rhetoric::{SentenceSplitter, Tokenizer};

/// Pieces that exercise the splitter, tokenizer, boilerplate and speaker rules.
const FRAGMENTS: &[&str] = &[
    " ",
    "  ",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\t",
    "\u{a0}",
    "\u{2009}",
    "\u{200b}",
    "\u{feff}",
    "\u{2028}",
    "\u{85}",
    ".",
    "!",
    "?",
    "…",
    "...",
    ". . .",
    ",",
    ";",
    ":",
    "-",
    "--",
    "—",
    "–",
    "\"",
    "'",
    "“",
    "”",
    "‘",
    "’",
    "«",
    "»",
    "(",
    ")",
    "[",
    "]",
    "Mr.",
    "Lt. Gen.",
    "U.S.",
    "U.N.",
    "Jan.",
    "No.",
    "e.g.",
    "Charles Q. Brown",
    "The",
    "the",
    "But",
    "he",
    "She",
    "Officials",
    "said",
    "told",
    "warned that",
    "according to",
    "added",
    "he said.",
    "said Gallant.",
    "the State Department",
    "Israel’s",
    "didn't",
    "not",
    "never",
    "refused to",
    "but",
    "de-escalation",
    "cease-fire",
    "1,200",
    "3.5",
    "48-hour",
    "2024",
    "http://t.co/x.y",
    "https://example.com/a.b?c=d",
    "www.x.org",
    "pic.twitter.com/abc",
    "@handle",
    "#Gaza",
    "By Staff Reporter",
    "Reporting by Jane Doe; Editing by Joe",
    "Read more:",
    "Subscribe",
    "Sign up for our newsletter",
    "Photo: AP",
    "©2024 Bloomberg L.P.",
    "(Bloomberg) --",
    "— Name (@handle) January 9, 2024",
    "🚨JUST IN:",
    "e\u{301}",
    "ﬁ",
    "İ",
    "ß",
    "Σ",
    "ǅ",
    "ＡＢＣ",
    "٣",
    "𝟘",
    "\u{10ffff}",
    "\u{0}",
    "\u{7f}",
    "\u{1b}[31m",
    "a",
    "Z",
    "x",
];

const HTML_FRAGMENTS: &[&str] = &[
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    "<br>",
    "<br/>",
    "<h1>",
    "</h1>",
    "<li>",
    "<td>",
    "<script>",
    "</script>",
    "<style>",
    "</style>",
    "<head>",
    "</head>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<pre>",
    "</pre>",
    "<svg>",
    "</svg>",
    "<blockquote class=\"twitter-tweet\">",
    "</blockquote>",
    "<a href=\"http://x.y\">",
    "</a>",
    "<",
    ">",
    "</",
    "/>",
    "<p class='a\"b'>",
    "<img alt=\"x\" src=y>",
    "&amp;",
    "&lt;",
    "&gt;",
    "&nbsp;",
    "&#8217;",
    "&#x1F600;",
    "&#99999999999;",
    "&#0;",
    "&#xD800;",
    "&#;",
    "&",
    "&notanentity;",
    "&amp",
    "<!DOCTYPE html>",
    "<?xml?>",
    "<title>",
    "</title>",
    "<noscript>",
    "<textarea>",
    "<P>",
    "<SCRIPT>",
    "=",
];

fn from_pieces(pieces: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(pieces).prop_map(str::to_string),
            1 => any::<String>(),
            1 => "[a-zA-Z]{1,8}",
        ],
        0..48,
    )
    .prop_map(|v| v.concat())
}

/// Any Unicode, news-like text, or a mix of both.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        from_pieces(FRAGMENTS),
        ".{0,200}", // any chars, long runs
    ]
}

fn html() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        from_pieces(HTML_FRAGMENTS),
        from_pieces(FRAGMENTS)
    ]
}

fn config() -> ProptestConfig {
    // PROPTEST_CASES overrides the default count (for long local runs).
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(512);
    ProptestConfig {
        cases,
        // Failures are kept as named tests below, not in a regressions file.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Offsets are char boundaries, non-empty, in order, non-overlapping and
/// inside `s`.
fn check_spans(s: &str, spans: &[(usize, usize)]) -> Result<(), TestCaseError> {
    let mut prev_end = 0;
    for &(start, end) in spans {
        prop_assert!(start < end, "empty or reversed span {start}..{end}");
        prop_assert!(
            end <= s.len(),
            "span {start}..{end} past the end ({})",
            s.len()
        );
        prop_assert!(
            s.is_char_boundary(start) && s.is_char_boundary(end),
            "span {start}..{end} not on char boundaries"
        );
        prop_assert!(
            start >= prev_end,
            "span {start}..{end} overlaps the one before (ends {prev_end})"
        );
        prev_end = end;
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn tokenizer_offsets_are_sound(s in text()) {
        let toks = Tokenizer::new().tokenize(&s);
        let spans: Vec<(usize, usize)> = toks.iter().map(|t| (t.start, t.end)).collect();
        check_spans(&s, &spans)?;
        for t in &toks {
            prop_assert!(!t.text.is_empty());
            prop_assert!(!t.text.chars().any(char::is_whitespace), "token {:?} has whitespace", t.text);
        }
    }

    #[test]
    fn splitter_offsets_and_texts_are_sound(s in text()) {
        let sents = SentenceSplitter::new().split(&s);
        let spans: Vec<(usize, usize)> = sents.iter().map(|x| (x.start, x.end)).collect();
        check_spans(&s, &spans)?;
        for x in &sents {
            prop_assert!(!x.text.is_empty());
            prop_assert_eq!(&x.text, &squash_whitespace(&s[x.start..x.end]));
        }
    }

    #[test]
    fn tokenizer_offsets_hold_on_every_sentence(s in text()) {
        for x in SentenceSplitter::new().split(&s) {
            let toks = Tokenizer::new().tokenize(&x.text);
            let spans: Vec<(usize, usize)> = toks.iter().map(|t| (t.start, t.end)).collect();
            check_spans(&x.text, &spans)?;
        }
    }

    #[test]
    fn html_to_text_never_panics(s in html()) {
        let text = html_to_text(&s);
        // The result feeds the splitter: it must hold up there too.
        let sents = SentenceSplitter::new().split(&text);
        let spans: Vec<(usize, usize)> = sents.iter().map(|x| (x.start, x.end)).collect();
        check_spans(&text, &spans)?;
    }

    #[test]
    fn boilerplate_and_speakers_never_panic(s in text(), raw in prop::collection::vec(text(), 0..6)) {
        let sents = SentenceSplitter::new().split(&s);
        let mut texts: Vec<&str> = sents.iter().map(|x| x.text.as_str()).collect();
        // Also raw strings that did not come through the splitter.
        texts.extend(raw.iter().map(String::as_str));
        let marks = classify_article(&texts);
        prop_assert_eq!(marks.len(), texts.len());
        let mut finder = SpeakerFinder::new();
        for t in &texts {
            if let Some(name) = finder.next(t) {
                prop_assert!(!name.trim().is_empty(), "empty speaker name for {:?}", t);
            }
        }
    }

    #[test]
    fn squash_whitespace_is_idempotent(s in text()) {
        let once = squash_whitespace(&s);
        prop_assert_eq!(&squash_whitespace(&once), &once);
        prop_assert!(!once.contains("  "));
    }

    /// Minimal failing input: "\u{b}" (vertical tab). The ASCII fast path
    /// uses `u8::is_ascii_whitespace`, which leaves out U+000B, while the
    /// slow path uses `char::is_whitespace`, which includes it; so "\u{b}"
    /// stays "\u{b}" (not trimmed) and "a\u{b}b" keeps its vertical tab.
    #[test]
    fn squash_whitespace_leaves_no_whitespace_but_single_spaces(s in text()) {
        let once = squash_whitespace(&s);
        prop_assert_eq!(once.trim(), once.as_str());
        prop_assert!(
            once.chars().all(|c| c == ' ' || !c.is_whitespace()),
            "whitespace other than a space left in {:?}",
            once
        );
    }
}
