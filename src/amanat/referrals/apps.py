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
        from amanat.core.navigation import register_nav_item
        from amanat.referrals import events  # noqa: F401  (declares the timeline kinds)
        from amanat.referrals.views import case_section_context

        register_nav_item(
            "referrals",
            order=30,
            label=_("Referrals"),
            url_name="referrals:inbox",
            permission=Perm.CASE_VIEW,
            badge=_unread_notices,
        )
        register_nav_item(
            "directory", order=31, label=_("Service directory"), url_name="referrals:directory"
        )
        register_nav_item(
            "referral_stats",
            order=32,
            label=_("Referral statistics"),
            url_name="referrals:coordinator",
            permission=Perm.STATS_VIEW,
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
