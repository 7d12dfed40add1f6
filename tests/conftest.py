"""Shared fixtures: paths to the project's corpora and (when present) ../shared, and a tiny
Dutch NER model built here, so the statistical-NER code path is tested without a download."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPORA = REPO / "corpora"
SHARED = REPO.parent / "shared"


def corpus_docs() -> list[Path]:
    """The project's own example documents."""
    return sorted((CORPORA / "docs").glob("*.txt"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared (seeds and gold); tests that need it skip in a clone without it."""
    if not (SHARED / "gold" / "score.py").is_file():
        pytest.skip("../shared is not beside the repository")
    return SHARED


# (text, [(entity text, label)]) for training the tiny model; invented sentences.
NER_TRAINING = [
    ("Geschillen worden voorgelegd aan de rechter te Zwolle.", [("Zwolle", "GPE")]),
    (
        "Voorbeeld Hosting B.V. is gevestigd te Utrecht.",
        [("Voorbeeld Hosting B.V.", "ORG"), ("Utrecht", "GPE")],
    ),
    ("Bevoegd is uitsluitend de rechtbank te Groningen.", [("Groningen", "GPE")]),
    (
        "Testbedrijf Nederland B.V. levert aan klanten in Breda.",
        [("Testbedrijf Nederland B.V.", "ORG"), ("Breda", "GPE")],
    ),
    ("De klant woont in Leiden en betaalt maandelijks.", [("Leiden", "GPE")]),
    ("Alle geschillen gaan naar de rechter te Maastricht.", [("Maastricht", "GPE")]),
]


@pytest.fixture(scope="session")
def tiny_ner_model(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A small Dutch spaCy NER model trained on a few sentences and saved to disk; clausex
    loads it by path exactly as it would load ``nl_core_news_md``."""
    import spacy
    from spacy.training import Example

    spacy.util.fix_random_seed(0)
    random.seed(0)
    nlp = spacy.blank("nl")
    nlp.add_pipe("ner")
    examples = []
    for text, ents in NER_TRAINING:
        spans = [(text.index(e), text.index(e) + len(e), label) for e, label in ents]
        examples.append(Example.from_dict(nlp.make_doc(text), {"entities": spans}))
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(40):
        random.shuffle(examples)
        nlp.update(examples, sgd=optimizer, drop=0.0)
    path = tmp_path_factory.mktemp("models") / "tiny_nl_ner"
    nlp.to_disk(path)
    return str(path)
