from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "amanat.screening"
    label = "screening"
    verbose_name = _("Screening")

    def ready(self) -> None:
        from amanat.accounts.roles import Perm
        from amanat.cases.fieldwork.registry import register_field_forms
        from amanat.cases.sections import register_case_section
        from amanat.core.navigation import NavItem, register_nav_items
        from amanat.screening import events  # noqa: F401  (registers the timeline labels)
        from amanat.screening.views import case_section

        def guide_adapter(guide_id):
            from amanat.screening.fieldwork.importer import GuideAdapter

            return GuideAdapter(guide_id)

        def guide_ids():
            from amanat.screening.engine import builtin_guides

            return list(builtin_guides())

        register_field_forms("screening", guide_ids, guide_adapter)
        register_case_section(
            "screening", order=10, template="screening/_case_section.html", context=case_section
        )
        register_nav_items(NavItem(40, _("Screening guides"), "screening:guides", Perm.CASE_VIEW))
