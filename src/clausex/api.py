"""The front door: ``parse(text) -> Document``."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from clausex.errors import InputTypeError, OptionError
from clausex.options import ParseOptions
from clausex.records import Document, Fact

if TYPE_CHECKING:
    from clausex.extract.structure import Outline

DEFAULT_OPTIONS = ParseOptions()


def parse(
    text: str, options: ParseOptions | None = None, *, source: str | None = None, **overrides: Any
) -> Document:
    """Parse the text of a Dutch T&C document into a ``Document``.

    ``options`` is a ``ParseOptions``; keyword arguments override its fields
    (``parse(text, model="nl_core_news_md")``). Any string parses: text without articles
    gives an empty structure, never an error.

    >>> doc = parse("Artikel 1 Betaling\\n1.1 Betaling binnen 14 dagen na factuurdatum.")
    >>> [a.path for a in doc.articles], [c.id for c in doc.clauses()]
    (['1'], ['1.1'])
    >>> fact = doc.facts[0]
    >>> fact.type, fact.value, fact.unit, fact.qualifier, fact.clause
    ('duration', 14.0, 'day', 'within', '1.1')
    """
    if not isinstance(text, str):
        raise InputTypeError(text)
    opts = resolve_options(options, overrides)
    if opts.model is not None:
        from clausex.spacy_pipeline import shared_pipeline  # spaCy loads only for a model

        return document_from_doc(text, shared_pipeline(opts)(text), opts, source)
    # Without a statistical model every stage reads characters: a spaCy Doc would only hold
    # spans that are read back at once, and importing spaCy costs a second per process.
    from clausex.extract.facts import find_facts, storable
    from clausex.extract.structure import segment

    safe = storable(text)
    outline = segment(safe)
    facts = find_facts(safe, outline.articles, opts.facts)
    return build_document(text, safe, outline, facts, [], opts, source)


def resolve_options(options: ParseOptions | None, overrides: dict[str, Any]) -> ParseOptions:
    """``options`` with ``overrides`` applied; unknown names raise ``OptionError``."""
    base = options if options is not None else DEFAULT_OPTIONS
    if not overrides:
        return base
    known = {f.name for f in dataclasses.fields(ParseOptions)}
    unknown = sorted(set(overrides) - known)
    if unknown:
        raise OptionError(unknown, sorted(known))
    if "facts" in overrides:
        overrides = {**overrides, "facts": tuple(overrides["facts"])}
    return dataclasses.replace(base, **overrides)


def document_from_doc(
    text: str, doc: Any, options: ParseOptions = DEFAULT_OPTIONS, source: str | None = None
) -> Document:
    """Build the record from a Doc the clausex pipeline processed."""
    from clausex.components.ner import ENTITIES_KEY
    from clausex.components.patterns import doc_facts
    from clausex.components.segmenter import OUTLINE_ATTR
    from clausex.components.tokenizer import doc_text

    outline = doc._.get(OUTLINE_ATTR)
    facts, entities = doc_facts(doc), doc_facts(doc, ENTITIES_KEY)
    return build_document(text, doc_text(doc), outline, facts, entities, options, source)


def build_document(
    text: str,
    read: str,
    outline: Outline,
    facts: list[Fact],
    entities: list[Fact],
    options: ParseOptions,
    source: str | None,
) -> Document:
    """The record of ``text`` from the outline and facts the stages found in ``read``: the
    same text, or a copy with lone surrogates replaced (``storable``)."""
    if read is not text:  # fact texts are slices of the input, surrogates and all
        facts = [_retext(f, text) for f in facts]
        entities = [_retext(e, text) for e in entities]
    document = Document(
        text=text,
        title=outline.title,
        parts=outline.parts,
        articles=outline.articles,
        facts=tuple(facts),
        entities=tuple(entities),  # type: ignore[arg-type]
        source=source,
    )
    return with_insight(document) if options.insight else document


def _retext(fact: Fact, text: str) -> Fact:
    return dataclasses.replace(fact, text=text[fact.start : fact.end])


def with_insight(document: Document) -> Document:
    """The document with article and clause topics, key terms and consumer-law flags."""
    from clausex.extract.topics import with_topics
    from clausex.flags import flags
    from clausex.keyterms import key_terms

    articles = with_topics(document.text, document.articles)
    document = dataclasses.replace(document, articles=articles)
    document = dataclasses.replace(document, key_terms=key_terms(document))
    return dataclasses.replace(document, flags=flags(document))
