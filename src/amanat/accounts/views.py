"""Login (password and one-time code in one step, throttled), second-factor enrolment, logout."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from django.contrib.auth import login, logout
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from amanat.accounts.forms import LoginForm, OtpForm
from amanat.accounts.login import login_attempt, login_register_success
from amanat.accounts.middleware import OTP_KEY
from amanat.accounts.models import User
from amanat.accounts.selectors import user_pending_login
from amanat.accounts.totp import totp_begin_enrolment, totp_confirm_enrolment
from amanat.core.web import form_call

PENDING_KEY = "amanat_pending_user"
BACKEND = "amanat.accounts.backends.AccountBackend"


def _finish_login(request, user: User, *, otp_ok: bool):
    login(request, user, backend=BACKEND)
    request.session[OTP_KEY] = otp_ok
    request.session.pop(PENDING_KEY, None)
    login_register_success(user, channel="web")
    response = redirect(request.GET.get("next") if _safe_next(request) else "home")
    return response


def _safe_next(request) -> bool:
    target = request.GET.get("next", "")
    return target.startswith("/") and not target.startswith("//")


@never_cache
@sensitive_post_parameters()
def login_view(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = login_attempt(
            request=request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
            otp=form.cleaned_data["code"],
            channel="web",
        )
        if outcome.retry_after:
            form.add_error(
                None,
                _("Too many failed attempts. Try again in %(seconds)d seconds.")
                % {"seconds": outcome.retry_after},
            )
        elif outcome.user is None:
            form.add_error(
                None,
                _(
                    "Invalid username, password or one-time code. If you have set up a second "
                    "factor, enter the code from your authenticator app with your password."
                ),
            )
        elif outcome.needs_enrolment:
            request.session.cycle_key()
            request.session[PENDING_KEY] = outcome.user.pk
            return redirect("accounts:otp_setup")
        else:
            return _finish_login(request, outcome.user, otp_ok=outcome.user.totp_confirmed)
    expired = request.GET.get("expired") == "1"
    return render(request, "accounts/login.html", {"form": form, "expired": expired})


def _pending_user(request) -> User | None:
    return user_pending_login(request.session.get(PENDING_KEY))


@never_cache
def otp_setup_view(request):
    user = _pending_user(request)
    if user is None or user.totp_confirmed:
        return redirect("accounts:login")
    uri = totp_begin_enrolment(user=user)
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _confirmed = form_call(
            form,
            totp_confirm_enrolment,
            user=user,
            code=form.cleaned_data["code"],
            request=request,
            success=_("Second factor set up."),
        )
        if ok:
            return _finish_login(request, user, otp_ok=True)
    buffer = io.BytesIO()
    qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage).save(buffer)
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "qr_svg": buffer.getvalue().decode(),
            "secret": user.totp_secret,
        },
    )


@require_POST
def logout_view(request):
    logout(request)
    return redirect("accounts:login")
