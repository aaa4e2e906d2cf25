from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationsConfig(AppConfig):
    """The administrators' translations page (no models): a Django app for its templates and
    its menu entry only."""

    name = "amanat.platform.translations"
    label = "translations"

    def ready(self) -> None:
        from amanat.accounts.roles import Perm
        from amanat.core.navigation import NavItem, register_nav_items

        register_nav_items(
            NavItem(930, _("Translations"), "translations:admin", Perm.TRANSLATIONS_MANAGE)
        )
