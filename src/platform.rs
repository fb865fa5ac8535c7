//! The crate's only `unsafe` code, each use behind a safe function with
//! its safety argument. The rest of the crate is compiled with
//! `deny(unsafe_code)` (see `lib.rs`), so new `unsafe` has to come here,
//! where a reviewer finds it; `docs/performance.md` ("Unsafe code") gives
//! each use's measured gain, and a use that stops gaining 5% of a run goes.

/// Ask the CPU to start loading the cache line holding `value`, so that a
/// read of it soon after does not wait for memory.
///
/// Exists because the token caches are looked up once per token at random
/// slots: issuing the loads for the next tokens early hides their misses.
/// A plain read instead holds up the instructions behind it until it
/// arrives, and without either the lookups wait for each miss in turn.
#[inline(always)]
pub(crate) fn prefetch<T>(value: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: `_mm_prefetch` is a hint: it reads nothing into the program,
    // changes no memory and cannot fault, whatever the address; here the
    // address is even that of a live reference. SSE, which provides it,
    // is part of every x86-64 CPU.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(value).cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}
