"""Label every sentence of conflict and diplomacy news as escalation,
de-escalation or neutral rhetoric, in process.

    >>> import rhetoric
    >>> rows = rhetoric.predict(["Troops massed at the border. Talks resume Monday."])
    >>> [(r["text"], r["label"]) for r in rows]

The work is done by the same Rust library as the ``rhetoric`` command line,
with the interpreter released and a batch spread over every core; the rows
and figures are the command line's (``predict --format jsonl``,
``eval --json``, ``explain --json``, ``predict --summary``).
"""

import math
import os

from ._rhetoric import InputError, Model, __version__, predict_columns, summary_rows

__all__ = ["InputError", "Model", "predict", "summary", "__version__"]

_default_model = None


def _model_from_bytes(data, name):
    """Rebuild a pickled :class:`Model` (see ``Model.__reduce__``)."""
    return Model.from_bytes(data, name)


def _resolve_model(model):
    """The embedded default for None, a loaded file for a path."""
    global _default_model
    if model is None:
        if _default_model is None:
            _default_model = Model.default()
        return _default_model
    if isinstance(model, Model):
        return model
    if isinstance(model, (str, os.PathLike)):
        return Model.load(model)
    raise InputError(f"model must be a rhetoric.Model, a path or None, not {type(model).__name__}")


def _cell(value):
    """A carried column's value as the command line writes it: missing
    values (None, NaN) empty, others as text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and math.isnan(value):
        return ""
    return str(value)


def _batch(texts, text_col, id_col):
    """(texts, docs, ids, columns, values) from a list of texts, a pandas
    Series or DataFrame, or a list of dicts (records)."""
    if isinstance(texts, (str, bytes)):
        raise InputError("texts is a single string; pass a list of texts (e.g. [text])")
    if hasattr(texts, "columns") and hasattr(texts, "index"):  # a DataFrame
        frame = texts
        names = [str(c) for c in frame.columns]
        if text_col not in names:
            raise InputError(f"no column named {text_col!r}; the frame has: {', '.join(names)}")
        if id_col is not None and id_col not in names:
            raise InputError(f"no column named {id_col!r} (the id_col); the frame has: {', '.join(names)}")
        docs = frame[id_col].tolist() if id_col is not None else frame.index.tolist()
        carried = [c for c in frame.columns if str(c) not in (text_col, id_col)]
        values = [[_cell(v) for v in frame[c].tolist()] for c in carried]
        return frame[text_col].tolist(), docs, [_cell(d) for d in docs], [str(c) for c in carried], values
    if hasattr(texts, "index") and hasattr(texts, "tolist"):  # a Series
        docs = texts.index.tolist()
        return texts.tolist(), docs, [_cell(d) for d in docs], [], []
    items = list(texts)
    if items and isinstance(items[0], dict):
        for i, r in enumerate(items):
            if not isinstance(r, dict):
                raise InputError(f"texts[{i}] is a {type(r).__name__}, not a dict like texts[0]")
            if text_col not in r:
                raise InputError(f"texts[{i}] has no key {text_col!r}")
        carried = [k for k in items[0] if k not in (text_col, id_col)]
        if id_col is not None:
            missing = next((i for i, r in enumerate(items) if id_col not in r), None)
            if missing is not None:
                raise InputError(f"texts[{missing}] has no key {id_col!r} (the id_col)")
            docs = [r[id_col] for r in items]
        else:
            docs = None
        ids = [_cell(d) for d in docs] if docs is not None else None
        values = [[_cell(r.get(c)) for r in items] for c in carried]
        return [r[text_col] for r in items], docs, ids, carried, values
    return items, None, None, [], []


def predict(
    texts,
    model=None,
    split=True,
    as_frame=False,
    *,
    text_col="text",
    id_col=None,
    keep_boilerplate=False,
    sentiment=True,
    actors=True,
):
    """Label every sentence of ``texts``.

    ``texts``: a list of strings, a pandas Series, a DataFrame (its
    ``text_col`` is labeled, the other columns are carried to every row)
    or a list of dicts with a ``text_col`` key.
    ``model``: a :class:`Model`, a model file's path, or None for the
    built-in default model. ``split=False`` labels each text whole.

    Returns one row per sentence, in input order, as the command line's
    ``predict --format jsonl`` writes them: ``doc`` (the text's place in
    the list, the DataFrame's index, or its ``id_col``), ``sentence``,
    ``start``/``end`` (byte offsets in the text encoded as UTF-8, as the CLI),
    ``boilerplate``, ``actor``, ``text``, ``label``, ``p_<label>`` for
    each label (rounded to 4 decimals), ``sentiment``, ``compound``, then
    the carried columns. A list of dicts, or a pandas DataFrame with
    ``as_frame=True``. A blank text gives no rows.

    Raises :class:`InputError` (a ValueError) for bad input.
    """
    m = _resolve_model(model)
    texts, docs, ids, columns, values = _batch(texts, text_col, id_col)
    names, cols = predict_columns(
        m, texts, docs, ids, columns, values, bool(split), bool(keep_boilerplate), bool(sentiment), bool(actors)
    )
    if as_frame:
        pd = _pandas()
        return pd.DataFrame(dict(zip(names, cols)), columns=names)
    return [dict(zip(names, row)) for row in zip(*cols)]


def summary(
    texts,
    model=None,
    by=None,
    period=None,
    *,
    date_col="date",
    text_col="text",
    id_col=None,
    split=True,
    keep_boilerplate=False,
    sentiment=True,
    actors=True,
    as_frame=False,
):
    """Label ``texts`` and sum them up, as ``predict --summary``: one row per
    text, or per group with ``by`` (``"actor"``, any carried column, or a
    list of them) and ``period`` (``"day"``, ``"week"`` or ``"month"`` of
    the ``date_col`` column), then a ``TOTAL`` row. Each row has the
    sentence counts, shares and mean probabilities per label and, for a
    model with escalation and de-escalation labels, the escalation index
    with its 95% interval and the most escalatory and de-escalatory
    sentences. ``texts`` as for :func:`predict`.
    """
    import warnings

    m = _resolve_model(model)
    texts, _docs, ids, columns, values = _batch(texts, text_col, id_col)
    keys = [] if by is None else ([by] if isinstance(by, str) else list(by))
    rows, undated = summary_rows(
        m, texts, ids, columns, values, keys, period, date_col,
        bool(split), bool(keep_boilerplate), bool(sentiment), bool(actors),
    )
    if undated:
        warnings.warn(
            f"{undated} text(s) have no date that can be read in column {date_col!r}; counted under 'undated'",
            stacklevel=2,
        )
    if as_frame:
        return _pandas().DataFrame(rows)
    return rows


def _pandas():
    try:
        import pandas
    except ImportError as e:
        raise ImportError("as_frame=True needs pandas: pip install pandas") from e
    return pandas
