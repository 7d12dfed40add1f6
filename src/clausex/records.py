"""Typed, frozen records: the canonical output of clausex.

Every node and fact keeps ``start``/``end`` offsets into the text that was parsed, so
``document.text[node.start:node.end]`` is always its exact source span. ``Document.to_dict``
gives the JSON shape ``clausex/1`` that the evaluation reads; ``Document.from_dict``
round-trips it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, ClassVar

SCHEMA = "clausex/1"


@dataclass(frozen=True, slots=True)
class Item:
    """A lettered or bulleted list item ("a.", "(ii)", "•") inside a clause."""

    label: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Clause:
    """A numbered sub-clause; ``id`` is "11.3" or "A:11.3" (see GUIDE.md)."""

    id: str
    number: str
    start: int
    end: int
    items: tuple[Item, ...] = ()
    topic: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """A numbered top-level section; ``path`` is its number, prefixed "A:" inside parts
    whose numbering restarts."""

    path: str
    part: str | None
    number: str
    title: str
    start: int
    end: int
    clauses: tuple[Clause, ...] = ()
    topic: str | None = None


@dataclass(frozen=True, slots=True)
class Part:
    """A part or module whose article numbering restarts ("Module A. Algemeen")."""

    label: str
    title: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Fact:
    """Base of all facts: the words that state it, where they stand, and their clause.

    ``clause`` is the id of the innermost clause containing the fact, the article path
    when the article has no clauses, or None outside any article.
    """

    type: ClassVar[str] = "fact"
    text: str
    start: int
    end: int
    clause: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": self.type}
        for f in dataclasses.fields(self):
            data[f.name] = getattr(self, f.name)
        return data


@dataclass(frozen=True, slots=True)
class Duration(Fact):
    """A length of time: ``value`` units; ``iso`` is ISO 8601 (None for working days)."""

    type: ClassVar[str] = "duration"
    value: float = 0.0
    unit: str = "day"
    iso: str | None = None
    qualifier: str | None = None


@dataclass(frozen=True, slots=True)
class Percentage(Fact):
    """A percentage; ``per`` is the rate period ("month", "year", "day") when stated."""

    type: ClassVar[str] = "percentage"
    value: float = 0.0
    per: str | None = None


@dataclass(frozen=True, slots=True)
class Money(Fact):
    """An amount of money; ``vat`` is "excl" or "incl" when stated next to it."""

    type: ClassVar[str] = "money"
    value: float = 0.0
    currency: str = "EUR"
    vat: str | None = None


@dataclass(frozen=True, slots=True)
class Court(Fact):
    """A forum for disputes, as written (``city``, ``name``) and on today's judicial map
    (``court``, ``ecli``); ``kind`` is rechtbank, kantonrechter, gerechtshof, hoge_raad,
    arbitration, dispute_committee or described."""

    type: ClassVar[str] = "court"
    city: str | None = None
    name: str | None = None
    court: str | None = None
    ecli: str | None = None
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class GoverningLaw(Fact):
    """A choice of law: ``value`` is an ISO country code ("NL")."""

    type: ClassVar[str] = "governing_law"
    value: str = "NL"
    excludes_cisg: bool = False


@dataclass(frozen=True, slots=True)
class Entity(Fact):
    """A named entity from an optional statistical NER model (ORG, GPE, DATE, ...)."""

    type: ClassVar[str] = "entity"
    label: str = ""


FACT_TYPES: dict[str, type[Fact]] = {
    cls.type: cls for cls in (Duration, Percentage, Money, Court, GoverningLaw, Entity)
}


def fact_from_dict(data: dict[str, Any]) -> Fact:
    """Rebuild a typed fact from its ``to_dict`` form."""
    cls = FACT_TYPES[data["type"]]
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(frozen=True, slots=True)
class KeyTerm:
    """One comparable term of a document ("payment_term" = 14 days), and where it is stated.

    ``value`` is a number (with ``unit``), a text ("wettelijke rente", "Amsterdam") or a
    yes/no; ``detail`` qualifies it ("per month", "minimum", "invoice value"); ``clause``,
    ``start``, ``end`` and ``text`` point at the fact or words it was read from.
    """

    name: str
    value: float | str | bool
    unit: str | None = None
    detail: str | None = None
    clause: str | None = None
    start: int | None = None
    end: int | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class Flag:
    """A clause that may break a statutory consumer limit (black or grey list, art. 6:96 BW).

    ``law`` is the article ("6:237 BW"), ``letter`` its sub-letter or None, ``list`` is
    "black", "grey" or "statutory"; ``evidence`` holds the (start, end, text) spans the flag
    rests on; ``reason`` says in one line why.
    """

    rule: str
    law: str
    letter: str | None
    list: str
    clause: str | None
    reason: str
    evidence: tuple[tuple[int, int, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["evidence"] = [{"start": s, "end": e, "text": t} for s, e, t in self.evidence]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Flag:
        evidence = tuple((e["start"], e["end"], e["text"]) for e in data.get("evidence", []))
        return cls(**{**data, "evidence": evidence})


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed T&C document. ``text`` is exactly the string that was parsed."""

    text: str
    title: str | None = None
    parts: tuple[Part, ...] = ()
    articles: tuple[Article, ...] = ()
    facts: tuple[Fact, ...] = ()
    entities: tuple[Entity, ...] = ()
    key_terms: tuple[KeyTerm, ...] = ()
    flags: tuple[Flag, ...] = ()
    source: str | None = None
    extras: dict[str, Any] = field(default_factory=dict, compare=False)

    def clauses(self) -> list[Clause]:
        """All clauses in document order."""
        return [c for a in self.articles for c in a.clauses]

    def facts_of(self, fact_type: type[Fact]) -> list[Fact]:
        """The facts of one kind, in document order."""
        return [f for f in self.facts if isinstance(f, fact_type)]

    def to_dict(self) -> dict[str, Any]:
        """The JSON-able record ``clausex/1``."""
        record: dict[str, Any] = {
            "schema": SCHEMA,
            "source": self.source,
            "title": self.title,
            "parts": [dataclasses.asdict(p) for p in self.parts],
            "articles": [_article_dict(a) for a in self.articles],
            "facts": [f.to_dict() for f in self.facts],
            "entities": [e.to_dict() for e in self.entities],
            "key_terms": [dataclasses.asdict(k) for k in self.key_terms],
            "flags": [f.to_dict() for f in self.flags],
        }
        record.update(self.extras)
        return record

    @classmethod
    def from_dict(cls, data: dict[str, Any], text: str) -> Document:
        """Rebuild a Document from ``to_dict`` output and the text it was parsed from."""
        known = {"schema", "source", "title", "parts", "articles", "facts", "entities"}
        known |= {"key_terms", "flags"}
        return cls(
            text=text,
            title=data.get("title"),
            parts=tuple(Part(**p) for p in data.get("parts", [])),
            articles=tuple(_article_from_dict(a) for a in data.get("articles", [])),
            facts=tuple(fact_from_dict(f) for f in data.get("facts", [])),
            entities=tuple(Entity(**_without_type(e)) for e in data.get("entities", [])),
            key_terms=tuple(KeyTerm(**k) for k in data.get("key_terms", [])),
            flags=tuple(Flag.from_dict(f) for f in data.get("flags", [])),
            source=data.get("source"),
            extras={k: v for k, v in data.items() if k not in known},
        )


def _without_type(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "type"}


def _article_dict(article: Article) -> dict[str, Any]:
    return {
        "path": article.path,
        "part": article.part,
        "number": article.number,
        "title": article.title,
        "topic": article.topic,
        "start": article.start,
        "end": article.end,
        "clauses": [
            {
                "id": c.id,
                "number": c.number,
                "topic": c.topic,
                "start": c.start,
                "end": c.end,
                "items": [dataclasses.asdict(i) for i in c.items],
            }
            for c in article.clauses
        ],
    }


def _article_from_dict(data: dict[str, Any]) -> Article:
    clauses = tuple(
        Clause(
            id=c["id"],
            number=c["number"],
            start=c["start"],
            end=c["end"],
            items=tuple(Item(**i) for i in c.get("items", [])),
            topic=c.get("topic"),
        )
        for c in data.get("clauses", [])
    )
    return Article(
        path=data["path"],
        part=data.get("part"),
        number=data["number"],
        title=data["title"],
        start=data["start"],
        end=data["end"],
        clauses=clauses,
        topic=data.get("topic"),
    )
