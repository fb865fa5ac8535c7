"""The Hadoop-streaming recipe of docs/python.md, run for real: the CLI as
a mapper reading JSONL on stdin and writing JSONL on stdout, one process
per input split; the splits' outputs together are the rows of one run over
the whole input, and the Python package's rows for the same texts."""

import json
import subprocess

import rhetoric

# The mapper command of docs/python.md (the binary's path filled in).
MAPPER = "{bin} predict - --input-format jsonl --format jsonl --id-col id --quiet"


def run_mapper(binary, lines):
    r = subprocess.run(MAPPER.format(bin=binary), shell=True, input="".join(lines),
                       capture_output=True, text=True)
    return r.returncode, r.stdout, r.stderr


def test_streaming_splits_give_the_rows_of_one_run(repo, cli_jsonl, tmp_path):
    from conftest import _cli_path

    binary = _cli_path()
    texts = [p.read_text(encoding="utf-8") for p in sorted((repo / "seeds").glob("*.txt"))]
    texts += ["Rockets were fired overnight.", "Both sides agreed to keep talking."]
    lines = [json.dumps({"id": f"n{i}", "text": t}) + "\n" for i, t in enumerate(texts)]
    (tmp_path / "all.jsonl").write_text("".join(lines), encoding="utf-8")
    whole = cli_jsonl("predict", tmp_path / "all.jsonl", "--format", "jsonl", "--id-col", "id")
    out = []
    for split in (lines[:3], lines[3:5], lines[5:]):
        code, stdout, stderr = run_mapper(binary, split)
        assert code == 0, stderr
        out += [json.loads(l) for l in stdout.splitlines()]
    drop = lambda r: {k: v for k, v in r.items() if k not in ("source", "line")}
    assert [drop(r) for r in out] == [drop(r) for r in whole]
    assert len(out) > len(texts)
    mine = rhetoric.predict([{"id": f"n{i}", "text": t} for i, t in enumerate(texts)], id_col="id")
    assert mine == [drop(r) for r in out]


def test_a_bad_line_is_reported_and_the_others_are_labeled(repo):
    from conftest import _cli_path

    lines = ['{"id": "a", "text": "Shelling resumed."}\n', "not json\n", '{"id": "b", "text": "Talks resumed."}\n']
    code, stdout, stderr = run_mapper(_cli_path(), lines)
    assert code == 3  # partial: some rows skipped
    assert "<stdin>: line 2: not valid JSON" in stderr
    assert [json.loads(l)["doc"] for l in stdout.splitlines()] == ["a", "b"]
