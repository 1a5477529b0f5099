"""`copy --to`: a whole desk (demo, an imported archive, verdicts with history) moves between
SQLite and PostgreSQL with equal row counts, bit-identical vectors and byte-identical exports."""

from __future__ import annotations

import numpy as np
import pytest

import db.claims
import db.connection
import db.exports
import db.verdicts
from checks.errors import InvalidValue
from checks.workflows.demo import seed_demo
from checks.workflows.imports import import_archive
from checks.workflows.searching import search
from db import transfer

ARCHIVE = (
    "id,claim,rating\n"
    "A1,The tram plan costs $300 billion.,False\n"
    "A2,Ridership on the harbour line rose by 12 percent last year.,Mostly true\n"
    "A3,Ferries carry 12000 passengers a day in summer.,\n"
)


@pytest.fixture
def desk(database, fake_embedder, tmp_path):
    """A desk with the demo, an imported archive and reviewed claims (two verdicts on one)."""
    seed_demo(database, fake_embedder)
    archive = tmp_path / "desk.csv"
    archive.write_text(ARCHIVE, encoding="utf-8")
    import_archive(database, archive, fake_embedder)
    claim = db.claims.first_claim_containing(database, "")
    version = db.claims.get_claim(database, claim)["version"]
    db.verdicts.record_verdict(database, claim, reviewer="Ana", label="false", rationale="No.",
                         sources=["https://example.org/a"], confidence=0.7)  # fmt: skip
    db.verdicts.record_verdict(database, claim, reviewer="Ben", label="mixed",
                         expected_version=version + 1)  # fmt: skip
    return database


def _vectors(database) -> dict[tuple[str, str], bytes]:
    read = db.connection.backend(database).read_vector
    rows = database.query("SELECT model, content_hash, vector FROM embeddings")
    return {
        (r["model"], r["content_hash"]): read(r["vector"]).astype("<f4").tobytes() for r in rows
    }


def _export(database) -> bytes:
    from checks.export import to_csv

    return to_csv(db.exports.export_rows(database, include_all=True))


def _other_backend(database, tmp_path, request) -> str:
    if db.connection.indexes_vectors(database):
        return str(tmp_path / "copy.db")
    return request.getfixturevalue("pg_url")


def test_copy_keeps_every_row_vector_and_export_byte(desk, tmp_path, request):
    target = db.connection.open_database(_other_backend(desk, tmp_path, request))
    counts = transfer.copy_database(desk, target)
    assert [c["table"] for c in counts] == list(transfer.TABLES)
    assert all(c["source"] == c["target"] for c in counts), counts
    assert all(c["source"] > 0 for c in counts[:7]), counts  # all but the desk's accounts
    assert _vectors(target) == _vectors(desk)
    assert _export(target) == _export(desk)
    claim = db.claims.first_claim_containing(desk, "")
    assert db.verdicts.verdict_history(target, claim) == db.verdicts.verdict_history(desk, claim)
    version = db.claims.get_claim(desk, claim)["version"]
    assert db.claims.get_claim(target, claim)["version"] == version
    # ids continue after the copied ones on the target
    later = db.verdicts.record_verdict(target, claim, reviewer="Cy", label="true",
                                 expected_version=version)  # fmt: skip
    assert later["id"] == max(v["id"] for v in db.verdicts.verdict_history(desk, claim)) + 1
    target.close()


def test_copy_refuses_a_target_with_rows(desk, tmp_path, request):
    target = db.connection.open_database(_other_backend(desk, tmp_path, request))
    transfer.copy_database(desk, target)
    with pytest.raises(InvalidValue, match="not empty"):
        transfer.copy_database(desk, target)
    target.close()


def test_copy_search_finds_the_same_claims(desk, tmp_path, request, fake_embedder):
    target = db.connection.open_database(_other_backend(desk, tmp_path, request))
    transfer.copy_database(desk, target)
    for mode in ("semantic", "keyword", "hybrid"):
        mine = search(desk, "tram plan costs", fake_embedder, mode=mode)
        theirs = search(target, "tram plan costs", fake_embedder, mode=mode)
        assert [r["claim_id"] for r in theirs][:3] == [r["claim_id"] for r in mine][:3], mode
        if mode == "semantic":
            assert np.allclose([r["score"] for r in theirs], [r["score"] for r in mine], atol=1e-3)
    target.close()
