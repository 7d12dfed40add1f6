"""Reading files: every format, encoding and failure mode, with fixtures built here.

PDFs are drawn with reportlab, DOCX files built with python-docx (including a real
numbering definition in numbering.xml), so no third-party document is stored.
"""

from __future__ import annotations

import contextlib
import io
import random
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from clausex import readers
from clausex.errors import ReadError
from clausex.readers import read_text

# Self-written Dutch text with the characters that expose decoding mistakes (é, ë, ï, €).
DUTCH = (
    "Artikel 1 Prijzen\n"
    "1.1 De prijs van één abonnement bedraagt € 12,50 per maand.\n"
    "1.2 Geïnteresseerden kunnen de financiële voorwaarden opvragen; ideeën zijn welkom.\n"
)


# --- plain text in every common encoding ---------------------------------------------------

ENCODINGS = [
    ("utf-8", DUTCH.encode("utf-8")),
    ("utf-8 with BOM", DUTCH.encode("utf-8-sig")),
    ("utf-16 with BOM", DUTCH.encode("utf-16")),
    ("utf-16-be with BOM", b"\xfe\xff" + DUTCH.encode("utf-16-be")),
    ("utf-16-le without BOM", DUTCH.encode("utf-16-le")),
    ("utf-16-be without BOM", DUTCH.encode("utf-16-be")),
    ("cp1252", DUTCH.encode("cp1252")),
    ("utf-8 CRLF", DUTCH.replace("\n", "\r\n").encode("utf-8")),
    ("cp1252 CRLF", DUTCH.replace("\n", "\r\n").encode("cp1252")),
    ("latin-1 without euro", DUTCH.replace("€", "EUR").encode("latin-1")),
]


@pytest.mark.parametrize("data", [d for _, d in ENCODINGS], ids=[label for label, _ in ENCODINGS])
@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_plain_text_encodings(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"voorwaarden{suffix}"
    path.write_bytes(data)
    want = DUTCH.replace("€", "EUR") if b"EUR" in data else DUTCH
    assert read_text(path) == want


def test_short_cp1252_text_is_still_read(tmp_path: Path) -> None:
    # too short for charset detection to be sure; it must still come out as cp1252
    path = tmp_path / "kort.txt"
    path.write_bytes("Café één ‘test’ €5".encode("cp1252"))
    assert read_text(path) == "Café één ‘test’ €5"


# --- HTML ----------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><title>Voorwaarden</title><style>p {color: red}</style>
<script>var label = "Artikel 9 Script";</script></head><body>
<nav><a href="/">Home</a> <a href="/contact">Contact</a></nav>
<header><div class="logo">Voorbeeldwinkel</div></header>
<main>
<header><h2>Artikel 1 Definities</h2><p>1.1 In deze voorwaarden betekent <i>klant</i>: de
  koper.</p></header>
<h2>Artikel 2 Prijzen</h2>
<p>2.1 Alle prijzen zijn in euro&#39;s, <b>inclusief</b> btw.<br>2.2 Verzendkosten
bedragen&nbsp;€&nbsp;4,95.</p>
<ul><li>a. per bestelling;</li><li>b. per adres.</li></ul>
<table><tr><th>Dienst</th><th>Prijs</th></tr><tr><td>Installatie</td><td>€ 95,00</td></tr></table>
<form><label>Zoeken</label><input name="q"></form>
<aside>Bekijk ook onze aanbiedingen</aside>
</main>
<footer>© Voorbeeldwinkel | Privacy</footer>
<!-- Artikel 99 in een commentaar -->
</body></html>"""

PAGE_LINES = [
    "Artikel 1 Definities",
    "1.1 In deze voorwaarden betekent klant: de koper.",
    "Artikel 2 Prijzen",
    "2.1 Alle prijzen zijn in euro's, inclusief btw.",
    "2.2 Verzendkosten bedragen\xa0€\xa04,95.".replace("\xa0", " "),
    "a. per bestelling;",
    "b. per adres.",
    "Dienst\tPrijs",
    "Installatie\t€ 95,00",
]


def test_html_keeps_content_lines_and_drops_furniture(tmp_path: Path) -> None:
    path = tmp_path / "voorwaarden.html"
    path.write_text(PAGE, encoding="utf-8")
    assert read_text(path).split("\n") == PAGE_LINES


def test_html_declared_cp1252(tmp_path: Path) -> None:
    page = '<html><head><meta charset="windows-1252"></head><body><p>Één prijs: € 5</p></body>'
    path = tmp_path / "oud.htm"
    path.write_bytes(page.encode("cp1252"))
    assert read_text(path) == "Één prijs: € 5"


@pytest.mark.parametrize("tag", ["div", "b", "header", "li"])
def test_html_100000_nested_tags(tmp_path: Path, tag: str) -> None:
    depth = 100_000
    page = f"<{tag}>" * depth + "Artikel 1 Slot<p>1.1 Tekst.</p>" + f"</{tag}>" * depth
    path = tmp_path / "diep.html"
    path.write_text(page, encoding="utf-8")
    started = time.perf_counter()
    text = read_text(path)
    assert "Artikel 1 Slot" in text and "1.1 Tekst." in text
    assert time.perf_counter() - started < 30


def test_html_100000_unclosed_tags(tmp_path: Path) -> None:
    path = tmp_path / "open.html"
    path.write_text("<div><span>" * 50_000 + "Artikel 2 Levering", encoding="utf-8")
    assert read_text(path) == "Artikel 2 Levering"


# --- PDF -----------------------------------------------------------------------------------

HEADER = "Algemene voorwaarden Voorbeeld Installaties B.V. – versie 2024"


def make_pdf(
    pages: list[list[str]],
    header: str | None = HEADER,
    page_numbers: bool = True,
    encrypt: object = None,
) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4, encrypt=encrypt)  # type: ignore[arg-type]
    for number, lines in enumerate(pages, 1):
        if header:
            pdf.drawString(72, 800, header)
        y = 760
        for line in lines:
            pdf.drawString(72, y, line)
            y -= 18
        if page_numbers:
            pdf.drawString(280, 40, f"Pagina {number} van {len(pages)}")
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


PDF_PAGES = [
    ["Artikel 1 Toepasselijkheid", "1.1 Deze voorwaarden gelden voor alle offertes."],
    ["Artikel 2 Levering", "2.1 Levering vindt plaats binnen 14 dagen.", "2.2 Risico gaat over."],
    ["Artikel 3 Betaling", "3.1 Betaling binnen 30 dagen na factuurdatum."],
]


def test_pdf_text_without_headers_footers_and_page_numbers(tmp_path: Path) -> None:
    path = tmp_path / "voorwaarden.pdf"
    path.write_bytes(make_pdf(PDF_PAGES))
    assert read_text(path).split("\n") == [line for page in PDF_PAGES for line in page]


def test_pdf_keeps_article_headings_at_the_top_of_every_page(tmp_path: Path) -> None:
    # "Artikel N" opens each page: the digits differ only, yet it is content, not a header
    pages = [[f"Artikel {n}", f"{n}.1 Tekst van artikel {n}."] for n in range(1, 5)]
    path = tmp_path / "koppen.pdf"
    path.write_bytes(make_pdf(pages, header=None, page_numbers=False))
    assert read_text(path).split("\n") == [line for page in pages for line in page]


def test_pdf_with_owner_password_only_is_read(tmp_path: Path) -> None:
    from reportlab.lib import pdfencrypt

    encrypt = pdfencrypt.StandardEncryption("", ownerPassword="eigenaar", canCopy=0)
    path = tmp_path / "beperkt.pdf"
    path.write_bytes(make_pdf(PDF_PAGES, encrypt=encrypt))
    assert "2.1 Levering vindt plaats binnen 14 dagen." in read_text(path)


def test_strip_page_furniture_keeps_single_page_content() -> None:
    assert readers.strip_page_furniture(["Artikel 1\n1.1 Tekst.\n- 1 -"]) == [
        "Artikel 1\n1.1 Tekst."
    ]


# --- DOCX ----------------------------------------------------------------------------------

NUMBERING = """<w:abstractNum {ns} w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/>
  </w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/>
  </w:lvl>
</w:abstractNum>"""


def make_docx(path: Path) -> None:
    """A contract whose article and clause numbers exist only in numbering.xml."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    document = docx.Document()
    numbering = document.part.numbering_part.element
    first_num = numbering.find(qn("w:num"))
    first_num.addprevious(parse_xml(NUMBERING.format(ns=nsdecls("w"))))
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )
    numbering.append(  # a second list on the same definition, restarting at 7
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="91"><w:abstractNumId w:val="90"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="7"/></w:lvlOverride></w:num>'
        )
    )

    def numbered(text: str, level: int, num_id: int = 90) -> None:
        p = document.add_paragraph(text)
        num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = num_id

    document.add_paragraph("Algemene voorwaarden")
    numbered("Prijzen", 0)
    numbered("Alle prijzen zijn exclusief btw.", 1)
    numbered("Prijzen kunnen jaarlijks worden aangepast:", 1)
    numbered("bij een stijging van de lonen;", 2)
    numbered("bij een stijging van de inkoopprijzen.", 2)
    numbered("Betaling", 0)
    numbered("Betaling geschiedt binnen 14 dagen.", 1)
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([("Dienst", "Tarief"), ("Onderhoud", "€ 75,00 per uur")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    numbered("Slotbepalingen", 0, num_id=91)
    numbered("Op deze voorwaarden is Nederlands recht van toepassing.", 1, num_id=91)
    document.add_paragraph("Een lijst in de stijl van Word:", style="List Number")
    document.add_paragraph("nog een punt.", style="List Number")
    document.save(str(path))


DOCX_LINES = [
    "Algemene voorwaarden",
    "1. Prijzen",
    "1.1 Alle prijzen zijn exclusief btw.",
    "1.2 Prijzen kunnen jaarlijks worden aangepast:",
    "a) bij een stijging van de lonen;",
    "b) bij een stijging van de inkoopprijzen.",
    "2. Betaling",
    "2.1 Betaling geschiedt binnen 14 dagen.",
    "Dienst\tTarief",
    "Onderhoud\t€ 75,00 per uur",
    "7. Slotbepalingen",
    "7.1 Op deze voorwaarden is Nederlands recht van toepassing.",
    "1. Een lijst in de stijl van Word:",
    "2. nog een punt.",
]


def test_docx_automatic_numbering_and_tables(tmp_path: Path) -> None:
    path = tmp_path / "voorwaarden.docx"
    make_docx(path)
    assert read_text(path).split("\n") == DOCX_LINES


BODY_XML = [
    # a generated table of contents in a content control: left out
    """<w:sdt {ns}><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>
    </w:docPartObj></w:sdtPr><w:sdtContent><w:p><w:r><w:t>Artikel 1 Prijzen ... 2</w:t></w:r>
    </w:p></w:sdtContent></w:sdt>""",
    # text in an ordinary content control: kept
    """<w:sdt {ns}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>Artikel 1 Prijzen</w:t></w:r></w:p>
    </w:sdtContent></w:sdt>""",
    # tracked changes: the insertion counts, the deletion does not; a link's text counts
    """<w:p {ns}><w:r><w:t xml:space="preserve">Betaling binnen </w:t></w:r><w:del><w:r>
    <w:delText>8</w:delText></w:r></w:del><w:ins><w:r><w:t>14</w:t></w:r></w:ins><w:r>
    <w:t xml:space="preserve"> dagen, zie </w:t></w:r><w:hyperlink><w:r><w:t>de website</w:t>
    </w:r></w:hyperlink><w:r><w:tab/><w:t>.</w:t></w:r></w:p>""",
]


def test_docx_content_controls_and_tracked_changes(tmp_path: Path) -> None:
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    for xml in BODY_XML:
        document.element.body.sectPr.addprevious(parse_xml(xml.format(ns=nsdecls("w"))))
    path = tmp_path / "wijzigingen.docx"
    document.save(str(path))
    assert read_text(path).split("\n") == [
        "Artikel 1 Prijzen",
        "Betaling binnen 14 dagen, zie de website\t.",
    ]


def test_docx_over_the_unpacked_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "groot.docx"
    make_docx(path)
    monkeypatch.setattr(readers, "MAX_UNZIPPED_BYTES", 10_000)
    with pytest.raises(ReadError, match="zip bomb"):
        read_text(path)


# --- failure modes -------------------------------------------------------------------------


def zip_bomb(path: Path) -> None:
    # 50 MB of zeros packs into ~50 kB: the ratio gives it away before anything unpacks
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"\0" * 50_000_000)


def encrypted_pdf(path: Path) -> None:
    from reportlab.lib import pdfencrypt

    path.write_bytes(make_pdf(PDF_PAGES, encrypt=pdfencrypt.StandardEncryption("geheim")))


def scanned_pdf(path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.rect(72, 600, 400, 150, fill=1)  # an "image" of text: shapes, no text layer
    pdf.showPage()
    pdf.save()


def garbage(path: Path) -> None:
    path.write_bytes(random.Random(4).randbytes(8192))


FAILURES: list[tuple[str, str, Callable[[Path], None], str]] = [
    ("missing file", "weg.txt", lambda p: None, "no such file"),
    ("empty txt", "leeg.txt", lambda p: p.write_bytes(b""), "empty file"),
    ("only whitespace", "wit.md", lambda p: p.write_bytes(b" \n\t\n"), "no text"),
    ("binary txt", "ruis.txt", garbage, "binary"),
    ("NUL-laden utf-8", "nul.txt", lambda p: p.write_bytes(b"Artikel\0\0\0 1\0" * 50), "binary"),
    ("binary pdf", "ruis.pdf", garbage, "PDF"),
    ("binary docx", "ruis.docx", garbage, "not a valid .docx"),
    ("binary html", "ruis.html", garbage, "binary"),
    ("truncated pdf", "half.pdf", lambda p: p.write_bytes(make_pdf(PDF_PAGES)[:1500]), "PDF"),
    ("encrypted pdf", "geheim.pdf", encrypted_pdf, "encrypted"),
    ("scanned pdf", "scan.pdf", scanned_pdf, "no text layer"),
    ("zip bomb docx", "bom.docx", zip_bomb, "zip bomb"),
    ("docx without document", "leeg.docx", lambda p: zipfile.ZipFile(p, "w").close(), ".docx"),
    ("unsupported extension", "brief.rtf", lambda p: p.write_text("{\\rtf1 x}"), "unsupported"),
    ("no extension", "LEESMIJ", lambda p: p.write_text("tekst"), "unsupported"),
    ("a folder", "map.txt", lambda p: p.mkdir(), "not a regular file"),
]


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [row[1:] for row in FAILURES],
    ids=[row[0] for row in FAILURES],
)
def test_unreadable_files_raise_read_error(
    tmp_path: Path, name: str, make: Callable[[Path], None], reason: str
) -> None:
    path = tmp_path / name
    make(path)
    with pytest.raises(ReadError, match=reason) as info:
        read_text(path)
    assert info.value.path == str(path)


# --- parse_file ----------------------------------------------------------------------------


def test_parse_file_sets_source_and_offsets_refer_to_the_extracted_text(tmp_path: Path) -> None:
    from clausex.readers import parse_file

    path = tmp_path / "voorwaarden.docx"
    make_docx(path)
    doc = parse_file(path)
    assert doc.source == str(path)
    assert doc.text == read_text(path)
    assert [c.id for c in doc.clauses()][:3] == ["1.1", "1.2", "2.1"]
    assert doc.facts, "the DOCX states durations, money and a choice of law"
    for fact in doc.facts:
        assert doc.text[fact.start : fact.end] == fact.text


def mutate(data: bytes, rng: random.Random) -> bytes:
    """``data`` with a few bytes changed, cut out or inserted."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        if not out:
            break
        pos = rng.randrange(len(out))
        roll = rng.random()
        if roll < 0.6:
            out[pos] = rng.randrange(256)
        elif roll < 0.8:
            del out[pos : pos + rng.randint(1, 200)]
        else:
            out[pos:pos] = rng.randbytes(rng.randint(1, 50))
    return bytes(out)


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".html", ".txt"])
def test_damaged_files_raise_only_read_error(tmp_path: Path, suffix: str) -> None:
    # hostile or damaged files: text or ReadError, never another exception (pypdf alone
    # raises NotImplementedError, KeyError, ... on bad streams)
    make_docx(tmp_path / "base.docx")
    base = {
        ".pdf": make_pdf(PDF_PAGES),
        ".docx": (tmp_path / "base.docx").read_bytes(),
        ".html": PAGE.encode(),
        ".txt": DUTCH.encode("cp1252"),
    }[suffix]
    rng = random.Random(suffix)
    path = tmp_path / f"kapot{suffix}"
    for _ in range(250):
        path.write_bytes(mutate(base, rng))
        with contextlib.suppress(ReadError):
            assert isinstance(read_text(path), str)
