"""HTML to text: the main content as paragraphs, plus title, date and author from the markup."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from bs4 import BeautifulSoup, CData, Comment, NavigableString, PageElement, Tag

_DROP = (
    "script style noscript template nav aside form iframe svg canvas button select "
    "textarea object embed head"
).split()
_PAGE_CHROME = ("header", "footer")
_BLOCKS = frozenset(
    (
        "p div section article main h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote pre "
        "table tr thead tbody tfoot caption figure figcaption address hr header footer "
        "details summary center"
    ).split()
)
_CELLS = frozenset(("td", "th"))
# Private-use characters mark paragraph and line breaks through get_text().
_PARAGRAPH, _LINE = "\ue000", "\ue001"
_SPACES = re.compile(r"[^\S\n]+|\n")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class HtmlText:
    """The visible main text (paragraphs separated by blank lines) and what the markup says."""

    text: str
    title: str | None
    published_at: str | None
    author: str | None


def html_to_text(markup: str) -> HtmlText:
    """Return the main text of an HTML page and its title, publication date and author."""
    soup = BeautifulSoup(markup, "lxml")
    title, published, author = _title(soup), _published(soup), _author(soup)
    for node in soup.find_all(string=lambda s: isinstance(s, Comment)):
        node.extract()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    for name in _DROP:
        for node in root.find_all(name):
            node.decompose()
    if root.name not in ("article", "main"):
        for node in root.find_all(_PAGE_CHROME):
            node.decompose()
    return HtmlText(_paragraphs(root), title, published, author)


def _paragraphs(root: Tag) -> str:
    """Return the text under `root`, block elements as paragraphs, <br> as line breaks."""
    raw = "".join(_marked_strings(root))
    paragraphs = []
    for block in raw.split(_PARAGRAPH):
        lines = [_SPACES.sub(" ", line).strip() for line in block.split(_LINE)]
        text = "\n".join(line for line in lines if line)
        if text:
            paragraphs.append(text)
    return "\n\n".join(paragraphs)


def _marked_strings(root: Tag) -> Iterator[str]:
    """Yield the text strings under `root` in order, with a paragraph mark around each block
    element, a line mark for <br> and a space after each table cell.

    An explicit stack, not tree edits: inserting marks into the tree costs time in proportion
    to the nesting depth each, which made a page of 200,000 nested <div>s run for an hour.
    """
    stack: list[tuple[PageElement, bool]] = [(child, False) for child in reversed(root.contents)]
    while stack:
        node, closing = stack.pop()
        if closing:
            yield _PARAGRAPH if node.name in _BLOCKS else " "
        elif isinstance(node, Tag):
            if node.name == "br":
                yield _LINE
                continue
            if node.name in _BLOCKS:
                yield _PARAGRAPH
            if node.name in _BLOCKS or node.name in _CELLS:
                stack.append((node, True))
            stack.extend((child, False) for child in reversed(node.contents))
        elif type(node) in (NavigableString, CData):  # what get_text() reads: no comments
            yield str(node)


def _meta(soup: BeautifulSoup, *keys: str) -> str | None:
    """Return the content of the first <meta> whose property, name or itemprop is in `keys`."""
    for key in keys:
        for attribute in ("property", "name", "itemprop"):
            node = soup.find("meta", attrs={attribute: key})
            if node and node.get("content", "").strip():
                return " ".join(node["content"].split())
    return None


def _title(soup: BeautifulSoup) -> str | None:
    found = _meta(soup, "og:title", "twitter:title")
    if found:
        return found
    for name in ("h1", "title"):
        node = soup.find(name)
        if node and node.get_text(strip=True):
            return " ".join(node.get_text(" ").split())
    return None


def _published(soup: BeautifulSoup) -> str | None:
    value = _meta(
        soup, "article:published_time", "datePublished", "date", "pubdate", "DC.date", "dc.date"
    )
    if not value:
        node = soup.find("time", attrs={"datetime": True})
        value = node["datetime"] if node else None
    match = _ISO_DATE.search(value or "")
    return match.group(0) if match else None


def _author(soup: BeautifulSoup) -> str | None:
    value = _meta(soup, "author", "article:author", "dc.creator")
    if value and not value.startswith(("http://", "https://")):
        return value
    node = soup.find(attrs={"rel": "author"})
    return " ".join(node.get_text(" ").split()) or None if node else None
