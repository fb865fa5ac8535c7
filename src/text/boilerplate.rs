//! Recognise the parts of a scraped news page that are not article text:
//! bylines, promos and paywall lines, photo and copyright credits, bare
//! links and embedded social-media posts. Per-article statistics should
//! leave these out, or a paywall footer counts as "neutral rhetoric".
//!
//! Precision matters more than recall: a sentence is boilerplate only when
//! it matches one of the patterns below, anchored at its start and usually
//! limited in length, so that an article sentence that merely *mentions*
//! reading, subscribing or photos ("Read the statement as a warning") is
//! left alone. Headline-like short lines are article text unless they match.
//!
//! Decisions worth knowing:
//! - A one-word section label such as "Analysis", "Opinion" or "Exclusive"
//!   is [`Boilerplate::Promo`]: it is page furniture, never prose.
//! - Edit notes ("This article was updated at 14:30 GMT", "Updated: …")
//!   are [`Boilerplate::Byline`]: metadata about the article, like its author.
//! - A dateline that opens a real sentence ("(Bloomberg) -- Israeli Defense
//!   Minister …") is article text; the dateline alone ("(Bloomberg) --") is a
//!   byline.
//! - Photo captions without a credit ("Blinken meets Netanyahu in Tel Aviv,
//!   Israel, Jan. 9 2024.") read like article sentences and are not caught.
//! - A short blurb right after a newsletter promo ("The stories that matter
//!   on money and politics …") is a promo, but only in
//!   [`classify_article`], which sees the line before it.
//!
//! Matching is plain string work on a folded copy of the sentence: curly
//! quotes become straight, every dash becomes `-`, non-breaking and other
//! spaces collapse to one space, zero-width characters go.

use crate::text::clean::is_single_spaced_ascii;

/// Why a sentence is not article text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Boilerplate {
    /// Who wrote or edited the piece and when: "By World Israel News Staff",
    /// "Reporting by …; Editing by …", a lone dateline "(Bloomberg) --",
    /// edit notes "This article was updated …".
    Byline,
    /// Page furniture and marketing: "Read more …", "Subscribe", "Sign up …",
    /// "Skip to main content", paywall and price lines, "Share this
    /// article", "Advertisement", links to other articles, section labels.
    Promo,
    /// Photo and source credits ("Photo: AP", "(Doron Kadosh)", "… /AFP via
    /// Getty Images") and copyright lines ("©2024 Bloomberg L.P.").
    Credit,
    /// A line that is only URL(s), maybe after a short label ("Source: https://…").
    Link,
    /// An embedded social post: its attribution line "— Name (@handle) date",
    /// its text, and lines with t.co / pic.twitter.com links.
    SocialPost,
}

impl Boilerplate {
    /// Short lowercase name for output: "byline", "promo", "credit", "link", "social-post".
    pub fn name(self) -> &'static str {
        match self {
            Boilerplate::Byline => "byline",
            Boilerplate::Promo => "promo",
            Boilerplate::Credit => "credit",
            Boilerplate::Link => "link",
            Boilerplate::SocialPost => "social-post",
        }
    }
}

/// Classify one sentence on its own (no context).
pub fn classify(sentence: &str) -> Option<Boilerplate> {
    classify_line(sentence, may_be_boilerplate)
}

/// [`classify`], running the rules only when `may_match` lets the line
/// through.
fn classify_line(line: &str, may_match: fn(&str) -> bool) -> Option<Boilerplate> {
    if may_match(line) {
        classify_folded(&Folded::new(line))
    } else {
        None
    }
}

/// False only when no rule of [`classify_folded`] can match `line`: a
/// plain single-spaced ASCII line (as the splitter's sentences nearly
/// always are) with none of the bytes, markers and openers the rules need.
/// Nearly every article sentence is such a line, and this test costs about
/// a quarter of preparing the line and running the rules on it, which were
/// 18% of a lean labeling run's instructions.
///
/// Rule by rule, what a match needs (each is a superset: word limits and
/// word-boundary conditions are left out):
/// - a link line: `/` or `www.`;
/// - a social post: `(@`, `/` (t.co links) or its opener;
/// - a byline: an opener (`by `, the byline and edit-note lists) or a
///   bracket (a lone dateline);
/// - a credit: `/` or `(` (agency and bracketed credits), an opener (the
///   credit list, `copyright`, `source:`), `getty images`, `shutterstock`,
///   `all rights reserved`, `AP Photo` or `EPA-EFE`;
/// - a promo: a short line (a section label), `$` (a price), or an opener
///   (the promo lists, `follow `, `read `).
///
/// Other lines (non-ASCII, other whitespace, a leading bracket or dash
/// that the rules skip) always go to the rules. `tests` check that this
/// never turns a match into `None` on the corpus and on lines made from
/// every phrase the rules know.
fn may_be_boilerplate(line: &str) -> bool {
    let b = line.as_bytes();
    let (Some(&first), Some(_)) = (b.first(), b.last()) else {
        return false; // empty: `classify_folded` gives None
    };
    // (A leading `(` is among the bytes `has_byte_or_marker` looks for.)
    if !is_single_spaced_ascii(b) || matches!(first, b'[' | b'-') {
        return true;
    }
    let label = line.trim_end_matches(['.', ':', '!', ' ']);
    if label.len() <= PROMO_LABEL_MAX {
        return true;
    }
    let mut head = [0u8; OPENER_MAX];
    let len = b.len().min(OPENER_MAX);
    head[..len].copy_from_slice(&b[..len]);
    head[..len].make_ascii_lowercase();
    // The first eight bytes (zero past the line's end) against each
    // opener's, then the whole opener only where they agree: a `memcmp`
    // call per opener that shares the line's first byte was 1% of a lean
    // run's instructions.
    let first8 = u64::from_le_bytes(head[..8].try_into().expect("8 bytes"));
    if openers_by_first_byte()[usize::from(head[0] & 0x7f)]
        .iter()
        .any(|o| first8 & o.mask == o.first8 && head[..len].starts_with(o.text.as_bytes()))
    {
        return true;
    }
    has_byte_or_marker(b)
}

/// Every opener a rule looks for at the start of a line (lowercase).
const OPENER_LISTS: &[&[&str]] = &[
    BYLINE_PREFIXES,
    EDIT_NOTE_PREFIXES,
    CREDIT_PREFIXES,
    PROMO_PREFIXES,
    PROMO_PREFIXES_NO_STOP,
    PROMO_PREFIXES_SIGNUP,
    &[
        // `is_by_name` and `is_read_headline` match "By "/"BY " and
        // "Read "/"READ " as written; these are their lowercase forms.
        "by ",
        "read ",
        POST_SHARED_BY,
        INSTAGRAM_EMBED,
        COPYRIGHT,
        SOURCE_LABEL,
        FOLLOW,
    ],
];

/// Openers of single rules, named so that the rule and
/// [`OPENER_LISTS`] share them.
const POST_SHARED_BY: &str = "a post shared by";
const INSTAGRAM_EMBED: &str = "view this post on instagram";
const COPYRIGHT: &str = "copyright";
const SOURCE_LABEL: &str = "source:";
const FOLLOW: &str = "follow ";

/// The longest of `lists`' strings, in bytes.
const fn longest(lists: &[&[&str]]) -> usize {
    let mut max = 0;
    let mut i = 0;
    while i < lists.len() {
        let mut j = 0;
        while j < lists[i].len() {
            if lists[i][j].len() > max {
                max = lists[i][j].len();
            }
            j += 1;
        }
        i += 1;
    }
    max
}

const OPENER_MAX: usize = longest(OPENER_LISTS);
/// (The opener test reads the first eight bytes of a line's head.)
const _: () = assert!(OPENER_MAX >= 8);
const PROMO_LABEL_MAX: usize = longest(&[PROMO_LABELS]);

/// [`OPENER_LISTS`] by first byte.
fn openers_by_first_byte() -> &'static [Vec<Opener>; 128] {
    static TABLE: std::sync::OnceLock<[Vec<Opener>; 128]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = std::array::from_fn(|_| Vec::new());
        for text in OPENER_LISTS.iter().flat_map(|list| list.iter()) {
            let mut first8 = [0u8; 8];
            let n = text.len().min(8);
            first8[..n].copy_from_slice(&text.as_bytes()[..n]);
            table[usize::from(text.as_bytes()[0] & 0x7f)].push(Opener {
                text,
                first8: u64::from_le_bytes(first8),
                mask: u64::MAX >> (8 * (8 - n)),
            });
        }
        table
    })
}

/// An opener with its first (up to) eight bytes as a word, and the mask
/// that keeps that many bytes of a word.
struct Opener {
    text: &'static str,
    first8: u64,
    mask: u64,
}

/// Markers a rule finds anywhere in a line, each with a three-byte piece
/// of it that [`has_byte_or_marker`] looks for first: where the piece
/// starts in the marker, and whether ASCII case is ignored (the rules find
/// these in the line's lowercase copy) or the marker is matched as written.
/// The pieces are rare in prose ("attack" has none of them), so a line is
/// nearly never compared with a marker at all.
const MARKERS: [(&str, usize, bool); 6] = [
    (WWW, 0, true),                 // "www"
    (GETTY_IMAGES, 2, true),        // "tty"
    (SHUTTERSTOCK, 1, true),        // "hut"
    (ALL_RIGHTS_RESERVED, 7, true), // "hts"
    (AP_PHOTO, 1, false),           // "P P"
    (EPA_EFE, 2, false),            // "A-E"
];

/// The markers, named so that [`MARKERS`] and the rules share them.
const WWW: &str = "www.";
const GETTY_IMAGES: &str = "getty images";
const SHUTTERSTOCK: &str = "shutterstock";
const ALL_RIGHTS_RESERVED: &str = "all rights reserved";
const AP_PHOTO: &str = "AP Photo";
const EPA_EFE: &str = "EPA-EFE";

/// Bytes a rule needs anywhere in a line: a link's `/`, an agency or
/// bracketed credit's `(`, a price's `$`.
const RULE_BYTES: [u8; 3] = [b'/', b'(', b'$'];

/// Whether the ASCII line `b` holds one of [`RULE_BYTES`] or [`MARKERS`]
/// (case ignored where the marker says so). One pass over the line, 32
/// positions at a time: each position is compared with the rule bytes and
/// each marker's piece, and only a position where a piece is found is
/// compared with its whole marker. It replaced a `memchr3` for the bytes,
/// a lowercase copy of the line and six `memmem` searches.
fn has_byte_or_marker(b: &[u8]) -> bool {
    scan(b, positions)
}

/// Walks `b` in steps of `W - 2` positions: `positions` gets the `W`
/// bytes from a step's start (zero-padded past the end of `b`: no rule
/// byte or piece holds a zero byte, or a space, which is a zero with bit
/// 0x20) and gives a bit per position holding a rule byte, and a bit per
/// position where a marker's piece may start (a superset: case is ignored
/// by setting bit 0x20, which also maps a few non-letters onto others).
#[inline(always)]
fn scan<const W: usize>(b: &[u8], positions: impl Fn(&[u8; W]) -> (u32, u32)) -> bool {
    let mut at = 0;
    while at < b.len() {
        let (bytes, mut pieces) = match b.get(at..at + W) {
            Some(window) => positions(window.try_into().expect("W bytes")),
            None => {
                let mut window = [0u8; W];
                window[..b.len() - at].copy_from_slice(&b[at..]);
                positions(&window)
            }
        };
        if bytes != 0 {
            return true;
        }
        while pieces != 0 {
            let pos = at + pieces.trailing_zeros() as usize;
            pieces &= pieces - 1;
            if marker_at_piece(b, pos) {
                return true;
            }
        }
        at += W - 2;
    }
    false
}

/// Whether a marker whose piece starts at `pos` of `b` is there whole.
fn marker_at_piece(b: &[u8], pos: usize) -> bool {
    MARKERS.iter().any(|&(marker, offset, any_case)| {
        let Some(found) = pos
            .checked_sub(offset)
            .and_then(|s| b.get(s..s + marker.len()))
        else {
            return false;
        };
        if any_case {
            found.eq_ignore_ascii_case(marker.as_bytes())
        } else {
            found == marker.as_bytes()
        }
    })
}

/// The positions of [`scan`] for the 32 positions of `w`. Every position
/// is compared without a branch, into a byte per position, which lets the
/// compiler compare many positions per vector instruction (about as fast
/// as hand-written AVX2, without `unsafe`); the bytes are then packed into
/// bits eight at a time.
#[inline(always)]
fn positions(w: &[u8; 34]) -> (u32, u32) {
    let mut bytes = [0u8; 32];
    let mut pieces = [0u8; 32];
    for i in 0..32 {
        let raw = [w[i], w[i + 1], w[i + 2]];
        let folded = raw.map(|c| c | 0x20);
        bytes[i] = RULE_BYTES
            .iter()
            .fold(0, |found, &c| found | u8::from(raw[0] == c));
        pieces[i] = MARKERS
            .iter()
            .fold(0, |found, &(marker, offset, any_case)| {
                let v = if any_case { &folded } else { &raw };
                let piece = &marker.as_bytes()[offset..offset + 3];
                found
                    | (u8::from(v[0] == piece[0])
                        & u8::from(v[1] == piece[1])
                        & u8::from(v[2] == piece[2]))
            });
    }
    (bits_of(&bytes), bits_of(&pieces))
}

/// Bit `i` set where `lanes[i]` (each 0 or 1) is 1: a multiplication
/// gathers the low bits of eight lanes into the top byte of a word.
#[inline(always)]
fn bits_of(lanes: &[u8; 32]) -> u32 {
    lanes
        .chunks_exact(8)
        .enumerate()
        .fold(0, |out, (k, eight)| {
            let x = u64::from_le_bytes(eight.try_into().expect("8 lanes"));
            out | (((x.wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32) << (8 * k))
        })
}

/// Classify every sentence of one article, in order. Uses context: the
/// sentence(s) immediately before a social-post attribution line ("— Name (@handle) date")
/// that belong to the same embedded post are SocialPost too (an embedded post is typically
/// one line of post text, then the attribution line; the post text line often contains
/// t.co / pic.twitter.com links or hashtags or starts with an emoji such as "🚨JUST IN:").
/// Be conservative: only the post text directly preceding the attribution, not article sentences.
pub fn classify_article(sentences: &[&str]) -> Vec<Option<Boilerplate>> {
    classify_lines(sentences, may_be_boilerplate)
}

/// [`classify_article`], running the rules on the lines `may_match` lets
/// through (the others are article text).
fn classify_lines(sentences: &[&str], may_match: fn(&str) -> bool) -> Vec<Option<Boilerplate>> {
    if let [only] = sentences {
        // The context rules below only look at other lines (a CSV row is
        // one line, usually).
        return vec![classify_line(only, may_match)];
    }
    let lines = Lines::new(sentences);
    let may: Vec<bool> = sentences.iter().map(|s| may_match(s)).collect();
    let mut out: Vec<Option<Boilerplate>> = (0..lines.len())
        .map(|i| {
            if may[i] {
                classify_folded(lines.get(i))
            } else {
                None
            }
        })
        .collect();
    for (i, &may) in may.iter().enumerate() {
        // (An attribution line is one `may_be_boilerplate` lets through.)
        if may && is_post_attribution(lines.get(i)) {
            mark_post_text_before(i, &lines, &mut out);
        }
    }
    for i in 1..lines.len() {
        if out[i].is_none()
            && out[i - 1] == Some(Boilerplate::Promo)
            && lines.get(i - 1).lower_has("newsletter")
            && is_blurb(lines.get(i))
        {
            out[i] = Some(Boilerplate::Promo);
        }
    }
    out
}

/// An article's sentences, each prepared for matching ([`Folded`]) only
/// when a rule looks at it.
struct Lines<'a> {
    raw: &'a [&'a str],
    folded: Vec<std::cell::OnceCell<Folded<'a>>>,
}

impl<'a> Lines<'a> {
    fn new(raw: &'a [&'a str]) -> Self {
        let folded = (0..raw.len()).map(|_| std::cell::OnceCell::new()).collect();
        Lines { raw, folded }
    }

    fn len(&self) -> usize {
        self.raw.len()
    }

    fn get(&self, i: usize) -> &Folded<'a> {
        self.folded[i].get_or_init(|| Folded::new(self.raw[i]))
    }
}

/// A sentence prepared for matching: typography folded, whitespace collapsed.
struct Folded<'a> {
    /// Folded text with its original case (for capitalisation checks);
    /// borrowed when the sentence needed no folding.
    text: std::borrow::Cow<'a, str>,
    /// `text` lowercased (for phrase checks).
    lower: String,
    /// Number of space-separated words (asked for by many checks).
    word_count: usize,
    /// Bit `b` set when ASCII byte `b` occurs in `text` or `lower`. Most
    /// marker checks need a byte most sentences lack ('/', '@', '(', ...),
    /// and this skips their substring scans, which were most of the
    /// classifier's cost.
    bytes: u128,
}

/// The bytes of `s` as a bit set over 0..128; a non-ASCII byte sets the bit
/// of its low seven bits, which only makes `may_contain` say "maybe" more.
fn byte_set(s: &[u8]) -> u128 {
    s.iter().fold(0u128, |set, &b| set | (1u128 << (b & 0x7f)))
}

/// [`byte_set`] for a sentence, quicker on long texts: each byte's bit is
/// read from a table (a variable shift is several micro-operations on
/// x86-64 without BMI2), two bytes at a time into separate sets so the
/// two chains run side by side. (`byte_set` stays for the needles, which
/// the compiler folds to constants.)
fn text_byte_set(s: &[u8]) -> u128 {
    const BIT: [u128; 128] = {
        let mut t = [0u128; 128];
        let mut i = 0;
        while i < 128 {
            t[i] = 1 << i;
            i += 1;
        }
        t
    };
    let (mut even, mut odd) = (0u128, 0u128);
    let mut pairs = s.chunks_exact(2);
    for pair in &mut pairs {
        even |= BIT[usize::from(pair[0] & 0x7f)];
        odd |= BIT[usize::from(pair[1] & 0x7f)];
    }
    for &b in pairs.remainder() {
        even |= BIT[usize::from(b & 0x7f)];
    }
    even | odd
}

/// `byte_set` of `s` and of its ASCII-lowercased copy, from `byte_set(s)`.
fn with_lowercase(set: u128) -> u128 {
    let upper = (set >> b'A') & ((1u128 << 26) - 1);
    set | (upper << b'a')
}

impl<'a> Folded<'a> {
    fn new(raw: &'a str) -> Self {
        // Fast path: plain ASCII with single spaces needs no folding (the
        // splitter's sentences always are, when ASCII). Its checks are
        // vectorised passes: one loop doing them all byte by byte, with the
        // byte set, was 5% of a labeling run.
        let b = raw.as_bytes();
        if !b.is_empty() && is_single_spaced_ascii(b) {
            let lower = raw.to_ascii_lowercase();
            // Single spaces and no space at either end: words = spaces + 1.
            let spaces = b.iter().fold(0usize, |n, &c| n + usize::from(c == b' '));
            return Folded {
                text: std::borrow::Cow::Borrowed(raw),
                lower,
                word_count: spaces + 1,
                bytes: with_lowercase(text_byte_set(b)),
            };
        }
        Self::fold(raw)
    }

    /// [`new`](Self::new) without the fast path.
    fn fold(raw: &'a str) -> Self {
        let mut text = String::with_capacity(raw.len());
        let mut pending_space = false;
        for c in raw.chars() {
            if c.is_whitespace() {
                pending_space = !text.is_empty();
                continue;
            }
            let c = match c {
                // Zero-width characters and soft hyphens carry no text.
                '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => {
                    continue
                }
                '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => '\'',
                '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
                | '\u{00BB}' => '"',
                '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
                | '\u{2212}' | '\u{2E3A}' | '\u{2E3B}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => {
                    '-'
                }
                other => other,
            };
            if pending_space {
                text.push(' ');
                pending_space = false;
            }
            text.push(c);
        }
        let lower = text.to_lowercase();
        let word_count = text.split(' ').filter(|w| !w.is_empty()).count();
        let bytes = byte_set(text.as_bytes()) | byte_set(lower.as_bytes());
        Folded {
            text: std::borrow::Cow::Owned(text),
            lower,
            word_count,
            bytes,
        }
    }

    /// False when `needle` certainly does not occur in `text` or `lower`
    /// (one of its ASCII bytes is absent); true when it may.
    fn may_contain(&self, needle: &str) -> bool {
        let need = byte_set(needle.as_bytes());
        need & self.bytes == need
    }

    /// `lower.contains(needle)`, skipping the scan when a byte is missing.
    fn lower_has(&self, needle: &str) -> bool {
        self.may_contain(needle) && self.lower.contains(needle)
    }

    /// `text.contains(needle)`, skipping the scan when a byte is missing.
    fn text_has(&self, needle: &str) -> bool {
        self.may_contain(needle) && self.text.contains(needle)
    }

    fn words(&self) -> usize {
        self.word_count
    }
}

/// Longest promo, byline or credit line we accept; real article sentences
/// are usually longer, and real furniture is short.
const MAX_FURNITURE_WORDS: usize = 25;

/// Longest `By …` byline (names, agency, "and"), in words after "By".
const MAX_BYLINE_NAME_WORDS: usize = 8;

/// Longest text of an embedded post we attach to its attribution line, in
/// characters: a tweet is at most 280, plus room for links.
const MAX_POST_CHARS: usize = 320;

/// Longest newsletter blurb after a newsletter promo, in words.
const MAX_BLURB_WORDS: usize = 20;

fn classify_folded(line: &Folded<'_>) -> Option<Boilerplate> {
    if line.text.is_empty() {
        None
    } else if is_link_only(line) {
        Some(Boilerplate::Link)
    } else if is_social_post(line) {
        Some(Boilerplate::SocialPost)
    } else if is_byline(line) {
        Some(Boilerplate::Byline)
    } else if is_credit(line) {
        Some(Boilerplate::Credit)
    } else if is_promo(line) {
        Some(Boilerplate::Promo)
    } else {
        None
    }
}

// ---------------------------------------------------------------- helpers

/// True when `lower` starts with `phrase` as whole words: "subscribe" matches
/// "Subscribe now" but not "Subscribers said". Phrases ending in punctuation
/// ("read:") need no boundary after them.
fn starts_with_phrase(lower: &str, phrase: &str) -> bool {
    match lower.strip_prefix(phrase) {
        None => false,
        Some(rest) => {
            let phrase_ends_in_word = phrase.chars().last().is_some_and(char::is_alphanumeric);
            !phrase_ends_in_word || !rest.chars().next().is_some_and(char::is_alphanumeric)
        }
    }
}

fn starts_with_any(lower: &str, phrases: &[&str]) -> bool {
    // Comparing first bytes first skips nearly every phrase cheaply.
    let first = lower.as_bytes().first();
    phrases
        .iter()
        .any(|p| p.as_bytes().first() == first && starts_with_phrase(lower, p))
}

/// Quotes and brackets that may close a sentence after its final mark.
fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | ')' | ']')
}

/// True when the text ends like a prose sentence: `.`, `!` or `…`, maybe
/// followed by closing quotes or brackets. A `?` is allowed in headlines and
/// so does not count.
fn ends_like_prose(text: &str) -> bool {
    text.trim_end_matches(is_closer)
        .chars()
        .last()
        .is_some_and(|c| matches!(c, '.' | '!' | '\u{2026}'))
}

/// Strip an opening bracket and leading dashes: "(Reporting by …)",
/// "-- With assistance from …".
fn strip_lead(lower: &str) -> &str {
    lower.trim_start_matches(['(', '[', '-', ' '])
}

/// Lowercase words that may sit inside a name or an organisation.
const NAME_CONNECTORS: &[&str] = &[
    "and", "&", "of", "the", "for", "de", "da", "del", "della", "di", "al", "el", "bin", "ibn",
    "van", "von", "der", "le", "la", "du", "in", "at", "|", "-",
];

/// A word that can be part of a person's or organisation's name.
fn is_name_word(word: &str) -> bool {
    let core = word.trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '"' | '\''));
    if core.is_empty() {
        return true; // a stray comma or quote
    }
    if NAME_CONNECTORS.contains(&core) {
        return true;
    }
    // "al-Khalil" and "bin" style prefixes, then a capital.
    let first_letter = core.chars().find(|c| c.is_alphabetic());
    first_letter.is_some_and(|c| c.is_uppercase())
        || core
            .split_once('-')
            .is_some_and(|(pre, _)| NAME_CONNECTORS.contains(&pre))
}

// ------------------------------------------------------------------- links

/// A whitespace-free token that is a URL.
fn is_url(token: &str) -> bool {
    let t = token
        .trim_matches(|c: char| matches!(c, '<' | '>' | '(' | ')' | '[' | ']' | '"' | '\'' | ','));
    let lower = t.to_lowercase();
    let host_follows = |rest: &str| rest.contains('.') && rest.len() > 3;
    if let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    {
        return host_follows(rest);
    }
    if let Some(rest) = lower.strip_prefix(WWW) {
        return host_follows(rest);
    }
    lower.starts_with("t.co/") || lower.starts_with("pic.twitter.com/")
}

/// Split a token where a URL is glued to a word ("Hochstein.https://t.co/x")
/// into its word part and URL part.
fn split_glued_url(token: &str) -> (&str, &str) {
    let lower = token.to_ascii_lowercase();
    let at = ["https://", "http://", "pic.twitter.com/"]
        .iter()
        .filter_map(|p| lower.find(p))
        .min();
    match at {
        // `to_ascii_lowercase` keeps byte offsets, so `i` is a boundary in `token`.
        Some(i) if i > 0 && token.is_char_boundary(i) => token.split_at(i),
        _ => ("", token),
    }
}

/// Only URL(s), maybe after a short label that ends in a colon
/// ("Source: https://…", "Link: https://…").
fn is_link_only(line: &Folded<'_>) -> bool {
    // Most sentences hold no URL at all: skip the token walk for them. A
    // URL (`is_url`) has a `/` or starts with "www."; "/" is a byte test,
    // so most sentences take one substring scan here, not four.
    if !line.may_contain("/") && !line.lower_has(WWW) {
        return false;
    }
    let mut urls = 0;
    let mut label: Vec<&str> = Vec::new();
    for token in line.text.split(' ') {
        let (word, rest) = split_glued_url(token);
        if !word.is_empty() {
            label.push(word);
        }
        if is_url(rest) {
            urls += 1;
        } else if !rest.is_empty() {
            if urls > 0 {
                return false; // words after the URL: a sentence, not a link line
            }
            label.push(rest);
        }
    }
    let label: Vec<&str> = label
        .into_iter()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .collect();
    urls > 0 && (label.is_empty() || (label.len() <= 4 && label.concat().ends_with(':')))
}

// ------------------------------------------------------------ social posts

fn is_social_post(line: &Folded<'_>) -> bool {
    is_post_attribution(line)
        || (line.may_contain("t.co/") && has_twitter_link(&line.lower))
        || starts_with_phrase(&line.lower, INSTAGRAM_EMBED)
}

/// "t.co" short links and "pic.twitter.com" image links appear only in
/// embedded posts.
fn has_twitter_link(lower: &str) -> bool {
    lower.contains("pic.twitter.com/")
        || lower.contains("://t.co/")
        || lower.starts_with("t.co/")
        || lower.contains(" t.co/")
}

/// The line that closes an embedded post: "— Name (@handle) October 22, 2024",
/// or Instagram's "A post shared by Name (@handle)".
fn is_post_attribution(line: &Folded<'_>) -> bool {
    if starts_with_phrase(&line.lower, POST_SHARED_BY) {
        return true;
    }
    if !line.may_contain("(@)") {
        return false;
    }
    let starts_with_dash = line.text.starts_with('-');
    let body = line.text.trim_start_matches(['-', ' ']);
    let Some(open) = body.find("(@") else {
        return false;
    };
    let name = body[..open].trim();
    let after = &body[open + 2..];
    let Some(close) = after.find(')') else {
        return false;
    };
    let handle = &after[..close];
    let date = after[close + 1..].trim();
    let handle_ok = !handle.is_empty()
        && handle.len() <= 60
        && handle
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '@' | '-'));
    let name_words = name.split(' ').filter(|w| !w.is_empty()).count();
    let date_words = date.split(' ').filter(|w| !w.is_empty()).count();
    let has_year = date.chars().filter(char::is_ascii_digit).count() >= 4;
    let date_ok = date_words <= 6 && (date.is_empty() || has_date(date));
    // Without the leading dash, insist on a dated line so that a sentence
    // mentioning "(@handle)" is not taken for an attribution.
    handle_ok && (1..=8).contains(&name_words) && date_ok && (starts_with_dash || has_year)
}

const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn has_date(text: &str) -> bool {
    let lower = text.to_lowercase();
    lower.chars().any(|c| c.is_ascii_digit()) || MONTHS.iter().any(|m| lower.contains(m))
}

/// Signs that a line is the text of a post rather than of the article.
fn has_post_marker(line: &Folded<'_>) -> bool {
    let tagged = |t: &str, mark: char| {
        t.strip_prefix(mark)
            .and_then(|r| r.chars().next())
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
    };
    has_twitter_link(&line.lower)
        || line.text.chars().next().is_some_and(is_emoji)
        || line
            .text
            .split(' ')
            .any(|t| tagged(t, '#') || tagged(t, '@'))
}

/// Pictographs that open posts ("🚨JUST IN"); not a full emoji table, just
/// the blocks such posts use.
fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF)
}

/// Mark the text of the post whose attribution is at `attr`: the sentence
/// right before it, and earlier ones only while they carry post markers.
fn mark_post_text_before(attr: usize, lines: &Lines<'_>, out: &mut [Option<Boilerplate>]) {
    let mut budget = MAX_POST_CHARS;
    let mut first = true;
    for i in (0..attr).rev() {
        let line = lines.get(i);
        let already_post = out[i] == Some(Boilerplate::SocialPost);
        if is_post_attribution(line) || (out[i].is_some() && !already_post) {
            break; // the previous post, or other furniture
        }
        let len = line.text.chars().count();
        if !already_post && (len > budget || (!first && !has_post_marker(line))) {
            break;
        }
        out[i] = Some(Boilerplate::SocialPost);
        budget = budget.saturating_sub(len);
        first = false;
    }
}

// ----------------------------------------------------------------- bylines

/// Wire-service credit lines, anchored at the start.
const BYLINE_PREFIXES: &[&str] = &[
    "reporting by",
    "additional reporting by",
    "additional reporting from",
    "with additional reporting",
    "with reporting by",
    "with reporting from",
    "writing by",
    "written by",
    "editing by",
    "edited by",
    "compiled by",
    "with assistance from",
    "to contact the reporter",
    "to contact the reporters",
    "to contact the editor",
    "to contact the editors",
];

/// Notes about the article's own history.
const EDIT_NOTE_PREFIXES: &[&str] = &[
    "this article was updated",
    "this article has been updated",
    "this story was updated",
    "this story has been updated",
    "this article was amended",
    "this article has been amended",
    "this article was originally published",
    "this article originally appeared",
    "this story was originally published",
    "this story originally appeared",
    "updated:",
    "updated at",
    "updated on",
    "last updated",
    "published:",
    "published on",
    "first published",
];

fn is_byline(line: &Folded<'_>) -> bool {
    let lead = strip_lead(&line.lower);
    let words = line.words();
    if starts_with_any(lead, BYLINE_PREFIXES) {
        return words <= 2 * MAX_FURNITURE_WORDS;
    }
    if starts_with_any(&line.lower, EDIT_NOTE_PREFIXES) {
        return words <= MAX_FURNITURE_WORDS;
    }
    is_by_name(line) || is_lone_dateline(line)
}

/// "By World Israel News Staff", "By Jane Doe and John Roe, Reuters".
fn is_by_name(line: &Folded<'_>) -> bool {
    let Some(rest) = line
        .text
        .strip_prefix("By ")
        .or_else(|| line.text.strip_prefix("BY "))
    else {
        return false;
    };
    let names: Vec<&str> = rest.split(' ').filter(|w| !w.is_empty()).collect();
    if names.is_empty() || names.len() > MAX_BYLINE_NAME_WORDS {
        return false;
    }
    // "By Tuesday, the army had withdrawn." is prose; "By John Smith Jr." is not.
    let last = names[names.len() - 1];
    if last.ends_with(['!', '?']) || (last.ends_with('.') && last.chars().count() > 4) {
        return false;
    }
    names.iter().all(|w| is_name_word(w))
}

/// A dateline on its own: "(Bloomberg) --", "WASHINGTON (Reuters) -".
fn is_lone_dateline(line: &Folded<'_>) -> bool {
    let text = &line.text;
    if !text.ends_with('-') {
        return false;
    }
    let head = text.trim_end_matches(['-', ' ']);
    head.ends_with(')') && head.contains('(') && line.words() <= 6
}

// ----------------------------------------------------------------- credits

/// Photo and source credit lines, anchored (an opening bracket is skipped).
const CREDIT_PREFIXES: &[&str] = &[
    "photo:",
    "photos:",
    "photo by",
    "photos by",
    "photo credit",
    "photograph:",
    "photograph by",
    "photography:",
    "photography by",
    "image:",
    "images:",
    "image by",
    "image credit",
    "image source",
    "picture:",
    "pictures:",
    "credit:",
    "credits:",
    "illustration:",
    "illustration by",
    "file photo",
];

/// Credit markers anywhere in a caption, matched on the lowercase text.
const CREDIT_MARKERS_ANY_CASE: &[&str] = &[
    GETTY_IMAGES,
    SHUTTERSTOCK,
    "(photo by",
    "(photo:",
    "(photos:",
    "(image:",
    "(credit:",
    "(photo credit",
    "(file photo",
];

/// Agency credit markers, matched case-sensitively so that a
/// "Reuters/Ipsos poll" stays article text while "REUTERS/Amir Cohen" does not.
const CREDIT_MARKERS_EXACT_CASE: &[&str] = &["REUTERS/", "AFP/", "/AFP", AP_PHOTO, EPA_EFE];

/// Agencies that can stand alone in brackets as a source credit: "(AFP)".
const AGENCIES: &[&str] = &[
    "ap",
    "afp",
    "reuters",
    "bloomberg",
    "xinhua",
    "tass",
    "dpa",
    "upi",
    "efe",
    "ansa",
    "wafa",
    "irna",
    "anadolu",
    "jta",
    "tps",
];

fn is_credit(line: &Folded<'_>) -> bool {
    let words = line.words();
    is_copyright(line)
        || (words <= MAX_FURNITURE_WORDS
            && starts_with_any(strip_lead(&line.lower), CREDIT_PREFIXES))
        || (starts_with_phrase(&line.lower, SOURCE_LABEL) && words <= 8)
        || CREDIT_MARKERS_ANY_CASE.iter().any(|m| line.lower_has(m))
        || CREDIT_MARKERS_EXACT_CASE.iter().any(|m| line.text_has(m))
        || is_bracketed_name(line)
}

/// "©2024 Bloomberg L.P.", "Copyright 2024 …", "(c) 2024 …", "All rights reserved."
fn is_copyright(line: &Folded<'_>) -> bool {
    let lower = &line.lower;
    if lower.starts_with('\u{00A9}') {
        return true;
    }
    if line.words() <= MAX_FURNITURE_WORDS && line.lower_has(ALL_RIGHTS_RESERVED) {
        return true;
    }
    // "Copyright law …" is prose; a year or © after the word is not.
    let after = lower
        .strip_prefix(COPYRIGHT)
        .or_else(|| lower.strip_prefix("(c)"))
        .map(str::trim_start);
    after.is_some_and(|rest| {
        rest.is_empty()
            || rest.starts_with('\u{00A9}')
            || rest.starts_with("(c)")
            || rest.chars().next().is_some_and(|c| c.is_ascii_digit())
    })
}

/// A source credit standing alone in brackets: "(Doron Kadosh)", "(AFP)".
fn is_bracketed_name(line: &Folded<'_>) -> bool {
    let Some(inner) = line
        .text
        .strip_prefix('(')
        .and_then(|t| t.strip_suffix(')'))
    else {
        return false;
    };
    if inner.contains(['(', ')']) || inner.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let words: Vec<&str> = inner.split(' ').filter(|w| !w.is_empty()).collect();
    match words.len() {
        1 => AGENCIES.contains(&words[0].to_lowercase().as_str()),
        2..=5 => {
            !ends_like_prose(inner)
                && words[0].chars().next().is_some_and(char::is_uppercase)
                && words.iter().all(|w| is_name_word(w))
        }
        _ => false,
    }
}

// ------------------------------------------------------------------ promos

/// Section labels and buttons that make up a whole line on their own.
const PROMO_LABELS: &[&str] = &[
    "analysis",
    "opinion",
    "exclusive",
    "explainer",
    "commentary",
    "editorial",
    "breaking",
    "breaking news",
    "live",
    "live updates",
    "advertisement",
    "advertising",
    "sponsored",
    "sponsored content",
    "trending",
    "most read",
    "most popular",
    "related",
    "related articles",
    "related stories",
    "recommended",
    "read more",
    "subscribe",
    "subscribe now",
    "sign in",
    "log in",
    "register",
    "share",
    "print",
    "email",
    "comments",
    "menu",
    "search",
    "close",
];

/// Promo openers that hold whatever follows ("Read more: …", "Sign up for …").
const PROMO_PREFIXES: &[&str] = &[
    "read more",
    "read also",
    "also read",
    "read next",
    "read:",
    "read the full",
    "read the original",
    "read the rest of",
    "read the latest",
    "click here",
    "tap here",
    "see also",
    "related:",
    "recommended:",
    "most read from",
    "listen to this article",
    "follow us",
    "follow our",
    "like us on",
    "subscribe",
    "sign up",
    "join us on",
    "already a subscriber",
    "already have an account",
    "become a member",
    "become a subscriber",
    "support our journalism",
    "support independent journalism",
    "get unlimited access",
    "unlimited access",
    "get full access",
    "story continues below",
    "article continues below",
    "continue reading",
    "advertisement -",
    "advertisement:",
    "we use cookies",
    "bloomberg opinion",
    "more from bloomberg",
];

/// Openers that are promos only when the line is headline- or button-like,
/// without a closing full stop ("Skip to main content" but not a sentence
/// that happens to start "Skip to …").
const PROMO_PREFIXES_NO_STOP: &[&str] = &[
    "skip to",
    "jump to",
    "access the",
    "share this",
    "share on",
    "more from",
    "more on this",
    "watch:",
    "watch live",
    "listen:",
    "opinion:",
    "related coverage",
    "related content",
    "donate",
];

/// Openers that are promos only together with one of the words in
/// [`SIGNUP_WORDS`] ("Unlock the … newsletter for free").
const PROMO_PREFIXES_SIGNUP: &[&str] = &[
    "unlock",
    "join our",
    "get the latest",
    "get our",
    "download the",
    "download our",
    "register for",
    "register now",
];

const SIGNUP_WORDS: &[&str] = &[
    "newsletter",
    "for free",
    "free access",
    "subscri",
    "the app",
    "our app",
    "inbox",
    "alerts",
    "unlimited",
    "community",
    "readers",
    "members",
    "mailing list",
    "channel",
];

/// Social networks a "Follow X on …" promo points to.
const NETWORKS: &[&str] = &[
    "twitter",
    "x",
    "facebook",
    "instagram",
    "telegram",
    "whatsapp",
    "linkedin",
    "youtube",
    "tiktok",
    "threads",
    "google news",
];

fn is_promo(line: &Folded<'_>) -> bool {
    let lower = &line.lower;
    let words = line.words();
    let label = lower.trim_end_matches(['.', ':', '!', ' ']);
    if PROMO_LABELS.contains(&label) {
        return true;
    }
    if words > MAX_FURNITURE_WORDS {
        return false;
    }
    starts_with_any(lower, PROMO_PREFIXES)
        || (!ends_like_prose(&line.text) && starts_with_any(lower, PROMO_PREFIXES_NO_STOP))
        || (starts_with_any(lower, PROMO_PREFIXES_SIGNUP)
            && SIGNUP_WORDS.iter().any(|w| line.lower_has(w)))
        || is_follow_on_network(lower)
        || is_read_headline(line)
        || is_price_line(line)
}

/// "Follow Reuters on X", "Follow The Times of Israel on Telegram".
fn is_follow_on_network(lower: &str) -> bool {
    let Some(rest) = lower.strip_prefix(FOLLOW) else {
        return false;
    };
    rest.split(" on ")
        .skip(1)
        .any(|network| starts_with_any(network, NETWORKS))
        && rest.split(' ').count() <= 10
        && !ends_like_prose(lower)
}

/// "Read  White House enraged after Netanyahu publicly slams Biden …": a
/// link to another article, "Read" then a capitalised headline with no full
/// stop. "Read the statement as a warning" has a lowercase second word.
fn is_read_headline(line: &Folded<'_>) -> bool {
    let Some(rest) = line
        .text
        .strip_prefix("Read ")
        .or_else(|| line.text.strip_prefix("READ "))
    else {
        return false;
    };
    rest.chars().next().is_some_and(char::is_uppercase) && !ends_like_prose(rest)
}

/// Paywall prices: "Only $100 per year.", "$1 a week for 6 months".
fn is_price_line(line: &Folded<'_>) -> bool {
    let lower = &line.lower;
    // The cheap tests first: most lines have no currency sign (£ and €
    // are not ASCII, so the byte set cannot rule them out).
    let has_currency = || {
        (line.may_contain("$") || !lower.is_ascii())
            && lower.contains(['$', '\u{00A3}', '\u{20AC}'])
    };
    let opens_like_offer = || {
        ["only ", "just ", "from ", "$", "\u{00A3}", "\u{20AC}"]
            .iter()
            .any(|p| lower.starts_with(p))
    };
    let has_period = || {
        ["year", "month", "week", "annual", "/yr", "/mo"]
            .iter()
            .any(|p| lower.contains(p))
    };
    // "$3.8bn", "$5 million": budgets, not prices.
    let is_big_sum = || {
        lower.split(' ').any(|w| {
            let w = w.trim_matches(|c: char| matches!(c, '.' | ',' | ';' | ':'));
            let numeric =
                w.starts_with(|c: char| c.is_ascii_digit() || "$\u{00A3}\u{20AC}".contains(c));
            w.contains("illion") || (numeric && w.ends_with(['m', 'b', 'n', 'k']))
        })
    };
    line.words() <= 10 && has_currency() && opens_like_offer() && has_period() && !is_big_sum()
}

/// A short newsletter blurb: no full stop, no quotes, not long.
fn is_blurb(line: &Folded<'_>) -> bool {
    !ends_like_prose(&line.text) && !line.text.contains('"') && line.words() <= MAX_BLURB_WORDS
}

#[cfg(test)]
mod tests {
    use super::*;
    use Boilerplate::*;

    /// Lines made from every phrase and marker the rules know, in several
    /// cases and settings, and the corpus's sentences.
    fn lines_near_every_rule() -> Vec<String> {
        let mut phrases: Vec<String> = OPENER_LISTS
            .iter()
            .copied()
            .chain([
                PROMO_LABELS,
                CREDIT_MARKERS_ANY_CASE,
                CREDIT_MARKERS_EXACT_CASE,
                AGENCIES,
                NETWORKS,
                SIGNUP_WORDS,
                NAME_CONNECTORS,
                MONTHS,
            ])
            .flat_map(|list| list.iter().map(|p| p.to_string()))
            .collect();
        phrases.extend(
            [
                "www.example.com",
                "www.israelnationalnews.com",
                "Source: www.timesofisrael.com",
                "https://t.co/abc",
                "pic.twitter.com/xyz",
                "(@idf) October 22, 2024",
                "- Israel Defense Forces (@IDF) October 22, 2024",
                "all rights reserved",
                "$1 a week for 6 months",
                "Only $100 per year",
                "(c) 2024 Bloomberg",
                "\u{00A9}2024 Reuters",
                "(Reuters) -",
                "WASHINGTON (Reuters) --",
                "By Jane Doe and John Roe, Reuters",
                "Follow Reuters on X",
                "Read White House enraged after talks",
                "Unlock the Editor's Digest newsletter for free",
                "Source: https://x.com/a",
            ]
            .map(str::to_string),
        );
        let cap = |p: &str| {
            let mut c = p.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        };
        let mut lines = crate::io::data::corpus_texts();
        for p in &phrases {
            for form in [p.clone(), cap(p), p.to_uppercase()] {
                lines.extend([
                    form.clone(),
                    format!("{form}."),
                    format!("{form}:"),
                    format!("{form} the rest of the line"),
                    format!("{form} Jane Doe"),
                    format!("{form} talks resumed in Cairo on Monday."),
                    format!("The envoy said {form} in a statement."),
                    format!("Officials met; {form}"),
                    format!("{form}  twice spaced"),
                    format!("({form})"),
                    format!("- {form}"),
                ]);
            }
        }
        lines
    }

    /// `has_byte_or_marker` as the plain searches it replaced.
    fn plain_byte_or_marker(b: &[u8]) -> bool {
        let lower = b.to_ascii_lowercase();
        let has = |hay: &[u8], m: &str| hay.windows(m.len()).any(|w| w == m.as_bytes());
        b.iter().any(|c| RULE_BYTES.contains(c))
            || MARKERS.iter().any(|&(m, _, any_case)| {
                if any_case {
                    has(&lower, &m.to_ascii_lowercase())
                } else {
                    has(b, m)
                }
            })
    }

    #[test]
    fn the_marker_scan_finds_what_plain_searches_find() {
        let mut lines: Vec<String> = Vec::new();
        // Each marker and rule byte in three cases, one byte changed, cut
        // short at either end, at every offset across the first two
        // 32-position steps and at the very end of a line.
        let mut pieces: Vec<String> = RULE_BYTES
            .iter()
            .map(|&c| char::from(c).to_string())
            .collect();
        for (m, _, _) in MARKERS {
            pieces.extend([m.to_string(), m.to_uppercase(), m.to_lowercase()]);
            pieces.extend([m[1..].to_string(), m[..m.len() - 1].to_string()]);
            for i in 0..m.len() {
                let mut near = m.as_bytes().to_vec();
                near[i] ^= 0x20;
                pieces.push(String::from_utf8(near).unwrap());
            }
        }
        for p in &pieces {
            for before in 0..40 {
                let pad = "ab cd efgh ".repeat(4);
                lines.push(format!("{}{p}", &pad[..before]));
                lines.push(format!("{}{p} and more text after it", &pad[..before]));
            }
        }
        // Random lines over the markers' own bytes, where pieces and near
        // misses are common.
        let alphabet = b"wWtTyYhHsSuUpPaAeE .-/($gGiIrRvVdD";
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for len in 0..300 {
            for _ in 0..20 {
                let line: Vec<u8> = (0..len % 70)
                    .map(|_| {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        alphabet[(seed % alphabet.len() as u64) as usize]
                    })
                    .collect();
                lines.push(String::from_utf8(line).unwrap());
            }
        }
        lines.extend(crate::io::data::corpus_texts());
        let mut found = 0;
        for line in &lines {
            let want = plain_byte_or_marker(line.as_bytes());
            assert_eq!(has_byte_or_marker(line.as_bytes()), want, "{line:?}");
            found += usize::from(want);
        }
        // Both answers are common.
        assert!(
            found > lines.len() / 10 && found < lines.len() * 9 / 10,
            "{found} of {}",
            lines.len()
        );
    }

    #[test]
    fn the_shortcut_never_hides_a_match() {
        let lines = lines_near_every_rule();
        let mut skipped = 0;
        for line in &lines {
            let full = classify_folded(&Folded::new(line));
            assert_eq!(classify(line), full, "{line:?}");
            if !may_be_boilerplate(line) {
                assert_eq!(full, None, "{line:?}");
                skipped += 1;
            }
        }
        // Both ways are taken: most prose is skipped, every match is not.
        assert!(skipped > lines.len() / 10, "{skipped} of {}", lines.len());
        assert!(skipped < lines.len(), "{skipped} of {}", lines.len());
        // Articles of these lines, a few at a time: the context rules
        // (post text before an attribution, a blurb after a newsletter
        // promo) mark the same lines with the shortcut as without it.
        for size in [1, 2, 3, 5] {
            for window in lines.windows(size).step_by(2) {
                let texts: Vec<&str> = window.iter().map(String::as_str).collect();
                assert_eq!(
                    classify_article(&texts),
                    classify_lines(&texts, |_| true),
                    "{texts:?}"
                );
            }
        }
        // And the seed articles, sentence by sentence.
        let splitter = crate::text::SentenceSplitter;
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let mut seeds: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        seeds.sort();
        assert_eq!(seeds.len(), 5);
        for seed in seeds {
            let text = std::fs::read_to_string(seed).unwrap();
            let sentences = splitter.split(&text);
            let texts: Vec<&str> = sentences.iter().map(|s| s.text.as_str()).collect();
            assert_eq!(classify_article(&texts), classify_lines(&texts, |_| true));
        }
    }

    #[test]
    fn the_fast_path_prepares_a_line_as_the_general_one_does() {
        let mut lines = crate::io::data::corpus_texts();
        lines.extend(
            [
                "",
                " ",
                "a",
                "a b",
                " a",
                "a ",
                "a  b",
                "a\tb",
                "a\x0bb",
                "A\rB",
                "\u{00E9}",
                "Say \"no\" (AFP)",
                "x\u{2019}s",
            ]
            .map(str::to_string),
        );
        for line in &lines {
            let (fast, general) = (Folded::new(line), Folded::fold(line));
            assert_eq!(fast.text, general.text, "{line:?}");
            assert_eq!(fast.lower, general.lower, "{line:?}");
            assert_eq!(fast.word_count, general.word_count, "{line:?}");
            assert_eq!(fast.bytes, general.bytes, "{line:?}");
        }
        // The byte set, against a fold over one u128: every pair of byte
        // values, and every line.
        let naive = |s: &[u8]| s.iter().fold(0u128, |set, &b| set | (1u128 << (b & 0x7f)));
        for c in 0..=255u8 {
            for d in 0..=255u8 {
                assert_eq!(byte_set(&[c, d]), naive(&[c, d]), "{c} {d}");
                assert_eq!(text_byte_set(&[c, d]), naive(&[c, d]), "{c} {d}");
                assert_eq!(text_byte_set(&[c, d, c]), naive(&[c, d]), "{c} {d}");
            }
        }
        for line in &lines {
            assert_eq!(
                byte_set(line.as_bytes()),
                naive(line.as_bytes()),
                "{line:?}"
            );
            assert_eq!(
                text_byte_set(line.as_bytes()),
                naive(line.as_bytes()),
                "{line:?}"
            );
        }
    }

    #[test]
    fn byte_gate_never_hides_a_substring() {
        let lines = [
            "Photo: REUTERS/Amir Cohen",
            "Follow us on X: @Reuters",
            "Read more at https://www.example.com/x",
            "Israel\u{2019}s army said on Tuesday.",
            "\u{00A9} 2024 Bloomberg L.P. All Rights Reserved",
            "Caf\u{00E9} (@handle) posted",
        ];
        for line in lines {
            let f = Folded::new(line);
            for start in 0..f.lower.len() {
                for end in start + 1..=f.lower.len() {
                    if let (Some(a), Some(b)) = (f.lower.get(start..end), f.text.get(start..end)) {
                        assert!(f.may_contain(a), "{line:?} hides {a:?}");
                        assert!(f.may_contain(b), "{line:?} hides {b:?}");
                    }
                }
            }
            assert!(!f.may_contain("pic.twitter.com/") || line.contains('/'));
        }
        assert!(!Folded::new("The army said.").may_contain("(@"));
    }

    fn check(cases: &[(&str, Option<Boilerplate>)]) {
        for (sentence, want) in cases {
            assert_eq!(classify(sentence), *want, "{sentence:?}");
        }
    }

    #[test]
    fn names_are_short_and_lowercase() {
        let cases = [
            (Byline, "byline"),
            (Promo, "promo"),
            (Credit, "credit"),
            (Link, "link"),
            (SocialPost, "social-post"),
        ];
        for (b, name) in cases {
            assert_eq!(b.name(), name);
        }
    }

    #[test]
    fn seed_bylines() {
        check(&[
            ("By World Israel News Staff", Some(Byline)), // seed 001
            ("(Bloomberg) --", Some(Byline)),
            ("(Bloomberg) -- ", Some(Byline)),
            ("WASHINGTON (Reuters) -", Some(Byline)),
        ]);
    }

    #[test]
    fn wire_credit_lines_are_bylines() {
        check(&[
            (
                "Reporting by Matt Spetalnick; Editing by Howard Goller",
                Some(Byline),
            ),
            ("(Reporting by Humeyra Pamuk in Washington)", Some(Byline)),
            (
                "Additional reporting by Maayan Lubell in Jerusalem.",
                Some(Byline),
            ),
            (
                "Writing by Jonathan Saul; editing by Alex Richardson",
                Some(Byline),
            ),
            ("\u{2014} With assistance from Ethan Bronner.", Some(Byline)),
            ("By Jane Doe and John Roe, Reuters", Some(Byline)),
            ("BY ARSHAD MOHAMMED", Some(Byline)),
        ]);
    }

    #[test]
    fn prose_that_starts_with_by_is_not_a_byline() {
        check(&[
            ("By Tuesday, the army had withdrawn from the town.", None),
            ("By then the talks had collapsed", None),
            ("By 2025 Israel plans to double its reserves.", None),
            ("By", None),
        ]);
    }

    #[test]
    fn dateline_opening_a_sentence_is_article_text() {
        // seed 000
        check(&[(
            "(Bloomberg) -- Israeli Defense Minister Yoav Gallant urged US Secretary of State Antony Blinken to support the country in its conflict with Hezbollah in neighboring Lebanon, saying the world is watching for signs of strain in the relationship between the two allies.",
            None,
        )]);
    }

    #[test]
    fn edit_notes_are_bylines() {
        check(&[
            (
                "This article was updated at 14:30 GMT with comments from the Pentagon.",
                Some(Byline),
            ),
            ("This story has been updated.", Some(Byline)),
            ("Updated: Oct. 9, 2024 5:12 p.m. ET", Some(Byline)),
            (
                "Updated talks are expected next week, officials said.",
                None,
            ),
        ]);
    }

    #[test]
    fn seed_promos() {
        check(&[
            // seed 000
            (
                "Bloomberg Opinion: Netanyahu\u{2019}s Strategy Is War, War and More War: Marc Champion",
                Some(Promo),
            ),
            // seed 001, with the scraped non-breaking space
            (
                "Read\u{a0} White House enraged after Netanyahu publicly slams Biden for withholding arms",
                Some(Promo),
            ),
            ("Read  White House enraged after Netanyahu publicly slams Biden for withholding arms", Some(Promo)),
            // seed 002
            ("Skip to main content", Some(Promo)),
            ("Analysis", Some(Promo)),
            ("Access the Middle East news and analysis you can trust", Some(Promo)),
            (
                "Join our community of Middle East readers to experience all of Al-Monitor, including 24/7 news, analyses, memos, reports and newsletters.",
                Some(Promo),
            ),
            ("Subscribe", Some(Promo)),
            ("Only $100 per year.", Some(Promo)),
            // seed 004
            ("Unlock the US Election Countdown newsletter for free", Some(Promo)),
            ("Read the full article here", Some(Promo)),
        ]);
    }

    #[test]
    fn generic_promos() {
        check(&[
            ("Follow us on Twitter", Some(Promo)),
            ("Follow Reuters on X", Some(Promo)),
            ("Follow Jon on Twitter", Some(Promo)),
            ("Join our mailing list", Some(Promo)),
            ("Sign up for our newsletter", Some(Promo)),
            ("Sign up here.", Some(Promo)),
            ("Advertisement", Some(Promo)),
            ("ADVERTISEMENT", Some(Promo)),
            ("Advertisement - scroll to continue", Some(Promo)),
            ("Share this article", Some(Promo)),
            ("READ MORE: Israel strikes Beirut suburb", Some(Promo)),
            ("Read more", Some(Promo)),
            ("Read more.", Some(Promo)),
            ("Subscribe to our daily newsletter.", Some(Promo)),
            ("Just $1 a week for the first year", Some(Promo)),
            ("Watch: Israeli strikes hit southern Lebanon", Some(Promo)),
            ("Already a subscriber? Sign in", Some(Promo)),
        ]);
    }

    #[test]
    fn article_sentences_that_look_like_promos_are_not() {
        check(&[
            ("Read the statement as a warning", None),
            ("Read the statement as a warning.", None),
            ("Readers in Beirut woke to the sound of drones.", None),
            ("Subscribers to the plan include France and Egypt.", None),
            ("Following the meeting, Gallant flew home.", None),
            ("Follow-up talks on Telegram channels were reported.", None),
            (
                "Access to the Rafah crossing remained closed on Tuesday.",
                None,
            ),
            ("Skip to the end, he said, and you see a ceasefire.", None),
            (
                "Israel receives $3.8 billion per year in US military aid.",
                None,
            ),
            ("Only $5 million a year reaches the north.", None),
            ("Advertisements for the rally drew criticism.", None),
            (
                "Join our fight against terror, Netanyahu told the crowd.",
                None,
            ),
            ("Follow the rules on X, the ministry told soldiers.", None),
            (
                "Unlock the potential of the region, the minister said.",
                None,
            ),
            ("More from the interview will be published on Friday.", None),
            ("Share this burden, the envoy urged Gulf states.", None),
        ]);
    }

    #[test]
    fn seed_article_sentences_are_not_boilerplate() {
        check(&[
            // seed 000
            ("Blinken, the department said, discussed efforts to free the abductees and urged Gallant \u{201c}to take additional steps to protect humanitarian workers in Gaza and deliver assistance throughout Gaza in full coordination with the United Nations.\u{201d}", None),
            ("The secretary \u{201c}also underscored the importance of avoiding further escalation of the conflict and reaching a diplomatic resolution that allows both Israeli and Lebanese families to return to their homes.\u{201d}", None),
            ("Gallant was also expected to meet with US Defense Secretary Lloyd Austin.", None),
            // seed 001: headline and dek
            ("\u{2018}US and Israel must resolve their differences \u{2013} quickly\u{2019}", None),
            ("Secretary of State Antony Blinken meets with Israeli Defense Minister as Biden administration presses Israel to avoid escalation in conflict with Hezbollah, and to reach a ceasefire with Hamas.", None),
            // seed 002: headline, photo caption, a sentence about a post on X
            ("Despite Blinken's public embrace, US-Israel disagreements persist on Gaza", None),
            ("US Secretary of State Antony Blinken meets with Israeli Prime Minister Benjamin Netanyahu in Tel Aviv, Israel, Jan. 9 2024.", None),
            ("After meeting with Prime Minister Benjamin Netanyahu, Blinken posted on X that the United States reaffirmed its support for Israel\u{2019}s right to prevent another Oct. 7 from occurring.", None),
            // seed 003
            ("Blinken also spoke about the need to end the ground operation in Lebanon and \"translate the military achievement in Lebanon into a strategic achievement.\"", None),
            ("Sinwar doesn't want to end the war.", None),
            ("His proposal, reportedly based on UN Security Council Resolution 1701 (which ended the Second Lebanon War in 2006), suggests moving Hezbollah further back from the Israeli border to provide a buffer zone.", None),
            // seed 004
            ("\u{201c}I don\u{2019}t think there\u{2019}s tension . . . you can have direct conversations with your friends.", None),
            ("Singh insisted relations between Austin and Gallant remained strong.", None),
        ]);
    }

    #[test]
    fn seed_credits() {
        check(&[
            ("\u{00a9}2024 Bloomberg L.P.", Some(Credit)), // seed 000
            ("(Doron Kadosh)", Some(Credit)),              // seed 003
        ]);
    }

    #[test]
    fn generic_credits() {
        check(&[
            ("Photo: AP", Some(Credit)),
            ("Photo by Amir Levy/Getty Images", Some(Credit)),
            ("(Photo by Jack Guez /AFP via Getty Images)", Some(Credit)),
            ("Getty Images", Some(Credit)),
            ("Image credit: Israel Defense Forces", Some(Credit)),
            ("REUTERS/Amir Cohen", Some(Credit)),
            (
                "Smoke rises over southern Lebanon, October 1, 2024. REUTERS/Karamallah Daher",
                Some(Credit),
            ),
            (
                "Copyright 2024 The Associated Press. All rights reserved.",
                Some(Credit),
            ),
            ("All rights reserved.", Some(Credit)),
            ("(c) 2024 Al-Monitor", Some(Credit)),
            ("(AFP)", Some(Credit)),
            ("Source: Israeli Health Ministry", Some(Credit)),
        ]);
    }

    #[test]
    fn prose_near_credits_is_not_a_credit() {
        check(&[
            (
                "A Reuters/Ipsos poll found most Americans oppose a wider war.",
                None,
            ),
            ("Copyright law was not part of the discussion.", None),
            ("Photographers were barred from the meeting.", None),
            ("(which ended the Second Lebanon War in 2006)", None),
            ("(The talks resumed later.)", None),
            ("(Likud said nothing.)", None),
            ("Sources said the meeting was tense.", None),
        ]);
    }

    #[test]
    fn link_only_lines() {
        check(&[
            ("https://t.co/K3Kdem3vBj", Some(Link)),
            ("https://www.reuters.com/world/middle-east/", Some(Link)),
            ("Source: https://www.state.gov/readout", Some(Link)),
            ("<https://example.org/a>", Some(Link)),
            ("www.al-monitor.com", Some(Link)),
            ("Link: WWW.Example.org", Some(Link)),
            ("Read it at https://example.org", None),
            ("https://", None),
        ]);
    }

    #[test]
    fn seed_social_posts_on_their_own() {
        // seed 003
        check(&[
            ("\u{2014} Eli Dror (@edrormba) October 22, 2024", Some(SocialPost)),
            ("\u{2014} Raylan Givens (@JewishWarrior13) October 22, 2024", Some(SocialPost)),
            ("\u{2014} Mark Dubowitz (@mdubowitz) October 22, 2024", Some(SocialPost)),
            ("\u{2014} Aviva Klompas (@AvivaKlompas) August 25, 2024", Some(SocialPost)),
            ("Netanyahu to Blinken: Assassination attempt against me can\u{2019}t be ignored #Israel #USA #Iran https://t.co/FE2s6OnqTh pic.twitter.com/8Jfne6aAC9", Some(SocialPost)),
            ("Paging Amos Hochstein.https://t.co/K3Kdem3vBj", Some(SocialPost)),
            // Needs context: see the classify_article tests.
            ("\u{1F6A8}JUST IN: Blinken conveyed the message that the US expects Israel to further moderate its response to Iran.", None),
        ]);
    }

    #[test]
    fn attribution_variants() {
        check(&[
            ("- Jane Doe (@jdoe) Oct 22, 2024", Some(SocialPost)),
            ("-- Jane Doe (@jdoe)", Some(SocialPost)),
            ("Jane Doe (@jdoe) October 22, 2024", Some(SocialPost)),
            ("A post shared by IDF (@idf)", Some(SocialPost)),
            ("View this post on Instagram", Some(SocialPost)),
            // A sentence mentioning a handle is not an attribution.
            (
                "The spokesman (@IDF) said the strikes would continue for days.",
                None,
            ),
            ("Blinken (@SecBlinken) wrote that talks would resume.", None),
        ]);
    }

    #[test]
    fn embedded_posts_in_seed_003_take_their_text_along() {
        let s = [
            "Netanyahu narrowly escaped harm when a Hezbollah drone struck his private residence in Caesarea last week.",
            "Netanyahu to Blinken: Assassination attempt against me can\u{2019}t be ignored #Israel #USA #Iran https://t.co/FE2s6OnqTh pic.twitter.com/8Jfne6aAC9",
            "\u{2014} Eli Dror (@edrormba) October 22, 2024",
            "For the Biden administration, Israel\u{2019}s recent military victories presented a unique moment to push for a cease-fire and negotiations.",
            "\u{1F6A8}JUST IN: Blinken conveyed the message that the US expects Israel to further moderate its response to Iran.",
            "\u{2014} Raylan Givens (@JewishWarrior13) October 22, 2024",
            "Blinken also spoke about the need to end the ground operation in Lebanon and \"translate the military achievement in Lebanon into a strategic achievement.\"",
            "(Doron Kadosh)",
            "There are even talks of increasing the UN peacekeeping forces stationed in southern Lebanon.",
            "A warning from @FDD Hezbollah experts @DavidADaoud and Ahmad Sharawi: relying on Lebanon\u{2019}s corrupt, backstabbing political class to constrain or replace Hezbollah is a fool\u{2019}s errand.",
            "\u{2014} Mark Dubowitz (@mdubowitz) October 22, 2024",
            "Paging Amos Hochstein.https://t.co/K3Kdem3vBj",
            "But Israel has shown little interest in UN resolutions or ceasefire agreements.",
            "However, Israeli officials are skeptical of any arrangement that doesn\u{2019}t include the total destruction of Hamas\u{2019}s terror apparatus in Gaza.",
            "Egypt says the hostage-ceasefire talks in Cairo have ended without an agreement.",
            "\u{2014} Aviva Klompas (@AvivaKlompas) August 25, 2024",
            "Sinwar doesn't want to end the war.",
        ];
        let want = [
            None,
            Some(SocialPost),
            Some(SocialPost),
            None,
            Some(SocialPost),
            Some(SocialPost),
            None,
            Some(Credit),
            None,
            Some(SocialPost),
            Some(SocialPost),
            Some(SocialPost),
            None,
            None,
            Some(SocialPost),
            Some(SocialPost),
            None,
        ];
        assert_eq!(classify_article(&s), want);
    }

    #[test]
    fn post_context_walks_back_only_over_post_text() {
        let s = [
            "Officials in Beirut said the strikes killed 12 people.",
            "Huge news from Beirut tonight.",
            "#Lebanon #Israel stay tuned \u{1F447}",
            "\u{2014} Some One (@someone) October 1, 2024",
        ];
        let got = classify_article(&s);
        assert_eq!(got, [None, None, Some(SocialPost), Some(SocialPost)]);

        // A long article sentence before an attribution is not post text.
        let long = "The airstrikes have forced Lebanon into further disarray, with over 1.2 million Lebanese civilians displaced as the Israeli military continues to target Hezbollah positions, while diplomats in Washington, Paris and Cairo scramble to draft a ceasefire text that both Israel and Hezbollah could accept without losing face at home, and while aid groups warn that the coming winter will deepen the crisis.";
        let got = classify_article(&[long, "\u{2014} Some One (@someone) October 1, 2024"]);
        assert_eq!(got, [None, Some(SocialPost)]);

        // Two posts in a row: the second attribution does not swallow the first.
        let s = [
            "Post one.",
            "\u{2014} A (@a) May 1, 2024",
            "Post two.",
            "\u{2014} B (@b) May 2, 2024",
        ];
        assert_eq!(classify_article(&s), [Some(SocialPost); 4]);
    }

    #[test]
    fn newsletter_blurb_after_its_promo() {
        // seed 004
        let s = [
            "Unlock the US Election Countdown newsletter for free",
            "The stories that matter on money and politics in the race for the White House",
            "Israel has told the US that defence minister Yoav Gallant will no longer travel to Washington this week, prompting fears the cancellation could jeopardise co-ordination with Israel over its response to Iran\u{2019}s missile attack.",
        ];
        assert_eq!(classify_article(&s), [Some(Promo), Some(Promo), None]);
        // On its own the blurb is just a headline-like line.
        assert_eq!(classify(s[1]), None);
        // After a non-newsletter promo, a headline stays article text.
        let s = [
            "Skip to main content",
            "Despite Blinken's public embrace, US-Israel disagreements persist on Gaza",
        ];
        assert_eq!(classify_article(&s), [Some(Promo), None]);
    }

    #[test]
    fn seed_002_footer() {
        let s = [
            "He added that \"Israel prefers to reach that via diplomacy.",
            "Still, the Israeli security systems also prepare an alternative solution to reach that goal.\"",
            "Access the Middle East news and analysis you can trust",
            "Join our community of Middle East readers to experience all of Al-Monitor, including 24/7 news, analyses, memos, reports and newsletters.",
            "Subscribe",
            "Only $100 per year.",
        ];
        let want = [
            None,
            None,
            Some(Promo),
            Some(Promo),
            Some(Promo),
            Some(Promo),
        ];
        assert_eq!(classify_article(&s), want);
    }

    #[test]
    fn typography_is_folded() {
        check(&[
            (
                "\u{2013} Eli Dror (@edrormba) October 22, 2024",
                Some(SocialPost),
            ),
            (
                "\u{00a0}Skip\u{00a0}to\u{00a0}main\u{00a0}content\u{00a0}",
                Some(Promo),
            ),
            ("Sub\u{200b}scribe", Some(Promo)),
            ("\tBy  World\u{202f}Israel News Staff\n", Some(Byline)),
        ]);
    }

    #[test]
    fn odd_input_does_not_panic() {
        let odd = [
            "",
            " ",
            "\u{00a0}\u{200b}\u{feff}",
            "(",
            ")",
            "()",
            "(@",
            "(@)",
            "\u{2014}",
            "\u{2014} (@x)",
            "-- (@\u{1F6A8}) 2024",
            "By",
            "By ",
            "Read ",
            "http://",
            "\u{0130}stanbul (@\u{0130}) \u{0130}",
            "\u{1F6A8}",
            "\u{0301}\u{0301}",
            "https\u{00e9}://t.co/\u{00e9}",
            "\u{00e9}https://t.co/x",
            "$",
            "\u{00a9}",
            "\u{05E9}\u{05DC}\u{05D5}\u{05DD} \u{0633}\u{0644}\u{0627}\u{0645}",
        ];
        for s in odd {
            let _ = classify(s);
        }
        assert_eq!(classify(""), None);
        assert_eq!(classify("   "), None);
        let got = classify_article(&odd);
        assert_eq!(got.len(), odd.len());
        assert!(classify_article(&[]).is_empty());
    }
}
