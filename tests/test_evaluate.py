"""clausex.evaluate gives the shared scorer's numbers.

The equivalence test runs ../shared/gold/score.py as a subprocess on the same gold and the
same parses and compares every measure; it skips where ../shared is not beside the repo.
The parses come from a stub parser, so the test checks the scoring, whatever the parser
does today; a second test compares on the project's corpora with the real parser.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPORA, REPO

from clausex.evaluate import EvalReport, evaluate, fact_key, format_report, prf

# Gold and predicted records for three small self-written documents. The predictions get
# some things right, some wrong, some duplicated, so every measure has tp, misses and extras.
DOCS: dict[str, dict[str, Any]] = {
    "a.txt": {
        "gold": {
            "articles": [
                {"path": "1", "title": "Definities", "clauses": [], "topic": "definitions"},
                {"path": "2", "title": "Betaling", "clauses": ["2.1", "2.2"], "topic": "payment"},
                {
                    "path": "3",
                    "title": "Geschillen",
                    "clauses": ["3.1"],
                    "topic": "disputes_and_law",
                },
            ],
            "facts": [
                {"type": "duration", "value": 14, "unit": "day", "clause": "2.1"},
                {"type": "duration", "value": 14, "unit": "day", "clause": "2.1"},
                {"type": "percentage", "value": 1.5, "clause": "2.2"},
                {"type": "money", "value": 40.0, "currency": "EUR", "clause": "2.2"},
                {"type": "court", "city": "Arnhem", "name": None, "clause": "3.1"},
                {"type": "governing_law", "value": "NL", "clause": "3.1"},
            ],
        },
        "pred": {
            "articles": [
                {"path": "1", "title": "DEFINITIES ", "clauses": [], "topic": "definitions"},
                {
                    "path": "2",
                    "title": "Betaling",
                    "topic": "prices",
                    "clauses": [{"id": "2.1"}, {"id": "2.2"}, {"id": "2.3"}],
                },
                {
                    "path": "3",
                    "title": "Geschillen en recht",
                    "topic": "disputes_and_law",
                    "clauses": [{"id": "3.1"}],
                },
            ],
            "facts": [
                {"type": "duration", "value": 14.0, "unit": "day", "clause": "2.1"},
                {"type": "duration", "value": 2, "unit": "week", "clause": "2.1"},
                {"type": "percentage", "value": "1.5", "clause": "2.1"},
                {"type": "money", "value": 40, "currency": "eur", "clause": "2.2"},
                {"type": "court", "city": None, "name": "Rechtbank Arnhem", "clause": "3.1"},
                {"type": "governing_law", "value": "nl", "clause": None},
            ],
        },
    },
    "b.txt": {
        "gold": {
            "articles": [{"path": "A:1", "title": "Levering", "clauses": ["A:1.1"]}],
            "facts": [{"type": "duration", "value": 0.5, "unit": "year", "clause": "A:1.1"}],
        },
        "pred": {"articles": [], "facts": []},
    },
    "c.txt": {  # the stub raises on this one: scored as empty and listed as an error
        "gold": {
            "articles": [{"path": "1", "title": "Slot", "clauses": [], "topic": "miscellaneous"}],
            "facts": [{"type": "court", "city": None, "name": None, "clause": "1"}],
        },
        "pred": None,
    },
}

STUB = """
import json, pathlib
PREDICTIONS = json.loads(pathlib.Path(__file__).with_name("predictions.json").read_text())

def parse(text):
    record = PREDICTIONS[text.strip()]
    if record is None:
        raise ValueError("the stub parser fails on this document")
    return record
"""


@pytest.fixture()
def gold_case(tmp_path: Path) -> Iterator[tuple[Path, Path, Any]]:
    """(gold dir, docs dir, stub parse function) for DOCS, with the stub importable."""
    gold_dir, docs_dir = tmp_path / "gold", tmp_path / "docs"
    gold_dir.mkdir()
    docs_dir.mkdir()
    for name, case in DOCS.items():
        (docs_dir / name).write_text(f"document {name}\n", encoding="utf-8")
        gold = {"doc": name, **case["gold"]}
        (gold_dir / name.replace(".txt", ".json")).write_text(json.dumps(gold), encoding="utf-8")
    predictions = {f"document {name}": case["pred"] for name, case in DOCS.items()}
    (tmp_path / "predictions.json").write_text(json.dumps(predictions), encoding="utf-8")
    (tmp_path / "stub_parser.py").write_text(STUB, encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    try:
        import stub_parser

        yield gold_dir, docs_dir, stub_parser.parse
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("stub_parser", None)


def run_score_py(
    shared: Path, gold_dir: Path, docs_dir: Path, parser: str, pythonpath: list[Path], out: Path
) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(map(str, pythonpath))}
    command = [sys.executable, str(shared / "gold" / "score.py"), str(gold_dir), str(docs_dir)]
    command += ["--parser", parser, "--json", str(out)]
    subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
    return json.loads(out.read_text())


def assert_same_numbers(report: EvalReport, reference: dict[str, Any]) -> None:
    assert list(report.summary) == list(reference["total"])
    for measure, want in reference["total"].items():
        got = report.summary[measure]
        for field in ("tp", "pred", "gold"):
            assert got[field] == want[field], (measure, field)
        for field in ("p", "r", "f1"):
            assert got[field] == pytest.approx(want[field], abs=1e-12), (measure, field)
    assert report.per_doc == reference["per_doc"]
    assert [doc for doc, _ in report.errors] == reference["errors"]


def test_same_numbers_as_score_py(
    shared_dir: Path, gold_case: tuple[Path, Path, Any], tmp_path: Path
) -> None:
    gold_dir, docs_dir, parse = gold_case
    reference = run_score_py(
        shared_dir, gold_dir, docs_dir, "stub_parser:parse", [tmp_path], tmp_path / "ref.json"
    )
    assert_same_numbers(evaluate(gold_dir, docs_dir, parse=parse), reference)


def test_expected_numbers_without_score_py(gold_case: tuple[Path, Path, Any]) -> None:
    # the same case worked out by hand, for clones without ../shared
    gold_dir, docs_dir, parse = gold_case
    report = evaluate(gold_dir, docs_dir, parse=parse)
    counts = {m: (v["tp"], v["pred"], v["gold"]) for m, v in report.summary.items()}
    assert counts["articles"] == (3, 3, 5)
    assert counts["clauses"] == (3, 4, 4)
    assert counts["titles"] == (2, 3, 5)  # case and outer spaces fold; other words do not
    assert counts["duration/located"] == (1, 2, 3)
    assert counts["percentage/located"] == (0, 1, 1)
    assert counts["percentage/anywhere"] == (1, 1, 1)
    assert counts["money/located"] == (1, 1, 1)  # 40 == 40.0, "eur" == "EUR"
    assert counts["court/located"] == (1, 1, 2)  # "Rechtbank Arnhem" is the seat Arnhem
    assert counts["governing_law/anywhere"] == (1, 1, 1)
    assert counts["governing_law/located"] == (0, 1, 1)
    assert counts["facts/located"] == (3, 6, 8)
    assert counts["topic:payment"] == (0, 0, 1)
    assert report.summary["topics/macro"]["gold"] == 4  # labels that occur in the gold
    assert report.summary["topics/macro"]["f1"] == pytest.approx((1 + 0 + 1 + 0) / 4)
    assert [doc for doc, _ in report.errors] == ["c.txt"]


@pytest.mark.parametrize("corpus", ["corpora", "shared seeds"])
def test_same_numbers_as_score_py_with_the_real_parser(
    shared_dir: Path, tmp_path: Path, corpus: str
) -> None:
    if corpus == "corpora":
        gold_dir, docs_dir = CORPORA / "gold", CORPORA / "docs"
    else:
        gold_dir, docs_dir = shared_dir / "gold", shared_dir / "seeds"
    if not any(gold_dir.glob("*.json")):
        pytest.skip(f"{gold_dir} has no gold files yet")
    reference = run_score_py(
        shared_dir, gold_dir, docs_dir, "clausex:parse", [REPO / "src"], tmp_path / "ref.json"
    )
    assert_same_numbers(evaluate(gold_dir, docs_dir), reference)


def test_format_report_prints_every_measure_and_misses(gold_case: tuple[Path, Path, Any]) -> None:
    gold_dir, docs_dir, parse = gold_case
    text = format_report(evaluate(gold_dir, docs_dir, parse=parse), show_misses=True)
    lines = text.splitlines()
    assert lines[0].split() == ["measure", "P", "R", "F1", "tp/pred/gold"]
    assert "articles                      1.000  0.600  0.750   3/3/5" in lines
    assert any(line.startswith("TOPICS macro-F1") for line in lines)
    assert any(line.startswith("ALL FACTS/located") and "3/6/8" in line for line in lines)
    assert "[b.txt] articles" in text and "missed: ['A:1']" in text
    assert "ERROR c.txt" in text


FACT_KEYS = [
    # (label, fact, key)
    ("court seat from city", {"type": "court", "city": "'s-Hertogenbosch"},
     ("court", "'s hertogenbosch")),
    ("court name without generic words", {"type": "court", "name": "de Rechtbank Noord-Holland"},
     ("court", "noord holland")),
    ("described court", {"type": "court", "city": None, "name": None}, ("court", "")),
    ("duration value rounds", {"type": "duration", "value": "0.50001", "unit": "year"},
     ("duration", 0.5, "year")),
    ("money default currency", {"type": "money", "value": 2.5e6}, ("money", 2500000.0, "EUR")),
    ("unknown type", {"type": "entity"}, None),
]  # fmt: skip


@pytest.mark.parametrize(("fact", "key"), [r[1:] for r in FACT_KEYS], ids=[r[0] for r in FACT_KEYS])
def test_fact_key(fact: dict[str, Any], key: tuple[Any, ...] | None) -> None:
    assert fact_key(fact) == key


def test_prf_edge_cases() -> None:
    assert prf(0, 0, 0) == (1.0, 1.0, 1.0)
    assert prf(0, 3, 0) == (0.0, 1.0, 0.0)
    assert prf(0, 0, 3) == (0.0, 0.0, 0.0)
