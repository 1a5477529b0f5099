"""checks/workflows/imports.py: importing archives, validated whole, resumable."""

import pytest

import db.claims
import db.verdicts
from checks.errors import MalformedArchive
from checks.workflows.imports import import_archive
from db.transfer import count_rows
from tests.support import ARCHIVE


def test_import_adds_claims_verdicts_and_embeddings(database, archive_file, fake_embedder):
    result = import_archive(database, archive_file, fake_embedder)
    assert (result.rows, result.added, result.skipped, result.verdicts) == (3, 3, 0, 2)
    assert result.archive.startswith("desk-")  # the file's stem and a digest of its claims
    rows = list(database.query("SELECT * FROM claims ORDER BY id"))
    assert [r["external_id"] for r in rows] == ["A1", "A2", "A3"]
    assert all(r["archive"] == result.archive and r["document_id"] is None for r in rows)
    verdict = db.verdicts.current_verdict(database, rows[1]["id"])
    assert (verdict["label"], verdict["origin"], verdict["original_rating"]) == (
        "false", "import", "Pants on Fire",
    )  # fmt: skip
    assert db.claims.claim_quantities(database, rows[1]["id"])[0]["unit"] == "EUR"
    assert count_rows(database, "embeddings") == 3


def test_import_rerun_skips_present_rows(database, archive_file, fake_embedder):
    import_archive(database, archive_file, fake_embedder, archive="desk")
    archive_file.write_text(ARCHIVE + "A4,A fourth claim that arrived later on.,False\n")
    again = import_archive(database, archive_file, fake_embedder, archive="desk")
    assert (again.added, again.skipped, again.verdicts) == (1, 3, 1)
    assert count_rows(database, "claims") == 4


def test_interrupted_import_resumes_without_duplicates(
    database, archive_file, fake_embedder, monkeypatch
):
    from checks.workflows import imports
    from checks.workflows.imports import import_archive

    monkeypatch.setattr(imports, "IMPORT_BATCH", 1)
    calls = {"n": 0}
    real = imports._import_batch

    def failing(*args):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(*args)

    monkeypatch.setattr(imports, "_import_batch", failing)
    with pytest.raises(KeyboardInterrupt):
        import_archive(database, archive_file, fake_embedder)
    assert count_rows(database, "claims") == 1
    monkeypatch.setattr(imports, "_import_batch", real)
    result = import_archive(database, archive_file, fake_embedder)
    assert (result.added, result.skipped) == (2, 1)
    assert count_rows(database, "claims") == 3


def test_rows_without_ids_are_known_by_text(database, tmp_path, fake_embedder):
    path = tmp_path / "plain.jsonl"
    path.write_text('{"claim": "One claim with no id at all."}\n' * 2, encoding="utf-8")
    assert import_archive(database, path, fake_embedder).added == 1
    assert import_archive(database, path, fake_embedder).added == 0


def test_malformed_archive_writes_nothing(database, tmp_path, fake_embedder):
    path = tmp_path / "bad.csv"
    path.write_text(ARCHIVE + "A9,too,many,fields\n", encoding="utf-8")
    with pytest.raises(MalformedArchive, match="line 5"):
        import_archive(database, path, fake_embedder)
    assert count_rows(database, "claims") == 0
