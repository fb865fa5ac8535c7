#!/usr/bin/env bash
# The README's test command: every test of the project, installing what the
# tests need first. `.ci/run` calls exactly this after its format and lint checks.
set -euo pipefail
cd "$(dirname "$0")/.."
# The trend page test screenshots a page in headless chromium.
bash scripts/install-chromium.sh
cargo test
# The Python package, built in a fresh venv and checked against the CLI.
bash scripts/python-test.sh
