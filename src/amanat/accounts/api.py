"""Authentication API: exchange credentials for a bearer token, list, revoke and log out."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from amanat.accounts.login import login_attempt, login_register_success
from amanat.accounts.tokens import (
    api_token_issue,
    api_token_revoke,
    api_token_revoke_secret,
    api_tokens_of,
    hash_token,
)
from amanat.errors import AmanatError

router = Router(tags=["auth"])


class TokenIn(Schema):
    username: str
    password: str
    otp: str | None = None


class TokenOut(Schema):
    token: str


class TokenInfo(Schema):
    id: int
    created_at: dt.datetime
    expires_at: dt.datetime
    last_used_at: dt.datetime | None
    current: bool


class RevokedOut(Schema):
    id: int
    revoked_at: dt.datetime


class Unauthorised(AmanatError):
    status_code = 401
    default_code = "invalid_credentials"


class Throttled(AmanatError):
    status_code = 429
    default_code = "throttled"

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message)
        self.headers = {"Retry-After": str(retry_after)}


def _bearer(request: HttpRequest) -> str:
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


@router.post("/token", auth=None, response={200: TokenOut})
def token(request, payload: TokenIn):
    """Password and, for an account with a second factor, `otp` in the same request.

    Any wrong part answers the same 401; repeated failures answer 429 with `Retry-After`.
    """
    outcome = login_attempt(
        request=request,
        username=payload.username,
        password=payload.password,
        otp=payload.otp or "",
        channel="api",
    )
    if outcome.retry_after:
        raise Throttled(
            _("Too many failed attempts. Try again in %(seconds)d seconds.")
            % {"seconds": outcome.retry_after},
            retry_after=outcome.retry_after,
        )
    if outcome.user is None:
        # Accounts that must enrol a second factor do so in the web interface (ADR 0008).
        raise Unauthorised(
            _(
                "Invalid username, password or one-time code (otp). Accounts with a second "
                "factor send the code with the password and enrol it in the web interface."
            )
        )
    login_register_success(outcome.user, channel="api")
    return {"token": api_token_issue(user=outcome.user)}


@router.post("/logout", response={204: None})
def logout(request):
    """Revoke the token this request carries."""
    api_token_revoke_secret(user=request.user, token=_bearer(request))
    return Status(204, None)


@router.get("/tokens", response=list[TokenInfo])
def tokens(request):
    """My live tokens. Only their hashes are stored, so the secrets cannot be shown."""
    current = hash_token(_bearer(request))
    return [
        {
            "id": row.pk,
            "created_at": row.created_at,
            "expires_at": row.expires_at,
            "last_used_at": row.last_used_at,
            "current": row.token_hash == current,
        }
        for row in api_tokens_of(user=request.user)
    ]


@router.post("/tokens/{token_id}/revoke", response=RevokedOut)
def revoke(request, token_id: int):
    """Revoke one of my tokens; another user's token answers 404 like a missing one."""
    row = api_token_revoke(user=request.user, token_id=token_id)
    return {"id": row.pk, "revoked_at": row.revoked_at}


ROUTERS = (("/auth", router),)
