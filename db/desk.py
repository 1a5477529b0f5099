"""SQL of the desk: reviewer accounts, assignments for first and blind second review, and the
double-reviewed claims that agreement is computed over."""

from __future__ import annotations

from collections.abc import Sequence

from sqlite_utils import Database

from checks.errors import InvalidValue
from db.connection import in_chunks, now, write_transaction

ACCOUNT_COLUMNS = "name, role, active, created_at"


# Accounts ----------------------------------------------------------------------------------


def count_editors(database: Database) -> int:
    """Return how many active editor accounts exist (one or more: the desk requires sign-in)."""
    rows = database.query(
        "SELECT count(*) AS n FROM reviewers WHERE role = 'editor' AND active = 1"
    )
    return next(rows)["n"]


def count_accounts(database: Database) -> int:
    """Return how many accounts exist, active or not."""
    return next(database.query("SELECT count(*) AS n FROM reviewers"))["n"]


def add_account(database: Database, name: str, role: str, password_hash: str) -> dict:
    """Insert an account; raises InvalidValue when the name (compared case-insensitively) exists."""
    with write_transaction(database):
        if _find(database, name) is not None:
            raise InvalidValue(f"user {name}: an account with this name already exists")
        row = {"name": name, "role": role, "password_hash": password_hash, "active": 1,
               "created_at": now()}  # fmt: skip
        database.execute(
            "INSERT INTO reviewers (name, role, password_hash, active, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            list(row.values()),
        )
    return {k: v for k, v in row.items() if k != "password_hash"}


def _find(database: Database, name: str) -> dict | None:
    rows = list(
        database.query("SELECT * FROM reviewers WHERE lower(name) = lower(?)", [name.strip()])
    )
    return rows[0] if rows else None


def get_account(database: Database, name: str) -> dict | None:
    """Return an account with its password hash (names compared case-insensitively), or None."""
    return _find(database, name)


def list_accounts(database: Database) -> list[dict]:
    """Return every account without its password hash, by name."""
    sql = f"SELECT {ACCOUNT_COLUMNS} FROM reviewers ORDER BY lower(name)"
    return [{**r, "active": bool(r["active"])} for r in database.query(sql)]


def set_active(database: Database, name: str, active: bool) -> bool:
    """Enable or disable an account; return False when there is no such account."""
    with write_transaction(database):
        found = _find(database, name)
        if found is None:
            return False
        database.execute(
            "UPDATE reviewers SET active = ? WHERE name = ?", [int(active), found["name"]]
        )
    return True


# Assignments -------------------------------------------------------------------------------


def checkworthy_claim_ids(database: Database, document_id: int) -> list[int]:
    """Return the check-worthy claim ids of a document, in text order."""
    rows = database.query(
        "SELECT id FROM claims WHERE document_id = ? AND checkworthy = 1 ORDER BY start, id",
        [document_id],
    )
    return [r["id"] for r in rows]


def existing_claim_ids(database: Database, claim_ids: Sequence[int]) -> set[int]:
    """Return which of `claim_ids` exist."""
    found: set[int] = set()
    for places, chunk in in_chunks(claim_ids):
        sql = f"SELECT id FROM claims WHERE id IN ({places})"
        found |= {r["id"] for r in database.query(sql, chunk)}
    return found


def first_reviewers(database: Database, claim_ids: Sequence[int]) -> dict[int, set[str]]:
    """Return, per claim, who holds its round-1 assignment or gave it a round-1 verdict."""
    out: dict[int, set[str]] = {}
    for places, chunk in in_chunks(claim_ids, 400):
        sql = f"""
            SELECT claim_id, reviewer FROM assignments WHERE round = 1 AND claim_id IN ({places})
            UNION
            SELECT claim_id, reviewer FROM verdicts WHERE round = 1 AND claim_id IN ({places})
        """
        for row in database.query(sql, [*chunk, *chunk]):
            out.setdefault(row["claim_id"], set()).add(row["reviewer"])
    return out


def add_assignments(
    database: Database, claim_ids: Sequence[int], reviewer: str, round_: int, assigned_by: str
) -> tuple[list[int], list[int]]:
    """Assign claims for a round in one transaction; return (assigned, already assigned)."""
    assigned, taken = [], []
    at = now()
    with write_transaction(database):
        for claim_id in claim_ids:
            exists = list(
                database.query(
                    "SELECT 1 FROM assignments WHERE claim_id = ? AND round = ?",
                    [claim_id, round_],
                )
            )
            if exists:
                taken.append(claim_id)
                continue
            database.execute(
                "INSERT INTO assignments (claim_id, reviewer, round, assigned_by, assigned_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [claim_id, reviewer, round_, assigned_by, at],
            )
            assigned.append(claim_id)
    return assigned, taken


def assignment(database: Database, claim_id: int, round_: int) -> dict | None:
    """Return the assignment of a claim for a round, or None."""
    rows = list(
        database.query(
            "SELECT * FROM assignments WHERE claim_id = ? AND round = ?", [claim_id, round_]
        )
    )
    return rows[0] if rows else None


def open_assignments(database: Database, reviewer: str) -> list[dict]:
    """Return a reviewer's assignments not done yet with their claims, round 1 first."""
    sql = """
        SELECT a.claim_id, a.round, a.assigned_at, c.text, d.title AS document_title
        FROM assignments a JOIN claims c ON c.id = a.claim_id
        LEFT JOIN documents d ON d.id = c.document_id
        WHERE a.reviewer = ? AND a.done_at IS NULL
        ORDER BY a.round, c.document_id, c.start, a.claim_id
    """
    return list(database.query(sql, [reviewer]))


def blind_claim_ids(database: Database, reviewer: str) -> set[int]:
    """Return the claims whose blind second review `reviewer` holds and has not saved yet."""
    rows = database.query(
        "SELECT claim_id FROM assignments WHERE reviewer = ? AND round = 2 AND done_at IS NULL",
        [reviewer],
    )
    return {r["claim_id"] for r in rows}


def assignment_progress(database: Database) -> list[dict]:
    """Return per reviewer and round: claims assigned, done, and left."""
    sql = """
        SELECT reviewer, round, count(*) AS assigned,
               sum(CASE WHEN done_at IS NULL THEN 0 ELSE 1 END) AS done
        FROM assignments GROUP BY reviewer, round ORDER BY lower(reviewer), round
    """
    return [{**r, "left": r["assigned"] - r["done"]} for r in database.query(sql)]


# Agreement ---------------------------------------------------------------------------------


def double_reviewed(
    database: Database, document_id: int | None = None, since: str | None = None
) -> list[dict]:
    """Return claims whose latest round-1 and round-2 verdicts come from different reviewers,
    with both reviewers, labels, rationales and sources, and the resolution label if any."""
    where, params = ["v1.reviewer <> v2.reviewer"], []
    if document_id is not None:
        where.append("c.document_id = ?")
        params.append(document_id)
    if since:
        where.append("v2.created_at >= ?")
        params.append(since)
    sql = f"""
        SELECT c.id AS claim_id, c.text, c.document_id,
               v1.reviewer AS first_reviewer, v1.label AS first_label,
               v1.rationale AS first_rationale, v1.sources AS first_sources,
               v2.reviewer AS second_reviewer, v2.label AS second_label,
               v2.rationale AS second_rationale, v2.sources AS second_sources,
               r.label AS resolution_label, r.reviewer AS resolved_by
        FROM claims c
        JOIN verdicts v1 ON v1.id = (SELECT max(id) FROM verdicts
                                     WHERE claim_id = c.id AND round = 1)
        JOIN verdicts v2 ON v2.id = (SELECT max(id) FROM verdicts
                                     WHERE claim_id = c.id AND round = 2)
        LEFT JOIN verdicts r ON r.id = (SELECT max(id) FROM verdicts
                                        WHERE claim_id = c.id AND origin = 'resolution')
        WHERE {" AND ".join(where)}
        ORDER BY c.id
    """
    return list(database.query(sql, params))
