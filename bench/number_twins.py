"""Number-perturbation test set from the CLEF 2020 task 2 archive: for each tweet that states a
figure of the archive claim it repeats, a twin of that claim with that one figure changed. The
twins are imported beside the archive and each tweet goes through `search --queries` (hybrid):
the unchanged claim must rank above its perturbed twin, which must be flagged `differ`.
`python -m bench.number_twins`."""

from __future__ import annotations

import csv
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.claim_matching import cli, load_split
from bench.common import Timer, shared_data, table
from bench.train_rerank import read_archive
from checks.match import compare_numbers, same_value
from checks.quantities import find_quantities
from checks.rerank import query_body
from checks.spans import Quantity

SPLITS = ("dev", "train")
DEPTH = 50  # results read per query
TWINS = "number-twins"  # the archive the perturbed twins are imported into


@dataclass(frozen=True)
class Twin:
    """An archive claim, the query that repeats it, and the claim with one figure changed."""

    query_id: str
    query: str
    claim_id: str
    text: str
    perturbed: str
    title: str | None
    perturbed_title: str | None
    figure: str
    changed_to: str


def change_figure(figure: str, kind: str = "count") -> str | None:
    """Return `figure` with its digits changed so that its value clearly differs: a year's last
    digit moved by one ("2020" -> "2021"); otherwise the last two adjacent different digits
    swapped, never to a leading zero ("178" -> "187"), else the first digit moved by one
    ("5" -> "6", "$80M" -> "$90M")."""
    positions = [n for n, ch in enumerate(figure) if ch.isdigit()]
    digits = [figure[n] for n in positions]
    if kind == "year" and positions:
        last = int(digits[-1])
        chars = list(figure)
        chars[positions[-1]] = str(last + 1 if last < 9 else last - 1)
        return "".join(chars)
    for a in reversed(range(len(digits) - 1)):
        if digits[a] != digits[a + 1] and not (a == 0 and digits[a + 1] == "0"):
            chars = list(figure)
            chars[positions[a]], chars[positions[a + 1]] = digits[a + 1], digits[a]
            return "".join(chars)
    if not positions:
        return None
    first = int(digits[0])
    chars = list(figure)
    chars[positions[0]] = str(first + 1 if first < 9 else first - 1)
    return "".join(chars)


def shared_figure(query: str, claim: str) -> Quantity | None:
    """Return the first figure of `claim` that the query states too (same value), if any."""
    mine = find_quantities(query_body(query))
    for q in find_quantities(claim):
        if q.kind in ("date", "ordinal") or "/" in q.text or not any(c.isdigit() for c in q.text):
            continue
        if (
            any(same_value(q.value, m.value, q.kind) for m in mine)
            and compare_numbers(mine, [q])[0] == "same"
        ):
            return q
    return None


def make_twin(
    query_id: str, query: str, claim_id: str, text: str, title: str | None
) -> Twin | None:
    """Return the twin of one (query, archive claim) pair, or None when they share no figure,
    the query contradicts another of the claim's figures (the unchanged twin is no twin then),
    or the changed figure would not read as a different value from every figure of the query."""
    figure = shared_figure(query, text)
    mine = find_quantities(query_body(query))
    if figure is None or compare_numbers(mine, find_quantities(text))[0] != "same":
        return None
    changed = change_figure(figure.text, figure.kind)
    if changed is None:
        return None
    perturbed = text[: figure.start] + changed + text[figure.end :]
    stated = re.compile(rf"(?<![\w.,]){re.escape(figure.text)}(?![\w]|[.,]\d)")
    new = [q for q in find_quantities(perturbed) if q.start == figure.start]
    if not new or any(same_value(new[0].value, q.value, figure.kind) for q in [figure, *mine]):
        return None
    perturbed_title = stated.sub(changed, title) if title else title
    return Twin(query_id, query, claim_id, text, perturbed, title, perturbed_title,
                figure.text, changed)  # fmt: skip


def build(folder: Path, split: str) -> list[Twin]:
    """Return the twins of a split's (tweet, archive claim) pairs, in file order."""
    ids, texts, titles = read_archive(folder)
    archive = {i: (t, h or None) for i, t, h in zip(ids, texts, titles, strict=True)}
    queries, qrels = load_split(folder, split)
    twins = []
    for query_id, query in queries:
        for claim_id in sorted(qrels.get(query_id, ()), key=int):
            twin = make_twin(query_id, query, claim_id, *archive[claim_id])
            if twin is not None:
                twins.append(twin)
    return twins


def twin_ids(twins: list[Twin]) -> dict[tuple[str, str], str]:
    """Return an archive id per distinct (claim id, perturbed text): "twin-CLAIM-N"."""
    out: dict[tuple[str, str], str] = {}
    for t in twins:
        key = (t.claim_id, t.perturbed)
        if key not in out:
            out[key] = f"twin-{t.claim_id}-{sum(k[0] == t.claim_id for k in out) + 1}"
    return out


def write_twins(path: Path, twins: list[Twin], names: dict[tuple[str, str], str]) -> None:
    """Write the perturbed twins as a TSV archive (id, vclaim, title)."""
    done = set()
    with open(path, "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, delimiter="\t")
        out.writerow(["id", "vclaim", "title"])
        for t in twins:
            name = names[t.claim_id, t.perturbed]
            if name not in done:
                done.add(name)
                out.writerow([name, t.perturbed, t.perturbed_title or ""])


def judge(twins: list[Twin], names: dict, results: dict[str, list[dict]]) -> tuple[list, list]:
    """Return the split's counts and the twins whose order or flags are wrong."""
    above = found = differ = unchanged_found = unchanged_differ = 0
    wrong = []
    for t in twins:
        ranked = results.get(t.query_id, [])
        rank = {r["external_id"]: (n, r["numbers"]) for n, r in enumerate(ranked, start=1)}
        original, twin = rank.get(t.claim_id), rank.get(names[t.claim_id, t.perturbed])
        first = original is not None and (twin is None or original[0] < twin[0])
        above += first
        found += twin is not None
        differ += twin is not None and twin[1] == "differ"
        unchanged_found += original is not None
        unchanged_differ += original is not None and original[1] == "differ"
        if not first or (twin and twin[1] != "differ") or (original and original[1] == "differ"):
            wrong.append([t.query_id, t.claim_id, f"{t.figure} → {t.changed_to}",
                          original or "-", twin or "-"])  # fmt: skip
    n = len(twins)
    counts = [
        n,
        above / n if n else 0.0,
        f"{differ}/{found}",
        f"{unchanged_differ}/{unchanged_found}",
    ]
    return counts, wrong


def main() -> str:
    """Return the Markdown section of this benchmark."""
    folder = shared_data() / "claim-matching" / "clef2020-task2"
    split_twins = {s: build(folder, s) for s in SPLITS}
    names = twin_ids([t for s in SPLITS for t in split_twins[s]])
    rows, wrong = [], []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(os.environ.get("CLAIMDESK_BENCH_WORK") or tmp)  # kept there when set
        db = work / "twins.db"
        path = work / "twins.tsv"
        write_twins(path, [t for s in SPLITS for t in split_twins[s]], names)
        with Timer() as imported:
            cli("import", str(folder / "verified_claims.docs.tsv"), "--title-column", "title",
                "--db", str(db))  # fmt: skip
            cli("import", str(path), "--archive", TWINS, "--id-column", "id", "--text-column",
                "vclaim", "--title-column", "title", "--db", str(db))  # fmt: skip
        for split in SPLITS:
            twins = split_twins[split]
            queries = work / f"twins-{split}.jsonl"
            asked = dict.fromkeys(t.query_id for t in twins)
            text = {t.query_id: t.query for t in twins}
            queries.write_text(
                "".join(json.dumps({"id": q, "text": text[q]}) + "\n" for q in asked)
            )
            done = cli("search", "--queries", str(queries), "--k", str(DEPTH), "--format",
                       "jsonl", "--db", str(db))  # fmt: skip
            results = {}
            for line in done.stdout.splitlines():
                row = json.loads(line)
                results[row["query_id"]] = row["results"]
            counts, bad = judge(twins, names, results)
            rows.append([split, *counts])
            wrong += [[split, *b] for b in bad]
    lines = [
        "## Number twins (CLEF 2020 task 2)",
        "",
        "Each tweet that states a figure of the archive claim it repeats (same value, and no "
        "figure of the claim contradicting the tweet), paired with a twin of that claim with "
        "the one figure changed (digits swapped, or moved by one; its title changed alike). "
        f"The twins are imported beside the archive (`import --archive {TWINS}`, "
        f"{imported.seconds:.0f} s for both imports) and each tweet goes through "
        f"`search --queries FILE --k {DEPTH}` (hybrid, the default).",
        "",
        table(
            [
                "split",
                "twins",
                "unchanged above perturbed",
                "perturbed found: differ",
                "unchanged found: differ",
            ],
            rows,
        ),  # fmt: skip
    ]
    if wrong:
        lines += [
            "",
            "Twins ranked or flagged wrongly ((rank, numbers) of each):",
            "",
            table(["split", "tweet", "claim", "figure", "unchanged", "perturbed"], wrong),
        ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(main())
