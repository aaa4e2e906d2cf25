"""Password authentication with lock-out after repeated failures."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from amanat.accounts.models import User
from amanat.accounts.services import login_register_failure


class LockoutModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            # Same cost as a real check, so response time does not reveal which usernames exist.
            User().set_password(password)
            return None
        if user.is_locked:
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        login_register_failure(user)
        return None
