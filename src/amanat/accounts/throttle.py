"""Failed-login throttling by (account, address) pair, by address and by account (ADR 0008).

Every attempt reserves one failure on its budgets *before* the password is hashed, inside one
transaction that locks the budget rows, so concurrent guesses cannot run more checks than the
budget allows, whichever server process receives them. A success gives the reservation back.
Unknown user names have budgets too, so throttling behaves the same whether a name exists.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import math
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from amanat.accounts.models import LoginThrottle
from amanat.privacy.crypto import blind_index

Scope = LoginThrottle.Scope


@dataclass(frozen=True)
class Reservation:
    allowed: bool
    retry_after: int = 0  # seconds until the next attempt may be checked, when not allowed
    keys: tuple[str, ...] = field(default=())
    pair_key: str = ""


def client_address(request: HttpRequest | None) -> str:
    """The client's address; an IPv6 address is reduced to its /64, which one client holds."""
    if request is None:
        return "none"
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.AMANAT_TRUSTED_PROXIES
    if proxies > 0:
        # Each trusted proxy appends the address it received the request from; entries to the
        # left of those could be written by the client itself.
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= proxies:
            address = hops[-proxies]
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address[:64] or "unknown"
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def account_key(username: str) -> str:
    return blind_index("login-account", (username or "").strip().casefold() or "-")


def _limits() -> dict[str, int]:
    return {
        Scope.PAIR: settings.AMANAT_LOGIN_PAIR_LIMIT,
        Scope.ADDRESS: settings.AMANAT_LOGIN_ADDRESS_LIMIT,
        Scope.ACCOUNT: settings.AMANAT_LOGIN_ACCOUNT_LIMIT,
    }


def _backoff(failures: int, limit: int) -> dt.timedelta:
    """The wait after `failures` failures: the base at the limit, doubling after each further one."""
    cap = settings.AMANAT_LOGIN_BACKOFF_MAX_MINUTES * 60
    exponent = min(failures - limit, 20)  # 2**20 times the base is far beyond any cap
    return dt.timedelta(seconds=min(cap, settings.AMANAT_LOGIN_BACKOFF_SECONDS * 2**exponent))


def _specs(username: str, address: str) -> dict[str, tuple[str, str]]:
    """key -> (scope, account_key) of the three budgets an attempt draws on."""
    account = account_key(username)
    return {
        blind_index("login-pair", f"{account}:{address}"): (Scope.PAIR, account),
        blind_index("login-address", address): (Scope.ADDRESS, ""),
        account: (Scope.ACCOUNT, account),
    }


def throttle_reserve(*, username: str, address: str) -> Reservation:
    """Count this attempt as a failure now, or refuse it if a budget it draws on is waiting."""
    now = timezone.now()
    specs = _specs(username, address)
    limits = _limits()
    window = dt.timedelta(minutes=settings.AMANAT_LOGIN_FAILURE_WINDOW_MINUTES)
    known_since = now - dt.timedelta(days=settings.AMANAT_LOGIN_KNOWN_ADDRESS_DAYS)
    with transaction.atomic():
        # Create missing rows first (sorted, so concurrent inserts queue instead of deadlocking),
        # then lock all three in key order.
        LoginThrottle.objects.bulk_create(
            [
                LoginThrottle(key=key, scope=scope, account_key=account)
                for key, (scope, account) in sorted(specs.items())
            ],
            ignore_conflicts=True,
        )
        rows = list(LoginThrottle.objects.select_for_update().filter(key__in=specs).order_by("key"))
        by_scope = {row.scope: row for row in rows}
        pair = by_scope[Scope.PAIR]
        applicable = [pair, by_scope[Scope.ADDRESS]]
        # A distributed attack on one account must not lock its owner out: from an address the
        # owner logged in from recently, only the pair and address budgets apply.
        if pair.last_success_at is None or pair.last_success_at < known_since:
            applicable.append(by_scope[Scope.ACCOUNT])
        for row in applicable:
            if row.last_failure_at is not None and row.last_failure_at <= now - window:
                row.failures, row.blocked_until = 0, None  # failures expire
        waits = [r.blocked_until for r in applicable if r.blocked_until and r.blocked_until > now]
        if waits:
            return Reservation(
                allowed=False, retry_after=math.ceil((max(waits) - now).total_seconds())
            )
        for row in applicable:
            row.failures += 1
            row.last_failure_at = now
            limit = limits[row.scope]
            row.blocked_until = (
                now + _backoff(row.failures, limit) if row.failures >= limit else None
            )
            row.save(update_fields=["failures", "last_failure_at", "blocked_until"])
    return Reservation(allowed=True, keys=tuple(r.key for r in applicable), pair_key=pair.key)


def throttle_succeed(reservation: Reservation) -> None:
    """Give back the failure reserved for an attempt that succeeded; remember the address."""
    now = timezone.now()
    limits = _limits()
    with transaction.atomic():
        for row in LoginThrottle.objects.select_for_update().filter(key__in=reservation.keys):
            if row.key == reservation.pair_key:
                row.failures, row.blocked_until, row.last_success_at = 0, None, now
            else:
                row.failures = max(0, row.failures - 1)
                if row.failures < limits[row.scope]:
                    row.blocked_until = None
            row.save(update_fields=["failures", "blocked_until", "last_success_at"])
    throttle_prune()


def throttle_clear(*, username: str) -> int:
    """Forget every failure counted against an account (pairs and the account's own budget)."""
    deleted, _ = LoginThrottle.objects.filter(account_key=account_key(username)).delete()
    return deleted


def throttle_prune() -> int:
    """Delete rows that no longer hold anything: failures expired, no recent success."""
    now = timezone.now()
    failures_expired = Q(last_failure_at__isnull=True) | Q(
        last_failure_at__lte=now
        - dt.timedelta(minutes=settings.AMANAT_LOGIN_FAILURE_WINDOW_MINUTES)
    )
    success_forgotten = Q(last_success_at__isnull=True) | Q(
        last_success_at__lt=now - dt.timedelta(days=settings.AMANAT_LOGIN_KNOWN_ADDRESS_DAYS)
    )
    deleted, _ = LoginThrottle.objects.filter(failures_expired & success_forgotten).delete()
    return deleted


def throttled_account_keys() -> set[str]:
    """Account keys that wait now (by their own budget or from some address), for the admin page."""
    return set(
        LoginThrottle.objects.filter(blocked_until__gt=timezone.now())
        .exclude(account_key="")
        .values_list("account_key", flat=True)
    )
