"""clausex: structure and facts from Dutch general terms and conditions.

>>> import clausex
>>> doc = clausex.parse("Artikel 3 Betaling\\n3.1 De rente bedraagt 1,5% per maand.")
>>> [(f.type, f.value, f.per, f.clause) for f in doc.facts]
[('percentage', 1.5, 'month', '3.1')]
"""

from __future__ import annotations

from typing import Any

from clausex.api import parse
from clausex.errors import ClausexError, ReadError
from clausex.options import ParseOptions
from clausex.records import (
    Article,
    Clause,
    Court,
    Document,
    Duration,
    Fact,
    GoverningLaw,
    Item,
    Money,
    Part,
    Percentage,
)

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Clause",
    "ClausexError",
    "Court",
    "Document",
    "Duration",
    "Fact",
    "GoverningLaw",
    "Item",
    "Money",
    "ParseOptions",
    "Part",
    "Percentage",
    "ReadError",
    "__version__",
    "clauses_frame",
    "facts_frame",
    "key_terms_frame",
    "parse",
    "parse_file",
    "parse_many",
    "pipeline",
]

# Loaded on first use, so that ``import clausex`` does not pay for spaCy, pandas or the
# file-format libraries.
_LAZY = {
    "parse_file": "clausex.readers",
    "read_text": "clausex.readers",
    "parse_many": "clausex.batch",
    "facts_frame": "clausex.frames",
    "clauses_frame": "clausex.frames",
    "key_terms_frame": "clausex.keyterms",
    "pipeline": "clausex.spacy_pipeline",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'clausex' has no attribute {name!r}")
