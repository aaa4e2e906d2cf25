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
        from amanat.assistance.fieldwork.form import FORM_ID as NEEDS_FORM_ID
        from amanat.assistance.fieldwork.visit_form import FORM_ID as VISIT_FORM_ID
        from amanat.assistance.sections import assistance_section
        from amanat.cases.closure_guards import register_closure_guard
        from amanat.cases.fieldwork.registry import register_field_forms
        from amanat.cases.sections import register_case_section
        from amanat.core.navigation import NavItem, register_nav_items

        register_closure_guard(open_plan_refuses_closure)
        from amanat.assistance import panels
        from amanat.assistance.services.plan_approval import support_plan_apply
        from amanat.cases.approvals.kinds import SUPPORT_PLAN, register_approval_kind

        panels.register()
        register_approval_kind(SUPPORT_PLAN, _("Support plan"), support_plan_apply)
        register_field_forms("assistance", lambda: [NEEDS_FORM_ID, VISIT_FORM_ID], _adapter)
        register_case_section(
            "assistance",
            order=50,
            template="assistance/_case_section.html",
            context=assistance_section,
        )
        register_nav_items(
            NavItem(50, _("Follow-up visits"), "assistance:reminders", Perm.CASE_VIEW),
            NavItem(55, _("Assistance statistics"), "assistance:statistics", Perm.STATS_VIEW),
        )


def _adapter(form_id: str):
    """The adapter of one of assistance's field forms (the needs form or the visit form)."""
    from amanat.assistance.fieldwork.adapter import NeedsAdapter, VisitAdapter
    from amanat.assistance.fieldwork.visit_form import FORM_ID as VISIT_FORM_ID

    return VisitAdapter(form_id) if form_id == VISIT_FORM_ID else NeedsAdapter(form_id)
