"""The ``clausex`` command: ``parse``, ``batch`` and ``eval``.

Exit codes: 0 success, 1 some documents failed (batch) or parses raised (eval),
2 usage error or a file that cannot be read (message on stderr, no traceback).
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Sequence
from typing import Any

from clausex.errors import ClausexError

# Characters of clause text shown in an outline line.
PREVIEW_CHARS = 60


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args))
    except ClausexError as exc:
        print(f"clausex: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `clausex parse x | head`
        return 0
    except KeyboardInterrupt:  # a batch stopped here continues with --resume
        print("clausex: interrupted", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    from clausex import __version__

    parser = argparse.ArgumentParser(
        prog="clausex", description="Structure and facts from Dutch general terms and conditions."
    )
    parser.add_argument("--version", action="version", version=f"clausex {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = commands.add_parser("parse", help="parse one file and print its record")
    p.add_argument("file", help=".txt .md .html .htm .pdf or .docx file; - reads text from stdin")
    view = p.add_mutually_exclusive_group()
    view.add_argument("--outline", action="store_true", help="print an indented outline")
    view.add_argument("--key-terms", action="store_true", help="print the key terms")
    p.add_argument("--with-text", action="store_true", help="add the extracted text to JSON")
    p.add_argument("--model", help="spaCy model with NER to use as well (nl_core_news_md)")
    p.set_defaults(run=_cmd_parse)

    b = commands.add_parser("batch", help="parse files and folders into JSON Lines or a table")
    b.add_argument("inputs", nargs="+", metavar="INPUT", help="files and folders (recursive)")
    b.add_argument("-o", "--out", required=True, help="output file")
    b.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    fmt = b.add_mutually_exclusive_group()
    fmt.add_argument("--facts-csv", action="store_true", help="write one CSV row per fact")
    fmt.add_argument("--facts-parquet", action="store_true", help="write a Parquet facts table")
    b.add_argument("--resume", action="store_true", help="skip sources already in OUT, append")
    b.add_argument("--quiet", action="store_true", help="no progress bar")
    b.add_argument("--timeout", type=float, default=300.0, help="seconds per file (default 300)")
    b.add_argument("--with-text", action="store_true", help="add the extracted text to records")
    b.set_defaults(run=_cmd_batch)

    e = commands.add_parser("eval", help="score parses against gold annotations")
    e.add_argument("gold_dir")
    e.add_argument("docs_dir")
    e.add_argument("--show-misses", action="store_true", help="list missed and extra items")
    e.add_argument("--show-topics", action="store_true", help="print the per-topic rows too")
    e.add_argument("--only", metavar="TYPE,...", help="score only these fact types")
    e.add_argument("--json", metavar="OUT", help="also write the summary as JSON")
    e.add_argument(
        "--parser", metavar="MODULE:FUNCTION", help="parse with this function (default clausex)"
    )
    e.set_defaults(run=_cmd_eval)
    return parser


def _cmd_parse(args: argparse.Namespace) -> int:
    from clausex.api import parse
    from clausex.readers import decode_bytes, parse_file

    overrides = {"model": args.model} if args.model else {}
    if args.file == "-":
        doc = parse(decode_bytes(sys.stdin.buffer.read()), source="-", **overrides)
    else:
        doc = parse_file(args.file, **overrides)
    if args.outline:
        print(format_outline(doc))
    elif args.key_terms:
        try:
            keyterms: Any = importlib.import_module("clausex.keyterms")
        except ImportError:
            print("clausex: key terms are not available in this version", file=sys.stderr)
            return 2
        print(keyterms.format_key_terms(doc))
    else:
        record = doc.to_dict()
        if args.with_text:
            record["text"] = doc.text
        print(json.dumps(record, ensure_ascii=False, indent=2, default=str))
    return 0


def format_outline(doc: Any) -> str:
    """An indented outline: parts, articles (path and title), clauses with a text preview,
    and each fact under the clause (or article) that holds it."""
    by_clause: dict[str | None, list[Any]] = {}
    for fact in doc.facts:
        by_clause.setdefault(fact.clause, []).append(fact)
    lines = [doc.title] if doc.title else []
    part = None
    for article in doc.articles:
        if article.part and article.part != part:
            part = article.part
            title = next((p.title for p in doc.parts if p.label == part), "")
            lines.append(f"{part}  {title}".rstrip())
        indent = "  " if article.part else ""
        lines.append(f"{indent}{article.path}  {article.title}".rstrip())
        lines.extend(_fact_lines(by_clause.pop(article.path, []), indent + "    "))
        for clause in article.clauses:
            body = doc.text[clause.start : clause.end].lstrip()
            if body.startswith(clause.number):  # the id is shown already
                body = body[len(clause.number) :].lstrip(".) \t")
            lines.append(f"{indent}  {clause.id}  {_preview(body)}")
            lines.extend(_fact_lines(by_clause.pop(clause.id, []), indent + "    "))
    rest = [f for facts in by_clause.values() for f in facts]
    if rest:
        lines.append("(outside any article)")
        lines.extend(_fact_lines(rest, "    "))
    return "\n".join(lines)


def _preview(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= PREVIEW_CHARS else text[: PREVIEW_CHARS - 1] + "…"


def _fact_lines(facts: list[Any], indent: str) -> list[str]:
    return [f"{indent}{describe_fact(f)}" for f in facts]


def describe_fact(fact: Any) -> str:
    """One line for a fact: kind, value and its own details, and the words that state it.

    >>> from clausex.records import Duration
    >>> describe_fact(Duration("binnen 14\\ndagen", 0, 15, "2.1", 14, "day", "P14D", "within"))
    'duration 14 day (within) "binnen 14 dagen"'
    """
    data = fact.to_dict()
    detail = {
        "duration": ("value", "unit"),
        "percentage": ("value",),
        "money": ("value", "currency"),
        "court": ("city", "name"),
        "governing_law": ("value",),
    }.get(fact.type, ("value",))
    shown = [_plain(data[k]) for k in detail if data.get(k) is not None]
    qualifiers = [data[k] for k in ("qualifier", "per", "vat", "kind") if data.get(k)]
    words = " ".join(fact.text.split())
    extra = f" ({', '.join(map(str, qualifiers))})" if qualifiers else ""
    return f'{fact.type} {" ".join(shown)}{extra} "{words}"'


def _plain(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _cmd_batch(args: argparse.Namespace) -> int:
    from clausex.batch import run_batch

    fmt = "csv" if args.facts_csv else "parquet" if args.facts_parquet else "jsonl"
    return run_batch(
        args.inputs,
        args.out,
        workers=args.workers,
        fmt=fmt,
        resume=args.resume,
        progress=not args.quiet,
        timeout=args.timeout or None,
        with_text=args.with_text,
    )


def _cmd_eval(args: argparse.Namespace) -> int:
    from pathlib import Path

    from clausex.evaluate import FACT_TYPES, evaluate, format_report

    for folder in (args.gold_dir, args.docs_dir):
        if not Path(folder).is_dir():
            print(f"clausex: {folder!r} is not a folder", file=sys.stderr)
            return 2
    parse = None
    if args.parser:
        module, _, function = args.parser.partition(":")
        parse = getattr(importlib.import_module(module), function or "parse")
    types = tuple(t for t in (args.only or "").split(",") if t) or FACT_TYPES
    report = evaluate(args.gold_dir, args.docs_dir, parse=parse, types=types)
    print(format_report(report, show_misses=args.show_misses, show_topics=args.show_topics))
    if args.json:
        errors = [doc for doc, _ in report.errors]
        data = {"total": report.summary, "per_doc": report.per_doc, "errors": errors}
        Path(args.json).write_text(json.dumps(data, indent=1), encoding="utf-8")
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
