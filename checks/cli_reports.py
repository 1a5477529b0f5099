"""The `verdict`, `backup`, `seed-demo`, `demo` and `export` commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from checks import config
from checks.cli_support import command, embedder_for, emit, open_db, progress_bar

# verdict -----------------------------------------------------------------------------------


@command("verdict")
def cmd_verdict(args: argparse.Namespace) -> int:
    """Append a verdict to a claim (refused when --expected-version has moved on)."""
    from checks import pipeline
    from checks.errors import UnknownClaim

    path = Path(args.db or config.db_path())
    if not path.exists():  # no claim can be in it: refuse instead of creating an empty one
        raise UnknownClaim(f"claim {args.claim_id}: no such claim (no database at {path})")
    verdict = pipeline.record_verdict(
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


# backup ------------------------------------------------------------------------------------


@command("backup")
def cmd_backup(args: argparse.Namespace) -> int:
    """Write a consistent copy of the database to FILE, safe while the app is in use."""
    from db import store

    size = store.backup(open_db(args), args.file)
    print(f"backup: wrote {args.file} ({size / 1_000_000:.1f} MB)")
    return 0


# seed-demo ---------------------------------------------------------------------------------


@command("seed-demo")
def cmd_seed_demo(args: argparse.Namespace) -> int:
    """Fill an empty database with the demo documents (and example verdicts)."""
    from checks import pipeline

    database = open_db(args)
    with progress_bar() as progress:
        added = pipeline.seed_demo(database, embedder_for(args), progress=progress)
    skipped = "demo: not seeded (the database has documents, or had its demo removed)"
    print(f"demo: {added}" if added else skipped)
    return 0


@command("demo")
def cmd_demo(args: argparse.Namespace) -> int:
    """Say how much demo data the database holds; with --remove, remove it and nothing else."""
    from db import demo

    database = open_db(args)
    if args.remove:
        from checks import pipeline

        removed = pipeline.remove_demo(database)
        print(
            f"demo: removed {removed['documents']} documents, {removed['claims']} claims and "
            f"{removed['verdicts']} verdicts; nothing else was touched"
        )
        return 0
    held = demo.counts(database)
    if not held["documents"]:
        print("demo: none in this database")
    else:
        print(
            f"demo: {held['documents']} documents, {held['claims']} claims, {held['verdicts']} "
            "verdicts (left out of exports and the dashboard; remove with `demo --remove`)"
        )
    return 0


# export ------------------------------------------------------------------------------------


@command("export")
def cmd_export(args: argparse.Namespace) -> int:
    """Write the verdict report (CSV, ClaimReview JSON-LD or Markdown) to --out or stdout."""
    from checks import pipeline

    data = pipeline.export_report(
        open_db(args),
        args.format,
        document_id=args.document,
        label=args.label,
        reviewer=args.reviewer,
        since=args.since,
        until=args.until,
        include_all=args.all,
        include_demo=args.demo,
        bom=args.bom,
    )
    warning = config.review_address_warning() if args.format == "claimreview" else None
    if warning:
        print(f"warning: {warning}", file=sys.stderr)
    if not args.out:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    try:
        Path(args.out).write_bytes(data)
    except OSError as err:
        from checks.errors import InvalidValue

        raise InvalidValue(f"--out {args.out}: cannot be written ({err.strerror})") from None
    print(f"export: wrote {args.out} ({args.format}, {len(data):,} bytes)")
    return 0
