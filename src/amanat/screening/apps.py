from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "amanat.screening"
    label = "screening"
    verbose_name = _("Screening")

    def ready(self) -> None:
        from amanat.accounts.roles import Perm
        from amanat.cases.sections import register_case_section
        from amanat.core.navigation import register_nav_item
        from amanat.screening import events  # noqa: F401  (registers the timeline labels)
        from amanat.screening.views import case_section

        register_case_section(
            "screening", order=10, template="screening/_case_section.html", context=case_section
        )
        register_nav_item(
            "screening_guides",
            order=40,
            label=_("Screening guides"),
            url_name="screening:guides",
            permission=Perm.CASE_VIEW,
        )
