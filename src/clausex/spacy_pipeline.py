"""Assembles the spaCy pipeline: ``spacy.blank("nl")`` and the clausex components."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from functools import cache
from typing import Any

import spacy
from spacy.attrs import LIKE_URL
from spacy.language import Language

import clausex.components  # noqa: F401  (registers the factories and the tokenizer)
from clausex.components.ner import load_model
from clausex.options import FACT_KINDS, ParseOptions

TOKENIZER = {"@tokenizers": "clausex.whitespace_tokenizer.v1"}
# No limit on the length of a text (see ``pipeline``).
MAX_LENGTH = sys.maxsize
# Longer words are never taken for URLs (see ``pipeline``).
MAX_URL_LENGTH = 4096


def pipeline(
    model: str | None = None,
    facts: tuple[str, ...] = FACT_KINDS,
    ner_all_clauses: bool = False,
) -> Language:
    """A new spaCy ``Language`` that runs the clausex stages.

    ``nlp(text)`` gives a Doc with ``doc.spans["clausex_articles"]``, ``["clausex_clauses"]``
    and ``["clausex_facts"]`` (each fact span's ``span._.clausex_fact`` is the typed record),
    ready for displaCy's span view. With ``model`` (a spaCy model name or path), its NER
    runs on the clauses that need it and fills ``doc.spans["clausex_entities"]``.

    >>> nlp = pipeline()
    >>> nlp.pipe_names
    ['clausex_segmenter', 'clausex_patterns']
    """
    nlp = spacy.blank("nl", config={"nlp": {"tokenizer": TOKENIZER}})
    # spaCy refuses texts over 1 000 000 characters by default, to protect its parser and
    # NER from their memory needs. The clausex stages read characters in linear time and a
    # statistical model only sees single clauses, so any length parses.
    nlp.max_length = MAX_LENGTH
    # spaCy's lexical attribute ``like_url`` takes time quadratic in a word's length (its URL
    # regex backtracks): a 1 MB run of text without spaces would take minutes. No URL is
    # that long, so longer words are simply not URLs. A new dict: the language's defaults
    # stay untouched.
    vocab: Any = nlp.vocab  # spaCy's type stubs leave out lex_attr_getters
    getters = vocab.lex_attr_getters
    if LIKE_URL in getters:
        vocab.lex_attr_getters = {
            **getters,
            LIKE_URL: functools.partial(_short_and, getters[LIKE_URL]),
        }
    nlp.add_pipe("clausex_segmenter")
    nlp.add_pipe("clausex_patterns", config={"facts": list(facts)})
    if model is not None:
        nlp.add_pipe("clausex_ner", config={"model": model, "all_clauses": ner_all_clauses})
        load_model(model)  # fail here, with a clear ModelError, rather than on the first text
    return nlp


def _short_and(test: Callable[[str], bool], word: str) -> bool:
    return len(word) <= MAX_URL_LENGTH and test(word)


@cache
def shared_pipeline(options: ParseOptions) -> Language:
    """One pipeline per distinct options, built once and reused by ``parse``."""
    return pipeline(options.model, options.facts, options.ner_all_clauses)
