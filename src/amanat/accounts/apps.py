from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "amanat.accounts"
    label = "accounts"

    def ready(self) -> None:
        from amanat.accounts.roles import Perm
        from amanat.core.navigation import register_nav_item

        register_nav_item(
            "admin_organisations",
            order=900,
            label=_("Organisations"),
            url_name="accounts:admin_organisations",
            permission=Perm.ORG_MANAGE,
        )
        register_nav_item(
            "admin_users",
            order=910,
            label=_("Users"),
            url_name="accounts:admin_users",
            permission=Perm.USER_MANAGE,
        )
        register_nav_item(
            "admin_audit",
            order=920,
            label=_("Audit log"),
            url_name="accounts:admin_audit",
            permission=Perm.AUDIT_VERIFY,
        )
