"""Password authentication that costs the same whether or not the account exists or may log in.

Throttling happens before this backend is asked (accounts/login.py), so this backend never
short-cuts: every call hashes the password once, as Django's ModelBackend does for unknown users.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from amanat.accounts.models import User
from amanat.accounts.role_codes import attach_roles, role_codes


class AccountBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            # Same cost as a real check, so response time does not reveal which usernames exist.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id):
        """The session's user with its organisation and roles in one query (every web request)."""
        user = (
            User.objects.select_related("organisation")
            .annotate(role_codes=role_codes("pk"))
            .filter(pk=user_id)
            .first()
        )
        if user is None or not self.user_can_authenticate(user):
            return None
        return attach_roles(user, user.role_codes)

    def user_can_authenticate(self, user) -> bool:
        # A locked account is refused like a wrong password, after the same hashing work; Django's
        # get_user() asks this too, so its open sessions end at their next request.
        return super().user_can_authenticate(user) and not getattr(user, "is_locked", False)
