"""The review queue's order for one reviewer (DESIGN §7): after the open claim come the
claims not skipped, in queue order and wrapping round, then the skipped ones in the order they
were skipped. Skipping is per reviewer and per session and writes nothing; `ReviewSession` is
one app session's place in the queue (open claim, Back trail, skips)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlite_utils import Database

import db.claims
import db.desk
from checks import validate
from checks.errors import InvalidValue, UnknownClaim, quoted


def next_claim(
    database: Database,
    filters: dict,
    current: dict | None,
    skipped: Sequence[int] = (),
    assigned: Sequence[int] = (),
) -> int | None:
    """Return the id of the claim after `current` (None: the first) in the queue with these
    filters (db.claims.QUEUE_DEFAULTS keys), given this reviewer's skipped claim ids in skip
    order; the reviewer's open `assigned` claims come first, whatever the filters. None when
    the queue holds nothing else."""
    exclude = [*skipped] if current is None else [*skipped, current["id"]]
    waiting = [i for i in assigned if i not in exclude]
    if waiting:
        return waiting[0]
    if current is not None and current["id"] not in skipped:
        after = db.claims.queue_key(current)
        rows = db.claims.review_queue(database, after=after, exclude=exclude, limit=1, **filters)
        if rows:
            return rows[0]["id"]
    rows = db.claims.review_queue(database, exclude=exclude, limit=1, **filters)
    if rows:
        return rows[0]["id"]
    order = list(skipped)
    if current is not None and current["id"] in order:
        cut = order.index(current["id"])
        order = order[cut + 1 :] + order[:cut]
    if not order:
        return None
    alive = db.claims.review_queue(database, only=order, limit=len(order), **filters)
    ids = {row["id"] for row in alive}
    return next((i for i in order if i in ids), None)


def skip(skipped: Sequence[int], claim_id: int) -> list[int]:
    """Return the skipped ids with `claim_id` moved to the end (skipped last)."""
    return [i for i in skipped if i != claim_id] + [claim_id]


def unskip(skipped: Sequence[int], claim_id: int) -> list[int]:
    """Return the skipped ids without `claim_id` (it got a verdict)."""
    return [i for i in skipped if i != claim_id]


TRAIL = 100  # claims remembered for Back
ANY = "any"  # a filter choice that filters nothing


def queue_filters(
    document_id: int | None,
    status: str,
    kind: str,
    min_score: float,
    checkworthy_only: bool,
    quantities: str,
    matches: str,
) -> dict:
    """Return the queue filters (db.claims.QUEUE_DEFAULTS keys) for the choices a reviewer
    made: status "all", kind ANY and a 0 score filter nothing; quantities and matches are
    ANY, "with" or "without"."""
    tristate = {ANY: None, "with": True, "without": False}
    return {
        "document_id": document_id,
        "status": None if status == "all" else status,
        "kind": None if kind == ANY else kind,
        "min_score": min_score or None,
        "checkworthy_only": checkworthy_only,
        "has_quantities": tristate[quantities],
        "has_matches": tristate[matches],
    }


@dataclass
class ReviewSession:
    """One app session's place in the review queue: the open claim (with the version and the
    time it was opened at), the claims opened before it (for Back), the claims each reviewer
    skipped (in skip order), and the deep link and filters last seen. Nothing is written."""

    current: int | None = None
    version: int | None = None
    opened_at: float = 0.0
    trail: list[int] = field(default_factory=list)
    skipped: dict[str, list[int]] = field(default_factory=dict)
    link_seen: str | None = None
    filters_seen: tuple | None = None

    def open(self, database: Database, claim_id: int, *, remember: bool = True) -> dict:
        """Open a claim (raises UnknownClaim); the one open before goes on the trail."""
        claim = db.claims.get_claim(database, claim_id)
        if remember and self.current is not None and self.current != claim_id:
            self.trail = [*self.trail, self.current][-TRAIL:]
        self.current, self.version = claim_id, claim["version"]
        self.opened_at = time.monotonic()
        self.link_seen = str(claim_id)
        return claim

    def close(self) -> None:
        """Close the open claim (keeping it for Back)."""
        if self.current is not None:
            self.trail = [*self.trail, self.current][-TRAIL:]
        self.current = self.link_seen = None

    def skips(self, reviewer: str) -> list[int]:
        """Return the claims `reviewer` skipped in this session, oldest skip first."""
        return self.skipped.get(reviewer, [])

    def use_filters(self, filters: dict) -> bool:
        """Note the queue's filters; return True (and close the open claim) when they changed."""
        signature = tuple(sorted(filters.items()))
        changed = self.filters_seen not in (None, signature)
        if changed:
            self.current = None
        self.filters_seen = signature
        return changed

    def settle(
        self,
        database: Database,
        filters: dict,
        reviewer: str,
        request: int | str | None = None,
        link: str | None = None,
    ) -> dict | None:
        """Return the claim to show: the requested one, else a deep link's claim not seen yet,
        else the open claim, else the head of this reviewer's queue (None: nothing to review).
        Raises UnknownClaim for a requested or linked claim that does not exist."""
        if request is None and link and link != self.link_seen:
            request = self.link_seen = link
        if request is not None:
            try:  # an address may hold anything: letters, or an id beyond 64 bits
                claim_id = validate.row_id(request, "claim")
            except InvalidValue:
                raise UnknownClaim(f"claim {quoted(request)}: no such claim") from None
            return self.open(database, claim_id)
        if self.current is None:
            first = next_claim(database, filters, None, self.skips(reviewer),
                               _assigned(database, reviewer))  # fmt: skip
            return None if first is None else self.open(database, first, remember=False)
        try:
            return db.claims.get_claim(database, self.current)
        except UnknownClaim:
            self.current = None
            return None

    def advance(self, database: Database, filters: dict, reviewer: str, claim: dict) -> None:
        """Open the claim after `claim` in this reviewer's queue; with none left, close it."""
        following = next_claim(database, filters, claim, self.skips(reviewer),
                               _assigned(database, reviewer))  # fmt: skip
        if following is None or following == claim["id"]:
            self.close()
        else:
            self.open(database, following)

    def skip(self, database: Database, filters: dict, reviewer: str, claim: dict) -> None:
        """Move `claim` to the end of this reviewer's queue and open the next one."""
        self.skipped = {**self.skipped, reviewer: skip(self.skips(reviewer), claim["id"])}
        self.advance(database, filters, reviewer, claim)

    def saved(self, database: Database, filters: dict, reviewer: str, claim_id: int) -> None:
        """After a verdict on `claim_id`: it is no longer skipped; open the next claim."""
        self.skipped = {**self.skipped, reviewer: unskip(self.skips(reviewer), claim_id)}
        self.advance(database, filters, reviewer, db.claims.get_claim(database, claim_id))

    def back(self, database: Database) -> None:
        """Open the claim opened before the current one, if any."""
        if self.trail:
            *self.trail, previous = self.trail
            self.open(database, previous, remember=False)

    def seconds_open(self) -> float:
        """Return how long the open claim has been open, in seconds (tenths)."""
        return round(time.monotonic() - self.opened_at, 1)


def _assigned(database: Database, reviewer: str) -> list[int]:
    """Return the claims assigned to `reviewer` and not done yet, round 1 first."""
    if not reviewer:
        return []
    return [row["claim_id"] for row in db.desk.open_assignments(database, reviewer)]
