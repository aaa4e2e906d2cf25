from django.apps import AppConfig
from django.core.signals import setting_changed


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "amanat.core"
    label = "core"

    def ready(self) -> None:
        from django.utils.translation import get_language

        from amanat.core import vocabularies

        vocabularies.use_active_language(get_language)
        setting_changed.connect(_fallbacks_changed)


def _fallbacks_changed(*, setting, value, **kwargs) -> None:
    """Tests (and anything else) that change AMANAT_LANGUAGE_FALLBACKS change the one chain."""
    if setting == "AMANAT_LANGUAGE_FALLBACKS":
        from amanat.rulefiles.texts import configure_fallbacks

        configure_fallbacks(value)
