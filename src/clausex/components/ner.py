"""The statistical NER stage: a spaCy model's entities, run only on clauses that need them.

Optional: used when ``ParseOptions.model`` names a model. Its entities become
``Document.entities``; a place (GPE/LOC) right after "rechter te" that the rules did not
already cover becomes a court fact. Nothing the rule stages found is removed.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import regex
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from clausex import data
from clausex.components.patterns import FACTS_KEY, add_fact_spans, doc_facts
from clausex.components.segmenter import OUTLINE_ATTR
from clausex.components.tokenizer import doc_text
from clausex.errors import ModelError
from clausex.extract.courts import normalise_court
from clausex.extract.structure import Outline
from clausex.locate import ClauseLocator
from clausex.records import Court, Entity

ENTITIES_KEY = "clausex_entities"
PLACE_LABELS = frozenset({"GPE", "LOC"})
# How far back from a place name the court cue ("rechter te ") is looked for.
CUE_WINDOW = 40


@cache
def load_model(model: str) -> Language:
    """Load a spaCy model by name or path, keeping only what its NER needs."""
    try:
        nlp = spacy.load(model)
    except (OSError, ValueError) as exc:  # not installed, bad path, incompatible version
        raise ModelError(model, str(exc)) from exc
    if "ner" not in nlp.pipe_names:
        raise ModelError(model, f"it has no 'ner' component (pipes: {nlp.pipe_names})")
    keep = {"ner", "tok2vec", "transformer"}
    nlp.select_pipes(disable=[p for p in nlp.pipe_names if p not in keep])
    return nlp


def doc_outline(doc: Doc) -> Outline | None:
    """The outline the segmenter stored, if it ran."""
    return doc._.get(OUTLINE_ATTR) if doc.has_extension(OUTLINE_ATTR) else None


def clause_ranges(doc: Doc, outline: Outline | None) -> Iterator[tuple[int, int]]:
    """(start, end) of every clause, of articles without clauses, or the whole text."""
    if outline is None or not outline.articles:
        yield 0, len(doc_text(doc))
        return
    for article in outline.articles:
        if article.clauses:
            yield from ((c.start, c.end) for c in article.clauses)
        else:
            yield article.start, article.end


class StatisticalNER:
    """Runs ``model``'s NER over the selected clauses and stores the entities in
    ``doc.spans["clausex_entities"]`` (each ``span._.clausex_fact`` an ``Entity``)."""

    def __init__(self, nlp: Language, name: str, model: str, all_clauses: bool) -> None:
        self.name = name
        self.model = model
        self.all_clauses = all_clauses
        cues = data.load("ner_cues")
        self.cues = tuple(cues["stems"])
        self.court_cue = regex.compile(cues["court_seat_before"], regex.IGNORECASE)

    def initialize(self, get_examples: object = None, nlp: Language | None = None) -> None:
        """Load the model up front (otherwise it loads on first use)."""
        load_model(self.model)

    def needs_ner(self, text: str) -> bool:
        lowered = text.lower()
        return self.all_clauses or any(cue in lowered for cue in self.cues)

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        outline = doc_outline(doc)
        model = load_model(self.model)
        # A "clause" longer than the model accepts (1 000 000 characters by default) is no
        # real clause but unstructured input; the model would raise on it, so it is skipped.
        ranges = [
            (s, e)
            for s, e in clause_ranges(doc, outline)
            if 0 < e - s <= model.max_length and self.needs_ner(text[s:e])
        ]
        entities: list[Entity] = []
        for (start, _end), sub in zip(
            ranges, model.pipe(text[s:e] for s, e in ranges), strict=True
        ):
            entities.extend(
                Entity(
                    text=ent.text,
                    start=start + ent.start_char,
                    end=start + ent.end_char,
                    label=ent.label_,
                )
                for ent in sub.ents
            )
        seats = self.court_seats(text, entities, doc)
        if outline is not None:
            locator = ClauseLocator(outline.articles)
            entities, seats = locator.locate(entities), locator.locate(seats)
        if len(doc):
            add_fact_spans(doc, entities, key=ENTITIES_KEY)
            add_fact_spans(doc, seats, key=FACTS_KEY)
        return doc

    def court_seats(self, text: str, entities: list[Entity], doc: Doc) -> list[Court]:
        """Places named right after "rechter te" that no rule-found court covers."""
        covered = [(f.start, f.end) for f in doc_facts(doc) if isinstance(f, Court)]
        seats = []
        for ent in entities:
            if ent.label not in PLACE_LABELS:
                continue
            if any(s <= ent.start < e for s, e in covered):
                continue
            if not self.court_cue.search(text[max(0, ent.start - CUE_WINDOW) : ent.start]):
                continue
            court, ecli = normalise_court(ent.text)
            seats.append(
                Court(
                    text=ent.text,
                    start=ent.start,
                    end=ent.end,
                    city=ent.text,
                    court=court,
                    ecli=ecli,
                    kind="rechtbank",
                )
            )
        return seats


@Language.factory(
    "clausex_ner",
    assigns=["doc.spans"],
    requires=["doc._.clausex_outline"],
    default_config={"model": "nl_core_news_md", "all_clauses": False},
)
def make_statistical_ner(nlp: Language, name: str, model: str, all_clauses: bool) -> StatisticalNER:
    """Factory of the optional statistical NER stage."""
    return StatisticalNER(nlp, name, model, all_clauses)
