"""The `export` command: the verdict report as CSV, ClaimReview JSON-LD or Markdown."""

from __future__ import annotations

import argparse
import sys

from checks.cli.edge import add_command, add_db, open_db


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Add the `export` command."""
    p = add_command(sub, "export", "write the verdict report: CSV, ClaimReview or Markdown")
    p.add_argument("--format", choices=["csv", "claimreview", "markdown"], default="csv",
                   help="the report's format (default csv)")  # fmt: skip
    p.add_argument("--out", metavar="FILE", help="write here instead of standard output")
    p.add_argument("--all", action="store_true", help="also the claims without a verdict")
    p.add_argument("--demo", action="store_true", help="also the demo claims (left out by default)")
    p.add_argument("--document", type=int, metavar="ID", help="only this document's claims")
    p.add_argument("--label", metavar="L", help="only claims whose current verdict is L")
    p.add_argument("--reviewer", metavar="R", help="only verdicts given by R")
    p.add_argument("--since", metavar="DATE", help="verdicts on or after DATE (YYYY-MM-DD)")
    p.add_argument("--until", metavar="DATE", help="verdicts on or before DATE (YYYY-MM-DD)")
    p.add_argument("--bom", action="store_true", help="start the CSV with a UTF-8 byte-order mark")
    add_db(p)
    p.set_defaults(run=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    """Write the verdict report (CSV, ClaimReview JSON-LD or Markdown) to --out or stdout."""
    from checks import config, files
    from checks.errors import InvalidValue
    from checks.workflows.reports import write_report

    if args.out and "://" not in str(args.db or config.db_path()):
        # Refused before the database is even opened: the report must never replace it.
        files.refuse_protected(args.out, files.database_files(args.db or config.db_path()))
    database = open_db(args)
    filters = {"document_id": args.document, "label": args.label, "reviewer": args.reviewer,
               "since": args.since, "until": args.until, "include_all": args.all,
               "include_demo": args.demo, "bom": args.bom}  # fmt: skip
    warning = config.review_address_warning() if args.format == "claimreview" else None
    if not args.out:
        write_report(database, args.format, sys.stdout.buffer, **filters)
        sys.stdout.flush()
        if warning:
            print(f"warning: {warning}", file=sys.stderr)
        return 0
    try:
        # Streamed into a temporary file beside --out, renamed over it once complete: a kill
        # leaves the old report, never half a new one.
        with files.atomic_output(args.out) as handle:
            write_report(database, args.format, handle, **filters)
            size = handle.tell()
    except OSError as err:
        raise InvalidValue(f"--out {args.out}: cannot be written ({err.strerror})") from None
    if warning:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"export: wrote {args.out} ({args.format}, {size:,} bytes)")
    return 0
