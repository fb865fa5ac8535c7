//! Helpers shared by the unit tests of several modules.

/// A reproducible stream of numbers from `seed` (31-bit, from the crate's
/// one generator): for tests that build many odd inputs and must build the
/// same ones on every run.
pub(crate) fn numbers(seed: u64) -> impl FnMut() -> usize {
    let mut rng = crate::rng::SplitMix64::new(seed);
    move || (rng.next_u64() >> 33) as usize
}
