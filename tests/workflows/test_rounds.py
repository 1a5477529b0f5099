"""Two review rounds in the database: agreement figures, disagreements, resolutions."""

import pytest

from checks.workflows import desk, rounds
from tests.workflows.test_desk import EDITOR, REVIEWER


@pytest.fixture
def reviewed(database, add_doc):
    """Four claims reviewed by Ana (round 1) and Ben (round 2): two agree, two do not."""
    for name, role in [("Edna", "editor"), ("Ana", "reviewer"), ("Ben", "reviewer")]:
        desk.add_user(database, name, role, f"{name}-password", actor=None)
    ids = add_doc("One rose 1%.", "Two rose 2%.", "Three rose 3%.", "Four rose 4%.")
    desk.assign(database, "Ana", document_id=1, actor=EDITOR)
    desk.assign(database, "Ben", document_id=1, round_=2, actor=EDITOR)
    firsts = ["true", "false", "mixed", "true"]
    seconds = ["true", "false", "false", "misleading"]
    for cid, first, second in zip(ids, firsts, seconds, strict=True):
        desk.record_round_verdict(database, cid, first, reviewer="Ana", round_=1)
        desk.record_round_verdict(
            database, cid, second, reviewer="Ben", round_=2, rationale=f"Ben on {cid}",
            sources=["https://example.org/s"],
        )  # fmt: skip
    return database, ids


def test_agreement_over_both_rounds(reviewed):
    database, ids = reviewed
    figures = rounds.agreement_figures(database)
    assert figures["pairs"] == 4
    assert figures["observed"] == 0.5
    assert figures["by_pair"] == [
        {"reviewers": ["Ana", "Ben"], "pairs": 4, "observed": 0.5, "kappa": figures["kappa"]}
    ]
    assert figures["confusion"]["mixed"]["false"] == 1
    assert figures["disagreements"] == [ids[2], ids[3]]
    assert rounds.agreement_figures(database, document_id=99)["pairs"] == 0
    assert rounds.agreement_figures(database, since="2999-01-01")["pairs"] == 0


def test_resolution_becomes_current_and_leaves_the_figures(reviewed):
    database, ids = reviewed
    before = rounds.agreement_figures(database)
    rows = rounds.disagreements(database)
    assert [r["claim_id"] for r in rows] == [ids[2], ids[3]]
    assert rows[0]["second_rationale"] == f"Ben on {ids[2]}"
    assert rows[0]["second_sources"] == ["https://example.org/s"]
    settled = rounds.resolve(database, ids[2], "false", actor=EDITOR, rationale="Checked")
    assert settled["origin"] == "resolution" and settled["reviewer"] == "Edna"
    from db import verdicts

    assert verdicts.current_verdict(database, ids[2])["origin"] == "resolution"
    after = rounds.agreement_figures(database)
    assert {k: v for k, v in after.items() if k != "disagreements"} == {
        k: v for k, v in before.items() if k != "disagreements"
    }
    assert after["disagreements"] == [ids[3]]
    assert [r["claim_id"] for r in rounds.disagreements(database)] == [ids[3]]


def test_only_editors_resolve(reviewed):
    database, ids = reviewed
    with pytest.raises(desk.NotAllowed):
        rounds.resolve(database, ids[2], "false", actor=REVIEWER)


def test_reviewer_figures(reviewed):
    database, ids = reviewed
    rounds.resolve(database, ids[2], "false", actor=EDITOR)
    activity = [{"reviewer": "Ana", "verdicts": 4}, {"reviewer": "Ben", "verdicts": 4}]
    figures = {r["reviewer"]: r for r in rounds.reviewer_figures(database, activity)}
    assert figures["Ana"]["agreement"] == 0.5
    assert figures["Ana"]["overturned"] == 1.0  # mixed, settled as false
    assert figures["Ben"]["overturned"] == 0.0
