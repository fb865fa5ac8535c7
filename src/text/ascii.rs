//! Lane-wise scans over ASCII text: how long a run of some class of bytes
//! is, found eight bytes at a time.
//!
//! The hot loops of prediction (the tokenizer's words, speaker
//! attribution's words, VADER's whitespace split) each walked a sentence
//! byte by byte, and the branch that ends a run was mispredicted at nearly
//! every word end. These scans test eight bytes per step in the lanes of a
//! `u64`, without a branch per byte.
//!
//! Each byte is tested on its low seven bits, in its own lane, so no carry
//! crosses into the next lane: adding `0x80 - lo` to a lane sets its top bit
//! exactly when the byte is at least `lo`. A byte with its own top bit set
//! (non-ASCII) always ends a run.

pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;
pub(crate) const TOP: u64 = 0x8080_8080_8080_8080;

/// Top bit of each lane of `low` (seven-bit lanes) that is at least `lo`.
fn at_least(low: u64, lo: u8) -> u64 {
    (low + (0x80 - u64::from(lo)) * ONES) & TOP
}

/// The length of the run at the start of `b` of bytes for which `member`
/// holds: `lanes(x)` gives the top bit of each lane of `x` that is a member
/// (an ASCII byte), `member` decides the bytes of the last partial word.
fn run_len(b: &[u8], lanes: impl Fn(u64) -> u64, member: impl Fn(u8) -> bool) -> usize {
    let mut done = 0;
    while let Some(chunk) = b.get(done..done + 8) {
        let x = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        let stop = (!lanes(x & !TOP) & TOP) | (x & TOP);
        if stop != 0 {
            return done + (stop.trailing_zeros() / 8) as usize;
        }
        done += 8;
    }
    done + b[done..]
        .iter()
        .position(|&c| !member(c))
        .unwrap_or(b.len() - done)
}

/// Top bit of each lane of `low` (seven-bit lanes) that is an ASCII letter
/// or digit.
fn alnum_lanes(low: u64) -> u64 {
    let folded = low | (0x20 * ONES); // 'A'..='Z' onto 'a'..='z'
    let digit = at_least(low, b'0') & !at_least(low, b'9' + 1);
    let letter = at_least(folded, b'a') & !at_least(folded, b'z' + 1);
    digit | letter
}

/// How many bytes at the start of `b` are ASCII letters or digits.
pub(crate) fn alnum_len(b: &[u8]) -> usize {
    run_len(b, alnum_lanes, |c| c.is_ascii_alphanumeric())
}

/// How many bytes at the start of `b` are ASCII graphic characters (`!`
/// to `~`: neither whitespace nor control nor non-ASCII).
pub(crate) fn graphic_len(b: &[u8]) -> usize {
    let lanes = |low: u64| at_least(low, b'!') & !at_least(low, 0x7f);
    run_len(b, lanes, |c| c.is_ascii_graphic())
}

/// The top bit of each lane of `x` (ASCII bytes) that is a letter, a
/// digit or `'`: the bytes of a word to the speech gate.
fn word_lanes(x: u64) -> u64 {
    let low = x & !TOP;
    let apostrophe = at_least(low, b'\'') & !at_least(low, b'\'' + 1);
    (alnum_lanes(low) | apostrophe) & !(x & TOP)
}

/// Eight lane top bits gathered into the low byte: bit `k` is lane `k`'s.
pub(crate) fn gather(top: u64) -> u64 {
    (top >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

/// Bit `i` set when byte `i` of `chunk` (at most 64 bytes) is an ASCII
/// letter, digit or `'`; bits past the chunk are clear.
fn word_mask(chunk: &[u8]) -> u64 {
    let mut mask = 0;
    let mut lanes = chunk.chunks_exact(8);
    let mut at = 0;
    for lane in &mut lanes {
        let x = u64::from_le_bytes(lane.try_into().expect("8 bytes"));
        mask |= gather(word_lanes(x)) << at;
        at += 8;
    }
    for (k, &c) in lanes.remainder().iter().enumerate() {
        mask |= u64::from(c.is_ascii_alphanumeric() || c == b'\'') << (at + k);
    }
    mask
}

/// Calls `f` on each word of the ASCII text `b` (a maximal run of letters,
/// digits and `'`), in order, until it returns true; whether one did.
/// Word edges are found 64 bytes at a time from a bit mask (eight lanes
/// per step), not byte by byte.
pub(crate) fn any_ascii_word(b: &[u8], mut f: impl FnMut(&[u8]) -> bool) -> bool {
    let mut start: Option<usize> = None;
    for (n, chunk) in b.chunks(64).enumerate() {
        let base = n * 64;
        let mask = word_mask(chunk);
        let mut pos = 0;
        while pos < chunk.len() {
            match start {
                None => {
                    let rest = mask >> pos;
                    if rest == 0 {
                        break;
                    }
                    pos += rest.trailing_zeros() as usize;
                    start = Some(base + pos);
                }
                Some(s) => {
                    // Bits past a short chunk are clear, so a word there ends.
                    let rest = !mask >> pos;
                    if rest == 0 {
                        break; // the word runs on into the next chunk
                    }
                    pos += rest.trailing_zeros() as usize;
                    if f(&b[s..base + pos]) {
                        return true;
                    }
                    start = None;
                }
            }
        }
    }
    start.is_some_and(|s| f(&b[s..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gather_packs_every_lane_pattern() {
        for bits in 0..=255u64 {
            let top = (0..8).fold(0u64, |t, k| t | ((bits >> k) & 1) << (8 * k + 7));
            assert_eq!(gather(top), bits);
        }
    }

    #[test]
    fn ascii_words_are_the_runs_of_word_bytes() {
        let is_word = |c: u8| c.is_ascii_alphanumeric() || c == b'\'';
        let naive = |b: &[u8]| -> Vec<Vec<u8>> {
            b.split(|&c| !is_word(c))
                .filter(|w| !w.is_empty())
                .map(<[u8]>::to_vec)
                .collect()
        };
        let words = |b: &[u8]| {
            let mut out = Vec::new();
            assert!(!any_ascii_word(b, |w| {
                out.push(w.to_vec());
                false
            }));
            out
        };
        // Every ASCII byte, alone and between word bytes, at every place
        // around the lane and chunk edges.
        for c in 0..128u8 {
            for at in [0, 1, 7, 8, 9, 62, 63, 64, 65, 127, 128, 130] {
                let mut b = vec![b'a'; 131];
                b[at] = c;
                assert_eq!(words(&b), naive(&b), "{c} at {at}");
                let mut b = vec![b' '; 131];
                b[at] = c;
                assert_eq!(words(&b), naive(&b), "{c} at {at}");
            }
        }
        let mut state = 7u64;
        let alphabet = b"aZ9' -.,\"\t!x";
        for len in 0..300 {
            let b: Vec<u8> = (0..len)
                .map(|_| {
                    state = state
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1_442_695_040_888_963_407);
                    alphabet[(state >> 33) as usize % alphabet.len()]
                })
                .collect();
            assert_eq!(words(&b), naive(&b), "{:?}", String::from_utf8_lossy(&b));
        }
        for text in crate::io::data::corpus_texts()
            .iter()
            .filter(|t| t.is_ascii())
        {
            assert_eq!(words(text.as_bytes()), naive(text.as_bytes()), "{text:?}");
        }
        // It stops at the first word `f` accepts.
        let mut seen = 0;
        assert!(any_ascii_word(b"one two three", |w| {
            seen += 1;
            w == b"two"
        }));
        assert_eq!(seen, 2);
    }

    /// Each scan against the byte-wise one: every byte value at every
    /// place in and past the first lanes, amid members of the class, and
    /// every start in every corpus text.
    fn agrees(scan: fn(&[u8]) -> usize, member: fn(u8) -> bool, fill: &[u8]) {
        let bytewise = |b: &[u8]| b.iter().position(|&c| !member(c)).unwrap_or(b.len());
        for stop in 0..=255u8 {
            for at in 0..fill.len() + 3 {
                for len in at..fill.len() + 3 {
                    let mut b: Vec<u8> = fill.iter().cycle().take(len + 1).copied().collect();
                    if at < b.len() {
                        b[at] = stop;
                    }
                    assert_eq!(scan(&b), bytewise(&b), "{b:?}");
                }
            }
        }
        for text in crate::io::data::corpus_texts() {
            for start in 0..text.len() {
                let b = &text.as_bytes()[start..];
                assert_eq!(scan(b), bytewise(b), "{text:?} at {start}");
            }
        }
    }

    #[test]
    fn the_alphanumeric_scan_stops_where_the_bytewise_one_does() {
        agrees(
            alnum_len,
            |c| c.is_ascii_alphanumeric(),
            b"aZ09zA9mQ0bYcXdW",
        );
    }

    #[test]
    fn the_graphic_scan_stops_where_the_bytewise_one_does() {
        agrees(graphic_len, |c| c.is_ascii_graphic(), b"a!~Z0@`{'\"-.,;?/");
    }
}
