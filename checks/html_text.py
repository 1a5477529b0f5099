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
# Blocks named like page furniture are dropped, unless the name also says content ("post-body").
_CONTAINERS = ("div", "section", "ul", "ol", "aside", "table", "span", "p", "dl")
_FURNITURE = re.compile(
    r"comment|respond|reply|sidebar|widget|share|social|related|recommend|newsletter|subscribe|"
    r"promo|sponsor|advert|\bads?\b|banner|breadcrumb|pagination|pager|menu|\bnav|footer|"
    r"masthead|author-?(?:bio|info|box)|byline-block|tags?\b|categor|popup|modal|cookie|print"
)
_CONTENT = re.compile(r"article|entry|post-?(?:body|content|text)|story|main-?content")
_MIN_PARAGRAPH = 25
_HEADINGS = ("h1", "h2")
# The block with most paragraph text is the body when it holds at least this share of it.
_MAIN_SHARE = 0.5
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
    _drop_furniture(root)
    main = _main_block(root)
    text = _paragraphs(main)
    if main is not root and main.find(_HEADINGS) is None:
        # The article body rarely holds its headline: keep the nearest heading before it.
        headline = main.find_previous(_HEADINGS)
        heading = " ".join(headline.get_text(" ").split()) if headline else ""
        text = f"{heading}\n\n{text}" if heading else text
    return HtmlText(text, title, published, author)


def _drop_furniture(root: Tag) -> None:
    """Remove blocks whose class or id names page furniture (comments, sidebars, share bars)."""
    doomed = [
        node
        for node in root.find_all(_CONTAINERS)
        if node.attrs is not None
        and (names := _names(node))
        and _FURNITURE.search(names)
        and not _CONTENT.search(names)
    ]
    for node in doomed:
        if node.parent is not None:  # not already removed with an ancestor
            node.decompose()


def _names(node: Tag) -> str:
    classes = node.get("class") or []
    return " ".join([node.get("id") or "", *classes]).lower()


def _main_block(root: Tag) -> Tag:
    """Return the block that holds most of the page's paragraph text (its article body), or
    `root` when the text is not in paragraphs or no block holds most of it."""
    scores: dict[int, float] = {}
    nodes: dict[int, Tag] = {}
    total = 0.0
    for paragraph in root.find_all("p"):
        length = len(paragraph.get_text(" ", strip=True))
        if length < _MIN_PARAGRAPH:
            continue
        total += length
        parent = paragraph.parent
        for share in (1.0, 0.5):
            if parent is None or parent is root.parent:
                break
            scores[id(parent)] = scores.get(id(parent), 0.0) + share * length
            nodes[id(parent)] = parent
            parent = parent.parent
    if not scores:
        return root
    best = max(scores, key=scores.__getitem__)
    return nodes[best] if scores[best] >= _MAIN_SHARE * total else root


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
