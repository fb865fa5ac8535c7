//! Helpers shared by the unit tests of several modules.

/// A reproducible stream of numbers from `seed` (a linear congruential
/// generator, Knuth's MMIX constants, top bits out): for tests that build
/// many odd inputs and must build the same ones on every run.
pub(crate) fn numbers(seed: u64) -> impl FnMut() -> usize {
    let mut state = seed;
    move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize
    }
}
