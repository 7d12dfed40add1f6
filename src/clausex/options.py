"""Parse options: one immutable record; keyword arguments to ``parse`` are sugar for it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

FACT_KINDS = ("duration", "percentage", "money", "court", "governing_law")


@dataclass(frozen=True, slots=True)
class ParseOptions:
    """How ``clausex.parse`` works.

    Attributes:
        model: name or path of a spaCy model with an ``ner`` component (e.g.
            ``"nl_core_news_md"``). ``None`` (default) needs no statistical model; with a model,
            its entities are added to ``Document.entities`` and may add court seats, but no
            fact found without it is lost.
        facts: which fact kinds to extract (a subset of ``FACT_KINDS``).
        insight: classify article topics and derive key terms and consumer-law flags.
        ner_all_clauses: run the statistical NER on every clause instead of only on the
            clauses whose words suggest a forum, a party or a place (slower).
    """

    model: str | None = None
    facts: tuple[str, ...] = FACT_KINDS
    insight: bool = True
    ner_all_clauses: bool = False

    def __post_init__(self) -> None:
        check_fact_kinds(self.facts)


def check_fact_kinds(kinds: Iterable[str]) -> None:
    """Raise ``ValueError`` naming any of ``kinds`` that is not in ``FACT_KINDS``."""
    unknown = sorted(set(kinds) - set(FACT_KINDS))
    if unknown:
        raise ValueError(f"unknown fact kinds {unknown}; choose from {list(FACT_KINDS)}")
