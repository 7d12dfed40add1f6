"""Percentages ("1,5% per maand", "tien procent") and money ("€ 1.000,-", "100 euro").

>>> [(p.value, p.per, p.text) for p in find_percentages("rente van 1,5% per maand")]
[(1.5, 'month', '1,5%')]
>>> [(m.value, m.currency, m.vat, m.text) for m in find_money("minimaal € 2.500,– excl. btw")]
[(2500.0, 'EUR', 'excl', '€ 2.500,–')]

Decisions:

- A percentage's ``text`` is the number and the sign; a rate period after it ("per
  (gedeelte van een) maand", "per annum") sets ``per`` and stays outside the text. Up to two
  listed words may stand between ("2% rente per maand", "1% van het factuurbedrag per
  jaar"); other words, or a sentence end, leave ``per`` None.
- A money ``text`` is the currency and the amount as written, with its dash or scale
  ("€ 1.000,-", "€ 2,5 miljoen") and the same amount repeated in brackets ("€ 50.000,-
  (vijftigduizend euro)"); "excl./incl. btw" next to it sets ``vat`` outside the text.
- Numbers are read the Dutch way (see ``numbers.parse_digits``): "€ 1.000" is a thousand,
  "€ 1,5" one and a half, "€ 1.5" (English point, not a three-digit group) also 1.5, and
  "$ 1,000" a thousand because dollars and pounds are written the English way. After a
  currency sign, spaces between groups of exactly three digits separate thousands ("€ 1
  000,00" is 1000.0); a group of another length is a new number ("€ 15 25 keer").
- A range ("10-15%", "10 à 15 procent") gives two percentages; the first spans its number.
- A currency without an amount ("in euro's") is no fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import regex

from clausex.data import load
from clausex.extract.numbers import (
    GAP,
    HSPACE,
    STOPS,
    Hints,
    alternation,
    count_pieces,
    count_start_hint,
    finditer_near,
    first_words,
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
from clausex.records import Money, Percentage

# How far back a "excl. btw" before an amount may start.
_WINDOW = 30
# How far from its sign or currency a match may start or end (numbers in long words, a
# repeat in brackets, a line break).
_REACH = 200

# A percentage in digits or words; "1 ,5" (a space before the decimal comma) comes from OCR.
_PERCENT_NUMBER = r"""
(?:
    \d{{1,3}}(?:\.\d{{3}}){{1,3}}(?:,\d{{1,4}})?(?!\d)  # 1.000 / 1.000,5
  | \d{{1,6}}(?:\x20?[.,]\d{{1,4}})?(?!\d)             # 15 / 1,5 / 1 ,5 / 1.5
  | {words}(?!\p{{L}})                                 # tien, vijfentwintig
)
"""

_PERCENT = r"""
(?<![\p{{L}}\d.,])                   # a fresh token, not the "5" of "1,5"
(?:(?P<lo>{number})                  # first end of a range: "10" of "10-15%"
   \s{{0,3}}{range}\s{{0,3}}
)?
(?P<num>{number})                    # the percentage
(?:\s{{0,3}}\(\s{{0,2}}              # the number again in brackets: "tien (10) procent"
   (?P<alt>{number})\s{{0,2}}\)
)?
{gap}                                # spaces, at most one line break
(?P<sign>%|{words_sign}(?!\p{{L}}))  # %, procent, pct
"""

# Where a percentage states its rate period: "per maand", "per (gedeelte van een) maand",
# "per annum", also after a few words that name what the rate is of ("2% rente per maand",
# "1% van het factuurbedrag per maand"): a fixed list, so it never runs past a sentence.
_PERIOD = r"""
\s{{0,3}}\(?\s{{0,2}}
(?:{fillers}\s{{1,3}}){{0,2}}                                       # rente, van het factuurbedrag
(?:
    (?:per\s{{1,3}}|/\s{{0,2}})                                     # per / "1%/maand"
    (?:\(?\s{{0,2}}(?:een\s{{1,3}})?(?:gedeelte|deel)\s{{1,3}}van  # (gedeelte van een)
       (?:\s{{1,3}}een)?\s{{0,2}}\)?\s{{0,3}}
    )?
    (?P<period>{periods})
  | (?P<adverb>{adverbs})
)
(?!\p{{L}})
"""

# An amount in digits: Dutch thousands dots ("1.000.000,00"), English commas ("1,000.50"),
# no-break spaces between groups, up to five decimals (energy prices: "€ 0,24531").
_AMOUNT = r"""
(?:
    \d{{1,3}}(?:[.,\u00a0\u202f]\d{{3}}){{1,4}}(?:[.,]\d{{1,5}})?(?!\d)
  | \d{{1,12}}(?:[.,]\d{{1,5}})?(?!\d)
)
"""

# After a currency sign only: spaces between groups of three digits ("€ 1 000,00", "€ 25 000").
# Every group has exactly three digits and no digit may follow, so "€ 5 of 10%" and "€ 10
# 20" stay apart.
_SPACED = r"\d{{1,3}}(?:\x20\d{{3}}){{1,3}}(?:,\d{{1,5}})?(?![\d.,]?\d)"

# The character right before a sign or a currency that follows its number: the number's
# last digit or letter, a dash, a bracket or white space (so "€€€€" is no anchor at all).
# A currency after an amount stands right after the amount's last character or after a
# short gap ("150 euro", "150,-\neuro"); a currency after a blank that follows no amount
# ("€ € €") is no anchor, so a run of signs does not send the whole text to the pattern.
_NEXT_TO_NUMBER = rf"(?<=[\p{{N}}\p{{L}})\-–—=.]{GAP}?)"

# What may end a whole amount: "€ 10,-", "€ 2.500,–", "Eur 100,=", "EUR 100.000,.", "€ 25.-".
_TAIL = r"(?:,\x20?[-–—=]{1,2}|,\.(?!\d)|\.-)"

_MONEY = r"""
(?:
    (?<![\p{{L}}\d])                     # currency first: "€ 150,-", "EUR 25", "Eur. 10"
    (?P<cur>{cur_before})(?!\p{{L}})\.?
    {gap}                                # spaces, at most one line break
    (?P<amount>{spaced}|{amount})(?P<tail>{tail})?
    (?:{hs}{{1,3}}(?P<scale>{scales})(?!\p{{L}}))?   # "€ 2,5 miljoen"
  |
    (?<![\p{{L}}\d.,])                   # amount first: "100 euro", "duizend euro"
    (?P<amount>{amount}|{words}(?!\p{{L}}))(?P<tail>{tail})?
    (?:\s{{0,3}}\(\s{{0,2}}              # the amount again: "vijfhonderd (500) euro"
       (?P<alt>{amount}|{words}(?!\p{{L}}))\s{{0,2}}\)
    )?
    (?:{hs}{{1,3}}(?P<scale>{scales})(?!\p{{L}}))?
    {gap}
    (?P<cur>{cur_after})(?!\p{{L}})(?!{hs}{{0,3}}\d)  # not "een Euro 5-motor"
)
"""

# The same amount repeated in brackets after it: "(vijftig duizend Euro)", "(zegge: € 500)".
_MONEY_ALT = r"""
\s{{0,3}}\(\s{{0,2}}(?:zegge:?\s{{1,3}})?
(?:{cur_before}\.?\s{{0,3}})?
(?P<amount>{amount}|{words}(?!\p{{L}}))(?:{tail})?
(?:{hs}{{1,3}}(?P<scale>{scales})(?!\p{{L}}))?
(?:{gap}{cur_after}(?!\p{{L}}))?
\s{{0,2}}\)
"""


@dataclass(frozen=True, slots=True)
class _Grammar:
    """Compiled patterns and word tables of the percentage and money finders."""

    percent: regex.Pattern[str]
    percent_anchor: regex.Pattern[str]  # the signs, cheap to find: percent is tried near them
    percent_hints: Hints  # where percent_anchor and percent can start, found faster
    percent_alt: regex.Pattern[str]
    amount_before: regex.Pattern[str]  # a currency right before a number: "€ 5 of 10%"
    period: regex.Pattern[str]
    periods: dict[str, str]
    money: regex.Pattern[str]
    money_anchor: regex.Pattern[str]  # the currencies, cheap to find: money is tried near them
    money_hints: Hints  # where money_anchor and money can start, found faster
    money_alt: regex.Pattern[str]
    vat_after: regex.Pattern[str]
    not_money: regex.Pattern[str]  # "Euro 6-norm" is an emission class
    vat_before: regex.Pattern[str]
    currencies: dict[str, str]  # folded sign or word -> ISO 4217
    english_style: frozenset[str]
    scales: dict[str, float]
    vat: dict[str, str]


@cache
def _grammar() -> _Grammar:
    cur = load("currencies")
    pct = load("percent_words")
    words = number_word_pattern()
    flags = regex.IGNORECASE | regex.VERBOSE
    number = _PERCENT_NUMBER.format(words=words)
    word_signs = [s for s in pct["signs"] if s[0].isalpha()]
    sign = rf"(?:%|{alternation(word_signs)}(?!\p{{L}}))"
    parts = {
        "cur_before": alternation(cur["before"]),
        "cur_after": alternation(cur["after"]),
        "amount": _AMOUNT.format(),
        "spaced": _SPACED.format(),
        "tail": _TAIL,
        "scales": alternation(cur["scales"]),
        "words": words,
        "gap": GAP,
        "hs": HSPACE,
    }
    vat = alternation(cur["vat"])
    vat_words = alternation(cur["vat_words"])
    vat_after = (
        rf"{HSPACE}{{0,3}}[,(]?\s{{0,2}}(?:per\s{{1,3}}\p{{L}}{{1,20}}\s{{1,3}})?"  # per maand
        rf"(?P<vat>{vat})\s{{0,3}}(?:\d{{1,2}}\x20?%\s{{1,3}})?"  # excl. (21%)
        rf"{vat_words}(?!\p{{L}})"
    )
    vat_before = rf"(?<!\p{{L}})(?P<vat>{vat})\s{{0,3}}{vat_words}\s{{0,3}}:?\s{{0,3}}\Z"
    return _Grammar(
        percent=regex.compile(
            _PERCENT.format(
                number=number,
                range=alternation(number_words().range_separators),
                gap=GAP,
                words_sign=alternation(word_signs),
            ),
            flags,
        ),
        percent_anchor=regex.compile(_NEXT_TO_NUMBER + sign, regex.IGNORECASE),
        percent_hints=Hints(  # as the look-behind of percent
            anchor=stems(pct["signs"]),
            start=re.compile(count_start_hint(".,")),
            pieces=count_pieces(number_words().range_separators),
            counted=True,  # a sign follows its number
        ),
        amount_before=regex.compile(
            rf"{parts['cur_before']}(?!\p{{L}})\.?{GAP}\Z", regex.IGNORECASE
        ),
        percent_alt=regex.compile(rf"\s{{0,3}}\(\s{{0,2}}{number}{GAP}{sign}\s{{0,2}}\)", flags),
        period=regex.compile(
            _PERIOD.format(
                periods=alternation(pct["periods"]),
                adverbs=alternation(pct["period_adverbs"]),
                fillers=alternation(pct["period_fillers"]),
            ),
            flags,
        ),
        periods={phrase_key(k): v for k, v in (pct["periods"] | pct["period_adverbs"]).items()},
        money=regex.compile(_MONEY.format(**parts), flags),
        money_anchor=regex.compile(
            rf"{parts['cur_before']}(?!\p{{L}})\.?{GAP}\d"  # "€ 150": a digit follows
            rf"|{_NEXT_TO_NUMBER}{parts['cur_after']}(?!\p{{L}})",  # "150 euro"
            regex.IGNORECASE,
        ),
        money_hints=Hints(  # money starts with a currency or with a count (as the
            anchor=stems([*cur["before"], *cur["after"]]),  # look-behinds of money)
            start=re.compile(
                rf"(?<![a-z0-9])(?:{first_words(cur['before'])})|{count_start_hint('.,')}"
            ),
            pieces=count_pieces(cur["scales"]),  # "€ 2,5 miljoen"
            stops=STOPS.replace("=", ""),  # "EUR 100,="
        ),
        money_alt=regex.compile(_MONEY_ALT.format(**parts), flags),
        vat_after=regex.compile(vat_after, regex.IGNORECASE),
        not_money=regex.compile(
            rf"{HSPACE}{{0,2}}{alternation(cur['not_money_after'])}(?!\p{{L}})", regex.IGNORECASE
        ),
        vat_before=regex.compile(vat_before, regex.IGNORECASE),
        currencies={fold(k): v for k, v in (cur["before"] | cur["after"]).items()},
        english_style=frozenset(cur["english_style"]),
        scales={fold(k): float(v) for k, v in cur["scales"].items()},
        vat={fold(k): v for k, v in cur["vat"].items()},
    )


def find_percentages(text: str) -> list[Percentage]:
    """Every percentage in ``text``, in order of start; offsets index ``text``.

    >>> [(p.value, p.text) for p in find_percentages("10-15%, tien procent en 1 ,5 %")]
    [(10.0, '10'), (15.0, '15%'), (10.0, 'tien procent'), (1.5, '1 ,5 %')]
    """
    g = _grammar()
    facts: list[Percentage] = []
    for m in finditer_near(g.percent, g.percent_anchor, text, _REACH, hints=g.percent_hints):
        if facts and m.start() < facts[-1].end:  # the repeat in brackets of the last one
            continue
        lo, value, first = read_count(text, m)
        if value is None:
            continue
        if lo is not None and g.amount_before.search(text, max(0, first - _WINDOW), first):
            lo, first = None, m.start("num")  # "€ 5 of 10%": the 5 is an amount
        end = m.end()
        alt = repeat_after(g.percent_alt, text, end)
        if alt is not None and m["alt"] is None:
            end = alt.end()
        period = g.period.match(text, end)
        per = (
            None if period is None else g.periods[phrase_key(period["period"] or period["adverb"])]
        )
        if lo is not None:
            facts.append(
                Percentage(text=m["lo"], start=m.start("lo"), end=m.end("lo"), value=lo, per=per)
            )
        start = first if lo is None else m.start("num")
        facts.append(Percentage(text=text[start:end], start=start, end=end, value=value, per=per))
    return facts


def _money_value(amount: str, alt: str | None, scale: str | None, english: bool) -> float | None:
    g = _grammar()
    if alt is not None and is_digits(alt) and not is_digits(amount):
        amount = alt
    value = parse_number(amount, english=english)
    if value is None:
        return None
    return value * (g.scales[phrase_key(scale)] if scale else 1.0)


def find_money(text: str) -> list[Money]:
    """Every amount of money in ``text``, in order of start; offsets index ``text``.

    >>> text = "€50.000,- (vijftig duizend Euro), EUR 2,5 mln, $1,000; duizend euro; in euro's"
    >>> for m in find_money(text):
    ...     print(m.value, m.currency, repr(m.text))
    50000.0 EUR '€50.000,- (vijftig duizend Euro)'
    2500000.0 EUR 'EUR 2,5 mln'
    1000.0 USD '$1,000'
    1000.0 EUR 'duizend euro'
    """
    g = _grammar()
    facts: list[Money] = []
    for m in finditer_near(g.money, g.money_anchor, text, _REACH, _REACH, g.money_hints):
        if facts and m.start() < facts[-1].end:  # the repeat in brackets of the last one
            continue
        currency = g.currencies[phrase_key(m["cur"])]
        english = currency in g.english_style
        value = _money_value(m["amount"], m["alt"], m["scale"], english)
        if value is None or g.not_money.match(text, m.end()):
            continue
        end = m.end()
        alt = repeat_after(g.money_alt, text, end)
        if alt is not None and m["alt"] is None:
            repeated = _money_value(alt["amount"], None, alt["scale"], english)
            if repeated is not None and abs(repeated - value) <= 0.005 * value:
                end = alt.end()
        vat = g.vat_after.match(text, end) or g.vat_before.search(
            text, max(0, m.start() - _WINDOW), m.start()
        )
        facts.append(
            Money(
                text=text[m.start() : end],
                start=m.start(),
                end=end,
                value=value,
                currency=currency,
                vat=None if vat is None else g.vat[phrase_key(vat["vat"])],
            )
        )
    return facts
