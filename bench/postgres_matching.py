"""Claim matching on PostgreSQL against SQLite: CLEF 2020 task 2 dev MAP@5 through the real
`import` and `search --queries` commands on both backends, in every mode, in the same run.

`python -m bench.postgres_matching`. Starts its own PostgreSQL (pgserver) in a temp folder, or
uses the server of $CLAIMDESK_TEST_PG.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from bench.claim_matching import cli, load_split, metrics
from bench.common import Timer, shared_data, table
from checks.workflows.searching import MODES  # every mode `search --mode` offers

SPLIT = "dev"
DEPTH = 10
TOLERANCE = 0.005  # the bar: PostgreSQL within this of SQLite in every mode


def run(db: str, work: Path, folder: Path) -> tuple[dict, float, dict, dict]:
    """Import the archive into `db` and search every dev tweet in each mode; return MAP@5 per
    mode, import seconds, search seconds per mode and the rankings per mode."""
    with Timer() as imported:
        cli("import", str(folder / "verified_claims.docs.tsv"), "--db", db)
    queries, qrels = load_split(folder, SPLIT)
    path = work / f"{SPLIT}.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in queries))
    scores, seconds, rankings = {}, {}, {}
    for mode in MODES:
        with Timer() as timer:
            done = cli("search", "--queries", str(path), "--mode", mode, "--k", str(DEPTH),
                       "--format", "jsonl", "--db", db)  # fmt: skip
        lines = [json.loads(line) for line in done.stdout.splitlines()]
        ranked = {r["query_id"]: [x["external_id"] for x in r["results"]] for r in lines}
        scores[mode] = metrics(ranked, qrels)[0]
        seconds[mode] = timer.seconds
        rankings[mode] = ranked
    return scores, imported.seconds, seconds, rankings


def differing(first: dict[str, list[str]], second: dict[str, list[str]]) -> str:
    """Return how many queries' top 5 differ between two rankings, as 'n of N'."""
    count = sum(first[q][:5] != second.get(q, [])[:5] for q in first)
    return f"{count} of {len(first)}"


def main() -> str:
    """Return the Markdown section of this benchmark."""
    from tests import postgres_support

    folder = shared_data() / "claim-matching" / "clef2020-task2"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        server_url, server = postgres_support.start_server(work / "pg")
        postgres_support.make_template(server_url)
        url = postgres_support.create_database(server_url)
        lite, lite_import, lite_seconds, lite_ranked = run(str(work / "clef.db"), work, folder)
        pg, pg_import, pg_seconds, pg_ranked = run(url, work, folder)
        postgres_support.drop_database(server_url, url)
        del server
    rows = [
        [mode, f"{lite[mode]:.4f}", f"{pg[mode]:.4f}", f"{pg[mode] - lite[mode]:+.4f}",
         "yes" if abs(pg[mode] - lite[mode]) <= TOLERANCE else "NO",
         differing(lite_ranked[mode], pg_ranked[mode]),
         f"{lite_seconds[mode]:.1f}", f"{pg_seconds[mode]:.1f}"]
        for mode in MODES
    ]  # fmt: skip
    return "\n".join([
        "## Claim matching on PostgreSQL",
        "",
        f"CLEF 2020 task 2 {SPLIT}: `python -m checks import verified_claims.docs.tsv --db D`, "
        f"then `search --queries dev.jsonl --mode M --k {DEPTH} --format jsonl --db D`, with "
        "D an SQLite file and a PostgreSQL URL, in the same run (semantic candidates: the "
        "in-process index on SQLite, HNSW on PostgreSQL; keyword candidates: FTS5 bm25() on "
        "SQLite, the same BM25 over a tsvector that splits and stems words as FTS5 does on "
        f"PostgreSQL). Import took {lite_import:.0f} s on SQLite and {pg_import:.0f} s on "
        f"PostgreSQL. The bar: MAP@5 within {TOLERANCE} of SQLite's in every mode.",
        "",
        table(["mode", "MAP@5 SQLite", "MAP@5 PostgreSQL", "difference", "within bar",
               "queries whose top 5 differ", "search s SQLite", "search s PostgreSQL"], rows),
    ])  # fmt: skip


if __name__ == "__main__":
    print(main())
