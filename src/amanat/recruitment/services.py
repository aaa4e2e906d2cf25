"""Every write of the recruitment app: keep an advertisement, link it to a case (and unlink
it), delete it.

Keyword-only, atomic, audited (field names only). Case fields change only through the cases
service `case_update` (audited, with its timeline event); the link has its own timeline event.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from amanat.cases.access import case_get_for_owner
from amanat.cases.services import case_update
from amanat.errors import Conflict, NotFound
from amanat.privacy.audit import audit_record
from amanat.privacy.crypto import blind_index
from amanat.recruitment import events
from amanat.recruitment.access import LINK_PERMISSION, ad_get_for_user, can_keep, require_screen
from amanat.recruitment.engine import Result, get_screener
from amanat.recruitment.inputs import AdInput, clean_ad_input, normalise_url, url_host
from amanat.recruitment.models import AdCaseLink, MonitoredAd

URL_INDEX_KIND = "ad_url"
# HTCDS vic_MethodOfRecruitment codes (core/rules/vocabularies/recruitment_method.yaml): every
# kept advertisement is an online advertisement; one found on a social network or messenger is
# also recruitment through online social networks.
ONLINE_AD = "ThroughAnOnlineAdvertisement"
SOCIAL_NETWORK = "ThroughOnlineSocialNetworks"
NOT_A_SOCIAL_NETWORK = ("", "Other")


def screen_input(*, user, data: AdInput, ui_language: str = "en") -> Result:
    """Screen checked input for a user who may screen; nothing is stored."""
    require_screen(user)
    return get_screener().screen(data.text, data.language, ui_language)


def ad_screen(
    *, user, text, url="", platform="", language="", found_on=None, ui_language: str = "en"
) -> Result:
    """Screen a pasted advertisement (the address, platform and date are checked, never
    fetched); nothing is stored."""
    data = clean_ad_input(
        text=text, url=url, platform=platform, language=language, found_on=found_on
    )
    return screen_input(user=user, data=data, ui_language=ui_language)


def url_index(url: str) -> str:
    return blind_index(URL_INDEX_KIND, normalise_url(url))


@transaction.atomic
def ad_keep(*, user, text, url="", platform="", language="", found_on=None) -> MonitoredAd:
    """Keep a screened advertisement as the user's organisation's monitoring record.

    The text is encrypted at rest, the address kept only as a keyed hash (with its domain in
    clear); the same address kept twice by one organisation is refused naming `url`.
    """
    data = clean_ad_input(
        text=text, url=url, platform=platform, language=language, found_on=found_on
    )
    result = screen_input(user=user, data=data)
    if not can_keep(user):
        raise NotFound()
    index = url_index(data.url)
    if (
        index
        and MonitoredAd.objects.filter(
            organisation_id=user.organisation_id, url_index=index
        ).exists()
    ):
        raise Conflict(
            _("Your organisation has already kept an advertisement at this address."),
            field="url",
            code="duplicate",
        )
    ad = MonitoredAd(
        organisation_id=user.organisation_id,
        created_by=user,
        text=data.text,
        url_index=index,
        platform=data.platform,
        domain=url_host(data.url),
        language=result.language or "",
        found_on=data.found_on,
        level=result.level,
        score=result.score,
        indicators=list(result.indicator_ids),
        destinations=list(result.destinations),
        rules_version=result.version,
        retain_until=data.found_on + dt.timedelta(days=settings.AMANAT_ADS_RETENTION_DAYS),
    )
    try:
        with transaction.atomic():
            ad.save()
    except IntegrityError:  # the same address kept at the same moment by a colleague
        raise Conflict(
            _("Your organisation has already kept an advertisement at this address."),
            field="url",
            code="duplicate",
        ) from None
    audit_record(
        actor=user,
        action="recruitment.ad.keep",
        object_type="monitored_ad",
        object_id=ad.pk,
        fields=[
            "text",
            "url_index",
            "platform",
            "domain",
            "language",
            "found_on",
            "level",
            "score",
            "indicators",
            "destinations",
        ],  # fmt: skip
        purpose="recruitment monitoring",
    )
    return ad


def recruitment_fields(case, ad: MonitoredAd) -> dict:
    """The case's HTCDS recruitment fields with this advertisement's method and platform added
    (existing values kept, in order, each once)."""
    methods = list(case.recruitment_methods or [])
    wanted = [ONLINE_AD] + ([] if ad.platform in NOT_A_SOCIAL_NETWORK else [SOCIAL_NETWORK])
    websites = list(case.recruitment_websites or [])
    return {
        "recruitment_methods": methods + [m for m in wanted if m not in methods],
        "recruitment_websites": websites
        + ([ad.platform] if ad.platform and ad.platform not in websites else []),
    }


@transaction.atomic
def ad_link_case(*, user, ad_id, case_id) -> AdCaseLink:
    """Link a kept advertisement to a case the user's organisation holds, as recruitment
    evidence: the case gains the online recruitment method and the platform (HTCDS)."""
    ad = ad_get_for_user(user, ad_id)
    case = case_get_for_owner(user, case_id, permission=LINK_PERMISSION)
    if AdCaseLink.objects.filter(ad=ad, case=case).exists():
        raise Conflict(_("This advertisement is already linked to this case."), field="case")
    case_update(user=user, case_id=case.pk, changes=recruitment_fields(case, ad))
    link = AdCaseLink.objects.create(ad=ad, case=case, linked_by=user)
    audit_record(
        actor=user,
        action="recruitment.ad.link",
        object_type="monitored_ad",
        object_id=ad.pk,
        fields=["case"],
        purpose="case management",
        extra={"case": case.pk},
    )
    events.AD_LINKED.record(case=case, actor=user, data={"ad": ad.pk, "level": ad.level})
    return link


@transaction.atomic
def ad_unlink_case(*, user, ad_id, case_id) -> None:
    """Remove the link between a kept advertisement and a case (linked by mistake, or the
    evidence turned out to concern another case). Both must be the organisation's; a link that
    does not exist answers NotFound. The case's recruitment fields are left as they are: the
    method and platform may rest on other evidence, and a case manager corrects them on the
    case itself (with its own audit) if they came only from this advertisement."""
    ad = ad_get_for_user(user, ad_id)
    case = case_get_for_owner(user, case_id, permission=LINK_PERMISSION)
    deleted, _rows = AdCaseLink.objects.filter(ad=ad, case=case).delete()
    if not deleted:
        raise NotFound()
    audit_record(
        actor=user,
        action="recruitment.ad.unlink",
        object_type="monitored_ad",
        object_id=ad.pk,
        fields=["case"],
        purpose="case management",
        extra={"case": case.pk},
    )
    events.AD_UNLINKED.record(case=case, actor=user, data={"ad": ad.pk})


@transaction.atomic
def ad_delete(*, user, ad_id) -> None:
    """Delete a kept advertisement of the user's organisation (and its links to cases)."""
    ad = ad_get_for_user(user, ad_id)
    for link in ad.case_links.select_related("case"):
        events.AD_UNLINKED.record(case=link.case, actor=user, data={"ad": ad.pk})
    pk = ad.pk
    ad.delete()
    audit_record(
        actor=user,
        action="recruitment.ad.delete",
        object_type="monitored_ad",
        object_id=pk,
        fields=["text", "url_index"],
        purpose="recruitment monitoring",
    )
