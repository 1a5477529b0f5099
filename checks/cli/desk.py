"""The desk's commands: `user add/list/disable`, `assign` and `agreement`."""

from __future__ import annotations

import argparse
import getpass
import sys

from checks.cli.edge import add_command, add_db, add_format, emit, open_db


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Add the `user`, `assign` and `agreement` commands."""
    p = add_command(sub, "user", "manage reviewer and editor accounts", USER_EPILOG)
    actions = p.add_subparsers(
        dest="action", required=True, metavar="ACTION", help="add, list or disable"
    )
    a = add_command(actions, "add", "add an account; the password is read from standard input")
    a.add_argument("name", help="the account's sign-in name")
    a.add_argument(
        "--role",
        choices=["reviewer", "editor"],
        required=True,
        help="a reviewer reviews; an editor also assigns, resolves and manages accounts",
    )
    add_db(a)
    a.set_defaults(run=cmd_user_add)
    a = add_command(actions, "list", "list the accounts (never their passwords)")
    add_db(a)
    add_format(a)
    a.set_defaults(run=cmd_user_list)
    a = add_command(actions, "disable", "disable an account: it can no longer sign in")
    a.add_argument("name", help="the account's sign-in name")
    add_db(a)
    a.set_defaults(run=cmd_user_disable)

    p = add_command(sub, "assign", "assign claims for a first or a blind second review")
    p.add_argument("--reviewer", required=True, help="the reviewer's account name")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--document", type=int, metavar="ID", help="every claim of this document")
    which.add_argument("--claim", type=int, nargs="+", metavar="ID", help="these claims")
    p.add_argument(
        "--round",
        type=int,
        choices=[1, 2],
        default=1,
        help="1: first review (default); 2: blind second review of round-one claims",
    )
    p.add_argument(
        "--sample",
        type=float,
        metavar="FRACTION",
        help="assign only this share of the claims (0 < FRACTION <= 1), reproducibly",
    )
    p.add_argument("--by", metavar="EDITOR", help="the editor making the assignment")
    add_db(p)
    add_format(p)
    p.set_defaults(run=cmd_assign)

    p = add_command(sub, "agreement", "agreement between first and blind second reviews")
    p.add_argument("--document", type=int, metavar="ID", help="only this document's claims")
    p.add_argument(
        "--since", metavar="DATE", help="only pairs whose second review was saved on or after DATE"
    )
    add_db(p)
    add_format(p)
    p.set_defaults(run=cmd_agreement)


USER_EPILOG = """examples:
  claimdesk user add ana --role editor < password.txt
  claimdesk user list
  claimdesk user disable ana"""


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
