"""rhetoric.predict and rhetoric.summary give the command line's rows."""

import csv
import threading
import time

import pandas as pd
import pytest

import rhetoric

# Keys the package shares with `predict --format jsonl` (it has no file, so
# no `source` or `line`; `doc` is the text's place instead of a path).
SHARED = ["sentence", "start", "end", "boilerplate", "actor", "text", "label", "sentiment", "compound"]


def seed_files(repo):
    files = sorted((repo / "seeds").glob("*.txt"))
    assert len(files) >= 5
    return files


def comparable(row, labels):
    return {k: row[k] for k in SHARED + [f"p_{l}" for l in labels]}


def test_seeds_give_the_clis_labels_and_probabilities(repo, cli_jsonl):
    labels = rhetoric.Model.default().labels
    files = seed_files(repo)
    texts = [f.read_text(encoding="utf-8") for f in files]
    got = rhetoric.predict(texts)
    for i, f in enumerate(files):
        want = cli_jsonl("predict", f, "--format", "jsonl")
        mine = [r for r in got if r["doc"] == i]
        assert len(mine) == len(want) > 3, f.name
        assert [comparable(r, labels) for r in mine] == [comparable(r, labels) for r in want], f.name
    # The seeds are news: more than one label occurs, and every labeled
    # row's probabilities sum to one.
    assert len({r["label"] for r in got if r["label"]}) >= 2
    for r in got:
        if r["label"] is not None:
            assert abs(sum(r[f"p_{l}"] for l in labels) - 1) < 1e-3


def test_a_frame_carries_its_columns_as_the_cli_carries_a_csvs(repo, tmp_path, cli_jsonl):
    frame = pd.read_csv(repo / "data" / "test.csv", dtype=str, keep_default_na=False).head(120)
    frame.insert(0, "id", [f"row{i}" for i in range(len(frame))])
    path = tmp_path / "rows.csv"
    frame.to_csv(path, index=False)
    want = cli_jsonl("predict", path, "--format", "jsonl", "--id-col", "id")
    got = rhetoric.predict(frame, id_col="id")
    # The CLI's `label` column clashes with its own: both carry it as input_label.
    assert "input_label" in got[0] and "region" in got[0]
    assert len(got) == len(want)
    for g, w in zip(got, want):
        w = {k: v for k, v in w.items() if k not in ("source", "line")}
        assert g == w
    frame_out = rhetoric.predict(frame, id_col="id", as_frame=True)
    assert list(frame_out.columns) == list(got[0].keys())
    # (pandas holds a missing label, boilerplate's, as NaN.)
    assert [None if pd.isna(x) else x for x in frame_out["label"]] == [r["label"] for r in got]


def test_whole_texts_and_the_lean_options(repo, cli_jsonl):
    f = seed_files(repo)[0]
    text = f.read_text(encoding="utf-8")
    want = cli_jsonl("predict", f, "--format", "jsonl", "--no-split", "--no-sentiment", "--no-actors")
    got = rhetoric.predict([text], split=False, sentiment=False, actors=False)
    labels = rhetoric.Model.default().labels
    assert len(got) == len(want) == 1
    assert comparable(got[0], labels) == comparable(want[0], labels)
    assert got[0]["sentiment"] is None and got[0]["actor"] is None


def test_summary_matches_the_clis(repo, tmp_path, cli_jsonl):
    files = seed_files(repo)
    texts = [f.read_text(encoding="utf-8") for f in files]
    want = cli_jsonl("predict", *files, "--format", "jsonl", "--summary", "--by", "actor")
    got = rhetoric.summary(texts, by="actor")
    assert got == want
    per_text = rhetoric.summary(texts)
    want = cli_jsonl("predict", *files, "--format", "jsonl", "--summary")
    drop = lambda r: {k: v for k, v in r.items() if k not in ("doc", "source")}
    assert [drop(r) for r in per_text] == [drop(r) for r in want]
    assert per_text[-1]["doc"] == "TOTAL"


def test_summary_by_a_column_and_a_period(tmp_path, cli_jsonl):
    rows = [
        {"text": "Troops were massed on the border overnight. Officials warned of retaliation.", "outlet": "a", "date": "2024-03-01"},
        {"text": "The two sides agreed to a ceasefire and talks will resume.", "outlet": "b", "date": "2024-03-20"},
        {"text": "Markets were calm on Tuesday.", "outlet": "a", "date": "2024-04-02"},
    ]
    path = tmp_path / "rows.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=["text", "outlet", "date"])
        w.writeheader()
        w.writerows(rows)
    want = cli_jsonl("predict", path, "--format", "jsonl", "--summary", "--by", "outlet", "--period", "month")
    assert rhetoric.summary(rows, by="outlet", period="month") == want
    assert len(want) == 4  # (2024-03, a), (2024-03, b), (2024-04, a), TOTAL


def test_the_gil_is_released_while_labeling(repo):
    texts = [f.read_text(encoding="utf-8") for f in seed_files(repo)] * 40
    inside = {}

    def work():
        inside["start"] = time.perf_counter()
        rhetoric.predict(texts, as_frame=False)
        inside["end"] = time.perf_counter()

    t = threading.Thread(target=work)
    ticks = []
    t.start()
    while t.is_alive():
        ticks.append(time.perf_counter())
        time.sleep(0.0005)
    t.join()
    during = [x for x in ticks if inside["start"] < x < inside["end"]]
    # Held for the whole call, the main thread would not tick at all in it.
    assert len(during) >= 5, (len(during), inside["end"] - inside["start"])


def test_blank_texts_give_no_rows_and_order_is_kept():
    got = rhetoric.predict(["First one. Second one.", "   ", "Third one."])
    assert [r["doc"] for r in got] == [0, 0, 2]
    assert [r["sentence"] for r in got] == [0, 1, 0]
