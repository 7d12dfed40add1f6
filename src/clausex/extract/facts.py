"""The pattern stage without spaCy: every fact finder over a text, each fact placed in the
clause that holds it. The spaCy component and ``parse`` both run this."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import regex

from clausex.extract import amounts, courts, durations
from clausex.locate import ClauseLocator
from clausex.records import Article, Fact

# Which pure ``str -> list[Fact]`` function finds each fact kind.
FINDERS: dict[str, Callable[[str], Sequence[Fact]]] = {
    "duration": durations.find_durations,
    "percentage": amounts.find_percentages,
    "money": amounts.find_money,
    "court": courts.find_courts,
    "governing_law": courts.find_governing_law,
}

# Lone surrogates (half of a UTF-16 pair) cannot be encoded as UTF-8, so neither spaCy nor a
# JSON file can store them.
_SURROGATE = regex.compile(r"[\ud800-\udfff]")


def storable(text: str) -> str:
    """``text`` with lone surrogates replaced by U+FFFD: the same length, so offsets agree.

    >>> storable("a\\ud800b")
    'a\\ufffdb'
    """
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def find_facts(
    text: str, articles: Sequence[Article] | None, kinds: Iterable[str] = tuple(FINDERS)
) -> list[Fact]:
    """The facts of the given kinds, in document order, each with the id of its clause
    (``articles`` None: no clause is set).

    >>> from clausex.extract.structure import segment
    >>> text = "Artikel 2 Betaling\\n2.1 Betaling binnen 14 dagen; rente 1% per maand."
    >>> [(f.type, f.text, f.clause) for f in find_facts(text, segment(text).articles)]
    [('duration', 'binnen 14 dagen', '2.1'), ('percentage', '1%', '2.1')]
    """
    found = [fact for kind in kinds for fact in FINDERS[kind](text)]
    if articles is not None:
        found = ClauseLocator(articles).locate(found)
    return sorted(found, key=lambda f: (f.start, f.end, f.type))
