"""The quick word tests of ``prefilter.Pattern`` never change what a pattern finds."""

from __future__ import annotations

import sys

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from clausex import flags as flags_module
from clausex.prefilter import NEEDLE_CHARACTERS, Pattern, lowered


def test_lowered_text_shows_a_needle_character_only_where_it_matches() -> None:
    """The converse of ``test_lowered_text_shows_every_case_insensitive_match``: where
    ``lowered`` text shows a needle character, ``regex`` matches that character there,
    ignoring case. Together they make ``Pattern.exact`` hold."""
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        low = lowered(char)
        if len(low) == 1 and low in NEEDLE_CHARACTERS:
            assert regex.fullmatch(regex.escape(low), char, regex.IGNORECASE), hex(code)
        else:
            assert not NEEDLE_CHARACTERS.intersection(low), hex(code)


_WORDS = Pattern.of(regex.compile("op te leveren|klacht|reclame|reclamer", regex.IGNORECASE))


def test_exact_patterns() -> None:
    assert _WORDS.exact and _WORDS.needles == ("klacht", "op te leveren", "reclame")
    assert not Pattern.of(regex.compile(r"(?<!\w)(?:klacht)", regex.IGNORECASE)).exact
    assert not Pattern.of(regex.compile("klacht|reclame")).exact  # case-sensitive


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["KLACHT", "reclamer", "Op te Leveren", "op  te leveren", "İ", "ſ", "K", "klach",
             "zonder opschorting of verrekening", "niet aansprakelijk", "reclame schort niet op",
             "verrekening is uitgesloten", ". ", "; ", " ", "x"]
        ),
        max_size=40,
    ).map("".join),
    st.integers(min_value=0, max_value=30),
)  # fmt: skip
def test_quick_tests_agree_with_the_patterns(text: str, cut: int) -> None:
    lower = lowered(text)
    lo, hi = cut, len(text) - cut
    assert _WORDS.found(text, lower, lo, hi) == bool(_WORDS.compiled.search(text, lo, hi))
    # Where a clause rule matches, the rules' union passes its quick word test.
    union = flags_module._any_clause_rule()
    if any(p.compiled.search(text, lo, hi) for _, p in flags_module._clause_patterns()):
        assert union.occurs(lower[lo:hi])
