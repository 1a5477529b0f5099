"""Documents (text, Markdown, HTML, PDF; a path, bytes or a string) to clean text and metadata.

Size limit: MAX_BYTES (20 MB), checked before anything is read.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from checks import files
from checks.byline import Byline, find_byline
from checks.decode import decode, refuse_binary
from checks.errors import DocumentTooLarge, EmptyDocument, UnreadableDocument
from checks.html_text import html_to_text
from checks.markdown_text import looks_like_markdown, markdown_to_text, split_front_matter
from checks.pdf_text import PdfText, pdf_to_text

MAX_BYTES = 20 * 1024 * 1024
_FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
}
_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<\?xml[^>]*>\s*<html)", re.I)
_ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\v]")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]|[\x00-\x08\x0e-\x1f\x7f]")
_SPACE_RUN = re.compile(r" {2,}")
_TERMINAL = tuple('.?!…:;"”’)]')
# A paragraph ending in one of these words is cut mid-sentence, however short it is.
_FUNCTION_WORDS = frozenset(
    "a an the of in on at to for from by with and or but as than that which who whose "
    "its their his her our your my into onto about between over under".split()
)
_HEADING_MAX_WORDS = 12
# Hard-wrapped text: paragraphs this wide (in characters), lines filling this share of it.
_WRAP_WIDTHS = (40, 120)
_WRAP_FILL = 0.75
# A line that starts a speaker's turn ("MS. LEE:", "Q ") never continues the line before.
_TURN_START = re.compile(r"[A-Z][A-Z.'’\- ]{0,40}:\s|Q\s")


@dataclass(frozen=True)
class CleanedDocument:
    """Clean text (all offsets point into it) and what the document says about itself."""

    text: str
    title: str | None = None
    published_at: str | None = None  # ISO YYYY-MM-DD
    author: str | None = None


def clean_path(path: str | Path) -> CleanedDocument:
    """Return the cleaned document at `path`.

    Raises UnreadableDocument (missing, unreadable, binary, undecodable), DocumentTooLarge
    (over MAX_BYTES, checked before reading) or EmptyDocument.
    """
    path = Path(path)
    data = files.read_limited(path, MAX_BYTES, name=path.name or str(path))
    return clean_bytes(data, path.name)


def clean_bytes(data: bytes, name: str) -> CleanedDocument:
    """Return the cleaned document in `data`; `name` (a file name) picks the format.

    Raises the errors of `clean_path`.
    """
    if len(data) > MAX_BYTES:
        raise DocumentTooLarge(
            f"{name}: {_megabytes(len(data))} is over the {_megabytes(MAX_BYTES)} limit"
        )
    if not data.strip():
        raise EmptyDocument(
            f"{name}: the file is empty" if not data else f"{name}: only whitespace"
        )
    fmt = _format(data, name)
    if fmt == "pdf":
        pdf = _read_pdf(data, name)
        return _finish(pdf.text, name, Byline(pdf.title, pdf.published_at, pdf.author))
    refuse_binary(data, name)
    return clean_text(decode(data, name), fmt, name)


def _read_pdf(data: bytes, name: str) -> PdfText:
    """Return `pdf_to_text(data, name)`; raises UnreadableDocument for a damaged PDF."""
    try:
        return pdf_to_text(data, name)
    except AttributeError as error:
        # pypdf trips over objects of the wrong type in a damaged file (a trailer without its
        # dictionary gives "'NameObject' object has no attribute 'items'"): bad input, no fault.
        raise UnreadableDocument(f"{name}: not a readable PDF ({error})") from None


def clean_text(text: str, fmt: str = "text", name: str = "<text>") -> CleanedDocument:
    """Return the cleaned document for `text` in `fmt` (text, markdown or html).

    Raises EmptyDocument when no text is left, DocumentTooLarge over MAX_BYTES characters.
    """
    if len(text) > MAX_BYTES:
        raise DocumentTooLarge(f"{name}: the text is over the {_megabytes(MAX_BYTES)} limit")
    text = _normalise(text)
    if fmt == "html":
        page = html_to_text(text)
        return _finish(page.text, name, Byline(page.title, page.published_at, page.author))
    text, known = split_front_matter(text)
    if fmt == "markdown" or (fmt == "text" and looks_like_markdown(text)):
        text = markdown_to_text(text)
    elif fmt != "text":
        raise ValueError(f"unknown format {fmt!r}: use text, markdown or html")
    return _finish(text, name, known, unwrap=True)


def _finish(text: str, name: str, known: Byline, unwrap: bool = False) -> CleanedDocument:
    """Return the document for converted text: spacing normalised, broken paragraphs joined
    (and with `unwrap`, hard-wrapped lines too)."""
    text = _paragraph_spacing(_normalise(text))
    text = _repair_paragraphs(unwrap_lines(text) if unwrap else text)
    if not text:
        raise EmptyDocument(f"{name}: no text left after cleaning")
    found = find_byline(text)
    return CleanedDocument(
        text,
        known.title or found.title,
        known.published_at or found.published_at,
        known.author or found.author,
    )


def unwrap_lines(text: str) -> str:
    """Return text where hard-wrapped lines (cut at a fixed width) are joined by a space.

    A line continues on the next when it fills most of its paragraph's width; a short line (a
    list item, the end of a paragraph) and a line before a speaker label stay as they are.
    """
    return "\n\n".join(_unwrap_paragraph(p) for p in text.split("\n\n"))


def _unwrap_paragraph(paragraph: str) -> str:
    lines = paragraph.split("\n")
    width = max(len(line) for line in lines)
    if len(lines) < 2 or not _WRAP_WIDTHS[0] <= width <= _WRAP_WIDTHS[1]:
        return paragraph
    full = sum(len(line) >= _WRAP_FILL * width for line in lines[:-1])
    if full * 2 < len(lines) - 1:
        return paragraph  # most lines stop short: a list or verse, not wrapped prose
    out = [lines[0]]
    for previous, line in zip(lines, lines[1:], strict=False):
        wrapped = len(previous) >= _WRAP_FILL * width and not _TURN_START.match(line)
        if wrapped:
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return "\n".join(out)


def _normalise(text: str) -> str:
    """Return NFC text with \\n newlines, odd spaces as spaces and invisible characters removed."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\f", "\n\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    return _INVISIBLE.sub("", _ODD_SPACES.sub(" ", text))


def _paragraph_spacing(text: str) -> str:
    """Return text with lines stripped, single spaces, and paragraphs one blank line apart."""
    lines = [_SPACE_RUN.sub(" ", line.strip()) for line in text.split("\n")]
    paragraphs, current = [], []
    for line in lines + [""]:
        if line:
            current.append(line)
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    return "\n\n".join(paragraphs)


def _repair_paragraphs(text: str) -> str:
    """Return text where a paragraph cut mid-sentence is joined to its continuation by a space."""
    paragraphs = text.split("\n\n")
    out = paragraphs[:1]
    for paragraph in paragraphs[1:]:
        if _continues(out[-1], paragraph):
            out[-1] = f"{out[-1]} {paragraph}"
        else:
            out.append(paragraph)
    return "\n\n".join(out)


def _continues(previous: str, paragraph: str) -> bool:
    """Return whether `paragraph` continues the sentence that `previous` left unfinished."""
    if previous.endswith(_TERMINAL) or not (paragraph[0].islower() or paragraph[0].isdigit()):
        return False
    if paragraph[0].islower():
        return True
    # A digit may open a paragraph under a heading ("Results" / "2024 was ..."): join only
    # after a paragraph that cannot be a heading.
    last_line = previous.rsplit("\n", 1)[-1]
    words = last_line.split()
    heading = "\n" not in previous and len(words) <= _HEADING_MAX_WORDS
    return not heading or words[-1].lower() in _FUNCTION_WORDS


def _format(data: bytes, name: str) -> str:
    """Return the format named by the extension, else sniffed from the first bytes."""
    head = data[:1024]
    if head.lstrip().startswith(b"%PDF-"):
        return "pdf"
    fmt = _FORMATS.get(Path(name).suffix.lower())
    if fmt:
        return fmt
    return "html" if _HTML_START.match(head) else "text"


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"
