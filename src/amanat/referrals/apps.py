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
        from amanat.cases.timeline import register_event_kind
        from amanat.core.navigation import register_nav_item
        from amanat.referrals.views import case_section_context

        for kind, label in (
            ("need.recorded", _("Need recorded")),
            ("need.updated", _("Need updated")),
            ("referral.draft", _("Referral drafted")),
            ("referral.created", _("Referral drafted")),
            ("referral.sent", _("Referral sent")),
            ("referral.accepted", _("Referral accepted")),
            ("referral.declined", _("Referral declined")),
            ("referral.in_progress", _("Referral service started")),
            ("referral.completed", _("Referral completed")),
            ("referral.closed_without_service", _("Referral closed without service")),
            ("referral.revoked", _("Referral revoked")),
            ("referral.expired", _("Referral expired without an answer")),
            ("referral.consent_override", _("Referral sent without consent (override)")),
        ):
            register_event_kind(kind, label)
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
