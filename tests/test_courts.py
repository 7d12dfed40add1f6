"""Courts, dispute bodies and governing law (issue 3): the table in cases/courts.json, plus
invariants that hold for any input (offsets, no exceptions, linear time)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clausex.extract.courts import (
    _patterns,
    _Sentences,
    find_courts,
    find_governing_law,
    normalise_court,
)
from clausex.records import Fact

CASES_FILE = Path(__file__).parent / "cases" / "courts.json"
CASES: list[dict[str, Any]] = json.loads(CASES_FILE.read_text(encoding="utf-8"))["cases"]
FACT_ROWS = [c for c in CASES if "facts" in c]
NORMALISE_ROWS = [c for c in CASES if "expect" in c]


def facts_of(text: str) -> list[Fact]:
    found: list[Fact] = [*find_courts(text), *find_governing_law(text)]
    return sorted(found, key=lambda f: f.start)


def test_well_formed_cases() -> None:
    labels = [c["label"] for c in CASES]
    assert len(labels) == len(set(labels)), "labels must be unique"
    for case in CASES:
        assert {"label", "comment", "text"} <= case.keys()
        assert ("facts" in case) != ("expect" in case), case["label"]
    assert len(CASES) >= 50


@pytest.mark.parametrize("case", FACT_ROWS, ids=[c["label"] for c in FACT_ROWS])
def test_fact_cases(case: dict[str, Any]) -> None:
    found = [f.to_dict() for f in facts_of(case["text"])]
    projected = [{k: f.get(k) for k in want} for f, want in zip(found, case["facts"], strict=False)]
    assert projected == case["facts"]
    assert len(found) == len(case["facts"]), found


@pytest.mark.parametrize("case", NORMALISE_ROWS, ids=[c["label"] for c in NORMALISE_ROWS])
def test_normalise_cases(case: dict[str, Any]) -> None:
    assert list(normalise_court(case["text"])) == case["expect"]


def test_every_court_location_maps_to_a_court() -> None:
    from clausex.data import load

    data = load("courts")
    for group in data["places"].values():
        for code, names in group.items():
            if code.startswith("_"):
                continue
            for place in names:
                assert normalise_court(place) == (data["courts"][code]["name"], code), place


def _check_offsets(text: str) -> None:
    for fact in facts_of(text):
        assert text[fact.start : fact.end] == fact.text


@pytest.mark.parametrize("case", FACT_ROWS, ids=[c["label"] for c in FACT_ROWS])
def test_offsets_on_cases(case: dict[str, Any]) -> None:
    _check_offsets(case["text"])


# Pieces of forum and law clauses, shuffled into noise by hypothesis.
PIECES = [
    "de ",
    "bevoegde ",
    "rechter ",
    "rechtbank ",
    "te ",
    "Arnhem",
    "’s-Hertogenbosch ",
    "Geschillencommissie ",
    "Thuiswinkel",
    "geschillen ",
    "Nederlands recht ",
    "van toepassing",
    "Weens Koopverdrag ",
    "uitgesloten",
    ". ",
    "\n",
    "\n\n",
    ", locatie ",
    "(SGOA)",
    "tenzij ",
    "in het arrondissement ",
    "Den ",
    "Haag",
    "-",
    "HOF ",
    "het recht van ",
    "Nederland",
    " ",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_offsets_and_no_exceptions_on_fragments(pieces: list[str]) -> None:
    _check_offsets("".join(pieces))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_no_exceptions_on_any_text(text: str) -> None:
    _check_offsets(text)
    normalise_court(text)


@pytest.mark.parametrize(
    "unit",
    [
        "de ",
        " ",
        "\n",
        "bevoegde ",
        "de bevoegde rechter te ",
        "Aa-",
        "'s-",
        "a" * 50 + " ",
        "Geschillencommissie Aa ",
        "tenzij ",
        "Nederlands ",
        "recht van ",
        "Artikel 1 ",
        "\u00a0",
        # the court and the law finder each read the sentences around their facts
        "De kantonrechter te Utrecht is bevoegd. Nederlands recht is van toepassing. ",
    ],
)
def test_linear_time(unit: str) -> None:
    """Doubling an adversarial input must roughly double the time, never square it."""

    def seconds(n: int) -> float:
        text = unit * n + " geschillen van toepassing."
        begin = time.perf_counter()
        find_courts(text)
        find_governing_law(text)
        return time.perf_counter() - begin

    seconds(100)  # warm the caches and compiled patterns
    small, large = seconds(5_000), seconds(20_000)
    assert large < max(small, 0.01) * 12


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=".!?;:\n\n \t\xa0aAé1", max_size=60))
def test_sentences_around_an_offset_are_those_of_the_whole_text(text: str) -> None:
    """The finders read only the sentences around their facts, searching back from an
    offset: they must be the sentences that splitting the whole text at SENTENCE_END gives."""
    ends = [m.end() for m in _patterns()["sentence_end"].finditer(text)]
    bounds = [0, *ends, len(text)]
    remembered = _Sentences(text)
    for offset in reversed(range(len(text))):
        i = max(k for k, bound in enumerate(bounds) if bound <= offset)
        expected = (bounds[i], bounds[i + 1])
        assert _Sentences(text).span(offset) == expected
        assert remembered.span(offset) == expected
