"""Type stubs of the rhetoric package (the compiled part and its wrapper)."""

import os
from typing import Any, Dict, Iterable, List, Literal, Mapping, Optional, Sequence, Union, overload

import pandas  # only for annotations: pandas is optional at run time

__version__: str

Row = Dict[str, Any]
Texts = Union[Sequence[str], Iterable[str], Sequence[Mapping[str, Any]], "pandas.Series[str]", "pandas.DataFrame"]
ModelLike = Union["Model", str, "os.PathLike[str]", None]

class InputError(ValueError):
    """Bad input: an empty text, a missing column, a wrong option, a file
    that is not a model. The message is the command line's."""

class Model:
    """A trained model: the embedded default, a model file, or one trained here."""

    @staticmethod
    def default() -> "Model":
        """The default model built into the package (no file, no network)."""
    @staticmethod
    def load(path: Union[str, "os.PathLike[str]"]) -> "Model":
        """A model file written by ``rhetoric train`` or :meth:`save`.
        Raises InputError for a missing, damaged or foreign file."""
    @staticmethod
    def train(
        texts: Sequence[str],
        labels: Sequence[str],
        *,
        source: str = "<python>",
        valid: float = 0.2,
        folds: Optional[int] = None,
        seed: int = 42,
        alpha: float = 0.3,
        max_iter: Optional[int] = None,
        warm_start: Optional[int] = None,
        warm_iter: int = 30,
        balanced: bool = False,
        ngrams: int = 2,
        min_count: int = 2,
        max_features: Optional[int] = None,
        stem: bool = True,
        sentiment_features: bool = False,
        keep_names: bool = False,
        plain_negation: bool = False,
        quote_marks: bool = False,
        weighting: Literal["tfidf", "binary"] = "tfidf",
    ) -> "Model":
        """Train on texts and labels with ``rhetoric train``'s options (same
        names, same defaults; ``stem=False`` is ``--no-stem``). ``source``
        names the data in the model file's training record. The rows'
        SHA-256 is that of a ``text,label`` CSV of them with ``\\n`` line
        ends, so the CLI trained on such a file, named ``source``, with the
        same options writes a byte-identical model file. Warnings about the
        labels come as UserWarning; the held-out report is :attr:`report`."""
    @staticmethod
    def from_bytes(bytes: bytes, name: str) -> "Model":
        """A model from a model file's bytes."""
    def save(self, path: Union[str, "os.PathLike[str]"]) -> None:
        """Write the model file atomically (an existing file stays intact on failure)."""
    @property
    def labels(self) -> List[str]:
        """The labels, in the order of the ``p_<label>`` columns."""
    @property
    def training(self) -> Optional[Dict[str, Any]]:
        """The training record of the model file (data digest, rows, options, validation)."""
    @property
    def report(self) -> Optional[str]:
        """The held-out check's report, for a model trained in this session."""
    def evaluate(self, texts: Sequence[str], labels: Sequence[str], *, errors: int = 10) -> Dict[str, Any]:
        """Score on labeled texts, each one unit: the figures of
        ``rhetoric eval --json`` (accuracy, macro_f1, per_class,
        confusion_matrix, log_loss, brier, ece, reliability, and the
        ``errors`` most confident mistakes, each with its ``index``)."""
    def explain(self, text: str, *, top: int = 10) -> List[Dict[str, Any]]:
        """Per sentence of ``text``: label, probabilities, bias and the
        ``top`` feature contributions, as ``rhetoric explain --json``."""

@overload
def predict(
    texts: Texts,
    model: ModelLike = None,
    split: bool = True,
    as_frame: Literal[False] = False,
    *,
    text_col: str = "text",
    id_col: Optional[str] = None,
    keep_boilerplate: bool = False,
    sentiment: bool = True,
    actors: bool = True,
) -> List[Row]: ...
@overload
def predict(
    texts: Texts,
    model: ModelLike = None,
    split: bool = True,
    as_frame: Literal[True] = True,
    *,
    text_col: str = "text",
    id_col: Optional[str] = None,
    keep_boilerplate: bool = False,
    sentiment: bool = True,
    actors: bool = True,
) -> "pandas.DataFrame":
    """Label every sentence of ``texts``: one row per sentence with doc,
    sentence, start, end, boilerplate, actor, text, label, p_<label>...,
    sentiment, compound and the carried columns, as the command line's
    ``predict --format jsonl``."""

def summary(
    texts: Texts,
    model: ModelLike = None,
    by: Union[str, Sequence[str], None] = None,
    period: Optional[Literal["day", "week", "month"]] = None,
    *,
    date_col: str = "date",
    text_col: str = "text",
    id_col: Optional[str] = None,
    split: bool = True,
    keep_boilerplate: bool = False,
    sentiment: bool = True,
    actors: bool = True,
    as_frame: bool = False,
) -> Any:
    """Label and sum up, as ``predict --summary``: one row per text (or
    per group of ``by`` / ``period``), then a TOTAL row."""
