"""URL map: web pages from each app's `urls.py`, the JSON API under /api/, health check."""

from __future__ import annotations

import importlib
import importlib.util

from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language

from amanat.api import api
from amanat.config import DATA_APPS
from amanat.core.views import healthz, home, no_role, overview

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("welcome/", no_role, name="no_role"),
    path("overview/", overview, name="overview"),
    # Browsers and feed readers ask for /favicon.ico whatever the page links: no 404 in the log.
    path("favicon.ico", RedirectView.as_view(url=static("amanat/favicon.ico"), permanent=True)),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/", api.urls),
    path("translations/", include("amanat.platform.translations.urls")),
]

# Every data app's `urls.py` is mounted at /<app>/ (docs/engineering.md, "Extension points"):
# the one list of apps, so a new app needs no edit here.
WEB_APPS = DATA_APPS

for app in WEB_APPS:
    module_name = f"amanat.{app}.urls"
    if importlib.util.find_spec(module_name) is not None:
        urlpatterns.append(path(f"{app}/", include(module_name)))

handler404 = "amanat.core.views.not_found"
handler500 = "amanat.core.views.server_error"
