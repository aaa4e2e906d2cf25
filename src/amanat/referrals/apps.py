from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "amanat.referrals"
    label = "referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        from amanat.accounts.roles import Perm
        from amanat.cases.sections import register_case_section
        from amanat.core.jobs import register_job
        from amanat.core.navigation import NavItem, register_nav_items
        from amanat.referrals import events  # noqa: F401  (declares the timeline kinds)
        from amanat.referrals.views import case_section_context

        register_nav_items(
            NavItem(30, _("Referrals"), "referrals:inbox", Perm.CASE_VIEW, badge=_unread_notices),
            NavItem(31, _("Service directory"), "referrals:directory"),
            NavItem(32, _("Referral statistics"), "referrals:coordinator", Perm.STATS_VIEW),
        )
        from amanat.referrals import panels

        panels.register()
        # The normal path of expiry (ADR 0021); the edges keep their cheap guard (0446).
        register_job(
            "referrals.expire",
            _expire_due,
            every=60,
            description="expire sent referrals past their response deadline",
        )
        register_case_section(
            "referrals",
            order=30,
            template="referrals/_case_section.html",
            context=case_section_context,
        )


def _unread_notices(user) -> int:
    from amanat.referrals.selectors import unread_count

    return unread_count(user)


def _expire_due() -> int:
    from amanat.referrals.services import referrals_expire_due

    return referrals_expire_due()
