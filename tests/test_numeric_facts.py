"""Durations, percentages and money (issue 3): the case tables, offset invariants under
random input, and linear time on hostile input."""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from hostile import HOSTILE, ISSUE_SIZES, normal_document
from hypothesis import given, settings
from hypothesis import strategies as st

from clausex.extract import amounts, durations
from clausex.extract.amounts import find_money, find_percentages
from clausex.extract.durations import find_durations
from clausex.extract.numbers import finditer_near, parse_number
from clausex.records import Duration, Fact, Money, Percentage

CASES = Path(__file__).parent / "cases"
UNITS = {"minute", "hour", "day", "working_day", "week", "month", "quarter", "year"}
QUALIFIERS = {None, "within", "at_latest", "at_least", "at_most", "after", "before"}


def _rows(name: str) -> list[dict[str, Any]]:
    return json.loads((CASES / name).read_text(encoding="utf-8"))["cases"]


def _params(name: str, key: str) -> list[Any]:
    return [pytest.param(row, id=row["label"]) for row in _rows(name) if key in row]


def find_amounts(text: str) -> list[Fact]:
    """Percentages and money together, in order of start."""
    facts: list[Fact] = [*find_percentages(text), *find_money(text)]
    return sorted(facts, key=lambda f: (f.start, f.end))


def find_all(text: str) -> list[Fact]:
    return [*find_durations(text), *find_amounts(text)]


def _check_facts(found: Sequence[Fact], expected: list[dict[str, Any]], text: str) -> None:
    got = [f.to_dict() for f in found]
    assert len(got) == len(expected), f"{text!r}: got {got}"
    for fact, want in zip(got, expected, strict=True):
        for key, value in want.items():
            if isinstance(value, float | int) and not isinstance(value, bool):
                assert fact[key] == pytest.approx(value), f"{key} of {fact}"
            else:
                assert fact[key] == value, f"{key} of {fact}"


@pytest.mark.parametrize("row", _params("durations.json", "facts"))
def test_duration_cases(row: dict[str, Any]) -> None:
    _check_facts(find_durations(row["text"]), row["facts"], row["text"])


@pytest.mark.parametrize("row", _params("amounts.json", "facts"))
def test_amount_cases(row: dict[str, Any]) -> None:
    _check_facts(find_amounts(row["text"]), row["facts"], row["text"])


@pytest.mark.parametrize("row", _params("amounts.json", "expect"))
def test_number_cases(row: dict[str, Any]) -> None:
    value = parse_number(row["text"])
    assert value == (None if row["expect"] is None else pytest.approx(row["expect"]))


@pytest.mark.parametrize("name", ["durations.json", "amounts.json"])
def test_case_files_are_well_formed(name: str) -> None:
    rows = _rows(name)
    labels = [row["label"] for row in rows]
    assert len(labels) == len(set(labels)), "labels must be unique (they are the test ids)"
    for row in rows:
        assert {"label", "comment", "text"} <= row.keys(), row
        assert ("facts" in row) != ("expect" in row), row
        for fact in row.get("facts", []):
            assert fact["text"] in row["text"], fact


def test_enough_cases() -> None:
    """The issue asks for at least 150 table rows over the three fact kinds."""
    assert len(_rows("durations.json")) + len(_rows("amounts.json")) >= 150


# Fragments of Dutch terms (self-written) whose random concatenations must keep every
# offset exact: facts glued to each other, split by line breaks, half-finished.
FRAGMENTS = [
    "binnen ",
    "14 ",
    "dagen",
    "dertig (30) ",
    "werkdagen",
    "\n",
    "\r\n",
    " ",
    "één ",
    "maand",
    "€",
    "€ ",
    "1.000,-",
    "2,5 ",
    "miljoen",
    "%",
    "procent",
    "1 ,5",
    "per maand",
    "(",
    ")",
    "vijftig",
    "duizend",
    "euro",
    "excl. btw",
    "3-5 ",
    "tot ",
    "uur",
    "17.30 ",
    "anderhalf ",
    "jaar",
    "-urige",
    "twee",
    "ën",
    "twintig",
    "EUR ",
    "100.000,.",
    "$1,000",
    "een ",
    "half ",
    "kwartaal",
    "etmaal",
    ",",
    ".",
    "-",
    "à ",
    "ten minste ",
    "jonger dan ",
    "É",
    "e\u0301",
    "\u00a0",
    "\ufeff",
    "0",
    "9",
    "(tien procent)",
    "zegge: ",
    "jarig",
    # words and signs that stop a count from reaching its unit, or let it through
    "werk-",
    "de klant ",
    " x ",
    "t/m ",
    ";",
    ",=",
    "Kalenderdagen",
]


def _check_invariants(text: str) -> None:
    facts = find_all(text)
    for fact in facts:
        assert fact.text == text[fact.start : fact.end]
        assert 0 <= fact.start < fact.end <= len(text)
        assert math.isfinite(fact.value) and fact.value >= 0  # type: ignore[attr-defined]
        if isinstance(fact, Duration):
            assert fact.unit in UNITS and fact.qualifier in QUALIFIERS
        if isinstance(fact, Percentage):
            assert fact.per in {None, "day", "month", "year"}
        if isinstance(fact, Money):
            assert fact.currency in {"EUR", "USD", "GBP"} and fact.vat in {None, "excl", "incl"}
    for finder in (find_durations, find_percentages, find_money):
        starts = [f.start for f in finder(text)]
        assert starts == sorted(starts)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_random_text_keeps_offsets(text: str) -> None:
    _check_invariants(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40))
def test_dutch_fragments_keep_offsets(parts: list[str]) -> None:
    _check_invariants("".join(parts))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40))
def test_search_near_anchors_equals_full_search(parts: list[str]) -> None:
    """Searching only around units, signs and currencies, and there only where the hints
    allow (a digit or number word, with nothing but counts up to the next unit), finds
    exactly what a search of the whole text finds (the speed-up must not change a result)."""
    text = "".join(parts)
    dg, ag = durations._grammar(), amounts._grammar()
    searches = [  # as the finders call them
        (dg.main, dg.anchor, durations._REACH, 1, dg.hints),
        (ag.percent, ag.percent_anchor, amounts._REACH, 1, ag.percent_hints),
        (ag.money, ag.money_anchor, amounts._REACH, amounts._REACH, ag.money_hints),
    ]
    for pattern, anchor, before, after, hints in searches:
        full = [m.span() for m in pattern.finditer(text)]
        assert [m.span() for m in finditer_near(pattern, anchor, text, before, after)] == full
        hinted = finditer_near(pattern, anchor, text, before, after, hints)
        assert [m.span() for m in hinted] == full


def _seconds_per_char(find: Callable[[str], object], text: str, repeat: int = 3) -> float:
    """The fastest of a few runs, per character (the fastest is the least disturbed)."""
    best = math.inf
    for _ in range(repeat):
        start = time.perf_counter()
        find(text)
        best = min(best, time.perf_counter() - start)
    return best / len(text)


def _normal_speed() -> float:
    """Seconds per character on a normal document with many facts."""
    find_all("warm up: binnen 14 dagen € 10,- 5%")
    return _seconds_per_char(find_all, normal_document(100_000), repeat=5)


# How many times slower per character than a normal document hostile input may be. Linear
# time is the point, not a constant: a super-linear pattern is far slower on 100 000
# characters. Input made only of facts ("1.N Binnen N dagen.") or only of units costs about 4x
# here; the issue's 3x bound holds for ``parse`` as a whole (tests/test_robustness.py).
_MAX_RATIO = 5


def _assert_linear(name: str, text: str) -> None:
    """A ratio over the bound is measured again (up to three times in all), since a busy
    machine slows one measurement while a super-linear pattern is slow every time."""
    ratios = []
    for _ in range(3):
        ratios.append(_seconds_per_char(find_all, text) / _normal_speed())
        if ratios[-1] <= _MAX_RATIO:
            return
    raise AssertionError(f"{name}: {', '.join(f'{r:.1f}' for r in ratios)}x a normal document")


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_is_linear(name: str) -> None:
    """Time per character on hostile input (100 000 digits, 10 000 "€" signs, ...) stays
    within a few times that of a normal document: a ratio, so it holds on slow and fast
    machines."""
    _assert_linear(name, HOSTILE[name](ISSUE_SIZES.get(name, 100_000)))


def test_hostile_units_apart_are_linear() -> None:
    """Unit words a few words apart and no count anywhere: every unit is an anchor of one
    long stretch, and the search for a count before each one ends near it."""
    _assert_linear("units_apart", "dagen zonder getal " * 6_000)
