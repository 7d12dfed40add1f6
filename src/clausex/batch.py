"""Many documents at once: ``parse_many`` (an iterator of Documents) and ``run_batch`` (files
and folders to JSON Lines or a facts table, as ``clausex batch`` runs it).

Work runs in worker processes; each record is written and flushed as soon as it is done, so
a killed run loses nothing it finished and ``resume=True`` continues it without duplicates.
A file that fails becomes an error record, never the end of the run.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import json
import os
import signal
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import IO, Any, NamedTuple

from clausex.errors import ReadError
from clausex.records import FACT_TYPES, Document

# File name endings that ``collect_files`` picks up in folders (the readers' formats).
SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")
# Seconds one file may take in a worker before it is given up (an error record).
DEFAULT_TIMEOUT = 300.0
# Files a worker gets at a time: each task costs the parent a round trip (pickling, a queue,
# a wake-up), so a few files travel together; few enough that the workers end together.
FILES_PER_TASK = 4
# Output formats of run_batch: JSON Lines records, or the flat facts table.
FORMATS = ("jsonl", "csv", "parquet")
# Columns of the facts table: the frames' leading columns, every fact kind's own fields,
# then the error of a file that failed (its only row).
ERROR_COLUMNS = ("error", "message")


def parse_many(
    inputs: Iterable[str | os.PathLike[str]],
    n_process: int = 1,
    *,
    chunksize: int = 8,
    options: Any = None,
) -> Iterator[Document]:
    """Parse texts and files, yielding Documents in input order.

    A ``Path`` (or any ``os.PathLike``) is read as a file; a ``str`` is a file when it names
    an existing one, and document text otherwise. With ``n_process > 1`` the work is spread
    over that many processes in chunks of ``chunksize``. A file that cannot be read raises
    ``ReadError`` when its turn comes.

    >>> [d.source for d in parse_many(["Artikel 1 Slot\\n1.1 Tekst."])]
    [None]
    """
    work = functools.partial(_parse_item, options=options)
    if n_process <= 1:
        results: Iterable[tuple[Document | None, str, str]] = map(work, inputs)
    else:
        results = _ordered_pool_map(work, inputs, n_process, chunksize)
    for doc, path, reason in results:
        if doc is None:
            raise ReadError(path, reason)
        yield doc


def _ordered_pool_map(
    fn: Callable[[Any], Any], items: Iterable[Any], n_process: int, chunksize: int
) -> Iterator[Any]:
    # Executor.map takes the whole input at once; slices keep memory bounded for long or
    # endless inputs while every process still gets several chunks.
    iterator = iter(items)
    with _executor(n_process) as pool:
        while piece := list(itertools.islice(iterator, 4 * n_process * chunksize)):
            yield from pool.map(fn, piece, chunksize=chunksize)


def _parse_item(item: str | os.PathLike[str], options: Any) -> tuple[Document | None, str, str]:
    # ReadError cannot cross a process boundary (its __init__ takes two arguments), so it
    # travels as (None, path, reason) and is raised again in the parent.
    from clausex.api import parse
    from clausex.readers import parse_file

    path = as_file(item)
    try:
        if path is None:
            return parse(item, options), "", ""  # type: ignore[arg-type]
        return parse_file(path, options), "", ""
    except ReadError as exc:
        return None, exc.path, exc.reason


def as_file(item: str | os.PathLike[str]) -> Path | None:
    """The file ``item`` names, or None when it is document text (or not text at all)."""
    if isinstance(item, os.PathLike):
        return Path(item)
    if not isinstance(item, str):
        return None  # parse() says what it takes
    if "\n" in item or len(item) > 4096:
        return None  # document text, and too long for the file system anyway
    try:
        return Path(item) if Path(item).is_file() else None
    except (OSError, ValueError):  # e.g. a NUL byte or an over-long name
        return None


# --- run_batch -----------------------------------------------------------------------------


class Result(NamedTuple):
    """What a worker sends back for one file."""

    source: str
    # The JSON record as one line, or {"source", "error", "message"} (only for JSON Lines).
    # Made in the worker: serialising in the parent would queue every worker behind it.
    line: str
    rows: list[dict[str, Any]]  # facts-table rows (only for the table formats)
    nbytes: int
    facts: dict[str, int]  # facts per type
    error: str | None = None  # the error's name where the file failed

    @property
    def failed(self) -> bool:
        return self.error is not None


def collect_files(inputs: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files named in ``inputs``, with folders searched recursively for the supported
    formats; in the given order (folders sorted), each file once. A name that does not
    exist is kept, so that it gets an error record."""
    seen: dict[str, Path] = {}
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
            )
        else:
            found = [path]
        for p in found:
            seen.setdefault(str(p), p)
    return list(seen.values())


def run_batch(
    inputs: Iterable[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    workers: int = 1,
    fmt: str = "jsonl",
    resume: bool = False,
    progress: bool = True,
    *,
    timeout: float | None = DEFAULT_TIMEOUT,
    with_text: bool = False,
    options: Any = None,
    log: IO[str] | None = None,
) -> int:
    """Parse every file in ``inputs`` (files and folders) into ``out``; the exit code.

    ``fmt`` is "jsonl" (one record per document, or an error record), "csv" or "parquet"
    (one row per fact; a failed file gets one row with ``error`` and ``message``). With
    ``resume``, sources already in ``out`` are skipped and new ones appended. ``timeout``
    bounds the seconds per file; ``with_text`` adds the extracted text to JSON records.
    A summary goes to ``log`` (stderr). Returns 0 when every file parsed, else 1.
    """
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {FORMATS}, got {fmt!r}")
    log = log if log is not None else sys.stderr
    started = time.perf_counter()
    out_path = Path(out).resolve()
    files = [f for f in collect_files(inputs) if f.resolve() != out_path]  # -o inside INPUT
    sink = _SINKS[fmt](Path(out), resume)
    todo = [str(f) for f in files if str(f) not in sink.done]
    table = fmt != "jsonl"
    work = functools.partial(
        _work, table=table, timeout=timeout, with_text=with_text, options=options
    )
    results = map(work, todo) if workers <= 1 else _pool_results(todo, workers, work, table)
    summary = _Summary(total=len(files), skipped=len(files) - len(todo))
    from tqdm import tqdm

    bar = tqdm(
        total=len(todo),
        unit="file",
        file=sys.stderr,
        disable=not progress or not sys.stderr.isatty(),
        dynamic_ncols=True,
    )
    with sink, bar:
        for result in results:
            sink.write(result)
            summary.add(result)
            bar.update(1)
    summary.seconds = time.perf_counter() - started
    print(summary.format(), file=log)
    return 1 if summary.errors else 0


@dataclasses.dataclass
class _Summary:
    total: int
    skipped: int
    done: int = 0
    errors: int = 0
    nbytes: int = 0
    seconds: float = 0.0
    facts: Counter[str] = dataclasses.field(default_factory=Counter)

    def add(self, result: Result) -> None:
        self.done += 1
        self.errors += result.failed
        self.nbytes += result.nbytes
        self.facts.update(result.facts)

    def format(self) -> str:
        mb = self.nbytes / 1e6
        rate = mb / self.seconds if self.seconds else 0.0
        facts = ", ".join(f"{t} {n}" for t, n in sorted(self.facts.items())) or "none"
        skipped = f" ({self.skipped} already done)" if self.skipped else ""
        return (
            f"clausex batch: {self.total} files{skipped}, {self.done} parsed, "
            f"{self.errors} errors; {mb:.2f} MB in {self.seconds:.1f} s ({rate:.2f} MB/s)\n"
            f"facts: {facts}"
        )


class _Timeout(BaseException):
    """Raised by the alarm in a worker; a BaseException so no ``except Exception`` in the
    parser can swallow it."""


def _alarm(signum: int, frame: Any) -> None:
    raise _Timeout


def _work(
    source: str, *, table: bool, timeout: float | None, with_text: bool, options: Any
) -> Result:
    """Read and parse one file (in a worker process); never raises."""
    from clausex.frames import fact_rows
    from clausex.readers import parse_file

    use_alarm = bool(timeout) and hasattr(signal, "SIGALRM")
    use_alarm = use_alarm and threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGALRM, _alarm) if use_alarm else None
    try:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, float(timeout or 0))
        doc = parse_file(source, options)
    except _Timeout:
        return _failure(source, "TimeoutError", f"gave up after {timeout} s", table)
    except Exception as exc:  # one bad file must not end the batch
        message = exc.reason if isinstance(exc, ReadError) else str(exc)
        return _failure(source, type(exc).__name__, message, table)
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    record = doc.to_dict()
    if with_text:
        record["text"] = doc.text
    return Result(
        source=source,
        line="" if table else _json_line(record),
        rows=[_table_row(row) for row in fact_rows(doc)] if table else [],
        nbytes=_size(source),
        facts=dict(Counter(f.type for f in doc.facts)),
    )


def _failure(source: str, error: str, message: str, table: bool) -> Result:
    record = {"source": source, "error": error, "message": message}
    line, rows = ("", [_table_row(record)]) if table else (_json_line(record), [])
    return Result(source, line, rows, _size(source), {}, error)


def _json_line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


def _size(source: str) -> int:
    try:
        return os.path.getsize(source)
    except OSError:
        return 0


def _pool_results(
    todo: list[str], workers: int, work: Callable[[str], Result], table: bool
) -> Iterator[Result]:
    """``work`` over ``todo`` in ``workers`` processes, results as they finish.

    A worker that dies (a crash, the OOM killer) breaks the whole pool and fails every file
    in flight; those files are then run again one at a time, so only the culprit gets the
    error record.
    """
    queue = deque(todo)
    while queue:
        suspects: list[str] = []
        with _executor(workers) as pool:
            running: dict[Future[list[Result]], list[str]] = {}
            while (queue or running) and not suspects:
                while queue and len(running) < 4 * workers:  # a small window, not everything
                    task = [queue.popleft() for _ in range(min(FILES_PER_TASK, len(queue)))]
                    running[pool.submit(_work_each, work, task)] = task
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    task = running.pop(future)
                    try:
                        yield from future.result()
                    except BrokenProcessPool:
                        suspects.extend(task)
            for task in running.values():
                suspects.extend(task)
        for source in suspects:
            yield _isolated(source, work, table)


def _work_each(work: Callable[[str], Result], sources: list[str]) -> list[Result]:
    return [work(source) for source in sources]


# A text that sends every stage through its lazy set-up (pipeline, data files, patterns).
_WARM_UP = (
    "Artikel 1 Betaling\n1.1 Binnen 14 dagen; rente 1,5% per maand; minimaal € 40,00.\n"
    "1.2 Nederlands recht is van toepassing; geschillen gaan naar de rechter te Utrecht.\n"
)


def _executor(workers: int) -> ProcessPoolExecutor:
    # Set up once in the parent: forked workers inherit the built pipeline and compiled
    # patterns instead of each spending seconds on them.
    from clausex.api import parse

    parse(_WARM_UP)
    return ProcessPoolExecutor(workers, initializer=_exit_with_parent, initargs=(os.getpid(),))


def _exit_with_parent(parent: int) -> None:
    """Start a watcher that ends this worker once its parent is gone: after a ``kill -9`` of
    the batch, forked workers would otherwise wait on their task queue for ever."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="clausex-parent-watch").start()


def _isolated(source: str, work: Callable[[str], Result], table: bool) -> Result:
    with _executor(1) as pool:
        try:
            return pool.submit(work, source).result()
        except BrokenProcessPool:
            return _failure(source, "WorkerDied", "the worker process died on this file", table)


# --- output sinks --------------------------------------------------------------------------


def table_columns() -> list[str]:
    """The facts table's columns, the same for every run (so appended CSV rows line up)."""
    from clausex.frames import FACT_COLUMNS

    fields = [
        f.name for cls in FACT_TYPES.values() for f in dataclasses.fields(cls) if f.name != "type"
    ]
    columns = dict.fromkeys([*FACT_COLUMNS, *fields, *ERROR_COLUMNS])
    return list(columns)


def _table_row(data: dict[str, Any]) -> dict[str, Any]:
    return {col: data.get(col) for col in table_columns()}


class _Sink:
    """Where results go; ``done`` holds the sources already written (for resume)."""

    def __init__(self, path: Path, resume: bool) -> None:
        self.path = path
        self.done: set[str] = self._existing() if resume and path.exists() else set()
        path.parent.mkdir(parents=True, exist_ok=True)

    def _existing(self) -> set[str]:
        raise NotImplementedError

    def write(self, result: Result) -> None:
        raise NotImplementedError

    def __enter__(self) -> _Sink:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


class _JsonlSink(_Sink):
    def __init__(self, path: Path, resume: bool) -> None:
        super().__init__(path, resume)
        self.file = path.open("a" if resume else "w", encoding="utf-8")

    def _existing(self) -> set[str]:
        _drop_partial_last_line(self.path)
        done = set()
        with self.path.open(encoding="utf-8") as f:
            for line in f:
                try:
                    done.add(json.loads(line)["source"])
                except (ValueError, KeyError, TypeError):
                    continue  # not a record of ours; leave it be
        return done

    def write(self, result: Result) -> None:
        self.file.write(result.line)
        self.file.flush()

    def __exit__(self, *exc: object) -> None:
        self.file.close()


class _CsvSink(_Sink):
    def __init__(self, path: Path, resume: bool) -> None:
        import csv

        super().__init__(path, resume)
        fresh = not resume or not path.exists() or path.stat().st_size == 0
        self.file = path.open("a" if resume else "w", encoding="utf-8", newline="")
        self.writer = csv.DictWriter(self.file, fieldnames=table_columns())
        if fresh:
            self.writer.writeheader()

    def _existing(self) -> set[str]:
        import csv

        _drop_partial_last_line(self.path)
        with self.path.open(encoding="utf-8", newline="") as f:
            return {row["source"] for row in csv.DictReader(f) if row.get("source")}

    def write(self, result: Result) -> None:
        self.writer.writerows(result.rows)
        self.file.flush()

    def __exit__(self, *exc: object) -> None:
        self.file.close()


class _ParquetSink(_Sink):
    """Parquet cannot be appended to: rows are kept and the file written at the end (with
    the existing rows when resuming)."""

    def __init__(self, path: Path, resume: bool) -> None:
        self.previous: Any = None
        super().__init__(path, resume)
        self.rows: list[dict[str, Any]] = []

    def _existing(self) -> set[str]:
        import pandas as pd

        self.previous = pd.read_parquet(self.path)
        return set(self.previous["source"].dropna())

    def write(self, result: Result) -> None:
        self.rows.extend(result.rows)

    def __exit__(self, *exc: object) -> None:
        import pandas as pd

        frame = pd.DataFrame(self.rows, columns=table_columns())
        if self.previous is not None and len(self.previous):
            frame = pd.concat([self.previous, frame], ignore_index=True)
        # numbers and codes ("NL") share the value column, which Parquet cannot type: text
        frame["value"] = frame["value"].map(lambda v: None if v is None or v != v else str(v))
        frame.to_parquet(self.path, index=False)


def _drop_partial_last_line(path: Path) -> None:
    """Cut a last line that a killed run left half-written, so appending starts clean."""
    with path.open("rb+") as f:
        data = f.read()
        if data and not data.endswith(b"\n"):
            f.truncate(data.rfind(b"\n") + 1)


_SINKS: dict[str, type[_Sink]] = {"jsonl": _JsonlSink, "csv": _CsvSink, "parquet": _ParquetSink}
