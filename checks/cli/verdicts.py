"""The `verdict` command."""

from __future__ import annotations

import argparse
from pathlib import Path

from checks import config
from checks.cli.edge import add_db, add_format, emit, open_db


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Add the `verdict` command."""
    p = sub.add_parser("verdict", help="record a verdict on a claim")
    p.add_argument("claim_id", type=int)
    p.add_argument("label")
    p.add_argument("--reviewer", required=True)
    p.add_argument("--rationale")
    p.add_argument("--source", action="append", metavar="URL")
    p.add_argument("--confidence", type=float)
    p.add_argument("--expected-version", type=int)
    add_db(p)
    add_format(p)
    p.set_defaults(run=cmd_verdict)


def cmd_verdict(args: argparse.Namespace) -> int:
    """Append a verdict to a claim (refused when --expected-version has moved on)."""
    from checks.errors import UnknownClaim
    from checks.workflows.verdicts import record_verdict

    path = Path(args.db or config.db_path())
    if not path.exists():  # no claim can be in it: refuse instead of creating an empty one
        raise UnknownClaim(f"claim {args.claim_id}: no such claim (no database at {path})")
    verdict = record_verdict(
        open_db(args),
        args.claim_id,
        args.label,
        reviewer=args.reviewer,
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
