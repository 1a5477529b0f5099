"""The desk's commands: `user add/list/disable`, `assign` and `agreement`."""

from __future__ import annotations

import argparse
import getpass
import sys

from checks.cli.edge import add_db, add_format, emit, open_db


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Add the `user`, `assign` and `agreement` commands."""
    p = sub.add_parser("user", help="manage reviewer and editor accounts")
    actions = p.add_subparsers(dest="action", required=True)
    a = actions.add_parser("add", help="add an account; the password is read from stdin")
    a.add_argument("name")
    a.add_argument("--role", choices=["reviewer", "editor"], required=True)
    add_db(a)
    a.set_defaults(run=cmd_user_add)
    a = actions.add_parser("list", help="list the accounts")
    add_db(a)
    add_format(a)
    a.set_defaults(run=cmd_user_list)
    a = actions.add_parser("disable", help="disable an account (it can no longer sign in)")
    a.add_argument("name")
    add_db(a)
    a.set_defaults(run=cmd_user_disable)

    p = sub.add_parser("assign", help="assign claims for a first or a blind second review")
    p.add_argument("--reviewer", required=True)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--document", type=int, metavar="ID")
    which.add_argument("--claim", type=int, nargs="+", metavar="ID")
    p.add_argument("--round", type=int, choices=[1, 2], default=1)
    p.add_argument("--sample", type=float, metavar="FRACTION")
    p.add_argument("--by", metavar="EDITOR", help="the editor making the assignment")
    add_db(p)
    add_format(p)
    p.set_defaults(run=cmd_assign)

    p = sub.add_parser("agreement", help="agreement between first and blind second reviews")
    p.add_argument("--document", type=int, metavar="ID")
    p.add_argument("--since", metavar="DATE")
    add_db(p)
    add_format(p)
    p.set_defaults(run=cmd_agreement)


def read_password() -> str:
    """Return the new password from standard input: asked twice without echo on a terminal,
    else the first line of the input. Never from a flag, never printed."""
    from checks.errors import InvalidValue

    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != first:
            raise InvalidValue("password: the two entries differ")
        return first
    line = sys.stdin.readline()
    return line.removesuffix("\n").removesuffix("\r")


def cmd_user_add(args: argparse.Namespace) -> int:
    """Add an account with the password read from standard input."""
    from checks.workflows import desk

    made = desk.add_user(open_db(args), args.name, args.role, read_password(), actor=None)
    print(f"user {made['name']}: added as {made['role']}")
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    """List the accounts (never their password hashes)."""
    from checks.workflows import desk

    users = desk.list_users(open_db(args))
    if args.format in ("json", "jsonl"):
        emit(args, users)
        return 0
    for user in users:
        state = "active" if user["active"] else "disabled"
        print(f"{user['name']}\t{user['role']}\t{state}\t{user['created_at']}")
    if not users:
        print("no accounts: the desk is open (anyone names themselves in the app)")
    return 0


def cmd_user_disable(args: argparse.Namespace) -> int:
    """Disable an account."""
    from checks.workflows import desk

    desk.disable_user(open_db(args), args.name, actor=None)
    print(f"user {args.name}: disabled")
    return 0


def cmd_assign(args: argparse.Namespace) -> int:
    """Assign claims to a reviewer for round 1 or a blind round 2; print what was assigned."""
    from checks.workflows import desk

    database = open_db(args)
    result = desk.assign(
        database,
        args.reviewer,
        document_id=args.document,
        claim_ids=args.claim or (),
        round_=args.round,
        sample=args.sample,
        actor=None,
        by=desk.assigner_name(database, args.by),
    )
    if args.format in ("json", "jsonl"):
        emit(args, result)
        return 0
    print(
        f"round {result['round']}: assigned {len(result['assigned'])} claims to "
        f"{result['reviewer']}: {', '.join(map(str, result['assigned'])) or 'none'}"
    )
    if result["already"]:
        print(f"already assigned for this round: {', '.join(map(str, result['already']))}")
    return 0


def cmd_agreement(args: argparse.Namespace) -> int:
    """Print agreement between the two review rounds (DESIGN §4)."""
    from checks.workflows import rounds

    figures = rounds.agreement_figures(open_db(args), args.document, args.since)
    if args.format in ("json", "jsonl"):
        emit(args, figures)
        return 0
    print(f"double-reviewed claims: {figures['pairs']}")
    for key in ("observed", "kappa", "alpha"):
        value = figures[key]
        print(f"{key}: {'n/a' if value is None else f'{value:.3f}'}")
    for pair in figures["by_pair"]:
        kappa = "n/a" if pair["kappa"] is None else f"{pair['kappa']:.3f}"
        print(f"  {' & '.join(pair['reviewers'])}: {pair['pairs']} claims, kappa {kappa}")
    print(f"disagreements without a resolution: {len(figures['disagreements'])}")
    return 0
