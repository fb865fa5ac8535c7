#!/usr/bin/env bash
# Build the Python package (python/) in a fresh venv and run its pytest
# suite, which compares it with the CLI built here.
#
#   scripts/python-test.sh              dev profile: reuses what `cargo test` built
#   RHETORIC_PY_RELEASE=1 scripts/python-test.sh   optimised build (for benchmarks)
#
# The venv goes under the target directory (git-ignored), made anew each run.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-$PWD/target}"
venv="$target/python-venv"
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check maturin pytest pandas pyarrow 'dask[distributed]'
cargo build --quiet
cargo fmt --check -p rhetoric-python
cargo clippy --quiet -p rhetoric-python -- -D warnings
profile=()
if [ "${RHETORIC_PY_RELEASE:-0}" = 1 ]; then profile=(--release); fi
(cd python && VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH" maturin develop --quiet "${profile[@]}")
cd python && "$venv/bin/python" -m pytest -q -p no:cacheprovider tests
