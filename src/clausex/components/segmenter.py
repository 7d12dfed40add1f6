"""The structure stage as a spaCy component: parts, articles, clauses and items."""

from __future__ import annotations

import bisect

from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup

from clausex.components.tokenizer import doc_text
from clausex.extract.structure import Outline, segment

OUTLINE_ATTR = "clausex_outline"


class TokenIndex:
    """Maps character ranges to token spans of one Doc in O(log n) each.

    ``Doc.char_span`` and ``Doc.text`` walk the whole Doc on every call; a parse makes
    thousands of spans, so the token starts are read once into a list.
    """

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.starts: list[int] = doc.to_array("IDX").tolist() if len(doc) else []

    def span(self, start: int, end: int, label: str, span_id: int = 0) -> Span:
        """The smallest token span covering ``[start, end)`` (at least one token).

        The exact offsets live in the records; tokens are whitespace-delimited, so a span
        may reach a little further than its record (e.g. over a trailing comma)."""
        first = max(bisect.bisect_right(self.starts, start) - 1, 0)
        last = max(bisect.bisect_left(self.starts, end), first + 1)
        return Span(self.doc, first, min(last, len(self.starts)), label=label, span_id=span_id)


class Segmenter:
    """Segments the Doc's text and stores the outline on the Doc.

    Sets ``doc._.clausex_outline`` (an ``Outline``) and the span groups
    ``doc.spans["clausex_articles"]`` (label: article path) and
    ``doc.spans["clausex_clauses"]`` (label: clause id).
    """

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        if not Doc.has_extension(OUTLINE_ATTR):
            Doc.set_extension(OUTLINE_ATTR, default=None)

    def __call__(self, doc: Doc) -> Doc:
        outline: Outline = segment(doc_text(doc))
        doc._.set(OUTLINE_ATTR, outline)
        if len(doc):
            index = TokenIndex(doc)
            articles = [index.span(a.start, a.end, a.path) for a in outline.articles]
            clauses = [
                index.span(c.start, c.end, c.id) for a in outline.articles for c in a.clauses
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
