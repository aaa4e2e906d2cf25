"""Every write to organisations, users, roles, login state and API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable

import pyotp
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amanat.accounts.models import ApiToken, Organisation, User, UserRole
from amanat.accounts.roles import Role
from amanat.core import geography, vocabularies
from amanat.core.errors import ValidationError
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
    audit_record(
        actor=actor,
        action="user.create",
        object_type="user",
        object_id=user.pk,
        fields=["username", "organisation", "roles"],
        extra={"roles": roles},
    )
    return user


@transaction.atomic
def user_set_password(*, actor: User | None, user: User, password: str) -> None:
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(
        actor=actor,
        action="user.password_change",
        object_type="user",
        object_id=user.pk,
        fields=["password"],
    )


def login_register_failure(user: User) -> None:
    """Count a failed login; lock the account for a while after too many."""
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.failed_login_count += 1
        fields = ["failed_login_count"]
        if locked.failed_login_count >= settings.AMANAT_LOCKOUT_THRESHOLD:
            locked.locked_until = timezone.now() + dt.timedelta(
                minutes=settings.AMANAT_LOCKOUT_MINUTES
            )
            locked.failed_login_count = 0
            fields.append("locked_until")
        locked.save(update_fields=fields)
        audit_record(
            actor=None,
            action="login.failure",
            object_type="user",
            object_id=user.pk,
            extra={"locked": "locked_until" in fields},
        )


def login_register_success(user: User, *, channel: str) -> None:
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(
            failed_login_count=0, locked_until=None, last_login=timezone.now()
        )
        audit_record(
            actor=user,
            action="login.success",
            object_type="user",
            object_id=user.pk,
            extra={"channel": channel},
        )


# --- TOTP second factor -------------------------------------------------------------------------

TOTP_ISSUER = "Amanat"


def totp_begin_enrolment(*, user: User) -> str:
    """Create (or reuse an unconfirmed) secret; return the provisioning URI for the QR code."""
    if not user.totp_secret or user.totp_confirmed:
        user.totp_secret = pyotp.random_base32()
        user.totp_confirmed = False
        user.save(update_fields=["totp_secret", "totp_confirmed"])
    return pyotp.TOTP(user.totp_secret).provisioning_uri(
        name=user.username, issuer_name=TOTP_ISSUER
    )


def totp_check(user: User, code: str) -> bool:
    if not user.totp_secret:
        return False
    code = (code or "").replace(" ", "")
    return bool(code) and pyotp.TOTP(user.totp_secret).verify(code, valid_window=1)


@transaction.atomic
def totp_confirm_enrolment(*, user: User, code: str) -> None:
    if not totp_check(user, code):
        raise ValidationError(
            _("The code is not valid. Check the time on your phone and retry."), field="code"
        )
    user.totp_confirmed = True
    user.save(update_fields=["totp_confirmed"])
    audit_record(actor=user, action="user.totp_enrol", object_type="user", object_id=user.pk)


# --- API tokens ---------------------------------------------------------------------------------


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_token_issue(*, user: User) -> str:
    token = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user,
        token_hash=_hash_token(token),
        expires_at=timezone.now() + dt.timedelta(hours=settings.AMANAT_API_TOKEN_HOURS),
    )
    audit_record(actor=user, action="api_token.issue", object_type="user", object_id=user.pk)
    return token


def api_token_user(token: str) -> User | None:
    if not token:
        return None
    row = (
        ApiToken.objects.select_related("user")
        .filter(
            token_hash=_hash_token(token), revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
        .first()
    )
    if row is None or not row.user.is_active:
        return None
    return row.user


@transaction.atomic
def user_set_roles(*, actor: User, user: User, roles: Iterable[str]) -> None:
    roles = _validate_roles(roles)
    UserRole.objects.filter(user=user).exclude(role__in=roles).delete()
    existing = set(UserRole.objects.filter(user=user).values_list("role", flat=True))
    UserRole.objects.bulk_create([UserRole(user=user, role=r) for r in roles if r not in existing])
    user.__dict__.pop("roles", None)
    user.__dict__.pop("permissions", None)
    audit_record(
        actor=actor,
        action="user.roles",
        object_type="user",
        object_id=user.pk,
        fields=["roles"],
        extra={"roles": roles},
    )


@transaction.atomic
def user_set_active(*, actor: User, user: User, active: bool) -> None:
    if actor.pk == user.pk and not active:
        raise ValidationError(_("You cannot deactivate your own account."), field="is_active")
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    audit_record(
        actor=actor,
        action="user.activate" if active else "user.deactivate",
        object_type="user",
        object_id=user.pk,
        fields=["is_active"],
    )


@transaction.atomic
def user_unlock(*, actor: User, user: User) -> None:
    user.locked_until = None
    user.failed_login_count = 0
    user.save(update_fields=["locked_until", "failed_login_count"])
    audit_record(
        actor=actor,
        action="user.unlock",
        object_type="user",
        object_id=user.pk,
        fields=["locked_until"],
    )


@transaction.atomic
def user_reset_totp(*, actor: User, user: User) -> None:
    user.totp_secret = ""
    user.totp_confirmed = False
    user.save(update_fields=["totp_secret", "totp_confirmed"])
    audit_record(
        actor=actor,
        action="user.totp_reset",
        object_type="user",
        object_id=user.pk,
        fields=["totp_secret"],
    )
