"""The JSON API: one NinjaAPI, each app contributing a router from `amanat.<app>.api`.

Errors are JSON with a field-level message: 422 for invalid input, 404 for anything the caller
may not see, 409 for illegal state changes; never a 500 for bad input.
"""

from __future__ import annotations

import importlib
import importlib.util
import json

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.security import HttpBearer

from amanat.accounts.services import api_token_user
from amanat.config import DATA_APPS
from amanat.errors import AmanatError


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


class BodyNotAnObject(ValueError):
    """A JSON body that is a number, string, array, true/false or null."""


class ObjectBodyParser(Parser):
    """Every JSON body in this API is an object. Ninja's schemas read fields by attribute access,
    so without this check a bare `5`, `"x"` or `[]` validates as a schema whose fields all have
    defaults (e.g. `{"ids": null}`, which used to mean "mark everything read")."""

    def parse_body(self, request: HttpRequest):
        data = json.loads(request.body)
        if not isinstance(data, dict):
            raise BodyNotAnObject(type(data).__name__)
        return data


class AmanatAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        """`amanat_<app>_api_<view>`, also when an app's API is a package split by entity, so the
        operation ids (and clients generated from the document) survive the split."""
        parts = operation.view_func.__module__.split(".")
        if "api" in parts:
            parts = parts[: parts.index("api") + 1]
        return "_".join([*parts, operation.view_func.__name__])


api = AmanatAPI(
    title="Amanat API",
    version="1",
    description="National Referral Mechanism case management. Authenticate with "
    "POST /api/auth/token, then send `Authorization: Bearer <token>`.",
    auth=BearerToken(),
    urls_namespace="api",
    parser=ObjectBodyParser(),
)


def _invalid_input(request, detail: str, errors: list[dict], **extra):
    """422 with every problem named: `errors` is a list of {"field", "message"}."""
    body = {"detail": detail, "code": "invalid", **extra, "errors": errors}
    return api.create_response(request, body, status=422)


@api.exception_handler(AmanatError)
def _domain_error(request, exc: AmanatError):
    response = api.create_response(request, exc.as_dict(), status=exc.status_code)
    for name, value in exc.headers.items():
        response[name] = value
    return response


@api.exception_handler(NinjaValidationError)
def _validation_error(request, exc: NinjaValidationError):
    errors = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("body", "payload")]
        errors.append({"field": ".".join(location), "message": error.get("msg", "invalid")})
    return _invalid_input(request, "Invalid input.", errors)


@api.exception_handler(AuthenticationError)
def _auth_error(request, exc):
    return api.create_response(
        request, {"detail": "Authentication required.", "code": "unauthenticated"}, status=401
    )


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    if isinstance(exc.__cause__, BodyNotAnObject):
        # Ninja wraps every parser error in a 400; a well-formed JSON value of the wrong shape is
        # invalid input like any other, so it answers 422 naming the body.
        message = _("Expected a JSON object.")
        return _invalid_input(
            request, message, [{"field": "body", "message": message}], field="body"
        )
    return api.create_response(
        request, {"detail": str(exc), "code": "error"}, status=exc.status_code
    )


# Every data app's `api.py` ROUTERS, in the one list's order (a new app needs no edit here).
API_APPS = DATA_APPS

for _app in API_APPS:
    _module_name = f"amanat.{_app}.api"
    if importlib.util.find_spec(_module_name) is not None:
        _module = importlib.import_module(_module_name)
        for _prefix, _router in getattr(_module, "ROUTERS", ()):
            api.add_router(_prefix, _router)
