"""The commands about the database as a whole: `backup`, `copy`, `seed-demo` and `demo`."""

from __future__ import annotations

import argparse

from checks import config
from checks.cli.edge import add_command, add_db, add_format, emit, open_db, progress_bar


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Add the `backup`, `copy`, `seed-demo` and `demo` commands."""
    p = add_command(sub, "backup", "copy the database consistently while it is in use")
    p.add_argument("file", metavar="FILE", help="the new backup file (must not exist)")
    add_db(p)
    p.set_defaults(run=cmd_backup)

    p = add_command(sub, "copy", "copy the whole database into an empty one (SQLite or PostgreSQL)")
    p.add_argument("--to", required=True, metavar="URL",
                   help="an SQLite file path or a postgresql:// URL; must be empty")  # fmt: skip
    add_format(p)
    add_db(p)
    p.set_defaults(run=cmd_copy)

    p = add_command(sub, "seed-demo", "load the demo documents into an empty database")
    add_db(p)
    p.set_defaults(run=cmd_seed_demo)

    p = add_command(sub, "demo", "show the demo data, or remove it (and nothing else)")
    p.add_argument("--remove", action="store_true",
                   help="remove the demo documents, their claims and verdicts")  # fmt: skip
    add_db(p)
    p.set_defaults(run=cmd_demo)


def cmd_backup(args: argparse.Namespace) -> int:
    """Write a consistent copy of the database to FILE, safe while the app is in use."""
    from db.connection import backup

    size = backup(open_db(args), args.file)
    print(f"backup: wrote {args.file} ({size / 1_000_000:.1f} MB)")
    return 0


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


def cmd_seed_demo(args: argparse.Namespace) -> int:
    """Fill an empty database with the demo documents (and example verdicts)."""
    from checks.embed import load_embedder
    from checks.workflows.demo import seed_demo

    database = open_db(args)
    with progress_bar() as progress:
        added = seed_demo(database, load_embedder(), progress=progress)
    skipped = "demo: not seeded (the database has documents, or had its demo removed)"
    print(f"demo: {added}" if added else skipped)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Say how much demo data the database holds; with --remove, remove it and nothing else."""
    from db.demo import counts

    database = open_db(args)
    if args.remove:
        from checks.workflows.demo import remove_demo

        removed = remove_demo(database)
        print(
            f"demo: removed {removed['documents']} documents, {removed['claims']} claims and "
            f"{removed['verdicts']} verdicts; nothing else was touched"
        )
        return 0
    held = counts(database)
    if not held["documents"]:
        print("demo: none in this database")
    else:
        print(
            f"demo: {held['documents']} documents, {held['claims']} claims, {held['verdicts']} "
            "verdicts (left out of exports and the dashboard; remove with `demo --remove`)"
        )
    return 0
