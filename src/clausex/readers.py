"""Files to text: ``read_text(path)`` and ``parse_file(path)``.

Every reader returns plain text with ``\\n`` line ends; ``parse_file`` parses that text, so a
record's offsets refer to ``doc.text`` (the extracted text), not to the bytes of the file.
Anything that cannot become text (missing, empty, binary, encrypted, corrupt, too large,
unsupported) raises ``ReadError(path, reason)``; nothing else escapes.

Format libraries are imported inside the readers, so ``import clausex`` stays cheap.
"""

from __future__ import annotations

import functools
import os
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import regex

from clausex.errors import ReadError

if TYPE_CHECKING:
    from clausex.records import Document

# Larger inputs are refused rather than risking memory: no real T&C comes near this.
MAX_FILE_BYTES = 200 * 1024 * 1024
# A .docx (zip) member may not unpack to more than this, in total ...
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
# ... nor expand more than this factor when it unpacks to over 1 MB (zip bomb guard).
MAX_ZIP_RATIO = 100
# Where a decoded text has more control characters than this share, it is binary.
MAX_CONTROL_SHARE = 0.01
# Encodings that Dutch documents come in besides UTF-8; charset-normalizer picks among them
# (left free it reads short Dutch cp1252 text as cp775 or mac_latin2).
# UTF-16/32 are named by byte order: without a BOM, plain "utf_16" never matches.
CANDIDATE_ENCODINGS = [
    "utf_16_le", "utf_16_be", "utf_32_le", "utf_32_be", "cp1252", "iso8859_15", "latin_1",
]  # fmt: skip

# A line that opens an article: never a page header, however often it repeats.
_ARTICLE_HEADING = regex.compile(r"\b(?:artikel|article)\s+\d", regex.IGNORECASE)
# A text node that starts an article heading: "Artikel 4 ...", or "Artikel" alone (bold, with
# the number in the next node).
_HEADING_START = regex.compile(r"\s*(?:artikel|article)\b(?:\s*$|\s+\d)", regex.IGNORECASE)
# Control characters that never occur in text (tab, newlines and form feed do).
_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def read_text(path: str | os.PathLike[str]) -> str:
    """The text of a .txt, .md, .html, .htm, .pdf or .docx file, with ``\\n`` line ends.

    >>> read_text("no/such/file.txt")
    Traceback (most recent call last):
    ...
    clausex.errors.ReadError: [E001] cannot read 'no/such/file.txt': no such file
    """
    p = Path(path)
    reader = READERS.get(p.suffix.lower())
    if reader is None:
        supported = ", ".join(sorted(READERS))
        raise ReadError(
            p, f"unsupported file type {p.suffix or '(none)'!r} (supported: {supported})"
        )
    if not p.exists():
        raise ReadError(p, "no such file")
    if not p.is_file():
        raise ReadError(p, "not a regular file")
    size = p.stat().st_size
    if size == 0:
        raise ReadError(p, "empty file")
    if size > MAX_FILE_BYTES:
        raise ReadError(p, f"file too large ({size} bytes; limit {MAX_FILE_BYTES})")
    try:
        text = reader(p)
    except ReadError:
        raise
    except Exception as exc:  # format libraries raise anything on hostile files: one contract
        raise ReadError(p, f"cannot extract text: {type(exc).__name__}: {exc}") from exc
    text = _normalise_newlines(text)
    if not text.strip():
        raise ReadError(p, "no text in file")
    if len(_CONTROL.findall(text)) > MAX_CONTROL_SHARE * len(text):
        raise ReadError(p, "binary content, not text")
    return text


def parse_file(path: str | os.PathLike[str], options: Any = None, **overrides: Any) -> Document:
    """Read a file and parse its text; ``source`` is the path, offsets refer to ``doc.text``.

    ``options`` and keyword overrides are passed to ``clausex.parse``.
    """
    from clausex.api import parse  # the spaCy pipeline loads on first use

    return parse(read_text(path), options, source=str(path), **overrides)


def _normalise_newlines(text: str) -> str:
    # The same universal-newline reading as ``Path.read_text``, so a .txt file gives the
    # same string through read_text as through Python's own text mode.
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- plain text ----------------------------------------------------------------------------

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),  # before UTF-16: its BOM starts the same way
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode_bytes(data: bytes, path: object = "<bytes>") -> str:
    """Text from bytes: a BOM decides, else strict UTF-8, else charset-normalizer.

    >>> decode_bytes("Prijs: € 5".encode("utf-8-sig"))
    'Prijs: € 5'
    >>> decode_bytes("één".encode("utf-16"))
    'één'
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)  # the codec drops the BOM itself
            except UnicodeDecodeError as exc:
                raise ReadError(path, f"invalid {encoding} text: {exc.reason}") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=CANDIDATE_ENCODINGS).best()
    if best is not None:
        return str(best)
    if b"\x00" in data:
        raise ReadError(path, "binary content, not text")
    # Too short or too odd for detection but not binary: cp1252 is what such Dutch text is.
    return data.decode("cp1252", errors="replace")


def _read_plain(path: Path) -> str:
    return decode_bytes(path.read_bytes(), path)


# --- HTML ----------------------------------------------------------------------------------

# Elements that are never content.
_ALWAYS_DROP = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "title"})
# Page furniture: dropped unless it holds an article heading (some sites put the terms
# inside <header> or <form>; and html.parser nests the whole body in a <head> left open).
_FURNITURE = frozenset({"head", "nav", "header", "footer", "aside", "form"})
# Elements that start and end a line of text.
_BLOCKS = frozenset(
    {
        "address", "article", "blockquote", "caption", "dd", "div", "dl", "dt", "figcaption",
        "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p", "pre",
        "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "ul",
    }
)  # fmt: skip
_CELLS = frozenset({"td", "th"})


def _read_html(path: Path) -> str:
    return html_to_text(path.read_bytes())


def html_to_text(markup: bytes | str) -> str:
    """The readable text of an HTML page: one line per heading, paragraph, list item and
    table row (cells separated by a tab); scripts, styles and page furniture left out.

    The tree is walked with an explicit stack, so any nesting depth is safe.

    >>> html_to_text("<nav>Home</nav><h2>Artikel 1 Prijzen</h2><p>Prijzen <b>incl.</b> btw.</p>")
    'Artikel 1 Prijzen\\nPrijzen incl. btw.'
    >>> html_to_text("<table><tr><td>1.1</td><td>Levering binnen 5 dagen.</td></tr></table>")
    '1.1\\tLevering binnen 5 dagen.'
    >>> html_to_text("<pre>Artikel 1 Slot\\n1.1 Tekst.</pre>")
    'Artikel 1 Slot\\n1.1 Tekst.'
    """
    from bs4 import BeautifulSoup, NavigableString, Tag

    # html.parser builds the tree without recursion (lxml stops at depth 255)
    soup = BeautifulSoup(markup, "html.parser")
    holds_heading = _tags_holding_headings(soup)
    lines: list[str] = []
    line: list[str | None] = []  # text pieces; None separates table cells

    def end_line() -> None:
        cells = "".join(piece if piece is not None else "\0" for piece in line).split("\0")
        text = "\t".join(folded for c in cells if (folded := " ".join(c.split())))
        if text:
            lines.append(text)
        line.clear()

    in_pre = 0  # inside <pre> the text's own line breaks are lines (terms pasted as text)
    stack: list[Any] = [soup]
    while stack:
        node = stack.pop()
        if node is _END_LINE or node is _END_PRE:
            end_line()
            in_pre -= node is _END_PRE
        elif node is _CELL_END:
            line.append(None)
        elif type(node) is NavigableString:  # not a comment, doctype or CDATA
            *complete, rest = str(node).split("\n") if in_pre else [str(node)]
            for piece in complete:
                line.append(piece)
                end_line()
            line.append(rest)
        elif isinstance(node, Tag):
            name = (node.name or "").lower()
            if name in _ALWAYS_DROP or (name in _FURNITURE and id(node) not in holds_heading):
                continue
            if name == "br":
                end_line()
                continue
            if name in _BLOCKS:
                end_line()
                in_pre += name == "pre"
                stack.append(_END_PRE if name == "pre" else _END_LINE)
            elif name in _CELLS:
                stack.append(_CELL_END)
            stack.extend(reversed(node.contents))
    end_line()
    return "\n".join(lines)


def _tags_holding_headings(soup: Any) -> set[int]:
    """ids of every tag with an article heading ("Artikel 4", or "<b>Artikel</b> 4") among
    its descendants; each heading marks its ancestors once, so this is linear."""
    from bs4 import NavigableString

    marked: set[int] = set()
    for node in soup.descendants:  # bs4 walks descendants iteratively
        if type(node) is NavigableString and _HEADING_START.match(node):
            parent = node.parent
            while parent is not None and id(parent) not in marked:
                marked.add(id(parent))
                parent = parent.parent
    return marked


_END_LINE = object()  # stack markers for html_to_text's walk
_CELL_END = object()
_END_PRE = object()


# --- PDF -----------------------------------------------------------------------------------

# Lines that only number a page: "3", "- 3 -", "3/10", "Pagina 3 van 10", "Page 3 of 10".
_PAGE_NUMBER = regex.compile(
    r"""^\s*(?:
        (?:pagina|page|blz\.?|p\.)\s*\d+(?:\s*(?:van|of|/)\s*\d+)?   # Pagina 3 (van 10)
      | [-–]?\s*\d{1,4}\s*[-–]?                                        # 3  or  - 3 -
      | \d{1,4}\s*(?:/|van|of)\s*\d{1,4}                               # 3/10, 3 van 10
    )\s*$""",
    regex.IGNORECASE | regex.VERBOSE,
)
# A page reference inside a longer line: "pagina 4", "blz. 4", "4/9", "4 van 9".
_PAGE_REFERENCE = regex.compile(
    r"""(?:pagina|page|blz\.?)\s*\d+          # pagina 4
      | \b\d+\s*(?:/|van|of)\s*\d+\b          # 4/9, 4 van 9""",
    regex.IGNORECASE | regex.VERBOSE,
)
# How many lines at the top and bottom of a page may be header or footer.
_PAGE_MARGIN_LINES = 3


def _read_pdf(path: Path) -> str:
    from pypdf import PdfReader

    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            # an owner password alone (print/copy restrictions) opens with "", a user one not
            raise ReadError(path, "encrypted PDF (password required)")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ReadError:
        raise
    except Exception as exc:  # pypdf raises many types (NotImplementedError for bad filters)
        raise ReadError(path, f"invalid or damaged PDF: {type(exc).__name__}: {exc}") from exc
    if not any(p.strip() for p in pages):
        raise ReadError(path, "no text layer (scanned PDF?)")
    # bad font maps give control characters; they are noise here, not a sign of binary data
    return _CONTROL.sub("", "\n".join(strip_page_furniture(pages)))


def strip_page_furniture(pages: list[str]) -> list[str]:
    """Page texts without running headers/footers and page numbers.

    A line among the first or last few of a page is furniture when it is a page number, when
    it stands there on more than half of the pages, or when it does so with only its numbers
    changed and one of them is a page reference ("Voorwaarden 2024 - pagina 4 van 9").
    Article headings are always kept.

    >>> strip_page_furniture(["Kop 2024\\nArtikel 1\\ntekst\\n1", "Kop 2024\\nmeer\\n2"])
    ['Artikel 1\\ntekst', 'meer']
    """
    split = [[ln.strip() for ln in page.splitlines() if ln.strip()] for page in pages]
    exact: Counter[str] = Counter()
    shapes: Counter[str] = Counter()
    for lines in split:
        margins = lines[:_PAGE_MARGIN_LINES] + lines[-_PAGE_MARGIN_LINES:]
        exact.update(set(margins))
        shapes.update({_shape(ln) for ln in margins if _PAGE_REFERENCE.search(ln)})

    def most(n: int) -> bool:
        return n >= 2 and 2 * n > len(pages)

    def furniture(ln: str) -> bool:
        if _ARTICLE_HEADING.match(ln):
            return False
        if _PAGE_NUMBER.match(ln) or most(exact[ln]):
            return True
        return bool(_PAGE_REFERENCE.search(ln)) and most(shapes[_shape(ln)])

    out = []
    for lines in split:
        margin = min(_PAGE_MARGIN_LINES, len(lines))
        edges = set(range(margin)) | set(range(len(lines) - margin, len(lines)))
        drop = {i for i in edges if furniture(lines[i])}
        out.append("\n".join(ln for i, ln in enumerate(lines) if i not in drop))
    return out


def _shape(line: str) -> str:
    return " ".join(regex.sub(r"\d+", "#", line).split()).casefold()


# --- DOCX ----------------------------------------------------------------------------------


def _read_docx(path: Path) -> str:
    check_zip(path)
    import docx

    try:
        return "\n".join(docx_lines(docx.Document(str(path))))
    except Exception as exc:  # python-docx and lxml raise many types on broken parts
        raise ReadError(path, f"invalid .docx: {type(exc).__name__}: {exc}") from exc


def check_zip(path: Path) -> None:
    """Refuse a zip that is not one, or that would unpack to absurd sizes (a zip bomb),
    judging from its directory before anything is decompressed."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
        raise ReadError(path, f"not a valid .docx (zip) file: {exc}") from exc
    total = sum(i.file_size for i in infos)
    if total > MAX_UNZIPPED_BYTES:
        raise ReadError(path, f"unpacks to {total} bytes (limit {MAX_UNZIPPED_BYTES}): zip bomb?")
    for info in infos:
        if info.file_size > 1024 * 1024 and info.file_size > MAX_ZIP_RATIO * max(
            info.compress_size, 1
        ):
            raise ReadError(
                path,
                f"member {info.filename!r} expands {info.file_size // max(info.compress_size, 1)}"
                f"x (limit {MAX_ZIP_RATIO}x): zip bomb?",
            )


def docx_lines(document: Any) -> list[str]:
    """The lines of a python-docx Document in body order: each paragraph with the number
    Word's automatic list numbering shows before it, and each table row (cells tab-separated).

    Content controls (``w:sdt``) are opened, except a generated table of contents, and
    tracked insertions count as text while tracked deletions do not.
    """
    from docx.oxml.ns import qn
    from docx.table import Table

    numbering = _Numbering(document)
    lines: list[str] = []
    stack = list(reversed(document.element.body))
    while stack:
        element = stack.pop()
        if element.tag == qn("w:p"):
            lines.append(_numbered(element, numbering))
        elif element.tag == qn("w:tbl"):
            lines.extend(_table_lines(Table(element, document._body), numbering))
        elif element.tag == qn("w:sdt") and not _is_toc(element):
            stack.extend(reversed(element.findall(f"{qn('w:sdtContent')}/*")))
        elif element.tag == qn("w:customXml"):
            stack.extend(reversed(element))
    return [ln for ln in lines if ln.strip()]


def _is_toc(sdt: Any) -> bool:
    from docx.oxml.ns import qn

    path = f"{qn('w:sdtPr')}/{qn('w:docPartObj')}/{qn('w:docPartGallery')}"
    gallery = sdt.find(path)
    return gallery is not None and (gallery.get(qn("w:val")) or "").startswith("Table of Contents")


def _numbered(p: Any, numbering: _Numbering) -> str:
    label = numbering.label(p)  # always: an empty numbered paragraph still counts
    text = paragraph_text(p)
    return label + text if text.strip() else ""


def paragraph_text(p: Any) -> str:
    """The text of a ``w:p`` element as Word shows it: runs also inside hyperlinks, fields,
    content controls and tracked insertions; not deleted text, not text boxes."""
    containers, run_marks, run_tag, text_tag = _run_tags()
    out: list[str] = []
    stack = list(reversed(p))
    while stack:
        element = stack.pop()
        if element.tag == run_tag:
            for child in element:
                if child.tag == text_tag:
                    out.append(child.text or "")
                elif child.tag in run_marks:
                    out.append(run_marks[child.tag])
        elif element.tag in containers:
            stack.extend(reversed(element))
    return "".join(out)


@functools.cache
def _run_tags() -> tuple[frozenset[str], dict[str, str], str, str]:
    from docx.oxml.ns import qn

    containers = frozenset(
        qn(tag)
        for tag in ("w:hyperlink", "w:ins", "w:moveTo", "w:smartTag", "w:fldSimple", "w:sdt",
                    "w:sdtContent", "w:customXml")
    )  # fmt: skip
    marks = {"w:tab": "\t", "w:br": "\n", "w:cr": "\n", "w:noBreakHyphen": "-"}
    return containers, {qn(k): v for k, v in marks.items()}, qn("w:r"), qn("w:t")


def _table_lines(table: Any, numbering: _Numbering) -> Iterator[str]:
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is returned once per grid column
                continue
            seen.add(id(cell._tc))
            text = " ".join(_numbered(p._p, numbering) for p in cell.paragraphs)
            cells.append(" ".join(text.split()))
        yield "\t".join(cells)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in (
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ):  # fmt: skip
        while n >= value:
            out, n = out + numeral, n - value
    return out


def _letters(n: int) -> str:
    # Word repeats the letter after z: 27 is "aa", 28 "bb"
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else ""


# numFmt values of w:lvl and how each writes a counter; unknown formats write decimals.
_NUM_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "lowerLetter": _letters,
    "upperLetter": lambda n: _letters(n).upper(),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
    "none": lambda n: "",
}


class _Numbering:
    """Word's automatic list numbering, replayed paragraph by paragraph.

    A paragraph's ``w:numPr`` (its own, or its style's) names a ``w:num`` and a level; the
    num points to a ``w:abstractNum`` whose ``w:lvl`` gives start, format and a template
    like "%1.%2." Counters belong to the abstractNum, as in Word, so lists sharing a
    definition continue each other unless a ``w:startOverride`` restarts them.
    """

    def __init__(self, document: Any) -> None:
        from docx.oxml.ns import qn

        self._qn = qn
        # styleId -> (its numPr or None, the style it is based on)
        self._styles: dict[str, tuple[Any, str | None]] = {}
        for style in document.styles.element.findall(qn("w:style")):
            self._styles[style.get(qn("w:styleId")) or ""] = (
                style.find(f"{qn('w:pPr')}/{qn('w:numPr')}"),
                self._val(style, "w:basedOn"),
            )
        self._levels: dict[str, dict[int, dict[str, Any]]] = {}  # abstractNumId -> levels
        self._nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstract, overrides)
        self._counters: dict[str, dict[int, int]] = {}
        self._started: set[str] = set()
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return  # no numbering.xml: nothing is numbered
        for abstract in root.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in abstract.findall(qn("w:lvl")):
                levels[_int(lvl.get(qn("w:ilvl")))] = {
                    "start": _int(self._val(lvl, "w:start"), 1),
                    "fmt": self._val(lvl, "w:numFmt") or "decimal",
                    "text": self._val(lvl, "w:lvlText") or "",
                    "legal": lvl.find(qn("w:isLgl")) is not None,
                    "suffix": self._val(lvl, "w:suff") or "tab",
                }
            self._levels[abstract.get(qn("w:abstractNumId")) or ""] = levels
        for num in root.findall(qn("w:num")):
            overrides = {}
            for override in num.findall(qn("w:lvlOverride")):
                start = self._val(override, "w:startOverride")
                if start is not None:
                    overrides[_int(override.get(qn("w:ilvl")))] = _int(start, 1)
            self._nums[num.get(qn("w:numId")) or ""] = (
                self._val(num, "w:abstractNumId") or "",
                overrides,
            )

    def _val(self, element: Any, tag: str) -> str | None:
        child = element.find(self._qn(tag))
        return None if child is None else child.get(self._qn("w:val"))

    def label(self, p: Any) -> str:
        """The number Word shows before the ``w:p`` element ``p`` ("1.1 ", "a) "), or ""."""
        num_id, ilvl = self._num_pr(p)
        if num_id is None or num_id not in self._nums:
            return ""
        abstract_id, overrides = self._nums[num_id]
        levels = self._levels.get(abstract_id, {})
        if ilvl not in levels:
            return ""
        counters = self._counters.setdefault(abstract_id, {})
        if num_id not in self._started:
            self._started.add(num_id)
            for lvl, start in overrides.items():
                counters[lvl] = start - 1  # the restart takes effect at this num's first use
        counters[ilvl] = counters.get(ilvl, levels[ilvl]["start"] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]  # a new item at one level restarts every level below it
        level = levels[ilvl]

        def counter(match: Any) -> str:
            k = int(match.group(1)) - 1
            info = levels.get(k, {"start": 1, "fmt": "decimal"})
            value = counters.get(k, info["start"])
            fmt = "decimal" if level["legal"] else info["fmt"]
            return _NUM_FORMATS.get(fmt, str)(value)

        if level["fmt"] == "bullet":
            return "• " if level["text"] else ""  # bullets are glyphs of a symbol font
        text = regex.sub(r"%([1-9])", counter, level["text"])
        return text + ("" if level["suffix"] == "nothing" or not text else " ")

    def _num_pr(self, p: Any) -> tuple[str | None, int]:
        """(numId, ilvl) from the paragraph's own properties, else from its style chain."""
        qn = self._qn
        num_pr = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        style_id = p.style
        seen: set[str] = set()
        while num_pr is None and style_id in self._styles and style_id not in seen:
            seen.add(style_id)  # a basedOn cycle must not loop
            num_pr, style_id = self._styles[style_id]
        if num_pr is None:
            return None, 0
        num_id = self._val(num_pr, "w:numId")
        if num_id in (None, "0"):  # numId 0 switches numbering off
            return None, 0
        return num_id, _int(self._val(num_pr, "w:ilvl"))


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


READERS: dict[str, Callable[[Path], str]] = {
    ".txt": _read_plain,
    ".md": _read_plain,
    ".html": _read_html,
    ".htm": _read_html,
    ".pdf": _read_pdf,
    ".docx": _read_docx,
}
