"""Patterns that run only where the words every match of them needs occur.

The key terms and the flags search many case-insensitive word patterns from the data, often
over whole documents, and ``regex`` tries an alternation of words at every position of a
text. Finding a word with ``str.find`` is many times faster. So ``Pattern.of`` reads from
each pattern the words (``needles``) one of which every match contains, and the pattern runs
only on text that holds one: the matches are the same, found in a fraction of the time.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

import regex


@lru_cache(maxsize=1)  # the key terms and then the flags of one document read it
def lowered(text: str) -> str:
    """``text`` in lower case, character for character (so offsets still hold), such that
    where a case-insensitive pattern matches a lower-case ASCII word, this text shows it.

    >>> lowered("HERROEPİNG ſchade")
    'herroeping schade'
    """
    # The two characters that ``regex`` matches to an ASCII letter whatever the case but
    # ``str.lower`` does not turn into it ("İ" also lowers to two characters).
    return text.replace("\u0130", "i").replace("\u017f", "s").lower()


@dataclass(frozen=True, slots=True)
class Pattern:
    """A compiled pattern that runs only on the text that can hold a match.

    Most data patterns are alternations of words, which ``regex`` tries at every position
    of a text, while finding a word is many times faster. So the pattern's ``needles``
    (words one of which every match contains) are looked for first, and the pattern runs
    only on the stretches between two ``stops`` that hold one: a match never holds a stop
    (checked from the pattern, see ``_never_reads``), so no match is missed.
    """

    compiled: regex.Pattern[str]
    # Lower case (see ``lowered``); None where the pattern has none (it always runs).
    needles: tuple[str, ...] | None
    # The parse tree, where one was made; kept for ``_stops``.
    parsed: Any = field(default=None, compare=False, hash=False, repr=False)

    @classmethod
    def of(cls, pattern: regex.Pattern[str], alternatives: Iterable[str] = ()) -> Pattern:
        """``pattern``, the alternation of ``alternatives`` if they are given: a plain word
        is its own needle, so only the others are parsed (parsing takes time)."""
        needles: set[str] = set()
        parsed = None
        verbose = pattern.flags & regex.VERBOSE  # where white space is no literal
        for part in alternatives or [pattern.pattern]:
            if _PLAIN.fullmatch(part) and not verbose:
                found: frozenset[str] | None = frozenset([part.lower()])
            else:
                parsed = _parse(part, pattern.flags)
                found = _required(parsed) if parsed is not None else None
            if not found:
                return cls(pattern, None)
            needles |= found
        whole = parsed if not alternatives else None  # the parse of ``pattern`` itself
        # A needle that holds another needle adds nothing: where it occurs, so does that one.
        needles = {n for n in needles if not any(m != n and m in n for m in needles)}
        return cls(pattern, tuple(sorted(needles)), whole)

    def occurs(self, window: str) -> bool:
        """False where no match can lie in ``window``, a slice of ``lowered`` text."""
        if self.needles is None:
            return True
        for needle in self.needles:  # noqa: SIM110 - a loop, not any(): it runs per fact and rule
            if needle in window:
                return True
        return False

    def finditer(
        self, text: str, lower: str, lo: int = 0, hi: int | None = None
    ) -> Iterator[regex.Match[str]]:
        """``compiled.finditer(text, lo, hi)``; ``lower`` is ``lowered(text)``."""
        hi = len(text) if hi is None else min(hi, len(text))
        for start, end in self._spans(lower, lo, hi):
            yield from self.compiled.finditer(text, start, end)

    def search(
        self, text: str, lower: str, lo: int = 0, hi: int | None = None
    ) -> regex.Match[str] | None:
        """``compiled.search(text, lo, hi)``; ``lower`` is ``lowered(text)``."""
        hi = len(text) if hi is None else min(hi, len(text))
        for start, end in self._spans(lower, lo, hi):
            if (match := self.compiled.search(text, start, end)) is not None:
                return match
        return None

    def _spans(self, lower: str, lo: int, hi: int) -> list[tuple[int, int]]:
        """The parts of ``lower[lo:hi]`` that can hold a match, in order."""
        if self.needles is None:
            return [(lo, hi)]
        stops = _stops(self) if hi - lo >= _LONG_TEXT else None
        if stops is None:
            return [(lo, hi)] if self.occurs(lower[lo:hi]) else []
        return _stretches(lower, self.needles, *stops, lo, hi)


@cache  # only for patterns that run on whole texts, so not at once for every pattern
def _stops(pattern: Pattern) -> tuple[str, re.Pattern[str]] | None:
    """The punctuation that no match of ``pattern`` holds, nor a look-ahead reads, and a
    pattern that finds it; None where there is none."""
    compiled = pattern.compiled
    parsed = pattern.parsed or _parse(compiled.pattern, compiled.flags)
    if parsed is None:
        return None
    stops = "".join(c for c in _STOP_CANDIDATES if _never_reads(parsed, ord(c)))
    return (stops, re.compile(f"[{re.escape(stops)}]")) if stops else None


def _stretches(
    lower: str, needles: Iterable[str], stops: str, stop_class: re.Pattern[str], lo: int, hi: int
) -> list[tuple[int, int]]:
    """The stretches of ``lower[lo:hi]`` between two ``stops`` that hold a needle, in order
    (a needle holds no stop: see ``NEEDLE_CHARACTERS``)."""
    found = []
    for needle in needles:
        at = lower.find(needle, lo, hi)
        while at >= 0:
            found.append((at, at + len(needle)))
            at = lower.find(needle, at + 1, hi)
    found.sort()
    stretches: list[tuple[int, int]] = []
    end = lo  # where the last stretch ended: each text is searched once, so all is linear
    for at, after in found:
        if at < end:
            continue  # in the last stretch
        start = max(end, *(lower.rfind(stop, end, at) + 1 for stop in stops))
        following = stop_class.search(lower, after, hi)
        end = following.start() if following else hi
        stretches.append((start, end))
    return stretches


# The standard library's own pattern parser tells what a pattern requires. It is internal,
# and reads the syntax that ``re`` and ``regex`` share: where it is missing or a pattern
# uses ``regex``-only syntax, the pattern has no needles and simply always runs.
try:
    _sre_parser: Any = importlib.import_module("re._parser")
    _sre: Any = importlib.import_module("re._constants")
except ImportError:  # pragma: no cover - a Python without these modules
    _sre_parser = _sre = None
# A fragment that is a plain word: it is its own needle.
_PLAIN = re.compile("[a-zA-Z0-9][a-zA-Z0-9 ]*")
# Syntax that ``re`` reads otherwise than ``regex`` (POSIX classes, fuzzy matching).
_REGEX_ONLY = regex.compile(r"\[:|\{[eids][<=,}]")
# Characters a needle may hold: for these, ``lowered`` text shows every character that a
# case-insensitive ``regex`` pattern matches to them (tests/test_insight.py checks).
NEEDLE_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789 ")
# Punctuation that may bound the stretches a pattern runs on: the ends of sentences and
# clauses (none is a letter, digit or space, nor a needle character).
_STOP_CANDIDATES = ".;"
# Texts shorter than this (a sentence, a clause) are searched whole once a needle occurs.
_LONG_TEXT = 2000


def _parse(source: str, flags: int = 0) -> Any:
    """The parse tree ``re`` makes of the ``regex`` pattern ``source`` (with ``regex``
    ``flags``), or None where it cannot be trusted."""
    if _sre_parser is None or _REGEX_ONLY.search(source):
        return None
    try:
        return _sre_parser.parse(source, re.VERBOSE if flags & regex.VERBOSE else 0)
    except re.error:
        return None


def _required(items: Any) -> frozenset[str] | None:
    r"""Of the sets of needles that every match of the parsed ``items`` holds one of, the
    one whose shortest needle is longest (the most selective), or None.

    >>> sorted(_required(_parse(r"(?<!\w)(?:natuurlijke?\s+persoon|6:96)")))
    ['96', 'natuurlijk']
    >>> _required(_parse(r"[a-z]+")) is None
    True
    """
    best: frozenset[str] | None = None

    def consider(needles: frozenset[str] | None) -> None:
        nonlocal best
        if needles and (best is None or min(map(len, needles)) > min(map(len, best))):
            best = needles

    run = ""  # consecutive literal characters
    for op, arg in [*items, (None, None)]:
        if op is _sre.LITERAL and arg < 128 and chr(arg).lower() in NEEDLE_CHARACTERS:
            run += chr(arg).lower()
            continue
        consider(frozenset([run]) if run.strip() else None)
        run = ""
        if op is _sre.SUBPATTERN:
            consider(_required(arg[-1]))
        elif op is _sre.BRANCH:  # one alternative matches: one of all their needles
            options = [_required(branch) for branch in arg[1]]
            if all(options):
                consider(frozenset().union(*options))  # type: ignore[arg-type]
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT) and arg[0] >= 1:
            consider(_required(arg[2]))
    return best


def _never_reads(items: Any, char: int) -> bool:
    r"""Whether no match of the parsed ``items`` holds the punctuation ``char``, and no
    look-ahead reads it or the end of the text: then every match lies between two such
    characters, and a search that ends at one finds what a search of the whole text finds.

    >>> _never_reads(_parse(r"\bzonder\s+[^.;]{0,40}?verrekening\b"), ord("."))
    True
    >>> _never_reads(_parse(r"art\.\s*\d+"), ord("."))
    False
    """
    for op, arg in items:
        if op is _sre.LITERAL:
            ok = arg != char
        elif op is _sre.NOT_LITERAL:
            ok = arg == char
        elif op is _sre.IN:
            ok = not _class_holds(arg, char)
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            ok = _never_reads(arg[2], char)
        elif op in (_sre.SUBPATTERN, _sre.ATOMIC_GROUP):
            ok = _never_reads(arg[-1], char)
        elif op is _sre.BRANCH:
            ok = all(_never_reads(branch, char) for branch in arg[1])
        elif op is _sre.AT:  # a word edge reads the same at punctuation as at the end
            ok = arg in (_sre.AT_BOUNDARY, _sre.AT_NON_BOUNDARY)
        elif op in (_sre.ASSERT, _sre.ASSERT_NOT):  # a look-behind reads the whole text
            ok = arg[0] < 0 or _never_reads(arg[1], char)
        else:  # any character, a back-reference, a conditional: not known
            ok = False
        if not ok:
            return False
    return True


def _class_holds(items: Any, char: int) -> bool:
    """Whether the parsed character class ``items`` matches the punctuation ``char``."""
    negate = False
    holds = False
    for op, arg in items:
        if op is _sre.NEGATE:
            negate = True
        elif op is _sre.LITERAL:
            holds = holds or arg == char
        elif op is _sre.RANGE:
            holds = holds or arg[0] <= char <= arg[1]
        elif op is _sre.CATEGORY:  # punctuation is no letter, digit or space
            holds = holds or arg not in (
                _sre.CATEGORY_DIGIT,
                _sre.CATEGORY_SPACE,
                _sre.CATEGORY_WORD,
            )
        else:
            holds = True  # not known: assume it does
    return holds != negate
