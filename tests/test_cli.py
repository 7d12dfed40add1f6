"""The ``clausex`` command line: parse, batch, eval, --version and its exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

import clausex
from clausex.cli import main

TXT = (
    "Artikel 1 Levering\n"
    "1.1 Wij leveren binnen 14 dagen na de bestelling, zodat de klant snel over de zaken "
    "beschikt.\n"
    "1.2 Bij te late betaling is de klant een rente van 2% per maand verschuldigd.\n"
    "Artikel 2 Geschillen\n"
    "2.1 Op deze overeenkomst is Nederlands recht van toepassing.\n"
)


@pytest.fixture()
def txt_file(tmp_path: Path) -> Path:
    path = tmp_path / "voorwaarden.txt"
    path.write_text(TXT, encoding="utf-8")
    return path


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"clausex {clausex.__version__}"


def test_parse_prints_the_json_record(txt_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(txt_file)]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["source"] == str(txt_file)
    assert [a["path"] for a in record["articles"]] == ["1", "2"]
    assert {f["type"] for f in record["facts"]} == {"duration", "percentage", "governing_law"}


def test_parse_outline(txt_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(txt_file), "--outline"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "1  Levering"
    assert lines[1].startswith("  1.1  Wij leveren binnen 14 dagen")
    assert lines[1].endswith("…") and len(lines[1]) == len("  1.1  ") + 60
    assert lines[2] == '    duration 14 day (within) "binnen 14 dagen"'
    assert '    percentage 2 (month) "2%"' in lines
    assert "2  Geschillen" in lines


def test_parse_key_terms(txt_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["parse", str(txt_file), "--key-terms"])
    captured = capsys.readouterr()
    try:
        import clausex.keyterms  # noqa: F401
    except ImportError:
        assert code == 2 and "not available" in captured.err
    else:
        assert code == 0 and captured.out.strip()


FAILURES = [
    ("missing file", "weg.txt", None, "no such file"),
    ("empty file", "leeg.txt", b"", "empty file"),
    ("unsupported type", "brief.rtf", b"{\\rtf1 x}", "unsupported file type"),
]


@pytest.mark.parametrize(
    ("name", "data", "reason"), [r[1:] for r in FAILURES], ids=[r[0] for r in FAILURES]
)
def test_parse_unreadable_file_exits_2_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes | None, reason: str
) -> None:
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    assert main(["parse", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert reason in captured.err and "Traceback" not in captured.err


def test_batch_exit_codes_and_resume(tmp_path: Path, txt_file: Path) -> None:
    bad = tmp_path / "leeg.txt"
    bad.write_bytes(b"")
    out = tmp_path / "out.jsonl"
    args = ["batch", str(txt_file), str(bad), "-o", str(out), "--quiet"]
    assert main(args) == 1
    assert [json.loads(x).get("error") for x in out.read_text().splitlines()] == [None, "ReadError"]
    assert main([*args, "--resume"]) == 0
    assert len(out.read_text().splitlines()) == 2
    assert main(["batch", str(txt_file), "-o", str(tmp_path / "f.csv"), "--facts-csv"]) == 0
    assert (tmp_path / "f.csv").read_text().startswith("source,article,clause,type,value")


def test_eval_with_a_parser_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold, docs = tmp_path / "gold", tmp_path / "docs"
    gold.mkdir()
    docs.mkdir()
    (docs / "x.txt").write_text(TXT, encoding="utf-8")
    articles = [
        {"path": "1", "title": "Levering", "clauses": ["1.1", "1.2"]},
        {"path": "2", "title": "Geschillen", "clauses": ["2.1"]},
    ]
    facts = [{"type": "governing_law", "value": "NL", "clause": "2.1"}]
    (gold / "x.json").write_text(json.dumps({"doc": "x.txt", "articles": articles, "facts": facts}))
    summary = tmp_path / "summary.json"
    assert main(["eval", str(gold), str(docs), "--json", str(summary), "--show-misses"]) == 0
    out = capsys.readouterr().out
    assert "articles                      1.000  1.000  1.000   2/2/2" in out
    assert json.loads(summary.read_text())["total"]["governing_law/located"]["tp"] == 1
    assert main(["eval", str(tmp_path / "weg"), str(docs)]) == 2


def test_module_entry_point_reports_read_errors(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    result = subprocess.run(
        [sys.executable, "-m", "clausex.cli", "parse", str(tmp_path / "weg.pdf")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 2
    assert "no such file" in result.stderr and "Traceback" not in result.stderr
