"""Shared fixtures: the repository, the command-line binary to compare with."""

import json
import os
import pathlib
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]


def _cli_path():
    given = os.environ.get("RHETORIC_BIN")
    if given:
        return pathlib.Path(given)
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    for profile in ("debug", "release"):
        p = target / profile / "rhetoric"
        if p.exists():
            return p
    raise RuntimeError(
        f"no rhetoric binary under {target} (run `cargo build` first, or set RHETORIC_BIN)"
    )


@pytest.fixture(scope="session")
def cli():
    """Run the command line; returns its stdout (fails the test on a non-zero exit)."""
    binary = _cli_path()

    def run(*args, cwd=None, input=None):
        r = subprocess.run(
            [str(binary), *map(str, args)], cwd=cwd, input=input,
            capture_output=True, text=True,
        )
        assert r.returncode == 0, f"rhetoric {' '.join(map(str, args))}: exit {r.returncode}: {r.stderr}"
        return r.stdout

    return run


@pytest.fixture(scope="session")
def cli_jsonl(cli):
    """Run the command line and parse its JSONL output."""

    def run(*args, **kw):
        return [json.loads(line) for line in cli(*args, **kw).splitlines() if line.strip()]

    return run


@pytest.fixture(scope="session")
def repo():
    return REPO
