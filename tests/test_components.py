"""The spaCy side: components by name, config, serialisation, and the optional NER stage."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from conftest import CORPORA, corpus_docs
from spacy import displacy

import clausex
from clausex.api import document_from_doc
from clausex.components.ner import StatisticalNER
from clausex.errors import ModelError
from clausex.spacy_pipeline import pipeline

TEXT = (
    "Artikel 1 Toepasselijk recht\n"
    "1.1 Op alle overeenkomsten is Nederlands recht van toepassing.\n"
    "1.2 Alle geschillen worden voorgelegd aan de rechter te Zwolle.\n"
    "Artikel 2 Betaling\n"
    "2.1 De klant betaalt binnen 30 dagen.\n"
)


def test_pipeline_puts_facts_on_the_doc_as_spans() -> None:
    doc = pipeline()(TEXT)
    assert [s.label_ for s in doc.spans["clausex_articles"]] == ["1", "2"]
    assert [s.label_ for s in doc.spans["clausex_clauses"]] == ["1.1", "1.2", "2.1"]
    facts = [s._.clausex_fact for s in doc.spans["clausex_facts"]]
    assert {f.type for f in facts} == {"governing_law", "court", "duration"}
    for span, fact in zip(doc.spans["clausex_facts"], facts, strict=True):
        # Tokens are whitespace-delimited: the span covers the fact's exact characters.
        assert span.start_char <= fact.start < fact.end <= span.end_char
        assert span.label_ == fact.type


def test_facts_over_the_same_tokens_keep_their_own_records() -> None:
    # "10-15%" is one whitespace token holding two facts: each span must carry its own.
    doc = pipeline()("Een aanbetaling van 10-15% van de prijs.")
    assert [s._.clausex_fact.text for s in doc.spans["clausex_facts"]] == ["10", "15%"]
    assert doc[0:1]._.clausex_fact is None  # a span that is no fact carries none


@pytest.mark.parametrize("name", [p.name for p in corpus_docs()])
def test_pipeline_record_equals_parse(name: str) -> None:
    # ``parse`` without a model skips spaCy; the pipeline's Doc must give the same record.
    text = (CORPORA / "docs" / name).read_bytes().decode("utf-8")
    assert document_from_doc(text, pipeline()(text)) == clausex.parse(text)


def test_pattern_stage_config_selects_fact_kinds() -> None:
    nlp = spacy.blank("nl")
    nlp.add_pipe("clausex_segmenter")
    nlp.add_pipe("clausex_patterns", config={"facts": ["duration"]})
    doc = nlp(TEXT)
    assert [s._.clausex_fact.type for s in doc.spans["clausex_facts"]] == ["duration"]


def test_pipeline_survives_to_disk_and_load(tmp_path: Path) -> None:
    nlp = pipeline()
    nlp.to_disk(tmp_path / "clausex_nl")
    loaded = spacy.load(tmp_path / "clausex_nl")
    assert loaded.pipe_names == nlp.pipe_names
    doc_a, doc_b = nlp(TEXT), loaded(TEXT)
    a = [(s.start_char, s.end_char, s.label_) for s in doc_a.spans["clausex_facts"]]
    b = [(s.start_char, s.end_char, s.label_) for s in doc_b.spans["clausex_facts"]]
    assert a and a == b


def test_displacy_renders_the_fact_spans() -> None:
    html = displacy.render(pipeline()(TEXT), style="span", options={"spans_key": "clausex_facts"})
    assert "governing_law" in html and "Zwolle" in html


def test_model_entities_join_the_record(tiny_ner_model: str) -> None:
    doc = clausex.parse(TEXT, model=tiny_ner_model)
    places = [(e.text, e.clause) for e in doc.entities if e.label == "GPE"]
    assert ("Zwolle", "1.2") in places
    for entity in doc.entities:
        assert entity.text == TEXT[entity.start : entity.end]


def test_model_loses_no_rule_fact(tiny_ner_model: str) -> None:
    without = {(f.type, f.start, f.end) for f in clausex.parse(TEXT).facts}
    with_model = {(f.type, f.start, f.end) for f in clausex.parse(TEXT, model=tiny_ner_model).facts}
    assert without <= with_model


def test_ner_runs_only_on_clauses_with_cues(
    tiny_ner_model: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    original = StatisticalNER.needs_ner

    def spy(self: StatisticalNER, text: str) -> bool:
        chosen = original(self, text)
        if chosen:
            seen.append(text)
        return chosen

    monkeypatch.setattr(StatisticalNER, "needs_ner", spy)
    clausex.parse(TEXT, model=tiny_ner_model)
    assert any("rechter te Zwolle" in t for t in seen)
    assert not any("30 dagen" in t for t in seen)  # a payment clause names no forum or place


def test_missing_model_raises_a_clear_error() -> None:
    with pytest.raises(ModelError, match="no_such_model_xyz"):
        clausex.parse(TEXT, model="no_such_model_xyz")
