"""The `verdict` command."""

from __future__ import annotations

import argparse
from pathlib import Path

from checks import config
from checks.cli.edge import add_command, add_db, add_format, emit, open_db
from checks.labels import DISPLAY_NAMES, LABELS


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Add the `verdict` command."""
    labels = "\n".join(f"  {name:<14}{DISPLAY_NAMES[name]}" for name in LABELS)
    p = add_command(sub, "verdict", "record a verdict on a claim", f"labels:\n{labels}")
    p.add_argument("claim_id", type=int, metavar="CLAIM_ID", help="the claim's id")
    p.add_argument("label", metavar="LABEL", help=f"one of: {', '.join(LABELS)}")
    p.add_argument("--reviewer", required=True, help="who gives the verdict")
    p.add_argument("--rationale", help="why: what the sources show")
    p.add_argument("--source", action="append", metavar="URL",
                   help="a source's web address (repeat for several)")  # fmt: skip
    p.add_argument("--confidence", type=float, help="how sure, 0 to 1 (default: not given)")
    p.add_argument("--expected-version", type=int, metavar="N",
                   help="refuse when the claim's version has moved on from N")  # fmt: skip
    p.add_argument("--round", type=int, choices=[1, 2],
                   help="the round assigned to you (2: the blind second review)")  # fmt: skip
    add_db(p)
    add_format(p)
    p.set_defaults(run=cmd_verdict)


def cmd_verdict(args: argparse.Namespace) -> int:
    """Append a verdict to a claim (refused when --expected-version has moved on)."""
    from checks.errors import UnknownClaim
    from checks.workflows.desk import record_round_verdict

    path = args.db or config.db_path()
    # No claim can be in a missing file: refuse instead of creating an empty database.
    if not config.is_database_url(path) and not Path(path).exists():
        raise UnknownClaim(f"claim {args.claim_id}: no such claim (no database at {path})")
    verdict = record_round_verdict(
        open_db(args),
        args.claim_id,
        args.label,
        reviewer=args.reviewer,
        round_=args.round,
        rationale=args.rationale or "",
        sources=args.source or [],
        confidence=args.confidence,
        expected_version=args.expected_version,
    )
    if args.format in ("json", "jsonl"):
        emit(args, verdict)
    else:
        print(
            f"claim {args.claim_id}: {verdict['label']} by {verdict['reviewer']} "
            f"(version {verdict['version']})"
        )
    return 0
