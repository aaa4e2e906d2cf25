from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


def home(request):
    if request.user.is_authenticated:
        return redirect("cases:dashboard")
    return redirect("accounts:login")


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No request data, no traceback: the page must never show personal data.
    return render(request, "500.html", status=500)
