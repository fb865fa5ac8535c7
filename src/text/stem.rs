//! English Snowball (Porter 2) stemming with exactly the output of
//! `rust-stemmers` 1.2 (`Algorithm::English`), for a fraction of its cost.
//!
//! `rust-stemmers` costs about 3,300 instructions a word: it copies the word
//! into a `SnowballEnv`, finds each suffix by walking its tables entry by
//! entry and builds a new `String` at every edit. Stemming new words was
//! about 5% of a prediction run's instructions. Here a word of ASCII bytes is
//! stemmed in a stack buffer: its vowels are found eight bytes at a time and
//! kept as the bits of a `u64`, the stem's last letter picks the few
//! suffixes a step can match, each checked with a mask and a compare on the
//! stem's last eight bytes, and a stem that is a prefix of the word is
//! borrowed from it, not allocated: about 380 instructions a word in a
//! prediction run (callgrind).
//!
//! The rules are the Snowball English algorithm
//! (<https://snowballstem.org/algorithms/english/stemmer.html>) as that
//! version of the crate has it: its two exception lists, the `gener`,
//! `commun` and `arsen` prefixes that fix R1, a `y` at the start or after a
//! vowel counted as a consonant, words of fewer than three characters left
//! alone. A word the fast path does not take (non-ASCII, holding an
//! uppercase `Y`, which the algorithm itself uses to mark consonant `y`s, or
//! longer than 63 bytes) goes to `rust-stemmers`, so every input gets the
//! crate's stem.

use std::borrow::Cow;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

use super::ascii::{gather, ONES, TOP};

/// Longest word stemmed here: vowel positions are the bits of a `u64`.
const MAX_LEN: usize = 63;

/// The Snowball English stem of `word`, borrowed from it when the stem is
/// a prefix of the word (or of the word without a leading apostrophe).
pub fn stem(word: &str) -> Cow<'_, str> {
    // The crate leaves words of fewer than three characters alone; fewer
    // than three bytes is fewer than three characters.
    if word.len() < 3 {
        return Cow::Borrowed(word);
    }
    if let Some(stem) = exception(word.as_bytes()) {
        return Cow::Borrowed(stem);
    }
    match Buffer::new(word.strip_prefix('\'').unwrap_or(word)) {
        Some(mut buffer) => {
            buffer.stem();
            buffer.to_stem()
        }
        None => crate_stem(word),
    }
}

/// The stem `rust-stemmers` gives, for words the fast path does not take.
fn crate_stem(word: &str) -> Cow<'_, str> {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER
        .get_or_init(|| Stemmer::create(Algorithm::English))
        .stem(word)
}

/// Whole words with a fixed stem (the algorithm's first exception list),
/// checked before anything else is done to the word.
fn exception(word: &[u8]) -> Option<&'static str> {
    if word.len() > 6 {
        return None;
    }
    // Dispatch on the first letter so a word is compared with at most four
    // entries.
    let stem = match word[0] {
        b'a' => match word {
            b"andes" => "andes",
            b"atlas" => "atlas",
            _ => return None,
        },
        b'b' if word == b"bias" => "bias",
        b'c' if word == b"cosmos" => "cosmos",
        b'd' if word == b"dying" => "die",
        b'e' if word == b"early" => "earli",
        b'g' if word == b"gently" => "gentl",
        b'h' if word == b"howe" => "howe",
        b'i' if word == b"idly" => "idl",
        b'l' if word == b"lying" => "lie",
        b'n' if word == b"news" => "news",
        b'o' if word == b"only" => "onli",
        b's' => match word {
            b"singly" => "singl",
            b"skies" => "sky",
            b"skis" => "ski",
            b"sky" => "sky",
            _ => return None,
        },
        b't' if word == b"tying" => "tie",
        b'u' if word == b"ugly" => "ugli",
        _ => return None,
    };
    Some(stem)
}

/// The algorithm's vowels. A `y` it counts as a consonant is held as `Y`
/// in the working buffer, and `Y` is not one.
fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// Letters before which a final `li` is dropped (Step 2).
fn is_li_ending(c: u8) -> bool {
    matches!(
        c,
        b'c' | b'd' | b'e' | b'g' | b'h' | b'k' | b'm' | b'n' | b'r' | b't'
    )
}

/// Letters that cannot close a short syllable: vowels, `w`, `x` and `Y`.
fn closes_no_short_syllable(c: u8) -> bool {
    is_vowel(c) || matches!(c, b'w' | b'x' | b'Y')
}

/// Top bit of each byte lane of `x` that is one of `letters`. A lane's
/// low seven bits plus `0x7f` reach its top bit exactly when they are not
/// all zero, and no carry crosses into the next lane.
fn lanes_in(x: u64, letters: &[u8]) -> u64 {
    let mut differs_from_all = TOP;
    for &c in letters {
        let diff = x ^ (u64::from(c) * ONES);
        differs_from_all &= ((diff & !TOP) + !TOP) | diff;
    }
    !differs_from_all & TOP
}

/// Up to eight bytes as a little-endian `u64`, zeros past their end;
/// without the `memcpy` call a copy of a run-time length costs.
fn load(bytes: &[u8]) -> u64 {
    if let Ok(all) = bytes.try_into() {
        return u64::from_le_bytes(all);
    }
    let (mut x, mut at) = (0, 0);
    if bytes.len() & 4 != 0 {
        x = u64::from(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]));
        at = 4;
    }
    if bytes.len() & 2 != 0 {
        x |= u64::from(u16::from_le_bytes([bytes[at], bytes[at + 1]])) << (8 * at);
        at += 2;
    }
    if bytes.len() & 1 != 0 {
        x |= u64::from(bytes[at]) << (8 * at);
    }
    x
}

/// R1 or R2: where the first vowel followed by a non-vowel at or after
/// `from` ends, or `len` when there is none.
fn region_after(vowels: u64, consonants: u64, from: usize, len: usize) -> usize {
    let vowels = vowels & (u64::MAX << from);
    if vowels == 0 {
        return len;
    }
    let consonants = consonants & (u64::MAX << (vowels.trailing_zeros() + 1));
    if consonants == 0 {
        len
    } else {
        consonants.trailing_zeros() as usize + 1
    }
}

/// A suffix as it sits in the top bytes of a stem's last eight bytes read
/// as a little-endian `u64` ([`Buffer::tail`]). Checking one is a mask and a
/// compare, where a loop over a table of byte strings calls `memcmp` for
/// each entry.
#[derive(Clone, Copy)]
struct Suffix {
    key: u64,
    mask: u64,
    len: usize,
}

/// The [`Suffix`] of 1 to 8 bytes.
const fn suffix(text: &[u8]) -> Suffix {
    let len = text.len();
    let mut key = 0;
    let mut i = 0;
    while i < len {
        key |= (text[i] as u64) << (8 * (8 - len + i));
        i += 1;
    }
    Suffix {
        key,
        mask: u64::MAX << (8 * (8 - len)),
        len,
    }
}

/// The [`Suffix`] of a byte-string literal, worked out at compile time.
macro_rules! sfx {
    ($text:literal) => {
        const { suffix($text) }
    };
}

/// What a Step 2 to 4 rule needs besides its suffix being in R1 (Step 2
/// and 3) or R2 (Step 4).
#[derive(Clone, Copy)]
enum Also {
    Nothing,
    /// The letter before the suffix is `l` (`-logi`).
    AfterL,
    /// The letter before the suffix is a valid `li` ending.
    AfterLiEnding,
    /// The letter before the suffix is `s` or `t` (`-sion`, `-tion`).
    AfterSOrT,
    /// The suffix is in R2 as well (`-ative`).
    InR2,
}

/// A suffix and what replaces it, when `also` holds.
struct Rule {
    suffix: Suffix,
    to: &'static [u8],
    also: Also,
}

const fn rule(from: &[u8], to: &'static [u8]) -> Rule {
    rule_if(from, to, Also::Nothing)
}

const fn rule_if(from: &[u8], to: &'static [u8], also: Also) -> Rule {
    Rule {
        suffix: suffix(from),
        to,
        also,
    }
}

/// Zero bytes kept before the stem in [`Buffer::buf`], so that the last
/// eight bytes of a stem of any length can be read as one `u64`.
const PAD: usize = 8;

/// A word being stemmed. The steps only ever change its end, so the stem
/// is the word's first `edited` bytes followed by the buffer's rest.
struct Buffer<'a> {
    /// The word after the prelude, which drops a leading apostrophe.
    word: &'a str,
    /// The stem so far from `PAD` on, with consonant `y`s held as `Y`;
    /// zeros before it.
    buf: [u8; PAD + 64],
    len: usize,
    /// First position where the stem was given a byte unlike `word`'s
    /// (`usize::MAX` while none was).
    edited: usize,
    /// Vowel positions of the word, as the prelude marked them; valid for
    /// every position the steps have not rewritten.
    vowels: u64,
    /// Start of R1 and of R2.
    p1: usize,
    p2: usize,
}

impl<'a> Buffer<'a> {
    /// The word (without the leading apostrophe the prelude drops) ready
    /// for the steps, or `None` when the fast path does not take it.
    fn new(word: &'a str) -> Option<Self> {
        let len = word.len();
        if len > MAX_LEN {
            return None;
        }
        let mut buf = [0; PAD + 64];
        // Copied and classified eight bytes at a time: vowels, `y`s and
        // bytes the fast path does not take. The zeros after the word are
        // none of them.
        let (mut vowels, mut ys, mut unhandled) = (0u64, 0u64, 0u64);
        for (at, chunk) in (0..).step_by(8).zip(word.as_bytes().chunks(8)) {
            let x = load(chunk);
            buf[PAD + at..PAD + at + 8].copy_from_slice(&x.to_le_bytes());
            vowels |= gather(lanes_in(x, b"aeiou")) << at;
            ys |= gather(lanes_in(x, b"y")) << at;
            unhandled |= (x & TOP) | lanes_in(x, b"Y");
        }
        if unhandled != 0 {
            return None;
        }
        // A `y` at the start or after a vowel is a consonant; left to
        // right, since whether a `y` is a vowel decides the next one.
        let mut rest = ys;
        while rest != 0 {
            let at = rest.trailing_zeros() as usize;
            rest &= rest - 1;
            if at == 0 || vowels >> (at - 1) & 1 != 0 {
                buf[PAD + at] = b'Y';
            } else {
                vowels |= 1 << at;
            }
        }
        let bytes = word.as_bytes();
        let consonants = !vowels & ((1u64 << len) - 1);
        let p1 = if bytes.starts_with(b"gener") || bytes.starts_with(b"arsen") {
            5
        } else if bytes.starts_with(b"commun") {
            6
        } else {
            region_after(vowels, consonants, 0, len)
        };
        let p2 = region_after(vowels, consonants, p1, len);
        Some(Buffer {
            word,
            buf,
            len,
            edited: usize::MAX,
            vowels,
            p1,
            p2,
        })
    }

    fn stem(&mut self) {
        self.step_1a();
        // The second exception list: words left as Step 1a made them.
        if matches!(
            self.text(),
            b"inning"
                | b"outing"
                | b"exceed"
                | b"canning"
                | b"earring"
                | b"herring"
                | b"proceed"
                | b"succeed"
        ) {
            return;
        }
        self.step_1b();
        self.step_1c();
        self.step_2();
        self.step_3();
        self.step_4();
        self.step_5();
    }

    /// The stem, with `Y` back to `y`.
    fn to_stem(&self) -> Cow<'a, str> {
        if self.edited >= self.len {
            return Cow::Borrowed(&self.word[..self.len]);
        }
        let mut stem = String::with_capacity(self.len);
        stem.push_str(&self.word[..self.edited]);
        stem.extend(
            self.buf[PAD + self.edited..PAD + self.len]
                .iter()
                .map(|&c| char::from(if c == b'Y' { b'y' } else { c })),
        );
        Cow::Owned(stem)
    }

    fn text(&self) -> &[u8] {
        &self.buf[PAD..PAD + self.len]
    }

    /// The byte at position `at` of the stem.
    fn at(&self, at: usize) -> u8 {
        self.buf[PAD + at]
    }

    /// The stem's last byte, 0 for an empty stem.
    fn last(&self) -> u8 {
        self.buf[PAD + self.len - 1]
    }

    /// The stem's last eight bytes (zeros before its start).
    fn tail(&self) -> u64 {
        let bytes = &self.buf[self.len..self.len + 8];
        u64::from_le_bytes(bytes.try_into().expect("8 bytes"))
    }

    /// Whether the stem ends with `suffix`.
    fn ends(&self, suffix: Suffix) -> bool {
        self.tail() & suffix.mask == suffix.key
    }

    /// The first of `rules` whose suffix ends the stem: tables list longer
    /// suffixes first, so this is the longest, as Snowball's `among` finds.
    fn find(&self, rules: &'static [Rule]) -> Option<&'static Rule> {
        let tail = self.tail();
        rules
            .iter()
            .find(|rule| tail & rule.suffix.mask == rule.suffix.key)
    }

    /// Whether a vowel comes before position `at`. Only asked about
    /// positions no step has rewritten.
    fn has_vowel_before(&self, at: usize) -> bool {
        self.vowels & ((1u64 << at) - 1) != 0
    }

    /// Whether the stem's first `at` bytes end in a short syllable: a
    /// non-vowel, a vowel and a letter that may close it, or a vowel and a
    /// non-vowel that are the whole stem.
    fn short_syllable_before(&self, at: usize) -> bool {
        match at {
            2 => is_vowel(self.at(0)) && !is_vowel(self.at(1)),
            3.. => {
                !is_vowel(self.at(at - 3))
                    && is_vowel(self.at(at - 2))
                    && !closes_no_short_syllable(self.at(at - 1))
            }
            _ => false,
        }
    }

    /// Replaces the last `cut` bytes with `with`, noting where the stem
    /// first stops being a prefix of the word.
    fn set_end(&mut self, cut: usize, with: &[u8]) {
        let start = self.len - cut;
        for (at, &c) in (start..).zip(with) {
            self.buf[PAD + at] = c;
            if self.word.as_bytes().get(at) != Some(&c) {
                self.edited = self.edited.min(at);
            }
        }
        self.len = start + with.len();
    }

    /// Possessives and plurals.
    fn step_1a(&mut self) {
        if self.ends(sfx!(b"'s'")) {
            self.len -= 3;
        } else if self.ends(sfx!(b"'s")) {
            self.len -= 2;
        } else if self.ends(sfx!(b"'")) {
            self.len -= 1;
        }
        let len = self.len;
        if self.ends(sfx!(b"sses")) {
            self.len -= 2;
        } else if self.ends(sfx!(b"ied")) || self.ends(sfx!(b"ies")) {
            // "cries" → "cri" but "ties" → "tie": `i` only after two letters.
            self.len -= if len > 4 { 2 } else { 1 };
        } else if self.ends(sfx!(b"s"))
            && !self.ends(sfx!(b"ss"))
            && !self.ends(sfx!(b"us"))
            && len >= 2
            && self.has_vowel_before(len - 2)
        {
            // Only when a vowel comes before the letter preceding the `s`.
            self.len -= 1;
        }
    }

    /// `-eed`, `-ed` and `-ing` endings, with what the stem needs after.
    fn step_1b(&mut self) {
        let endings: &[(Suffix, bool)] = match self.last() {
            b'd' => const { &[(suffix(b"eed"), true), (suffix(b"ed"), false)] },
            b'g' => const { &[(suffix(b"ing"), false)] },
            b'y' => {
                const {
                    &[
                        (suffix(b"eedly"), true),
                        (suffix(b"edly"), false),
                        (suffix(b"ingly"), false),
                    ]
                }
            }
            _ => return,
        };
        let Some(&(ending, to_ee)) = endings.iter().find(|(ending, _)| self.ends(*ending)) else {
            return;
        };
        let start = self.len - ending.len;
        if to_ee {
            // `eed` and `eedly` become `ee` in R1 and stay otherwise; the
            // suffix starts with `ee`, so this is a cut.
            if start >= self.p1 {
                self.len = start + 2;
            }
            return;
        }
        // The others go when a vowel precedes them. The stem left then loses
        // a doubled final consonant, or gains an `e` after `at`, `bl`, `iz`
        // or when it is short: R1 is empty and it ends in a short syllable.
        if !self.has_vowel_before(start) {
            return;
        }
        self.len = start;
        let doubled = start >= 2
            && self.at(start - 1) == self.at(start - 2)
            && matches!(
                self.at(start - 1),
                b'b' | b'd' | b'f' | b'g' | b'm' | b'n' | b'p' | b'r' | b't'
            );
        if doubled {
            self.len -= 1;
        } else if self.ends(sfx!(b"at"))
            || self.ends(sfx!(b"bl"))
            || self.ends(sfx!(b"iz"))
            || (start == self.p1 && self.short_syllable_before(start))
        {
            self.set_end(0, b"e");
        }
    }

    /// A final `y` after a non-vowel that is not the first letter → `i`.
    fn step_1c(&mut self) {
        let len = self.len;
        if len >= 3 && matches!(self.at(len - 1), b'y' | b'Y') && !is_vowel(self.at(len - 2)) {
            self.set_end(1, b"i");
        }
    }

    /// Whether `also` holds for a suffix that starts at `start`.
    fn also_holds(&self, also: Also, start: usize) -> bool {
        let before = start.checked_sub(1).map(|i| self.at(i));
        match also {
            Also::Nothing => true,
            Also::AfterL => before == Some(b'l'),
            Also::AfterLiEnding => before.is_some_and(is_li_ending),
            Also::AfterSOrT => matches!(before, Some(b's' | b't')),
            Also::InR2 => start >= self.p2,
        }
    }

    /// Applies the longest of `rules` that ends the stem, if it starts in
    /// the region from `region` on and its `also` holds; a shorter suffix is
    /// not tried when the longest fails.
    // Inlined into its three steps: as a call it cost about 20
    // instructions a word more (callgrind).
    #[inline(always)]
    fn apply(&mut self, rules: &'static [Rule], region: usize) {
        let Some(rule) = self.find(rules) else {
            return;
        };
        let start = self.len - rule.suffix.len;
        if start >= region && self.also_holds(rule.also, start) {
            self.set_end(rule.suffix.len, rule.to);
        }
    }

    /// Double suffixes in R1 (`-ational` → `-ate`, `-iveness` → `-ive`, …).
    fn step_2(&mut self) {
        let rules: &'static [Rule] = match self.last() {
            // By the letter before the `i` too: 14 suffixes end in `i`.
            b'i' => match (self.tail() >> 48) as u8 {
                b'c' => const { &[rule(b"anci", b"ance"), rule(b"enci", b"ence")] },
                b'g' => const { &[rule_if(b"ogi", b"og", Also::AfterL)] },
                b'l' => {
                    const {
                        &[
                            rule(b"lessli", b"less"),
                            rule(b"fulli", b"ful"),
                            rule(b"ousli", b"ous"),
                            rule(b"entli", b"ent"),
                            rule(b"abli", b"able"),
                            rule(b"alli", b"al"),
                            rule(b"bli", b"ble"),
                            rule_if(b"li", b"", Also::AfterLiEnding),
                        ]
                    }
                }
                b't' => {
                    const {
                        &[
                            rule(b"biliti", b"ble"),
                            rule(b"aliti", b"al"),
                            rule(b"iviti", b"ive"),
                        ]
                    }
                }
                _ => return,
            },
            b'l' => const { &[rule(b"ational", b"ate"), rule(b"tional", b"tion")] },
            b'm' => const { &[rule(b"alism", b"al")] },
            b'n' => const { &[rule(b"ization", b"ize"), rule(b"ation", b"ate")] },
            b'r' => const { &[rule(b"izer", b"ize"), rule(b"ator", b"ate")] },
            b's' => {
                const {
                    &[
                        rule(b"iveness", b"ive"),
                        rule(b"fulness", b"ful"),
                        rule(b"ousness", b"ous"),
                    ]
                }
            }
            _ => return,
        };
        self.apply(rules, self.p1);
    }

    /// More suffixes in R1 (`-icate` → `-ic`, `-ness` → nothing, …).
    fn step_3(&mut self) {
        let rules: &'static [Rule] = match self.last() {
            b'e' => {
                const {
                    &[
                        rule(b"icate", b"ic"),
                        rule_if(b"ative", b"", Also::InR2),
                        rule(b"alize", b"al"),
                    ]
                }
            }
            b'i' => const { &[rule(b"iciti", b"ic")] },
            b'l' => {
                const {
                    &[
                        rule(b"ational", b"ate"),
                        rule(b"tional", b"tion"),
                        rule(b"ical", b"ic"),
                        rule(b"ful", b""),
                    ]
                }
            }
            b's' => const { &[rule(b"ness", b"")] },
            _ => return,
        };
        self.apply(rules, self.p1);
    }

    /// Single suffixes in R2, deleted.
    fn step_4(&mut self) {
        let rules: &'static [Rule] = match self.last() {
            b'c' => const { &[rule(b"ic", b"")] },
            b'e' => {
                const {
                    &[
                        rule(b"ance", b""),
                        rule(b"ence", b""),
                        rule(b"able", b""),
                        rule(b"ible", b""),
                        rule(b"ate", b""),
                        rule(b"ive", b""),
                        rule(b"ize", b""),
                    ]
                }
            }
            b'i' => const { &[rule(b"iti", b"")] },
            b'l' => const { &[rule(b"al", b"")] },
            b'm' => const { &[rule(b"ism", b"")] },
            b'n' => const { &[rule_if(b"ion", b"", Also::AfterSOrT)] },
            b'r' => const { &[rule(b"er", b"")] },
            b's' => const { &[rule(b"ous", b"")] },
            b't' => {
                const {
                    &[
                        rule(b"ement", b""),
                        rule(b"ment", b""),
                        rule(b"ent", b""),
                        rule(b"ant", b""),
                    ]
                }
            }
            _ => return,
        };
        self.apply(rules, self.p2);
    }

    /// A final `e` (in R2, or in R1 after no short syllable) and a final
    /// `l` of `ll` in R2 go.
    fn step_5(&mut self) {
        let start = self.len.wrapping_sub(1);
        match self.last() {
            b'e' if start >= self.p2
                || (start >= self.p1 && !self.short_syllable_before(start)) =>
            {
                self.len = start;
            }
            b'l' if start >= self.p2 && start >= 1 && self.at(start - 1) == b'l' => {
                self.len = start;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::SplitMix64;
    use std::collections::BTreeSet;
    use std::path::Path;

    /// Stems every word both ways and fails listing the first words whose
    /// stems differ.
    fn assert_same_as_crate<'w>(what: &str, words: impl IntoIterator<Item = &'w str>) {
        let stemmer = Stemmer::create(Algorithm::English);
        let (mut count, mut wrong) = (0, Vec::new());
        for word in words {
            count += 1;
            let (ours, theirs) = (stem(word), stemmer.stem(word));
            if ours != theirs {
                wrong.push(format!("{word:?}: ours {ours:?}, rust-stemmers {theirs:?}"));
            }
        }
        assert!(
            wrong.is_empty(),
            "{what}: {} of {count} words stem differently, first:\n{}",
            wrong.len(),
            wrong[..wrong.len().min(30)].join("\n")
        );
        println!("{what}: {count} words, all stems equal");
    }

    /// Files under `dir`, recursively.
    fn files_under(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("readable directory") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                files_under(&path, out);
            } else {
                out.push(path);
            }
        }
    }

    #[test]
    fn stems_every_word_of_the_repo_data_like_the_crate() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in ["data", "seeds"] {
            files_under(&root.join(dir), &mut files);
        }
        let mut words = BTreeSet::new();
        for file in &files {
            let bytes = std::fs::read(file).expect("readable file");
            let text = String::from_utf8_lossy(&bytes);
            let split = text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'));
            for token in split.filter(|t| !t.is_empty()) {
                words.insert(token.to_lowercase());
                // The original case too: uppercase letters are consonants.
                words.insert(token.to_string());
            }
        }
        assert!(words.len() > 10_000, "only {} words read", words.len());
        assert_same_as_crate("repo data", words.iter().map(String::as_str));
    }

    #[test]
    fn stems_all_short_strings_like_the_crate() {
        let alphabet = "aeiouybcdgslnt'".as_bytes();
        let mut words = Vec::new();
        let mut layer = vec![String::new()];
        for _ in 0..4 {
            layer = layer
                .iter()
                .flat_map(|w| alphabet.iter().map(move |&c| format!("{w}{}", c as char)))
                .collect();
            words.extend(layer.iter().cloned());
        }
        assert_eq!(words.len(), 15 + 15 * 15 + 15 * 15 * 15 + 15 * 15 * 15 * 15);
        assert_same_as_crate("short strings", words.iter().map(String::as_str));
    }

    /// One of `from`, drawn by the crate's generator.
    fn pick<'s>(mix: &mut SplitMix64, from: &[&'s str]) -> &'s str {
        from[mix.below(from.len())]
    }

    /// Every suffix the steps know, and then some.
    const SUFFIXES: &[&str] = &[
        "ational", "tional", "enci", "anci", "abli", "entli", "izer", "ization", "ation", "ator",
        "alism", "aliti", "alli", "fulness", "ousli", "ousness", "iveness", "iviti", "biliti",
        "bli", "ogi", "logi", "fulli", "lessli", "li", "alize", "icate", "iciti", "ical", "ful",
        "ness", "ative", "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment",
        "ent", "ism", "ate", "iti", "ous", "ive", "ize", "ion", "sion", "tion", "e", "l", "ll",
        "s", "es", "ies", "ied", "sses", "ss", "us", "ed", "edly", "ing", "ingly", "eed", "eedly",
        "y", "ly", "'s", "'", "s'", "ingly", "ings", "edness", "at", "bl", "iz", "ys", "yed",
        "ying", "ey", "ay", "ies's",
    ];

    /// Word starts that decide R1 and R2 or the `y` marking.
    const STARTS: &[&str] = &[
        "", "", "", "", "gener", "commun", "arsen", "genera", "communi", "y", "yy", "ya", "ye",
        "ay", "ey", "oy", "ayy", "'", "''", "'y", "a", "e", "o", "u", "i", "ab", "ob", "ea", "sk",
        "sky", "succ", "proc", "exc", "inn", "out", "earr", "herr", "cann", "x", "w", "h", "b",
        "t", "tr", "st", "-", "0", "a-",
    ];

    const ONSETS: &[&str] = &[
        "", "", "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v",
        "w", "x", "z", "y", "bl", "br", "ch", "cl", "cr", "dr", "gr", "pl", "pr", "sh", "sl", "st",
        "str", "th", "tr", "wh", "bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt", "ll", "ss",
        "zz",
    ];

    const NUCLEI: &[&str] = &[
        "a", "e", "i", "o", "u", "y", "a", "e", "i", "o", "ai", "ea", "ee", "ie", "oo", "ou", "ay",
        "ey", "oy", "uy", "ya", "yo",
    ];

    const CODAS: &[&str] = &["", "", "", "", "n", "r", "s", "t", "l", "w", "x", "y", "ng"];

    /// A word from a start, syllables and suffixes, sometimes with an
    /// uppercase letter, a hyphen, a digit or a non-ASCII character.
    fn random_word(mix: &mut SplitMix64) -> String {
        let mut word = String::from(pick(mix, STARTS));
        for _ in 0..mix.below(4) {
            word.push_str(pick(mix, ONSETS));
            word.push_str(pick(mix, NUCLEI));
            word.push_str(pick(mix, CODAS));
        }
        for _ in 0..1 + mix.below(3) {
            word.push_str(pick(mix, SUFFIXES));
        }
        match mix.below(40) {
            0 => word = word.to_uppercase(),
            1 if !word.is_empty() => {
                let at = mix.below(word.len());
                word = format!("{}{}", &word[..at].to_uppercase(), &word[at..]);
            }
            2 => word.insert(
                mix.below(word.len() + 1),
                pick(mix, &["-", "0", "'", "’", "é", "ß"])
                    .chars()
                    .next()
                    .unwrap(),
            ),
            3 => word.push_str(pick(mix, &["'s", "s'", "’s", "s"])),
            _ => {}
        }
        word
    }

    #[test]
    fn stems_random_suffixed_words_like_the_crate() {
        let mut mix = SplitMix64::new(0x5EED_2024);
        let words: Vec<String> = (0..320_000).map(|_| random_word(&mut mix)).collect();
        assert_same_as_crate("random words", words.iter().map(String::as_str));
    }

    #[test]
    fn stems_exceptions_and_odd_words_like_the_crate() {
        let exceptions = [
            "skis", "skies", "dying", "lying", "tying", "idly", "gently", "ugly", "early", "only",
            "singly", "sky", "news", "howe", "atlas", "cosmos", "bias", "andes", "inning",
            "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed",
        ];
        let mut words: Vec<String> = Vec::new();
        for e in exceptions {
            for w in [
                e.to_string(),
                format!("{e}s"),
                format!("{e}'s"),
                format!("{e}'"),
                format!("'{e}"),
                format!("x{e}"),
                e.to_uppercase(),
                e[..e.len() - 1].to_string(),
            ] {
                words.push(w);
            }
        }
        let odd = [
            "",
            "a",
            "'",
            "''",
            "'''",
            "''s",
            "'s'",
            "'s",
            "s's",
            "a's",
            "'ab",
            "'yes",
            "yes",
            "Yes",
            "YES",
            "yYy",
            "sayYing",
            "Ayy",
            "ayyy",
            "yyy",
            "y'y",
            "cease-fire",
            "de-escalation",
            "0-hour",
            "48-hours",
            "1990s",
            "covid-19",
            "x-ray",
            "rock'n'roll",
            "don't",
            "isn't",
            "o'clock",
            "ma'am",
            "café",
            "cafés",
            "naïvely",
            "straße",
            "über",
            "résumés",
            "israel’s",
            "don’t",
            "’s",
            "é",
            "éé",
            "ééé",
            "aé",
            "a\u{301}s",
            "ĳs",
            "RUNNING",
            "Running",
            "HOPED",
            "Hoped",
            "GENERATIONS",
            "ReportedLY",
            "TieS",
            "generously",
            "generate",
            "general",
            "communism",
            "community",
            "arsenal",
            "arsenic",
            "gener",
            "commun",
            "arsen",
            "hoped",
            "hoping",
            "hopped",
            "filed",
            "failed",
            "agreed",
            "feed",
            "bleed",
            "fly",
            "flies",
            "cries",
            "ties",
            "dies",
            "lies",
            "spied",
            "cried",
            "toy",
            "toys",
            "played",
            "playing",
            "enjoyed",
            "happy",
            "happily",
            "boy",
            "by",
            "bye",
            "say",
            "saying",
            "said",
            "abbey",
            "yay",
            "yelled",
            "youth",
            "beyond",
            "kayak",
            "ab\0ing",
            "\0\0\0s",
            "tab\ted",
            "\0y\0yed",
            "crying",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaations",
        ];
        words.extend(odd.iter().map(|w| w.to_string()));
        // Around the fast path's length limit.
        for n in 55..70 {
            words.push(format!("{}ationally", "b".repeat(n - 9)));
            words.push(format!("{}yingly", "ay".repeat(n / 2)));
        }
        assert_same_as_crate("exceptions and odd words", words.iter().map(String::as_str));
    }

    #[test]
    fn stem_borrows_the_word_when_it_is_a_prefix() {
        assert!(matches!(stem("running"), Cow::Borrowed("run")));
        assert!(matches!(stem("'nations'"), Cow::Borrowed("nation")));
        assert!(matches!(stem("happy"), Cow::Owned(s) if s == "happi"));
        assert!(matches!(stem("skies"), Cow::Borrowed("sky")));
        assert!(matches!(stem("hoped"), Cow::Borrowed("hope")));
        assert!(matches!(stem("enjoyed"), Cow::Borrowed("enjoy")));
    }
}
