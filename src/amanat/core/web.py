"""The one mapping from domain errors to web answers, so views stay thin.

- `DomainErrorMiddleware`: a `NotFound` escaping a view is the ordinary 404 page (another
  organisation's object looks exactly like a missing one); `PermissionDenied` is the 403 page;
  a `ValidationError` (a bad query parameter) is a 400 naming the field.
- `form_call(form, service, **kwargs)`: run a service for a form; a domain error lands on the
  field it names (or on the form as a whole) and the call returns `(False, None)`.
- `message_call(request, service, **kwargs)`: the same for buttons without a form: the error
  becomes a message on the next page.
- Both take `success=`: the message shown when the call succeeds (form_call also `request=`),
  so a view does not repeat `if ok: messages.success(...)`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.handlers.exception import response_for_exception
from django.http import Http404, HttpResponseBadRequest

from amanat.errors import AmanatError, NotFound, PermissionDenied, ValidationError

T = TypeVar("T")


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NotFound):
            return response_for_exception(request, Http404())
        if isinstance(exception, PermissionDenied):
            return response_for_exception(request, DjangoPermissionDenied())
        if isinstance(exception, ValidationError):
            # Bad input in a query parameter (e.g. a list's `cursor`): 400 naming it, never a 500.
            where = f"{exception.field}: " if exception.field else ""
            return HttpResponseBadRequest(
                where + str(exception.message), content_type="text/plain; charset=utf-8"
            )
        return None


def attach_error(form, error: AmanatError, *, field_map: Mapping[str, str] | None = None) -> None:
    """Show a domain error on the form field it names (renamed through `field_map`).

    `form` may be a sequence of forms shown together (a person and a case): the error goes to
    the first that has the field, else to the first form as a whole.
    """
    forms = list(form) if isinstance(form, (list, tuple)) else [form]
    inner = getattr(error, "errors", ())
    if inner:  # every problem found in one round goes to its own field (ADR 1603)
        for each in inner:
            attach_error(forms, each, field_map=field_map)
        return
    field = error.field or ""
    if field_map:
        for prefix, target in field_map.items():
            if field == prefix or field.startswith(prefix):
                field = target + field[len(prefix) :]
                break
    for candidate in forms:
        if field and field in candidate.fields:
            candidate.add_error(field, error.message)
            return
    forms[0].add_error(None, error.message)


def _say_success(request, success, result) -> None:
    # A result may say itself what happened instead of the caller's `success` (a change sent
    # for a supervisor's approval is not "recorded": ADR 1620), so every view says it right.
    said = getattr(result, "outcome_message", None) or success
    if said is not None and request is not None:
        messages.success(request, said)


def form_call(
    form,
    service: Callable[..., T],
    /,
    *,
    field_map: Mapping[str, str] | None = None,
    request=None,
    success=None,
    **kwargs,
) -> tuple[bool, T | None]:
    """Call `service(**kwargs)`; on a domain error (other than NotFound) attach it to the form.

    Returns (True, result) or (False, None); the view re-renders the form on False. With
    `request` and `success`, a call that succeeds also shows `success` as a message.
    """
    try:
        result = service(**kwargs)
    except NotFound:
        raise
    except AmanatError as error:
        attach_error(form, error, field_map=field_map)
        return False, None
    _say_success(request, success, result)
    return True, result


def message_call(
    request, service: Callable[..., T], /, *, success=None, **kwargs
) -> tuple[bool, T | None]:
    """Call `service(**kwargs)`; on a domain error (other than NotFound) show it as a message.

    A call that succeeds shows `success` (when given) as a message instead.
    """
    try:
        result = service(**kwargs)
    except NotFound:
        raise
    except AmanatError as error:
        messages.error(request, error.message)
        return False, None
    _say_success(request, success, result)
    return True, result
