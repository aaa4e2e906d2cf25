"""`amanat org create` and `amanat user create`."""

from __future__ import annotations

import getpass
import sys

from amanat.accounts.models import Organisation
from amanat.accounts.roles import Role
from amanat.accounts.services import organisation_create, user_create
from amanat.core.errors import UsageError
from amanat.core.ids import try_parse_id


def cmd_org_create(args) -> int:
    org = organisation_create(
        actor=None,
        name=args.name,
        org_type=args.type,
        country=args.country,
        region=args.region or "",
    )
    print(f"Organisation {org.pk} created: {org.name} ({org.country})")
    return 0


def _find_org(value: str) -> Organisation:
    org = None
    if try_parse_id(value) is not None:
        org = Organisation.objects.filter(pk=try_parse_id(value)).first()
    if org is None:
        matches = list(Organisation.objects.filter(name=value)[:2])
        if len(matches) > 1:
            raise UsageError(f"Several organisations are named '{value}': give its id.")
        org = matches[0] if matches else None
    if org is None:
        raise UsageError(f"No organisation '{value}' (give its id or exact name).")
    return org


def _read_password(args) -> str:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
        if not password:
            raise UsageError("--password-stdin was given but standard input held no password.")
        return password
    if not sys.stdin.isatty():
        raise UsageError("Give the password with --password-stdin when not on a terminal.")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Repeat password: "):
        raise UsageError("The two passwords differ.")
    return first


def cmd_user_create(args) -> int:
    org = _find_org(args.org)
    roles = [r for value in args.role for r in value.split(",")]
    user = user_create(
        actor=None,
        username=args.username,
        organisation=org,
        roles=roles,
        password=_read_password(args),
        email=args.email or "",
    )
    print(f"User {user.username} created in {org.name} with roles: {', '.join(sorted(user.roles))}")
    return 0


def register(subparsers) -> None:
    org = subparsers.add_parser("org", help="organisations").add_subparsers(
        dest="org_command", required=True
    )
    create = org.add_parser("create", help="create an organisation")
    create.add_argument("--name", required=True)
    create.add_argument(
        "--type",
        required=True,
        help="HTCDS org_Type, e.g. NGO, LawEnforcement, InternationalOrganisation",
    )
    create.add_argument("--country", required=True, help="ISO 3166-1 alpha-2, e.g. KZ")
    create.add_argument("--region", help="ISO 3166-2 code, e.g. KZ-75")
    create.set_defaults(func=cmd_org_create)

    user = subparsers.add_parser("user", help="users").add_subparsers(
        dest="user_command", required=True
    )
    ucreate = user.add_parser("create", help="create a user")
    ucreate.add_argument("--username", required=True)
    ucreate.add_argument("--org", required=True, help="organisation id or exact name")
    ucreate.add_argument(
        "--role",
        required=True,
        action="append",
        help=f"one of {', '.join(Role.values)}; repeat or comma-separate",
    )
    ucreate.add_argument("--email")
    ucreate.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input",
    )
    ucreate.set_defaults(func=cmd_user_create)
