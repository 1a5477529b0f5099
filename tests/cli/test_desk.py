"""The desk's commands: user, assign, verdict --round and agreement."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

import db.connection
from checks.labels import LABELS
from tests.test_agreement import generated_pairs


def run(capsys, monkeypatch, *args: str, stdin: str = "") -> tuple[int, str, str]:
    from checks.cli.main import main

    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def desk_db(database, add_doc, db_target, capsys, monkeypatch):
    """An editor, two reviewers and a document of six check-worthy claims."""
    for name, role in [("Edna", "editor"), ("Ana", "reviewer"), ("Ben", "reviewer")]:
        code, _, err = run(capsys, monkeypatch, "user", "add", name, "--role", role,
                           "--db", db_target, stdin=f"{name}-password\n")  # fmt: skip
        assert code == 0, err
    ids = add_doc(*[f"Claim {i} says prices rose {i} percent." for i in range(6)])
    return db_target, ids


def test_user_add_reads_stdin_and_never_prints_the_password(db_path, capsys, monkeypatch):
    code, out, err = run(capsys, monkeypatch, "user", "add", "Edna", "--role", "editor",
                         "--db", str(db_path), stdin="a long secret\n")  # fmt: skip
    assert code == 0 and out == "user Edna: added as editor\n" and err == ""
    code, out, _ = run(capsys, monkeypatch, "user", "list", "--format", "json", "--db",
                       str(db_path))  # fmt: skip
    (user,) = json.loads(out)
    assert user["name"] == "Edna" and user["role"] == "editor" and user["active"] is True
    assert "password_hash" not in user and "secret" not in out


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["user", "add", "ana", "--role", "reviewer"], "long enough\n", "already exists"),
        (["user", "add", "Cleo", "--role", "reviewer"], "short\n", "at least 8"),
        (["user", "add", "Cleo", "--role", "reviewer"], "", "at least 8"),
        (["user", "disable", "Nobody"], "", "no such account"),
        (["assign", "--reviewer", "Nobody", "--document", "1"], "", "not an active account"),
        (["assign", "--reviewer", "Ana", "--claim", "999"], "", "claim 999: no such claim"),
        (["assign", "--reviewer", "Ana", "--document", "1", "--sample", "0"], "", "sample 0"),
        (["assign", "--reviewer", "Ana", "--document", "1", "--by", "Ben"], "", "--by Ben"),
        (["verdict", "1", "true", "--reviewer", "Mallory"], "", "not an active account"),
        (["verdict", "1", "true", "--reviewer", "Ana", "--round", "2"], "", "not assigned"),
        (["agreement", "--since", "yesterday"], "", "--since yesterday"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(desk_db, capsys, monkeypatch, args, stdin, message):
    path, _ = desk_db
    code, out, err = run(capsys, monkeypatch, *args, "--db", path, stdin=stdin)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err


def test_assign_round_two_sample_and_blind_rules(desk_db, capsys, monkeypatch):
    path, ids = desk_db
    code, out, _ = run(capsys, monkeypatch, "assign", "--reviewer", "Ana", "--document", "1",
                       "--by", "Edna", "--db", path)  # fmt: skip
    assert code == 0 and out.startswith("round 1: assigned 6 claims to Ana: ")
    code, _, err = run(capsys, monkeypatch, "assign", "--reviewer", "Ana", "--document", "1",
                       "--round", "2", "--db", path)  # fmt: skip
    assert code == 2 and "first reviewer of claim" in err
    args = ["--round", "2", "--sample", "0.5", "--format", "json", "--db", path]
    code, out, _ = run(capsys, monkeypatch, "assign", "--reviewer", "Ben", "--document", "1", *args)
    result = json.loads(out)
    assert code == 0 and len(result["assigned"]) == 3 and set(result["assigned"]) <= set(ids)
    sampled = result["assigned"][0]
    code, _, err = run(capsys, monkeypatch, "verdict", str(sampled), "false", "--reviewer",
                       "Ben", "--round", "2", "--db", path)  # fmt: skip
    assert code == 0, err
    code, _, _ = run(capsys, monkeypatch, "verdict", str(sampled), "true", "--reviewer",
                     "Ana", "--round", "1", "--db", path)  # fmt: skip
    assert code == 0
    code, out, _ = run(capsys, monkeypatch, "agreement", "--format", "json", "--db", path)
    figures = json.loads(out)
    assert figures["pairs"] == 1 and figures["observed"] == 0.0
    # true against false, once: p_o = p_e = 0, so kappa is 0; alpha = 1 - 1 * 2 / (4 - 2) = 0
    assert figures["kappa"] == 0.0 and figures["alpha"] == 0.0
    assert figures["disagreements"] == [sampled]


@pytest.fixture
def thousand_pairs(database, add_doc, db_target):
    """1,000 claims, each with a round-1 and a round-2 verdict from `generated_pairs`."""
    pairs = generated_pairs()
    ids = add_doc(*[f"Claim {i} says {i} percent." for i in range(len(pairs))])
    rows = []
    for cid, pair in zip(ids, pairs, strict=True):
        for round_, (who, label) in enumerate(
            [(pair.first_reviewer, pair.first_label), (pair.second_reviewer, pair.second_label)],
            start=1,
        ):
            at = "2026-02-01T00:00:00+00:00"
            rows.append({"claim_id": cid, "reviewer": who, "label": label, "round": round_,
                         "created_at": at, "origin": "review"})  # fmt: skip
    with db.connection.write_transaction(database):
        db.connection.insert_many(database, "verdicts", rows)
    return db_target, pairs


def test_agreement_json_equals_maintained_implementations(thousand_pairs):
    """The command, in its own process, against scikit-learn and krippendorff, to 1e-9."""
    path, pairs = thousand_pairs
    done = subprocess.run(
        [sys.executable, "-m", "checks", "agreement", "--format", "json", "--db", path],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    figures = json.loads(done.stdout)
    first = [p.first_label for p in pairs]
    second = [p.second_label for p in pairs]
    codes = {label: i for i, label in enumerate(LABELS)}
    data = np.array([[codes[x] for x in first], [codes[x] for x in second]], dtype=float)
    assert figures["pairs"] == 1000
    assert abs(figures["kappa"] - cohen_kappa_score(first, second)) < 1e-9
    alpha = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert abs(figures["alpha"] - alpha) < 1e-9
    for row in figures["by_pair"]:
        group = [
            p for p in pairs if sorted([p.first_reviewer, p.second_reviewer]) == row["reviewers"]
        ]
        first_g, second_g = [p.first_label for p in group], [p.second_label for p in group]
        expected = cohen_kappa_score(first_g, second_g)
        assert abs(row["kappa"] - expected) < 1e-9
    assert sum(sum(r.values()) for r in figures["confusion"].values()) == 1000
    assert len(figures["disagreements"]) == sum(a != b for a, b in zip(first, second, strict=True))
    kappa_gap = abs(figures["kappa"] - cohen_kappa_score(first, second))
    print(f"\nagreement on 1,000 claims: kappa {figures['kappa']:.12f} (|diff| to scikit-learn "
          f"{kappa_gap:.1e}), alpha {figures['alpha']:.12f} (|diff| to krippendorff "
          f"{abs(figures['alpha'] - alpha):.1e}), observed {figures['observed']:.3f}")  # fmt: skip
