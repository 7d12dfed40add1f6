"""Key terms: the handful of values that people compare across many T&Cs.

``key_terms(doc)`` reads them from the Document's typed facts, the topics of the clauses
they stand in, and the cue words around them (``data/nl/key_terms.json``): a Duration next
to "factuurdatum" in a payment clause is the payment term, a Percentage next to "rente" the
late interest. Every value keeps the clause and the words it came from; a document that
states several (per service, per module) keeps them all, in document order.

>>> from clausex.records import Article, Clause, Document, Duration
>>> text = "Artikel 5 Betaling\\n5.1 Betaling geschiedt binnen 14 dagen na factuurdatum."
>>> fact = Duration(text="binnen 14 dagen", start=34, end=49, clause="5.1", value=14, unit="day")
>>> clause = Clause(id="5.1", number="1", start=19, end=len(text))
>>> article = Article("5", None, "5", "Betaling", 0, len(text), (clause,), "payment")
>>> doc = Document(text=text, articles=(article,), facts=(fact,))
>>> [(k.name, k.value, k.unit, k.clause) for k in key_terms(doc) if k.name == "payment_term"]
[('payment_term', 14.0, 'day', '5.1')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple

import regex

from clausex.data import load
from clausex.locate import ClauseLocator
from clausex.prefilter import Pattern, lowered
from clausex.records import (
    Article,
    Court,
    Document,
    Duration,
    Fact,
    GoverningLaw,
    KeyTerm,
    Money,
    Percentage,
)

# The columns of the comparison table, in this order.
KEY_TERMS = (
    "consumer_terms",
    "payment_term",
    "late_interest",
    "collection_costs",
    "liability_cap",
    "notice_period",
    "minimum_term",
    "auto_renewal",
    "renewal_period",
    "complaint_period",
    "offer_validity",
    "warranty_period",
    "court",
    "governing_law",
    "excludes_cisg",
)

# Where a sentence ends: the fact's cue words must stand in the same sentence as the fact.
# The standard library's ``re`` skips to a leading character class faster than ``regex``;
# its ``\s`` also takes the separators \x1c-\x1f, which that of ``regex`` does not.
_SENTENCE_END = re.compile(
    r"""
    [.;!?\n]                            # a sentence ends at one of these characters:
    (?:
        (?<=[.;!?])(?=[^\S\x1c-\x1f])    # closing punctuation followed by white space
                                        # (not "1.000" or "o.a")
        | (?<=\n)[ \t]*\n                 # or a blank line
    )
    """,
    re.VERBOSE,
)

# "met een minimum van € 40", "minimaal € 75": the amount is the floor of a percentage.
_MINIMUM = regex.compile(
    r"""
    (?:minimum|minimaal|ten\s*minste|tenminste)   # the words that make an amount a floor
    [^.;\n]{0,25}$                                # close before the amount, same sentence
    """,
    regex.VERBOSE | regex.IGNORECASE,
)

# Terms that a clause states once, however often its words repeat them.
_ONCE_PER_CLAUSE = frozenset({"excludes_cisg", "auto_renewal"})

# "over de eerste € 2.500": the amount bounds a bracket of a scale, it is not charged.
_BRACKET = regex.compile(r"(?:eerste|volgende|meerdere|boven|tot)\s*$", regex.IGNORECASE)

_FACT_KINDS: dict[str, type[Fact]] = {
    "duration": Duration,
    "percentage": Percentage,
    "money": Money,
}


@cache  # read per fact: one cache look-up instead of a call and a look-up
def _data() -> dict[str, Any]:
    data: dict[str, Any] = load("key_terms")
    return data


@cache
def _pattern(fragment: str) -> Pattern:
    """A case-insensitive pattern from a data fragment, anchored at a word start."""
    return Pattern.of(regex.compile(rf"(?<!\w)(?:{fragment})", regex.IGNORECASE))


@cache
def _cue_pattern(words: tuple[str, ...]) -> Pattern:
    fragment = "|".join(sorted(words, key=len, reverse=True))
    return Pattern.of(regex.compile(rf"(?<!\w)(?:{fragment})", regex.IGNORECASE), words)


@cache
def _block_pattern(words: tuple[str, ...]) -> Pattern:
    """Block words count anywhere, also inside a compound ("betalingsachterstand")."""
    fragment = "|".join(sorted(words, key=len, reverse=True))
    return Pattern.of(regex.compile(fragment, regex.IGNORECASE), words)


class _Node(NamedTuple):  # not a dataclass: one is made per fact, and this is quicker
    """The innermost clause (or clause-less article) around an offset."""

    id: str | None
    start: int
    end: int
    topic: str | None


class _Locator:
    """The innermost node at an offset (``ClauseLocator``), with its topic; and the text,
    also ``lowered`` for the patterns' quick word tests."""

    def __init__(self, doc: Document) -> None:
        self._doc = doc
        self.text = doc.text
        self.lower = lowered(doc.text)
        self._nodes = ClauseLocator(doc.articles)
        self._topics: dict[int, str] = {}  # article start -> topic, for untagged articles

    def node_at(self, offset: int) -> _Node:
        found = self._nodes.node_at(offset)
        if found is None:
            return _Node(None, 0, len(self._doc.text), None)
        article, clause = found
        topic = article.topic or self._topics.get(article.start)
        if topic is None:
            topic = self._topics[article.start] = _article_topic(article, self._doc.text)
        if clause is not None:
            return _Node(clause.id, clause.start, clause.end, clause.topic or topic)
        return _Node(article.path, article.start, article.end, topic)


def _article_topic(article: Article, text: str) -> str:
    from clausex.extract.topics import classify_article

    return classify_article(article.title, text[article.start : article.end])


def _sentence(text: str, node: _Node, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence holding ``text[start:end]``, within its node and window."""
    window = int(_data()["window"])
    lo, hi = max(node.start, start - window), min(node.end, end + window)
    begin = lo
    for begin_match in _SENTENCE_END.finditer(text, lo, start):
        begin = begin_match.end()
    following = _SENTENCE_END.search(text, end, hi)
    return begin, (following.start() if following else hi)


def _term(name: str, fact: Fact, value: float | str | bool | None = None, **kw: Any) -> KeyTerm:
    """A KeyTerm that points at ``fact``; numbers and units come from the fact by default."""
    unit = detail = None
    if isinstance(fact, Duration):
        unit, detail = fact.unit, fact.qualifier
    elif isinstance(fact, Percentage):
        unit, detail = "percent", fact.per
    elif isinstance(fact, Money):
        unit, detail = fact.currency, fact.vat
    number = getattr(fact, "value", None)
    fields: dict[str, Any] = {"unit": unit, "detail": detail, **kw}
    return KeyTerm(
        name=name,
        value=value if value is not None else float(number) if number is not None else "",
        clause=fact.clause,
        start=fact.start,
        end=fact.end,
        text=fact.text,
        **fields,
    )


@dataclass(frozen=True, slots=True)
class _Rule:
    """A fact term's rule (``fact_terms`` in the data) with its words compiled."""

    name: str
    cues: Pattern
    block: Pattern | None
    require: Pattern | None
    topics: frozenset[str]
    qualifiers_excluded: frozenset[str]


@cache
def _rule(name: str) -> _Rule:
    rule = _data()["fact_terms"][name]
    return _Rule(
        name,
        _cue_pattern(tuple(rule["cues"])),
        _block_pattern(tuple(rule["block"])) if rule["block"] else None,
        _cue_pattern(tuple(rule["require"])) if "require" in rule else None,
        frozenset(rule["topics"]),
        frozenset(rule.get("qualifiers_excluded", ())),
    )


@cache
def _fact_rules(fact_type: str) -> tuple[_Rule, ...]:
    """The rules of the terms a fact of this type can be, in data order."""
    return tuple(
        _rule(name)
        for name, rule in _data()["fact_terms"].items()
        if fact_type in _FACT_KINDS and fact_type in rule["facts"]
    )


def _best_term(locate: _Locator, fact: Fact, node: _Node, bounds: tuple[int, int]) -> str | None:
    """The fact term whose cue stands nearest to the fact in its sentence, or None."""
    settings = _data()
    text, lower = locate.text, locate.lower
    lo, hi = bounds
    # The tests below rule a term out independently of each other, so the cheapest go
    # first: most terms have no cue word in the sentence at all.
    sentence = lower[lo:hi]
    before, after = lower[lo : fact.start], lower[fact.end : hi]
    qualifier = getattr(fact, "qualifier", None)
    best: tuple[float, str] | None = None
    for rule in _fact_rules(fact.type):
        if qualifier in rule.qualifiers_excluded or not rule.cues.occurs(sentence):
            continue
        cue_before, cue_after = rule.cues.occurs(before), rule.cues.occurs(after)
        if not cue_before and not cue_after:
            continue
        if rule.block and rule.block.found(text, lower, lo, hi, sentence):
            continue
        if rule.require and not rule.require.found(text, lower, lo, hi, sentence):
            continue
        distances = (
            [fact.start - m.end() for m in rule.cues.compiled.finditer(text, lo, fact.start)]
            if cue_before
            else []
        )
        # Of the cues after the fact, the first is the nearest.
        if cue_after and (first := rule.cues.compiled.search(text, fact.end, hi)):
            distances.append(first.start() - fact.end + settings["after_penalty"])
        if not distances:
            continue
        distance = float(min(distances))
        if node.topic in rule.topics:
            distance -= settings["topic_bonus"]
        if best is None or distance < best[0]:
            best = (distance, rule.name)
    return best[1] if best else None


def _fact_terms(doc: Document, locate: _Locator) -> Iterator[KeyTerm]:
    text = doc.text
    for fact in doc.facts:
        if isinstance(fact, Court):
            value = fact.court or fact.name or fact.city or "described"
            yield _term("court", fact, value, detail=fact.kind)
        elif isinstance(fact, GoverningLaw):
            yield _term("governing_law", fact, fact.value)
            if fact.excludes_cisg:
                yield _term("excludes_cisg", fact, True)
        elif isinstance(fact, Duration | Percentage | Money):
            node = locate.node_at(fact.start)
            bounds = _sentence(text, node, fact.start, fact.end)
            name = _best_term(locate, fact, node, bounds)
            if name is None:
                continue
            if name == "collection_costs" and isinstance(fact, Money):
                if _BRACKET.search(text, max(bounds[0], fact.start - 20), fact.start):
                    continue
                floor = _MINIMUM.search(text, bounds[0], fact.start)
                yield _term(name, fact, detail="minimum" if floor else fact.vat)
            else:
                yield _term(name, fact)


def _span_term(
    name: str, match: regex.Match[str], value: float | str | bool, node: _Node
) -> KeyTerm:
    """A KeyTerm for ``match``, which stands in ``node``."""
    return KeyTerm(
        name=name,
        value=value,
        clause=node.id,
        start=match.start(),
        end=match.end(),
        text=match.group(),
    )


def _phrase_terms(doc: Document, locate: _Locator) -> Iterator[KeyTerm]:
    """Values stated in words: "de wettelijke handelsrente", "tot het factuurbedrag"."""
    text, lower, data = doc.text, locate.lower, _data()
    cap_context = _pattern(data["liability_cap_context"])
    for name, phrases in data["phrases"].items():
        rule = _rule(name)
        for phrase in phrases:
            for match in _pattern(phrase["cue"]).finditer(text, lower):
                node = locate.node_at(match.start())
                lo, hi = _sentence(text, node, match.start(), match.end())
                if rule.block and rule.block.found(text, lower, lo, hi):
                    continue
                if name == "liability_cap" and not (
                    cap_context.search(text, lower, lo, hi)
                    and rule.require
                    and rule.require.search(text, lower, lo, hi)
                ):
                    continue
                yield _span_term(name, match, phrase["value"], node)


def _renewal_terms(doc: Document, locate: _Locator) -> Iterator[KeyTerm]:
    """Tacit renewal, once per clause: True, or False where the text says it is not."""
    text, lower, data = doc.text, locate.lower, _data()["renewal"]
    automatic, negation = _pattern(data["automatic"]), _pattern(data["negation"])
    indefinite = _pattern(data["indefinite"])
    seen: set[str | None] = set()
    for match in _pattern(data["cue"]).finditer(text, lower):
        node = locate.node_at(match.start())
        lo, hi = _sentence(text, node, match.start(), match.end())
        if node.id in seen or not automatic.search(text, lower, lo, hi):
            continue
        seen.add(node.id)
        negated = negation.search(text, lower, lo, hi)
        yield _span_term("auto_renewal", match, not negated, node)
        forever = indefinite.search(text, lower, match.end(), hi)
        if forever and not negated:
            yield _span_term(
                "renewal_period", forever, "indefinite", locate.node_at(forever.start())
            )


def _cisg_terms(doc: Document, locate: _Locator) -> Iterator[KeyTerm]:
    text, lower, data = doc.text, locate.lower, _data()["cisg"]
    exclusion = _pattern(data["exclusion"])
    for match in _pattern(data["cue"]).finditer(text, lower):
        node = locate.node_at(match.start())
        lo, hi = _sentence(text, node, match.start(), match.end())
        if exclusion.search(text, lower, lo, hi):
            yield _span_term("excludes_cisg", match, True, node)


def addresses_consumers(doc: Document) -> KeyTerm:
    """Whether the document addresses consumers, with the words that show it.

    Consumer-only rights (herroepingsrecht, bedenktijd) decide alone; a mention of
    consumers or private persons counts unless the document says it does not serve them.
    """
    return _addresses_consumers(_Locator(doc))


def _addresses_consumers(locate: _Locator) -> KeyTerm:
    data = _data()["consumer"]
    # Each look-up scans the whole text, so none is made whose answer cannot matter.
    for words, value in (("strong", True), ("excluded", False), ("weak", True)):
        found = _first_in_article(_pattern(data[words]), locate)
        if found is not None:
            return _span_term("consumer_terms", found[0], value, found[1])
    return KeyTerm(name="consumer_terms", value=False)


def _first_in_article(pattern: Pattern, locate: _Locator) -> tuple[regex.Match[str], _Node] | None:
    """The first match inside an article, else the first match (a title or a contents list
    also shows whom a document addresses, but a clause is the better evidence); with the
    node it stands in."""
    first = None
    for match in pattern.finditer(locate.text, locate.lower):
        node = locate.node_at(match.start())
        if node.id is not None:
            return match, node
        first = first or (match, node)
    return first


def key_terms(doc: Document) -> tuple[KeyTerm, ...]:
    """The key terms of a document, grouped by term (``KEY_TERMS`` order), each group in
    document order."""
    locate = _Locator(doc)
    found = [_addresses_consumers(locate)]
    # Words before facts: where both show a CISG exclusion, the words about the treaty win.
    for finder in (_cisg_terms, _phrase_terms, _renewal_terms, _fact_terms):
        found.extend(finder(doc, locate))
    seen: set[tuple[str, Any, Any]] = set()
    unique = []
    for term in found:
        # The same words found twice count once; a CISG exclusion counts once per clause.
        key = (
            (term.name, term.clause, None)
            if term.name in _ONCE_PER_CLAUSE
            else (term.name, term.start, term.end)
        )
        if key not in seen:
            seen.add(key)
            unique.append(term)
    order = {name: i for i, name in enumerate(KEY_TERMS)}
    return tuple(sorted(unique, key=lambda k: (order[k.name], k.start or 0)))


def _terms_of(doc: Document) -> tuple[KeyTerm, ...]:
    return doc.key_terms or key_terms(doc)


def _display(term: KeyTerm) -> str:
    value = term.value
    if isinstance(value, float):
        value = f"{value:g}"
    parts = [str(value), term.unit or "", f"({term.detail})" if term.detail else ""]
    return " ".join(p for p in parts if p)


def format_key_terms(doc: Document) -> str:
    """A plain-text table of the key terms, one line per value.

    >>> print(format_key_terms(Document(text="")))
    term            value  clause  text
    consumer_terms  False  -       -
    """
    rows = [("term", "value", "clause", "text")]
    for term in _terms_of(doc):
        words = " ".join((term.text or "-").split())
        rows.append((term.name, _display(term), term.clause or "-", words[:60]))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return "\n".join(
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:3])) + "  " + row[3]
        for row in rows
    ).rstrip()


def key_terms_frame(docs: Iterable[Document]) -> Any:
    """A pandas DataFrame with one row per document and one column per key term.

    A cell holds the value, or a list of values where the document states several; the
    ``<term>_unit`` and ``<term>_clause`` columns say in what unit and where.
    """
    import pandas as pd  # only for this table: pandas is slow to import

    records = []
    for i, doc in enumerate(docs):
        record: dict[str, Any] = {"document": doc.source or doc.title or str(i)}
        for name in KEY_TERMS:
            terms = [t for t in _terms_of(doc) if t.name == name]
            for column, values in (
                (name, [t.value for t in terms]),
                (f"{name}_unit", [t.unit for t in terms]),
                (f"{name}_clause", [t.clause for t in terms]),
            ):
                record[column] = None if not values else values[0] if len(values) == 1 else values
        records.append(record)
    return pd.DataFrame.from_records(records, columns=_frame_columns()).set_index("document")


def _frame_columns() -> list[str]:
    return ["document"] + [f"{n}{s}" for n in KEY_TERMS for s in ("", "_unit", "_clause")]
