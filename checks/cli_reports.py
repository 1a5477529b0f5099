"""The `verdict`, `backup`, `seed-demo` and `export` commands."""

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

    path = args.db or config.db_path()
    if (
        not config.is_database_url(path) and not Path(path).exists()
    ):  # no claim can be in it: refuse instead of creating an empty one
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


# copy --------------------------------------------------------------------------------------


@command("copy")
def cmd_copy(args: argparse.Namespace) -> int:
    """Copy every table into the empty database at --to; print row counts per table (exit 1
    if any differ)."""
    from checks.errors import InvalidValue
    from db import transfer

    source = open_db(args)
    if str(args.to) == str(args.db or config.db_path()):
        raise InvalidValue(f"--to {args.to}: the same database as --db")
    target = open_db(argparse.Namespace(db=args.to))
    counts = transfer.copy_database(source, target)
    if args.format in ("json", "jsonl"):
        emit(args, {"tables": counts})
    else:
        for row in counts:
            print(f"{row['table']}: {row['source']} -> {row['target']}")
    return 0 if all(r["source"] == r["target"] for r in counts) else 1


# seed-demo ---------------------------------------------------------------------------------


@command("seed-demo")
def cmd_seed_demo(args: argparse.Namespace) -> int:
    """Fill an empty database with the demo documents (and example verdicts)."""
    from checks import pipeline

    database = open_db(args)
    with progress_bar() as progress:
        added = pipeline.seed_demo(database, embedder_for(args), progress=progress)
    print(f"demo: {added}" if added else "demo: database already has documents, left as is")
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
        bom=args.bom,
    )
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
