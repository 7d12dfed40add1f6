"""Normal and hostile inputs for clausex, shared by ``tests/test_robustness.py`` and
``benchmarks/bench.py``.

Every generator takes a size in characters and returns a string of about that size, the
same string for the same size. All text here is written for this project.

>>> len(normal_document(5_000)) >= 5_000
True
>>> len(article_lines(ISSUE_SIZES["article_lines"]).splitlines())
50000
"""

from __future__ import annotations

import multiprocessing
import random
import time
from collections.abc import Callable

import regex

# One document's articles; "{n}" is the article number. Self-written, in the shapes real
# Dutch terms take: numbered clauses, lettered items, amounts, rates, terms and a forum.
ARTICLES = (
    "Artikel {n} Definities\n"
    "{n}.1 In deze algemene voorwaarden wordt verstaan onder:\n"
    "a. ondernemer: de rechtspersoon die producten en diensten op afstand aanbiedt;\n"
    "b. consument: de natuurlijke persoon die niet handelt voor zijn beroep of bedrijf;\n"
    "c. bedenktijd: de termijn van veertien (14) dagen waarbinnen de consument "
    "zijn herroepingsrecht kan gebruiken.\n",
    "Artikel {n} – Prijzen\n"
    "{n}.1 Alle prijzen zijn in euro en inclusief 21% btw, tenzij anders vermeld.\n"
    "{n}.2 Voor bestellingen onder € 50,00 rekenen wij verzendkosten van € 4,95.\n"
    "{n}.3 De ondernemer mag de prijzen jaarlijks per 1 januari met ten hoogste 3% verhogen.\n",
    "ARTIKEL {n}: BETALING\n"
    "{n}.1 De klant betaalt binnen 14 dagen na de factuurdatum.\n"
    "{n}.2 Bij te late betaling is de klant een rente van 1,5% per maand verschuldigd, "
    "met een minimum van € 40,-.\n"
    "{n}.3 Na een herinnering krijgt de klant nog dertig (30) dagen om te betalen; daarna "
    "brengen wij incassokosten van EUR 2.500,00 in rekening.\n",
    "Artikel {n} Levering\n"
    "{n}.1 Wij leveren binnen 30 dagen na de bestelling, tenzij een langere termijn is "
    "afgesproken.\n"
    "{n}.2 Is de levering meer dan twee weken te laat, dan mag de klant de overeenkomst "
    "kosteloos ontbinden.\n"
    "• de klant meldt dit schriftelijk;\n"
    "• de ondernemer betaalt binnen 5 werkdagen terug.\n",
    "Artikel {n} Duur en opzegging\n"
    "{n}.1 De overeenkomst geldt voor 12 maanden en wordt daarna stilzwijgend verlengd "
    "voor onbepaalde tijd.\n"
    "{n}.2 Na de verlenging kan de klant op elk moment opzeggen met een opzegtermijn van "
    "ten hoogste één maand.\n"
    "{n}.2.1 Opzeggen kan per e-mail of per brief.\n",
    "Artikel {n} Aansprakelijkheid\n"
    "{n}.1 Onze aansprakelijkheid is beperkt tot het factuurbedrag, met een maximum van "
    "€ 10.000 (exclusief btw) per gebeurtenis.\n"
    "{n}.2 Schade moet binnen 2 maanden na ontdekking schriftelijk worden gemeld.\n",
    "Artikel {n} Toepasselijk recht en geschillen\n"
    "{n}.1 Op deze voorwaarden is uitsluitend Nederlands recht van toepassing; het Weens "
    "Koopverdrag is uitgesloten.\n"
    "{n}.2 Geschillen worden voorgelegd aan de bevoegde rechter te Arnhem, tenzij de wet "
    "dwingend anders voorschrijft.\n"
    "{n}.3 De consument kan een klacht ook binnen 12 maanden voorleggen aan de "
    "Geschillencommissie.\n",
)

TITLE = "Algemene voorwaarden Voorbeeldwinkel B.V.\n\nVersie 1 januari 2025\n\n"


# Articles per part in long documents: numbering restarts in each part ("Module 2"), as in
# real modular terms, and stays below 1000 so that clause numbers keep their usual shape.
ARTICLES_PER_PART = 900
# Part titles, all different (a line that repeats is taken for a running page header).
PART_ACTS = ("Levering", "Verhuur", "Onderhoud", "Installatie", "Verkoop", "Reparatie",
             "Opslag", "Vervoer", "Montage", "Keuring")  # fmt: skip
PART_GOODS = ("zonnepanelen", "fietsen", "software", "meubels", "boten", "machines",
              "kleding", "apparaten", "woningen", "voertuigen")  # fmt: skip


def normal_document(size: int) -> str:
    """A well-formed T&C of at least ``size`` characters: the articles above, numbered on,
    in parts of ``ARTICLES_PER_PART`` articles when it takes more than one part."""
    parts = [TITLE]
    total, n = len(TITLE), 0
    modular = size > 250_000  # about ARTICLES_PER_PART articles
    while total < size:
        if modular and n % ARTICLES_PER_PART == 0:
            k = n // ARTICLES_PER_PART
            subject = f"{PART_ACTS[k % 10]} van {PART_GOODS[k // 10 % 10]}"
            parts.append(f"Module {k + 1} – {subject}\n\n")
        article = ARTICLES[n % len(ARTICLES)].format(n=n % ARTICLES_PER_PART + 1) + "\n"
        parts.append(article)
        total += len(article)
        n += 1
    return "".join(parts)


def one_long_clause(size: int) -> str:
    """One article with a single clause the size of a whole document, full of facts: the
    headings and clause numbers of a normal document left out."""
    body = regex.sub(r"(?m)^(?:Artikel|ARTIKEL)\b.*\n|^\d+(?:\.\d+)+ ", "", normal_document(size))
    return "Artikel 1 Alles\n1.1 " + body


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def one_char_line(size: int) -> str:
    """One line of a single letter, no spaces: one huge token."""
    return "a" * size


def no_space_line(size: int) -> str:
    """A normal document with its whitespace removed: one line, one token, full of
    numbers, signs and units that every fact pattern starts on."""
    return "".join(normal_document(size * 6 // 5).split())[:size]


def digits(size: int) -> str:
    """One run of digits (a number pattern that rescans the run from every start is
    quadratic here)."""
    return _repeat("1234567890", size)


def dotted_thousands(size: int) -> str:
    """ "1.000.000.000…": thousands groups without end."""
    return "1" + _repeat(".000", size - 1)


def comma_numbers(size: int) -> str:
    """ "1,1,1,1…": decimal commas without end."""
    return _repeat("1,", size)


def article_lines(size: int) -> str:
    """Lines "Artikel N" only: tens of thousands of empty articles."""
    lines, total, n = [], 0, 0
    while total < size:
        n += 1
        line = f"Artikel {n}\n"
        lines.append(line)
        total += len(line)
    return "".join(lines)


def deep_numbering_line(size: int) -> str:
    """One clause number thousands of levels deep: "1.1.1.1…1 tekst"."""
    return _repeat("1.", size - 6) + " tekst"


def deep_numbering_stairs(size: int) -> str:
    """Lines "1", "1.1", "1.1.1", …: each line one level deeper than the one before."""
    lines, total, depth = ["Artikel 1 Trap\n"], 0, 0
    while total < size:
        depth += 1
        line = ".".join(["1"] * depth) + " tekst\n"
        lines.append(line)
        total += len(line)
    return "".join(lines)


def clause_lines(size: int) -> str:
    """One article with tens of thousands of numbered clauses "1.N"."""
    lines, total, n = ["Artikel 1 Veel leden\n"], 0, 0
    while total < size:
        n += 1
        line = f"1.{n} Binnen {n} dagen.\n"
        lines.append(line)
        total += len(line)
    return "".join(lines)


def euro_signs(size: int) -> str:
    """ "€" signs without amounts, glued together."""
    return "€" * size


def euro_spaced(size: int) -> str:
    """ "€ " signs without amounts, each its own token."""
    return _repeat("€ ", size)


def numbers_without_units(size: int) -> str:
    """ "14 14 14 …": counts that never reach a unit or a sign."""
    return _repeat("14 ", size)


def unit_words(size: int) -> str:
    """ "dagen maanden …": units that never follow a count."""
    return _repeat("binnen dagen maanden jaar werkdagen ", size)


def item_lines(size: int) -> str:
    """One clause holding thousands of lettered and bulleted items."""
    return "Artikel 1 Lijst\n1.1 Het volgende:\n" + _repeat("a. punt;\n• punt;\n(i) punt;\n", size)


def court_cues(size: int) -> str:
    """ "rechter te rechter te …": forum cues without a place."""
    return _repeat("de bevoegde rechter te ", size)


def spaces_in_line(size: int) -> str:
    """A clause whose line holds a long run of spaces (PDF extraction makes these)."""
    return "Artikel 1 Opmaak\n1.1 Prijs" + _repeat(" ", size) + "zie bijlage\n"


def dot_leaders(size: int) -> str:
    """A table-of-contents line whose dot leaders never reach a page number."""
    return "Artikel 1 Inhoud\n1.1 Prijzen" + _repeat(".", size) + "zie bijlage\n"


def whitespace(size: int) -> str:
    """Only spaces, tabs and line breaks."""
    return _repeat(" \t\n  \n\n", size)


def parentheses(size: int) -> str:
    """Unbalanced "(" around a number: where "dertig (30) dagen" patterns look."""
    return _repeat("dertig (", size)


def control_unicode(size: int, seed: int = 5) -> str:
    """Random code points: NUL and other control characters, lone surrogates, private-use
    and non-BMP characters, mixed with digits, "€", "%" and spaces."""
    rng = random.Random(seed)
    pools = (
        [chr(c) for c in range(0x00, 0x20)] + ["\x7f", "\x85", "\u2028", "\u2029", "\ufeff"],
        [chr(c) for c in range(0xD800, 0xD810)] + [chr(c) for c in range(0xDC00, 0xDC10)],
        [chr(rng.randrange(0x20, 0x10FFFF)) for _ in range(256)],
        list("0123456789€%., \n"),
    )
    return "".join(rng.choice(rng.choice(pools)) for _ in range(size))


# name -> generator; every one must parse in time linear in its size.
HOSTILE: dict[str, Callable[[int], str]] = {
    "article_lines": article_lines,
    "clause_lines": clause_lines,
    "comma_numbers": comma_numbers,
    "control_unicode": control_unicode,
    "court_cues": court_cues,
    "deep_numbering_line": deep_numbering_line,
    "deep_numbering_stairs": deep_numbering_stairs,
    "digits": digits,
    "dot_leaders": dot_leaders,
    "dotted_thousands": dotted_thousands,
    "euro_signs": euro_signs,
    "euro_spaced": euro_spaced,
    "item_lines": item_lines,
    "no_space_line": no_space_line,
    "numbers_without_units": numbers_without_units,
    "one_long_clause": one_long_clause,
    "one_char_line": one_char_line,
    "parentheses": parentheses,
    "spaces_in_line": spaces_in_line,
    "unit_words": unit_words,
    "whitespace": whitespace,
}

# Sizes the issue names: a 1 MB line without spaces, 100 000 digits, 50 000 "Artikel N"
# lines (about 700 000 characters), 10 000 "€" signs.
ISSUE_SIZES: dict[str, int] = {
    "one_char_line": 1_000_000,
    "no_space_line": 1_000_000,
    "digits": 100_000,
    "article_lines": 688_894,  # exactly 50 000 lines
    "euro_signs": 10_000,
    "euro_spaced": 20_000,
}


def seconds_per_mb(
    fn: Callable[[str], object], text: str, runs: int, timeout: float
) -> float | None:
    """The fastest of ``runs`` calls ``fn(text)``, in seconds per million characters, timed
    in a forked child so that a hang or a crash costs ``timeout`` seconds, not the run.

    None when the child timed out; ``RuntimeError`` with the child's error when ``fn``
    raised. Forking shares whatever the parent already loaded (the spaCy pipeline), so the
    child starts at once.
    """
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)

    def child() -> None:
        try:
            best = float("inf")
            for _ in range(runs):
                started = time.perf_counter()
                fn(text)
                best = min(best, time.perf_counter() - started)
            send.send(best / (max(len(text), 1) / 1e6))
        except BaseException as exc:  # any failure is the parent's to report
            send.send(f"{type(exc).__name__}: {exc}")

    proc = ctx.Process(target=child, daemon=True)
    proc.start()
    result = receive.recv() if receive.poll(timeout) else None
    if proc.is_alive():
        proc.kill()
    proc.join()
    if isinstance(result, str):
        raise RuntimeError(result)
    return result
