"""The pattern stage as a spaCy component: typed facts found by rules, placed in clauses."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup

from clausex.components.segmenter import OUTLINE_ATTR, TokenIndex
from clausex.components.tokenizer import doc_text
from clausex.extract.facts import find_facts
from clausex.extract.structure import Outline
from clausex.options import FACT_KINDS, check_fact_kinds
from clausex.records import Fact

FACT_ATTR = "clausex_fact"
FACTS_KEY = "clausex_facts"
# Where the Fact records of a Doc are kept (``doc.user_data``).
RECORDS_KEY = "clausex_fact_records"


def add_fact_spans(doc: Doc, facts: Iterable[Fact], key: str = FACTS_KEY) -> None:
    """Store facts on the Doc as spans (label: fact type) carrying the Fact record."""
    if not Span.has_extension(FACT_ATTR):
        Span.set_extension(FACT_ATTR, getter=_fact_of)
    # Records live in one list on the Doc and each span keeps its place in it as its id:
    # span extension values are keyed by character offsets, so two facts over the same
    # tokens ("10-15%" is one token and two facts) would overwrite each other.
    records: list[Fact] = doc.user_data.setdefault(RECORDS_KEY, [])
    spans = []
    index = TokenIndex(doc)
    for fact in facts:
        records.append(fact)
        spans.append(index.span(fact.start, fact.end, fact.type, span_id=len(records)))
    group = doc.spans[key] if key in doc.spans else SpanGroup(doc, name=key)
    group.extend(spans)
    doc.spans[key] = group


def _fact_of(span: Span) -> Fact | None:
    records = span.doc.user_data.get(RECORDS_KEY, [])
    return records[span.id - 1] if 0 < span.id <= len(records) else None  # 0: not a fact


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
        check_fact_kinds(facts)
        self.name = name
        self.kinds = tuple(facts)

    def __call__(self, doc: Doc) -> Doc:
        outline: Outline | None = (
            doc._.get(OUTLINE_ATTR) if doc.has_extension(OUTLINE_ATTR) else None
        )
        found = find_facts(doc_text(doc), outline.articles if outline else None, self.kinds)
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
