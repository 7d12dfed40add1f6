"""Dutch numbers: digits with Dutch separators and number words, as regex fragments and values.

The fact finders (durations, percentages, money) build their patterns from the fragments
here and turn what they matched into a value with :func:`parse_number`.

>>> parse_number("1.000,50")
1000.5
>>> parse_number("vierentwintig")
24.0
>>> parse_number("vijftig duizend")
50000.0
>>> parse_number("anderhalf")
1.5
>>> parse_number("een beetje") is None
True
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from string import ascii_lowercase

import regex

from clausex import prefilter
from clausex.data import load

# Horizontal white space, including the no-break and thin spaces of word processors.
HSPACE = r"[\x20\t\u00a0\u202f]"
# What may stand between a count and its unit: spaces and at most one line break, because
# PDF text wraps lines anywhere ("30\n  dagen"). Bounded, so a long run of spaces stays linear.
GAP = rf"(?:{HSPACE}{{0,4}}(?:\r?\n{HSPACE}{{0,20}})?)"
# The characters of GAP, and more than it can hold of them.
_GAP_CHARACTERS = frozenset(" \t\u00a0\u202f\r\n")
_GAP_LENGTH = 32
# After this many hints in a row that give no match, the text is searched by regex alone:
# a Python loop per hint is slower than regex where hints stand at every other character.
_MAX_MISSES = 32
# At most this many words are kept with the answer whether counts are made of them.
_SEEN_WORDS = 4096
_SEEN_LENGTH = 40
# Longer than any hint's match (a character or the first word of a number or currency).
_HINT_LENGTH = 64
# At most this many digits in a whole number: a longer run is an account or a code.
_MAX_INT_DIGITS = 12


@dataclass(frozen=True, slots=True)
class NumberWords:
    """The Dutch number words of ``data/nl/number_words.json``, keyed without accents."""

    small: dict[str, int]  # een .. negentien, twintig .. negentig
    units: dict[str, int]  # een .. negen: the ones that join a ten ("vier-en-twintig")
    tens: dict[str, int]
    joiners: tuple[str, ...]
    hundred: str
    thousand: str
    large_scales: dict[str, int]
    fractions: dict[str, float]
    range_separators: tuple[str, ...]  # "3 tot 5", "3-5", "10 à 15"
    raw: dict[str, list[str]]  # spellings as written, per part, for the pattern


def fold(word: str) -> str:
    """Lower case without accents: "Één" -> "een", "tweeëntwintig" -> "tweeentwintig"."""
    if word.isascii():  # nothing to decompose: the common case, ten times faster
        return word.lower()
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=512)  # the matched spellings of a few listed words: bounded, as it must be
def phrase_key(words: str) -> str:
    """A matched word or phrase as the key of its table: folded, one space between words.

    >>> phrase_key("Ten\\n  Minste")
    'ten minste'
    """
    return fold(" ".join(words.split()))


@cache
def number_words() -> NumberWords:
    """The Dutch number words, read on first use."""
    data = load("number_words")
    units = {fold(k): v for k, v in data["units"].items()}
    teens = {fold(k): v for k, v in data["teens"].items()}
    tens = {fold(k): v for k, v in data["tens"].items()}
    return NumberWords(
        small={**units, **teens, **tens},
        units=units,
        tens=tens,
        joiners=tuple(sorted({fold(j) for j in data["joiners"]}, key=len, reverse=True)),
        hundred=data["hundred"],
        thousand=data["thousand"],
        large_scales=dict(data["large_scales"]),
        fractions={fold(k): float(v) for k, v in data["fractions"].items()},
        range_separators=tuple(data["range_separators"]),
        raw={
            "units": list(data["units"]),
            "teens": list(data["teens"]),
            "tens": list(data["tens"]),
            "joiners": list(data["joiners"]),
            "large": list(data["large_scales"]),
            "fractions": list(data["fractions"]),
        },
    )


def alternation(phrases: Iterable[str]) -> str:
    """A non-capturing alternation of literal phrases, longest first so that "werkdagen"
    wins over "werkdag"; a space inside a phrase matches one to three white-space characters
    (line breaks included, as PDF text wraps anywhere)."""
    parts = sorted(set(phrases), key=len, reverse=True)
    return "(?:" + "|".join(r"\s{1,3}".join(map(regex.escape, p.split())) for p in parts) + ")"


@cache
def number_word_pattern() -> str:
    """Regex source matching one Dutch cardinal written in words, compounds included
    ("vierentwintig", "vijfhonderd", "vijftig duizend", "anderhalf", "een half").

    It has no boundary at its end, so that "drie" is found in "driejarige"; callers add
    ``(?!\\p{L})`` where a whole word is meant. Every part is a fixed word list, so a match
    is at most a few dozen characters long and the pattern runs in linear time.
    """
    w = number_words()
    unit = alternation(w.raw["units"])
    teen = alternation(w.raw["teens"])
    ten = alternation(w.raw["tens"])
    joiner = alternation(w.raw["joiners"])
    large = alternation(w.raw["large"])
    # Each level is left-factored (a head, then an optional scale word and a tail) so that a
    # word that is no number fails after one pass over the word lists, not one per level.
    # A level is "a smaller number, then perhaps its scale and tail; or the scale and tail
    # alone". Its scale and tail are written once, after a look-ahead for the scale word
    # that stands in for the missing smaller number: "(?:SMALLER|(?=SCALE))(?:SCALE TAIL)?".
    # Written twice, the nested tails made the pattern three times longer and slow to
    # compile. The one difference, an empty match right before a scale word, never stands:
    # every caller follows a number word with "(?!\p{L})" or a compound ending, and a scale
    # word is a word.
    # twaalf, vier-en-twintig, twintig, vier (a ten and a unit with a joiner never match at
    # the same place, so trying "vier-en-twintig" before "twintig" changes nothing)
    below_100 = f"(?:{teen}|(?:{unit}{joiner})?{ten}|{unit})"
    hundred = f"{w.hundred}(?:(?:en)?{below_100})?"  # honderd(en)vijftig
    below_1000 = f"(?:{below_100}|(?={w.hundred}))(?:{hundred})?"  # vijfhonderd, twaalfhonderd
    thousand = f"{w.thousand}(?:(?:en)?\\x20?{below_1000})?"  # duizend(en)een
    below_1e6 = f"(?:{below_1000}|(?={w.thousand}))(?:\\x20?{thousand})?"  # vijftig duizend
    millions = f"{large}(?:\\x20?{below_1e6})?"  # miljoen tweehonderd
    full = f"(?:{below_1e6}|(?={large}))(?:\\x20?{millions})?"  # twee miljoen
    halves = alternation(f for f in w.raw["fractions"] if fold(f).startswith("hal"))
    others = alternation(f for f in w.raw["fractions"] if not fold(f).startswith("hal"))
    # The letters a number word can start with: a cheap look-ahead that spares the big
    # alternation at every other position.
    firsts = regex.escape("".join(sorted({word[0] for part in w.raw.values() for word in part})))
    # "anderhalf", "een half", "twee en een half", or a whole number
    return (
        f"(?=[{firsts}])"
        f"(?:{others}|(?:een\\x20)?{halves}|{full}(?:\\x20en\\x20een\\x20{halves}(?!\\p{{L}}))?)"
    )


@cache
def _number_word_regex() -> regex.Pattern[str]:
    return regex.compile(rf"(?:{number_word_pattern()})(?!\p{{L}})", regex.IGNORECASE)


def _whole_number(word: str) -> int | None:
    """The value of a folded, space-free compound cardinal, or None."""
    w = number_words()
    scales = [*sorted(w.large_scales.items(), key=lambda kv: -kv[1])]
    scales += [(w.thousand, 1000), (w.hundred, 100)]
    for scale_word, scale in scales:
        head, found, tail = word.partition(scale_word)
        if not found:
            continue
        # "twaalfhonderd" is 1200, but a head is always below the next scale up
        limit = 100 if scale == 100 else 1000
        multiplier = 1 if not head else _whole_number(head)
        rest = 0 if not tail else _whole_number(tail.removeprefix("en") or tail)
        if multiplier is None or rest is None or multiplier >= limit or rest >= scale:
            return None
        return multiplier * scale + rest
    if word in w.small:
        return w.small[word]
    for ten_word, ten in w.tens.items():  # "vierentwintig": unit + joiner + ten
        if word.endswith(ten_word):
            head = word[: -len(ten_word)]
            for joiner in w.joiners:
                if head.endswith(joiner) and head[: -len(joiner)] in w.units:
                    return w.units[head[: -len(joiner)]] + ten
    return None


def parse_number_word(text: str) -> float | None:
    """The value of a Dutch number written in words, or None.

    >>> parse_number_word("tweeëntwintig"), parse_number_word("Eén"), parse_number_word("een half")
    (22.0, 1.0, 0.5)
    >>> parse_number_word("twee en een halve"), parse_number_word("vijfhonderd")
    (2.5, 500.0)
    """
    word = "".join(fold(text).split())
    w = number_words()
    if word in w.fractions:
        return w.fractions[word]
    for fraction, value in w.fractions.items():
        if value == 0.5 and word.endswith(fraction):
            head = word[: -len(fraction)]
            if head == "een":  # "een half jaar"
                return value
            if head.endswith("eneen"):  # "twee en een half jaar"
                whole = _whole_number(head[: -len("eneen")])
                return None if whole is None else whole + value
            return None
    whole = _whole_number(word)
    return None if whole is None else float(whole)


def parse_digits(text: str, *, english: bool = False) -> float | None:
    """The value of a number in digits, read the Dutch way, or None.

    A dot followed by groups of exactly three digits separates thousands ("1.000" is 1000);
    a comma is the decimal sign ("1,5" is 1.5). A lone dot with one, two or four digits
    after it is an English decimal point ("1.5", "12.50"), and so is a point after a
    leading zero ("0.125"). Where both signs appear the last one is the decimal sign
    ("1,000.50"). With ``english`` (amounts in dollars or pounds), commas between groups of
    three digits separate thousands ("1,000" is 1000).

    >>> parse_digits("1.000,50"), parse_digits("1.5"), parse_digits("1,000"), parse_digits("1.000")
    (1000.5, 1.5, 1.0, 1000.0)
    >>> parse_digits("1,000", english=True), parse_digits("1,000.50"), parse_digits("0.125")
    (1000.0, 1000.5, 0.125)
    """
    s = "".join(text.split())  # without any white space
    if not s or not s[0].isdigit():
        return None
    if s.isdigit():  # a whole number, as most are: what the steps below come to
        return None if len(s) > _MAX_INT_DIGITS else float(f"{s}.0")
    if "," in s and "." in s:
        decimal = "," if s.rfind(",") > s.rfind(".") else "."
    elif "," in s:
        groups = s.split(",")
        english_groups = english and all(len(g) == 3 for g in groups[1:])
        decimal = "." if english_groups or len(groups) > 2 else ","  # "1,000,000"
    elif "." in s:
        groups = s.split(".")
        is_thousands = all(len(g) == 3 for g in groups[1:]) and groups[0] != "0"
        decimal = "," if is_thousands else "."
    else:
        decimal = ","
    thousands = "." if decimal == "," else ","
    whole, _, fraction = s.partition(decimal)
    if decimal in fraction:
        return None
    groups = whole.split(thousands)
    if len(groups) > 1 and (len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:])):
        return None
    digits = "".join(groups)
    if not (digits.isdigit() and (not fraction or fraction.isdigit())):
        return None
    if len(digits) > _MAX_INT_DIGITS:
        return None
    return float(f"{digits}.{fraction or 0}")


# A simple fraction, after an optional whole number: "1/2", "½", "1½", "1 1/4".
_FRACTION = regex.compile(r"(?:(\d{1,3})\x20?)?(?:([½¼¾])|([13])/([24]))")
_VULGAR = {"½": 0.5, "¼": 0.25, "¾": 0.75}


def parse_number(text: str, *, english: bool = False) -> float | None:
    """The value of a number written in digits or in Dutch words, or None.

    >>> parse_number("30"), parse_number("dertig"), parse_number("2,5"), parse_number("1 1/2")
    (30.0, 30.0, 2.5, 1.5)
    """
    stripped = text.strip()
    if stripped.isdecimal() and len(stripped) <= _MAX_INT_DIGITS:  # most counts: "14"
        return float(stripped)
    if stripped[:1].isalpha():  # in words: neither a fraction nor digits
        return _worded(stripped)
    fraction = _FRACTION.fullmatch(stripped)
    if fraction is not None:
        whole, vulgar, numerator, denominator = fraction.groups()
        part = _VULGAR[vulgar] if vulgar else int(numerator) / int(denominator)
        return (int(whole) if whole else 0) + part
    if stripped[:1].isdigit():
        return parse_digits(stripped, english=english)
    return _worded(stripped)


@lru_cache(maxsize=512)  # the few spellings of counts in words a text uses: bounded
def _worded(text: str) -> float | None:
    """:func:`parse_number` of a count in words ("dertig"), None where it is not one."""
    return parse_number_word(text) if _number_word_regex().fullmatch(text) else None


# ASCII punctuation that no count, range, bracket or gap holds: a stretch from a count to its
# unit, sign or currency never has one (money adds "=" for "EUR 100,=", see amounts.py).
STOPS = "!\"#$%&'*+:;<=>?@[\\]^_`{|}~"


@dataclass(frozen=True, slots=True)
class Hints:
    """Where the anchor and the pattern of :func:`finditer_near` can start, found in the
    lower-cased text much faster than by ``regex`` trying them at every position.

    ``anchor`` holds literal beginnings (see :func:`stems`) of every anchor match, found with
    ``str.find``, several times faster than a regex engine taking a step at each character.
    ``start`` is a stdlib ``re`` pattern that matches (at least) wherever the pattern can
    start; it is run over the stretches near the anchors only. A hint's match is one
    character or a word whose characters but the last are letters ("een", "us$"), and every
    pattern here starts after no letter, so a start inside a hint's match is never a start
    of the pattern.

    A match runs from its start to its anchor over counts, range words and spaces only.
    So a start is tried only where the text up to the next anchor stem holds none of
    ``stops`` and every word in it is made of ``pieces`` (a number word, a range word such
    as "tot" or "t/m", the "x" of "2 x 24 uur"), but for a word that runs into the stem:
    it may be the unit's own or a word hyphenated at a line break ("werk-\\ndagen"). Most
    numbers of a text ("artikel 3 de klant", "een overeenkomst") fail this cheap test (read
    back from each stem, see :func:`_reach_back`), and ``regex`` is not tried there.

    A stem that begins with a letter but stands right after an ASCII letter ("uur" of
    "huur", "dag" of "vandaag") starts no anchor of a match: a unit, sign or currency
    follows no letter but the end of a count in words ("driejarig", "tien%"), and one
    before its amount follows no letter at all. Where ``counted`` (every anchor word
    follows its count, after at most a :data:`GAP`), the same holds for one after spaces
    ("per maand", "de dagen"). Such stems are not tried: a match holds an anchor of its own
    ("-\\n" of "3 huur-\\ndagen"), so neither its stretch nor its starts depend on them.
    """

    anchor: tuple[str, ...]
    start: re.Pattern[str]
    pieces: frozenset[str]
    stops: str = STOPS
    counted: bool = False  # whether every anchor word follows its count (see above)
    # derived from ``pieces`` and ``stops``:
    tokens: regex.Pattern[str] = field(init=False, compare=False)  # words and stop characters
    by_first: dict[str, tuple[str, ...]] = field(init=False, compare=False)  # pieces by letter
    # the words :meth:`composed` was asked about (a text repeats its words), emptied when full
    seen: dict[str, bool] = field(init=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        # read from the end (REVERSE), so the walk back from a stem reads only what it needs
        tokens = regex.compile(rf"\p{{L}}+|[{regex.escape(self.stops)}]", regex.REVERSE)
        by_first: dict[str, tuple[str, ...]] = {}
        for piece in sorted(self.pieces):
            by_first[piece[0]] = (*by_first.get(piece[0], ()), piece)
        object.__setattr__(self, "tokens", tokens)  # frozen: set once, here
        object.__setattr__(self, "by_first", by_first)
        object.__setattr__(self, "seen", {})

    def composed(self, word: str) -> bool:
        """Whether ``word`` is a concatenation of pieces ("vierentwintig", "t")."""
        known = self.seen.get(word)
        if known is None:
            known = self._composed(word)
            if len(word) <= _SEEN_LENGTH:
                if len(self.seen) >= _SEEN_WORDS:
                    self.seen.clear()
                self.seen[word] = known
        return known

    def _composed(self, word: str) -> bool:
        """:meth:`composed`: a walk over the places reached so far, each trying only the
        pieces that start with its letter."""
        if word in self.pieces:
            return True
        reached, last = {0}, 0
        for i in range(len(word)):
            if i > last:  # nothing reaches this far: the rest cannot be reached either
                return False
            if i in reached:
                for piece in self.by_first.get(word[i], ()):
                    if word.startswith(piece, i):
                        reached.add(i + len(piece))
                        last = max(last, i + len(piece))
        return len(word) in reached


def count_pieces(*extra: Iterable[str]) -> frozenset[str]:
    """The words a count in words is made of, in lower case ("vier", "en", "twintig",
    "half"), the vulgar fractions, and the words of ``extra`` phrases (range words split at
    spaces and slashes: "t/m" gives "t" and "m")."""
    w = number_words()
    words = {w.hundred, w.thousand, *(p for part in w.raw.values() for p in part), *"½¼¾"}
    words |= {piece for phrases in extra for p in phrases for piece in re.split(r"[\s/]+", p)}
    return frozenset(word.lower() for word in words if word.isalpha() or word in "½¼¾")


def _reach_back(low: str, floor: int, stem: int, hints: Hints) -> int:
    """Where the text up to ``stem`` (from ``floor`` on) may lie between a start and its
    anchor (see :class:`Hints`): right after the last stop character, or the start of the
    last word no count is made of, but for the word that runs into the stem."""
    for token in hints.tokens.finditer(low, floor, stem):  # the last one first
        word = token.group()
        if word in hints.stops or (token.end() < stem and not hints.composed(word)):
            return token.start() + 1
    return floor


def first_words(phrases: Iterable[str]) -> str:
    """A stdlib ``re`` alternation of the first words of ``phrases``, in lower case, longest
    first: it matches wherever one of the phrases starts, whatever its case."""
    words = {p.split()[0].lower() for p in phrases if p.strip()}
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


def stems(phrases: Iterable[str]) -> tuple[str, ...]:
    """The first words of ``phrases`` in lower case, without those another one begins
    ("dag" stands for "dagen" and "daags"): wherever a phrase starts, exactly one stem does.

    >>> stems(["dag", "dagen", "daags", "Euro", "euro's"])
    ('daags', 'dag', 'euro')
    """
    words = {p.split()[0].lower() for p in phrases if p.strip()}
    return tuple(sorted(w for w in words if not any(w != o and w.startswith(o) for o in words)))


@cache
def count_start_hint(not_after: str) -> str:
    """Stdlib ``re`` source matching (at least) wherever a count of :data:`number_word_pattern`
    or in digits starts, in the lower-cased text: a digit, a vulgar fraction or the first
    word of a number word, not right after an ASCII letter or digit or one of the characters
    ``not_after`` (those the caller's pattern refuses before a count: "1.000", "17:30")."""
    w = number_words()
    heads = [
        w.hundred,
        w.thousand,
        *(word for k, part in w.raw.items() if k != "joiners" for word in part),
    ]
    return rf"(?<![a-z0-9{re.escape(not_after)}])(?:\d|[½¼¾]|{first_words(heads)})"


def lowered(text: str) -> str | None:
    """``text`` in lower case with every offset kept, or None where it cannot stand in for
    ``text`` in a case-blind search: "İ" lower-cases to two characters, and ``regex``
    matches "ſ" for "s" when ignoring case."""
    if "\u0130" in text or "\u017f" in text:
        return None
    # Otherwise the copy the insight stage reads too: it is made once per text and kept for
    # the last one, which every finder and then the insight stage read in turn.
    return prefilter.lowered(text)


def occurrences(low: str, words: tuple[str, ...]) -> Iterator[tuple[int, str]]:
    """Every ``(offset, word)`` where one of ``words`` occurs in ``low``, overlapping ones
    included, in no set order. Each ``str.find`` reads the text to its end, so a word that
    holds another ("kalenderdag" holds "dag") is not searched for: it is checked at the
    other's hits."""
    for base, holders in _find_plan(words):
        at = low.find(base)
        while at >= 0:
            yield at, base
            for word, offset in holders:
                if at >= offset and low.startswith(word, at - offset):
                    yield at - offset, word
            at = low.find(base, at + 1)


@cache
def _find_plan(words: tuple[str, ...]) -> tuple[tuple[str, tuple[tuple[str, int], ...]], ...]:
    """The words to search for, each with the words that hold it and its offset in them."""
    unique = sorted(set(words), key=len)
    bases = [w for w in unique if not any(o != w and o in w for o in unique)]
    holders: dict[str, list[tuple[str, int]]] = {b: [] for b in bases}
    for word in unique:
        if word not in holders:
            base = next(b for b in bases if b in word)
            holders[base].append((word, word.find(base)))
    return tuple((b, tuple(h)) for b, h in holders.items())


@cache
def _count_endings() -> dict[str, tuple[str, ...]]:
    """The words a count in words can end with ("drie", "twintig", "half"), in lower case,
    by their last letter."""
    w = number_words()
    parts = ("units", "teens", "tens", "large", "fractions")
    words = {w.hundred, w.thousand, *(p.split()[-1].lower() for k in parts for p in w.raw[k])}
    return {last: tuple(x for x in words if x[-1] == last) for last in {x[-1] for x in words}}


def _stem_starts(low: str, hints: Hints) -> list[int] | None:
    """The sorted offsets in ``low`` where an anchor of a match can start (see
    :class:`Hints`); None where they stand so close together ("€€€€", one in every few
    characters) that regex alone finds the anchors faster than a try at each."""
    limit = len(low) // 8 + 64
    endings = _count_endings()
    reach = _GAP_LENGTH if hints.counted else 0
    found = set()
    for at, word in occurrences(low, hints.anchor):
        if word[0] in ascii_lowercase:
            end = at
            while end and at - end < reach and low[end - 1] in _GAP_CHARACTERS:
                end -= 1
            last = low[end - 1] if end else ""
            if last and last in ascii_lowercase and not low.endswith(endings.get(last, ()), 0, end):
                continue
        found.add(at)
        if len(found) > limit:
            return None
    return sorted(found)


def _match_at(
    pattern: regex.Pattern[str], text: str, starts: Iterable[int], pos: int, endpos: int
) -> Iterator[regex.Match[str]]:
    """``pattern.finditer(text, pos, endpos)``, tried only at ``starts`` (increasing offsets
    that hold every start of a match; never an empty match: every pattern here holds a word
    or a number)."""
    misses = 0
    for at in starts:
        if at < pos:  # inside the last match
            continue
        match = pattern.match(text, at, endpos)
        if match is None or match.end() == at:
            misses += 1
            if misses > _MAX_MISSES:  # hints everywhere ("€ € € ..."): let regex search on
                yield from pattern.finditer(text, at + 1, endpos)
                return
        else:
            pos, misses = match.end(), 0
            yield match


def finditer_near(
    pattern: regex.Pattern[str],
    anchor: regex.Pattern[str],
    text: str,
    before: int,
    after: int = 1,
    hints: Hints | None = None,
) -> Iterator[regex.Match[str]]:
    """The matches of ``pattern`` in ``text``, searched only around matches of ``anchor``.

    Trying a pattern that starts with a number word at every word of a document is slow;
    its unit, sign or currency (the anchor) is rare and cheap to find. Every match of
    ``pattern`` must contain an anchor and reach at most ``before`` characters before its
    start and ``after`` characters after its end (one more, so look-aheads see real text).
    The stretches around the anchors are merged, so each character is searched at most
    once and the result equals ``pattern.finditer(text)``. With ``hints``, anchor and
    pattern are tried only where their hint matches, with the same result.
    """
    low = None if hints is None else lowered(text)
    stems_at = None if hints is None or low is None else _stem_starts(low, hints)
    if stems_at is None:  # no hints: regex alone
        hints = low = None
        anchors = anchor.finditer(text)
    else:
        anchors = _match_at(anchor, text, stems_at, 0, len(text))

    def starts(pos: int, endpos: int, found: list[int]) -> Iterator[int]:
        """The hints in ``[pos, endpos)`` that may reach an anchor of the stretch (offsets
        ``found``): a match holds one, with only counts before it (see :class:`Hints`).
        An anchor stem that gave no anchor ("dag" of "dagelijks") is no match's first
        anchor, and a match runs over no other word."""
        assert hints is not None and low is not None
        floor = pos
        for stem in found:
            # only the hints from the anchor's reach back to the anchor itself can be starts:
            # a hint's match is one character or a word (see Hints), so one that straddles
            # where this search begins stands after a letter, where no pattern starts; and
            # the search ends soon after the anchor, so that it stays linear where no hint is
            reach = _reach_back(low, floor, stem, hints)
            for hint in hints.start.finditer(low, reach, min(endpos, stem + _HINT_LENGTH)):
                if hint.start() > stem:
                    break
                yield hint.start()
            floor = stem + 1

    def scan(pos: int, endpos: int, found: list[int]) -> Iterator[regex.Match[str]]:
        if hints is None or low is None:
            return pattern.finditer(text, pos, endpos)
        return _match_at(pattern, text, starts(pos, endpos, found), pos, endpos)

    start = end = -1
    found: list[int] = []  # where the anchors of the stretch being gathered start
    for a in anchors:
        lo, hi = max(0, a.start() - before), min(len(text), a.end() + after)
        if lo > end:
            if end > start:
                yield from scan(start, end, found)
            start, found = lo, []
        found.append(a.start())
        end = hi
    if end > start:
        yield from scan(start, end, found)


def repeat_after(pattern: regex.Pattern[str], text: str, end: int) -> regex.Match[str] | None:
    """``pattern.match(text, end)`` for a pattern of a repeat in brackets ("30 dagen (dertig
    dagen)"), which opens with at most three spaces and "(": not tried where no "(" stands
    that close, as after nearly every fact."""
    return pattern.match(text, end) if "(" in text[end : end + 4] else None


def is_digits(text: str) -> bool:
    """Whether a matched number is written in digits (rather than in words)."""
    return text.strip()[:1].isdigit()


def read_count(
    text: str, m: regex.Match[str], *, english: bool = False
) -> tuple[float | None, float | None, int]:
    """``(low, value, start)`` of a match with the groups ``lo`` (first end of a range),
    ``num`` and ``alt`` (the figure again in brackets).

    ``value`` is the number, read from the digits where it is written both ways ("dertig
    (30)"); ``low`` the first end of a range ("3 tot 5") or None; ``start`` where the
    first of them begins. "twee en een half" looks like a range but is one number, and a
    "range" that does not rise ("2023-5") is none.
    """
    num, alt, lo = m["num"], m["alt"], m["lo"]
    if alt is not None and is_digits(alt) and not is_digits(num):
        num = alt
    value = parse_number(num, english=english)
    if lo is None or value is None:
        return None, value, m.start("num")
    whole = parse_number(text[m.start("lo") : m.end("num")], english=english)
    if whole is not None:
        return None, whole, m.start("lo")
    low = parse_number(lo, english=english)
    # "4 en 2 weken" or "10 of 5 dagen" joined by a word is a range in any order, but
    # numbers joined by a dash must rise: "2024-5 dagen" is a version and five days
    worded = any(c.isalpha() for c in text[m.end("lo") : m.start("num")])
    if low is None or low <= 0 or low == value or (low > value and not worded):
        return None, value, m.start("num")
    return low, value, m.start("lo")
