"""The commands about the database as a whole: `backup` and `seed-demo`."""

from __future__ import annotations

import argparse

from checks.cli.edge import add_db, open_db, progress_bar


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Add the `backup` and `seed-demo` commands."""
    p = sub.add_parser("backup", help="copy the database consistently while it is in use")
    p.add_argument("file", metavar="FILE", help="the new backup file (must not exist)")
    add_db(p)
    p.set_defaults(run=cmd_backup)

    p = sub.add_parser("seed-demo", help="load the demo documents into an empty database")
    add_db(p)
    p.set_defaults(run=cmd_seed_demo)


def cmd_backup(args: argparse.Namespace) -> int:
    """Write a consistent copy of the database to FILE, safe while the app is in use."""
    from db.connection import backup

    size = backup(open_db(args), args.file)
    print(f"backup: wrote {args.file} ({size / 1_000_000:.1f} MB)")
    return 0


def cmd_seed_demo(args: argparse.Namespace) -> int:
    """Fill an empty database with the demo documents (and example verdicts)."""
    from checks.embed import load_embedder
    from checks.workflows.demo import seed_demo

    database = open_db(args)
    with progress_bar() as progress:
        added = seed_demo(database, load_embedder(), progress=progress)
    print(f"demo: {added}" if added else "demo: database already has documents, left as is")
    return 0
