"""POST /api/auth/token: exchange credentials for a bearer token."""

from __future__ import annotations

from django.contrib.auth import authenticate
from ninja import Router, Schema

from amanat.accounts.services import api_token_issue, login_register_success, totp_check
from amanat.core.errors import AmanatError

router = Router(tags=["auth"])


class TokenIn(Schema):
    username: str
    password: str
    otp: str | None = None


class TokenOut(Schema):
    token: str


class Unauthorised(AmanatError):
    status_code = 401
    default_code = "invalid_credentials"


@router.post("/token", auth=None, response={200: TokenOut})
def token(request, payload: TokenIn):
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        raise Unauthorised("Invalid username or password, or the account is temporarily locked.")
    if user.requires_totp or user.totp_confirmed:
        if not user.totp_confirmed:
            raise Unauthorised(
                "This account must set up its second factor in the web interface first.",
                code="totp_enrolment_required",
            )
        if not totp_check(user, payload.otp or ""):
            raise Unauthorised("A valid one-time code (otp) is required.", code="otp_required")
    login_register_success(user, channel="api")
    return {"token": api_token_issue(user=user)}


ROUTERS = (("/auth", router),)
