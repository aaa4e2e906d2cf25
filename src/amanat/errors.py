"""Domain errors shared by services, the API and the CLI.

Services raise these; the API maps them to HTTP status codes and the CLI to exit codes, so a
caller never sees a traceback for bad input.
"""

from __future__ import annotations


class AmanatError(Exception):
    """Base class: a message safe to show to the user (never personal data)."""

    status_code = 400
    # Extra HTTP headers of the API answer (e.g. Retry-After); empty for most errors.
    headers: dict[str, str] = {}

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code or self.default_code

    default_code = "invalid"

    def as_dict(self) -> dict:
        data: dict = {"detail": str(self.message), "code": self.code}
        if self.field:
            data["field"] = self.field
        return data


class ValidationError(AmanatError):
    """Bad input. `errors` holds every problem found in one round (ADR 1603): the web shows
    each on its field, the API lists them, the CLI prints the joined message."""

    status_code = 422
    default_code = "invalid"

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        code: str | None = None,
        errors: tuple[ValidationError, ...] | list[ValidationError] = (),
    ):
        super().__init__(message, field=field, code=code)
        self.errors = tuple(errors)

    @classmethod
    def collect(cls, errors: list[ValidationError]) -> ValidationError:
        """One error for several: the first names the field; all are kept in `errors`."""
        flat = [inner for error in errors for inner in (error.errors or (error,))]
        if len(flat) == 1:
            return flat[0]
        message = "; ".join(f"{e.field}: {e.message}" if e.field else str(e.message) for e in flat)
        return cls(message, field=flat[0].field, code=flat[0].code, errors=flat)

    def as_dict(self) -> dict:
        data = super().as_dict()
        if self.errors:
            data["errors"] = [error.as_dict() for error in self.errors]
        return data


class NotFound(AmanatError):
    """Also raised for objects that exist but the caller may not see: the two look the same."""

    status_code = 404
    default_code = "not_found"

    def __init__(self, message: str = "Not found.", **kwargs):
        super().__init__(message, **kwargs)


class PermissionDenied(AmanatError):
    """For actions on objects the caller can see but may not change."""

    status_code = 403
    default_code = "forbidden"


class Conflict(AmanatError):
    """An action that is illegal in the object's current state (e.g. a state machine move)."""

    status_code = 409
    default_code = "conflict"


class UsageError(AmanatError):
    """Bad command-line input: the CLI exits with code 2."""

    status_code = 400
    default_code = "usage"
