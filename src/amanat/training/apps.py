from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "amanat.training"
    label = "training"
    verbose_name = _("Capacity building")

    def ready(self) -> None:
        from amanat.accounts.roles import Perm
        from amanat.core.navigation import NavItem, register_nav_items

        register_nav_items(NavItem(70, _("Training"), "training:home", Perm.TRAINING_MANAGE))
        from amanat.core.landing import register_landing

        # Trainers land on the training home (ADR 1620).
        register_landing(
            "training", url_name="training:home", permission=Perm.TRAINING_MANAGE, priority=20
        )
