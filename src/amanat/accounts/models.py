"""Organisations and the people who use the system."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from amanat.accounts.roles import Role, permissions_for
from amanat.privacy.fields import EncryptedTextField


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    org_type = models.CharField(_("type"), max_length=40)  # vocabulary: organisation_type
    country = models.CharField(_("country"), max_length=2)  # ISO 3166-1 alpha-2
    region = models.CharField(_("region"), max_length=10, blank=True)  # ISO 3166-2
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "country"], name="organisation_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="users", null=True, blank=True
    )
    preferred_language = models.CharField(max_length=8, default="en")
    totp_secret = EncryptedTextField(blank=True, default="")
    totp_confirmed = models.BooleanField(default=False)
    # The last RFC 6238 time step accepted, so a code cannot be used twice (replay).
    totp_last_step = models.BigIntegerField(null=True, blank=True)
    # Set by an administrator (`amanat user lock`); only `unlock` clears it. Failed logins never
    # lock an account: they are throttled per (account, address) instead (ADR 0008).
    locked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["username"]

    @cached_property
    def roles(self) -> frozenset[str]:
        if not self.pk:
            return frozenset()
        return frozenset(self.role_rows.values_list("role", flat=True))

    @cached_property
    def permissions(self) -> frozenset[str]:
        return permissions_for(self.roles) if self.is_active else frozenset()

    def can(self, permission: str) -> bool:
        return permission in self.permissions

    @property
    def requires_totp(self) -> bool:
        return Role.ADMINISTRATOR in self.roles

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


class UserRole(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_rows")
    role = models.CharField(max_length=32, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="user_role_unique")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.role}"


class ApiToken(models.Model):
    """A bearer token: only its SHA-256 is stored, so a database copy cannot be replayed."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Updated at most once a minute (see tokens.api_token_user), so a busy client costs no write
    # per request.
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"token user={self.user_id}"


class LoginThrottle(models.Model):
    """Failed-login budget of one key: an (account, address) pair, an address or an account.

    Keys are keyed hashes (blind indexes), so the table holds neither typed user names (a
    password typed into the name field) nor client addresses. It lives in the database so every
    server process shares it, and rows are locked while an attempt is counted (ADR 0008).
    """

    class Scope(models.TextChoices):
        PAIR = "pair"
        ADDRESS = "address"
        ACCOUNT = "account"

    key = models.CharField(max_length=64, unique=True)
    scope = models.CharField(max_length=8, choices=Scope.choices)
    # Blind index of the normalised user name (empty for address rows): lets `unlock` find rows.
    account_key = models.CharField(max_length=64, blank=True, db_index=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(null=True, blank=True, db_index=True)
    blocked_until = models.DateTimeField(null=True, blank=True)
    # Pair rows only: the last successful login from this address, which makes it "known".
    last_success_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"throttle {self.scope} failures={self.failures}"
