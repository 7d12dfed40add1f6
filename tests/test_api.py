"""The public surface: parse, options, errors, the record and its round trip."""

from __future__ import annotations

import json

import pytest

import clausex
from clausex.errors import InputTypeError, OptionError
from clausex.records import Document

SAMPLE = (
    "Algemene voorwaarden Voorbeeld B.V.\n\n"
    "Artikel 1 – Betaling\n"
    "1.1 Betaling geschiedt binnen 14 dagen na factuurdatum.\n"
    "1.2 Bij te late betaling is de klant een rente van 1,5% per maand verschuldigd, "
    "met een minimum van € 40,00.\n\n"
    "Artikel 2 – Geschillen\n"
    "2.1 Op deze overeenkomst is Nederlands recht van toepassing.\n"
    "2.2 Geschillen worden voorgelegd aan de bevoegde rechter te Arnhem.\n"
)


def test_parse_gives_structure_and_located_facts() -> None:
    doc = clausex.parse(SAMPLE)
    assert [a.path for a in doc.articles] == ["1", "2"]
    assert [c.id for c in doc.clauses()] == ["1.1", "1.2", "2.1", "2.2"]
    by_type = {(f.type, f.clause) for f in doc.facts}
    assert {("duration", "1.1"), ("percentage", "1.2"), ("money", "1.2")} <= by_type
    assert {("governing_law", "2.1"), ("court", "2.2")} <= by_type
    court = next(f for f in doc.facts if isinstance(f, clausex.Court))
    assert (court.city, court.court, court.ecli) == ("Arnhem", "Rechtbank Gelderland", "RBGEL")


def test_every_span_is_exact() -> None:
    doc = clausex.parse(SAMPLE)
    for node in [*doc.articles, *doc.clauses(), *doc.facts]:
        assert 0 <= node.start <= node.end <= len(SAMPLE)
    for fact in doc.facts:
        assert fact.text == SAMPLE[fact.start : fact.end]


def test_to_dict_is_json_and_round_trips() -> None:
    doc = clausex.parse(SAMPLE, source="voorbeeld.txt")
    record = json.loads(json.dumps(doc.to_dict()))
    assert record["schema"] == "clausex/1"
    assert record["source"] == "voorbeeld.txt"
    assert {"path", "part", "number", "title", "start", "end", "clauses"} <= set(
        record["articles"][0]
    )
    assert {"type", "text", "start", "end", "clause"} <= set(record["facts"][0])
    again = Document.from_dict(record, SAMPLE)
    assert again == doc
    assert again.to_dict() == doc.to_dict()


def test_parse_is_deterministic() -> None:
    assert clausex.parse(SAMPLE).to_dict() == clausex.parse(SAMPLE).to_dict()


@pytest.mark.parametrize(
    "text", ["", " ", "\n\n", "Geen artikelen, alleen tekst.", "\x00\ud800\x1b"]
)
def test_text_without_articles_parses_empty(text: str) -> None:
    doc = clausex.parse(text)
    assert doc.articles == ()
    assert doc.text == text


def test_lone_surrogates_keep_exact_fact_text() -> None:
    text = "Artikel 1 Termijn\n1.1 Binnen 14 dagen\ud800 na levering."
    doc = clausex.parse(text)
    assert doc.facts and all(f.text == text[f.start : f.end] for f in doc.facts)


def test_bytes_are_refused_with_a_clear_error() -> None:
    with pytest.raises(InputTypeError, match="parse_file"):
        clausex.parse(b"Artikel 1")  # type: ignore[arg-type]


def test_options_record_and_keyword_sugar_agree() -> None:
    only_money = clausex.ParseOptions(facts=("money",))
    a = clausex.parse(SAMPLE, only_money)
    b = clausex.parse(SAMPLE, facts=["money"])
    assert {f.type for f in a.facts} == {"money"}
    assert a.to_dict() == b.to_dict()


def test_unknown_option_names_the_bad_keyword() -> None:
    with pytest.raises(OptionError, match="modle"):
        clausex.parse(SAMPLE, modle="nl_core_news_md")


def test_unknown_fact_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="recipe"):
        clausex.parse(SAMPLE, facts=["recipe"])


def test_public_names_resolve() -> None:
    for name in clausex.__all__:
        assert getattr(clausex, name) is not None
