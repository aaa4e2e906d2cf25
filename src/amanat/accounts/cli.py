"""`amanat org create`, `amanat user create|lock|unlock|deactivate|activate|reset-password` and
`amanat tokens prune`. Commands act as the system (audit actor empty, channel cli)."""

from __future__ import annotations

import getpass
import sys

from amanat.accounts import services
from amanat.accounts.models import Organisation, User
from amanat.accounts.roles import Role
from amanat.accounts.services import organisation_create, user_create
from amanat.accounts.tokens import api_token_prune
from amanat.core.ids import try_parse_id
from amanat.errors import UsageError


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


def _find_user(username: str) -> User:
    user = User.objects.filter(username__iexact=(username or "").strip()).first()
    if user is None:
        raise UsageError(f"No user '{username}'.")
    return user


def cmd_user_lock(args) -> int:
    user = _find_user(args.username)
    services.user_lock(actor=None, user=user)
    print(f"User {user.username} locked: logins refused, sessions and API tokens ended.")
    return 0


def cmd_user_roles(args) -> int:
    """Replace a user's roles (e.g. grant `regional_researcher`, ADR 1504); audited."""
    user = _find_user(args.username)
    roles = [r.strip() for value in args.role for r in value.split(",") if r.strip()]
    services.user_set_roles(actor=None, user=user, roles=roles)
    print(f"User {user.username} now has roles: {', '.join(sorted(roles))}")
    return 0


def cmd_user_unlock(args) -> int:
    user = _find_user(args.username)
    services.user_unlock(actor=None, user=user)
    print(f"User {user.username} unlocked; failed logins against it forgotten.")
    return 0


def cmd_user_deactivate(args) -> int:
    user = _find_user(args.username)
    services.user_set_active(actor=None, user=user, active=False)
    print(f"User {user.username} deactivated; API tokens revoked.")
    return 0


def cmd_user_activate(args) -> int:
    user = _find_user(args.username)
    services.user_set_active(actor=None, user=user, active=True)
    print(f"User {user.username} activated.")
    return 0


def cmd_user_reset_password(args) -> int:
    user = _find_user(args.username)
    given = _read_password(args) if args.password_stdin else None
    password = services.user_reset_password(actor=None, user=user, password=given)
    print(f"Password of {user.username} reset; sessions and API tokens ended.")
    if given is None:
        # Printed once, on purpose: the operator hands it over; it is stored only as a hash.
        print(f"New password: {password}")
    return 0


def cmd_tokens_prune(args) -> int:
    deleted = api_token_prune(actor=None)
    print(f"Deleted {deleted} expired or revoked API token(s).")
    return 0


def register(subparsers) -> None:
    org = subparsers.add_parser("org", help="organisations").add_subparsers(
        dest="org_command", required=True
    )
    create = org.add_parser("create", help="create an organisation")
    create.add_argument(
        "--name", help="the organisation's name, as users will see it", required=True
    )
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
    ucreate.add_argument("--username", help="login name of the new user", required=True)
    ucreate.add_argument("--org", required=True, help="organisation id or exact name")
    ucreate.add_argument(
        "--role",
        required=True,
        action="append",
        help=f"one of {', '.join(Role.values)}; repeat or comma-separate",
    )
    ucreate.add_argument("--email", help="e-mail address (optional)")
    ucreate.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input",
    )
    ucreate.set_defaults(func=cmd_user_create)

    for name, func, help_text in (
        ("lock", cmd_user_lock, "refuse every login until unlocked; end sessions and tokens"),
        ("unlock", cmd_user_unlock, "lift a lock and forget failed logins against the account"),
        ("deactivate", cmd_user_deactivate, "deactivate the account and revoke its tokens"),
        ("activate", cmd_user_activate, "activate a deactivated account"),
    ):
        command = user.add_parser(name, help=help_text)
        command.add_argument("username", help="login name of the user")
        command.set_defaults(func=func)
    uroles = user.add_parser("roles", help="replace a user's roles (audited)")
    uroles.add_argument("username", help="login name of the user")
    uroles.add_argument(
        "--role",
        required=True,
        action="append",
        help=f"one of {', '.join(Role.values)}; repeat or comma-separate",
    )
    uroles.set_defaults(func=cmd_user_roles)
    reset = user.add_parser(
        "reset-password", help="set a new password (generated and printed unless given)"
    )
    reset.add_argument("username", help="login name of the user")
    reset.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the new password from the first line of standard input",
    )
    reset.set_defaults(func=cmd_user_reset_password)

    tokens = subparsers.add_parser("tokens", help="API tokens").add_subparsers(
        dest="tokens_command", required=True
    )
    prune = tokens.add_parser("prune", help="delete expired and revoked API tokens")
    prune.set_defaults(func=cmd_tokens_prune)
