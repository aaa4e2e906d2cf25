"""Idle timeout for sessions, and the second factor enforced for those who must have it."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect

IDLE_KEY = "amanat_last_seen"
OTP_KEY = "amanat_otp_ok"


class SessionSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(IDLE_KEY, now)
            if now - last_seen > settings.AMANAT_SESSION_IDLE_MINUTES * 60:
                logout(request)
                return redirect(f"{settings.LOGIN_URL and '/accounts/login/'}?expired=1")
            request.session[IDLE_KEY] = now
            if user.requires_totp and not request.session.get(OTP_KEY):
                logout(request)
                return redirect("/accounts/login/")
        return self.get_response(request)
