"""Every write to organisations, users and roles.

Login attempts are in `login.py`, throttling in `throttle.py`, the second factor in `totp.py`,
API tokens in `tokens.py`.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amanat.accounts.models import Organisation, User, UserRole
from amanat.accounts.roles import Role
from amanat.accounts.throttle import throttle_clear

# api_token_issue and api_token_user are re-exported: the API's bearer check, test fixtures and
# benchmarks import them from here.
from amanat.accounts.tokens import (  # noqa: F401
    api_token_issue,
    api_token_user,
    api_tokens_revoke_all,
)
from amanat.core import geography, vocabularies
from amanat.errors import ValidationError
from amanat.privacy.audit import audit_record


def _validate_org_fields(*, org_type: str, country: str, region: str) -> None:
    if org_type not in vocabularies.codes("organisation_type"):
        raise ValidationError(
            _("Unknown organisation type '%(value)s'. Allowed: %(allowed)s.")
            % {
                "value": org_type,
                "allowed": ", ".join(sorted(vocabularies.codes("organisation_type"))),
            },
            field="type",
        )
    if not geography.is_country(country) or country == geography.UNKNOWN_COUNTRY:
        raise ValidationError(
            _("'%(value)s' is not an ISO 3166 country code.") % {"value": country}, field="country"
        )
    if region and region not in geography.region_codes(country):
        raise ValidationError(
            _(
                "'%(value)s' is not a region of %(country)s (use an ISO 3166-2 code such as %(example)s)."
            )
            % {
                "value": region,
                "country": country,
                "example": next(iter(sorted(geography.region_codes(country))), "-"),
            },
            field="region",
        )


@transaction.atomic
def organisation_create(
    *, actor: User | None, name: str, org_type: str, country: str, region: str = ""
) -> Organisation:
    name = (name or "").strip()
    country = (country or "").strip().upper()
    region = (region or "").strip().upper()
    if not name:
        raise ValidationError(_("An organisation needs a name."), field="name")
    _validate_org_fields(org_type=org_type, country=country, region=region)
    if Organisation.objects.filter(name=name, country=country).exists():
        raise ValidationError(
            _("An organisation with this name already exists in %(country)s.")
            % {"country": country},
            field="name",
        )
    org = Organisation.objects.create(name=name, org_type=org_type, country=country, region=region)
    audit_record(
        actor=actor,
        action="organisation.create",
        object_type="organisation",
        object_id=org.pk,
        fields=["name", "org_type", "country", "region"],
    )
    return org


def _validate_roles(roles: Iterable[str]) -> list[str]:
    roles = [r.strip() for r in roles if r and r.strip()]
    if not roles:
        raise ValidationError(_("A user needs at least one role."), field="role")
    valid = set(Role.values)
    for role in roles:
        if role not in valid:
            raise ValidationError(
                _("Unknown role '%(value)s'. Allowed: %(allowed)s.")
                % {"value": role, "allowed": ", ".join(Role.values)},
                field="role",
            )
    return sorted(set(roles))


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except DjangoValidationError as error:
        raise ValidationError(" ".join(str(m) for m in error.messages), field="password") from error


def _audit_user(*, actor, action: str, user: User, fields: list[str], extra=None) -> None:
    """The audit entry of a change to a user account (field names only)."""
    audit_record(
        actor=actor,
        action=action,
        object_type="user",
        object_id=user.pk,
        fields=fields,
        extra=extra,
    )


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    organisation: Organisation,
    roles: Iterable[str],
    password: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    preferred_language: str = "en",
) -> User:
    username = (username or "").strip()
    if not username:
        raise ValidationError(_("A user needs a username."), field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(_("This username is taken."), field="username")
    roles = _validate_roles(roles)
    user = User(
        username=username,
        organisation=organisation,
        email=email,
        first_name=first_name,
        last_name=last_name,
        preferred_language=preferred_language,
    )
    _check_password(password, user)
    user.set_password(password)
    try:
        user.save()
    except IntegrityError as error:
        raise ValidationError(_("This username is taken."), field="username") from error
    UserRole.objects.bulk_create([UserRole(user=user, role=role) for role in roles])
    _audit_user(
        actor=actor,
        action="user.create",
        user=user,
        fields=["username", "organisation", "roles"],
        extra={"roles": roles},
    )
    return user


@transaction.atomic
def user_set_password(*, actor: User | None, user: User, password: str) -> None:
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    _audit_user(actor=actor, action="user.password_change", user=user, fields=["password"])


@transaction.atomic
def user_set_roles(*, actor: User, user: User, roles: Iterable[str]) -> None:
    roles = _validate_roles(roles)
    UserRole.objects.filter(user=user).exclude(role__in=roles).delete()
    existing = set(UserRole.objects.filter(user=user).values_list("role", flat=True))
    UserRole.objects.bulk_create([UserRole(user=user, role=r) for r in roles if r not in existing])
    user.__dict__.pop("roles", None)
    user.__dict__.pop("permissions", None)
    _audit_user(
        actor=actor, action="user.roles", user=user, fields=["roles"], extra={"roles": roles}
    )


@transaction.atomic
def user_set_active(*, actor: User | None, user: User, active: bool) -> None:
    if actor is not None and actor.pk == user.pk and not active:
        raise ValidationError(_("You cannot deactivate your own account."), field="is_active")
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        api_tokens_revoke_all(user=user)
    _audit_user(
        actor=actor,
        action="user.activate" if active else "user.deactivate",
        user=user,
        fields=["is_active"],
    )


@transaction.atomic
def user_lock(*, actor: User | None, user: User) -> None:
    """Refuse every login until `user_unlock`; end open sessions and tokens now."""
    if actor is not None and actor.pk == user.pk:
        raise ValidationError(_("You cannot lock your own account."), field="username")
    user.locked_at = timezone.now()
    user.save(update_fields=["locked_at"])
    revoked = api_tokens_revoke_all(user=user)
    _audit_user(
        actor=actor,
        action="user.lock",
        user=user,
        fields=["locked_at"],
        extra={"tokens_revoked": revoked},
    )


@transaction.atomic
def user_unlock(*, actor: User | None, user: User) -> None:
    """Lift an administrator's lock and forget the failed logins counted against the account."""
    user.locked_at = None
    user.save(update_fields=["locked_at"])
    cleared = throttle_clear(username=user.username)
    _audit_user(
        actor=actor,
        action="user.unlock",
        user=user,
        fields=["locked_at"],
        extra={"throttle_rows_cleared": cleared},
    )


# Letters and digits that cannot be misread when dictated or copied from a screen.
_GENERATED_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _generate_password() -> str:
    return "-".join(
        "".join(secrets.choice(_GENERATED_ALPHABET) for _ in range(5)) for _ in range(4)
    )


@transaction.atomic
def user_reset_password(*, actor: User | None, user: User, password: str | None = None) -> str:
    """Set a new password (or generate one and return it); revoke tokens; clear throttling."""
    if password is None:
        password = _generate_password()
    _check_password(password, user)
    user.set_password(password)  # also ends the user's sessions (their auth hash changes)
    user.save(update_fields=["password"])
    revoked = api_tokens_revoke_all(user=user)
    throttle_clear(username=user.username)
    _audit_user(
        actor=actor,
        action="user.password_reset",
        user=user,
        fields=["password"],
        extra={"tokens_revoked": revoked},
    )
    return password


@transaction.atomic
def user_reset_totp(*, actor: User, user: User) -> None:
    user.totp_secret = ""
    user.totp_confirmed = False
    user.totp_last_step = None
    user.save(update_fields=["totp_secret", "totp_confirmed", "totp_last_step"])
    _audit_user(actor=actor, action="user.totp_reset", user=user, fields=["totp_secret"])
