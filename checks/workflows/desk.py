"""The desk: accounts and sign-in, roles checked on every write, assignments for a first and a
blind second review, round verdicts, resolutions, and agreement between the two rounds."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import random
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from sqlite_utils import Database

import db.desk
import db.verdicts
from checks import passwords, validate
from checks.errors import ClaimdeskError, InvalidValue, UnknownClaim
from checks.workflows import verdicts

ROLES = ("reviewer", "editor")
MIN_PASSWORD = 8
MAX_NAME = 60
SESSION_SECONDS = 12 * 3600
log = logging.getLogger("claimdesk.desk")
throttle = passwords.SignInThrottle()


class SignInFailed(ClaimdeskError):
    "The name or the password is wrong (which of the two is never said)"


class NotAllowed(ClaimdeskError):
    "The signed-in account's role does not allow this action"


@dataclass(frozen=True)
class Account:
    """Who acts: an account name and role; on an open desk (no editor yet) role is None."""

    name: str
    role: str | None

    @property
    def is_editor(self) -> bool:
        return self.role in (None, "editor")


# Accounts ----------------------------------------------------------------------------------


def desk_is_open(database: Database) -> bool:
    """Return True while no active editor exists: anyone names themselves, as before accounts."""
    return db.desk.count_editors(database) == 0


def _check_name(name: str) -> str:
    name = unicodedata.normalize("NFC", (name or "").strip())
    if not name:
        raise InvalidValue("user name: a name is required")
    if len(name) > MAX_NAME:
        raise InvalidValue(f"user name {name[:20]}...: longer than {MAX_NAME} characters")
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise InvalidValue(f"user name {name!r}: control characters are not allowed")
    return name


def add_user(
    database: Database, name: str, role: str, password: str, *, actor: Account | None
) -> dict:
    """Create an account; `actor` None is the trusted command line.

    Raises InvalidValue (name taken, bad role, short password) and NotAllowed.
    """
    require_editor(database, actor, "manage accounts")
    name = _check_name(name)
    if role not in ROLES:
        raise InvalidValue(f"role {role}: must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise InvalidValue(f"password: at least {MIN_PASSWORD} characters, please")
    return db.desk.add_account(database, name, role, passwords.hash_password(password))


def list_users(database: Database) -> list[dict]:
    """Return every account (name, role, active, created_at), never a password hash."""
    return db.desk.list_accounts(database)


def disable_user(database: Database, name: str, *, actor: Account | None) -> None:
    """Disable an account (it can no longer sign in); raises InvalidValue, NotAllowed."""
    require_editor(database, actor, "manage accounts")
    if actor is not None and actor.name.casefold() == name.strip().casefold():
        raise InvalidValue(f"user {name}: you cannot disable your own account")
    if not db.desk.set_active(database, name, False):
        raise InvalidValue(f"user {name}: no such account")


def sign_in(database: Database, name: str, password: str) -> Account:
    """Return the account for a correct name and password.

    Raises SignInFailed with the same message whether the account is missing, disabled, or the
    password is wrong; repeated failures for a name are slowed and logged.
    """
    name = (name or "").strip()
    throttle.wait(name)
    found = db.desk.get_account(database, name) if name else None
    usable = found if found and found["active"] else None
    if not passwords.verify_password(password or "", usable["password_hash"] if usable else None):
        count = throttle.failed(name)
        log.warning(
            "failed sign-in for name %r (%d in a row; the next attempt waits %.2f s)",
            name[:MAX_NAME], count, throttle.delay_for(name),
        )  # fmt: skip
        raise SignInFailed("Wrong name or password.")
    throttle.succeeded(name)
    return Account(usable["name"], usable["role"])


def session_token(database: Database, account: Account, now: float | None = None) -> str:
    """Return a token that keeps `account` signed in across reloads until it expires.

    It is signed with the account's password hash (kept server-side), so it stops working when
    the account is disabled or its password changes, and no other secret is stored.
    """
    found = db.desk.get_account(database, account.name)
    if found is None:
        raise InvalidValue(f"user {account.name}: no such account")
    expires = int((now or time.time()) + SESSION_SECONDS)
    name = base64.urlsafe_b64encode(found["name"].encode()).decode().rstrip("=")
    payload = f"{name}.{expires}"
    return f"{payload}.{_sign(found['password_hash'], payload)}"


def _sign(secret: str, payload: str) -> str:
    return hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()


def account_from_token(database: Database, token: str | None) -> Account | None:
    """Return the account a session token names, or None when it is invalid or expired."""
    try:
        encoded, expires, signature = (token or "").split(".")
        name = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode()
        if int(expires) < time.time():
            return None
    except (ValueError, UnicodeDecodeError):
        return None
    found = db.desk.get_account(database, name)
    if not found or not found["active"] or found["name"] != name:
        return None
    if not hmac.compare_digest(signature, _sign(found["password_hash"], f"{encoded}.{expires}")):
        return None
    return Account(found["name"], found["role"])


def current_role(database: Database, actor: Account | None) -> str | None:
    """Return the actor's role as the database has it now (None on an open desk)."""
    if actor is None or desk_is_open(database):
        return None
    found = db.desk.get_account(database, actor.name)
    if not found or not found["active"]:
        raise NotAllowed(f"user {actor.name}: no active account; sign in again")
    return found["role"]


def require_editor(database: Database, actor: Account | None, action: str) -> None:
    """Refuse unless the actor is an editor now, or the desk is open, or it is the command line.

    The role is read from the database on every call: what a page shows or hides is no check.
    """
    if actor is None or desk_is_open(database):
        return
    if current_role(database, actor) != "editor":
        raise NotAllowed(f"only an editor may {action}")


def assigner_name(database: Database, name: str | None) -> str | None:
    """Return the editor named as making an assignment (`assign --by`); once accounts exist
    it must be an active editor. Raises InvalidValue."""
    if not name or db.desk.count_accounts(database) == 0:
        return name
    found = db.desk.get_account(database, name)
    if found is None or not found["active"] or found["role"] != "editor":
        raise InvalidValue(f"--by {name}: not an active editor account")
    return found["name"]


def reviewer_name(database: Database, name: str) -> str:
    """Return the name to record a verdict under: free text on an open desk, else an active
    account's name (the command line names one; the app passes the signed-in account)."""
    name = validate.reviewer(name)
    if db.desk.count_accounts(database) == 0:
        return name
    found = db.desk.get_account(database, name)
    if found is None or not found["active"]:
        raise InvalidValue(f"reviewer {name}: not an active account")
    return found["name"]


# Assignments -------------------------------------------------------------------------------


def sample_claims(claim_ids: Sequence[int], fraction: float) -> list[int]:
    """Return a reproducible random share of `claim_ids` (seeded by the ids), in id order.

    At least one claim is drawn when the fraction is above zero and there are claims.
    """
    if not 0.0 < fraction <= 1.0:
        raise InvalidValue(f"sample {fraction}: must be above 0 and at most 1")
    ids = sorted(set(claim_ids))
    if not ids:
        return []
    count = max(1, round(fraction * len(ids)))
    seed = hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()
    return sorted(random.Random(seed).sample(ids, count))


def assign(
    database: Database,
    reviewer: str,
    *,
    document_id: int | None = None,
    claim_ids: Sequence[int] = (),
    round_: int = 1,
    sample: float | None = None,
    actor: Account | None,
    by: str | None = None,
) -> dict:
    """Assign a document's check-worthy claims (or the given claims, or a sample of either) to
    a reviewer for round 1 or a blind round 2; return what was assigned and what was taken.

    Raises NotAllowed, InvalidValue (unknown reviewer, round, or a round-2 assignment to the
    claim's first reviewer, which is refused as a whole), UnknownClaim.
    """
    require_editor(database, actor, "assign claims")
    if round_ not in (1, 2):
        raise InvalidValue(f"round {round_}: must be 1 or 2")
    reviewer = reviewer_name(database, reviewer)
    ids = _claims_to_assign(database, document_id, claim_ids)
    if sample is not None:
        ids = sample_claims(ids, sample)
    if round_ == 2:
        firsts = db.desk.first_reviewers(database, ids)
        clash = [cid for cid in ids if reviewer in firsts.get(cid, set())]
        if clash:
            raise InvalidValue(
                f"reviewer {reviewer}: first reviewer of claim {clash[0]}; a blind second "
                "review needs a different reviewer"
            )
    assigner = actor.name if actor is not None else (by or "command line")
    assigned, taken = db.desk.add_assignments(database, ids, reviewer, round_, assigner)
    return {"reviewer": reviewer, "round": round_, "assigned": assigned, "already": taken}


def _claims_to_assign(
    database: Database, document_id: int | None, claim_ids: Sequence[int]
) -> list[int]:
    if (document_id is None) == (not claim_ids):
        raise InvalidValue("assign: give either a document or claim ids")
    if document_id is not None:
        return db.desk.checkworthy_claim_ids(database, document_id)
    ids = list(dict.fromkeys(claim_ids))
    missing = set(ids) - db.desk.existing_claim_ids(database, ids)
    if missing:
        raise UnknownClaim(f"claim {min(missing)}: no such claim")
    return ids


def my_assignments(database: Database, reviewer: str) -> list[dict]:
    """Return a reviewer's open assignments with their claims, round 1 first."""
    return db.desk.open_assignments(database, reviewer)


def assignment_progress(database: Database) -> list[dict]:
    """Return per reviewer and round: assigned, done, left."""
    return db.desk.assignment_progress(database)


def blind_claims(database: Database, reviewer: str | None) -> set[int]:
    """Return the claims whose first-round verdict `reviewer` must not see yet (DESIGN §7)."""
    if not reviewer:
        return set()
    return db.desk.blind_claim_ids(database, reviewer)


def open_round(database: Database, claim_id: int, reviewer: str) -> int | None:
    """Return the round of the reviewer's open assignment on a claim, or None."""
    for round_ in (2, 1):
        found = db.desk.assignment(database, claim_id, round_)
        if found and found["reviewer"] == reviewer and found["done_at"] is None:
            return round_
    return None


# Verdicts of the desk ----------------------------------------------------------------------


def record_round_verdict(
    database: Database,
    claim_id: int,
    label: str,
    *,
    reviewer: str,
    round_: int | None = None,
    **fields,
) -> dict:
    """Append a verdict for round 1, round 2 or none (an ordinary verdict).

    A round is accepted only from the reviewer assigned to it; raises InvalidValue otherwise,
    and what `verdicts.record_verdict` raises.
    """
    reviewer = reviewer_name(database, reviewer)
    if round_ is not None:
        if round_ not in (1, 2):
            raise InvalidValue(f"round {round_}: must be 1 or 2")
        found = db.desk.assignment(database, claim_id, round_)
        if found is None or found["reviewer"] != reviewer:
            raise InvalidValue(
                f"claim {claim_id}: its round-{round_} review is not assigned to {reviewer}"
            )
    return verdicts.record_verdict(
        database, claim_id, label, reviewer=reviewer, round_=round_, **fields
    )


def hide_blind(
    results: Sequence[dict], blind: set[int], label_filter: str | None = None
) -> list[dict]:
    """Return search results with the verdict of `blind` claims hidden (`verdict` None,
    `verdict_hidden` True); with a label filter those claims are left out, since being found
    by a label would tell it."""
    out = []
    for result in results:
        if result["claim_id"] not in blind:
            out.append(result)
        elif label_filter is None:
            out.append({**result, "verdict": None, "verdict_hidden": True})
    return out


# Bulk verdicts -----------------------------------------------------------------------------


def bulk_preview(database: Database, claim_ids: Sequence[int]) -> list[dict]:
    """Return each claim a bulk verdict would change, with its text and its figures."""
    out = []
    for claim_id in claim_ids:
        claim = db.claims.get_claim(database, claim_id)
        figures = "; ".join(q["text"] for q in db.claims.claim_quantities(database, claim_id))
        out.append({"claim_id": claim_id, "text": claim["text"], "figures": figures})
    return out


def apply_bulk(
    database: Database, claim_id: int, matched_ids: Sequence[int], *, actor: Account
) -> list[int]:
    """Apply a claim's current verdict to its selectable matches (origin `bulk`) under the
    actor's name; only editors (or anyone on an open desk). Raises NotAllowed, InvalidValue."""
    require_editor(database, actor, "apply verdicts in bulk")
    return verdicts.apply_verdict_to_matches(database, claim_id, matched_ids, reviewer=actor.name)
