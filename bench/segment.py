"""Sentence segmentation: boundary precision/recall/F1 against derived gold, and throughput.

Gold boundaries come from data split one sentence per row by others:
- CLEF 2020 task 5 transcripts: consecutive rows of one speaker joined by a space into a
  paragraph; the gold boundaries are the joins.
- ClaimBuster crowdsourced.csv: each sentence located (in order) in the cleaned transcript it
  came from; a run of sentences separated only by whitespace is a region whose inner sentence
  starts are the gold boundaries. Predicted boundaries are counted only inside these regions.
Both gold sets were split by other tools and carry their errors (a sample of the disagreements,
read by hand, is mostly gold errors: splits inside "V.A. facility", none after a closing quote).
"""

from __future__ import annotations

import csv
import importlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from bench.common import Timer, shared_data, table
from checks.clean import clean_bytes, clean_path
from checks.segment import split_sentences

Starts = Callable[[str], list[int]]


@dataclass
class Case:
    """One evaluation text: gold sentence starts, and the window in which starts are counted."""

    text: str
    gold: set[int]
    regions: list[tuple[int, int]]


def clef_cases(data: Path) -> list[Case]:
    """Return one case per run of consecutive CLEF rows from the same speaker."""
    cases: list[Case] = []
    for path in sorted((data / "checkworthiness/clef2020-task5/training").glob("*.tsv")):
        rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
        run: list[str] = []
        speaker = None
        for row in rows + [["", None, "", ""]]:
            if len(row) < 3:
                continue
            if row[1] != speaker and run:
                cases.append(_joined_case(run))
                run = []
            speaker = row[1]
            if row[2].strip():
                run.append(row[2].strip())
    return [case for case in cases if case.gold]


def _joined_case(sentences: list[str]) -> Case:
    text = " ".join(sentences)
    starts, position = set(), 0
    for sentence in sentences[:-1]:
        position += len(sentence) + 1
        starts.add(position)
    return Case(text, starts, [(0, len(text))])


def claimbuster_cases(data: Path) -> list[Case]:
    """Return one case per transcript: ClaimBuster sentences located in the cleaned text."""
    by_file: dict[str, list[tuple[int, str]]] = {}
    with open(data / "checkworthiness/claimbuster/crowdsourced.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            by_file.setdefault(row["File_id"], []).append((int(row["Sentence_id"]), row["Text"]))
    cases = []
    for name, rows in sorted(by_file.items()):
        path = data / "transcripts" / name
        if path.exists():
            text = clean_path(path).text
            cases.append(_located_case(text, [t.strip() for _, t in sorted(rows)]))
    return cases


def _located_case(text: str, sentences: list[str]) -> Case:
    spans, position = [], 0
    for sentence in sentences:
        found = text.find(sentence, position)
        if found >= 0:
            spans.append((found, found + len(sentence)))
            position = found + len(sentence)
    gold: set[int] = set()
    regions: list[tuple[int, int]] = []
    for (start, end), (next_start, next_end) in zip(spans, spans[1:], strict=False):
        if text[end:next_start].strip():
            continue
        gold.add(next_start)
        if regions and regions[-1][1] == end:
            regions[-1] = (regions[-1][0], next_end)
        else:
            regions.append((start, next_end))
    return Case(text, gold, regions)


def score(cases: Iterable[Case], starts: Starts) -> tuple[float, float, float, int, float]:
    """Return precision, recall, F1, gold count and seconds of `starts` over the cases."""
    hits = predicted = gold = 0
    seconds = 0.0
    for case in cases:
        with Timer() as timer:
            found = starts(case.text)
        seconds += timer.seconds
        inside = {s for s in found if any(a < s < b for a, b in case.regions)}
        hits += len(inside & case.gold)
        predicted += len(inside)
        gold += len(case.gold)
    precision = hits / predicted if predicted else 0.0
    recall = hits / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, gold, seconds


def ours(text: str) -> list[int]:
    return [s.start for s in split_sentences(text)]


def _pysbd() -> Starts | None:
    try:
        pysbd = importlib.import_module("pysbd")
    except ImportError:
        return None
    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)

    def starts(text: str) -> list[int]:
        return [_skip_space(text, span.start) for span in segmenter.segment(text)]

    return starts


def _syntok() -> Starts | None:
    try:
        segmenter = importlib.import_module("syntok.segmenter")
    except ImportError:
        return None

    def starts(text: str) -> list[int]:
        return [
            sentence[0].offset
            for paragraph in segmenter.analyze(text)
            for sentence in paragraph
            if sentence
        ]

    return starts


def _skip_space(text: str, start: int) -> int:
    return re.compile(r"\s*").match(text, start).end()


def accuracy_section(data: Path) -> str:
    """Return the accuracy table for every available segmenter on both gold sets."""
    golds = {"CLEF 2020 task 5": clef_cases(data), "ClaimBuster in transcripts": None}
    golds["ClaimBuster in transcripts"] = claimbuster_cases(data)
    candidates = {
        "claimdesk (rule-based)": ours,
        "pysbd 0.3.4": _pysbd(),
        "syntok 1.4.4": _syntok(),
    }
    rows = []
    for gold_name, cases in golds.items():
        for name, starts in candidates.items():
            if starts is None:
                rows.append([gold_name, name, "not installed", "", "", "", ""])
                continue
            precision, recall, f1, count, seconds = score(cases, starts)
            speed = f"{sum(len(c.text) for c in cases) / seconds / 1e6:.2f}"
            rows.append([gold_name, name, precision, recall, f1, count, speed])
    header = ["gold", "segmenter", "precision", "recall", "F1", "gold boundaries", "MB/s"]
    return table(header, rows)


def throughput_section(data: Path) -> str:
    """Return sentences/s over the 33 transcripts for clean+segment (+quantities when present)."""
    blobs = [(p.name, p.read_bytes()) for p in sorted((data / "transcripts").glob("*.txt"))]
    with Timer() as cleaning:
        texts = [clean_bytes(blob, name).text for name, blob in blobs]
    with Timer() as segmenting:
        count = sum(len(split_sentences(text)) for text in texts)
    rows = [
        ["clean only", count, cleaning.seconds, f"{count / cleaning.seconds:,.0f}"],
        ["segment only", count, segmenting.seconds, f"{count / segmenting.seconds:,.0f}"],
    ]
    with Timer() as timer:
        count = sum(len(split_sentences(clean_bytes(b, n).text)) for n, b in blobs)
    rows.append(["clean + segment", count, timer.seconds, f"{count / timer.seconds:,.0f}"])
    try:
        quantities = importlib.import_module("checks.quantities")
    except ImportError:
        rows.append(["clean + segment + quantities", "skipped: no checks/quantities.py", "", ""])
        return table(["stage", "sentences", "seconds", "sentences/s"], rows)
    with Timer() as timer:
        for name, blob in blobs:
            for sentence in split_sentences(clean_bytes(blob, name).text):
                quantities.find_quantities(sentence.text)
    rows.append(
        ["clean + segment + quantities", count, timer.seconds, f"{count / timer.seconds:,.0f}"]
    )
    return table(["stage", "sentences", "seconds", "sentences/s"], rows)


def main() -> str:
    """Return the Markdown section for bench/RESULTS.md."""
    data = shared_data()
    return "\n\n".join(
        [
            "## Sentence segmentation",
            __doc__.split("\n\n", 1)[1].strip(),
            accuracy_section(data),
            "Throughput over the 33 transcripts, one process (quantities found per sentence):",
            throughput_section(data),
        ]
    )


if __name__ == "__main__":
    print(main())
