from django.apps import AppConfig
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from amanat.insights import i18n


class InsightsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "amanat.insights"
    label = "insights"

    def ready(self) -> None:
        from amanat.accounts.roles import Perm
        from amanat.core.navigation import register_nav_item

        register_nav_item(
            "insights",
            order=60,
            label=_("Statistics"),
            url_name="insights:dashboard",
            permission=Perm.STATS_VIEW,
        )
        register_nav_item(
            "insights_exchange",
            order=65,
            label=_("HTCDS exchange"),
            url_name="insights:exchange",
            permission=Perm.CASE_CREATE,
        )
        register_nav_item(
            "insights_exports",
            order=66,
            label=_("Export requests"),
            url_name="insights:exports",
            permission=Perm.EXPORT_APPROVE,
        )
        from amanat.insights import events  # noqa: F401 (declares the timeline kinds)

        i18n.install(_catalogue_lookup)


def _catalogue_lookup(lang: str, context: str, message: str) -> str:
    """The statistics labels (amanat.insights.i18n) in `lang`, from the gettext catalogue."""
    with translation.override(lang):
        return translation.pgettext(context, message)
