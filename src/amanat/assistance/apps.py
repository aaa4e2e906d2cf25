from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "amanat.assistance"
    label = "assistance"
    verbose_name = _("Assistance and reintegration")

    def ready(self) -> None:
        from amanat.accounts.roles import Perm
        from amanat.assistance import events  # noqa: F401  (registers the timeline labels)
        from amanat.assistance.closure import open_plan_refuses_closure
        from amanat.assistance.sections import assistance_section
        from amanat.cases.closure_guards import register_closure_guard
        from amanat.cases.sections import register_case_section
        from amanat.core.navigation import register_nav_item

        register_closure_guard(open_plan_refuses_closure)
        register_case_section(
            "assistance",
            order=50,
            template="assistance/_case_section.html",
            context=assistance_section,
        )
        register_nav_item(
            "followup_reminders",
            order=50,
            label=_("Follow-up visits"),
            url_name="assistance:reminders",
            permission=Perm.CASE_VIEW,
        )
        register_nav_item(
            "assistance_statistics",
            order=55,
            label=_("Assistance statistics"),
            url_name="assistance:statistics",
            permission=Perm.STATS_VIEW,
        )
