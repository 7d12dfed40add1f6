"""The structure parser's cheap tests before a pattern: a line skipped by its last two
characters (or by a cue) is a line the pattern would not match, so the skips never change
the outline. (Skips by the first characters: tests/test_segmentation.py.)"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clausex.extract import structure

ENDINGS = [
    "zoals bedoeld in artikel", "ARTIKEL", "als genoemd in", "zie", "jo.", "art.", "lid",
    "tot en met", "bedoeld in §", "Pagina 3 van 19", "- 3 -", "zie ARTİKEL", "K", "ſub",
    "de prijs.", "binnen 14 dagen", "12",
]  # fmt: skip


def ending_patterns() -> list[Any]:
    """The patterns whose matches must end where the text ends, chosen by its last two."""
    return [structure._crossref_tail(), structure._whole_line("page_patterns")]


@settings(max_examples=300, deadline=None)
@given(
    st.text(max_size=10),
    st.sampled_from(ENDINGS).map(str.lower)
    | st.sampled_from(ENDINGS).map(str.upper)
    | st.sampled_from(ENDINGS)
    | st.text(max_size=6),
)
def test_a_pattern_only_matches_where_its_last_two_characters_allow(
    before: str, ending: str
) -> None:
    text = (before + ending).rstrip()  # line texts are right-trimmed
    for pattern in ending_patterns():
        if pattern.match(text):
            assert structure._may_end(text, structure._endings(pattern)), pattern.pattern


@pytest.mark.parametrize(
    ("text", "expect"),
    [("Artikel", True), ("zie", True), ("art.", True), ("ARTIKEL 5", False), ("dagen.", False)],
)
def test_the_reference_endings_come_from_the_pattern(text: str, expect: bool) -> None:
    """The last two characters a reference word allows: "el" (artikel), "ie" (zie), "t."
    (art.), not a digit or "n." (the end of a sentence)."""
    endings = structure._endings(structure._crossref_tail())
    assert structure._may_end(text, endings) is expect


def test_the_openings_of_a_pattern_union() -> None:
    """The lines chosen for several patterns are those any of them may match."""
    both = structure._openings(structure._part_keyword(), structure.ROMAN_PART)
    for text in ["Module A", "IV. LEVERING", "De klant", "Iedere"]:
        expect = any(
            structure._may_open(text, structure._openings(p))
            for p in (structure._part_keyword(), structure.ROMAN_PART)
        )
        assert structure._may_open(text, both) is expect, text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=".;:!? \t\u00a00123456789a𑁦\U0001e4f0", max_size=12))
def test_the_inline_clause_cue_finds_every_inline_clause(text: str) -> None:
    """INLINE_CLAUSE_CUE (the stdlib engine) is found wherever INLINE_CLAUSE (regex) is,
    also before digits newer than Python's Unicode tables."""
    if structure.INLINE_CLAUSE.search(text):
        assert structure.INLINE_CLAUSE_CUE.search(text)


def test_heading_patterns_end_in_the_groups_read_by_position() -> None:
    """_head reads num, suf, dot and rest as the last four groups of each heading pattern."""
    for pattern in (structure._article_keyword(), structure.NUMBERED, structure.ROMAN_HEAD):
        names = sorted(pattern.groupindex, key=pattern.groupindex.__getitem__)
        assert names[-4:] == ["num", "suf", "dot", "rest"], pattern.pattern
        assert pattern.groups == len(names)  # no unnamed group shifts the positions
    assert structure.CLAUSE.groupindex["num"] == 2  # _score reads it by position
    item = structure.ITEM.pattern.strip()  # _items reads the label as the whole match
    assert structure.ITEM.groupindex == {"label": 1}
    assert item.startswith("(?P<label>") and item.endswith(")")
