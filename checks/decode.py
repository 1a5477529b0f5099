"""Bytes to text: refuse binary data, decode UTF-8, else a declared or a detected encoding."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from checks.errors import EmptyDocument, UnreadableDocument

# File signatures of formats that are not documents we read (PDF is handled before this).
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a zip archive (or an Office document)"),
    (b"PK\x05\x06", "an empty zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "an executable"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = bytes(c for c in range(32) if c not in b"\t\n\r\f\x1b")
_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)
_SAMPLE = 65536
# More than this share of control characters in a sample means binary data, not text.
_MAX_CONTROL_SHARE = 0.02
_CP1252_OK = set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ¡¢£¤¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿×÷")
_HIGH_RUN = re.compile(r"[^\x00-\x7f]{4,}")
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")


def refuse_binary(data: bytes, name: str) -> None:
    """Raise UnreadableDocument when `data` looks like an image, an archive or other binary."""
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise UnreadableDocument(f"{name}: this is {what}, not a text document")
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return
    # NUL anywhere, not only in the sample: text never holds one, and a NUL past the sample
    # would otherwise be stored and exported raw.
    nul = data.find(b"\x00")
    if nul >= 0:
        raise UnreadableDocument(
            f"{name}: binary data (a NUL byte at byte {nul}), not a text document"
        )
    sample = data[:_SAMPLE]
    controls = sum(sample.count(c) for c in _CONTROL)
    if sample and controls / len(sample) > _MAX_CONTROL_SHARE:
        raise UnreadableDocument(f"{name}: binary data (control characters), not a text document")


def decode(data: bytes, name: str) -> str:
    """Return `data` as text: BOM, UTF-8, a declared charset, cp1252, then detection.

    Raises UnreadableDocument when no encoding gives sensible text.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding, name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if _mostly_utf8(data):
            raise UnreadableDocument(
                f"{name}: invalid UTF-8 at byte {error.start} (a damaged UTF-8 file?)"
            ) from None
        _refuse_mixed(data, name)
    text = _try(data, _declared(data))
    if text is not None:
        return text
    text = _try(data, "cp1252")
    if text is not None and _looks_western(text):
        return text
    match = from_bytes(data[: _SAMPLE * 4]).best()
    if match is not None and match.encoding:
        text = _try(data, match.encoding)
        if text is not None:
            return text
    raise UnreadableDocument(f"{name}: not valid UTF-8 and no other encoding fits")


def text_lines_file(data: bytes, name: str) -> str:
    """Return the text of a file read line by line (queries, `extract --lines`): refused when
    empty, a PDF or binary, else decoded like any document."""
    if not data.strip():
        raise EmptyDocument(f"{name}: the file is empty")
    if data.lstrip().startswith(b"%PDF-"):
        raise UnreadableDocument(f"{name}: a PDF; this reads plain text, one item per line")
    refuse_binary(data, name)
    return decode(data, name)


def _refuse_mixed(data: bytes, name: str) -> None:
    """Raise UnreadableDocument when some lines are UTF-8 and others another encoding: one
    decoding for the whole file would garble one kind of line ("ZoÃ«")."""
    utf8_line = other_line = None
    for number, line in enumerate(data.split(b"\n"), start=1):
        if not _HIGH_BYTE.search(line):
            continue
        try:
            line.decode("utf-8")
            utf8_line = utf8_line or number
        except UnicodeDecodeError:
            if not _UTF8_SEQUENCE.search(line):  # a legacy line, not damaged UTF-8
                other_line = other_line or number
        if utf8_line and other_line:
            raise UnreadableDocument(
                f"{name}: mixes encodings: line {utf8_line} is UTF-8, line {other_line} is not "
                "(save the file as UTF-8)"
            )


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise UnreadableDocument(f"{name}: invalid {encoding} at byte {error.start}") from None


def _declared(data: bytes) -> str | None:
    """Return the charset an HTML meta tag or XML declaration names in the first bytes."""
    match = _DECLARED.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _try(data: bytes, encoding: str | None) -> str | None:
    if not encoding:
        return None
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _mostly_utf8(data: bytes) -> bool:
    """Return whether most non-ASCII bytes form valid UTF-8 sequences: UTF-8 with damage.

    Legacy single-byte text almost never forms such sequences by accident.
    """
    sample = data[: _SAMPLE * 4]
    valid = len(_UTF8_SEQUENCE.findall(sample))
    stray = len(_HIGH_BYTE.findall(_UTF8_SEQUENCE.sub(b"", sample)))
    return valid > 0 and valid >= stray


def _looks_western(text: str) -> bool:
    """Return whether text decoded as a Western single-byte code page reads like language.

    Real latin-1 text has a few accented letters inside mostly-ASCII words; long runs of
    non-ASCII characters mean the bytes were something else (Cyrillic, or garbage).
    """
    high = [c for c in text if ord(c) > 127]
    if len(high) > 0.3 * len(text) or _HIGH_RUN.search(text):
        return False
    return all(c.isalpha() or c in _CP1252_OK or c == "\xa0" for c in high)
