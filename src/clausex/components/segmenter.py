"""The structure stage as a spaCy component: parts, articles, clauses and items."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup

from clausex.extract.structure import Outline, segment

OUTLINE_ATTR = "clausex_outline"


def char_span(doc: Doc, start: int, end: int, label: str) -> Span:
    """The smallest token span covering ``[start, end)`` (at least one character).

    The exact offsets live in the records; tokens are whitespace-delimited, so a span
    may reach a little further than its record (e.g. over a trailing comma)."""
    start = max(0, min(start, len(doc.text) - 1))
    span = doc.char_span(start, max(end, start + 1), label=label, alignment_mode="expand")
    assert span is not None  # "expand" aligns every non-empty range inside the text
    return span


class Segmenter:
    """Segments ``doc.text`` and stores the outline on the Doc.

    Sets ``doc._.clausex_outline`` (an ``Outline``) and the span groups
    ``doc.spans["clausex_articles"]`` (label: article path) and
    ``doc.spans["clausex_clauses"]`` (label: clause id).
    """

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        if not Doc.has_extension(OUTLINE_ATTR):
            Doc.set_extension(OUTLINE_ATTR, default=None)

    def __call__(self, doc: Doc) -> Doc:
        outline: Outline = segment(doc.text)
        doc._.set(OUTLINE_ATTR, outline)
        if len(doc):
            articles = [char_span(doc, a.start, a.end, a.path) for a in outline.articles]
            clauses = [
                char_span(doc, c.start, c.end, c.id) for a in outline.articles for c in a.clauses
            ]
        else:
            articles, clauses = [], []
        doc.spans["clausex_articles"] = SpanGroup(doc, name="clausex_articles", spans=articles)
        doc.spans["clausex_clauses"] = SpanGroup(doc, name="clausex_clauses", spans=clauses)
        return doc


@Language.factory(
    "clausex_segmenter",
    assigns=["doc._.clausex_outline", "doc.spans"],
    default_config={},
)
def make_segmenter(nlp: Language, name: str) -> Segmenter:
    """Factory of the structure stage."""
    return Segmenter(nlp, name)
