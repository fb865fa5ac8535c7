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

const ONES: u64 = 0x0101_0101_0101_0101;
const TOP: u64 = 0x8080_8080_8080_8080;

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

/// How many bytes at the start of `b` are ASCII letters or digits.
pub(crate) fn alnum_len(b: &[u8]) -> usize {
    let lanes = |low: u64| {
        let folded = low | (0x20 * ONES); // 'A'..='Z' onto 'a'..='z'
        let digit = at_least(low, b'0') & !at_least(low, b'9' + 1);
        let letter = at_least(folded, b'a') & !at_least(folded, b'z' + 1);
        digit | letter
    };
    run_len(b, lanes, |c| c.is_ascii_alphanumeric())
}

/// How many bytes at the start of `b` are ASCII graphic characters (`!`
/// to `~`: neither whitespace nor control nor non-ASCII).
pub(crate) fn graphic_len(b: &[u8]) -> usize {
    let lanes = |low: u64| at_least(low, b'!') & !at_least(low, 0x7f);
    run_len(b, lanes, |c| c.is_ascii_graphic())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        for text in crate::data::corpus_texts() {
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
