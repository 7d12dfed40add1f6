"""The structure parser: parts, articles, clauses and list items of a T&C text.

``segment(text)`` returns an ``Outline`` whose offsets point into ``text`` exactly as
given (CRLF, NBSP, tabs and a BOM are tolerated by the patterns, never removed). It reads
the text line by line and prefers sequence logic to single-line guesses:

* an article heading must continue the numbering (1, 2, 3 ...; "5a" after "5"; back to 1
  only after a part heading such as "Module B") and must have a body, so a table of
  contents, explanatory notes that repeat the headings and cross-references at the start
  of a wrapped line ("artikel 5 van deze voorwaarden") are not articles;
* a clause must carry the next number its article expects, so "zoals bedoeld in
  artikel\\n11.3" and page numbers do not start clauses;
* lettered and bulleted lines (and numbered lines that break the sequence) are items of
  the clause they stand in.

All loops visit each line a bounded number of times, so the parser runs in linear time.

>>> o = segment("Artikel 1 Betaling\\n1.1 Binnen 14 dagen.\\n1.2 Per bank:\\na. contant;\\n")
>>> [(a.path, a.title) for a in o.articles]
[('1', 'Betaling')]
>>> [(c.id, [i.label for i in c.items]) for c in o.articles[0].clauses]
[('1.1', []), ('1.2', ['a.'])]
>>> segment("geen artikelen hier")
Outline(title=None, parts=(), articles=())
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from itertools import accumulate, pairwise
from operator import itemgetter
from typing import Any

import regex

from clausex.data import load
from clausex.records import Article, Clause, Item, Part


@dataclass(frozen=True, slots=True)
class Outline:
    """The structure of one document: its title, parts and articles (with clauses)."""

    title: str | None
    parts: tuple[Part, ...]
    articles: tuple[Article, ...]


EMPTY = Outline(title=None, parts=(), articles=())

# --------------------------------------------------------------------------- patterns
# Every pattern is anchored or bounded, so none can backtrack beyond a line.

LINE_BREAK = regex.compile(r"\r\n|[\n\r\f\v\x1c-\x1e\x85\u2028\u2029]")
_BREAK_CHARS = "\n\r\f\v\x1c\x1d\x1e\x85\u2028\u2029"  # LINE_BREAK, one character each

LEAD = regex.compile(
    r"""
    [\s\ufeff\u200b-\u200f\u2060>|]*        # indentation, BOM, zero-width marks, quote bars
    (?P<hash>\#{1,6}\s*)?                   # markdown heading marker "## "
    (?P<bold>(?:\*\*|__)\s*)?               # bold opener "**"
    """,
    regex.VERBOSE,
)

# The characters LEAD can start with besides \s (which str.isspace covers).
LEAD_CHARS = "\ufeff\u200b\u200c\u200d\u200e\u200f\u2060>|#*_"

# A clause number at the start of a line: "5.1", "5.1.", "5.1.2", "3.", "3", "1a.", "(2)",
# "2)", "1.Deze" (glued); markdown may escape the dot ("1\.").
CLAUSE = regex.compile(
    r"""
    (?P<open>\()?                                  # "(2)"
    (?P<num>\d{1,3}[a-dA-D]?(?:\\?\.\d{1,3}[a-d]?){0,5})  # 1, 1a, 5A.1, 11.3.2 (six levels)
    (?P<dot>\\?\.|\))?                             # trailing "." or ")"
    (?:\*\*|__)?                                   # bold closer "**1.1**"
    (?= [\s*_] | $ | \p{Lu} )                      # then space, end of line or glued capital
    """,
    regex.VERBOSE,
)

# Clauses run together on one line: "... 14 dagen. 5.2 De klant ..."
INLINE_CLAUSE = regex.compile(
    r"""
    (?<=[.;:!?]) [ \t\u00a0]{1,4}                  # after the end of a sentence
    (?P<num>\d{1,3}(?:\.\d{1,3}){0,5})             # the number
    (?: (?P<dot>\.)[ \t\u00a0]*+ | [ \t\u00a0]++ | $ )  # a dot ("2.2.Afwijkingen"), a space
    (?=[\p{Lu}(]|$)                                # then a capitalised text, or a line wrap
    """,
    regex.VERBOSE,
)

# What every INLINE_CLAUSE match needs, found far faster than INLINE_CLAUSE itself, and
# faster by the stdlib engine, whose \d leaves out the digits of Unicode versions newer than
# Python's (all beyond U+FFFF), so the class takes in every character there.
INLINE_CLAUSE_CUE = re.compile(r"[.;:!?][ \t\u00a0]{1,4}[\d\U00010000-\U0010FFFF]")

ITEM = regex.compile(
    r"""
    (?P<label>
        \(\s?(?:[a-z]{1,2}|[ivx]{1,5}|\d{1,2})\s?\)     # (a) (iii) (1)
      | (?:[a-z]|[ivx]{1,5}|\d{1,2})\)                 # a) iii) 1)
      | (?:[a-z]|[ivx]{1,5}|\d{1,2})\\?\.(?=\s)         # a. iii. 1.
      | [–—\-]\s?\d{1,2}\.(?=\s)                       # "– 1." a dash and a number
      | \d{1,2}°                                       # 1° (Belgian style)
      | [–—•·▪◦●○■□➢►✓\-*+o\uf0b7\uf0a7](?=\s)       # bullets, also Word's private ones
    )
    """,
    regex.VERBOSE,
)

# A numbered line that may be an article heading without a keyword: "5. Prijzen", "5 PRIJZEN".
NUMBERED = regex.compile(
    r"""
    (?P<num>\d{1,3}) (?P<suf>[a-d])?               # 5 or 5a
    (?! \d | \\?\.\d | [,:/]\d )                     # not 5.1, 3,5, 6:80 or 1/2
    (?P<dot>\\?\.)?                                # "5."
    (?P<rest> (?:[\s*_].*)? )$                     # the title, if any
    """,
    regex.VERBOSE,
)

ROMAN_HEAD = regex.compile(
    r"""
    (?P<num>[IVXL]{1,6}) (?P<suf>(?!))?             # "IV" (and no suffix)
    (?P<dot>[.)])? (?P<rest>[ \t\u00a0]++\p{Lu}.*)$  # "IV. UITVOERING"
    """,
    regex.VERBOSE,
)

ROMAN_PART = regex.compile(
    r"""
    (?P<label>[IVX]{1,5}) [.)]? \s++               # "II." or "IV"
    (?P<title>\p{Lu}[\p{Lu}\s,&/'’()\-–]{2,80})$    # an all-capitals title
    """,
    regex.VERBOSE,
)

CLAUSE_KEYWORD = regex.compile(
    r"""
    (?: (?P<kw>Artikel|ARTIKEL|Art\.|Lid|LID)[\s\u00a0]+  # capitalised: a heading, not a reference
      | (?P<kw>§)[\s\u00a0]* )                         # "§ 2" inside an "Art. 1"
    (?=\d)                                           # then its number
    """,
    regex.VERBOSE,
)

# An article heading inside a long line: "... dagen. Artikel 6 Betaling 6.1 ..."
INLINE_HEADING = regex.compile(
    r"""
    (?<=\S[ \t\u00a0]{1,4})                          # after a word
    (?= (?:Artikel|ARTIKEL|Art\.)[ \t\u00a0]*       # a capitalised keyword
        \d{1,3}[a-d]?(?![\d.,:/]\d)                 # its number
        [ \t\u00a0:.,\-–—]++\p{Lu}                   # and a capitalised title
      | (?:Module|MODULE|Deel|DEEL|Hoofdstuk|HOOFDSTUK|Bijlage|BIJLAGE)  # or a part or annex
        [ \t\u00a0]+(?:[A-Z]|\d{1,2}|[IVX]{1,5})[.:][ \t\u00a0]+\p{Lu} )  # "Module A. Titel"
    """,
    regex.VERBOSE,
)

SEPARATORS = " \t\u00a0:.-–—,;)*_#|"
# Dot leaders and a page number ending a TOC line: "Definities ........ 3". Possessive
# quantifiers, and only the last 80 characters are searched (see _leader).
TOC_LEADER = regex.compile(r"(?:\.{4,}+|…{2,}+|[ \t\u00a0]{3,}+|\t)[ \t\u00a0]*+\d{1,4}$")
SENTENCE_END = regex.compile(r"[.:;!?)\]\"”’'*]$")
LINK = regex.compile(r"!?\[[^\]\n]{0,500}\]\([^)\s]{0,1000}(?:\s\"[^\"\n]{0,200}\")?\)")
SETEXT = regex.compile(r"(?:=+|-+)$")
WORD = regex.compile(r"\S+")
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
LETTER = regex.compile(r"\p{L}")
DIGITS = regex.compile(r"\d+")
TITLE_END = regex.compile(
    r"(?<=\p{L}\)?)[.:][ \t\u00a0]++(?=\p{Lu}\S*+(?:[ \t\u00a0]++\S++){2})"
)  # ". De..."
CONTINUATION = regex.compile(r"\p{Ll}|\d[\d.,]*[ \t\u00a0]+\p{Ll}")  # "dagen", "14 dagen"
# The words every INLINE_HEADING match stands before: most long lines hold none, and looking
# for them (str's substring search) is far cheaper than INLINE_HEADING. Keep the two in step.
INLINE_HEADING_WORDS = (
    "Art", "ART", "Module", "MODULE", "Deel", "DEEL", "Hoofdstuk", "HOOFDSTUK", "Bijlage", "BIJLAGE"
)  # fmt: skip
# A first clause number glued to the end of the heading: "Artikel 1 – Offerte 1.1",
# "Artikel 2 Toepassing 1. Deze ..."
GLUED_FIRST = regex.compile(
    r"""
    (?<!\S)                                         # a whole word
    (?: (?P<art>\d{1,4}[a-d]?)\\?\.1(?:\\?\.)?(?=[\s*_]|$)  # "1.1" (checked against the article)
      | 1\.(?=[ \t\u00a0]++\p{Lu}) )                  # or "1. Deze"
    """,
    regex.VERBOSE,
)


@cache
def _starts(pattern: regex.Pattern[str]) -> frozenset[str]:
    """The ASCII characters that a match of ``pattern`` can start with: those it matches, in
    full or as the start of a longer text (a ``partial`` match). Most lines start with
    another one (a capital of running text), and a set lookup costs far less than a match.
    Cached per pattern: the patterns are fixed, so the cache stays small."""
    return frozenset(c for c in map(chr, range(128)) if pattern.match(c, partial=True))


def _may_start(text: str, starts: frozenset[str]) -> bool:
    """Whether a pattern whose ``_starts`` are ``starts`` may match at the start of ``text``:
    not when ``text`` is empty or starts with an ASCII character outside ``starts``."""
    first = text[:1]
    return first in starts or not first.isascii()


# By a text's first (or last) character, the ASCII characters that may stand next to it: see
# _openings. Single characters, as Python keeps one copy of each with its hash: a set lookup
# of a new two-character string would cost its hash, and the lookup runs for most lines.
_Pairs = dict[str, frozenset[str]]

_ASCII = tuple(map(chr, range(128)))


def _pairs(patterns: tuple[regex.Pattern[str], ...], reverse: bool) -> _Pairs:
    """For each ASCII character at the start of a text (at its end when ``reverse``), the
    ASCII characters that may follow it (precede it) in a match of one of ``patterns``, and
    "" when the text may be that one character; an empty set when no match starts (ends)
    with it. Read off the patterns by partial matching, as ``_starts``."""

    def may(text: str) -> bool:
        return any(p.match(text, partial=True) for p in patterns)

    table = {"": frozenset[str]()}
    for c in _ASCII:
        if may(c):
            table[c] = frozenset(["", *(d for d in _ASCII if may(d + c if reverse else c + d))])
        else:
            table[c] = frozenset()
    return table


@cache
def _openings(*patterns: regex.Pattern[str]) -> _Pairs:
    """What a match of one of ``patterns`` may start with, by its first two characters: a
    line that starts with a word ("De", "Als") seldom starts with a pair a heading pattern
    allows, though often with a first character it allows ("Deel", "Artikel")."""
    return _pairs(patterns, reverse=False)


def _may_open(text: str, openings: _Pairs) -> bool:
    """``_may_start`` by the first two characters, with ``_openings``: not when ``text``
    is empty or its first two characters are ASCII and no match starts with them."""
    follow = openings.get(text[:1])  # None: a non-ASCII character, after which any may
    second = text[1:2]
    return follow is None or (bool(follow) and (second in follow or not second.isascii()))


@cache
def _endings(pattern: regex.Pattern[str]) -> _Pairs:
    """What a match of ``pattern`` that ends where a text ends may end with, by its last two
    characters (read off the pattern matched backwards): most lines end in a full stop
    after a letter, which no page number and no reference word allows."""
    backwards = regex.compile(pattern.pattern, pattern.flags | regex.REVERSE)
    return _pairs((backwards,), reverse=True)


def _may_end(text: str, endings: _Pairs) -> bool:
    """Whether a match of a pattern whose ``_endings`` are ``endings`` may end where
    ``text`` ends: not when ``text`` is empty or its last two characters are ASCII and no
    match ends with them."""
    before = endings.get(text[-1:])
    last_but_one = text[-2:-1]
    return before is None or (
        bool(before) and (last_but_one in before or not last_but_one.isascii())
    )


def _alternation(words: list[str]) -> str:
    """A regex alternation of ``words``, longest first so "artikel" wins over "art"."""
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _data() -> dict[str, Any]:
    """``data/nl/headings.json``: heading words, page-noise and cross-reference patterns."""
    data: dict[str, Any] = load("headings")
    return data


@cache
def _article_keyword() -> regex.Pattern[str]:
    words = _alternation(_data()["article_words"])
    return regex.compile(
        rf"""
        (?P<kw>(?i:{words}))(?!\p{{L}})         # "Artikel", "Art.", "§"
        [\s.]*                                          # "Artikel. 5"
        (?P<num>\d{{1,4}}|[IVXL]{{1,6}}(?=[\s.:\-–—,]|$))  # 5, or a Roman "IV"
        (?P<suf>(?<=\d)[a-dA-D])?                       # 5a or 5A
        (?! \d | \\?\.\d | [,:/]\d | \p{{L}} )          # not 5.1, 6:80, 3,5 or a word
        (?P<dot>\\?\.)?                                 # "Artikel 5."
        (?P<rest>.*)$                                   # separator and title
        """,
        regex.VERBOSE,
    )


@cache
def _part_keyword() -> regex.Pattern[str]:
    words = _alternation(_data()["part_words"])
    return regex.compile(
        rf"""
        (?i:{words}) [\s\u00a0]+                        # "Module", "Deel", "Hoofdstuk"
        (?P<label>[A-Z]|\d{{1,2}}|[IVXLC]{{1,6}})         # "A", "2", "IV"
        (?![\p{{L}}\p{{N}}]|\.\d)                        # a whole label
        (?P<rest>.*)$                                   # separator and title
        """,
        regex.VERBOSE,
    )


@cache
def _line_start_words(key: str) -> regex.Pattern[str]:
    """Words of ``key`` at the start of a line, as whole words."""
    return regex.compile(rf"(?i:{_alternation(_data()[key])})(?!\p{{L}})")


@cache
def _whole_line(key: str) -> regex.Pattern[str]:
    return regex.compile(rf"(?i:{'|'.join(_data()[key])})$")


@cache
def _line_start(key: str) -> regex.Pattern[str]:
    return regex.compile(rf"(?i:{'|'.join(_data()[key])})")


@cache
def _annex() -> regex.Pattern[str]:
    words = _alternation(_data()["annex_words"])
    return regex.compile(
        rf"""
        (?i:{words})(?!\p{{L}})                          # "Bijlage", "Annex"
        (?:[\s\u00a0]+                                  # then perhaps a label:
           (?P<label>[A-Z]|\d{{1,2}}|[IVX]{{1,5}})(?![\p{{L}}\p{{N}}]))?  # "1", "A", "IV"
        [\s\u00a0]* (?P<sep>[.:\-–—)])? [\s\u00a0]*     # a separator
        (?P<title>.*)$                                  # the title, capitalised
        """,
        regex.VERBOSE,
    )


@cache
def _words(key: str) -> frozenset[str]:
    return frozenset(_data()[key])


@cache
def _crossref_tail() -> regex.Pattern[str]:
    """The end of a line that continues into a reference: "zoals bedoeld in artikel"."""
    words = _alternation(_data()["crossref_tails"])
    # Matched backwards (REVERSE): ``match`` then tries the end of the text only, where
    # "$" holds; only whether it matches counts.
    return regex.compile(rf"(?<!\p{{L}})(?i:{words})\s*$", regex.REVERSE)


# --------------------------------------------------------------------------- lines


@dataclass(slots=True)
class _Line:
    start: int  # offset of the line's first character
    end: int  # offset just past its last character (before the line break)
    lead: int  # offset of the content after indentation and markdown markers
    text: str  # the content, right-trimmed
    heading: bool  # a markdown '#' heading or a wholly bold line
    noise: bool = False  # page header/footer, page number, TOC leader line, underline
    numbered: bool = False  # whether ``number`` holds CLAUSE matched on the text (see _number)
    number: regex.Match[str] | None = None


def _number(line: _Line) -> regex.Match[str] | None:
    """CLAUSE matched at the start of ``line``, once per line: a heading candidate, its
    score in each selection round and the clause finder all read the line after a heading."""
    if not line.numbered:
        line.number, line.numbered = CLAUSE.match(line.text), True
    return line.number


def _split_lines(text: str) -> list[_Line]:
    """The lines of ``text``; a long line that holds several articles (a web page flattened
    to one line) is cut before each "Artikel N Titel" that follows a full stop."""
    lines = []
    pos = 0
    # str.splitlines breaks at exactly the LINE_BREAK characters, several times faster.
    rows = text.splitlines()
    if not text or text[-1] in _BREAK_CHARS:
        rows.append("")  # a text that ends with a line break has an empty last line
    crlf = "\r\n" in text  # else every line break is one character
    for row in rows:
        end = pos + len(row)
        first = row[:1]
        if end - pos > 200 and any(map(row.__contains__, INLINE_HEADING_WORDS)):
            cuts = [pos, *(m.start() for m in INLINE_HEADING.finditer(text, pos, end))]
            for start, stop in zip(cuts, [*cuts[1:], end], strict=True):
                lines.append(_line(text, start, stop))
        elif first and (first.isspace() or first in LEAD_CHARS):
            lines.append(_line(text, pos, end))  # indentation or markdown to skip
        else:
            lines.append(_Line(pos, end, pos, row.rstrip(), False))  # as _line, without a call
        pos = end + (2 if crlf and text.startswith("\r\n", end) else 1)  # past the line break
    return lines


def _line(text: str, start: int, stop: int) -> _Line:
    """The line ``text[start:stop]``, its indentation and markdown markers skipped."""
    first = text[start : start + 1] if start < stop else "a"
    if not first.isspace() and first not in LEAD_CHARS:  # most lines: nothing for LEAD
        return _Line(start, stop, start, text[start:stop].rstrip(), False)
    lead = LEAD.match(text, start, stop)
    assert lead is not None  # every part of LEAD is optional
    content = text[lead.end() : stop].rstrip()
    hashes, bold = lead.groups()  # "## ", "**"
    heading = bool(hashes) or (bool(bold) and content.endswith(("**", "__")))
    return _Line(start, stop, lead.end(), content, heading)


def _clean(title: str) -> str:
    """A heading text without markdown emphasis, separators and surrounding space."""
    title = title.replace("**", "").replace("__", "").replace("\\", "")
    return title.strip(SEPARATORS.replace(")", "")).strip()


def _mark_noise(lines: list[_Line]) -> None:
    """Flag page numbers, "Pagina 3 van 19", TOC leader lines, setext underlines and
    short lines of two words or more that repeat three times or more (running page
    headers and footers; a one-word line such as a wrapped company name is text)."""
    page = _whole_line("page_patterns")
    blank_page = page.match("") is not None  # no shipped pattern matches a blank line
    keyword = _article_keyword()
    page_starts, item_starts, keyword_starts = _starts(page), _starts(ITEM), _starts(keyword)
    page_ends = _endings(page)
    short_lines, folded = [], []  # the short lines, and each in lower case
    for i, line in enumerate(lines):
        t = line.text
        if not t:  # a blank line: no leader, no underline, not short
            line.noise = line.noise or blank_page
            continue
        # The first and last characters rule most patterns out without a match (as in
        # _may_start, _may_end and _leader, inlined here as this runs for every line).
        first, last = t[0], t[-1]
        wide = not first.isascii()  # after a non-ASCII character any pattern may match
        setext = first in "=-" and SETEXT.match(t)
        if (
            ((wide or first in page_starts) and page_ends.get(last, True) and page.match(t))
            or ((last.isdigit() or not last.isascii()) and _leader(t) >= 0)
            or (i and setext and len(t) >= 3)
        ):
            line.noise = True
            if setext and lines[i - 1].text:
                lines[i - 1].heading = True
        short = (
            8 <= len(t) <= 100
            and " " in t
            and not (
                first.isdigit()
                or ((wide or first in item_starts) and ITEM.match(t))
                or ((wide or first in keyword_starts) and keyword.match(t))
            )
            and LETTER.search(t)
        )
        if short:
            short_lines.append(line)
            folded.append(t.casefold())
    # Each line's key: its digits as "#" ("pagina # van #"). One substitution over all the
    # lines, as a call costs far more than a short line; no line or run of digits holds a "\n".
    keys = DIGITS.sub("#", "\n".join(folded)).split("\n") if folded else []
    counts = Counter(keys)
    for line, key in zip(short_lines, keys, strict=True):
        if counts[key] >= 3:
            line.noise = True


def _leader(text: str) -> int:
    """Where dot leaders and a page number end ``text`` (a TOC line), or -1."""
    last = text[-1:]
    if last.isascii() and not last.isdigit():
        return -1  # most lines: no page number at the end, no need to search
    tail = max(0, len(text) - 80)
    m = TOC_LEADER.search(text, tail)
    return m.start() if m else -1


def _word_count(text: str, most: int) -> int:
    """``min(len(WORD.findall(text)), most)`` for ``text`` from a line: callers only compare
    the count with a small bound, so ``str.split`` may stop after ``most`` words. It agrees
    with ``\\S+`` except that it also splits at \\x1c-\\x1f, and runs several times faster;
    of those, only \\x1f can stand in a line (the others break lines)."""
    if "\x1f" in text:
        return min(len(WORD.findall(text)), most)
    return len(text.split(maxsplit=most - 1))  # at most ``most`` pieces


def _ends_sentence(text: str) -> bool:
    # SENTENCE_END is anchored at the end (or before a final line break): look only there.
    return SENTENCE_END.search(text, max(len(text) - 2, 0)) is not None


def _link_only(text: str) -> bool:
    """A line of markdown links and little else (a menu entry, a footer link)."""
    if "](" not in text or len(text) > 2000:
        return False
    return len(LETTER.findall(LINK.sub("", text))) < 3


def _end_noise(lines: list[_Line]) -> set[int]:
    """Lines where an article's text stops: web navigation, news blocks and footers."""
    footer = _line_start("footer_starts")
    footer_starts = _starts(footer)
    marks = set()
    following_link = False  # the next non-blank line (scanning backwards) is link-only
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        t = line.text
        if not t:
            continue
        link = "](" in t  # most lines hold no link
        link_only = link and _link_only(t)
        first = t[0]  # _may_start, inlined as this runs for every line
        if (
            (line.heading and link)
            or (link_only and following_link)
            or (
                len(t) <= 80 and (first in footer_starts or not first.isascii()) and footer.match(t)
            )
        ):
            marks.add(i)
        following_link = link_only
    return marks


def _is_stop(line: _Line) -> bool:
    """An annex ("Bijlage 1"), a model form or explanatory notes: not part of any article."""
    t = line.text
    if not t[:1].isupper():
        return False
    if _line_start_words("notes_words").match(t):
        found = True  # "Toelichting", "Toelichting op de artikelen"
    else:
        m = _annex().match(t)  # "Bijlage 1", "BIJLAGE A – Verwerkersovereenkomst"
        found = bool(m) and (
            not m.group("title") or m.group("title")[0].isupper() or bool(m.group("sep"))
        )
    # Short, and not a sentence ("Bijlage 2 bevat de prijslijst van de diensten."). Counted
    # last: few lines match, and counting costs more.
    return (
        found and _word_count(t[:200], 13) <= 12 and not (t.endswith(".") and _word_count(t, 7) > 6)
    )


# --------------------------------------------------------------------------- headings


@dataclass(slots=True)
class _Head:
    """A candidate article heading."""

    line: int  # index of the heading line
    num: int
    suffix: str  # "a" in "5a"
    title: str
    body: int  # index of the first line of the body
    strong: bool  # keyword, markdown or bold heading
    clause_at: int | None = None  # offset of a first clause number glued to the heading
    toc: bool = False  # has a page number behind dot leaders
    inline: int = 0  # characters of body text on the heading line itself
    printed: str = ""  # the number as printed when it is not plain digits ("IV")
    score: float = 0.0

    @property
    def number(self) -> str:
        return self.printed or f"{self.num}{self.suffix}"


@dataclass(slots=True)
class _PartHead:
    line: int
    label: str
    title: str
    bare: bool = False  # a Roman numeral without keyword ("II. LEVERING"): maybe an article


def _next_text(lines: list[_Line], i: int, limit: int = 4) -> int | None:
    """Index of the first non-blank, non-noise line at or after ``i`` (looking a few lines)."""
    for j in range(i, min(len(lines), i + limit)):
        if lines[j].text and not lines[j].noise:
            return j
    return None


def _decimal(digits: str) -> int:
    """``int(digits)`` for digits that ``\\d`` matched; 0 for digits newer than Python's
    Unicode tables, which ``regex`` matches but ``int`` cannot read (0 follows no number)."""
    return int(digits) if digits.isdecimal() else 0


def _to_int(number: str) -> int:
    """ "12" -> 12, "XIV" -> 14."""
    if not number.isalpha():  # digits, not a Roman numeral
        return _decimal(number)
    values = [ROMAN[c] for c in number.upper()]
    return sum(-v if v < w else v for v, w in zip(values, [*values[1:], 0], strict=True))


def _title_like(text: str, *, max_words: int = 14) -> bool:
    words = _word_count(text[:300], max(max_words, 6) + 1)  # both bounds below
    if not words or words > max_words or text.endswith((",", ";")):
        return False
    return not (text.endswith(".") and words > 6)


def _runs_on(lines: list[_Line], i: int) -> bool:
    """Whether the text from line ``i`` on continues a sentence ("vooraf binnen" +
    "14 dagen."), so the line before it is running text, not a title."""
    j = _next_text(lines, i, 2)
    return j is not None and bool(CONTINUATION.match(lines[j].text))


def _is_marker(line: _Line) -> bool:
    text = line.text
    return bool(_number(line) or ITEM.match(text) or _article_keyword().match(text))


def _caps_end(rest: str) -> int:
    """Where a title in capitals ends when the text runs on after it on the same line
    ("AFNAMEVERPLICHTING Afnemer is verplicht ..."), or 0."""
    if _word_count(rest[:400], 7) < 7:
        return 0  # most titles: too few words for a title in capitals and six words after it
    words = WORD.finditer(rest[:400])
    letters = []  # letters of each word before the first word with a small letter
    for word in words:
        if any(map(str.islower, word.group())):
            break
        letters.append(len(LETTER.findall(word.group())))
    else:
        return 0  # no text after the title
    capitals = sum(n >= 2 for n in letters) >= 2 or max(letters, default=0) >= 5  # not "ICT"
    if capitals and word.group()[:1].isupper() and sum(1 for _ in words) >= 5:
        return word.start()  # the title is followed by at least six words
    return 0


def _glued_ok(glued: regex.Match[str], number: str) -> bool:
    """A glued "N.1" must carry the article's number; a glued "1." must follow a title."""
    return glued.group("art") == number if glued.group("art") else glued.start() > 0


def _glued(text: str, number: str) -> regex.Match[str] | None:
    """The first clause number glued to a heading of article ``number`` in ``text``."""
    if "1" not in text:
        return None  # most titles: every GLUED_FIRST match holds a "1"
    return next((g for g in GLUED_FIRST.finditer(text) if _glued_ok(g, number)), None)


def _head(lines: list[_Line], i: int, m: regex.Match[str], strong: bool) -> _Head:
    """Build a heading candidate from its match: title, a first clause number glued to
    the heading ("Artikel 1 – Offerte 1.1"), or a title on the next line."""
    # Every heading pattern ends in the groups num, suf, dot and rest: read by position, as
    # a lookup by name costs ``regex`` a raised and caught exception.
    num, suf, _, rest = m.groups()[-4:]
    suf = suf or ""
    title, clause_at, inline = rest, None, 0
    glued = _glued(rest, num + suf)
    if glued:
        title, inline = rest[: glued.start()], len(rest) - glued.start()
        clause_at = lines[i].lead + m.end() - len(rest) + glued.start()  # rest ends the match
    elif strong and (cut := TITLE_END.search(rest)) and _word_count(rest[: cut.start()], 9) <= 8:
        title, inline = rest[: cut.start()], len(rest) - cut.end()  # "Titel. De tekst ..."
    elif strong and (caps := _caps_end(rest)):
        title, inline = rest[:caps], len(rest) - caps  # "PRIJZEN De prijzen zijn ..."
    leader = _leader(title)
    toc = leader >= 0
    if toc:
        title = title[:leader]
    title = _clean(title)
    body = i + 1
    j = _next_text(lines, i + 1, 3) if clause_at is None else None
    nxt = lines[j].text if j is not None else ""
    if j is not None and not _is_marker(lines[j]) and _title_like(nxt, max_words=10):
        if nxt[-1] in ".:;":
            pass  # a sentence: the body, not a title
        elif not title and not _runs_on(lines, j + 1):  # "Artikel 5" + a title line
            title, body = nxt, j + 1
            glued = _glued(nxt, num + suf)
            if glued and glued.group("art"):  # "Artikel 1" + "Offerte 1.1"
                title, clause_at = nxt[: glued.start()], lines[j].lead + glued.start()
            title = _clean(title)
        elif strong and j == i + 1 and nxt[0].islower() and title[-1:] not in ("", ".", ":", ";"):
            title, body = f"{title} {_clean(nxt)}", i + 2  # a title wrapped over two lines
    printed = num + suf if not num.isdigit() or suf.isupper() else ""  # "IV", "5A"
    return _Head(i, _to_int(num), suf.lower(), title, body, strong, clause_at, toc, inline, printed)


def _keyword_head(lines: list[_Line], i: int) -> _Head | None:
    """ "Artikel 5 – Titel", "ARTIKEL 5:", "Art. 5", "§ 5", "## Artikel 5" ..."""
    m = _article_keyword().match(lines[i].text)
    if not m:
        return None
    _, num, suf, dot, rest = m.groups()  # by position: see _head
    stripped = rest.lstrip(SEPARATORS)
    separated = rest[: len(rest) - len(stripped)].strip() != "" or bool(dot)
    first = stripped.split(maxsplit=1)[0].casefold() if stripped else ""
    if first in _words("reference_words"):
        return None  # "Artikel 6 lid 2", "Artikel 7 Boek 6 BW is ..."
    if stripped[:1].islower() and (
        first in _words("crossref_followers") or (not separated and _word_count(stripped, 7) > 6)
    ):
        return None  # "artikel 5 van deze voorwaarden", a sentence after a wrap
    if stripped[:1].isdigit():
        glued = GLUED_FIRST.match(stripped)
        if not (glued and glued.group("art") == num + (suf or "")):
            return None  # "artikel 7 2 lid" or a date: numbers run on
    return _head(lines, i, m, True)


def _numbered_head(lines: list[_Line], i: int) -> _Head | None:
    """ "5. Prijzen", "5 PRIJZEN", "### 5" with the title on the next line."""
    line = lines[i]
    m = NUMBERED.match(line.text)
    if not m:
        return None
    rest = _clean(m.group("rest"))
    if not rest and not line.heading:
        return None
    if rest:
        raw = m.group("rest").replace("**", "").replace("__", "").strip()  # keeps its full stop
        if not (rest[0].isupper() or rest[0] in "(\"'“‘") or not _title_like(raw, max_words=12):
            return None
        if raw.endswith(".") and _word_count(raw, 4) > 3:
            return None  # "2. Afwijkingen gelden alleen schriftelijk." is a sentence
        if _runs_on(lines, i + 1):
            return None  # a wrapped sentence, not a heading
    return _head(lines, i, m, line.heading)


def _roman_head(lines: list[_Line], i: int) -> _Head | None:
    """ "IV. UITVOERING", "II Levering": an article numbered in Roman numerals."""
    m = ROMAN_HEAD.match(lines[i].text)
    if not m or not _title_like(m.group("rest").strip(), max_words=12) or _runs_on(lines, i + 1):
        return None
    return _head(lines, i, m, lines[i].heading)


def _implicit_head(lines: list[_Line], i: int) -> _Head | None:
    """An unnumbered title line standing above clause "N.1": article N ("PRIJZEN" + "5.1")."""
    m = _number(lines[i])
    number = m.group("num").replace("\\", "").split(".") if m else []
    if len(number) != 2 or number[1] != "1" or not number[0].isdigit():
        return None
    j = i - 1
    while j >= 0 and i - j <= 3 and (not lines[j].text or lines[j].noise):
        j -= 1
    if j < 0 or i - j > 3:
        return None
    t = lines[j].text
    if (
        _is_marker(lines[j])
        or not t[0].isupper()
        or not _title_like(t, max_words=10)
        or t[-1] in ".,;:"
    ):
        return None
    return _Head(j, int(number[0]), "", _clean(t), i, False)


def _part_head(line: _Line) -> _PartHead | None:
    t = line.text
    if not t[:1].isupper():
        return None  # a part keyword must be capitalised, and ROMAN_PART starts with I, V or X
    found = None
    m = _part_keyword().match(t)
    if m:
        rest = m.group("rest")
        title = _clean(rest)
        if not title or title[0].isupper() or rest.lstrip()[:1] in tuple(".:-–—)"):
            found = _PartHead(0, m.group("label"), title)
    if found is None and t[0] in "IVX" and (m := ROMAN_PART.match(t)):  # its first letters
        found = _PartHead(0, m.group("label"), _clean(m.group("title")), bare=True)
    # A part heading is short. Counted last: few lines match, and counting costs more.
    return found if found and _word_count(t[:200], 13) <= 12 else None


# --------------------------------------------------------------------------- the chain


@dataclass(frozen=True, slots=True)
class _Facts:
    """What the heading finders and the scoring read about the lines (after noise marking),
    gathered in one pass: ``_select`` runs up to four times."""

    by_first: dict[str, list[int]]  # the lines with text (not noise) by first character
    seconds: list[str]  # the second character of each line with text (not noise)
    prose: list[bool]  # whether the line reads as running text, not a heading or TOC entry
    chars: list[int]  # chars[i]: characters of the non-noise lines before line i
    sentences: list[int]  # sentences[i]: prose lines before line i

    @classmethod
    def of(cls, lines: list[_Line]) -> _Facts:
        by_first: dict[str, list[int]] = {}
        seconds, prose, chars = [""] * len(lines), [False] * len(lines), [0]
        for i, line in enumerate(lines):
            t = line.text
            if t and not line.noise:
                by_first.setdefault(t[0], []).append(i)
                seconds[i] = t[1:2]
                words = _word_count(t[:300], 7)
                prose[i] = words >= 7 or (words >= 3 and t[-1] in ".;:!?")
                chars.append(chars[-1] + len(t))
            else:
                chars.append(chars[-1])
        return cls(by_first, seconds, prose, chars, list(accumulate(prose, initial=0)))

    def starting(self, *patterns: regex.Pattern[str]) -> list[int]:
        """The lines, in order, that one of ``patterns`` may match by their first two
        characters (see _may_open): the heading finders visit these only, as most lines
        start otherwise. The lines are found by their first character, then checked by two."""
        openings, seconds = _openings(*patterns), self.seconds
        found: list[int] = []
        for first, rows in self.by_first.items():
            follow = openings.get(first)
            if follow is None:  # a non-ASCII character: any pattern may match after it
                found += rows
            elif follow:
                found += (i for i in rows if seconds[i] in follow or not seconds[i].isascii())
        return sorted(found)


def _void(title: str) -> bool:
    """A title that stands for a body: "(Vervallen)"."""
    return _clean(title).strip("()[]").casefold() in _words("void_titles")


def _score(h: _Head, lines: list[_Line], body_chars: int, body_prose: int) -> float:
    """How much a candidate looks like a real heading: it has a body of running text
    (a table of contents has none), a short title, and does not continue a wrapped line."""
    body = body_chars >= 20 and body_prose > 0
    if not (body or h.clause_at is not None or _void(h.title)):
        return -1.5  # a heading needs a body; a table of contents has none
    score = 3.0 if h.strong else 2.0
    if h.toc:
        score -= 3.0
    if _word_count(h.title[:400], 15) > 14:
        score -= 1.5
    prev = lines[h.line - 1] if h.line else None
    before = prev.text if prev and not prev.heading else ""
    if len(before) > 30 and not _ends_sentence(before):
        score -= 1.5  # the line before runs on into this one: a wrapped reference
    j = _next_text(lines, h.body, 3)
    first = _number(lines[j]) if j is not None else None
    if first and first.groups()[1].replace("\\", "") in (f"{h.number}.1", "1"):  # the number
        score += 0.5
    return score


def _chain(heads: list[_Head], segment_of: list[int], part_segment: set[int]) -> list[_Head]:
    """The best-scoring sequence of headings: numbers go up by one (a gap costs more than
    a heading without body; "5a" may follow "5"). Segments are cut by part headings and by
    annex or notes headings; numbering goes back to 1 only after a part heading, and a
    chain that starts after an annex or notes heading pays a penalty (notes repeat the
    headings). Dynamic programming over the candidates in order, with dictionaries keyed
    by number, so the run is linear."""
    best: list[float] = [0.0] * len(heads)
    back: list[int] = [-1] * len(heads)
    current: dict[tuple[int, str], int] = {}  # best chain end in this segment, by number
    current_num: dict[int, int] = {}  # the same, whatever the suffix
    closed: dict[int, int] = {}  # best chain end in earlier segments, by number
    closed_any = -1  # best chain end in earlier segments
    segment = -1

    def better(i: int, j: int) -> bool:
        return j < 0 or best[i] > best[j]

    for i, h in enumerate(heads):
        seg = segment_of[h.line]
        if seg != segment:
            for num, j in current_num.items():
                if better(j, closed.get(num, -1)):
                    closed[num] = j
                if better(j, closed_any):
                    closed_any = j
            current, current_num, segment = {}, {}, seg
        start = -min(2.0, 0.5 * max(0, h.num - 1))
        if seg and seg not in part_segment:
            start -= 2.0  # after an annex or notes heading
        options: list[tuple[float, int]] = [(start, -1)]
        if h.suffix:
            prev = chr(ord(h.suffix) - 1) if h.suffix > "a" else ""
            j = current.get((h.num, prev), -1)
            if j >= 0:
                options.append((best[j], j))
        else:
            cross = 0.0 if seg in part_segment else 1.0  # running on over an annex heading
            sources = ((current_num, 0.0), (closed, cross))
            for gap in range(4):
                for earlier, cost in sources:
                    j = earlier.get(h.num - 1 - gap, -1)
                    if j >= 0:  # a gap costs more than a heading without a body
                        options.append((best[j] - 2.0 * gap - cost, j))
        if seg in part_segment and h.num <= 1 and closed_any >= 0:
            options.append((best[closed_any] - 0.25, closed_any))
        gain, back[i] = max(options, key=itemgetter(0))  # the first of equal gains
        best[i] = gain + h.score
        key = (h.num, h.suffix)
        if better(i, current.get(key, -1)):
            current[key] = i
        if better(i, current_num.get(h.num, -1)):
            current_num[h.num] = i
    if not heads:
        return []
    end = max(range(len(heads)), key=lambda i: (best[i], i))  # ties: the later chain
    if best[end] <= 0:
        return []
    chain = []
    while end >= 0:
        chain.append(heads[end])
        end = back[end]
    return chain[::-1]


def _select(
    lines: list[_Line], facts: _Facts, heads: list[_Head], parts: list[_PartHead], stops: list[int]
) -> tuple[list[_Head], list[_PartHead], list[int]]:
    """Score ``heads``, keep the parts that open onto an article, and choose the chain.

    Returns the chosen headings, the valid parts and each line's segment number."""
    # What ends a body: a keyword heading, a plain numbered heading that does not read as
    # a sentence ("2. Afwijkingen gelden alleen schriftelijk." is more likely a clause),
    # a part or an annex. Kinds: 0 heading, 1 part, 2 annex or notes.
    kinds = {h.line: 0 for h in heads if h.strong or not facts.prose[h.line]}
    kinds |= {p.line: 1 for p in parts} | {s: 2 for s in stops}
    barriers = sorted(kinds)

    def following(line: int) -> int:
        k = bisect_right(barriers, line)
        return barriers[k] if k < len(barriers) else len(lines)

    for h in heads:
        stop = max(h.body, following(h.line))
        first = min(h.body, stop)
        chars = facts.chars[stop] - facts.chars[first]
        sentences = facts.sentences[stop] - facts.sentences[first]
        h.score = _score(h, lines, chars + h.inline, sentences + (h.inline >= 20))
    valid = [p for p in parts if kinds.get(following(p.line)) == 0]
    segment_of: list[int] = []
    part_segment, seg = set(), 0
    boundaries = {p.line: True for p in valid} | {s: False for s in stops}
    for line in sorted(boundaries):  # a new segment starts at each boundary line
        segment_of += [seg] * (line - len(segment_of))
        seg += 1
        if boundaries[line]:
            part_segment.add(seg)
    segment_of += [seg] * (len(lines) - len(segment_of))
    return _chain(heads, segment_of, part_segment), valid, segment_of


# --------------------------------------------------------------------------- clauses


@dataclass(slots=True)
class _Mark:
    start: int
    number: str  # as printed, without the trailing dot
    sub: tuple[str, ...]  # the numbers below the article: ("3",) or ("3", "1")


def _key(part: str) -> tuple[int, str]:
    if part.isdigit():
        return int(part), ""  # most numbers: no letter to split off
    digits = part.rstrip("abcd")
    return _decimal(digits), part[len(digits) :]


def _follows(prev: list[tuple[int, str]], keys: list[tuple[int, str]], gaps: bool) -> bool:
    """Whether the clause numbered ``keys`` may follow the one numbered ``prev`` inside one
    article (each level a ``_key``)."""
    if not prev:
        return len(keys) == 1 and (keys[0] in ((1, ""), (0, "")) or (gaps and keys[0][0] <= 3))
    if len(keys) == len(prev) + 1 and keys[:-1] == prev:
        return keys[-1] == (1, "")  # one level deeper: "3.1" after "3"
    if len(keys) > len(prev):
        return False
    k = len(keys) - 1
    if keys[:k] != prev[:k]:
        return False
    (n, s), (pn, ps) = keys[k], prev[k]
    if s:  # an inserted clause: "1a" after "1", "1b" after "1a"
        return n == pn and ord(s) == (ord(ps) + 1 if ps else ord("a"))
    return n == pn + 1 or (gaps and pn + 1 < n <= pn + 3)


def _clause_marks(lines: list[_Line], head: _Head, first: int, last: int, end: int) -> list[_Mark]:
    """The numbered clauses of one article, whose body runs from line ``first`` to
    ``last`` (exclusive) and ends at offset ``end``."""
    marks: list[_Mark] = []
    number = head.number.casefold()
    dotted_prefix = f"{number}."  # what a clause number "5.2" in article 5 starts with
    style = ""  # "dotted" (5.1), "dot" (1. or 1)), or "bare" (1) as the article began
    state: list[tuple[int, str]] = []  # the last clause's number, each level a _key

    def accept(start: int, num: str, form: str, sub: tuple[str, ...]) -> bool:
        nonlocal state, style
        if form != "dotted" and style == "dotted":
            return False  # "1." inside an article numbered 5.1, 5.2: a nested list
        if form == "bare" and style not in ("", "bare"):
            return False
        if len(sub) > 6:
            return False
        keys = list(map(_key, sub))
        if not _follows(state, keys, form == "dotted"):  # gaps only between "5.1", "5.3"
            return False
        marks.append(_Mark(start, num, sub))
        state, style = keys, style or form
        return True

    def run_on(line: _Line, after: int) -> None:
        """Clauses that follow a full stop on the same line: "... dagen. 5.2 De ..."."""
        if style == "dotted" and line.text.find(dotted_prefix, after) < 0:
            return  # once the clauses are numbered "5.1", accept takes only a "5.x" (and no "2.")
        if not INLINE_CLAUSE_CUE.search(line.text, max(after - 1, 0)):
            return  # most lines: no number after a full stop, so no INLINE_CLAUSE match
        for im in INLINE_CLAUSE.finditer(line.text, after):
            parts = tuple(im.group("num").casefold().split("."))
            if len(parts) > 1 and parts[0] == number:
                accept(line.lead + im.start("num"), im.group("num"), "dotted", parts[1:])
            elif len(parts) == 1 and im.group("dot"):
                accept(line.lead + im.start("num"), im.group("num"), "dot", parts)

    if head.clause_at is not None:
        dotted = lines[head.line].text[head.clause_at - lines[head.line].lead :][:2] != "1."
        accept(
            head.clause_at, f"{number}.1" if dotted else "1", "dotted" if dotted else "dot", ("1",)
        )
        run_on(lines[head.line], head.clause_at - lines[head.line].lead)
    prev_text, prev_heading, blank = "", True, False
    tail, clause_starts = _crossref_tail(), _starts(CLAUSE)
    tail_ends = _endings(tail)
    for i in range(first, last):
        line = lines[i]
        t = line.text
        if not t or line.noise:
            blank = blank or not t
            continue
        after, initial = 0, t[0]
        kw = m = None
        if initial in "AL§":  # what CLAUSE_KEYWORD starts with
            kw = CLAUSE_KEYWORD.match(t)  # "Artikel 5.1", "Lid 2", "§ 2"
        if kw:
            m = CLAUSE.match(t, kw.end())
        elif initial in clause_starts or not initial.isascii():  # _may_start, inlined
            m = _number(line)  # "5.1", "(2)", "3."
        if m and not (_may_end(prev_text, tail_ends) and tail.match(prev_text[-40:])):
            opened, printed, closed = m.groups()  # "(", the number, "." or ")"
            num = printed.replace("\\", "")
            parts = tuple(num.casefold().split("."))
            dotted = len(parts) > 1
            dot = bool(closed or opened or kw)
            stop = m.end()
            text_after = t[stop:].lstrip(" \t\u00a0*_")
            lower = text_after[:1].islower()
            # Whether the line before ends a sentence; searched only where it is read below.
            ended = (
                prev_heading
                or blank
                or ((lower or not (dotted or dot)) and _ends_sentence(prev_text))
            )
            glued = stop < len(t) and not t[stop].isspace() and t[stop] not in "*_"
            if dotted and parts[0] == number:
                form, sub = "dotted", parts[1:]
            elif kw and kw.group("kw").casefold() not in ("lid", "§"):
                form, sub = "", ()  # "Artikel 3" without a sub-number is no clause
            elif not dotted and (dot or (ended and _opens(lines, i, text_after))):
                form, sub = ("dot" if dot else "bare"), parts  # "3" is a weak sign: text must open
            else:
                form, sub = "", ()
            lower_wrap = lower and not ended
            ok = form and not lower_wrap and not (glued and not (dot or dotted))
            at = 0 if kw else m.start() + len(opened or "")  # the number, after any "("
            if ok and accept(line.lead + at, num, form, sub):
                after = stop
        run_on(line, after)
        prev_text, prev_heading, blank = t, line.heading, False
    return [mk for mk in marks if mk.start < end]


def _opens(lines: list[_Line], i: int, text_after: str) -> bool:
    """Whether the text after a bare number on line ``i`` (or on the next line, when the
    number stands alone) starts with a capital, as a clause does and a page number's
    neighbourhood seldom does."""
    if not text_after:
        j = _next_text(lines, i + 1, 3)
        text_after = lines[j].text if j is not None else ""
    return text_after[:1].isupper()


def _items(
    text: str,
    lines: list[_Line],
    first: int,
    last: int,
    start: int,
    end: int,
    clause_starts: set[int],
) -> tuple[Item, ...]:
    """Lettered, bulleted and nested-numbered lines between offsets ``start`` and ``end``."""
    found: list[tuple[int, str]] = []
    item_opens = _openings(ITEM)
    for i in range(first, last):
        line = lines[i]
        if not line.text or line.noise or line.lead <= start or line.lead >= end:
            continue
        m = ITEM.match(line.text) if _may_open(line.text, item_opens) else None
        if m and line.lead not in clause_starts:
            found.append((line.lead, m.group().replace("\\", "")))  # the label: all of it
    items = []
    for k, (pos, label) in enumerate(found):
        stop = found[k + 1][0] if k + 1 < len(found) else end
        items.append(Item(label=label, start=pos, end=_trim(text, pos, stop)))
    return tuple(items)


def _trim(text: str, start: int, end: int) -> int:
    """``end`` moved back over trailing white space, but not before ``start``."""
    # Most spans end in text or a line break or two: step back over a few characters here
    # rather than copy the whole span to rstrip it.
    for _ in range(4):
        if end <= start or not text[end - 1].isspace():
            return end
        end -= 1
    return start + len(text[start:end].rstrip())


# --------------------------------------------------------------------------- assembly


def _doc_title(lines: list[_Line], before: int) -> str | None:
    """The first short line before the articles that names the document ("Algemene
    voorwaarden ..."), or None."""
    title_words = _line_start("title_words")
    for line in lines[: min(before, 200)]:
        t = line.text.replace("**", "").replace("__", "").strip()
        if not t or line.noise or "](" in t or not t[0].isupper() or _part_head(line):
            continue
        if _title_like(t, max_words=15) and title_words.search(t[:300]):
            return t
    return None


def _candidates(
    lines: list[_Line], maker: Callable[[list[_Line], int], _Head | None], rows: list[int]
) -> list[_Head]:
    """The heading candidates ``maker`` finds on the lines ``rows``."""
    return [h for i in rows if (h := maker(lines, i)) is not None]


def segment(text: str) -> Outline:
    """The outline of ``text``: document title, parts and articles with their clauses and
    items, every span an exact ``[start, end)`` range of ``text``. Any string parses;
    a text without articles gives an empty outline."""
    if not isinstance(text, str) or not text.strip():
        return EMPTY
    lines = _split_lines(text)
    _mark_noise(lines)
    noise_end = _end_noise(lines)
    facts = _Facts.of(lines)
    parts = []  # a part heading starts with a part word or a Roman numeral
    for i in facts.starting(_part_keyword(), ROMAN_PART):
        if p := _part_head(lines[i]):
            p.line = i
            parts.append(p)
    stop_lines = facts.starting(_line_start_words("notes_words"), _annex())
    stops = [i for i in stop_lines if _is_stop(lines[i])]
    keyword = _candidates(lines, _keyword_head, facts.starting(_article_keyword()))
    if sum(not lines[h.line].text.startswith("§") for h in keyword) >= 2:
        # "Art. 1" with "§ 1", "§ 2" inside: the paragraphs are its clauses
        keyword = [h for h in keyword if not lines[h.line].text.startswith("§")]
    # Plain "5. Titel" lines count only when the strong headings fail (below), markdown and
    # bold ones ("## 5. Titel") at once: a numbered heading is strong when its line is one.
    numbered_lines = facts.starting(NUMBERED)
    marked = [i for i in numbered_lines if lines[i].heading]
    strong = sorted(keyword + _candidates(lines, _numbered_head, marked), key=lambda h: h.line)

    def by_line(*heads: list[_Head]) -> list[_Head]:
        return sorted({h.line: h for group in heads for h in group}.values(), key=lambda h: h.line)

    # Keyword, markdown and bold headings first. When they give fewer than two articles:
    # plain "5. Titel" lines, or "IV. TITEL" lines taken as articles rather than parts
    # (whichever gives more); then titles that stand above a "5.1" clause.
    best = _select(lines, facts, strong, parts, stops)
    if len(best[0]) < 2:
        numbered = _candidates(lines, _numbered_head, numbered_lines)
        articles_only = [p for p in parts if not p.bare]
        roman = _candidates(lines, _roman_head, facts.starting(ROMAN_HEAD))
        for pool, pool_parts in (
            (by_line(strong, numbered), parts),
            (by_line(strong, numbered, roman), articles_only),
            (_candidates(lines, _implicit_head, facts.starting(CLAUSE)), parts),
        ):
            found = _select(lines, facts, pool, pool_parts, stops)
            if len(found[0]) >= 2 and len(found[0]) > len(best[0]):
                best = found
    chain, valid, segment_of = best
    if not chain:
        return EMPTY
    return _assemble(text, lines, chain, valid, set(stops), noise_end, segment_of)


def _assemble(
    text: str,
    lines: list[_Line],
    chain: list[_Head],
    parts: list[_PartHead],
    stops: set[int],
    noise_end: set[int],
    segment_of: list[int],
) -> Outline:
    restart = any(
        segment_of[b.line] != segment_of[a.line] and b.num <= a.num for a, b in pairwise(chain)
    )
    # The lines where an article's text stops: a part, an annex, notes or web noise.
    enders = sorted({p.line for p in parts} | stops | noise_end)
    ends = [line.end for line in lines]  # in order, so bisect finds the line of an offset
    owner: dict[int, _PartHead] = {}  # article line -> the part heading above it
    k, current = 0, None
    for h in chain:  # one sweep: chain and parts are both in line order
        while k < len(parts) and parts[k].line < h.line:
            current, k = parts[k], k + 1
        if current is not None:
            owner[h.line] = current
    articles = []
    part_ends: dict[int, int] = {}
    for k, h in enumerate(chain):
        limit = chain[k + 1].line if k + 1 < len(chain) else len(lines)
        after = bisect_right(enders, h.line)  # the first line after the heading that ends it
        last = min(limit, enders[after]) if after < len(enders) else limit
        head_line = lines[h.line]
        start = head_line.lead
        end = _trim(text, start, max(lines[last - 1].end, head_line.end))
        part = owner.get(h.line) if restart else None
        path = f"{part.label}:{h.number}" if part else h.number
        marks = _clause_marks(lines, h, h.body if h.clause_at is None else h.line + 1, last, end)
        starts = {m.start for m in marks}
        clauses = []
        for j, mk in enumerate(marks):
            stop = _trim(text, mk.start, marks[j + 1].start if j + 1 < len(marks) else end)
            lo = bisect_left(ends, mk.start, h.line, last)  # the lines from the clause's start
            hi = min(bisect_left(ends, stop, lo, last) + 1, last)  # to its end
            # Line lo holds the clause number, so a clause on one line has no items.
            items = _items(text, lines, lo, hi, mk.start, stop, starts) if hi - lo > 1 else ()
            clauses.append(
                Clause(  # id, number, start, end, items: by position, as it is faster
                    f"{path}.{'.'.join(mk.sub)}",
                    mk.number,
                    mk.start,
                    stop,
                    items,
                )
            )
        articles.append(
            Article(
                path, part.label if part else None, h.number, h.title, start, end, tuple(clauses)
            )
        )
        if part:
            part_ends[part.line] = end
    out_parts = tuple(
        Part(p.label, p.title, lines[p.line].lead, part_ends[p.line])
        for p in parts
        if p.line in part_ends
    )
    return Outline(_doc_title(lines, chain[0].line), out_parts, tuple(articles))
