"""Batch processing: parse_many, run_batch (JSONL, CSV, Parquet, resume, failures) and the
pandas frames."""

from __future__ import annotations

import io
import json
import os
import random
import time
from pathlib import Path
from typing import Any

import pytest
from test_readers import PDF_PAGES, make_docx, make_pdf

from clausex import batch, readers
from clausex.batch import parse_many, run_batch
from clausex.errors import ReadError
from clausex.frames import CLAUSE_COLUMNS, FACT_COLUMNS, clauses_frame, facts_frame

# Self-written documents (not from any real company).
TXT = (
    "Artikel 1 Levering\n"
    "1.1 Wij leveren binnen 14 dagen na de bestelling.\n"
    "1.2 Bij te late betaling is de klant 2% rente per maand verschuldigd.\n"
    "Artikel 2 Geschillen\n"
    "2.1 Op deze overeenkomst is Nederlands recht van toepassing.\n"
)
HTML = (
    "<html><body><nav>Menu</nav><h2>Artikel 1 Prijzen</h2>"
    "<p>1.1 De administratiekosten bedragen € 25,00 per factuur.</p></body></html>"
)

GOOD = ["a_levering.txt", "b_prijzen.html", "c_contract.docx", "d_sub/e_pdf.pdf", "d_sub/f.md"]
BAD = ["g_kapot.pdf", "h_leeg.txt", "i_ruis.txt"]


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    """Good documents of every format (one in a subfolder), a corrupt PDF, an empty file,
    a binary file, and a file of an unsupported type (which the folder scan ignores)."""
    root = tmp_path / "in"
    (root / "d_sub").mkdir(parents=True)
    (root / "a_levering.txt").write_text(TXT, encoding="utf-8")
    (root / "b_prijzen.html").write_text(HTML, encoding="utf-8")
    make_docx(root / "c_contract.docx")
    (root / "d_sub" / "e_pdf.pdf").write_bytes(make_pdf(PDF_PAGES))
    (root / "d_sub" / "f.md").write_bytes(TXT.encode("cp1252"))
    (root / "g_kapot.pdf").write_bytes(make_pdf(PDF_PAGES)[:1200])
    (root / "h_leeg.txt").write_bytes(b"")
    (root / "i_ruis.txt").write_bytes(random.Random(7).randbytes(4096))
    (root / "j_notities.rtf").write_text("{\\rtf1 niet mee}")
    return root


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def sources(root: Path, names: list[str]) -> set[str]:
    return {str(root / name) for name in names}


@pytest.mark.parametrize("workers", [1, 2])
def test_batch_jsonl_errors_and_resume(folder: Path, tmp_path: Path, workers: int) -> None:
    out = tmp_path / "out" / "records.jsonl"
    log = io.StringIO()
    assert run_batch([folder], out, workers=workers, progress=False, log=log) == 1
    records = read_jsonl(out)
    assert len(records) == len(GOOD) + len(BAD)
    good = {r["source"]: r for r in records if "error" not in r}
    bad = {r["source"]: r for r in records if "error" in r}
    assert set(good) == sources(folder, GOOD)
    assert set(bad) == sources(folder, BAD)
    assert all(r["error"] == "ReadError" and r["message"] for r in bad.values())
    assert [a["path"] for a in good[str(folder / "a_levering.txt")]["articles"]] == ["1", "2"]
    assert good[str(folder / "d_sub/e_pdf.pdf")]["facts"], "the PDF states durations"
    summary = log.getvalue()
    assert f"{len(GOOD) + len(BAD)} files" in summary and f"{len(BAD)} errors" in summary

    before = out.read_bytes()
    log = io.StringIO()
    assert run_batch([folder], out, workers=workers, resume=True, progress=False, log=log) == 0
    assert out.read_bytes() == before
    assert f"({len(GOOD) + len(BAD)} already done)" in log.getvalue()


def test_resume_after_a_killed_run(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "records.jsonl"
    run_batch([folder], out, progress=False, log=io.StringIO())
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    # the run was killed while writing its fourth record
    out.write_text("".join(lines[:3]) + lines[3][: len(lines[3]) // 2], encoding="utf-8")
    run_batch([folder], out, resume=True, progress=False, log=io.StringIO())
    records = read_jsonl(out)
    assert sorted(r["source"] for r in records) == sorted(json.loads(ln)["source"] for ln in lines)


def test_without_resume_the_output_is_replaced(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "records.jsonl"
    for _ in range(2):
        run_batch([folder / "a_levering.txt"], out, progress=False, log=io.StringIO())
    assert len(read_jsonl(out)) == 1


def test_missing_input_gets_an_error_record(tmp_path: Path) -> None:
    out = tmp_path / "records.jsonl"
    code = run_batch([tmp_path / "weg.txt"], out, progress=False, log=io.StringIO())
    assert code == 1
    [record] = read_jsonl(out)
    assert record == {
        "source": str(tmp_path / "weg.txt"),
        "error": "ReadError",
        "message": "no such file",
    }


def test_facts_csv_with_resume(folder: Path, tmp_path: Path) -> None:
    import pandas as pd

    out = tmp_path / "facts.csv"
    assert run_batch([folder], out, fmt="csv", progress=False, log=io.StringIO()) == 1
    table = pd.read_csv(out, dtype=str)  # as written: "1.1" is a clause id, not a float
    assert list(table.columns[: len(FACT_COLUMNS)]) == list(FACT_COLUMNS)
    errors = table[table["error"].notna()]
    assert set(errors["source"]) == sources(folder, BAD)
    facts = table[table["error"].isna()]
    assert {"duration", "percentage", "governing_law"} <= set(facts["type"])
    row = facts[(facts["type"] == "duration") & facts["source"].str.endswith("a_levering.txt")]
    assert row[["value", "unit", "clause", "article"]].values.tolist() == [
        ["14.0", "day", "1.1", "1"]
    ]

    before = out.read_bytes()
    run_batch([folder], out, fmt="csv", resume=True, progress=False, log=io.StringIO())
    assert len(pd.read_csv(out)) == len(table)
    assert out.read_bytes().startswith(before)


def test_facts_parquet_with_resume(folder: Path, tmp_path: Path) -> None:
    import pandas as pd

    out = tmp_path / "facts.parquet"
    run_batch([folder / "a_levering.txt"], out, fmt="parquet", progress=False, log=io.StringIO())
    first = pd.read_parquet(out)
    assert set(first["type"]) == {"duration", "percentage", "governing_law"}
    run_batch([folder], out, fmt="parquet", resume=True, progress=False, log=io.StringIO())
    table = pd.read_parquet(out)
    assert table["source"].value_counts()[str(folder / "a_levering.txt")] == len(first)
    assert set(table.loc[table["error"].notna(), "source"]) == sources(folder, BAD)


def slow_parse_file(path: Any, options: Any = None) -> Any:
    time.sleep(5)
    raise AssertionError("the timeout should have stopped this")


def test_per_file_timeout(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "parse_file", slow_parse_file)
    out = tmp_path / "records.jsonl"
    started = time.perf_counter()
    code = run_batch(
        [folder / "a_levering.txt"], out, timeout=0.2, progress=False, log=io.StringIO()
    )
    assert code == 1
    assert time.perf_counter() - started < 4
    [record] = read_jsonl(out)
    assert record["error"] == "TimeoutError"


def crash_on_b(source: str) -> batch.Result:
    if "b_" in source:
        os._exit(1)  # a worker that dies (segfault, OOM killer) breaks the pool
    return batch._failure(source, "Fine", "not parsed", table=False)


def test_a_dying_worker_only_fails_its_own_file(folder: Path) -> None:
    todo = [str(folder / name) for name in ["a_levering.txt", "b_prijzen.html", *BAD]]
    results = {r.source: r.error for r in batch._pool_results(todo, 2, crash_on_b, False)}
    assert results == {s: ("WorkerDied" if "b_" in s else "Fine") for s in todo}


def test_collect_files_recurses_by_extension_and_keeps_named_files(folder: Path) -> None:
    named = folder / "j_notities.rtf"
    files = batch.collect_files([folder, named, folder / "a_levering.txt"])
    assert [str(f) for f in files] == [*sorted(str(folder / n) for n in GOOD + BAD), str(named)]


# --- parse_many ----------------------------------------------------------------------------


@pytest.mark.parametrize("n_process", [1, 2])
def test_parse_many_keeps_input_order(folder: Path, n_process: int) -> None:
    inputs: list[Any] = [
        folder / "c_contract.docx",
        TXT,
        str(folder / "a_levering.txt"),
        "Geen artikelen, maar wel binnen 30 dagen.",
        folder / "b_prijzen.html",
    ]
    docs = list(parse_many(inputs, n_process=n_process, chunksize=2))
    assert [d.source for d in docs] == [
        str(folder / "c_contract.docx"),
        None,
        str(folder / "a_levering.txt"),
        None,
        str(folder / "b_prijzen.html"),
    ]
    assert docs[1].text == TXT and docs[2].text == TXT
    assert docs[1].to_dict() | {"source": None} == docs[2].to_dict() | {"source": None}


@pytest.mark.parametrize("n_process", [1, 2])
def test_parse_many_raises_read_error_for_a_bad_file(folder: Path, n_process: int) -> None:
    docs = parse_many([TXT, folder / "h_leeg.txt"], n_process=n_process)
    assert next(docs).text == TXT
    with pytest.raises(ReadError, match="empty file"):
        next(docs)


def test_a_missing_path_string_is_text() -> None:
    [doc] = parse_many(["bestaat/niet.txt"])
    assert doc.text == "bestaat/niet.txt" and doc.source is None


# --- frames --------------------------------------------------------------------------------


def test_facts_and_clauses_frames(folder: Path) -> None:
    docs = list(parse_many([folder / "a_levering.txt", folder / "b_prijzen.html"]))
    facts = facts_frame(docs)
    assert list(facts.columns[: len(FACT_COLUMNS)]) == list(FACT_COLUMNS)
    assert len(facts) == sum(len(d.facts) for d in docs)
    for row in facts.itertuples():
        doc = docs[0] if row.source == docs[0].source else docs[1]
        assert doc.text[row.start : row.end] == row.text
    money = facts[facts["type"] == "money"]
    assert money[["value", "currency", "article", "clause"]].values.tolist() == [
        [25.0, "EUR", "1", "1.1"]
    ]
    clauses = clauses_frame(docs)
    assert list(clauses.columns) == list(CLAUSE_COLUMNS)
    assert clauses["clause"].tolist() == ["1.1", "1.2", "2.1", "1.1"]
    assert clauses["text"].iloc[0].startswith("1.1 Wij leveren binnen 14 dagen")
    assert facts_frame(docs[0]).shape[0] == len(docs[0].facts)


def test_frames_of_no_documents_have_the_columns() -> None:
    assert list(facts_frame([]).columns) == list(FACT_COLUMNS)
    assert clauses_frame([]).empty
