"""The Markdown verdict report, written as a stream: per document its check-worthy (or
reviewed) claims with verdicts and rationale, then a summary table (DESIGN.md §4)."""

from __future__ import annotations

import io
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import BinaryIO

from checks import config, figures, validate
from checks.labels import DISPLAY_NAMES, LABELS

# Markdown ----------------------------------------------------------------------------------

# Characters that Markdown (CommonMark, GFM tables, LaTeX in some renderers) would act on;
# `&` too, so that entities such as `&lt;` stay literal.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|$~&])")


def escape_markdown(text: str | None) -> str:
    """Return user text as one line of Markdown that renders as the same plain text."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join((text or "").split()))


def _link(url: str) -> str:
    """Return an autolink (reads as the address in plain text), or escaped text."""
    autolink = validate.is_web_url(url) and not re.search(r"[<>]", url)
    return f"<{url.strip()}>" if autolink else escape_markdown(url)


def _claim_lines(number: int, row: Mapping) -> list[str]:
    lines = [f"{number}. {escape_markdown(row['claim'])}"]
    if row.get("quantities"):
        lines.append(f"   - Figures: {escape_markdown(figures.quantities(row['quantities']))}")
    if row.get("verdict"):
        label = DISPLAY_NAMES.get(row["verdict"], row["verdict"])
        when = (row.get("reviewed_at") or "")[:10]
        lines.append(
            f"   - Verdict: **{escape_markdown(label)}** "
            f"({escape_markdown(row.get('reviewer'))}, {escape_markdown(when)})"
        )
        if row.get("rationale"):
            lines.append(f"   - Rationale: {escape_markdown(row['rationale'])}")
        if row.get("sources"):
            lines.append(f"   - Sources: {', '.join(_link(u) for u in row['sources'])}")
    else:
        lines.append("   - Verdict: not reviewed yet")
    return lines


def _document_heading(row: Mapping) -> list[str]:
    title = row.get("document") or (
        "Imported claims" if row.get("document_id") is None else f"Document {row['document_id']}"
    )
    lines = [f"## {escape_markdown(title)}", ""]
    facts = []
    if row.get("source_url"):
        facts.append(f"Source: {_link(row['source_url'])}")
    if row.get("published"):
        facts.append(f"Published: {escape_markdown(row['published'])}")
    return lines + ([" · ".join(facts), ""] if facts else [])


def _table_lines(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    cells = [escape_markdown(str(c)) for c in header]
    lines = ["| " + " | ".join(cells) + " |", "|" + "---|" * len(cells)]
    for values in rows:
        lines.append("| " + " | ".join(escape_markdown(str(v)) for v in values) + " |")
    return lines


class _Summary:
    """Per document (in order of first appearance): claims listed, reviewed, and the count of
    each label given; two documents with one title stay apart (keyed by id too)."""

    def __init__(self) -> None:
        self.groups: dict[tuple, list] = {}

    def add(self, row: Mapping) -> None:
        """Count one listed claim."""
        key = (row.get("document_id") or 0, row.get("document") or "Imported claims")
        group = self.groups.setdefault(key, [0, 0, Counter()])
        group[0] += 1
        if row.get("verdict") is not None:
            group[1] += 1
            group[2][row["verdict"]] += 1

    def lines(self) -> list[str]:
        """Return the summary as a Markdown table: a column per label given at all."""
        given = [label for label in LABELS if any(g[2][label] for g in self.groups.values())]
        header = ["Document", "Claims", "Reviewed", *(DISPLAY_NAMES[x] for x in given)]
        rows = (
            [title, claims, reviewed, *(labels[x] for x in given)]
            for (_, title), (claims, reviewed, labels) in self.groups.items()
        )
        return _table_lines(header, rows)


def write_markdown(rows: Iterable[Mapping], out: BinaryIO, *, org: str | None = None) -> None:
    """Write the Markdown report to `out`: per document its check-worthy (or reviewed) claims
    in order with verdicts and rationale, then a summary table. The body is spooled to a
    temporary file while the counts of the first lines are made, so memory stays flat."""
    summary, reviewed, key, number = _Summary(), 0, object(), 0
    with tempfile.TemporaryFile() as body:
        for row in rows:
            if not (row.get("checkworthy") or row.get("verdict")):
                continue
            summary.add(row)
            reviewed += bool(row.get("verdict"))
            lines = []
            if (row.get("document_id"), row.get("document")) != key:
                key, number = (row.get("document_id"), row.get("document")), 0
                lines += [""] + _document_heading(row)
            number += 1
            lines += _claim_lines(number, row)
            body.write("".join(f"\n{line}" for line in lines).encode("utf-8"))
        shown = sum(g[0] for g in summary.groups.values())
        title = f"# Verdict report: {escape_markdown(org or config.org_name())}"
        out.write(f"{title}\n\n{shown} claims, {reviewed} with a verdict.".encode())
        body.seek(0)
        shutil.copyfileobj(body, out)
    if shown:
        tail = ["", "## Summary", "", *summary.lines()]
        out.write("".join(f"\n{line}" for line in tail).encode("utf-8"))
    out.write(b"\n")


def to_markdown(rows: Iterable[Mapping], *, org: str | None = None) -> bytes:
    """Return the Markdown report (see `write_markdown`) as bytes."""
    out = io.BytesIO()
    write_markdown(rows, out, org=org)
    return out.getvalue()
