"""Model fields whose values are encrypted at rest.

The database only ever holds Fernet tokens; values are decrypted when loaded. Encrypted fields
cannot be filtered on (the ciphertext is randomised): use a blind index field for exact look-up.
"""

from __future__ import annotations

import datetime as dt
import json

from django.core.exceptions import FieldError
from django.db import models

from amanat.privacy.crypto import decrypt_text, encrypt_text


class EncryptedMixin:
    encrypted = True

    def get_lookup(self, lookup_name):
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        raise FieldError(
            f"Encrypted field '{self.name}' cannot be searched with '{lookup_name}': "
            "use its blind index."
        )

    def to_plain_string(self, value) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def from_plain_string(self, text: str):  # pragma: no cover - overridden
        raise NotImplementedError

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return self.empty_value()
        return self.from_plain_string(decrypt_text(value))

    def get_prep_value(self, value):
        if value is None:
            return None
        text = self.to_plain_string(value)
        if text == "":
            return ""
        return encrypt_text(text)

    def empty_value(self):
        return None


class EncryptedTextField(EncryptedMixin, models.TextField):
    """Free text or a short personal value (name, phone, address)."""

    def to_plain_string(self, value) -> str:
        return str(value)

    def from_plain_string(self, text: str):
        return text

    def empty_value(self):
        return ""

    def to_python(self, value):
        return "" if value is None else str(value)


class EncryptedDateField(EncryptedMixin, models.TextField):
    def to_plain_string(self, value) -> str:
        if isinstance(value, str):
            value = dt.date.fromisoformat(value)
        return value.isoformat()

    def from_plain_string(self, text: str):
        return dt.date.fromisoformat(text)

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, dt.date):
            return value
        return dt.date.fromisoformat(str(value))


class EncryptedJSONField(EncryptedMixin, models.TextField):
    """Structured personal data (e.g. interview answers) stored as one encrypted JSON document."""

    def to_plain_string(self, value) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)

    def from_plain_string(self, text: str):
        return json.loads(text)

    def to_python(self, value):
        if isinstance(value, str):
            return json.loads(value)
        return value


def encrypted_field_names(model) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if getattr(f, "encrypted", False)]
