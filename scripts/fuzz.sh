#!/usr/bin/env bash
# Fuzz each target for 60 seconds and print executions and crashes.
#
#   bash scripts/fuzz.sh                  # csv, model and text, 60 s each
#   bash scripts/fuzz.sh model            # one target
#   FUZZ_SECONDS=600 bash scripts/fuzz.sh # longer
#
# Targets (fuzz/src/lib.rs): csv (labeled-CSV reader and the CSV/JSONL batch
# reader), model (ModelFile::from_bytes), text (HTML cleaner, sentence
# splitter, tokenizer, boilerplate, speakers, featurizer).
#
# Engine (FUZZ_ENGINE):
#   auto       libfuzzer when `cargo fuzz` is installed, else stable (default)
#   libfuzzer  cargo-fuzz (`cargo install cargo-fuzz`); uses the nightly
#              toolchain when rustup has one, else the stable compiler with
#              RUSTC_BOOTSTRAP=1 (libFuzzer needs -Z flags)
#   stable     fuzz/src/bin/stable.rs: a plain mutation loop without
#              coverage feedback, for machines where neither works
# FUZZ_SANITIZER (libfuzzer only): none (default; rhetoric has no `unsafe`,
#   and AddressSanitizer made the text target 6x slower) or address.
# FUZZ_ARGS: extra libFuzzer flags, e.g. "-jobs=4 -workers=4".
#
# Inputs grow in fuzz/corpus/TARGET (seeded from fuzz/seeds/TARGET); crashing
# inputs land in fuzz/artifacts/TARGET (stable engine: TARGET-stable).
# Replay one on stable with:
#   cargo run --release --manifest-path fuzz/Cargo.toml --no-default-features \
#     --features stable --bin stable -- TARGET fuzz/artifacts/TARGET/crash-...
# Not run by CI; the fuzz crate is its own workspace.
set -uo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-60}
sanitizer=${FUZZ_SANITIZER:-none}
engine=${FUZZ_ENGINE:-auto}
target_dir=${FUZZ_TARGET_DIR:-fuzz/target}
if [ $# -gt 0 ]; then targets=("$@"); else targets=(csv model text); fi

if [ "$engine" = auto ]; then
    if cargo fuzz --version >/dev/null 2>&1; then engine=libfuzzer; else engine=stable; fi
fi

toolchain=()
if [ "$engine" = libfuzzer ]; then
    if rustup run nightly rustc --version >/dev/null 2>&1; then
        toolchain=(+nightly)
    else
        export RUSTC_BOOTSTRAP=1
    fi
    echo "engine: libFuzzer via cargo-fuzz (${toolchain[*]:-stable with RUSTC_BOOTSTRAP=1}, sanitizer $sanitizer), ${seconds}s per target" >&2
    cargo "${toolchain[@]}" fuzz build -s "$sanitizer" --target-dir "$target_dir" >&2 || exit 2
else
    echo "engine: stable mutation loop (no coverage feedback), ${seconds}s per target" >&2
    CARGO_TARGET_DIR=$target_dir cargo build --release --manifest-path fuzz/Cargo.toml \
        --no-default-features --features stable --bin stable >&2 || exit 2
fi

status=0
summary=()
for t in "${targets[@]}"; do
    mkdir -p "fuzz/corpus/$t"
    log=$(mktemp)
    if [ "$engine" = libfuzzer ]; then
        before=$(ls "fuzz/artifacts/$t" 2>/dev/null | wc -l)
        cargo "${toolchain[@]}" fuzz run -s "$sanitizer" --target-dir "$target_dir" "$t" \
            "fuzz/corpus/$t" "fuzz/seeds/$t" -- \
            -max_total_time="$seconds" -print_final_stats=1 ${FUZZ_ARGS:-} 2>&1 | tee "$log" >&2
        rc=${PIPESTATUS[0]}
        execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
        after=$(ls "fuzz/artifacts/$t" 2>/dev/null | wc -l)
        crashes=$((after - before))
        summary+=("$t: ${execs:-?} executions in ${seconds}s, exit $rc, $crashes new crash artifact(s) in fuzz/artifacts/$t")
    else
        "$target_dir/release/stable" "$t" "$seconds" "fuzz/corpus/$t" 2>&1 | tee "$log" >&2
        rc=${PIPESTATUS[0]}
        summary+=("$(grep '^target ' "$log")")
    fi
    [ "$rc" -ne 0 ] && status=1
    rm -f "$log"
done

echo
echo "fuzz summary:"
printf '  %s\n' "${summary[@]}"
exit $status
