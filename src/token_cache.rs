//! A bounded map from token strings to what was worked out about them.
//!
//! Prediction looks up every token of every sentence in such caches (stems,
//! vocabulary ids, sentiment classes). With `String` keys each hit paid for
//! a `memcmp` call, the largest single cost in a profile. Here a token of up
//! to 15 bytes is packed with its length into two words, so a lookup is a
//! hash of two words and an integer compare; longer tokens use a string map.
//! The map is cleared when it reaches its limit, so memory stays flat however
//! many distinct tokens a batch holds.

use rustc_hash::FxHashMap;

/// Tokens of at most this many bytes get a packed key.
const SHORT: usize = 15;

/// Pack `s` (≤ 15 bytes) with its length into two words; distinct strings
/// give distinct keys. (Two `u64`s rather than a `u128`, whose 16-byte
/// alignment would make every entry larger.)
fn pack(s: &str) -> Option<[u64; 2]> {
    let b = s.as_bytes();
    if b.len() > SHORT {
        return None;
    }
    let mut buf = [0u8; 16];
    buf[..b.len()].copy_from_slice(b);
    buf[SHORT] = b.len() as u8;
    let (lo, hi) = buf.split_at(8);
    Some([
        u64::from_le_bytes(lo.try_into().expect("8 bytes")),
        u64::from_le_bytes(hi.try_into().expect("8 bytes")),
    ])
}

/// `pack(token)` for a token that lies inside `text`, read as one 16-byte
/// window of `text` and masked to the token's length: no byte copy, which
/// made a lookup about 2.5 times as fast in a benchmark on the 300k
/// corpus's tokens. Falls back to `pack` when the window would run past
/// the end of `text` or the token is not inside it.
fn pack_within(token: &str, text: &str) -> Option<[u64; 2]> {
    let len = token.len();
    if len > SHORT {
        return None;
    }
    let start = (token.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    let window = text.as_bytes().get(start..start.wrapping_add(16));
    let inside = start <= text.len() && start + len <= text.len();
    let Some(window) = window.filter(|_| inside) else {
        return pack(token);
    };
    let (lo, hi) = window.split_at(8);
    let lo = u64::from_le_bytes(lo.try_into().expect("8 bytes"));
    let hi = u64::from_le_bytes(hi.try_into().expect("8 bytes"));
    // Keep the token's bytes only (little-endian: low bytes first).
    let keep = |word: u64, bytes: usize| match bytes {
        0 => 0,
        8.. => word,
        n => word & (u64::MAX >> (64 - 8 * n)),
    };
    let lo = keep(lo, len.min(8));
    let hi = keep(hi, len.saturating_sub(8));
    Some([lo, hi | ((len as u64) << 56)])
}

/// Slots of the direct-mapped front table (a power of two).
const FRONT: usize = 1 << 12;

/// Token → value, bounded.
///
/// Lookups go first to a small direct-mapped table (4,096 slots, about
/// 160 KiB, so it stays in the core's L2 cache) that holds the most
/// recently used short tokens; the hash maps behind it are megabytes, and a
/// profile showed most of their lookups waiting on memory. (4,096 slots
/// measured a little faster than 8,192 on the 300k benchmark.)
#[derive(Debug, Clone)]
pub struct TokenCache<V> {
    front: Vec<Option<([u64; 2], V)>>,
    short: FxHashMap<[u64; 2], V>,
    long: FxHashMap<Box<str>, V>,
    limit: usize,
}

/// The front slot of a packed key.
fn slot(k: &[u64; 2]) -> usize {
    let h = (k[0] ^ k[1].rotate_left(29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (h >> 51) as usize & (FRONT - 1)
}

impl<V: Copy> TokenCache<V> {
    /// A cache that forgets everything once it holds `limit` entries.
    pub fn new(limit: usize) -> Self {
        TokenCache {
            front: vec![None; FRONT],
            short: FxHashMap::default(),
            long: FxHashMap::default(),
            limit,
        }
    }

    pub fn get(&mut self, token: &str) -> Option<V> {
        self.get_packed(pack(token), token)
    }

    /// [`get`](Self::get) for a `token` that is a slice of `text` (faster).
    pub fn get_within(&mut self, token: &str, text: &str) -> Option<V> {
        self.get_packed(pack_within(token, text), token)
    }

    fn get_packed(&mut self, key: Option<[u64; 2]>, token: &str) -> Option<V> {
        match key {
            Some(k) => {
                let i = slot(&k);
                if let Some((key, v)) = self.front[i] {
                    if key == k {
                        return Some(v);
                    }
                }
                let v = self.short.get(&k).copied()?;
                self.front[i] = Some((k, v));
                Some(v)
            }
            None => self.long.get(token).copied(),
        }
    }

    pub fn insert(&mut self, token: &str, value: V) {
        self.insert_packed(pack(token), token, value)
    }

    fn insert_packed(&mut self, key: Option<[u64; 2]>, token: &str, value: V) {
        if self.len() >= self.limit {
            self.front.iter_mut().for_each(|s| *s = None);
            self.short.clear();
            self.long.clear();
        }
        match key {
            Some(k) => {
                self.front[slot(&k)] = Some((k, value));
                self.short.insert(k, value);
            }
            None => {
                self.long.insert(token.into(), value);
            }
        }
    }

    /// The cached value, or `make(token)` (then cached).
    pub fn get_or_insert_with(&mut self, token: &str, make: impl FnOnce(&str) -> V) -> V {
        self.get_or_insert_packed(pack(token), token, make)
    }

    /// [`get_or_insert_with`](Self::get_or_insert_with) for a `token` that
    /// is a slice of `text` (faster).
    pub fn get_or_insert_within(
        &mut self,
        token: &str,
        text: &str,
        make: impl FnOnce(&str) -> V,
    ) -> V {
        self.get_or_insert_packed(pack_within(token, text), token, make)
    }

    fn get_or_insert_packed(
        &mut self,
        key: Option<[u64; 2]>,
        token: &str,
        make: impl FnOnce(&str) -> V,
    ) -> V {
        if let Some(v) = self.get_packed(key, token) {
            return v;
        }
        let v = make(token);
        self.insert_packed(key, token, v);
        v
    }

    /// One part of the value cached for `token` (a slice of `text`):
    /// `part` reads it, and when the token is new (`V::default()`) or its
    /// value lacks that part, `fill` works it out, stores it in the value
    /// and returns it. Lets one entry per token hold facts that different
    /// passes over a sentence need, so each pass finds them with the same
    /// key in the same (by then cache-warm) slot.
    pub fn part_within<P: Copy>(
        &mut self,
        token: &str,
        text: &str,
        part: impl Fn(&V) -> Option<P>,
        fill: impl FnOnce(&str, &mut V) -> P,
    ) -> P
    where
        V: Default,
    {
        let key = pack_within(token, text);
        let mut value = match self.get_packed(key, token) {
            Some(v) => match part(&v) {
                Some(p) => return p,
                None => v,
            },
            None => V::default(),
        };
        let p = fill(token, &mut value);
        self.insert_packed(key, token, value);
        p
    }

    pub fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_tokens_are_told_apart() {
        let mut c = TokenCache::new(100);
        let words = [
            "",
            "a",
            "a\0",
            "ab",
            "ba",
            "fifteen-bytes!!",
            "sixteen-bytes!!!",
            "sixteen-bytes!!?",
        ];
        for (i, w) in words.iter().enumerate() {
            c.insert(w, i);
        }
        for (i, w) in words.iter().enumerate() {
            assert_eq!(c.get(w), Some(i), "{w:?}");
        }
        assert_eq!(c.get("abc"), None);
        assert_eq!(c.len(), words.len());
    }

    #[test]
    fn packing_from_the_text_equals_packing_the_token() {
        let text =
            "Israel\u{2019}s army said, \"no\" (U.S.) a ab abc 1,200 de-escalation-and-more x";
        for start in 0..=text.len() {
            for end in start..=text.len() {
                if let Some(token) = text.get(start..end) {
                    assert_eq!(pack_within(token, text), pack(token), "{token:?}");
                }
            }
        }
        // A token from elsewhere is packed by copying.
        assert_eq!(pack_within("said", text), pack("said"));
        let mut c = TokenCache::new(100);
        c.insert("army", 7);
        let at = |w: &str| text.find(w).unwrap();
        let (army, said) = (at("army"), at("said"));
        assert_eq!(c.get_within(&text[army..army + 4], text), Some(7));
        assert_eq!(
            c.get_or_insert_within(&text[said..said + 4], text, |t| t.len()),
            4
        );
        assert_eq!(c.get("said"), Some(4));
    }

    #[test]
    fn a_full_cache_starts_over() {
        let mut c = TokenCache::new(2);
        c.insert("x", 1);
        c.insert("y", 2);
        c.insert("z", 3);
        assert_eq!(c.len(), 1);
        assert_eq!(c.get("z"), Some(3));
        assert_eq!(c.get("x"), None);
        assert_eq!(c.get_or_insert_with("q", |t| t.len()), 1);
    }
}
