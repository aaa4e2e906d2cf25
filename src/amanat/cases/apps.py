from django.apps import AppConfig


class CasesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "amanat.cases"
    label = "cases"

    def ready(self) -> None:
        # Declaring the kinds registers their labels for the timeline.
        from amanat.cases import closure_reasons, events  # noqa: F401  (closure reasons' code list)
        from amanat.cases.links import register as register_links

        register_links()
