"""Forums for disputes and choices of law in Dutch T&Cs: pure ``str -> list[Fact]`` finders.

>>> [(c.city, c.name, c.court, c.ecli, c.kind) for c in find_courts(
...     "Geschillen worden voorgelegd aan de bevoegde rechter te Arnhem.")]
[('Arnhem', None, 'Rechtbank Gelderland', 'RBGEL', 'rechtbank')]
>>> [(g.text, g.value, g.excludes_cisg) for g in find_governing_law(
...     "Op de koop is Nederlands recht van toepassing. Het Weens Koopverdrag is uitgesloten.")]
[('Nederlands recht', 'NL', True)]
>>> normalise_court("rechtbank Alkmaar")
('Rechtbank Noord-Holland', 'RBNHO')

Decisions (each has rows in tests/cases/courts.json):

- A court is a fact only in a sentence that assigns disputes to it (a cue such as "geschillen",
  "bevoegd", "voorgelegd", "beslist", "wenden tot"), never as the registry of a deposit ("ter
  griffie van de rechtbank te X"). Named dispute bodies need no cue: their name says it.
- "rechter/rechtbank te X" and "rechter in het arrondissement X" give ``city`` X; a court named
  directly ("Rechtbank Limburg", "rechter van de rechtbank Limburg") gives ``name``.
- "rechtbank te Alkmaar, locatie Haarlem": ``city`` is the sitting place named last (Haarlem),
  ``name`` the court if it is named; ``court``/``ecli`` come from the court (here Alkmaar).
- A described forum ("de bevoegde rechter van de woonplaats van de consument") needs "de"/"het"
  and a cue ("bevoegd" only right after it); it is dropped when it says "andere" or follows
  "tenzij"/"behoudens"/"voor zover" (a fallback that names no forum), after "bevoegdheid van",
  and in capitals (a heading). A bare "de rechter" also needs "aan/bij/tot/door/voor" before it,
  possibly as the second of two forums ("aan een geschillencommissie of de rechter").
- A forum offered to one party is a fact: cues include "adiëren", "aanbrengen bij", "kiezen
  voor", "zich wenden tot", "dagvaarden".
- A described forum in a conditional lead-in ("Wil de klant het geschil aan de rechter
  voorleggen, dan is de kantonrechter te Utrecht bevoegd") is dropped when the main clause
  after ", dan" names a forum; ", dan wel" ("or") keeps both.
- English clauses are read too: "the competent court in Amsterdam", "the courts of
  Rotterdam", "governed by Dutch law", "the laws of the Netherlands" (English country words
  in countries.json); "incorporated under Dutch law" is a reference, not a choice.
- A heading line ("Artikel 15 – Nederlands recht", no verb) gives no fact: the clause under it
  states the forum or law again.
- Flemish forms are read too ("de rechtbanken van het gerechtelijk arrondissement Gent", "de
  vrederechter te Brugge"); places outside the Netherlands keep their city, court/ecli null.
- Governing law needs a choice word in the sentence ("van toepassing", "beheerst", "onderworpen
  aan", ...) and is dropped after "in strijd met", "op grond van", "dwingend", and in "een
  vennootschap naar Nederlands recht". "Nederlandse wetgeving" and "wet- en regelgeving" count;
  a bare "Nederlandse wet" does not (it is nearly always a reference to one statute).
- ``excludes_cisg`` is true when the same sentence, the next one, or the one before in the same
  paragraph excludes the Vienna Sales Convention ("Weens Koopverdrag", "CISG", ...).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import islice

import regex

from clausex.data import load
from clausex.extract.numbers import lowered, occurrences
from clausex.records import Court, GoverningLaw

# ---------------------------------------------------------------------------------------------
# Pattern fragments
# ---------------------------------------------------------------------------------------------

# A Dutch place or court region as written after "te", "rechtbank", "arrondissement".
PLACE = r"""
    (?:['’‘`][sS][-\ \xa0]|s-)?                     # 's-Hertogenbosch, 's-Gravenhage
    (?:(?:Den|De|Ter|Ten|Sint|DEN|DE)[\ \xa0])?     # Den Haag, Den Helder, De Bilt
    \p{Lu}\p{L}*+                                   # the first word (or an all-caps word)
    (?:[\ \xa0](?:Holland|Nederland|Brabant)(?!\p{L}))?  # "Noord Holland" without hyphen
    (?:-\p{Lu}\p{L}*+){0,3}                         # Sittard-Geleen, Zeeland-West-Brabant
    (?:[\ \xa0](?:op|aan|bij)(?:[\ \xa0](?:den|de|der))?[\ \xa0]\p{Lu}\p{L}*+)?  # Bergen op Zoom
"""

# Markdown emphasis around a place: "te **Leeuwarden**".
MARK = r"(?:\*\*?|__?)?"

# A court of the judiciary, with the words around it that make up the forum phrase.
FORUM = rf"""
    (?<![\p{{L}}\-])                                # starts a word
    (?P<det>(?i:de|het|een|the)\s++)?               # article: only "de"/"het"/"the" describe
    (?P<mods>
      (?:(?i:daartoe|terzake|ter\ zake|volgens\ de\ wet|wettelijk|absoluut|relatief
            |territoriaal|exclusief|uitsluitend)\s++)?        # how it is competent
      (?:(?i:bevoegde|competente|burgerlijke|civiele|gewone|nederlandse|belgische|andere
            |eerst\ aangezochte|competent|dutch)\s++){{0,3}}  # its adjectives
    )
    (?:
      # a court named directly: "Rechtbank Limburg", "gerechtshof Arnhem-Leeuwarden"
      (?P<nhead>(?i:arrondissementsrechtbank|ondernemingsrechtbank|rechtbank|kantongerecht
            |gerechtshof|hof))
      [\ \t\xa0]++(?!(?i:te|in|van|ter|voor|bij|op)\b)  # on its line; not "rechtbank te X"
      {MARK}(?P<nplace>{PLACE}){MARK}
    |
      (?P<head>(?i:arrondissementsrechtbank|ondernemingsrechtbank|rechtbank|kantongerecht
            |voorzieningenrechter|kantonrechter|vrederechter|gerechtshof|rechter
            |hoge\ raad(?:\ der\ nederlanden)?|hof))
      (?i:en|s)?                                    # plural: "de rechtbanken te Gent"
      (?![\p{{L}}\-])                               # not "rechterlijke", "rechter-commissaris"
      (?:
        \s++(?P<prep>(?i:te|in|binnen))\s++{MARK}(?P<city>{PLACE}){MARK}  # "rechter te Alkmaar"
      | \s++(?i:in|van|binnen|voor)\s++(?i:het)\s++(?:(?i:gerechtelijk)\s++)?
        (?i:arrondissement|ressort)\s++{MARK}(?P<arr>{PLACE}){MARK}  # "in het arrondissement X"
      | \s++(?i:van|bij)\s++(?i:de)\s++
        (?P<ihead>(?i:arrondissementsrechtbank|rechtbank|kantongerecht))
        \s++(?:(?P<ite>(?i:te))\s++)?(?P<iplace>{PLACE})          # "rechter van de rechtbank X"
      | (?P<where>\s++(?i:van|in|ter)\s++(?i:de|het|zijn|haar|diens)\s++
        (?i:woonplaats|vestigingsplaats|verblijfplaats|plaats|statutaire\ zetel|zetel
            |vestiging|arrondissement)
        (?:/\p{{L}}++)?                             # "woonplaats/vestigingsplaats"
        (?:\s++(?i:van)\s++(?:(?i:de|het)\s++)?\p{{L}}++)?)       # "van de consument"
      )?
    |
      (?P<ehead>(?i:courts?))(?![\p{{L}}\-])           # English: "the competent court in X",
      \s++(?i:in|of|at)\s++(?:(?i:the)\s++)?        #   "the courts of (the) X"
      {MARK}(?P<ecity>{PLACE}){MARK}
    )
    (?:,?\s*+\(?(?i:locatie|zittingsplaats)\s++(?P<loc>{PLACE})\)?)?   # ", locatie Haarlem"
"""

# Words that assign disputes to a forum; one must stand in the forum's sentence.
COURT_CUE = r"""
    (?<!\p{L})(?:
      geschil\p{L}*                                 # geschil, geschillen
    | voor(?:\ te\ )?leg\p{L}*|voorgelegd           # voorleggen, voor te leggen, voorgelegd
    | aanhangig | beslecht\p{L}* | beslist | beslissen | berecht\p{L}*
    | behandeld | kennis\ (?:te\ )?nem\p{L}* | kennisname
    | wend\p{L}* | dagvaard\p{L}* | procede\p{L}* | procedure\p{L}*
    | forum\p{L}* | jurisdictie | competent\p{L}* | beroep | cassatie | arbitra\p{L}*
    | adi[eë]\p{L}* | geadi[eë]\p{L}*               # adiëren: to bring a case before a court
    | aan(?:\ te\ )?breng\p{L}* | aangebracht       # "kan het geschil aanbrengen bij"
    | kie[sz]\p{L}* | gekozen | keuze                # "kan kiezen voor de rechter van ..."
    | disputes? | jurisdiction | submitted | settled | litigation   # English clauses
    )
"""

# "bevoegd" also says what a party may do ("Leverancier is bevoegd te ontbinden"), so it is a
# cue for a described forum only right after it ("de Nederlandse rechter is bij uitsluiting
# bevoegd"); for a court with a place or name it counts anywhere in the sentence.
COMPETENT = r"(?<!\p{L})bevoegd\p{L}*"
COMPETENT_AFTER = r"[^.;,]{0,30}?(?<!\p{L})bevoegd"

# A court named as the registry of deposited terms, not as a forum.
REGISTRY_BEFORE = r"(?:griffie|gedeponeerd|deponering|nedergelegd)\b[^.;]{0,40}$"

# "tenzij de kantonrechter bevoegd is": a fallback that names no forum.
FALLBACK_BEFORE = r"(?<!\p{L})(?:tenzij|behoudens|behalve|voor\s?zover)\s+(?:\S+\s+){0,3}$"

# A bare "de rechter" is a forum only as the object of assigning ("voorgelegd aan de rechter"),
# not as the one who judges ("zal de rechter de schade begroten").
# It may be the second of two forums joined by "of"/"en" ("aan een geschillencommissie of de
# rechter"), and English clauses assign "to"/"before" "the courts".
ASSIGNED_BEFORE = r"""
    (?<!\p{L})(?:aan|bij|tot|door|voor|to|before)\s+
    (?:(?:de|het|een|die)\s+(?:[\p{L}\-]+\s+){1,2}(?:of|en|dan\s+wel)\s+)?$
"""

# The end of a conditional lead-in: "Wil/Indien ... voorleggen, dan ..." ("dan wel" is "or").
LEAD_IN_END = r",\s*dan(?!\p{L})(?!\s+wel(?!\p{L}))"

# "de bevoegdheid van de kantonrechter": the forum is referred to, not chosen.
REFERENCE_BEFORE = r"(?:bevoegdheid|competentie|uitspraak|vonnis)\s+van\s+$"

# A choice of law: this word must stand in the sentence of "Nederlands recht".
LAW_CUE = r"""
    (?<!\p{L})(?:
      beheers\p{L}* | beheerst                      # wordt beheerst door
    | toepas\p{L}* | toegepast                      # van toepassing, toepasselijk
    | onderworpen | onderhevig                      # is onderworpen aan
    | uitgelegd | uit\ te\ leggen | interpret\p{L}* # wordt uitgelegd naar
    | geregeld | valt\ onder | vallen\ onder        # wordt geregeld door
    | rechtskeuze | kiezen | gekozen | geldt | gelden | bepalend
    | governed | governs | govern | subject\ to | construed | applicable | appl(?:y|ies)
    | interpreted                                   # English: "governed by Dutch law"
    )
"""

# Law named only as a reference: "in strijd met Nederlands recht", "dwingend Nederlands recht".
LAW_REFERENCE_BEFORE = r"""
    (?:in\ strijd\ (?:is\ )?met | strijdig\ met | op\ grond\ van | krachtens | dwingend\p{L}*)
    \s+(?:\p{L}+\s+){0,4}$                          # "in strijd met bepalingen van"
  | (?:vennootschap|rechtspersoon|stichting|vereniging|coöperatie|onderneming|entiteit
      |B\.?V\.?|N\.?V\.?)\b[^.;]{0,40}\bnaar\s+$    # "een vennootschap naar Nederlands recht"
  | (?:incorporated|organi[sz]ed|established)\ under\s+$  # "a company incorporated under"
"""

# The Vienna Sales Convention ...
CISG = r"""
    (?<!\p{L})(?:
      \p{L}*koopverdrag                             # (Weens, VN-, Internationaal) Koopverdrag
    | CISG | Vienna\ Sales\ Convention
    | Verdrag\ (?:der\ Verenigde\ Naties|van\ Wenen)\ inzake\ (?:de\ )?internationale\ koop
    | (?:Verenigde\ Naties|VN)[-\ ]Verdrag\ inzake\ (?:de\ )?internationale\ koop
    | Convention\ on\ Contracts\ for\ the\ International\ Sale\ of\ Goods
    )
"""
# ... and, in the same sentence, the words that exclude it.
CISG_EXCLUDED = r"""
    (?<!\p{L})(?:uitgesloten|uitsluiting|sluit\p{L}*\ uit|uit\ te\ sluiten
      |niet\ van\ toepassing|buiten\ toepassing|buiten\ werking|niet\ toepasselijk
      |geen\ toepassing|gelden?t?\ niet|van\ de\ hand\ gewezen|uitzondering)
"""
# A sentence that excludes it holds both (the words first: the CISG pattern reads slower).
CISG_EXCLUSION = ("cisg_excluded", "cisg")

# A court seat or name as given to normalise_court: "rechtbank te Alkmaar".
COURT_NAME = r"""
    \s*(?:(?P<head>arrondissementsrechtbank|rechtbank|kantongerecht|kantonrechter
        |voorzieningenrechter|gerechtshof|hof|rechter|hoge\s+raad)\b\s*)?  # its kind
    (?:(?:te|in|van)\s+)?(?:(?:het\s+)?arrondissement\s+)?  # "te", "arrondissement"
    (?P<place>.*?)\s*$                              # the place
"""

# Where a sentence ends: at . ! ? before a word that is not lowercase (so "B.V. is" goes on),
# at ; and at a blank line.
END_MARK = r"[.!?](?=\s+[^\s\p{Ll}])|;(?=\s)"
SENTENCE_END = rf"{END_MARK}|\n[ \t]*\n"

# A sector committee of De Geschillencommissie ("Geschillencommissie Thuiswinkel").
NOT_A_SECTOR = r"(?:Postbus|Den|De|Het|Te|En|Of|Op|In|Bij|Voor|Via|Van)\b"
GESCHILLENCOMMISSIE = rf"""
    (?P<gc>
      (?:[Dd]e\s++)?[Gg]eschillencommissie(?!s)     # De Geschillencommissie
      (?:[ \t]++(?:voor[ \t]++)?                    # Geschillencommissie (voor) ...
        (?P<sector>(?!{NOT_A_SECTOR})\p{{Lu}}[\p{{L}}\-]*+(?:\.org)?
          (?:[ \t]++(?!{NOT_A_SECTOR})\p{{Lu}}[\p{{L}}\-]*+){{0,2}}))?
    )
"""

# A heading line ("Artikel 15 – Nederlands recht", "HOOFDSTUK 3 DE BEVOEGDE RECHTER"): short,
# starting "Artikel N", no finite verb and no closing punctuation. Its forum or law is stated
# again in the clause under it. (A numbered line alone may be a clause without a full stop.)
HEADING_LINE = r"""
    [ \t]*(?:artikel|art\.|hoofdstuk)[ \t]*         # "Artikel", "Hoofdstuk"
    (?:\d+(?:\.\d+)*|[IVXLC]+)\b                     # its number: 15, 15.1, IV
    (?!.*(?<!\p{L})(?:is|zijn|wordt|worden|geldt|gelden|zal|zullen|kan|kunnen|mag|mogen
        |moet|moeten|blijft|blijven|heeft|hebben)(?!\p{L}))   # no finite verb
    .*(?<![.;:,!?\s])[ \t]*$                        # no closing punctuation
"""
HEADING_MAX = 80

# A sentence longer than this is searched for cue words through an index of the whole text,
# so that many forums in one (hostile) run-on sentence stay linear.
LONG_SENTENCE = 2000

# Anchors: words every match of a pattern contains, found with str.find in the lower-cased
# text, far faster than ``regex`` trying the pattern at every position of a text. The pattern
# is then tried only at the word starts just before an anchor (see _finditer_at).
# The head noun of a forum (not after an ASCII letter or hyphen); the phrase starts at most 10
# words before it: an article, "volgens de wet" (3 words) and three adjectives of up to 2 words
# ("eerst aangezochte").
FORUM_HEADS = (
    *("arrondissementsrechtbank", "ondernemingsrechtbank", "rechtbank", "kantongerecht"),
    *("voorzieningenrechter", "kantonrechter", "vrederechter", "gerechtshof", "rechter"),
    *("hoge raad", "hof", "court"),
)
FORUM_WORDS = 11
# The law word ending a choice of law (a word of its own: not after or before an ASCII letter
# or hyphen, so not the "recht" of "herroepingsrecht"); before it at most an article, a
# country adjective, a qualifier and "wet- en" of "wet- en regelgeving".
LAW_WORDS = (
    *("recht", "privaatrecht", "contractenrecht", "verbintenissenrecht"),
    *("wetgeving", "regelgeving", "wetten", "law", "laws"),
)
LAW_REACH = 6
# A law word ends a choice of law after a country adjective, a qualifier or "wet- en"
# ("Nederlands geldend recht"), or starts one before "van"/"of" ("het recht van België"); a
# law word with neither (most "recht": "het recht om") is not tried.
LAW_QUALIFIER = r"(?i:burgerlijk|materieel|materiële|geldend|geldende|positief|positieve)"
LAW_WORD_OF = r"(?:recht|wetgeving|regelgeving|wetten|laws?)\s++(?:van|of)\s"
# What may not stand next to a head or law word found by str.find (any letter or hyphen may
# not; these are the cheap ones to check).
_NOT_NEXT = frozenset("abcdefghijklmnopqrstuvwxyz-")

# Kinds of court by the head noun of the forum phrase.
KIND_BY_HEAD = {
    "kantonrechter": "kantonrechter",
    "vrederechter": "kantonrechter",  # the Belgian kantonrechter
    "kantongerecht": "kantonrechter",
    "gerechtshof": "gerechtshof",
    "hof": "gerechtshof",
    "hoge raad": "hoge_raad",
    "hoge raad der nederlanden": "hoge_raad",
}

# ---------------------------------------------------------------------------------------------
# Data tables (data/nl/*.json), read on first use
# ---------------------------------------------------------------------------------------------


def place_key(name: str) -> str:
    """Fold a place name for lookup: case, apostrophes, spaces and hyphens do not count.

    >>> place_key("’s-Hertogenbosch") == place_key("s Hertogenbosch")
    True
    """
    patterns = _patterns()
    folded = patterns["apostrophes"].sub("", name.casefold())
    return patterns["place_gaps"].sub("-", folded).strip("-")


@cache
def _court_places() -> dict[str, str]:
    """Every place and arrondissement name (folded) -> ECLI code of its rechtbank today."""
    data = load("courts")
    table: dict[str, str] = {}
    for group in data["places"].values():
        for code, names in group.items():
            if not code.startswith("_"):
                table.update((place_key(n), code) for n in names)
    for variant, target in data["spelling_variants"].items():
        if not variant.startswith("_"):
            table[place_key(variant)] = table[place_key(target)]
    return table


@cache
def _country_words() -> tuple[dict[str, str], dict[str, str]]:
    """(adjective -> ISO code, country name -> ISO code), both keyed casefolded."""
    adjectives: dict[str, str] = {}
    names: dict[str, str] = {}
    for code, words in load("countries")["countries"].items():
        adjectives.update(
            (w.casefold(), code) for w in words["adjectives"] + words["adjectives_en"]
        )
        names.update((w.casefold(), code) for w in words["names"] + words["names_en"])
    return adjectives, names


@dataclass(frozen=True, slots=True)
class _Body:
    name: str
    kind: str


@cache
def _bodies() -> dict[str, _Body]:
    """Every listed name and abbreviation of a dispute body (casefolded) -> its record."""
    table: dict[str, _Body] = {}
    for entry in load("dispute_bodies")["bodies"]:
        body = _Body(entry["name"], entry["kind"])
        for alias in entry["names"] + entry["abbreviations"]:
            table[alias.casefold()] = body
    return table


def _odd_chars(words: Iterable[str]) -> str:
    """The characters of ``words`` that are neither letters nor white space (to ``regex``)."""
    return "".join(sorted({c for word in words for c in word if not _LETTER_OR_SPACE.match(c)}))


def _alternation(words: list[str], ignore_case: bool) -> str:
    """A regex alternation of ``words``, longest first, with any whitespace between words."""
    parts = [r"\s+".join(regex.escape(w) for w in word.split()) for word in words]
    body = "|".join(sorted(parts, key=len, reverse=True))
    return f"(?i:{body})" if ignore_case else f"(?:{body})"


@cache
def _body_anchor_words() -> tuple[str, ...]:
    """The last word of every dispute body's name and abbreviation, and "geschillencommissie"
    (lower case): every body match holds one, as a word of its own (not after or before an
    ASCII letter or hyphen)."""
    return tuple({"geschillencommissie", *(alias.split()[-1].lower() for alias in _bodies())})


@cache
def _body_words() -> int:
    """How many word starts a body match may hold up to its anchor (at least 2 for "De
    Geschillencommissie")."""
    return max(2, *(len(_WORD_START.findall(alias)) for alias in _bodies()))


# The start of a word (after a hyphen too): every pattern scanned by _finditer_at matches
# from one. Searched backwards from an anchor.
_LETTER_OR_SPACE = regex.compile(r"[\p{L}\s]")
_WORD_START = regex.compile(r"(?<!\p{L})\p{L}")
_WORD_STARTS_BACK = regex.compile(r"(?r)(?<!\p{L})\p{L}")


def _anchor_starts(
    low: str | None, words: Iterable[str], *, starts: bool = False, ends: bool = False
) -> list[int] | None:
    """The sorted offsets of ``words`` in ``low`` (the text in lower case, see
    numbers.lowered), with ``starts``/``ends`` only where no ASCII letter or hyphen stands
    before/after; None where the text has no usable lower case (then search it all)."""
    if low is None:
        return None
    found = set()
    for at, word in occurrences(low, tuple(words)):
        after = at + len(word)
        if not (starts and at and low[at - 1] in _NOT_NEXT) and not (
            ends and after < len(low) and low[after] in _NOT_NEXT
        ):
            found.add(at)
    return sorted(found)


def _finditer_at(
    pattern: regex.Pattern[str],
    text: str,
    anchors: Iterable[int] | None,
    words: int,
    breaks: regex.Pattern[str] | None = None,
) -> Iterator[regex.Match[str]]:
    """``pattern.finditer(text)`` for a pattern whose every match starts at one of the last
    ``words`` word starts up to one of ``anchors`` (increasing offsets): the pattern is tried
    only there, each word start at most once, in order, so the matches are the same. The walk
    back from an anchor stops where the last one's ended, which keeps the time linear.

    ``breaks`` (searched backwards) finds a character that no match holds between its start
    and its anchor: no word start before the last one up to an anchor is tried either. (A
    match from there would hold an anchor before that character, and it has been tried.)"""
    if anchors is None:
        yield from pattern.finditer(text)
        return
    tried = last_end = 0  # word starts before ``tried`` were tried
    for anchor in anchors:
        if anchor < tried:
            continue
        cut = None if breaks is None else breaks.search(text, tried, anchor)
        back = _WORD_STARTS_BACK.finditer(text, tried if cut is None else cut.end(), anchor + 1)
        for start in reversed([m.start() for m in islice(back, words)]):  # found last first
            if start >= last_end and (match := pattern.match(text, start)) is not None:
                last_end = match.end()
                yield match
        tried = anchor + 1


@cache
def _patterns() -> dict[str, regex.Pattern[str]]:
    """All compiled patterns; the body and law patterns embed words from the data files."""
    adjectives, countries = _country_words()
    bodies = load("dispute_bodies")["bodies"]
    names = [n for b in bodies for n in b["names"]]
    abbreviations = [a for b in bodies for a in b["abbreviations"]]
    body = rf"""
        (?<![\p{{L}}\-])                            # starts a word
        (?:
          (?P<alias>{_alternation(names, ignore_case=True)})
        | (?P<abbr>{_alternation(abbreviations, ignore_case=False)})
        | {GESCHILLENCOMMISSIE}
        )
        (?![\p{{L}}\-])                             # ends a word
        (?:\s*+\(\p{{Lu}}[\p{{L}}\-]{{1,10}}+\))?   # its abbreviation after it: "(SGOA)"
    """
    adjective = _alternation(list(adjectives), ignore_case=True)
    law = rf"""
        (?<![\p{{L}}\-])                            # starts a word
        (?:(?i:het|de|the)\s++)?                    # article
        (?:
          (?P<adj>{adjective})\s++
          (?:{LAW_QUALIFIER}\s++)?
          (?i:recht|privaatrecht|contractenrecht|verbintenissenrecht|wetgeving
            |wet-\ en\ regelgeving|wetten|laws?)     # "Nederlands recht", "Dutch law"
        |
          (?i:recht|wetgeving|wet-\ en\ regelgeving|wetten|laws?)\s++(?i:van|of)\s++
          (?:(?i:het|de|the)\s++)?(?P<country>{_alternation(list(countries), ignore_case=True)})
        )                                           # "het recht van Nederland", "the laws
                                                    #   of the Netherlands"
        (?![\p{{L}}\-])                             # ends a word
    """
    verbose, back = regex.VERBOSE, regex.IGNORECASE | regex.REVERSE
    return {
        "forum": regex.compile(FORUM, verbose),
        "body": regex.compile(body, verbose),
        "law": regex.compile(law, verbose),
        # what stands just before or after the law word of every choice of law
        "before_law_word": regex.compile(rf"(?:{adjective}|{LAW_QUALIFIER}|en)\s++", back),
        "after_law_word": regex.compile(LAW_WORD_OF, regex.IGNORECASE),
        "court_cue": regex.compile(COURT_CUE, verbose | regex.IGNORECASE),
        "competent": regex.compile(COMPETENT, regex.IGNORECASE),
        "competent_after": regex.compile(COMPETENT_AFTER, regex.IGNORECASE),
        "law_cue": regex.compile(LAW_CUE, verbose | regex.IGNORECASE),
        "cisg": regex.compile(CISG, verbose | regex.IGNORECASE),
        "cisg_excluded": regex.compile(CISG_EXCLUDED, verbose | regex.IGNORECASE),
        "sentence_end": regex.compile(SENTENCE_END),
        # searched backwards: an end mark, or a line break after a blank line's first one
        "sentence_end_back": regex.compile(rf"{END_MARK}|(?<=\n[ \t]*)\n", regex.REVERSE),
        "blank_lines_back": regex.compile(r"\n(?:[ \t]*\n)*", regex.REVERSE),
        "non_space_back": regex.compile(r"\S", regex.REVERSE),
        # what no forum phrase holds before its head noun: it has letters and spaces only
        "breaks": regex.compile(r"[^\p{L}\s]", regex.REVERSE),
        # what no choice of law holds before its law word: letters, spaces, "wet- en", and
        # what the country adjectives hold
        "law_breaks": regex.compile(
            rf"[^\p{{L}}\s\-{regex.escape(_odd_chars(adjectives))}]", regex.REVERSE
        ),
        "court_name": regex.compile(COURT_NAME, verbose | regex.IGNORECASE),
        "apostrophes": regex.compile(r"['’‘`´]"),  # ignored by place_key
        "place_gaps": regex.compile(r"[\s\-]+"),  # one hyphen in place_key
        "heading_line": regex.compile(HEADING_LINE, verbose | regex.IGNORECASE),
        "lead_in_end": regex.compile(LEAD_IN_END, regex.IGNORECASE),
        # what ends where a phrase starts ($) is searched backwards, so only tried there
        "registry_before": regex.compile(REGISTRY_BEFORE, back),
        "fallback_before": regex.compile(FALLBACK_BEFORE, back),
        "reference_before": regex.compile(REFERENCE_BEFORE, back),
        "assigned_before": regex.compile(ASSIGNED_BEFORE, verbose | back),
        "law_reference_before": regex.compile(LAW_REFERENCE_BEFORE, verbose | back),
    }


# ---------------------------------------------------------------------------------------------
# Sentences and cue words, found around the facts only
# ---------------------------------------------------------------------------------------------


class _Sentences:
    """The sentences of a text (split at SENTENCE_END matches) and where given cue words occur
    in it.

    A text holds a few facts, so only the sentences around them are read, each the first
    time an offset in it is asked about (and only once), rather than the whole text. Each
    finder asks in document order (at most one sentence back), so a new sentence goes at or
    next to the end of the lists and the time stays linear; that is why the court and the law
    finder do not share one: the second would insert between the first one's sentences."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] = []  # the sentences found so far, in order
        self._ends: list[int] = []
        self._hits: dict[str, _Hits] = {}
        self._holds: dict[tuple[int, tuple[str, ...]], bool] = {}

    def span(self, offset: int) -> tuple[int, int]:
        """The sentence holding ``offset`` (0 <= offset < len(text))."""
        i = bisect.bisect_right(self._starts, offset)
        if i and offset < self._ends[i - 1]:
            return self._starts[i - 1], self._ends[i - 1]
        start = self._start(offset)
        found = _patterns()["sentence_end"].search(self.text, start)
        end = len(self.text) if found is None else found.end()
        self._starts.insert(i, start)
        self._ends.insert(i, end)
        return start, end

    def _start(self, offset: int) -> int:
        """Where the sentence holding ``offset`` starts: at the end of the last SENTENCE_END
        match up to it, searched for backwards. The one end that depends on what comes
        before is a blank line: a search from the start of the text pairs off the line
        breaks of a run from its first (four line breaks end two sentences), so a line break
        ends one when it is the 2nd, 4th, ... of its run."""
        text, patterns = self.text, _patterns()
        mark = patterns["sentence_end_back"].search(text, 0, offset)
        at = -1 if mark is None else mark.start()
        # Searched up to ``offset``, an end mark looks ahead no further: the last non-space
        # before it is the one whose look-ahead may need more, so it is tried on the text.
        last = patterns["non_space_back"].search(text, at + 1, offset)
        if last is not None and patterns["sentence_end"].match(text, last.start()):
            return last.end()
        if mark is None:
            return 0
        if text[at] != "\n":
            return at + 1
        breaks = patterns["blank_lines_back"].match(text, 0, at + 1).group().count("\n")
        return at + 1 if breaks % 2 == 0 else text.rindex("\n", 0, at) + 1

    def around(self, start: int, end: int) -> tuple[int, int]:
        """The span of the sentence(s) holding ``text[start:end]``."""
        return self.span(start)[0], self.span(max(start, end - 1))[1]

    def before(self, start: int, pattern: str) -> bool:
        """Whether the sentence text just before ``start`` (80 characters) ends in ``pattern``."""
        lo = max(self.span(start)[0], start - 80)
        return _patterns()[pattern].search(self.text, lo, start) is not None

    def holds(self, offset: int, patterns: tuple[str, ...]) -> bool:
        """Whether the sentence holding ``offset`` holds a match of each of ``patterns``
        (each sentence searched once: many facts may stand in one long sentence)."""
        lo, hi = self.span(offset)
        if (lo, patterns) not in self._holds:
            found = (_patterns()[p].search(self.text, lo, hi) for p in patterns)
            self._holds[lo, patterns] = all(match is not None for match in found)
        return self._holds[lo, patterns]

    def near(self, pattern: str, start: int, end: int) -> bool:
        """Whether ``pattern`` stands in the sentence of ``text[start:end]`` but outside it.

        Searched in that sentence only: no cue word crosses a sentence end, so this finds what
        a search of the whole text would."""
        lo, hi = self.around(start, end)
        if hi - lo > LONG_SENTENCE:  # many facts in one long "sentence": index the text once
            if pattern not in self._hits:
                self._hits[pattern] = _Hits(_patterns()[pattern], self.text)
            return self._hits[pattern].between(lo, start) or self._hits[pattern].between(end, hi)
        found = _patterns()[pattern]
        return found.search(self.text, lo, start) is not None or (
            found.search(self.text, end, hi) is not None
        )


class _Hits:
    """Start offsets of one pattern's matches, to ask "is there one in [lo, hi)?"."""

    def __init__(self, pattern: regex.Pattern[str], text: str) -> None:
        self._starts = [m.start() for m in pattern.finditer(text)]

    def between(self, lo: int, hi: int) -> bool:
        i = bisect.bisect_left(self._starts, lo)
        return i < len(self._starts) and self._starts[i] < hi


def _in_heading(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` stands on a heading line (see HEADING_LINE)."""
    lo = text.rfind("\n", max(0, start - HEADING_MAX), start) + 1
    hi = text.find("\n", end, end + HEADING_MAX + 1)
    hi = len(text) if hi < 0 else hi
    if hi - lo > HEADING_MAX or (lo == 0 and start > HEADING_MAX):
        return False
    return _patterns()["heading_line"].fullmatch(text, lo, hi) is not None


# ---------------------------------------------------------------------------------------------
# Courts
# ---------------------------------------------------------------------------------------------


def normalise_court(city_or_name: str) -> tuple[str | None, str | None]:
    """Today's court and its ECLI code for a court seat, old arrondissement or court name.

    A gerechtshof gives the court of appeal of the place's ressort; anything unknown gives
    (None, None).

    >>> normalise_court("Arnhem")
    ('Rechtbank Gelderland', 'RBGEL')
    >>> normalise_court("Gerechtshof Leeuwarden")
    ('Gerechtshof Arnhem-Leeuwarden', 'GHARL')
    >>> normalise_court("Geschillencommissie Thuiswinkel")
    (None, None)
    """
    match = _patterns()["court_name"].match(city_or_name)
    head = " ".join((match.group("head") or "").casefold().split()) if match else ""
    place = match.group("place") if match else city_or_name
    data = load("courts")
    if head.startswith("hoge raad"):
        code: str | None = "HR"
    elif head in ("gerechtshof", "hof"):
        code = _appeal_court(place)
    else:
        code = _court_places().get(place_key(place))
    if code is None:
        return None, None
    return data["courts"][code]["name"], code


def _appeal_court(place: str) -> str | None:
    """The ECLI code of the gerechtshof for a place or court-of-appeal name."""
    data = load("courts")
    named = {place_key(k): v for k, v in data["gerechtshoven"].items() if not k.startswith("_")}
    if place_key(place) in named:
        return str(named[place_key(place)])
    rechtbank = _court_places().get(place_key(place))
    return data["courts"][rechtbank]["ressort"] if rechtbank else None


def _is_country(place: str) -> bool:
    return place.casefold() in _country_words()[1]


def _court_name(head: str, place: str) -> str:
    """The court's name from its head noun and place: "Rechtbank Limburg"."""
    return f"{head.capitalize()} {place}"


class _Scan:
    """One text with its sentences and cue words, shared by every check on it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.sentences = _Sentences(text)

    def assigns(self, start: int, end: int, described: bool) -> bool:
        """Whether the sentence of ``text[start:end]`` assigns disputes to it."""
        if self.sentences.near("court_cue", start, end):
            return True
        if described:
            return _patterns()["competent_after"].match(self.text, end, end + 40) is not None
        return self.sentences.near("competent", start, end)


def _forum(match: regex.Match[str], scan: _Scan) -> Court | None:
    """The Court fact for one FORUM match, or None where it is no forum for disputes."""
    start, end = match.span()
    head = " ".join((match.group("nhead") or match.group("head") or "rechtbank").casefold().split())
    kind = KIND_BY_HEAD.get(head, "rechtbank")
    city = name = None
    if match.group("nplace"):
        name = _court_name(head, match.group("nplace"))
    elif match.group("iplace"):
        inner = match.group("ihead").casefold()
        kind = KIND_BY_HEAD.get(inner, kind) if head == "rechter" else kind
        if match.group("ite"):
            city = match.group("iplace")
        else:
            name = _court_name(inner, match.group("iplace"))
    elif match.group("city") or match.group("arr") or match.group("ecity"):
        place = match.group("city") or match.group("arr") or match.group("ecity")
        known = place_key(place) in _court_places()
        by_te = (match.group("prep") or "te").casefold() == "te"
        if not _is_country(place) and (known or by_te):
            city = place
    if kind == "hoge_raad":
        name = "Hoge Raad der Nederlanden" if head.endswith("nederlanden") else "Hoge Raad"
    if match.group("loc"):
        city = match.group("loc")
    city = " ".join(city.split()) if city else None  # "Den\xa0Haag" -> "Den Haag"
    described = (city, name) == (None, None)
    if described:
        if not _described_ok(match, scan):
            return None
        kind, court, ecli = "described", None, None
    else:
        level = head if kind in ("gerechtshof", "hoge_raad") else ""  # else: the rechtbank of
        court, ecli = normalise_court(f"{level} {_place_of(match) or ''}")
        if court is None and match.group("loc"):
            court, ecli = normalise_court(f"{level} {match.group('loc')}")
    if scan.sentences.before(start, "registry_before") or not scan.assigns(start, end, described):
        return None
    if _in_heading(scan.text, start, end):
        return None
    return Court(
        text=match.group(0),
        start=start,
        end=end,
        city=city,
        name=name,
        court=court,
        ecli=ecli,
        kind=kind,
    )


def _place_of(match: regex.Match[str]) -> str | None:
    """The place the court itself is named by (not its "locatie")."""
    groups = ("nplace", "iplace", "city", "arr", "ecity")
    return next((match.group(g) for g in groups if match.group(g)), None)


def _described_ok(match: regex.Match[str], scan: _Scan) -> bool:
    """Whether a forum without place or name is a described forum (see module notes)."""
    det = (match.group("det") or "").strip().casefold()
    if det not in ("de", "het", "the") or "andere" in match.group("mods").casefold():
        return False
    if (match.group("head") or "").casefold() == "hof" or match.group(0).isupper():
        return False
    start = match.start()
    bare = not match.group("mods").strip() and not match.group("where")
    if bare and not scan.sentences.before(start, "assigned_before"):
        return False
    return not (
        scan.sentences.before(start, "fallback_before")
        or scan.sentences.before(start, "reference_before")
    )


def _body(match: regex.Match[str], start: int, end: int) -> Court | None:
    """The Court fact for a named dispute body."""
    if match.group("gc"):
        sector = match.group("sector")
        if sector:
            name, kind = f"Geschillencommissie {sector}", "dispute_committee"
        elif "Geschillencommissie" in match.group("gc"):
            name, kind = "De Geschillencommissie", "dispute_committee"
        else:  # "een/de geschillencommissie": a committee, not a named body
            return None
    else:
        body = _bodies()[" ".join((match.group("alias") or match.group("abbr")).split()).casefold()]
        name, kind = body.name, body.kind
    return Court(text=match.group(0), start=start, end=end, name=name, kind=kind)


def find_courts(text: str) -> list[Court]:
    """Every forum for disputes in ``text``: courts, described courts, dispute bodies.

    >>> [(c.text, c.name, c.kind) for c in find_courts(
    ...     "Geschillen worden beslecht door de Geschillencommissie Thuiswinkel.")]
    [('de Geschillencommissie Thuiswinkel', 'Geschillencommissie Thuiswinkel', 'dispute_committee')]
    >>> find_courts("Zonder rechterlijke tussenkomst ontbinden.")
    []
    """
    patterns = _patterns()
    scan = _Scan(text)
    low = lowered(text)
    facts: list[Court] = []
    forums = _anchor_starts(low, FORUM_HEADS, starts=True)
    for match in _finditer_at(patterns["forum"], text, forums, FORUM_WORDS, patterns["breaks"]):
        fact = _forum(match, scan)
        if fact is not None:
            facts.append(fact)
    bodies = _anchor_starts(low, _body_anchor_words(), starts=True, ends=True)
    for match in _finditer_at(patterns["body"], text, bodies, _body_words()):
        fact = _body(match, *match.span())
        if fact is not None:
            facts.append(fact)
    facts.sort(key=lambda f: (f.start, -f.end))
    kept: list[Court] = []
    for fact in facts:  # a body inside a court phrase (or the reverse) counts once
        if not kept or fact.start >= kept[-1].end:
            kept.append(fact)
    return _without_lead_ins(kept, scan)


def _without_lead_ins(facts: list[Court], scan: _Scan) -> list[Court]:
    """``facts`` without a described forum in a conditional lead-in whose main clause names
    the forum: "Wil de klant het geschil aan de rechter voorleggen, dan is de kantonrechter
    te Utrecht bevoegd" holds one forum, the one after "dan". One pass from the end, so the
    time stays linear in the number of facts."""
    lead_ins: _Hits | None = None  # found on first use
    kept: list[Court] = []
    named_start, named_sentence = -1, -1  # the last named forum seen, and its sentence's start
    for fact in reversed(facts):
        sentence = scan.sentences.span(fact.start)[0]
        if fact.kind != "described":
            named_start, named_sentence = fact.start, sentence
        elif sentence == named_sentence:
            lead_ins = lead_ins or _Hits(_patterns()["lead_in_end"], scan.text)
            if lead_ins.between(fact.end, named_start):
                continue
        kept.append(fact)
    return kept[::-1]


# ---------------------------------------------------------------------------------------------
# Governing law
# ---------------------------------------------------------------------------------------------


def find_governing_law(text: str) -> list[GoverningLaw]:
    """Every choice of law in ``text`` ("Op de overeenkomst is Nederlands recht van toepassing").

    >>> find_governing_law("De Nederlandse tekst prevaleert.")
    []
    >>> [g.value for g in find_governing_law("De koop wordt beheerst door het recht van België.")]
    ['BE']
    """
    patterns = _patterns()
    adjectives, countries = _country_words()
    low = lowered(text)
    sentences = _Sentences(text)
    facts: list[GoverningLaw] = []
    laws = _anchor_starts(low, LAW_WORDS, starts=True, ends=True)
    if laws is not None:  # only a law word after an adjective or before "van" (LAW_WORD_OF)
        before, after = patterns["before_law_word"], patterns["after_law_word"]
        laws = [at for at in laws if before.match(text, 0, at) or after.match(text, at)]
    for match in _finditer_at(patterns["law"], text, laws, LAW_REACH, patterns["law_breaks"]):
        start, end = match.span()
        if not sentences.near("law_cue", start, end):
            continue
        if sentences.before(start, "law_reference_before") or _in_heading(text, start, end):
            continue
        word = " ".join((match.group("adj") or match.group("country")).split()).casefold()
        value = adjectives.get(word) or countries[word]
        lo, hi = sentences.span(start)
        facts.append(
            GoverningLaw(
                text=match.group(0),
                start=start,
                end=end,
                value=value,
                excludes_cisg=sentences.holds(start, CISG_EXCLUSION)
                or (hi < len(text) and sentences.holds(hi, CISG_EXCLUSION))  # the next one
                or (  # or the one before, in the same paragraph
                    lo > 0 and text[lo - 1] != "\n" and sentences.holds(lo - 1, CISG_EXCLUSION)
                ),
            )
        )
    return facts
