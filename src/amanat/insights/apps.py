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
        from amanat.core.navigation import NavItem, register_nav_items

        register_nav_items(
            NavItem(60, _("Statistics"), "insights:dashboard", Perm.STATS_VIEW),
            NavItem(65, _("HTCDS exchange"), "insights:exchange", Perm.CASE_CREATE),
            NavItem(66, _("Export requests"), "insights:exports", Perm.EXPORT_APPROVE),
        )
        from amanat.core.landing import register_landing
        from amanat.insights import panels

        panels.register()
        from amanat.insights import events  # noqa: F401 (declares the timeline kinds)

        # Researchers land on the statistics (ADR 1620).
        register_landing(
            "statistics", url_name="insights:dashboard", permission=Perm.STATS_VIEW, priority=30
        )

        i18n.install(_catalogue_lookup)
        from amanat.core.jobs import register_job
        from amanat.insights import facts

        # ADR 0031: the shared case facts follow the timeline in the worker, not the web server.
        register_job(
            "insights.facts_refresh",
            facts.facts_refresh,
            every=1,
            description="statistics: case facts follow the case timeline",
        )
        register_job(
            "insights.facts_reconcile",
            facts.facts_reconcile,
            every=3600,
            description="statistics: case facts of cases deleted outside any service",
        )


def _catalogue_lookup(lang: str, context: str, message: str) -> str:
    """The statistics labels (amanat.insights.i18n) in `lang`, from the gettext catalogue."""
    with translation.override(lang):
        return translation.pgettext(context, message)
