"""Legal insight (issue 6): article and clause topics, key terms and consumer-law flags.

The tables live in cases/topics.json, cases/keyterms.json and cases/flags.json. Key-term
and flag rows describe a small document ("Artikel N Titel" headings, "N.M" or "N.M.K" clauses) and
its facts; the Document is built here by hand, so these tests do not depend on the fact
finders or the segmenter.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from clausex import flags as flags_module
from clausex.data import load
from clausex.extract import topics
from clausex.extract.topics import classify_article, classify_clause, labels, with_topics
from clausex.flags import flags, rules
from clausex.keyterms import KEY_TERMS, format_key_terms, key_terms, key_terms_frame
from clausex.prefilter import NEEDLE_CHARACTERS, Pattern, lowered
from clausex.records import (
    Article,
    Clause,
    Court,
    Document,
    Duration,
    Fact,
    GoverningLaw,
    Money,
    Percentage,
)

CASES = Path(__file__).parent / "cases"


def cases(name: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads((CASES / f"{name}.json").read_text("utf-8"))["cases"]
    return rows


TOPIC_ROWS = cases("topics")
ARTICLE_ROWS = [c for c in TOPIC_ROWS if "title" in c]
CLAUSE_ROWS = [c for c in TOPIC_ROWS if "title" not in c]
KEY_TERM_ROWS = cases("keyterms")
FLAG_ROWS = cases("flags")

_HEADING = regex.compile(r"(?m)^Artikel (\d+) (.*)$")
_CLAUSE = regex.compile(r"(?m)^(\d+(?:\.\d+)+) ")
_KINDS: dict[str, type[Fact]] = {
    "duration": Duration,
    "percentage": Percentage,
    "money": Money,
    "court": Court,
    "governing_law": GoverningLaw,
}


def build(text: str, facts: list[dict[str, Any]]) -> Document:
    """A Document for ``text`` with topics set the way ``clausex.parse`` sets them.

    Each fact names its words (``text``); facts are listed in document order and placed at
    the next occurrence of those words.
    """
    heads = list(_HEADING.finditer(text))
    articles = []
    for i, head in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        starts = list(_CLAUSE.finditer(text, head.end(), end))
        topic = classify_article(head.group(2), text[head.start() : end])
        clauses = tuple(
            Clause(
                id=m.group(1),
                number=m.group(1).rpartition(".")[2],
                start=m.start(),
                end=starts[j + 1].start() if j + 1 < len(starts) else end,
            )
            for j, m in enumerate(starts)
        )
        clauses = tuple(
            dataclasses.replace(c, topic=classify_clause(text[c.start : c.end], topic) or topic)
            for c in clauses
        )
        number = head.group(1)
        articles.append(
            Article(number, None, number, head.group(2), head.start(), end, clauses, topic)
        )
    placed: list[Fact] = []
    position = 0
    for spec in facts:
        fields = dict(spec)
        kind, words = _KINDS[fields.pop("type")], fields.pop("text")
        start = text.index(words, position)
        position = start + 1
        clause = next(
            (c.id for a in articles for c in a.clauses if c.start <= start < c.end),
            next((a.path for a in articles if a.start <= start < a.end), None),
        )
        placed.append(
            kind(text=words, start=start, end=start + len(words), clause=clause, **fields)
        )
    return Document(text=text, articles=tuple(articles), facts=tuple(placed))


@pytest.mark.parametrize("name", ["topics", "keyterms", "flags"])
def test_well_formed_cases(name: str) -> None:
    rows = cases(name)
    labels_seen = [c["label"] for c in rows]
    assert len(labels_seen) == len(set(labels_seen)), "labels must be unique"
    for case in rows:
        assert {"label", "comment", "text", "expect"} <= case.keys(), case["label"]
    if name == "topics":
        used = {c["expect"] for c in rows if c["expect"]} | {
            c.get("article_topic") for c in rows if c.get("article_topic")
        }
        assert used <= set(labels()), used - set(labels())


# --- topics ----------------------------------------------------------------------------


@pytest.mark.parametrize("case", ARTICLE_ROWS, ids=[c["label"] for c in ARTICLE_ROWS])
def test_article_topics(case: dict[str, Any]) -> None:
    assert classify_article(case["title"], case["text"]) == case["expect"]


@pytest.mark.parametrize("case", CLAUSE_ROWS, ids=[c["label"] for c in CLAUSE_ROWS])
def test_clause_topics(case: dict[str, Any]) -> None:
    assert classify_clause(case["text"], case.get("article_topic")) == case["expect"]


def test_taxonomy_is_the_guide_taxonomy() -> None:
    assert labels() == (
        "definitions",
        "applicability",
        "offer_and_formation",
        "prices",
        "payment",
        "delivery",
        "risk_transfer",
        "retention_of_title",
        "complaints",
        "warranty",
        "liability",
        "indemnity",
        "force_majeure",
        "intellectual_property",
        "confidentiality",
        "privacy",
        "duration_and_termination",
        "suspension",
        "cancellation",
        "withdrawal_right",
        "service_levels",
        "use_and_conduct",
        "transfer_and_subcontracting",
        "amendments",
        "disputes_and_law",
        "miscellaneous",
    )
    data = load("topics")
    for label, fields in data["labels"].items():
        assert fields["title"] and fields["text"], label
        for field in ("title", "text"):
            assert all(w > 0 and kw == kw.casefold() for kw, w in fields[field].items()), label


# --- key terms -------------------------------------------------------------------------


def _projected(doc: Document, case: dict[str, Any]) -> list[dict[str, Any]]:
    """The key terms of the names a row checks, each cut to the keys its expected row gives."""
    names = set(case.get("check", [])) | {e["name"] for e in case["expect"]}
    found = [dataclasses.asdict(t) for t in key_terms(doc) if t.name in names]
    # Rows beyond the expected ones are cut to name, value and clause, and fail the test.
    keys = [set(e) for e in case["expect"]] + [{"name", "value", "clause"}] * len(found)
    return [
        {k: v for k, v in term.items() if k in want}
        for term, want in zip(found, keys[: len(found)], strict=True)
    ]


@pytest.mark.parametrize("case", KEY_TERM_ROWS, ids=[c["label"] for c in KEY_TERM_ROWS])
def test_key_terms(case: dict[str, Any]) -> None:
    doc = build(case["text"], case.get("facts", []))
    assert case.get("check") or case["expect"], "a row must check something"
    assert _projected(doc, case) == case["expect"]


def test_key_terms_point_at_their_words() -> None:
    for case in KEY_TERM_ROWS:
        doc = build(case["text"], case.get("facts", []))
        for term in key_terms(doc):
            assert term.name in KEY_TERMS
            if term.start is not None and term.end is not None:
                assert doc.text[term.start : term.end] == term.text, (case["label"], term)


def test_key_terms_table_and_frame() -> None:
    docs = [build(c["text"], c.get("facts", [])) for c in KEY_TERM_ROWS[:4]]
    table = format_key_terms(docs[0])
    assert table.splitlines()[0].split() == ["term", "value", "clause", "text"]
    assert "payment_term" in table
    frame = key_terms_frame(docs)
    assert list(frame.index) == ["0", "1", "2", "3"]
    assert {"payment_term", "payment_term_unit", "payment_term_clause"} <= set(frame.columns)
    assert frame.loc["0", "payment_term"] == 30.0


def test_key_terms_and_flags_round_trip_through_to_dict() -> None:
    case = next(c for c in FLAG_ROWS if c["expect"])
    doc = build(case["text"], case.get("facts", []))
    doc = dataclasses.replace(doc, key_terms=key_terms(doc))
    doc = dataclasses.replace(doc, flags=flags(doc))
    record = json.loads(json.dumps(doc.to_dict()))
    assert record["key_terms"] and record["flags"]
    again = Document.from_dict(record, doc.text)
    assert again.key_terms == doc.key_terms
    assert again.flags == doc.flags
    assert "key_terms" not in again.extras


# --- flags -----------------------------------------------------------------------------


@pytest.mark.parametrize("case", FLAG_ROWS, ids=[c["label"] for c in FLAG_ROWS])
def test_flags(case: dict[str, Any]) -> None:
    doc = build(case["text"], case.get("facts", []))
    found = [[f.law, f.letter, f.list, f.clause] for f in flags(doc)]
    assert found == case["expect"]
    for flag in flags(doc):
        assert flag.reason and flag.evidence
        assert all(doc.text[s:e] == t for s, e, t in flag.evidence)


def test_every_rule_is_documented_and_tested() -> None:
    tested = {
        (f.law, f.letter) for c in FLAG_ROWS for f in flags(build(c["text"], c.get("facts", [])))
    }
    for rule_id, rule in rules().items():
        assert {"law", "letter", "list", "reason", "quote", "source"} <= rule.keys(), rule_id
        assert rule["list"] in {"black", "grey", "statutory"}
        assert "http" in rule["source"], rule_id
        assert (rule["law"], rule["letter"]) in tested, rule_id


# --- any input -------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from("aeinorst ,.;:%€0123456789\nArtikel"), max_size=300))
def test_never_raises(text: str) -> None:
    classify_article(text[:40], text)
    classify_clause(text)
    for document in ("Artikel 1 Algemeen\n1.1 " + text, "Artikel 2 Overig\n" + text):
        doc = build(document, [])
        key_terms(doc)
        flags(doc)


# --- the fast paths find what the plain ones find ----------------------------------------
# Topics fold a document once and read clause keywords off the article's scan, and the key
# terms and flags run their patterns only where a needle word occurs (issue 5, speed). These
# invariants hold the results to those of the plain per-text computations.

# Letters, marks, ligatures and the rare letters whose folded form folds again (U+03D2 gives
# "Υ", which folds to "υ"), with the separators that end a clause or an article.
_TRICKY = "aAeéëÉËiİıſßẞﬁK㎁ϒΥ\u0301\u0323\u00a0\u2019\u2028€§1 .;,\n\t\x00\ufdd0"
_WORDS = ["betaling ", "wordt verstaan onder ", "van toepassing ", "in gebreke ", " duur ", "."]
_TEXTS = st.lists(st.sampled_from(list(_TRICKY)) | st.sampled_from(_WORDS), max_size=40).map(
    "".join
)


def _reference_fold(text: str) -> str:
    """``topics.fold`` as first written: normalise the whole text, then map each character."""
    bare = unicodedata.normalize("NFKD", text.casefold())
    kept = []
    for char in bare:
        if char < "\x80":
            kept.append(char if char.isalpha() else " ")
        elif not regex.fullmatch(r"\p{Mn}", char):
            kept.append(char if regex.fullmatch(r"\p{L}", char) else " ")
    return " " + " ".join("".join(kept).split()) + " "


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_fold_is_the_reference_fold(text: str) -> None:
    assert topics.fold(text) == _reference_fold(text)


@settings(max_examples=200, deadline=None)
@given(_TEXTS, st.lists(st.integers(min_value=0, max_value=400), min_size=2, max_size=8))
def test_with_topics_are_those_of_each_text(text: str, cuts: list[int]) -> None:
    """Articles and clauses at any offsets, even inside words or past the end."""
    edges = sorted(set(cuts))
    articles = []
    for i, (start, end) in enumerate(itertools.pairwise(edges)):
        middle = (start + end) // 2
        clauses = (Clause("1", "1", start, middle), Clause("2", "2", middle, end))
        articles.append(Article(str(i), None, str(i), text[start:end][:20], start, end, clauses))
    expected = []
    for a in articles:
        topic = classify_article(a.title, text[a.start : a.end])
        clauses = tuple(
            dataclasses.replace(c, topic=classify_clause(text[c.start : c.end]) or topic)
            for c in a.clauses
        )
        expected.append(dataclasses.replace(a, topic=topic, clauses=clauses))
    assert with_topics(text, articles) == tuple(expected)


def test_with_topics_keeps_every_field() -> None:
    """``with_topics`` builds articles and clauses field by field: a new field must be
    passed on there."""
    clause_fields = ("id", "number", "start", "end", "items", "topic")
    article_fields = ("path", "part", "number", "title", "start", "end", "clauses", "topic")
    assert tuple(f.name for f in dataclasses.fields(Clause)) == clause_fields
    assert tuple(f.name for f in dataclasses.fields(Article)) == article_fields


def test_lowered_text_shows_every_case_insensitive_match() -> None:
    """A needle is looked for in ``lowered`` text: every character that ``regex`` matches
    to a needle character, whatever the case, must show as that character there."""
    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    for char in NEEDLE_CHARACTERS:
        for found in regex.findall(regex.escape(char), everything, regex.IGNORECASE):
            assert lowered(found) == char, (char, hex(ord(found)))


def _data_patterns() -> list[Pattern]:
    from clausex import keyterms

    data = keyterms._data()
    fragments = [data["liability_cap_context"], *data["consumer"].values()]
    fragments += [*data["renewal"].values(), *data["cisg"].values()]
    fragments += [phrase["cue"] for phrases in data["phrases"].values() for phrase in phrases]
    found = [keyterms._pattern(fragment) for fragment in fragments]
    for name in data["fact_terms"]:
        rule = keyterms._rule(name)
        found += [p for p in (rule.cues, rule.block, rule.require) if p is not None]
    found += [p for _, p in flags_module._clause_patterns()]
    return [*found, flags_module._consumer_word(), flags_module._business_only()]


def test_patterns_have_needles() -> None:
    """The data patterns are written so that the quick word test applies to them."""
    assert all(pattern.needles for pattern in _data_patterns())


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["De consument ", "herroepingsrecht", "wettelijke rente", "stilzwijgend verlengd",
             "Weens Koopverdrag niet van toepassing", "zonder opschorting of verrekening",
             "niet aansprakelijk", "factuurbedrag", ". ", "; ", ", ", "\n", "İ", "ſ", "x"]
        ),
        max_size=60,
    ).map("".join),
    st.integers(min_value=0, max_value=50),
)  # fmt: skip
def test_patterns_find_what_a_plain_search_finds(text: str, cut: int) -> None:
    text = text * 40  # long enough to be searched stretch by stretch
    lower = lowered(text)
    for pattern in _data_patterns():
        for lo, hi in ((0, len(text)), (cut, len(text) - cut), (cut, cut + 300)):
            expected = [m.span() for m in pattern.compiled.finditer(text, lo, hi)]
            assert [m.span() for m in pattern.finditer(text, lower, lo, hi)] == expected
