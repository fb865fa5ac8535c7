//! cargo-fuzz target: see `rhetoric_fuzz::text`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rhetoric_fuzz::text(data));
