"""Score parses against gold annotations, as GUIDE.md defines it.

The measures and their keys are those of the shared scorer (``score.py`` beside the gold):
structure (article paths, clause ids, article titles after whitespace folding), facts per
type matched on (type, key value, clause) -> "T/located" and on (type, key value) ->
"T/anywhere", article topics per label ("topic:LABEL") with their macro-F1
("topics/macro") where the gold has topics, and "facts/located" over all fact types.
Precision, recall and F1 are micro-averaged over documents; a document whose parse raises
scores as an empty record and is listed in ``errors``.
"""

from __future__ import annotations

import dataclasses
import json
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

import regex

# NOTE: keep FACT_TYPES, _COURT_WORDS and fact_key in sync with the shared score.py.
FACT_TYPES = ("duration", "percentage", "money", "court", "governing_law")
# Generic words dropped from a court's place or name, so "de rechtbank te Arnhem" and
# "Arnhem" are the same key.
_COURT_WORDS = frozenset(
    {
        "de", "het", "te", "locatie", "rechtbank", "arrondissementsrechtbank", "rechter",
        "kantonrechter", "gerechtshof", "hof", "bevoegde", "burgerlijke", "nederlandse",
    }
)  # fmt: skip
# Separators between the words of a court key.
_COURT_SPLIT = regex.compile(r"[\s\-(),.]+")

Key = tuple[Hashable, ...]
# measure -> (missed gold keys, extra predicted keys), at most 15 of each, per document
Misses = dict[str, dict[str, tuple[list[Any], list[Any]]]]


@dataclasses.dataclass
class EvalReport:
    """The outcome of ``evaluate``.

    Attributes:
        summary: measure -> {"p", "r", "f1", "tp", "pred", "gold"}, keyed as score.py's
            JSON "total" ("articles", "duration/located", "topics/macro", "facts/located").
        per_doc: document -> measure -> F1 (rounded to 3 places).
        misses: document -> measure -> (missed gold keys, extra predicted keys).
        errors: (document, traceback) for every parse that raised.
        seconds: time spent parsing; chars: characters parsed.
    """

    summary: dict[str, dict[str, float]]
    per_doc: dict[str, dict[str, float]]
    misses: Misses
    errors: list[tuple[str, str]]
    seconds: float
    chars: int


def fold(value: Any) -> str | None:
    """Whitespace-folded, case-folded text (None stays None).

    >>> fold("  Prijzen en\\n BETALING ")
    'prijzen en betaling'
    """
    return " ".join(str(value).split()).casefold() if value is not None else None


def _num(value: Any, places: int) -> float | None:
    try:
        return round(float(value), places)
    except (TypeError, ValueError):
        return None


def fact_key(fact: dict[str, Any]) -> Key | None:
    """What makes two facts the same, without their clause.

    >>> fact_key({"type": "court", "city": None, "name": "Rechtbank Noord-Holland"})
    ('court', 'noord holland')
    >>> fact_key({"type": "money", "value": "150", "currency": None})
    ('money', 150.0, 'EUR')
    """
    kind = fact.get("type")
    if kind == "duration":
        return (kind, _num(fact.get("value"), 3), fact.get("unit"))
    if kind == "percentage":
        return (kind, _num(fact.get("value"), 3))
    if kind == "money":
        return (kind, _num(fact.get("value"), 2), (fact.get("currency") or "EUR").upper())
    if kind == "court":  # the place, or else the body's name, without generic court words
        words = _COURT_SPLIT.split(fold(fact.get("city")) or fold(fact.get("name")) or "")
        return (kind, " ".join(w for w in words if w and w not in _COURT_WORDS))
    if kind == "governing_law":
        return (kind, str(fact.get("value") or "").upper())
    return None


def prf(tp: int, npred: int, ngold: int) -> tuple[float, float, float]:
    """Precision, recall, F1; nothing predicted of nothing is perfect.

    >>> prf(3, 4, 6)
    (0.75, 0.5, 0.6)
    """
    p = tp / npred if npred else (1.0 if not ngold else 0.0)
    r = tp / ngold if ngold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _match(pred: list[Any], gold: list[Any]) -> tuple[int, int, int, Counter[Any], Counter[Any]]:
    pc, gc = Counter(pred), Counter(gold)
    return sum((pc & gc).values()), sum(pc.values()), sum(gc.values()), gc - pc, pc - gc


def _first(counter: Counter[Any]) -> list[Any]:
    return list(counter.elements())[:15]


def score_record(
    record: dict[str, Any], gold: dict[str, Any], types: tuple[str, ...] = FACT_TYPES
) -> tuple[dict[str, tuple[int, int, int]], dict[str, tuple[list[Any], list[Any]]]]:
    """(measure -> (tp, pred, gold), measure -> (missed, extra)) for one document."""
    arts_p = record.get("articles") or []
    arts_g = gold.get("articles") or []
    rows: dict[str, tuple[int, int, int]] = {}
    misses: dict[str, tuple[list[Any], list[Any]]] = {}
    structure = [
        ("articles", [a.get("path") for a in arts_p], [a["path"] for a in arts_g]),
        (
            "clauses",
            [c.get("id") for a in arts_p for c in (a.get("clauses") or [])],
            [c for a in arts_g for c in a.get("clauses", [])],
        ),
        (
            "titles",
            [(a.get("path"), fold(a.get("title"))) for a in arts_p],
            [(a["path"], fold(a.get("title"))) for a in arts_g],
        ),
    ]
    for name, pred, want in structure:
        tp, npred, ngold, missed, extra = _match(pred, want)
        rows[name] = (tp, npred, ngold)
        misses[name] = (_first(missed), _first(extra))
    gold_topics = [(a["path"], a["topic"]) for a in arts_g if a.get("topic")]
    if gold_topics:
        pred_topics = [(a.get("path"), a.get("topic")) for a in arts_p if a.get("topic")]
        for label in sorted({t for _, t in gold_topics} | {t for _, t in pred_topics}):
            tp, npred, ngold, _, _ = _match(
                [p for p in pred_topics if p[1] == label], [g for g in gold_topics if g[1] == label]
            )
            rows[f"topic:{label}"] = (tp, npred, ngold)
    for kind in types:
        gold_facts = [f for f in gold.get("facts", []) if f.get("type") == kind]
        pred_facts = [f for f in (record.get("facts") or []) if f.get("type") == kind]
        for scope, located in (("located", True), ("anywhere", False)):

            def key(f: dict[str, Any], located: bool = located) -> Any:
                base = fact_key(f) or ()
                return base + ((f.get("clause"),) if located else ())

            tp, npred, ngold, missed, extra = _match(
                [key(f) for f in pred_facts], [key(f) for f in gold_facts]
            )
            rows[f"{kind}/{scope}"] = (tp, npred, ngold)
            if located:
                misses[kind] = (_first(missed), _first(extra))
    return rows, misses


def evaluate(
    gold_dir: str | Path,
    docs_dir: str | Path,
    parse: Callable[[str], Any] | None = None,
    types: tuple[str, ...] = FACT_TYPES,
) -> EvalReport:
    """Parse ``docs_dir/NAME.txt`` for every ``gold_dir/NAME.json`` and score it.

    ``parse`` takes the text and returns a Document or its dict (default ``clausex.parse``).
    """
    if parse is None:
        from clausex.api import parse as default_parse

        parse = default_parse
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    per_doc: dict[str, dict[str, float]] = {}
    misses: Misses = {}
    errors: list[tuple[str, str]] = []
    chars, seconds = 0, 0.0
    for gold_path in sorted(Path(gold_dir).glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        name = gold["doc"]
        text = (Path(docs_dir) / name).read_text(encoding="utf-8")
        t0 = time.perf_counter()
        try:
            record = parse(text)
            record = record if isinstance(record, dict) else record.to_dict()
        except Exception:  # a crash scores as an empty record, as in score.py
            errors.append((name, traceback.format_exc(limit=3)))
            record = {"articles": [], "facts": []}
        seconds += time.perf_counter() - t0
        chars += len(text)
        rows, misses[name] = score_record(record, gold, types)
        for measure, counts in rows.items():
            for i, n in enumerate(counts):
                totals[measure][i] += n
        per_doc[name] = {m: round(prf(*counts)[2], 3) for m, counts in rows.items()}
    return EvalReport(_summary(totals, types), per_doc, misses, errors, seconds, chars)


def _summary(totals: dict[str, list[int]], types: tuple[str, ...]) -> dict[str, dict[str, float]]:
    summary: dict[str, dict[str, float]] = {}
    for measure, (tp, npred, ngold) in totals.items():
        p, r, f = prf(tp, npred, ngold)
        summary[measure] = {"p": p, "r": r, "f1": f, "tp": tp, "pred": npred, "gold": ngold}
    topic_f1 = [v["f1"] for k, v in summary.items() if k.startswith("topic:") and v["gold"]]
    if topic_f1:
        macro = sum(topic_f1) / len(topic_f1)
        summary["topics/macro"] = {"p": 0, "r": 0, "f1": macro, "tp": 0, "pred": 0}
        summary["topics/macro"]["gold"] = len(topic_f1)
    located = [summary.get(f"{t}/located", {"tp": 0, "pred": 0, "gold": 0}) for t in types]
    tp, npred, ngold = (int(sum(x[k] for x in located)) for k in ("tp", "pred", "gold"))
    p, r, f = prf(tp, npred, ngold)
    summary["facts/located"] = {"p": p, "r": r, "f1": f, "tp": tp, "pred": npred, "gold": ngold}
    return summary


def format_report(report: EvalReport, show_misses: bool = False, show_topics: bool = False) -> str:
    """The report as a table, like score.py prints it."""
    out = [f"{'measure':28s} {'P':>6s} {'R':>6s} {'F1':>6s}   tp/pred/gold"]
    for name, v in report.summary.items():
        if name in ("topics/macro", "facts/located"):
            continue
        if show_topics or not name.startswith("topic:"):
            out.append(_row(name, v))
    if "topics/macro" in report.summary:
        macro = report.summary["topics/macro"]
        label = "TOPICS macro-F1"
        out.append(f"{label:28s} {'':6s} {'':6s} {macro['f1']:6.3f}   over {macro['gold']} labels")
    out.append(_row("ALL FACTS/located", report.summary["facts/located"]))
    if report.seconds:
        rate = report.chars / report.seconds / 1e6
        out.append(f"parse time: {report.seconds:.3f}s for {report.chars} chars ({rate:.2f} MB/s)")
    if show_misses:
        for doc, measures in report.misses.items():
            for name, (missed, extra) in measures.items():
                if missed or extra:
                    out.append(f"\n[{doc}] {name}\n  missed: {missed}\n  extra:  {extra}")
    for doc, tb in report.errors:
        out.append(f"\nERROR {doc}:\n{tb}")
    return "\n".join(out)


def _row(name: str, v: dict[str, float]) -> str:
    counts = f"{v['tp']}/{v['pred']}/{v['gold']}"
    return f"{name:28s} {v['p']:6.3f} {v['r']:6.3f} {v['f1']:6.3f}   {counts}"
