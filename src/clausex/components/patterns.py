"""The pattern stage as a spaCy component: typed facts found by rules, placed in clauses."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup

from clausex.components.segmenter import OUTLINE_ATTR, TokenIndex
from clausex.components.tokenizer import doc_text
from clausex.extract import amounts, courts, durations
from clausex.extract.structure import Outline
from clausex.locate import ClauseLocator
from clausex.options import FACT_KINDS
from clausex.records import Fact

FACT_ATTR = "clausex_fact"
FACTS_KEY = "clausex_facts"

# Which pure ``str -> list[Fact]`` function finds each fact kind.
FINDERS: dict[str, Callable[[str], Sequence[Fact]]] = {
    "duration": durations.find_durations,
    "percentage": amounts.find_percentages,
    "money": amounts.find_money,
    "court": courts.find_courts,
    "governing_law": courts.find_governing_law,
}


def add_fact_spans(doc: Doc, facts: Iterable[Fact], key: str = FACTS_KEY) -> None:
    """Store facts on the Doc as spans (label: fact type) carrying the Fact record."""
    if not Span.has_extension(FACT_ATTR):
        Span.set_extension(FACT_ATTR, default=None)
    spans = []
    index = TokenIndex(doc)
    for fact in facts:
        span = index.span(fact.start, fact.end, fact.type)
        span._.set(FACT_ATTR, fact)
        spans.append(span)
    group = doc.spans[key] if key in doc.spans else SpanGroup(doc, name=key)
    group.extend(spans)
    doc.spans[key] = group


def doc_facts(doc: Doc, key: str = FACTS_KEY) -> list[Fact]:
    """The Fact records stored on the Doc, in document order."""
    if key not in doc.spans:
        return []
    facts = [span._.get(FACT_ATTR) for span in doc.spans[key]]
    return sorted((f for f in facts if f is not None), key=lambda f: (f.start, f.end, f.type))


class PatternMatcher:
    """Finds facts of the configured kinds in the Doc's text and stores them as spans in
    ``doc.spans["clausex_facts"]``, each with ``span._.clausex_fact`` holding the record."""

    def __init__(self, nlp: Language, name: str, facts: Sequence[str]) -> None:
        unknown = sorted(set(facts) - set(FINDERS))
        if unknown:
            raise ValueError(f"unknown fact kinds {unknown}; choose from {list(FACT_KINDS)}")
        self.name = name
        self.finders = [FINDERS[kind] for kind in facts]

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        found = [fact for finder in self.finders for fact in finder(text)]
        outline: Outline | None = (
            doc._.get(OUTLINE_ATTR) if doc.has_extension(OUTLINE_ATTR) else None
        )
        if outline is not None:
            found = ClauseLocator(outline.articles).locate(found)
        if len(doc):
            add_fact_spans(doc, found)
        else:
            doc.spans[FACTS_KEY] = SpanGroup(doc, name=FACTS_KEY)
        return doc


@Language.factory(
    "clausex_patterns",
    assigns=["doc.spans", "span._.clausex_fact"],
    requires=["doc._.clausex_outline"],
    default_config={"facts": list(FACT_KINDS)},
)
def make_pattern_matcher(nlp: Language, name: str, facts: list[str]) -> PatternMatcher:
    """Factory of the pattern stage; ``facts`` selects the fact kinds."""
    return PatternMatcher(nlp, name, facts)
