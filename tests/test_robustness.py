"""Robustness: any string parses into a well-formed record, hostile inputs take time linear
in their size, and a batch over hostile files finishes with a record for every file.

The hostile inputs are in ``tests/hostile.py`` (the benchmark times the same ones, larger).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import regex
from hostile import HOSTILE, ISSUE_SIZES, normal_document, seconds_per_mb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import clausex
from clausex.records import Article, Clause, Document, Item, Part

# --- invariants ----------------------------------------------------------------------------


def check_record(text: str, doc: Document) -> None:
    """Every invariant a record of ``text`` must satisfy, whatever the text."""
    n = len(text)
    assert doc.text == text
    nodes: list[Part | Article | Clause | Item] = [*doc.parts, *doc.articles, *doc.clauses()]
    nodes += [i for c in doc.clauses() for i in c.items]
    for node in nodes:
        assert 0 <= node.start <= node.end <= n, node
    for before, after in zip(doc.articles, doc.articles[1:], strict=False):
        assert before.end <= after.start, ("articles overlap", before, after)
    labels = {p.label: p for p in doc.parts}
    for article in doc.articles:
        if article.part is not None:
            part = labels[article.part]
            assert part.start <= article.start <= article.end <= part.end, (part, article)
        for clause in article.clauses:
            assert article.start <= clause.start <= clause.end <= article.end, (article, clause)
            for item in clause.items:
                assert clause.start <= item.start <= item.end <= clause.end, (clause, item)
    # A fact's clause is the id of a clause or article holding its start, or None when no
    # article holds it.
    spans: dict[str, list[tuple[int, int]]] = {}
    for article in doc.articles:
        spans.setdefault(article.path, []).append((article.start, article.end))
        for clause in article.clauses:
            spans.setdefault(clause.id, []).append((clause.start, clause.end))
    for fact in [*doc.facts, *doc.entities]:
        assert 0 <= fact.start < fact.end <= n, fact
        assert fact.text == text[fact.start : fact.end], fact
        if fact.clause is None:
            assert not any(a.start <= fact.start < a.end for a in doc.articles), fact
        else:
            assert any(s <= fact.start < e for s, e in spans.get(fact.clause, [])), fact
    json.dumps(doc.to_dict())


def check_parse(text: str) -> None:
    doc = clausex.parse(text)
    check_record(text, doc)
    again = clausex.parse(text)
    assert again == doc
    assert again.to_dict() == doc.to_dict()


# --- property tests ------------------------------------------------------------------------

# Pieces of Dutch terms and conditions, glued in any order: headings, clause numbers, items,
# amounts, rates, terms, forums, page furniture and odd white space.
FRAGMENTS = [
    "Artikel 3", "ARTIKEL 12:", "Art. 4", "Artikel 2 – Levering", "§ 5", "Module A", "Deel II",
    "3.1", "3.1.2", "3.", "1.", "(2)", "2)", "a.", "b)", "(iii)", "•", "-", "–",
    "€ 1.000,-", "EUR 25,00", "€50", "1,5%", "21% btw", "tien procent", "per maand",
    "14 dagen", "dertig (30) dagen", "binnen", "werkdagen", "een maand", "ten hoogste",
    "de bevoegde rechter te Arnhem", "Rechtbank", "Nederlands recht", "Weens Koopverdrag",
    "Geschillencommissie", "incl. btw", "Pagina 2 van 5", "........ 4", "**", "#", "](",
    "(", ")", ":", ";", ".", ",", "\n", "\n\n", "\r\n", " ", "\t", "\u00a0", "\ufeff", "\x00",
]  # fmt: skip
SEPARATORS = ["", " ", " ", "\n", "\n", "\t", "  "]

numbers = st.one_of(
    st.integers(0, 10**12).map(str),
    st.integers(0, 10**9).map(lambda n: f"{n:,}".replace(",", ".")),
    st.decimals(0, 10**6, places=2, allow_nan=False).map(lambda d: str(d).replace(".", ",")),
)
any_char_text = st.text(st.characters(exclude_categories=()), max_size=300)  # with surrogates
glued_fragments = st.lists(
    st.tuples(
        st.one_of(st.sampled_from(FRAGMENTS), numbers, st.text(max_size=3)),
        st.sampled_from(SEPARATORS),
    ),
    max_size=80,
).map(lambda pairs: "".join(a + b for a, b in pairs))

PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY_SETTINGS
@given(any_char_text)
def test_any_text_gives_a_well_formed_record(text: str) -> None:
    check_parse(text)


@PROPERTY_SETTINGS
@given(glued_fragments)
def test_glued_fragments_give_a_well_formed_record(text: str) -> None:
    check_parse(text)


# Decimal digits that ``regex`` (newer Unicode tables) matches with \d but Python's int()
# cannot read: Hanifi Rohingya, Garay, Nag Mundari. They once crashed the heading numbers.
NEW_DIGITS = ["\U00010d41", "\U00010d42", "\U0001e4f1"]


@pytest.mark.parametrize("digit", NEW_DIGITS)
def test_digits_python_cannot_read_give_a_well_formed_record(digit: str) -> None:
    assert regex.fullmatch(r"\d", digit) and not digit.isdecimal()  # still such a digit
    check_parse(f"Artikel {digit}{digit}. Titel\nTekst van de bepaling.\n")
    check_parse(f"Artikel 1 Titel\n{digit} Tekst van de bepaling.\n1.{digit} Meer tekst.\n")
    check_parse(f"{digit}. Prijzen\nDe prijs is € {digit},00 en {digit}% binnen {digit} dagen.\n")


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_gives_a_well_formed_record(name: str) -> None:
    text = HOSTILE[name](1_000)
    check_record(text, clausex.parse(text))


def test_texts_and_clauses_beyond_spacys_length_limit(tiny_ner_model: str) -> None:
    # spaCy refuses texts over 1 000 000 characters unless told otherwise; with a model,
    # a clause that long is left out of the NER, which would refuse it too.
    text = "Artikel 1 Geschillen\n1.1 Bevoegd is de rechter te Zwolle.\n1.2 Zie de rechter "
    text += "a" * 1_000_001
    for model in (None, tiny_ner_model):
        doc = clausex.parse(text, model=model)
        check_record(text, doc)
        assert [c.id for c in doc.clauses()] == ["1.1", "1.2"]


# --- linear time ---------------------------------------------------------------------------

# Each hostile input may take this many times the seconds per MB of a normal document of
# the same size, measured in the same test (the best of RUNS runs each).
RATIO_LIMIT = 3.0
RUNS = 2
# Sizes here: the issue's own where it names one, else this (enough for a quadratic pattern
# to show); the benchmark runs them larger.
DEFAULT_SIZE = 100_000
# A normal document's seconds per MB, times this, is where a parse counts as a hang.
HANG_FACTOR = 30.0
# The issue's 20 MB document, smaller for CI: it is compared with a 100 kB one.
BIG_SIZE = 4_000_000


# A ratio over the limit is measured again, the normal document too, up to this many times
# in all: another process busy on the machine slows one measurement, while a pattern that
# is really super-linear is slow every time.
ATTEMPTS = 3


def normal_seconds_per_mb(size: int) -> float:
    clausex.parse("Artikel 1 Test\n1.1 Binnen 14 dagen.")  # load the data before forking
    result = seconds_per_mb(clausex.parse, normal_document(size), RUNS, timeout=600)
    assert result is not None
    return result


def assert_linear(text: str, reference_size: int, runs: int = RUNS) -> None:
    for _ in range(ATTEMPTS):
        normal = normal_seconds_per_mb(reference_size)
        timeout = max(10.0, HANG_FACTOR * normal * len(text) / 1e6 * runs)
        hostile = seconds_per_mb(clausex.parse, text, runs, timeout)
        assert hostile is not None, f"no result within {timeout:.0f} s: catastrophic slowdown"
        ratio = hostile / normal
        if ratio <= RATIO_LIMIT:
            return
    raise AssertionError(
        f"{hostile:.2f} s/MB against {normal:.2f} s/MB for a normal document ({ratio:.1f}x)"
    )


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_parses_in_linear_time(name: str) -> None:
    size = ISSUE_SIZES.get(name, DEFAULT_SIZE)
    assert_linear(HOSTILE[name](size), size)


def test_big_document_parses_in_linear_time() -> None:
    # one run: a parse this long averages out the noise that the best of runs removes
    assert_linear(normal_document(BIG_SIZE), DEFAULT_SIZE, runs=1)


# --- hostile files in one batch ------------------------------------------------------------


def test_batch_over_hostile_files_gives_a_record_for_each(tmp_path: Path) -> None:
    """The readers' own tests check each bad file alone; here they go through one batch
    with two workers together, beside good files, and the batch must finish."""
    from test_readers import PDF_PAGES, garbage, make_pdf, zip_bomb

    from clausex.batch import run_batch

    folder = tmp_path / "in"
    folder.mkdir()
    good = {
        "goed.txt": normal_document(20_000),
        "lange_regel.txt": HOSTILE["no_space_line"](200_000),
        "stuurtekens.txt": normal_document(20_000).replace("dagen", "dagen\x07\x1b", 5),
        "diep.html": "<div>" * 100_000 + "<p>Artikel 1 Slot</p><p>1.1 Tekst.</p>"
        + "</div>" * 100_000,
    }  # fmt: skip
    for name, text in good.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "ruis.txt").write_bytes(bytes(range(256)) * 64)
    garbage(folder / "ruis.pdf")
    garbage(folder / "ruis.docx")
    (folder / "half.pdf").write_bytes(make_pdf(PDF_PAGES)[:1500])
    zip_bomb(folder / "bom.docx")
    out = tmp_path / "out.jsonl"

    code = run_batch([folder], out, workers=2, progress=False, timeout=120)

    records = {
        Path(r["source"]).name: r
        for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())
    }
    assert code == 1  # some files failed, and the run went on
    assert set(records) == {p.name for p in folder.iterdir()}
    for name in good:
        assert "error" not in records[name], records[name]
    for name in ["ruis.txt", "ruis.pdf", "ruis.docx", "half.pdf", "bom.docx"]:
        assert records[name]["error"] == "ReadError", records[name]
