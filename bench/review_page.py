"""Review page speed with 100k claims: warm AppTest render time, queue paging, and seconds from
`streamlit run` to the first page in Chromium: `python -m bench.review_page [CLAIMS]`."""

from __future__ import annotations

import hashlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import db.claims
import db.connection
import db.documents
import db.verdicts
from bench.common import ROOT, Timer, table
from checks.embed import content_hash

CLAIMS = 100_000
PER_DOCUMENT = 100
RUNS = 20
WORDS = "council budget tram ferry bridge harbour school hospital rail port housing tax".split()


def _document(number: int) -> tuple[dict, list[dict], list[dict]]:
    """Return one synthetic document of PER_DOCUMENT one-sentence claims, some with money."""
    texts, sentences, claims, pos = [], [], [], 0
    for i in range(PER_DOCUMENT):
        word = WORDS[(number + i) % len(WORDS)]
        text = f"The {word} plan number {number}-{i} will cost ${(i % 90) + 1} million by 2030."
        figure = text.index("$")
        quantity = {"start": pos + figure, "end": pos + text.index(" by"), "text": "",
                    "value": ((i % 90) + 1) * 1e6, "unit": "USD", "kind": "money",
                    "qualifier": None, "per": None}  # fmt: skip
        quantity["text"] = text[figure : text.index(" by")]
        sentences.append({"start": pos, "end": pos + len(text)})
        claims.append({
            "sentence": i, "start": pos, "end": pos + len(text), "text": text,
            "kind": "statistic", "score": ((number * 7919 + i * 104729) % 1000) / 1000,
            "checkworthy": (number + i) % 3 != 0, "reasons": ["states a monetary figure"],
            "claimant": None, "content_hash": content_hash(text),
            "quantities": [quantity] if i % 2 else [],
        })  # fmt: skip
        texts.append(text)
        pos += len(text) + 2
    full = "\n\n".join(texts)
    document = {"title": f"Synthetic report {number}", "ingested_at": db.connection.now(),
                "text": full, "sha256": hashlib.sha256(full.encode()).hexdigest()}  # fmt: skip
    return document, sentences, claims


def build(path: Path, claims: int) -> float:
    """Fill a fresh database with `claims` claims (and a few verdicts); return seconds taken."""
    database = db.connection.open_database(path)
    with Timer() as timer, db.connection.write_transaction(database):
        for number in range(claims // PER_DOCUMENT):
            db.documents.add_document(database, *_document(number))
    for claim_id in range(1, 200, 7):
        db.verdicts.record_verdict(
            database, claim_id, reviewer="Bench", label="true", seconds_spent=60
        )
    database.close()
    return timer.seconds


def render_times(path: Path) -> list[float]:
    """Return the seconds of RUNS warm AppTest runs of the review page (the default page)."""
    from streamlit.testing.v1 import AppTest

    os.environ["CLAIMDESK_DB"] = str(path)
    os.environ["CLAIMDESK_MODEL"] = "fake"
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()  # warm: imports, first queries, page cache
    assert not app.exception, app.exception
    times = []
    for _ in range(RUNS):
        with Timer() as timer:
            app.run()
        times.append(timer.seconds)
    assert app.title[0].value == "Review queue" and not app.exception
    return times


# The paging the queue does not use, kept here only as the baseline keyset paging is measured
# against: the queue's default filters and order, paged with OFFSET.
_OFFSET_PAGE = """
    SELECT c.*, d.title AS document_title FROM claims c LEFT JOIN documents d
      ON d.id = c.document_id
    WHERE c.document_id IS NOT NULL AND c.status = 'new' AND c.checkworthy = 1
    ORDER BY c.checkworthy DESC, c.score DESC, c.id LIMIT 50 OFFSET ?
"""


def _offset_page(database, offset: int) -> list[dict]:
    return list(database.query(_OFFSET_PAGE, [offset]))


def paging_times(path: Path) -> list[list[object]]:
    """Return rows comparing keyset paging with OFFSET on the first and a deep page."""
    database = db.connection.open_database(path)
    total = db.claims.count_claims_for_review(database)
    deep = (total // 50 - 1) * 50
    after = None
    rows = db.claims.review_queue(database, limit=deep)  # walk once to learn the deep page's key
    after = db.claims.queue_key(rows[-1])
    out = []
    for name, call in [
        ("keyset, page 1", lambda: db.claims.review_queue(database, limit=50)),
        ("OFFSET, page 1", lambda: _offset_page(database, 0)),
        (f"keyset, row {deep}", lambda: db.claims.review_queue(database, after=after, limit=50)),
        (f"OFFSET, row {deep}", lambda: _offset_page(database, deep)),
        ("count of the queue", lambda: db.claims.count_claims_for_review(database)),
    ]:
        call()
        samples = []
        for _ in range(10):
            with Timer() as timer:
                call()
            samples.append(timer.seconds * 1000)
        out.append([name, statistics.median(samples)])
    database.close()
    return out


def first_page_seconds(path: Path, folder: Path) -> float:
    """Return seconds from starting `streamlit run` (real model setting, loaded lazily) to the
    review page's heading in Chromium."""
    from playwright.sync_api import sync_playwright

    from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, start_server

    os.environ.pop("CLAIMDESK_MODEL", None)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        start = time.perf_counter()
        process, url = start_server(path, folder / "server.log", model="")
        try:
            page = browser.new_page()
            page.goto(url)
            page.get_by_role("heading", name="Review queue").wait_for(timeout=60_000)
            page.get_by_role("heading", name="Claim ", exact=False).first.wait_for()
            seconds = time.perf_counter() - start
        finally:
            process.terminate()
            process.wait(timeout=10)
            browser.close()
    return seconds


def main(claims: int = CLAIMS) -> str:
    """Build the database, measure, and return the Markdown section."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "bench.db"
        built = build(path, claims)
        times = render_times(path)
        paging = paging_times(path)
        first = first_page_seconds(path, folder)
    median = statistics.median(times) * 1000
    return "\n".join([
        "## Review page",
        "",
        f"{claims:,} claims in {claims // PER_DOCUMENT:,} synthetic documents (built in "
        f"{built:.0f} s). Server time of the review page: median of {RUNS} warm AppTest runs "
        "(the whole script: app.py, filters, queue count, claim in context, similar claims, "
        "history, a 50-row queue page).",
        "",
        table(["measure", "value", "target"], [
            ["review page, median of 20 warm runs (ms)", median, "≤ 300"],
            ["review page, slowest of 20 (ms)", max(times) * 1000, ""],
            ["`streamlit run` to the first claim in Chromium (s)", first, "≤ 8"],
        ]),
        "",
        "Queue queries (median ms of 10):",
        "",
        table(["query", "ms"], paging),
    ])  # fmt: skip


if __name__ == "__main__":
    print(main(int(sys.argv[1]) if len(sys.argv) > 1 else CLAIMS))
