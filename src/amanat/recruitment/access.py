"""Who may screen, keep, read and link job advertisements: the one place that decides.

Permissions follow `amanat.accounts.roles` (ADR 0911), without a new role or permission:
- screening a pasted text, keeping it and reading kept ones need `case.view`: the roles that
  work with cases (case managers, service providers, NRM coordinators) and law-enforcement
  officers (police cyber units, labour and migration inspectors). Researchers, trainers and
  administrators hold no case permission and may not;
- linking a kept advertisement to a case needs `case.update` on a case the user's organisation
  holds (checked again by the cases service that writes the case);
- the statistics need `stats.view` (coordinators, researchers) and are suppressed.
A kept advertisement belongs to the organisation that kept it; any other organisation's, like a
missing one, answers NotFound (recorded as a refused look-up).
"""

from __future__ import annotations

from amanat.accounts.denials import denied
from amanat.accounts.roles import Perm
from amanat.core.ids import try_parse_id
from amanat.errors import NotFound
from amanat.recruitment.models import MonitoredAd

SCREEN_PERMISSION = Perm.CASE_VIEW
LINK_PERMISSION = Perm.CASE_UPDATE
STATS_PERMISSION = Perm.STATS_VIEW


def can_screen(user) -> bool:
    return bool(user.can(SCREEN_PERMISSION))


def can_keep(user) -> bool:
    return can_screen(user) and user.organisation_id is not None


def require_screen(user) -> None:
    if not can_screen(user):
        raise NotFound()


def require_stats(user) -> None:
    if not user.can(STATS_PERMISSION):
        raise NotFound()


def ad_get_for_user(user, ad_id) -> MonitoredAd:
    """The kept advertisement if the user's organisation kept it and the user may read kept
    advertisements; else NotFound, exactly as for an id that does not exist."""
    pk = try_parse_id(ad_id)
    if pk is None or not can_keep(user):
        raise denied(user, "monitored_ad", ad_id, model=MonitoredAd)
    ad = MonitoredAd.objects.filter(pk=pk, organisation_id=user.organisation_id).first()
    if ad is None:
        raise denied(user, "monitored_ad", pk, model=MonitoredAd)
    return ad
