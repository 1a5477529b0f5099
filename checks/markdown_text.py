"""Markdown to plain text: markers, links and escapes removed, one block per paragraph."""

from __future__ import annotations

import re

from checks.byline import Byline, parse_date

_ESCAPABLE = "\\`*_{}[]()#+-.!$<>|~\"'"
# Escaped characters travel through as private-use characters so no rule below sees them.
_ESCAPE = re.compile(r"\\([" + re.escape(_ESCAPABLE) + r"])")
_BASE = 0xE100
_ESCAPED = re.compile(f"[{chr(_BASE)}-{chr(_BASE + len(_ESCAPABLE) - 1)}]")
_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^```.*$|^~~~.*$", re.M), ""),
    (re.compile(r"^ {0,3}(?:[-*_] *){3,}$", re.M), ""),
    (re.compile(r"^ {0,3}(?:=+|-+) *$", re.M), ""),
    (re.compile(r"^ {0,3}\[[^\]\n]+\]: *\S+.*$", re.M), ""),
    (re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$", re.M), r"\1"),
    (re.compile(r"^ {0,3}(?:> ?)+", re.M), ""),
    (re.compile(r"^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+(?=\S)", re.M), ""),
    # Bounded runs: unbounded ones rescan a long line from every "[" (quadratic time).
    (re.compile(r"!\[([^\]\n]{0,500})\]\([^)\n]{0,2000}\)"), r"\1"),
    (re.compile(r"\[([^\]\n]{1,500})\]\([^)\n]{0,2000}\)"), r"\1"),
    (re.compile(r"\[([^\]\n]{1,500})\]\[[^\]\n]{0,500}\]"), r"\1"),
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),
    (re.compile(r"`([^`\n]+)`"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.{1,500}?)(?<=\S)\1"), r"\2"),
    # The marker first, then a look behind it: a pattern that opens with its literal is searched
    # for that character, one that opens with a look-behind is tried at every position.
    (re.compile(r"\*(?<![\w*]\*)(?=[^\s*])(.{1,500}?)(?<=[^\s*])\*(?![\w*])"), r"\1"),
    (re.compile(r"_(?<![\w_]_)(?=[^\s_])(.{1,500}?)(?<=[^\s_])_(?![\w_])"), r"\1"),
    (re.compile(r"~~(?=\S)(.{1,500}?)(?<=\S)~~"), r"\1"),
    # A bold marker left without its partner (emphasis spanning paragraphs) is dropped.
    (re.compile(r"\*\*"), ""),
)
_HINTS = re.compile(
    r"\\[" + re.escape(_ESCAPABLE) + r"]|^#{1,6} |\]\(|(?<![\w*])\*[^\s*][^*\n]*\*(?![\w*])"
    r"|\*\*\S|^```",
    re.M,
)


# YAML (---) or TOML (+++) front matter at the very start of a document.
_FRONT_MATTER = re.compile(r"\A\s*(---|\+\+\+)[ \t]*\n(?P<body>.*?)\n\1[ \t]*(?:\n|\Z)", re.S)
_FIELD = re.compile(r"^(?P<key>[A-Za-z_]+)\s*[:=]\s*(?P<value>.*?)\s*$", re.M)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def split_front_matter(text: str) -> tuple[str, Byline]:
    """Return the text without its YAML/TOML front matter, and the title, date and author the
    front matter gives (None where it gives none)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return text, Byline(None, None, None)
    fields = {m["key"].lower(): m["value"].strip("\"' ") for m in _FIELD.finditer(match["body"])}
    title = fields.get("title") or None
    author = fields.get("author") or None
    date = next((fields[k] for k in ("date", "published", "published_time") if fields.get(k)), "")
    day = _ISO_DAY.search(date)
    published = day.group() if day else parse_date(date)
    return text[match.end() :], Byline(title, published, author)


def looks_like_markdown(text: str) -> bool:
    """Return whether plain text carries Markdown escapes, emphasis, headings or links."""
    return _HINTS.search(text) is not None


def markdown_to_text(text: str) -> str:
    """Return `text` with Markdown syntax removed and backslash escapes resolved."""
    text = _ESCAPE.sub(lambda m: chr(_BASE + _ESCAPABLE.index(m.group(1))), text)
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return _ESCAPED.sub(lambda m: _ESCAPABLE[ord(m.group()) - _BASE], text)
