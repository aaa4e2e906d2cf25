"""API bearer tokens: issue, authenticate, list, revoke and prune.

Only a token's SHA-256 is stored, so a database copy cannot be replayed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from amanat.accounts.models import ApiToken, User
from amanat.accounts.role_codes import attach_roles
from amanat.accounts.token_lookup import live_token_row
from amanat.errors import NotFound
from amanat.privacy.audit import audit_record

# last_used_at is refreshed at most this often, so a busy client does not write on every request.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _live(now: dt.datetime) -> Q:
    return Q(revoked_at__isnull=True, expires_at__gt=now)


@transaction.atomic
def api_token_issue(*, user: User) -> str:
    now = timezone.now()
    pruned, _ = ApiToken.objects.filter(user=user).exclude(_live(now)).delete()
    token = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user,
        token_hash=hash_token(token),
        expires_at=now + dt.timedelta(hours=settings.AMANAT_API_TOKEN_HOURS),
    )
    # A client that logs in again and again without logging out keeps only its newest tokens.
    surplus = list(
        ApiToken.objects.filter(_live(now), user=user)
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)[settings.AMANAT_API_TOKENS_PER_USER :]
    )
    ApiToken.objects.filter(pk__in=surplus).update(revoked_at=now)
    audit_record(
        actor=user,
        action="api_token.issue",
        object_type="user",
        object_id=user.pk,
        extra={"pruned": pruned, "revoked_surplus": len(surplus)},
    )
    return token


def api_token_user(token: str) -> User | None:
    if not token:
        return None
    now = timezone.now()
    row = live_token_row(hash_token(token), now)
    if row is None or not row.user.is_active or row.user.is_locked:
        return None
    if row.last_used_at is None or row.last_used_at < now - LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=row.token_id).update(last_used_at=now)
    return attach_roles(row.user, row.role_codes)


def api_tokens_of(*, user: User) -> list[ApiToken]:
    """The user's live tokens, newest first (the secrets are not stored, so never shown)."""
    return list(ApiToken.objects.filter(_live(timezone.now()), user=user).order_by("-created_at"))


@transaction.atomic
def api_token_revoke(*, user: User, token_id: int) -> ApiToken:
    """Revoke one of the user's own tokens; another user's token is reported as missing."""
    if not 0 < token_id < 2**63:  # beyond any id a database holds (and SQLite's integer range)
        raise NotFound(_("No such token."))
    row = ApiToken.objects.select_for_update().filter(pk=token_id, user=user).first()
    if row is None:
        raise NotFound(_("No such token."))
    if row.revoked_at is None:
        row.revoked_at = timezone.now()
        row.save(update_fields=["revoked_at"])
        audit_record(
            actor=user, action="api_token.revoke", object_type="api_token", object_id=row.pk
        )
    return row


@transaction.atomic
def api_token_revoke_secret(*, user: User, token: str) -> int:
    """Log out: revoke the token the request was made with."""
    revoked = ApiToken.objects.filter(
        user=user, token_hash=hash_token(token), revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    audit_record(actor=user, action="api_token.logout", object_type="user", object_id=user.pk)
    return revoked


def api_tokens_revoke_all(*, user: User) -> int:
    """Called inside the service that locks, deactivates or resets a user; it writes the audit."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


@transaction.atomic
def api_token_prune(*, actor: User | None) -> int:
    """Delete every expired or revoked token."""
    deleted, _ = ApiToken.objects.exclude(_live(timezone.now())).delete()
    audit_record(
        actor=actor, action="api_token.prune", object_type="api_token", extra={"deleted": deleted}
    )
    return deleted
