from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "amanat.accounts"
    label = "accounts"

    def ready(self) -> None:
        from amanat.accounts.roles import Perm
        from amanat.core.navigation import NavItem, register_nav_items

        register_nav_items(
            NavItem(900, _("Organisations"), "accounts:admin_organisations", Perm.ORG_MANAGE),
            NavItem(910, _("Users"), "accounts:admin_users", Perm.USER_MANAGE),
            NavItem(920, _("Audit log"), "accounts:admin_audit", Perm.AUDIT_VERIFY),
        )
        from amanat.core.landing import register_landing

        # Administrators land on the organisations they manage (ADR 1620).
        register_landing(
            "administration",
            url_name="accounts:admin_organisations",
            permission=Perm.ORG_MANAGE,
            priority=10,
        )
