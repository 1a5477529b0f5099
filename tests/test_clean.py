"""Cleaning documents: every format, metadata, the founding article's repairs and bad input."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from checks.clean import MAX_BYTES, CleanedDocument, clean_bytes, clean_path, clean_text
from checks.errors import DocumentTooLarge, EmptyDocument, UnreadableDocument

GOLDEN = json.loads((Path(__file__).parent / "golden" / "clean.json").read_text("utf-8"))
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


def _pdf(*lines: str, info: dict[str, str] | None = None) -> bytes:
    """Return a one-page PDF whose text layer holds `lines` (none: a page with no text)."""
    writer = PdfWriter()
    page = writer.add_blank_page(400, 300)
    if lines:
        font = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
        shows = " 0 -20 Td ".join(f"({line}) Tj" for line in lines)
        stream = DecodedStreamObject()
        stream.set_data(f"BT /F1 12 Tf 20 250 Td {shows} ET".encode("latin-1"))
        page.replace_contents(stream)
    if info:
        writer.add_metadata(info)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("source", "fmt", "expected"),
    [pytest.param(c["input"], c["fmt"], c["expected"], id=c["id"]) for c in GOLDEN],
)
def test_golden(source: str, fmt: str, expected: str) -> None:
    assert clean_text(source, fmt).text == expected


def test_plain_text_title_author_and_date_stay_in_text() -> None:
    text = "Harbour Fees Rise Again\n\nAnna Kowal\n12 March 2024\n\nFees went up by 8 percent."
    document = clean_text(text)
    assert document == CleanedDocument(text, "Harbour Fees Rise Again", "2024-03-12", "Anna Kowal")


@pytest.mark.parametrize(
    ("top", "published"),
    [
        ("Published: March 12, 2024", "2024-03-12"),
        ("Tuesday, 12 March 2024", "2024-03-12"),
        ("Dec. 4, 2025", "2025-12-04"),
        ("2024-03-12", "2024-03-12"),
        ("Not a date at all", None),
    ],
)
def test_byline_dates(top: str, published: str | None) -> None:
    assert clean_text(f"{top}\n\nSome body text.").published_at == published


def test_sentence_first_line_is_no_title() -> None:
    assert clean_text("This opens with a sentence.\n\nMore.").title is None


def test_markdown_heading_is_title() -> None:
    document = clean_bytes(b"# Port Fees\n\nBy Ann Lee\n\nBody *text*.", "note.md")
    assert (document.title, document.author, document.text) == (
        "Port Fees",
        "Ann Lee",
        "Port Fees\n\nBy Ann Lee\n\nBody text.",
    )


HTML = b"""<!doctype html><html><head><title>Fees | Harbour News</title>
<meta property="og:title" content="Harbour fees rise">
<meta property="article:published_time" content="2024-03-12T08:00:00Z">
<meta name="author" content="Anna Kowal">
<style>p { color: red }</style><script>var secret = "tracking";</script></head>
<body><nav>Home | World</nav><header>Site banner</header>
<article><h1>Harbour fees rise</h1><p>Fees rose by <b>8 percent</b>
 this year.<br>A second line.</p><div>Ships pay more.</div><aside>Read also</aside>
<script>alert(1)</script><ul><li>One item</li><li>Two items</li></ul></article>
<footer>Copyright</footer></body></html>"""


def test_html_main_text_without_scripts_styles_or_navigation() -> None:
    document = clean_bytes(HTML, "page.html")
    assert document.text == (
        "Harbour fees rise\n\nFees rose by 8 percent this year.\nA second line.\n\n"
        "Ships pay more.\n\nOne item\n\nTwo items"
    )
    assert (document.title, document.published_at, document.author) == (
        "Harbour fees rise",
        "2024-03-12",
        "Anna Kowal",
    )


def test_html_without_article_drops_page_header_and_uses_time_tag() -> None:
    markup = (
        "<html><body><header>Banner</header><h1>Title</h1><p>Text <time datetime='2023-05-01'>"
        "May 1</time>.</p><footer>Foot</footer><noscript>Enable JS</noscript></body></html>"
    )
    document = clean_text(markup, "html")
    assert (document.text, document.title, document.published_at) == (
        "Title\n\nText May 1.",
        "Title",
        "2023-05-01",
    )


def test_html_declared_latin1_charset() -> None:
    markup = '<html><head><meta charset="iso-8859-1"></head><body><p>Caf\u00e9 na\u00efve.</p>'
    assert clean_bytes(markup.encode("latin-1"), "page.htm").text == "Caf\u00e9 na\u00efve."


def test_malformed_html_is_still_read() -> None:
    assert clean_text("<p>Unclosed <b>bold <i>text</p><p>Next", "html").text == (
        "Unclosed bold text\n\nNext"
    )


def test_html_with_only_script_is_empty() -> None:
    with pytest.raises(EmptyDocument, match=r"^page\.html: "):
        clean_bytes(b"<html><script>x = 1</script></html>", "page.html")


def test_unknown_extensions_are_sniffed() -> None:
    assert clean_bytes(HTML, "download").title == "Harbour fees rise"
    assert clean_bytes(_pdf("Sniffed text."), "file.bin").text == "Sniffed text."


def test_pdf_text_layer_and_info() -> None:
    data = _pdf(
        "Harbour Fees Rise",
        "Fees rose by 8 percent in 2024.",
        info={"/Title": "Harbour report", "/Author": "Anna Kowal", "/CreationDate": "D:20240312"},
    )
    assert clean_bytes(data, "report.pdf") == CleanedDocument(
        "Harbour Fees Rise\n\nFees rose by 8 percent in 2024.",
        "Harbour report",
        "2024-03-12",
        "Anna Kowal",
    )


def test_pdf_without_text_layer() -> None:
    with pytest.raises(UnreadableDocument) as error:
        clean_bytes(_pdf(), "report.pdf")
    assert str(error.value) == "report.pdf: the PDF has no text layer (scanned image?)"


def test_damaged_pdf() -> None:
    with pytest.raises(UnreadableDocument, match=r"^broken\.pdf: not a readable PDF"):
        clean_bytes(b"%PDF-1.7\n garbage", "broken.pdf")


def test_latin1_and_cp1252_text_decoded() -> None:
    data = "Caf\u00e9 cr\u00e8me costs \u20ac5 \u2013 \u201ccheap\u201d.".encode("cp1252")
    assert (
        clean_bytes(data, "menu.txt").text
        == "Caf\u00e9 cr\u00e8me costs \u20ac5 \u2013 \u201ccheap\u201d."
    )
    assert clean_bytes("M\u00fcller sagt na\u00efv.".encode("latin-1"), "m.txt").text == (
        "M\u00fcller sagt na\u00efv."
    )


def test_utf8_bom_stripped_and_utf16_read() -> None:
    assert clean_bytes(b"\xef\xbb\xbfHello.", "a.txt").text == "Hello."
    assert clean_bytes("Hall\u00e5.".encode("utf-16"), "b.txt").text == "Hall\u00e5."


def test_non_western_encoding_detected() -> None:
    text = "Это длинный русский текст о ценах на газ и нефть в Европе. " * 5
    assert clean_bytes(text.encode("cp1251"), "ru.txt").text == text.strip()


@pytest.mark.parametrize(
    ("data", "name", "error", "message"),
    [
        pytest.param(b"", "empty.txt", EmptyDocument, "empty.txt: the file is empty", id="empty"),
        pytest.param(
            b" \n\t\r\n ", "blank.txt", EmptyDocument, "blank.txt: only whitespace", id="ws"
        ),
        pytest.param(
            PNG, "photo.txt", UnreadableDocument, "photo.txt: this is a PNG image", id="png"
        ),
        pytest.param(b"ab\x00cd" * 10, "x.txt", UnreadableDocument, "x.txt: binary data", id="nul"),
        pytest.param(
            bytes(range(1, 32)) * 5 + b"text",
            "c.txt",
            UnreadableDocument,
            "c.txt: binary",
            id="ctrl",
        ),
        pytest.param(
            "Z\u00fcrich \u2014 \u201ccosts\u201d rose. ".encode() * 20 + b"\xff\xc3\x28 end",
            "bad.txt",
            UnreadableDocument,
            "bad.txt: invalid UTF-8 at byte 600",
            id="invalid-utf8",
        ),
        pytest.param(
            b"<p>  </p>", "e.html", EmptyDocument, "e.html: no text left", id="empty-html"
        ),
    ],
)
def test_bad_bytes(data: bytes, name: str, error: type, message: str) -> None:
    with pytest.raises(error) as raised:
        clean_bytes(data, name)
    assert str(raised.value).startswith(message)
    assert "\n" not in str(raised.value)


def test_zip_archive_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("inner.txt", "hello")
    with pytest.raises(UnreadableDocument, match=r"^bundle\.txt: this is a zip archive"):
        clean_bytes(buffer.getvalue(), "bundle.txt")


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(UnreadableDocument, match=r"nowhere\.txt: no such file$"):
        clean_path(tmp_path / "nowhere.txt")


def test_directory_path(tmp_path: Path) -> None:
    with pytest.raises(UnreadableDocument, match=r"not a regular file$"):
        clean_path(tmp_path)


def test_oversized_file_refused_before_reading(tmp_path: Path, monkeypatch) -> None:
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: no disk, no memory

    def never(*args: object) -> bytes:
        raise AssertionError("read a file over the limit")

    monkeypatch.setattr(Path, "read_bytes", never)
    with pytest.raises(DocumentTooLarge) as error:
        clean_path(huge)
    assert str(error.value) == "huge.txt: 100.0 MB is over the 20.0 MB limit"


def test_oversized_bytes_and_text() -> None:
    with pytest.raises(DocumentTooLarge):
        clean_bytes(b"a" * (MAX_BYTES + 1), "big.txt")
    with pytest.raises(DocumentTooLarge):
        clean_text("a" * (MAX_BYTES + 1))


def test_clean_path_reads_each_format(tmp_path: Path) -> None:
    for name, data in [("a.txt", b"Plain."), ("a.md", b"**Bold**."), ("a.html", b"<p>Tag.</p>")]:
        (tmp_path / name).write_bytes(data)
    assert [clean_path(tmp_path / n).text for n in ("a.txt", "a.md", "a.html")] == [
        "Plain.",
        "Bold.",
        "Tag.",
    ]


def test_unknown_format_name() -> None:
    with pytest.raises(ValueError):
        clean_text("x", "docx")


def test_founding_article(shared_data: Path) -> None:
    document = clean_path(shared_data / "articles" / "000_ef123a5b4f98460d.txt")
    assert (document.title, document.published_at, document.author) == (
        "Trump's Ukraine plan destroys alliance with Europe",
        "2025-12-04",
        "Peter Schwarz",
    )
    text = document.text
    assert "maintaining American world domination depended on preventing the emergence" in text
    assert "Born in Kiev in 1975, the investment banker has a personal connection" in text
    assert "\\$" not in text and "$300 billion in frozen" in text and "*" not in text
    assert text.startswith("Trump's Ukraine plan destroys alliance with Europe\n\nPeter Schwarz\n")


def test_founding_article_repaired_sentences(shared_data: Path) -> None:
    from checks.segment import split_sentences

    text = clean_path(shared_data / "articles" / "000_ef123a5b4f98460d.txt").text
    sentences = [s.text for s in split_sentences(text)]
    assert any(
        s.startswith("Thirty years ago")
        and s.endswith("economically equal power in Europe and Asia.")
        for s in sentences
    )
    assert any(
        s.startswith("Born in Kiev in 1975,") and s.endswith("Katerina Tikhonova.")
        for s in sentences
    )


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["text", "markdown", "html"]))
def test_any_text_cleans_or_is_empty(text: str, fmt: str) -> None:
    try:
        document = clean_text(text, fmt)
    except EmptyDocument:
        return
    assert document.text and document.text == document.text.strip()
    assert "\r" not in document.text and "\n\n\n" not in document.text


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_a_document_or_a_domain_error(data: bytes) -> None:
    try:
        clean_bytes(data, "upload.txt")
    except (EmptyDocument, UnreadableDocument):
        pass


def test_sparse_file_helper_leaves_no_disk_use(tmp_path: Path) -> None:
    path = tmp_path / "sparse.txt"
    with open(path, "wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    assert os.stat(path).st_size == MAX_BYTES + 1


def test_markdown_front_matter_gives_title_and_date() -> None:
    markup = '+++\ntitle = "Ferry timetable changes"\ndate = 2025-06-01\n+++\n\nFerries run.\n'
    document = clean_text(markup, "markdown")
    assert (document.text, document.title, document.published_at) == (
        "Ferries run.",
        "Ferry timetable changes",
        "2025-06-01",
    )
