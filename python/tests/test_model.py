"""rhetoric.Model: train, save, load, evaluate, explain, as the command line."""

import csv
import json
import pickle
import subprocess
import sys

import pandas as pd
import pytest

import rhetoric


def labeled_rows(repo, name, n):
    with open(repo / "data" / name, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))[:n]
    assert len(rows) == n
    return [r["text"] for r in rows], [r["label"] for r in rows]


def write_labeled(path, texts, labels):
    # `\n` line ends and minimal quoting: the CSV whose digest Model.train records.
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["text", "label"])
        w.writerows(zip(texts, labels))


def test_training_gives_the_clis_model_file_byte_for_byte(repo, tmp_path, cli):
    texts, labels = labeled_rows(repo, "train.csv", 700)
    write_labeled(tmp_path / "t.csv", texts, labels)
    cli("train", "t.csv", "-o", "cli.model", "--seed", "7", "--max-features", "256", "--quiet", cwd=tmp_path)
    model = rhetoric.Model.train(texts, labels, source="t.csv", seed=7, max_features=256)
    model.save(tmp_path / "py.model")
    assert (tmp_path / "py.model").read_bytes() == (tmp_path / "cli.model").read_bytes()
    assert "validation" in model.report
    # Round trip: the saved file loads and labels as the model it came from.
    again = rhetoric.Model.load(tmp_path / "py.model")
    probe = ["Troops fired shells across the border.", "Both sides welcomed the truce."]
    assert rhetoric.predict(probe, again) == rhetoric.predict(probe, model)
    assert again.training["rows"] == 700 and again.training["data_file"] == "t.csv"
    # A different seed changes the held-out split, so the file.
    other = rhetoric.Model.train(texts, labels, source="t.csv", seed=8, max_features=256)
    other.save(tmp_path / "other.model")
    assert (tmp_path / "other.model").read_bytes() != (tmp_path / "cli.model").read_bytes()


def test_evaluate_gives_the_numbers_of_rhetoric_eval(repo, cli):
    want = json.loads(cli("eval", repo / "data" / "test.csv", "--json"))
    texts, labels = labeled_rows(repo, "test.csv", len_rows(repo / "data" / "test.csv"))
    got = rhetoric.Model.default().evaluate(texts, labels)
    for key in ("accuracy", "macro_f1", "weighted_f1", "per_class", "confusion_matrix",
                "log_loss", "brier", "ece", "reliability"):
        assert got[key] == want[key], key
    assert 0.5 < got["accuracy"] < 1
    mistakes = [(m["text"], m["gold"], m["predicted"], m["confidence"]) for m in got["misclassified"]]
    assert mistakes == [(m["text"], m["gold"], m["predicted"], m["confidence"]) for m in want["misclassified"]]
    first = got["misclassified"][0]
    assert texts[first["index"]] == first["text"]


def len_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return sum(1 for _ in csv.DictReader(f))


def test_explain_gives_the_clis_explanations(cli):
    text = "Troops massed at the border. The talks will resume on Monday."
    want = [json.loads(l) for l in cli("explain", text, "--json", "--top", "5").splitlines()]
    got = rhetoric.Model.default().explain(text, top=5)
    assert len(got) == 2
    assert got == want


def test_bad_input_raises_input_error_with_the_clis_message(tmp_path):
    assert issubclass(rhetoric.InputError, ValueError)
    with pytest.raises(rhetoric.InputError, match="single string"):
        rhetoric.predict("one text, not a list")
    with pytest.raises(rhetoric.InputError, match=r"texts\[1\] is a float, not a str \(a missing value\?\)"):
        rhetoric.predict(["fine", float("nan")])
    with pytest.raises(rhetoric.InputError, match="no such file"):
        rhetoric.Model.load(tmp_path / "missing.model")
    (tmp_path / "notes.model").write_text("not a model\n")
    with pytest.raises(rhetoric.InputError, match="not a rhetoric model file"):
        rhetoric.Model.load(tmp_path / "notes.model")
    with pytest.raises(rhetoric.InputError, match="2 texts but 1 labels"):
        rhetoric.Model.train(["a b", "c d"], ["x"])
    with pytest.raises(rhetoric.InputError, match=r"texts\[1\] is empty"):
        rhetoric.Model.train(["a b", "  "], ["x", "y"])
    with pytest.raises(rhetoric.InputError, match="need at least two distinct labels"):
        rhetoric.Model.train(["a b", "c d", "e f"], ["x", "x", "x"], valid=0)
    with pytest.raises(rhetoric.InputError, match="--alpha must be a finite number"):
        rhetoric.Model.train(["a b", "c d"], ["x", "y"], alpha=-1)
    with pytest.raises(rhetoric.InputError, match="--by outlet: no such column"):
        rhetoric.summary(["Some text."], by="outlet")
    with pytest.raises(rhetoric.InputError, match="period must be"):
        rhetoric.summary([{"text": "x", "date": "2024-01-01"}], period="year")
    with pytest.raises(rhetoric.InputError, match="no text to explain"):
        rhetoric.Model.default().explain("   ")
    with pytest.raises(rhetoric.InputError, match="model must be"):
        rhetoric.predict(["x"], model=3)
    with pytest.raises(rhetoric.InputError, match="no column named 'body'"):
        rhetoric.predict(pd.DataFrame({"text": ["x"]}), text_col="body")
    # A failed save leaves no file and raises.
    with pytest.raises(rhetoric.InputError):
        rhetoric.Model.default().save(tmp_path / "no" / "such" / "dir" / "m.model")


def test_models_pickle_for_worker_processes():
    m = rhetoric.Model.default()
    back = pickle.loads(pickle.dumps(m))
    assert back.labels == m.labels
    assert rhetoric.predict(["Shelling resumed."], back) == rhetoric.predict(["Shelling resumed."], m)


def test_the_embedded_model_works_offline_from_an_empty_directory(tmp_path):
    # No network (sockets refused), no model file, no repository around.
    code = """
import socket
def refuse(*a, **k):
    raise OSError("network disabled in this test")
socket.socket = refuse
socket.create_connection = refuse
import rhetoric
rows = rhetoric.predict(["Artillery pounded the city overnight.", "The envoys signed a ceasefire."])
print(sorted({r["label"] for r in rows}))
"""
    r = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                       env={"PATH": "/usr/bin:/bin", "PYTHONNOUSERSITE": "1"})
    assert r.returncode == 0, r.stderr
    labels = eval(r.stdout)
    assert set(labels) <= set(rhetoric.Model.default().labels) and labels
