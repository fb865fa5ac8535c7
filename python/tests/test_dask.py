"""Labeling a partitioned dataset on a Dask LocalCluster of two worker
processes gives the command line's rows for the same rows."""

import math
import pathlib
import sys

import dask.dataframe as dd
import pandas as pd
from dask import distributed

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "examples"))
import dask_predict  # noqa: E402


def native(v):
    """A frame's missing value (NaN in a float column) as JSON's null."""
    return None if isinstance(v, float) and math.isnan(v) else v


def test_a_local_cluster_of_two_processes_labels_as_the_cli(repo, tmp_path, cli_jsonl):
    frame = pd.read_csv(repo / "data" / "test.csv", dtype=str, keep_default_na=False).head(400)
    frame.insert(0, "id", [f"r{i}" for i in range(len(frame))])
    path = tmp_path / "rows.csv"
    frame.to_csv(path, index=False)
    want = cli_jsonl("predict", path, "--format", "jsonl", "--id-col", "id")
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        ddf = dd.from_pandas(frame, npartitions=6)
        out = dask_predict.label_dataframe(ddf, id_col="id").compute()
        # Every partition was labeled on a worker process, not here.
        assert ddf.npartitions == 6
    got = out.to_dict(orient="records")
    assert len(got) == len(want) > 400
    for g, w in zip(got, want):
        w = {k: v for k, v in w.items() if k not in ("source", "line")}
        assert set(g) == set(w)
        assert {k: native(v) for k, v in g.items()} == w
