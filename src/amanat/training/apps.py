from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "amanat.training"
    label = "training"
    verbose_name = _("Capacity building")

    def ready(self) -> None:
        from amanat.accounts.roles import Perm
        from amanat.core.navigation import register_nav_item

        register_nav_item(
            "training",
            order=70,
            label=_("Training"),
            url_name="training:home",
            permission=Perm.TRAINING_MANAGE,
        )
