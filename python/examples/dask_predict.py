"""Label a partitioned dataset with Dask distributed, through rhetoric.

    python dask_predict.py IN.csv OUT.jsonl [--workers 2] [--partitions 8]
           [--text-col text] [--id-col ID]

Each worker process labels its partitions in process (all its cores, the
interpreter released); rows come back in input order, the same rows as
`rhetoric predict IN.csv --format jsonl` writes (without its `source` and
`line`). On a real cluster, give `Client` the scheduler's address instead of
a LocalCluster and read the data where it lives (`dd.read_parquet`, ...).
"""

import argparse
import json

import rhetoric


def label_partition(frame, model=None, text_col="text", id_col=None):
    """One partition's sentence rows, as a DataFrame."""
    return rhetoric.predict(frame, model, as_frame=True, text_col=text_col, id_col=id_col)


def label_dataframe(ddf, model=None, text_col="text", id_col=None):
    """A Dask DataFrame of sentence rows of `ddf`, one partition per partition."""
    # The output's columns and types, from one made-up row of the same columns.
    sample = ddf._meta.copy()
    sample.loc[0] = ["Talks went on." if c == text_col else "0" for c in sample.columns]
    meta = label_partition(sample, model, text_col, id_col).iloc[:0]
    return ddf.map_partitions(label_partition, model, text_col, id_col, meta=meta)


def main():
    import dask.dataframe as dd
    from dask.distributed import Client, LocalCluster

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("input")
    p.add_argument("output")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--partitions", type=int, default=8)
    p.add_argument("--text-col", default="text")
    p.add_argument("--id-col")
    a = p.parse_args()
    with LocalCluster(n_workers=a.workers, processes=True, threads_per_worker=1) as cluster, Client(cluster):
        ddf = dd.read_csv(a.input, dtype=str, keep_default_na=False, blocksize=None)
        ddf = ddf.repartition(npartitions=a.partitions)
        rows = label_dataframe(ddf, text_col=a.text_col, id_col=a.id_col).compute()
    with open(a.output, "w", encoding="utf-8") as f:
        for r in rows.to_dict(orient="records"):
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
