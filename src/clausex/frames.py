"""Documents as pandas tables: one row per fact, or one row per clause.

pandas is imported inside the functions: ``import clausex`` must not pay for it. The row
builders (``fact_rows``, ``clause_rows``) need no pandas and also feed the batch writer.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from clausex.records import Document

if TYPE_CHECKING:
    import pandas as pd

# Leading columns of the facts table, in this order; each fact kind's own fields follow.
FACT_COLUMNS = (
    "source", "article", "clause", "type", "value", "unit", "currency", "city", "name",
    "text", "start", "end",
)  # fmt: skip
CLAUSE_COLUMNS = (
    "source", "article", "article_title", "article_topic", "clause", "number", "topic",
    "n_items", "n_facts", "text", "start", "end",
)  # fmt: skip


def fact_rows(doc: Document) -> list[dict[str, Any]]:
    """One flat dict per fact: ``FACT_COLUMNS`` first, then the fact's other fields.

    ``article`` is the path of the article the fact stands in (found from its offsets, so a
    fact outside any article has None).
    """
    rows = []
    for fact in doc.facts:
        data = fact.to_dict()
        row: dict[str, Any] = dict.fromkeys(FACT_COLUMNS)
        row.update(source=doc.source, article=_article_at(doc, fact.start))
        row.update(data)
        rows.append(row)
    return rows


def clause_rows(doc: Document) -> list[dict[str, Any]]:
    """One flat dict per clause with its text and how many facts it holds."""
    per_clause: dict[str | None, int] = {}
    for fact in doc.facts:
        per_clause[fact.clause] = per_clause.get(fact.clause, 0) + 1
    return [
        {
            "source": doc.source,
            "article": article.path,
            "article_title": article.title,
            "article_topic": article.topic,
            "clause": clause.id,
            "number": clause.number,
            "topic": clause.topic,
            "n_items": len(clause.items),
            "n_facts": per_clause.get(clause.id, 0),
            "text": doc.text[clause.start : clause.end],
            "start": clause.start,
            "end": clause.end,
        }
        for article in doc.articles
        for clause in article.clauses
    ]


def facts_frame(docs: Document | Iterable[Document]) -> pd.DataFrame:
    """A DataFrame with one row per fact of ``docs`` (columns: ``FACT_COLUMNS`` + the fact
    kinds' own fields such as ``qualifier``, ``per``, ``vat``, ``kind``)."""
    import pandas as pd

    rows = [row for doc in _docs(docs) for row in fact_rows(doc)]
    return pd.DataFrame(rows, columns=_columns(FACT_COLUMNS, rows))


def clauses_frame(docs: Document | Iterable[Document]) -> pd.DataFrame:
    """A DataFrame with one row per clause of ``docs`` (columns: ``CLAUSE_COLUMNS``)."""
    import pandas as pd

    rows = [row for doc in _docs(docs) for row in clause_rows(doc)]
    return pd.DataFrame(rows, columns=list(CLAUSE_COLUMNS))


def _docs(docs: Document | Iterable[Document]) -> Iterable[Document]:
    return [docs] if isinstance(docs, Document) else docs


def _columns(leading: tuple[str, ...], rows: list[dict[str, Any]]) -> list[str]:
    extra = dict.fromkeys(key for row in rows for key in row if key not in leading)
    return [*leading, *extra]


def _article_at(doc: Document, offset: int) -> str | None:
    for article in doc.articles:
        if article.start <= offset < article.end:
            return article.path
    return None
