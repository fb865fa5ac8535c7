//! cargo-fuzz target: see `rhetoric_fuzz::csv`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rhetoric_fuzz::csv(data));
