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
    let window = offset_within(token, text).and_then(|at| text.as_bytes().get(at..at + 16));
    let Some(window) = window else {
        return pack(token);
    };
    let window = u128::from_le_bytes(window.try_into().expect("16 bytes"));
    // Keep the token's bytes only (little-endian: low bytes first); one
    // shift, where a mask per half took a branch each.
    let kept = window & ((1u128 << (8 * len)) - 1);
    Some([kept as u64, (kept >> 64) as u64 | ((len as u64) << 56)])
}

/// Where `token` starts in `text`, when it is a slice of it (and not, say,
/// a placeholder such as `<url>`).
pub(crate) fn offset_within(token: &str, text: &str) -> Option<usize> {
    let at = (token.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    (at + token.len() <= text.len()).then_some(at)
}

/// A packed key as the table stores it (see [`EMPTY`]).
fn stored(k: [u64; 2]) -> [u64; 2] {
    [k[0], k[1] | OCCUPIED]
}

/// Slots a new cache starts with (a power of two); the table doubles when
/// half full.
const INITIAL_SLOTS: usize = 1 << 10;

/// The key of an empty slot. Stored keys have the top bit of their length
/// byte set, so no token's key is this one (not even the empty token's).
const EMPTY: [u64; 2] = [0, 0];
const OCCUPIED: u64 = 1 << 63;

/// Token → value, bounded.
///
/// Short tokens live in an open-addressed table (linear probing, at most
/// half full) whose slots hold key and value together, so a lookup reads
/// one cache line. Why not a hash map: a profile showed the lookups of
/// `predict` waiting on memory, and a caller that knows the next tokens can
/// [`probe`](Self::probe_within) their slots first, so the reads overlap
/// instead of waiting one after another (about 5 times faster per lookup
/// in a benchmark on the 300k corpus's tokens).
#[derive(Debug, Clone)]
pub struct TokenCache<V> {
    slots: Vec<Slot<V>>,
    short_len: usize,
    long: FxHashMap<Box<str>, V>,
    limit: usize,
}

/// A key and its value, aligned so that a slot of up to 32 bytes never
/// straddles two cache lines (a lookup then reads exactly one).
#[derive(Debug, Clone, Copy)]
#[repr(align(32))]
struct Slot<V>(
    /// The stored key, or [`EMPTY`].
    [u64; 2],
    V,
);

/// Bytes one cache slot takes for values of type `V`.
#[cfg(test)]
pub(crate) fn slot_size<V>() -> usize {
    std::mem::size_of::<Slot<V>>()
}

/// The hash of a stored key; its slot in a table of `mask + 1` slots is
/// `hash & mask`.
fn hash(k: &[u64; 2]) -> usize {
    let h = (k[0] ^ k[1].rotate_left(29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (h >> 32) as usize
}

/// A token's stored key and hash, worked out once: by
/// [`TokenCache::probe_within`], which prefetches the token's slot, for the
/// lookup that follows it. (Packing and hashing each word twice, for the
/// prefetch and again for the lookup, was a tenth of featurizing.)
#[derive(Debug, Clone, Copy, Default)]
pub struct Probe {
    /// The stored key and its hash; `None` for a long token.
    short: Option<([u64; 2], usize)>,
}

impl Probe {
    /// The probe of `token` (a slice of `text`, or any other string),
    /// without a prefetch.
    pub fn within(token: &str, text: &str) -> Self {
        Probe::of(pack_within(token, text))
    }

    fn of(key: Option<[u64; 2]>) -> Self {
        Probe {
            short: key.map(|k| {
                let k = stored(k);
                (k, hash(&k))
            }),
        }
    }
}

impl<V: Copy + Default> TokenCache<V> {
    /// A cache that forgets everything once it holds `limit` entries.
    pub fn new(limit: usize) -> Self {
        TokenCache {
            slots: vec![Slot(EMPTY, V::default()); INITIAL_SLOTS],
            short_len: 0,
            long: FxHashMap::default(),
            limit,
        }
    }

    /// The slot holding stored key `k` (whose hash is `h`), or the empty
    /// slot where it would go.
    fn find(&self, k: &[u64; 2], h: usize) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = h & mask;
        loop {
            let key = &self.slots[i].0;
            if key == k || *key == EMPTY {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /// The [`Probe`] of `token` (a slice of `text`), with its slot
    /// prefetched, so that a lookup soon after finds it in the CPU cache.
    /// Call it for the next several tokens before looking them up. (A
    /// prefetch instruction, not a plain read: a read that misses holds up
    /// the instructions behind it, and the prefetch made featurizing 20%
    /// faster than such a read did.)
    pub fn probe_within(&self, token: &str, text: &str) -> Probe {
        let probe = Probe::within(token, text);
        if let Some((_, h)) = probe.short {
            crate::platform::prefetch(&self.slots[h & (self.slots.len() - 1)]);
        }
        probe
    }

    pub fn get(&mut self, token: &str) -> Option<V> {
        self.get_probed(Probe::of(pack(token)), token)
    }

    /// (Inlined, with the rare long tokens' map lookup kept out of line:
    /// as one function the compiler did not inline it, and a lean labeling
    /// run took 1.1% more instructions.)
    #[inline(always)]
    fn get_probed(&mut self, probe: Probe, token: &str) -> Option<V> {
        match probe.short {
            Some((k, h)) => {
                let Slot(key, v) = self.slots[self.find(&k, h)];
                (key == k).then_some(v)
            }
            None => self.get_long(token),
        }
    }

    #[inline(never)]
    fn get_long(&self, token: &str) -> Option<V> {
        self.long.get(token).copied()
    }

    pub fn insert(&mut self, token: &str, value: V) {
        self.insert_probed(Probe::of(pack(token)), token, value)
    }

    fn insert_probed(&mut self, probe: Probe, token: &str, value: V) {
        if self.len() >= self.limit {
            self.slots.fill(Slot(EMPTY, V::default()));
            self.short_len = 0;
            self.long.clear();
        }
        match probe.short {
            Some((k, h)) => {
                let i = self.find(&k, h);
                if self.slots[i].0 == EMPTY {
                    if 2 * (self.short_len + 1) > self.slots.len() {
                        self.grow();
                        return self.insert_probed(probe, token, value);
                    }
                    self.short_len += 1;
                }
                self.slots[i] = Slot(k, value);
            }
            None => {
                self.long.insert(token.into(), value);
            }
        }
    }

    /// Double the table (keys move to their slots in the larger one).
    fn grow(&mut self) {
        let bigger = vec![Slot(EMPTY, V::default()); 2 * self.slots.len()];
        let old = std::mem::replace(&mut self.slots, bigger);
        for Slot(k, v) in old {
            if k != EMPTY {
                let i = self.find(&k, hash(&k));
                self.slots[i] = Slot(k, v);
            }
        }
    }

    /// The cached value, or `make(token)` (then cached).
    pub fn get_or_insert_with(&mut self, token: &str, make: impl FnOnce(&str) -> V) -> V {
        self.get_or_insert_probed(Probe::of(pack(token)), token, make)
    }

    /// [`get_or_insert_with`](Self::get_or_insert_with) for a `token` that
    /// is a slice of `text` (faster).
    pub fn get_or_insert_within(
        &mut self,
        token: &str,
        text: &str,
        make: impl FnOnce(&str) -> V,
    ) -> V {
        self.get_or_insert_probed(Probe::within(token, text), token, make)
    }

    /// [`get_or_insert_with`](Self::get_or_insert_with) for the token
    /// whose [`Probe`] is `probe`.
    pub fn get_or_insert_probed(
        &mut self,
        probe: Probe,
        token: &str,
        make: impl FnOnce(&str) -> V,
    ) -> V {
        if let Some(v) = self.get_probed(probe, token) {
            return v;
        }
        let v = make(token);
        self.insert_probed(probe, token, v);
        v
    }

    /// One part of the value cached for `token` (a slice of `text`):
    /// `part` reads it, and when the token is new (`V::default()`) or its
    /// value lacks that part, `fill` works it out, stores it in the value
    /// and returns it. Lets one entry per token hold facts that different
    /// passes over a sentence need, so each pass finds them with the same
    /// key in the same (by then cache-warm) slot. Returns the entry too, as
    /// it now stands.
    pub fn part_within<P: Copy>(
        &mut self,
        token: &str,
        text: &str,
        part: impl Fn(&V) -> Option<P>,
        fill: impl FnOnce(&str, &mut V) -> P,
    ) -> (P, V) {
        self.part_probed(Probe::within(token, text), token, part, fill)
    }

    /// [`part_within`](Self::part_within) for the token whose [`Probe`] is
    /// `probe`.
    pub fn part_probed<P: Copy>(
        &mut self,
        probe: Probe,
        token: &str,
        part: impl Fn(&V) -> Option<P>,
        fill: impl FnOnce(&str, &mut V) -> P,
    ) -> (P, V) {
        let mut value = match self.get_probed(probe, token) {
            Some(v) => match part(&v) {
                Some(p) => return (p, v),
                None => v,
            },
            None => V::default(),
        };
        let p = fill(token, &mut value);
        self.insert_probed(probe, token, value);
        (p, value)
    }

    pub fn len(&self) -> usize {
        self.short_len + self.long.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Where a pass over a sentence keeps one fact of type `P` per token: a
/// `TokenCache<P>` of its own, or one part of a larger per-token value that
/// it shares with other passes (see `features::WordFacts`).
pub trait TokenFact<P> {
    /// The fact of `token` (a slice of `text`, or a placeholder), or
    /// `make(token)`, kept.
    fn fact_within(&mut self, token: &str, text: &str, make: impl FnOnce(&str) -> P) -> P;

    /// The [`Probe`] of `token` (a slice of `text`, or a placeholder), its
    /// entry prefetched where the store can: a
    /// [`fact_probed`](Self::fact_probed) follows.
    fn probe(&self, token: &str, text: &str) -> Probe {
        Probe::within(token, text)
    }

    /// [`fact_within`](Self::fact_within) for the token whose probe this
    /// fact store gave (a store that keeps no probes ignores it).
    fn fact_probed(
        &mut self,
        _probe: Probe,
        token: &str,
        text: &str,
        make: impl FnOnce(&str) -> P,
    ) -> P {
        self.fact_within(token, text, make)
    }
}

impl<V: Copy + Default> TokenFact<V> for TokenCache<V> {
    fn fact_within(&mut self, token: &str, text: &str, make: impl FnOnce(&str) -> V) -> V {
        self.get_or_insert_within(token, text, make)
    }

    fn probe(&self, token: &str, text: &str) -> Probe {
        self.probe_within(token, text)
    }

    fn fact_probed(
        &mut self,
        probe: Probe,
        token: &str,
        _text: &str,
        make: impl FnOnce(&str) -> V,
    ) -> V {
        self.get_or_insert_probed(probe, token, make)
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
        // Found through the window key (0 would mean it was not).
        assert_eq!(
            c.get_or_insert_within(&text[army..army + 4], text, |_| 0),
            7
        );
        assert_eq!(
            c.get_or_insert_within(&text[said..said + 4], text, |t| t.len()),
            4
        );
        assert_eq!(c.get("said"), Some(4));
    }

    #[test]
    fn the_table_grows_and_keeps_every_entry() {
        // Far more short keys than the first table has slots, with shared
        // prefixes and lengths, so that keys collide and probe.
        let words: Vec<String> = (0..20_000).map(|i| format!("w{i:x}")).collect();
        let mut c = TokenCache::new(1 << 20);
        for (i, w) in words.iter().enumerate() {
            let probe = c.probe_within(w, w);
            assert_eq!(c.get_or_insert_probed(probe, w, |_| i), i);
        }
        assert_eq!(c.len(), words.len());
        for (i, w) in words.iter().enumerate() {
            assert_eq!(c.get(w), Some(i), "{w}");
        }
        assert_eq!(c.get("w"), None);
        assert_eq!(c.get("w4e20"), None);
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
