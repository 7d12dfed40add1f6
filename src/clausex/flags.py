"""Consumer-law flags: clauses that match the black or grey list or another statutory limit.

Only documents that address consumers are checked (``keyterms.addresses_consumers``);
a clause that scopes itself to business customers ("tenzij de klant een consument is")
is left alone. Each rule is documented, with its source, in ``data/nl/consumer_rules.json``;
the patterns that recognise a clause live here, one named constant per rule.

>>> from clausex.records import Article, Clause, Document
>>> text = ("Artikel 4 Betaling\\n4.1 Betaling door de consument geschiedt zonder opschorting "
...         "of verrekening.")
>>> clause = Clause(id="4.1", number="1", start=19, end=len(text))
>>> article = Article("4", None, "4", "Betaling", 0, len(text), (clause,))
>>> doc = Document(text=text, articles=(article,))
>>> [(f.law, f.letter, f.list, f.clause) for f in flags(doc)]
[('6:237 BW', 'g', 'grey', '4.1'), ('6:236 BW', 'c', 'black', '4.1')]
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

import regex

from clausex.data import load
from clausex.keyterms import addresses_consumers, key_terms
from clausex.prefilter import Pattern, lowered
from clausex.records import Document, Flag, KeyTerm

# The consumer's right to suspend is excluded or limited (art. 6:236 sub c BW).
SUSPENSION_EXCLUDED = regex.compile(
    r"""
    # "zonder opschorting", "zonder korting, verrekening of opschorting"
    \bzonder\s+(?:enige\s+)?(?:[\w-]+[\s,]+(?:of\s+|en\s+)?){0,4}?opschort\w*
    # "is niet gerechtigd zijn betalingsverplichting op te schorten"
    | \b(?:niet|nimmer|nooit)\s+(?:gerechtigd|bevoegd)\b[^.;]{0,80}?\bop\s+te\s+schorten
    # "het opschortingsrecht van de klant is uitgesloten"
    | \bopschortingsrecht\w*\b[^.;]{0,40}?\buitgesloten
    # "een reclame schort de betalingsverplichting niet op"
    | \b(?:reclames?|klacht(?:en)?)\b[^.;]{0,20}?\bschort\w*\b[^.;]{0,60}?\bniet\s+op\b
    # "geen beroep op opschorting"
    | \bgeen\s+(?:beroep\s+(?:op\s+)?)?opschorting
    """,
    regex.VERBOSE | regex.IGNORECASE,
)

# The consumer's right of set-off is excluded or limited (art. 6:237 sub g BW).
SET_OFF_EXCLUDED = regex.compile(
    r"""
    # "zonder verrekening", "zonder korting of verrekening"
    \bzonder\s+(?:enige\s+)?(?:[\w-]+[\s,]+(?:of\s+|en\s+)?){0,4}?verrekening
    # "is niet bevoegd vorderingen te verrekenen"
    | \b(?:niet|nimmer|nooit)\s+(?:gerechtigd|bevoegd)\b[^.;]{0,80}?\bte\s+verrekenen
    # "verrekening is uitgesloten"
    | \bverrekening\b[^.;]{0,40}?\buitgesloten
    # "geen beroep op verrekening"
    | \bgeen\s+(?:beroep\s+(?:op\s+)?)?verrekening
    """,
    regex.VERBOSE | regex.IGNORECASE,
)

# Statutory liability is excluded or limited (art. 6:237 sub f BW).
LIABILITY_EXCLUDED = regex.compile(
    r"""
    # "is niet aansprakelijk", "in geen geval aansprakelijk"
    \b(?:niet|nimmer|nooit|geenszins|in\s+geen\s+geval)\s+aansprakelijk
    # "de aansprakelijkheid is beperkt tot", "aansprakelijkheid is uitgesloten"
    | \baansprakelijkheid\b[^.;]{0,60}?\b(?:beperkt\s+tot|uitgesloten)
    # "aanvaardt geen enkele aansprakelijkheid"
    | \baanvaard\w*\s+geen\s+(?:enkele\s+)?aansprakelijkheid
    # "sluit iedere aansprakelijkheid uit"
    | \bsluit\w*\b[^.;]{0,40}?\baansprakelijkheid\s+uit\b
    """,
    regex.VERBOSE | regex.IGNORECASE,
)

# A clause that applies only to business customers, or that keeps consumers' statutory
# rights, is not a consumer clause whatever else it says.
BUSINESS_ONLY = regex.compile(
    r"""
    # "tenzij de klant een consument is", "behoudens voor consumenten"
    \b(?:tenzij|behoudens)\b[^.;]{0,60}?\bconsument
    # "de klant, niet-consument", "geen consument"
    | \b(?:geen|niet[\s-])consument
    # "dit geldt niet jegens een consument"
    | \bniet\s+(?:voor|jegens|ten\s+aanzien\s+van|op)\s+(?:een\s+|de\s+)?consument
    # "een zakelijke klant"
    | \bzakelijke\s+(?:klant|cli[eë]nt|afnemer|opdrachtgever|wederpartij|gebruiker)
    # "die handelt in de uitoefening van een beroep of bedrijf", but not "niet handelt"
    | (?<!\bniet\s{1,3})\bhandel(?:t|en|end)\s+in\s+de\s+uitoefening
    # "bij te late betaling door een bedrijf", "voor ondernemers geldt" (not "door de ondernemer")
    | \b(?:door|voor|jegens)\s+(?:een\s+)?(?:bedrijf|bedrijven|ondernem(?:ing|ingen|er|ers))\b
    # "bedrijven betalen binnen 30 dagen"
    | \b(?:bedrijven|ondernemers|ondernemingen)\s+(?:betalen|zijn|dienen|moeten)\b
    # "voor consumenten gelden de wettelijke bepalingen"
    | \bconsument\w*\b[^.;]{0,80}?\bwettelijke\s+(?:regeling|bepalingen|rechten)
    """,
    regex.VERBOSE | regex.IGNORECASE,
)

# "De consument is niet aansprakelijk voor ...": the exclusion favours the consumer.
COUNTERPARTY_SUBJECT = regex.compile(
    r"""
    \b(?:consument|klant|koper|cli[eë]nt|afnemer|opdrachtgever|huurder|deelnemer|wederpartij)\w*
    \s+(?:is|zijn|wordt|worden|blijft|blijven)   # the counterparty is the subject ...
    \s+(?:\w+\s+){0,3}$                         # ... of the words just before the match
    """,
    regex.VERBOSE | regex.IGNORECASE,
)

# No liability for force majeure follows from the law itself (no attributable failure), so a
# sentence saying so takes nothing away from the consumer.
FORCE_MAJEURE = regex.compile(r"\bovermacht|\bniet\s+toerekenba", regex.IGNORECASE)

# A clause that names consumers or private customers.
_CONSUMER_WORD = regex.compile(r"\b(?:consument|particulier)", regex.IGNORECASE)


@cache
def _clause_patterns() -> tuple[tuple[str, Pattern], ...]:
    """Each clause rule's pattern, which runs only on a clause holding one of the words
    every match of it contains (``prefilter.Pattern``): most clauses hold none."""
    return (
        ("suspension_excluded", Pattern.of(SUSPENSION_EXCLUDED)),
        ("set_off_excluded", Pattern.of(SET_OFF_EXCLUDED)),
        ("liability_excluded", Pattern.of(LIABILITY_EXCLUDED)),
    )


@cache
def _any_clause_rule() -> Pattern:
    """The clause rules as one pattern, for its quick word test: most clauses hold none of
    its words, and then no rule is tried on them."""
    sources = [f"(?:{pattern.compiled.pattern})" for _, pattern in _clause_patterns()]
    union = regex.compile("|".join(sources), regex.VERBOSE | regex.IGNORECASE)
    return Pattern.of(union, sources)


@cache
def _consumer_word() -> Pattern:
    return Pattern.of(_CONSUMER_WORD)


@cache
def _business_only() -> Pattern:
    return Pattern.of(BUSINESS_ONLY)


_MONTHS_PER_UNIT = {
    "minute": 1 / 43830,
    "hour": 1 / 730.5,
    "day": 1 / 30.44,
    "working_day": 1 / 21.0,
    "week": 7 / 30.44,
    "month": 1.0,
    "quarter": 3.0,
    "year": 12.0,
}


def rules() -> dict[str, dict[str, Any]]:
    """The documented consumer rules, by id (``data/nl/consumer_rules.json``)."""
    data: dict[str, dict[str, Any]] = load("consumer_rules")["rules"]
    return data


def _flag(
    rule_id: str, clause: str | None, evidence: list[tuple[int, int, str]], how: str = ""
) -> Flag:
    rule = rules()[rule_id]
    return Flag(
        rule=rule_id,
        law=rule["law"],
        letter=rule["letter"],
        list=rule["list"],
        clause=clause,
        reason=rule["reason"].format(how=how).replace("  ", " "),
        evidence=tuple(sorted(set(evidence))),
    )


class _Clauses:
    """Each clause's own words (up to the next clause, so a parent clause does not repeat
    its sub-clauses), each article without clauses, and who each clause is written for."""

    def __init__(self, doc: Document) -> None:
        self.text = doc.text
        self.lower = lowered(doc.text)
        self.spans: dict[str, tuple[int, int]] = {}
        for article in doc.articles:
            if not article.clauses:
                self.spans[article.path] = (article.start, article.end)
                continue
            following = [c.start for c in article.clauses[1:]] + [article.end]
            for clause, next_start in zip(article.clauses, following, strict=True):
                own_end = max(clause.start, min(clause.end, next_start))
                self.spans[clause.id] = (clause.start, own_end)
        # Sub-clauses ("3.5.1", "3.5.2") grouped by their parent clause: which name consumers,
        # and how many of each group do. Top-level clauses ("3.1") form no such list.
        consumer_word = _consumer_word()
        self._consumer = {
            i: consumer_word.search(self.text, self.lower, start, end) is not None
            for i, (start, end) in self.spans.items()
            if "." in i.rpartition(".")[0]
        }
        self._consumer_siblings: dict[str, int] = {}
        self._business: dict[str, bool] = {}  # for_business, once per clause (terms repeat)
        for clause_id, names_consumers in self._consumer.items():
            parent = clause_id.rpartition(".")[0]
            count = self._consumer_siblings.get(parent, 0)
            self._consumer_siblings[parent] = count + names_consumers

    def words(self, clause_id: str | None) -> str:
        start, end = self.spans.get(clause_id or "", (0, 0))
        return self.text[start:end]

    def for_business(self, clause_id: str | None) -> bool:
        """Whether the clause applies to business customers only: it says so, or it is a
        sub-clause beside one written for consumers and does not name them itself
        ("3.5.1 een consument ...; 3.5.2 een opdrachtgever ...")."""
        if clause_id is None or clause_id not in self.spans:
            return False
        if clause_id not in self._business:
            parent = clause_id.rpartition(".")[0]
            self._business[clause_id] = (
                not self._consumer.get(clause_id) and self._consumer_siblings.get(parent, 0) > 0
            ) or _business_only().search(self.text, self.lower, *self.spans[clause_id]) is not None
        return self._business[clause_id]


def _clause_flags(doc: Document, clauses: _Clauses) -> Iterator[Flag]:
    any_rule = _any_clause_rule()
    for clause_id, (start, end) in clauses.spans.items():
        if not any_rule.occurs(clauses.lower[start:end]):
            continue
        matches = [
            (rule_id, match)
            for rule_id, pattern in _clause_patterns()
            if (match := pattern.search(doc.text, clauses.lower, start, end))
        ]
        if not matches or clauses.for_business(clause_id):
            continue
        for rule_id, match in matches:
            if rule_id == "liability_excluded" and _favours_consumer(doc, match):
                continue
            yield _flag(rule_id, clause_id, [(match.start(), match.end(), match.group())])


def _favours_consumer(doc: Document, match: regex.Match[str]) -> bool:
    """Whether a liability exclusion frees the consumer, or only restates force majeure."""
    text, start, end = doc.text, match.start(), match.end()
    before = text[max(0, start - 60) : start]
    # The sentence around the match, looked for within a bounded window (linear time).
    head = text[max(0, start - 400) : start].replace(";", ".").rpartition(".")[2]
    tail = text[end : end + 400].replace(";", ".").partition(".")[0]
    return bool(COUNTERPARTY_SUBJECT.search(before) or FORCE_MAJEURE.search(head + tail))


def _span(term: KeyTerm) -> tuple[int, int, str]:
    return (term.start or 0, term.end or 0, term.text or "")


def _months(term: KeyTerm) -> float | None:
    if not isinstance(term.value, float) or term.unit not in _MONTHS_PER_UNIT:
        return None
    return term.value * _MONTHS_PER_UNIT[term.unit]


def _renewal_flags(terms: tuple[KeyTerm, ...], clauses: _Clauses) -> Iterator[Flag]:
    """Art. 6:236 sub j: a fixed-term tacit renewal, or an open-ended one whose notice
    period is longer than a month. Silence on the periods raises nothing."""
    rule = rules()["tacit_renewal"]
    goods = regex.compile(rule["excluded_goods"], regex.IGNORECASE)
    # Grouped once: a document can state many renewals and many terms.
    by_clause: dict[str, list[KeyTerm]] = {}
    for term in terms:
        if term.clause is not None:
            by_clause.setdefault(term.clause, []).append(term)
    for renewal in (t for t in terms if t.name == "auto_renewal" and t.value is True):
        words = clauses.words(renewal.clause)
        if goods.search(words) or clauses.for_business(renewal.clause):
            continue
        same = by_clause.get(renewal.clause, []) if renewal.clause is not None else []
        notices = [(t, _months(t)) for t in same if t.name == "notice_period"]
        fixed = [t for t in same if t.name == "renewal_period" and isinstance(t.value, float)]
        open_ended = any(t.name == "renewal_period" and t.value == "indefinite" for t in same)
        limit = rule["max_notice_months"]
        long_notice = [t for t, months in notices if months is not None and months > limit]
        short_notice = any(months is not None and months <= limit for _, months in notices)
        if short_notice and _CONSUMER_WORD.search(words):
            continue  # the clause gives consumers a notice period of at most a month
        if fixed:
            how = (
                "for a fixed period ("
                + ", ".join(" ".join((t.text or "").split()) for t in fixed)
                + ")"
            )
            yield _flag(
                "tacit_renewal", renewal.clause, [_span(renewal)] + [_span(t) for t in fixed], how
            )
        elif open_ended and long_notice:
            how = "with a notice period of " + " ".join((long_notice[0].text or "").split())
            evidence = [_span(renewal)] + [_span(t) for t in long_notice]
            yield _flag("tacit_renewal", renewal.clause, evidence, how)


def _collection_flags(terms: tuple[KeyTerm, ...], clauses: _Clauses) -> Iterator[Flag]:
    """Art. 6:96 lid 5 BW: a percentage above 15%, a flat 15% with no reference to the
    degressive scale, or a minimum above EUR 40."""
    rule = rules()["collection_costs_above_scale"]
    scale = regex.compile(rule["scale_words"], regex.IGNORECASE)
    for term in (t for t in terms if t.name == "collection_costs" and isinstance(t.value, float)):
        if clauses.for_business(term.clause):
            continue
        clause_text = clauses.words(term.clause)
        how = ""
        if term.unit == "percent" and term.value > rule["max_percentage"]:
            how = f"of {term.value:g}%"
        elif term.unit == "percent" and term.value == rule["max_percentage"]:
            if not scale.search(clause_text):
                how = f"of a flat {term.value:g}% (the scale drops below 15% above EUR 2,500)"
        elif term.detail == "minimum" and term.unit == "EUR" and term.value > rule["minimum"]:
            how = f"of at least EUR {term.value:g}"
        if how:
            yield _flag("collection_costs_above_scale", term.clause, [_span(term)], how)


def flags(doc: Document) -> tuple[Flag, ...]:
    """The consumer-law flags of a document, in document order; none for B2B documents."""
    consumer = next((t for t in doc.key_terms if t.name == "consumer_terms"), None)
    if not (consumer or addresses_consumers(doc)).value:
        return ()
    terms = doc.key_terms or key_terms(doc)
    clauses = _Clauses(doc)
    found = [
        *_clause_flags(doc, clauses),
        *_renewal_flags(terms, clauses),
        *_collection_flags(terms, clauses),
    ]
    return tuple(sorted(found, key=lambda f: (f.evidence[0][0] if f.evidence else 0, f.rule)))
