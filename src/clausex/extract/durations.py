"""Durations: a count and a time unit ("binnen 14 dagen", "dertig (30) werkdagen").

>>> text = "Betaling binnen dertig (30) dagen; opzegging één maand voor het einde."
>>> for d in find_durations(text):
...     print(d.value, d.unit, d.iso, d.qualifier, repr(d.text))
30.0 day P30D within 'binnen dertig (30) dagen'
1.0 month P1M before 'één maand'

Decisions (see also GUIDE.md):

- ``text`` runs from a qualifier right before the count ("binnen", "ten minste", after an
  optional "een termijn van") to the unit, so it reads as the condition it states; a
  relation after the unit ("14 dagen na levering" -> ``after``) sets the qualifier but stays
  outside the text. A plain "voor" before a count means "for" ("voor één jaar") and is no
  qualifier; "vóór" before, or "voor"/"eerder"/"van tevoren" after the unit, is ``before``.
- ``iso`` is ISO 8601. Halves go down to a whole smaller unit where one exists ("half jaar"
  is P6M, "anderhalf uur" PT90M), otherwise a decimal ("P0.5M"); a quarter is three months
  (P3M); working days have no ISO form (None).
- An etmaal is exactly 24 hours (unit ``hour``, value 24 per etmaal) and a kwartier 15
  minutes; other units keep the count as written.
- A range ("3 tot 5 dagen", "3-5 werkdagen") gives two facts: the first spans the qualifier
  and the first number only, the second the second number and the unit. Ends joined by a
  word may fall ("tussen 4 en 2 weken"); ends joined by a dash must rise ("2024-5 dagen" is
  no range). A list sharing one unit ("3, 6 of 12 maanden") gives one fact per count, the
  same way; its counts must rise, so a calendar year before a range is no list item.
- A product "2x24 uur" / "2 x 24 uur" states the length 2 x 24 = 48 hours: one fact, value
  48, its text the whole product. Fractions "1/2", "½", "1½", "1 1/2" are counts.
- A unit hyphenated at a line break ("werk-\ndagen", "da-\ngen") is read as the joined
  word; the text keeps the hyphen and the break.
- Ages are years attached to "oud", "ouder/jonger", "leeftijd", "vanaf" (unless a relation
  follows: "vanaf 1 jaar na"), to a child noun a few words before ("kinderen tot 4 jaar")
  unless a period word stands between or right after ("het kind ... uiterlijk 2 jaar na",
  "5 jaar bewaard"), or to a person subject by "is/zijn/moet" ("de huurder is minimaal 21
  jaar.", only where the years end the clause). A duration relation after the unit ("na",
  "voor") always makes a duration.
- Not durations: a count after "per", "elke" or "om de" (a rhythm), ages (above), times
  of day ("17.30 uur", "om 9 uur", "van 9 tot 17 uur"), ordinals ("de vijfde werkdag"),
  and "een" used as an article ("op een werkdag", "een gedeelte van een maand").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from operator import attrgetter
from string import ascii_letters

import regex

from clausex.data import load
from clausex.extract.numbers import (
    GAP,
    HSPACE,
    Hints,
    alternation,
    count_pieces,
    count_start_hint,
    finditer_near,
    fold,
    is_digits,
    number_word_pattern,
    number_words,
    parse_number,
    phrase_key,
    read_count,
    repeat_after,
    stems,
)
from clausex.records import Duration

# How far back a qualifier or a blocking word may start ("niet langer dan een periode van ").
_WINDOW = 60
# How far before its unit a match may start: two counts in long number words, a range
# separator, brackets and a line break.
_REACH = 200

# A count in digits or words. Digits use Dutch thousands dots ("1.000") and a decimal comma
# ("1,5 jaar"); a dot or colon followed by digits is a time of day ("17.30", "17:00") and is
# refused by the look-aheads, never read as a decimal.
_COUNT = r"""
(?:
    (?:\d{{1,3}}\x20?)?(?:[½¼¾]|[13]/[24])(?![\d/])                # 1/2, ½, 1½, 1 1/2
  | \d{{1,3}}(?:\.\d{{3}}){{1,3}}(?:,\d{{1,2}})?(?![\d.,:]\d|\d)  # 1.000 / 1.000,5
  | \d{{1,6}}(?:,\d{{1,2}})?(?![\d.,:]\d|\d)                    # 30 / 1,5
  | {words}(?!\p{{L}})                                          # dertig, vierentwintig
)
"""

# The characters of a count in digits ("1.000,5", "1 1/2", "2"), at most as many as the
# longest such count has: a quick look-ahead for what may follow one.
_DIGITS = r"[\d½¼¾](?:[\d.,/½¼¾]|\x20(?=[\d½¼¾])){0,20}"

_PATTERN = r"""
(?<![\p{{L}}\d.,:/])                     # a fresh token, not inside "17.30", "6:96" or a word
(?:
    (?:
       (?=[^\d½¼¾]|{digits}\s{{0,3}}[{joins}])  # (a count in digits that a comma, "x" or
       (?:                                #   a range word follows: else skip this at once)
         (?P<mult>\d{{1,2}})\s{{0,2}}[x×]\s{{0,2}}  # a product: "2x24 uur", "2 x 24 uur"
       |
         (?:(?P<item>{count})\s{{0,2}},\s{{1,3}}){{0,4}}  # a list: the "3, " of "3, 6 of 12"
         (?P<lo>{count})                  # first end of a range: "3" of "3 tot 5 dagen"
         \s{{0,3}}{range}\s{{0,3}}        # tot / t/m / à / - ...
       )
    )?
    (?P<num>{count})                      # the count
    (?:\s{{0,3}}\(\s{{0,2}}               # the count again in brackets:
       (?P<alt>{count})\s{{0,2}}\)        #   "dertig (30)", "1 (één)"
    )?
    {gap}                                 # spaces and at most one line break (PDF wrap)
    (?:
       (?P<unit>{units})                  # dagen, werkdagen, maand, etmaal ...
     | (?P<hunit>\p{{L}}{{1,12}}-\r?\n{hs}{{0,20}}\p{{L}}{{1,12}})  # hyphenated at a line
    )                                     #   break: "werk-\ndagen" (checked in Python)
    (?!\p{{L}})                           # whole word: not "maandelijks", "dagtekening"
  |
    (?P<cnum>\d{{1,4}}|{words})           # a count glued to an adjective ending:
    [-–]?(?P<suffix>{compounds})          #   "40-urige", "driejarige", "halfjaar"
    (?!\p{{L}})
)
"""

_ISO_DESIGNATORS = {
    "minute": "TM",
    "hour": "TH",
    "day": "D",
    "week": "W",
    "month": "M",
    "year": "Y",
}
# Where a fraction of a unit is a whole number of a smaller one (for ISO only).
_SMALLER_UNIT = {"year": ("month", 12), "day": ("hour", 24), "hour": ("minute", 60)}


@dataclass(frozen=True, slots=True)
class _Grammar:
    """The compiled patterns and word tables of the duration finder."""

    main: regex.Pattern[str]
    anchor: regex.Pattern[str]  # the unit words, cheap to find: main is tried near them only
    hints: Hints  # where anchor and main can start, found faster than by them
    units: dict[str, tuple[str, float]]  # folded unit word -> (unit, factor)
    compounds: dict[str, str]
    half_compounds: dict[str, str]
    qualifier_words: dict[str, str]
    qualifier: regex.Pattern[str]  # searched in the window before the count
    qualifier_vocabulary: frozenset[str]  # the words of qualifiers and fillers, lower case
    relation: regex.Pattern[str]  # matched after the unit
    relation_words: dict[str, str]
    frequency: regex.Pattern[str]
    article: regex.Pattern[str]
    age_before: regex.Pattern[str]
    age_after: regex.Pattern[str]
    age_nouns: regex.Pattern[str]
    age_persons: regex.Pattern[str]  # "de huurder is minimaal (21 jaar)"
    age_end: regex.Pattern[str]  # what may follow the years of such an age
    duration_context: regex.Pattern[str]  # "bewaard", "binnen": a period, not an age
    duration_after: regex.Pattern[str]  # such a word in the two words after the unit
    clock_before: regex.Pattern[str]
    clock_before_digits: regex.Pattern[str]
    clock_range_before: regex.Pattern[str]
    clock_after: regex.Pattern[str]
    trailing_alt: regex.Pattern[str]  # "30 dagen (dertig dagen)"


def _before(phrases: list[str]) -> regex.Pattern[str]:
    """A pattern for one of ``phrases`` as the last words before the search's end. It only
    tells whether there is one, so it searches from the end (REVERSE): one try at the end
    rather than one at each position of the window."""
    return regex.compile(
        rf"(?<!\p{{L}})(?:{alternation(phrases)})\s{{1,3}}\Z", regex.IGNORECASE | regex.REVERSE
    )


def _after(phrases: list[str]) -> regex.Pattern[str]:
    """A pattern for one of ``phrases`` as the first words from the match position."""
    return regex.compile(rf"{GAP}(?P<w>{alternation(phrases)})(?!\p{{L}})", regex.IGNORECASE)


@cache
def _grammar() -> _Grammar:
    units_data = load("time_units")
    cues = load("duration_cues")
    units: dict[str, tuple[str, float]] = {
        fold(k): (v, 1.0) for k, v in units_data["units"].items()
    }
    units |= {fold(k): (v[0], float(v[1])) for k, v in units_data["multiples"].items()}
    compounds = {fold(k): v for k, v in units_data["compounds"].items()}
    halves = {fold(k): v for k, v in units_data["half_compounds"].items()}
    words = number_word_pattern()
    count = _COUNT.format(words=words)
    separators = number_words().range_separators
    main = _PATTERN.format(
        count=count,
        words=words,
        digits=_DIGITS,
        joins=regex.escape("".join(sorted({",", "x", "×", *(s[0] for s in separators)}))),
        range=alternation(separators),
        gap=GAP,
        hs=HSPACE,
        units=alternation(units),
        compounds=alternation([*compounds, *halves]),
    )
    qualifiers = cues["qualifiers"]
    preps = alternation(cues["age_person_prepositions"])
    qualifier = (
        rf"(?<!\p{{L}})(?P<q>{alternation(qualifiers)})"
        rf"(?:\s{{1,3}}{alternation(cues['fillers'])})?\s{{1,3}}\Z"
    )
    trailing = rf"\s{{0,3}}\(\s{{0,2}}{count}{GAP}{alternation(units)}\s{{0,2}}\)"
    flags = regex.IGNORECASE | regex.VERBOSE
    return _Grammar(
        main=regex.compile(main, flags),
        anchor=regex.compile(
            rf"(?<!\p{{L}}){alternation(units)}(?!\p{{L}})|{alternation([*compounds, *halves])}"
            rf"|-\r?\n{HSPACE}{{0,20}}\p{{L}}{{1,12}}(?!\p{{L}})",  # "werk-\ndagen"
            regex.IGNORECASE,
        ),
        hints=Hints(  # a unit or compound word, or the hyphen of "werk-\ndagen"
            anchor=(*stems([*units, *compounds, *halves]), "-\n", "-\r"),
            start=re.compile(count_start_hint(".,:/")),  # as the look-behind of main
            pieces=count_pieces(number_words().range_separators, ["x"]),  # "2 x 24 uur"
            counted=True,  # a unit follows its count
        ),
        units=units,
        compounds=compounds,
        half_compounds=halves,
        qualifier_words={phrase_key(k): v for k, v in qualifiers.items()},
        qualifier=regex.compile(qualifier, regex.IGNORECASE),
        qualifier_vocabulary=frozenset(
            word.lower() for phrase in [*qualifiers, *cues["fillers"]] for word in phrase.split()
        ),
        relation=_after(list(cues["relations_after"])),
        relation_words={fold(k): v for k, v in cues["relations_after"].items()},
        frequency=_before(cues["frequency_before"]),
        article=_before(cues["article_before"]),
        age_before=_before(cues["age_before"]),
        age_after=_after(cues["age_after"]),
        age_nouns=regex.compile(
            rf"(?<!\p{{L}}){alternation(cues['age_nouns'])}(?!\p{{L}})"
            r"(?:\s{1,3}[\p{L}\d]{1,12}){0,3}\s{1,3}\Z",  # "kinderen van 0 tot (2 jaar)"
            regex.IGNORECASE,
        ),
        age_persons=regex.compile(
            rf"(?<!(?<!\p{{L}}){preps}\s{{1,3}}(?:\p{{L}}{{1,8}}\s{{1,3}})?)"  # the subject,
            rf"(?<!\p{{L}}){alternation(cues['age_persons'])}"  # not "voor de klant"
            rf"(?:\s{{1,3}}{preps}(?:\s{{1,3}}\p{{L}}{{1,15}}){{1,2}})?"  # "van de bus"
            rf"\s{{1,3}}{alternation(cues['age_copulas'])}"  # is / moet
            rf"(?:\s{{1,3}}{alternation(cues['age_limits'])})?\s{{1,3}}\Z",  # minimaal
            regex.IGNORECASE,
        ),
        age_end=regex.compile(
            rf"{GAP}(?:[.;:,!?)]|\Z|{alternation(cues['age_end_words'])}(?!\p{{L}}))",
            regex.IGNORECASE,
        ),
        duration_context=regex.compile(
            rf"(?<!\p{{L}}){alternation(cues['duration_context'])}(?!\p{{L}})", regex.IGNORECASE
        ),
        duration_after=regex.compile(  # "5 jaar (lang) bewaard"
            rf"(?:{GAP}\p{{L}}{{1,15}}){{0,2}}{GAP}{alternation(cues['duration_context'])}"
            r"(?!\p{L})",
            regex.IGNORECASE,
        ),
        clock_before=_before(cues["clock_before"]),
        clock_before_digits=_before(cues["clock_before_digits"]),
        clock_range_before=_before(cues["clock_range_before"]),
        clock_after=_after(cues["clock_after"]),
        trailing_alt=regex.compile(trailing, flags),
    )


def iso_duration(value: float, unit: str) -> str | None:
    """ISO 8601 for ``value`` ``unit``s; None for working days.

    >>> iso_duration(14, "day"), iso_duration(0.5, "year"), iso_duration(2, "quarter")
    ('P14D', 'P6M', 'P6M')
    >>> iso_duration(24, "hour"), iso_duration(1.5, "hour"), iso_duration(3, "working_day")
    ('PT24H', 'PT90M', None)
    """
    if unit == "quarter":
        return iso_duration(value * 3, "month")
    if unit not in _ISO_DESIGNATORS:
        return None
    if not float(value).is_integer() and unit in _SMALLER_UNIT:
        smaller, factor = _SMALLER_UNIT[unit]
        if float(value * factor).is_integer():
            return iso_duration(value * factor, smaller)
    number = str(int(value)) if float(value).is_integer() else f"{value:g}"
    designator = _ISO_DESIGNATORS[unit]
    return f"PT{number}{designator[1]}" if designator[0] == "T" else f"P{number}{designator}"


def _is_article(text: str, start: int, num: str, g: _Grammar) -> bool:
    """Whether the "een" at ``start`` is the indefinite article rather than a count."""
    return num.lower() == "een" and bool(g.article.search(text, max(0, start - _WINDOW), start))


def _is_age(text: str, m: regex.Match[str], window: int, g: _Grammar) -> bool:
    """Whether a count of years is an age: years attached to "oud", "ouder/jonger" or
    "leeftijd", to a child noun ("kinderen tot 4 jaar") or to a person by "is/zijn" ("de
    huurder is minimaal 21 jaar."). Years counted from an event ("2 jaar na het einde") or
    named a period ("bewaard", "binnen", "gedurende") are a duration, even where a child
    is the subject of the sentence."""
    first = m.start()
    if g.age_after.match(text, m.end()):
        return True
    if g.relation.match(text, m.end()) or g.duration_after.match(text, m.end()):
        return False
    if g.age_before.search(text, window, first):
        return True
    noun = g.age_nouns.search(text, window, first)
    if noun is not None and not g.duration_context.search(text, noun.start(), first):
        return True
    return bool(g.age_persons.search(text, window, first) and g.age_end.match(text, m.end()))


def _is_excluded(
    text: str, m: regex.Match[str], unit: str, value: float, is_range: bool, g: _Grammar
) -> bool:
    """Whether the count and unit are a rhythm, an age or a time of day, not a duration.

    The words before the whole match are read, also where its first number was dropped
    as a range end ("kinderen van 0 tot 2 jaar").
    """
    first = m.start()
    window = max(0, first - _WINDOW)
    if g.frequency.search(text, window, first) or _is_article(text, m.start("num"), m["num"], g):
        return True
    if unit == "year" and _is_age(text, m, window, g):
        return True
    if (
        unit == "hour"
        and value.is_integer()
        and value <= 24
        and not g.relation.match(text, m.end())
    ):
        in_digits = is_digits(text[first : m.end("num")])
        return bool(
            g.clock_before.search(text, window, first)
            or (in_digits and g.clock_before_digits.search(text, window, first))
            or (is_range and g.clock_range_before.search(text, window, first))
            or g.clock_after.match(text, m.end())
        )
    return False


def _phrase_start(text: str, window: int, end: int, vocabulary: frozenset[str]) -> int | None:
    """Where a phrase of ``vocabulary`` words (each after one to three spaces) that ends one
    to three spaces before ``end`` can start at the earliest, None where none can end there:
    the start of the run of such words before ``end``. Where an unusual space or letter
    stops the walk back, ``window`` (search it all)."""
    start, i = None, end
    while True:
        spaces = i
        while spaces > window and i - spaces < 3 and text[spaces - 1] in " \t\r\n":
            spaces -= 1
        word_end = spaces
        # the run of ASCII letters before the spaces (rstrip, many times faster than a loop)
        word_start = window + len(text[window:spaces].rstrip(ascii_letters))
        other_letter = word_start > window and text[word_start - 1].isalpha()
        if spaces > window and (
            not text[spaces - 1].isascii() or text[spaces - 1] in "\x0b\x0c\x1c\x1d\x1e\x1f"
        ):  # an unusual space or letter: ask the pattern
            return window
        if spaces == i or word_start == word_end:  # no space, or no word after it
            return start
        if other_letter:  # a word with a non-ASCII letter ("ſ" is an "s" to the pattern)
            return window
        word = text[word_start:word_end]
        if word.lower() not in vocabulary:
            return start
        start, i = word_start, word_start


def _qualifier(text: str, first: int, end: int, g: _Grammar) -> tuple[int, str | None]:
    """Where the fact starts and its qualifier: a word right before the count, or else a
    relation right after the unit."""
    window = max(0, first - _WINDOW)
    # Most counts have no qualifier, and the words before a count tell where one can start
    # at the earliest: the pattern is searched from there (the first start counts:
    # "uiterlijk binnen", not "binnen").
    start = _phrase_start(text, window, first, g.qualifier_vocabulary)
    q = None if start is None else g.qualifier.search(text, start, first)
    if q is not None:
        return q.start(), g.qualifier_words[phrase_key(q["q"])]
    r = g.relation.match(text, end)
    if r is not None:
        return first, g.relation_words[phrase_key(r["w"])]
    return first, None


def _compound(text: str, m: regex.Match[str], g: _Grammar) -> list[Duration]:
    """A count glued to an adjective ending ("40-urige", "tweejarig", "halfjaar")."""
    suffix = fold(m["suffix"])
    value = parse_number(m["cnum"])
    if value is None:
        return []
    unit = g.compounds.get(suffix)
    if unit is None:  # "jaar"/"uur" glued only to a half: "halfjaar", "anderhalfuur"
        if value.is_integer():
            return []
        unit = g.half_compounds[suffix]
    return [
        Duration(
            text=m.group(),
            start=m.start(),
            end=m.end(),
            value=value,
            unit=unit,
            iso=iso_duration(value, unit),
        )
    ]


def _unit_key(m: regex.Match[str]) -> str:
    """The folded unit word, with a hyphenation at a line break undone ("werk-\ndagen")."""
    if m["unit"] is not None:
        return phrase_key(m["unit"])
    return fold("".join(m["hunit"].replace("-", " ").split()))


def _listed(m: regex.Match[str], lo_count: float) -> list[tuple[float, int, int]]:
    """``(value, start, end)`` of the counts of a list before a range's first end, or none
    where they do not rise: "2023, 2 of 3 jaar" is a year, then a range."""
    values = [parse_number(n) for n in m.captures("item")]
    listed = [v for v in values if v is not None and v > 0]
    if len(listed) < len(values) or listed != sorted(set(listed)) or listed[-1:] >= [lo_count]:
        return []
    return list(zip(listed, m.starts("item"), m.ends("item"), strict=True))


def _counted(text: str, m: regex.Match[str], g: _Grammar) -> list[Duration]:
    """A count (or range, list or product) followed by a unit word."""
    unit_factor = g.units.get(_unit_key(m))
    if unit_factor is None:  # a hyphenated word that is no unit
        return []
    unit, factor = unit_factor
    lo_count, count, first = read_count(text, m)
    if count is not None and m["mult"] is not None:  # "2x24 uur" states 48 hours
        count *= int(m["mult"])
        first = m.start()
    if count is None or count <= 0:
        return []
    value = count * factor
    if _is_excluded(text, m, unit, value, lo_count is not None, g):
        return []
    # The ends before the last count: the earlier counts of a list ("3, 6 of 12 maanden"),
    # then the first end of a range; each is a fact of its own (GUIDE: ranges are two).
    ends = (
        [] if lo_count is None else [*_listed(m, lo_count), (lo_count, m.start("lo"), m.end("lo"))]
    )
    if ends:
        first = ends[0][1]
    start, qualifier = _qualifier(text, first, m.end(), g)
    end = m.end()
    alt = repeat_after(g.trailing_alt, text, end)
    if alt is not None and m.group("alt") is None:
        end = alt.end()
    facts = []
    for i, (number, number_start, number_end) in enumerate(ends):
        fact_start = start if i == 0 else number_start
        facts.append(
            Duration(
                text=text[fact_start:number_end],
                start=fact_start,
                end=number_end,
                value=number * factor,
                unit=unit,
                iso=iso_duration(number * factor, unit),
                qualifier=qualifier,
            )
        )
    if ends:
        start = m.start("num")
    facts.append(
        Duration(
            text=text[start:end],
            start=start,
            end=end,
            value=value,
            unit=unit,
            iso=iso_duration(value, unit),
            qualifier=qualifier,
        )
    )
    return facts


def find_durations(text: str) -> list[Duration]:
    """Every duration in ``text``, in order of start; offsets index ``text``.

    >>> [(d.value, d.unit, d.text) for d in find_durations("3-5 werkdagen, een half jaar")]
    [(3.0, 'working_day', '3'), (5.0, 'working_day', '5 werkdagen'), (0.5, 'year', 'een half jaar')]
    >>> find_durations("elke maand om 17.30 uur, de vijfde werkdag, per 2 jaar")
    []
    """
    g = _grammar()
    facts: list[Duration] = []
    for m in finditer_near(g.main, g.anchor, text, _REACH, hints=g.hints):
        if facts and m.start() < facts[-1].end:  # the repeat in brackets of the last one
            continue
        found = _compound(text, m, g) if m.group("suffix") else _counted(text, m, g)
        facts.extend(found)
    return sorted(facts, key=attrgetter("start", "end"))
