"""PDF to text through its text layer (pypdf), with wrapped lines joined into paragraphs."""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.errors import PdfReadError, PyPdfError

from checks.errors import UnreadableDocument

_TERMINAL = tuple('.?!:…"”’)')
# A line at least this share of the page's longest line is a wrapped line, not a short one.
_WRAPPED_SHARE = 0.7
_PDF_DATE = re.compile(r"D?:?(\d{4})(\d{2})(\d{2})")


@dataclass(frozen=True)
class PdfText:
    """The text layer as paragraphs, and the document information's title, date and author."""

    text: str
    title: str | None
    published_at: str | None
    author: str | None


def pdf_to_text(data: bytes, name: str) -> PdfText:
    """Return the text layer of a PDF.

    Raises UnreadableDocument for a damaged or encrypted PDF, or one with no text layer.
    """
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableDocument(f"{name}: the PDF is encrypted")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata or {}
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError) as error:
        raise UnreadableDocument(f"{name}: not a readable PDF ({_first_line(error)})") from None
    text = "\n\n".join(_unwrap(page) for page in pages if page.strip())
    if not text.strip():
        raise UnreadableDocument(f"{name}: the PDF has no text layer (scanned image?)")
    return PdfText(
        text, _info(info, "/Title"), _date(_info(info, "/CreationDate")), _info(info, "/Author")
    )


# A drop capital comes out of the text layer as a letter of its own: "T he index rose".
# "A" and "I" are words, so they are left alone.
_DROP_CAPITAL = re.compile(r"(?m)^([B-HJ-Z]) ([a-z]{1,20}\b)")


def _unwrap(page: str) -> str:
    """Return a page's lines joined into paragraphs: wrapped lines continue, short ones end."""
    lines = [line.strip() for line in page.splitlines()]
    width = max((len(line) for line in lines), default=0)
    out: list[str] = []
    for line in lines:
        if not line:
            if out and out[-1]:
                out.append("")
            continue
        previous = out[-1] if out else ""
        wrapped = len(previous) >= _WRAPPED_SHARE * width and not previous.endswith(_TERMINAL)
        if previous and (wrapped or line[0].islower()):
            out[-1] = previous + line if previous.endswith("-") else f"{previous} {line}"
        else:
            if out and out[-1]:
                out.append("")
            out.append(line)
    return _DROP_CAPITAL.sub(r"\1\2", "\n".join(out).replace("\n\n\n", "\n\n"))


def _info(info: object, key: str) -> str | None:
    try:
        value = info.get(key)  # type: ignore[attr-defined]
    except (PdfReadError, PyPdfError):
        return None
    text = " ".join(str(value).split()) if value else ""
    return text or None


def _date(value: str | None) -> str | None:
    match = _PDF_DATE.match(value or "")
    return "-".join(match.groups()) if match else None


def _first_line(error: Exception) -> str:
    return (str(error).splitlines() or [type(error).__name__])[0]
