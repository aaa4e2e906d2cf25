from django.apps import AppConfig


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "amanat.core"
    label = "core"

    def ready(self) -> None:
        from django.utils.translation import get_language

        from amanat.core import vocabularies

        vocabularies.use_active_language(get_language)
