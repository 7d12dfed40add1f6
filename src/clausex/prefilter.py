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


# Equal only to itself (``eq=False``): ``_stops`` looks a pattern up per search, and hashing
# the fields (``wants`` above all) would cost more than the search it prepares.
@dataclass(frozen=True, slots=True, eq=False)
class Pattern:
    """A compiled pattern that runs only on the text that can hold a match.

    Most data patterns are alternations of words, which ``regex`` tries at every position
    of a text, while finding a word is many times faster. So the pattern's ``needles``
    (words one of which every match contains) are looked for first, and the pattern runs
    only on the stretches between two ``stops`` that hold one: a match never holds a stop
    (checked from the pattern, see ``_never_reads``), so no match is missed. A stretch
    must also hold the other words that one of the pattern's alternatives needs
    (``wants``): a needle is often a common word ("gebruik" of "privégebruik").
    """

    compiled: regex.Pattern[str]
    # Lower case (see ``lowered``); None where the pattern has none (it always runs).
    needles: tuple[str, ...] | None
    # For each alternative, the sets of words it needs one of each, the most selective
    # first; None where no alternative needs more than its needle.
    wants: tuple[tuple[tuple[str, ...], ...], ...] | None = None
    # Whether the pattern matches wherever a needle occurs: it is an alternation of plain
    # words that ignores case, and ``lowered`` text shows exactly where it matches.
    exact: bool = False
    # The parse tree, where one was made; kept for ``_stops``.
    parsed: Any = field(default=None, repr=False)

    @classmethod
    def of(cls, pattern: regex.Pattern[str], alternatives: Iterable[str] = ()) -> Pattern:
        """``pattern``, the alternation of ``alternatives`` if they are given: a plain word
        is its own needle, so only the others are parsed (parsing takes time)."""
        needles: set[str] = set()
        wants: list[tuple[tuple[str, ...], ...]] = []
        parsed = None
        verbose = pattern.flags & regex.VERBOSE  # where white space is no literal
        # Plain words that ignore case as ``lowered`` does (not ASCII-only, no full case
        # folding) match exactly where that text shows them: they are the needles.
        plain = pattern.pattern.split("|")
        exact = pattern.flags & (
            regex.IGNORECASE | regex.ASCII | regex.FULLCASE | regex.VERBOSE
        ) == regex.IGNORECASE and all(_PLAIN.fullmatch(word) for word in plain)
        for part in plain if exact else alternatives or [pattern.pattern]:
            if _PLAIN.fullmatch(part) and not verbose:
                needles.add(part.lower())
                wants.append(((part.lower(),),))
                continue
            parsed = _parse(part, pattern.flags)
            for alternative in _alternatives(parsed) if parsed is not None else [None]:
                required = _all_required(alternative) if alternative is not None else []
                if not required:
                    return cls(pattern, None)
                needles |= _most_selective(required)
                required.sort(key=lambda words: -min(map(len, words)))
                wants.append(tuple(tuple(sorted(words)) for words in required))
        whole = parsed if not alternatives else None  # the parse of ``pattern`` itself
        # A needle that holds another needle adds nothing: where it occurs, so does that one.
        needles = {n for n in needles if not any(m != n and m in n for m in needles)}
        more = any(len(required) > 1 for required in wants)
        return cls(pattern, tuple(sorted(needles)), tuple(wants) if more else None, exact, whole)

    def occurs(self, window: str) -> bool:
        """False where no match can lie in ``window``, a slice of ``lowered`` text."""
        if self.needles is None:
            return True
        for needle in self.needles:  # a loop, not any(): it runs per fact and rule
            if needle in window:
                return self.wants is None or _holds(self.wants, window)
        return False

    def found(self, text: str, lower: str, lo: int, hi: int, window: str | None = None) -> bool:
        """Whether ``compiled.search(text, lo, hi)`` finds a match; ``lower`` is
        ``lowered(text)`` and ``window``, where the caller has it, ``lower[lo:hi]``."""
        if self.exact:
            return self.occurs(lower[lo:hi] if window is None else window)
        return self.search(text, lower, lo, hi) is not None

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
        stretches = _stretches(lower, self.needles, *stops, lo, hi)
        if self.wants is None:
            return stretches
        # Each stretch holds a needle: only the other words are still to be looked for.
        wants = self.wants
        return [(start, end) for start, end in stretches if _holds(wants, lower[start:end])]


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


def _holds(wants: tuple[tuple[tuple[str, ...], ...], ...], window: str) -> bool:
    """Whether ``window`` holds, for one alternative, one word of each of its sets."""
    for alternative in wants:  # loops, not any() and all(): this runs per stretch
        for words in alternative:
            for word in words:
                if word in window:
                    break
            else:
                break  # none of these words: not this alternative
        else:
            return True
    return False


def _alternatives(items: Any) -> list[Any]:
    """The alternatives of the parsed ``items`` where they are one alternation (around
    zero-width tests such as ``(?<!\\w)``), else ``[items]``."""
    rest = [(op, arg) for op, arg in items if op not in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT)]
    if len(rest) == 1 and rest[0][0] is _sre.SUBPATTERN:
        return _alternatives(rest[0][1][-1])
    if len(rest) == 1 and rest[0][0] is _sre.BRANCH:
        return [found for branch in rest[0][1][1] for found in _alternatives(branch)]
    return [items]


def _all_required(items: Any) -> list[frozenset[str]]:
    r"""The sets of needles that every match of the parsed ``items`` holds one of each.

    >>> [sorted(s) for s in _all_required(_parse(r"priv[eé]\s*(?:doeleinden|gebruik)"))]
    [['priv'], ['doeleinden', 'gebruik']]
    >>> _all_required(_parse(r"[a-z]+"))
    []
    """
    found = []
    run = ""  # consecutive literal characters
    for op, arg in [*items, (None, None)]:
        if op is _sre.LITERAL and arg < 128 and chr(arg).lower() in NEEDLE_CHARACTERS:
            run += chr(arg).lower()
            continue
        if run.strip():
            found.append(frozenset([run]))
        run = ""
        if op is _sre.SUBPATTERN:
            found += _all_required(arg[-1])
        elif op is _sre.BRANCH:  # one alternative matches: one of all their needles
            options = [_required(branch) for branch in arg[1]]
            if all(options):
                found.append(frozenset().union(*options))  # type: ignore[arg-type]
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT) and arg[0] >= 1:
            found += _all_required(arg[2])
    return found


def _most_selective(required: list[frozenset[str]]) -> frozenset[str]:
    """Of sets of needles, the one whose shortest needle is longest (the first of equals)."""
    return max(required, key=lambda needles: min(map(len, needles)))


def _required(items: Any) -> frozenset[str] | None:
    r"""Of the sets of needles that every match of the parsed ``items`` holds one of, the
    one whose shortest needle is longest (the most selective), or None.

    >>> sorted(_required(_parse(r"(?<!\w)(?:natuurlijke?\s+persoon|6:96)")))
    ['96', 'natuurlijk']
    >>> _required(_parse(r"[a-z]+")) is None
    True
    """
    required = _all_required(items)
    return _most_selective(required) if required else None


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
