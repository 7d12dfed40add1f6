"""The structure parser: table-driven cases, span invariants and linear running time."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clausex.extract import structure
from clausex.extract.structure import Outline, segment

CASES_FILE = Path(__file__).parent / "cases" / "segmentation.json"
CASES: list[dict[str, Any]] = json.loads(CASES_FILE.read_text(encoding="utf-8"))["cases"]


def case_text(case: dict[str, Any]) -> str:
    text = case["text"]
    return text if isinstance(text, str) else "\n".join(text) + "\n"


def check_spans(text: str, outline: Outline) -> None:
    """Every node lies inside the text, clauses inside their article, items inside their
    clause; siblings are in order and never overlap."""
    previous_end = 0
    for article in outline.articles:
        assert previous_end <= article.start < article.end <= len(text), article.path
        assert not text[article.start].isspace() and not text[article.end - 1].isspace()
        previous_end = article.end
        clause_end = article.start
        for clause in article.clauses:
            assert clause_end <= clause.start < clause.end <= article.end, clause.id
            assert text[clause.start].isdigit() or text[clause.start] in "(AaLl§", clause.id
            clause_end = clause.end
            item_end = clause.start
            for item in clause.items:
                assert item_end < item.start < item.end <= clause.end, (clause.id, item)
                item_end = item.end
    part_end = 0
    for part in outline.parts:
        assert part_end <= part.start < part.end <= len(text), part.label
        part_end = part.end
    for article in outline.articles:
        if article.part is not None:  # the nearest part above the article holds it
            part = [p for p in outline.parts if p.start < article.start][-1]
            assert part.label == article.part and article.end <= part.end


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    text, expect = case_text(case), case["expect"]
    outline = segment(text)
    assert [[a.path, a.title] for a in outline.articles] == expect["articles"]
    assert [c.id for a in outline.articles for c in a.clauses] == expect["clauses"]
    if "items" in expect:
        got = {
            c.id: [i.label for i in c.items] for a in outline.articles for c in a.clauses if c.items
        }
        assert got == expect["items"]
    if "parts" in expect:
        assert [[p.label, p.title] for p in outline.parts] == expect["parts"]
    if "title" in expect:
        assert outline.title == expect["title"]
    if "article_ends_before" in expect:
        assert outline.articles[-1].end <= text.index(expect["article_ends_before"])
    check_spans(text, outline)


def test_cases_are_well_formed() -> None:
    labels = [c["label"] for c in CASES]
    assert len(labels) == len(set(labels)), "labels must be unique"
    for case in CASES:
        assert set(case) == {"label", "comment", "text", "expect"}, case["label"]
        assert {"articles", "clauses"} <= set(case["expect"]), case["label"]


def test_numbers_and_parts_are_as_printed() -> None:
    text = (
        "Module A. Algemeen\nArtikel 1 Toepassing\nDeze voorwaarden gelden.\n"
        "Module B. Telefonie\nArtikel 1 Nummers\n1.1. Wij kennen nummers toe.\n"
    )
    a = segment(text).articles[-1]
    assert (a.path, a.part, a.number) == ("B:1", "B", "1")
    assert [(c.id, c.number) for c in a.clauses] == [("B:1.1", "1.1")]
    assert text[a.clauses[0].start : a.clauses[0].end] == "1.1. Wij kennen nummers toe."


def test_offsets_survive_crlf_and_nbsp() -> None:
    text = (
        "\ufeffArtikel\u00a03\u00a0–\u00a0Duur\r\n3.1\tEen jaar.\r\n3.2 Opzeggen\r\nkan altijd.\r\n"
    )
    (article,) = segment(text).articles
    assert text[article.start : article.end] == text[1:].rstrip()
    assert [text[c.start : c.end] for c in article.clauses] == [
        "3.1\tEen jaar.",
        "3.2 Opzeggen\r\nkan altijd.",
    ]


def test_parsing_twice_gives_equal_outlines() -> None:
    text = case_text(CASES[0])
    assert segment(text) == segment(text)


def test_seed_documents_keep_span_invariants(shared_dir: Path) -> None:
    for path in sorted((shared_dir / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        outline = segment(text)
        assert outline.articles, path.name
        check_spans(text, outline)


@pytest.mark.parametrize(
    "text",
    [
        "",
        " \n\t\r\n",
        "\ufeff",
        "Artikel",
        "Artikel 1",
        "1.",
        "(",
        "**",
        "## ",
        "Artikel 1\n" * 3,
        "§",
        "1.1.1.1.1.1.1.1.1.1 tekst",
        "Module A.\nModule B.",
        "\r\r\r\f\f",
    ],
)
def test_odd_input_never_raises(text: str) -> None:
    check_spans(text, segment(text))


FRAGMENTS = [
    "Artikel 1 Toepassing",
    "ARTIKEL 2:",
    "Art. 3",
    "§ 4 Slot",
    "Module B. Telefonie",
    "Hoofdstuk II ALGEMEEN",
    "Bijlage 1",
    "Toelichting",
    "Inhoudsopgave",
    "1.1 Deze voorwaarden gelden.",
    "2.",
    "3 De klant betaalt.",
    "1.Deze",
    "(2) Tekst",
    "a. item;",
    "– streepje",
    "Pagina 1 van 2",
    "zoals bedoeld in artikel",
    "artikel 5 van deze voorwaarden",
    "[link](https://voorbeeld.nl)",
    "## 5. Prijzen",
    "**Artikel 6**",
    "\u00a0",
    "\t",
    "",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=20), max_size=40),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_any_mix_of_shapes_keeps_the_invariants(parts: list[str], newline: str) -> None:
    text = newline.join(parts)
    outline = segment(text)
    check_spans(text, outline)
    assert outline == segment(text)


@pytest.mark.parametrize(
    ("pattern", "expect"),
    [
        ("CLAUSE", "(0123456789"),
        ("CLAUSE_KEYWORD", "AL"),
        ("NUMBERED", "0123456789"),
        ("ROMAN_HEAD", "ILVX"),
        ("ITEM", "(*+-0123456789abcdefghijklmnopqrstuvwxyz"),
    ],
)
def test_first_characters_come_from_the_pattern(pattern: str, expect: str) -> None:
    """The ASCII characters a match can start with, read off the pattern itself (by
    regex's partial matching), so they cannot fall out of step with it."""
    assert "".join(sorted(structure._starts(getattr(structure, pattern)))) == expect


def starting_patterns() -> list[Any]:
    """The patterns whose lines are chosen by their first character (the data-built ones
    are compiled on first use)."""
    return [
        structure.CLAUSE,
        structure.CLAUSE_KEYWORD,
        structure.ITEM,
        structure.NUMBERED,
        structure.ROMAN_HEAD,
        structure.ROMAN_PART,
        structure._article_keyword(),
        structure._part_keyword(),
        structure._annex(),
        structure._line_start_words("notes_words"),
        structure._whole_line("page_patterns"),
        structure._line_start("footer_starts"),
    ]


OPENINGS = [
    *FRAGMENTS, "ſectie 2", "pag. 4", "blz 7", "— 3 —", "© 2024", "KEY 1", "K 1", "ⅰ) x",
    "artikelsgewijze toelichting", "Deel 2", "Pagina 3 van 19", "(c) 2024", "Copyright",
    "Powered by", "IV. LEVERING", "12 / 19",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(OPENINGS).map(str.lower)
    | st.sampled_from(OPENINGS).map(str.upper)
    | st.sampled_from(OPENINGS)
    | st.text(max_size=6),
    st.text(max_size=10),
)
def test_a_pattern_only_matches_where_its_first_characters_allow(opening: str, rest: str) -> None:
    """The lines skipped by their first character (_may_start) or their first two
    (_may_open) are lines the pattern would not match."""
    text = opening + rest
    for pattern in starting_patterns():
        if pattern.match(text):
            assert structure._may_start(text, structure._starts(pattern)), pattern.pattern
            assert structure._may_open(text, structure._openings(pattern)), pattern.pattern


def _seconds(text: str) -> float:
    start = time.perf_counter()
    segment(text)
    return time.perf_counter() - start


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda n: "x" * (n * 100), id="one-line-without-spaces"),
        pytest.param(lambda n: "".join(f"Artikel {i}\n" for i in range(n)), id="headings-only"),
        pytest.param(
            lambda n: "".join(
                f"Artikel {i} Titel\n{i}.1 Tekst van de bepaling.\n" for i in range(n)
            ),
            id="articles-with-clauses",
        ),
        pytest.param(lambda n: "1." * (n * 20) + "\n", id="deep-numbering-one-line"),
        pytest.param(lambda n: "1.1.1.1.1.1.1.1 tekst\n" * n, id="deep-numbering-many-lines"),
        pytest.param(lambda n: "Module A.\nArtikel 1\n" * n, id="parts-without-bodies"),
        pytest.param(lambda n: "- [a](b)\n" * n, id="link-lists"),
        pytest.param(lambda n: " " * (n * 20) + "x 1", id="one-run-of-spaces"),
        pytest.param(lambda n: "Artikel 1 Titel" + "." * (n * 20) + "x", id="one-run-of-dots"),
        pytest.param(lambda n: "[" * (n * 20) + "](", id="unclosed-link-brackets"),
        pytest.param(lambda n: "x. Artikel 1 Titel " * n, id="headings-in-one-line"),
        pytest.param(
            lambda n: "Artikel 1 Titel\n1.1 Tekst. " + "1.2 Tekst. " * n, id="run-on-clauses"
        ),
        pytest.param(
            lambda n: "Artikel 1 Titel\n1.1 Tekst." + " \n" * (n * 10) + "1.2 Tekst.\n",
            id="clause-ending-in-white-space",
        ),
        pytest.param(
            lambda n: "".join(f"Artikel {i} Titel\r\n{i}.1 Tekst.\r\n" for i in range(n)),
            id="crlf-articles",
        ),
        pytest.param(
            lambda n: "".join(f"{chr(0x4E00 + i % 20_000)} {i}.1 Tekst.\n" for i in range(n)),
            id="lines-with-many-first-characters",
        ),
    ],
)
def test_time_is_linear(make: Any) -> None:
    """Ten times the input may take at most about ten times as long (with slack for noise)."""
    small, large = make(3_000), make(30_000)
    _seconds(small)  # warm the caches
    t_small = max(_seconds(small), 1e-3)
    assert _seconds(large) < 25 * t_small + 0.5
