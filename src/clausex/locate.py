"""Which clause holds an offset: the lookup the pattern stage and the key terms share."""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Iterable, Sequence
from typing import TypeVar

from clausex.records import Article, Clause, Fact

FactT = TypeVar("FactT", bound=Fact)


class ClauseLocator:
    """Finds the innermost clause (or clause-less article) that holds an offset."""

    # Nested numbering ("1.2" holding "1.2.1") is a few levels deep; a longer walk back can
    # only pass siblings that ended earlier, so it is cut off to keep lookups O(log n).
    MAX_NESTING = 8

    def __init__(self, articles: Sequence[Article]) -> None:
        self._articles = articles
        self._article_starts = [a.start for a in articles]
        self._clause_starts = [[c.start for c in a.clauses] for a in articles]

    def node_at(self, offset: int) -> tuple[Article, Clause | None] | None:
        """The article holding ``offset`` and its innermost clause there (None between
        clauses), or None outside every article."""
        i = bisect.bisect_right(self._article_starts, offset) - 1
        if i < 0 or offset >= self._articles[i].end:
            return None
        article = self._articles[i]
        j = bisect.bisect_right(self._clause_starts[i], offset) - 1
        for k in range(j, max(j - self.MAX_NESTING, -1), -1):
            clause = article.clauses[k]
            if clause.start <= offset < clause.end:
                return article, clause
        return article, None

    def clause_at(self, offset: int) -> str | None:
        """The id of the innermost clause holding ``offset``, the article path where no
        clause does, or None outside articles (GUIDE.md's ``clause`` of a fact)."""
        node = self.node_at(offset)
        if node is None:
            return None
        article, clause = node
        return clause.id if clause is not None else article.path

    def locate(self, facts: Iterable[FactT]) -> list[FactT]:
        """The facts with their ``clause`` set."""
        return [dataclasses.replace(f, clause=self.clause_at(f.start)) for f in facts]
