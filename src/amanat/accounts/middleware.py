"""Idle timeout for sessions, and the second factor enforced for those who must have it."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect

IDLE_KEY = "amanat_last_seen"
# The last-seen mark is rewritten at most this often: writing it on every request cost three
# queries (BEGIN, UPDATE of the session row, COMMIT) and a session signature per page. The mark
# is then up to this much older than the user's last request, so an idle session ends at most
# this much EARLY, never late (ADR 0041).
IDLE_WRITE_SECONDS = 60
OTP_KEY = "amanat_otp_ok"


class SessionSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(IDLE_KEY)
            if (
                last_seen is not None
                and now - last_seen > settings.AMANAT_SESSION_IDLE_MINUTES * 60
            ):
                logout(request)
                return redirect(f"{settings.LOGIN_URL and '/accounts/login/'}?expired=1")
            if last_seen is None or now - last_seen >= IDLE_WRITE_SECONDS:
                request.session[IDLE_KEY] = now
            if user.requires_totp and not request.session.get(OTP_KEY):
                logout(request)
                return redirect("/accounts/login/")
        return self.get_response(request)
