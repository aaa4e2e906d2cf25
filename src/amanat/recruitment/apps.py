from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "amanat.recruitment"
    label = "recruitment"
    verbose_name = _("Recruitment advertisements")

    def ready(self) -> None:
        from amanat.cases.sections import register_case_section
        from amanat.core.navigation import NavItem, register_nav_items
        from amanat.recruitment import events  # noqa: F401  (registers the timeline labels)
        from amanat.recruitment.access import SCREEN_PERMISSION, STATS_PERMISSION
        from amanat.recruitment.views import case_section

        register_case_section(
            "recruitment",
            order=15,
            template="recruitment/_case_section.html",
            context=case_section,
        )
        register_nav_items(
            NavItem(45, _("Job advertisements"), "recruitment:screen", SCREEN_PERMISSION),
            NavItem(46, _("Flagged advertisements"), "recruitment:stats", STATS_PERMISSION),
        )
