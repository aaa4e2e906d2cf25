"""Kept advertisements: encryption, keyed URL hash, duplicates, access, links to cases, retention."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from amanat.cases.models import CaseEvent
from amanat.cases.retention import retention_apply
from amanat.errors import Conflict, NotFound, ValidationError
from amanat.privacy.models import AuditEvent
from amanat.recruitment import selectors, services
from amanat.recruitment.inputs import normalise_url
from amanat.recruitment.models import AdCaseLink, MonitoredAd
from tests.fixtures import make_case, make_user
from tests.recruitment.conftest import RISKY_RU, SAFE_EN

URL = "https://www.Instagram.com/p/AbC123/?utm_source=share#top"


def keep(user, text=RISKY_RU, **values):
    values.setdefault("platform", "Instagram")
    return services.ad_keep(user=user, text=text, **values)


def test_keep_stores_the_screen_and_encrypts_text_and_address(case_manager):
    ad = keep(case_manager, url=URL, found_on="2026-11-03")
    ad.refresh_from_db()
    assert (ad.level, ad.score, ad.language) == ("high", ad.score, "ru")
    assert ad.score >= 5
    assert ad.indicators == [
        "passport_retention", "worked_off", "travel_paid", "pay_above_market", "urgency",
        "messenger_only", "appearance_requirements", "hostess_work", "risky_destination",
    ]  # fmt: skip
    assert ad.destinations == ["AE"]
    assert (ad.platform, ad.domain, ad.found_on) == (
        "Instagram",
        "instagram.com",
        dt.date(2026, 11, 3),
    )
    assert ad.retain_until == dt.date(2026, 11, 3) + dt.timedelta(days=730)
    assert len(ad.url_index) == 64
    with connection.cursor() as cursor:
        cursor.execute("SELECT text, url_index, domain FROM recruitment_monitoredad")
        ((raw_text, raw_index, raw_domain),) = cursor.fetchall()
    assert "Дубае" not in raw_text and "паспорт" not in raw_text.lower()
    assert "AbC123" not in raw_index and "instagram" not in raw_index
    assert raw_domain == "instagram.com"
    event = AuditEvent.objects.filter(action="recruitment.ad.keep").get()
    assert event.object_id == str(ad.pk) and "text" in event.fields
    assert "Дубае" not in str(event.extra)


def test_same_address_twice_is_a_conflict_in_one_organisation_only(
    case_manager, other_case_manager
):
    keep(case_manager, url=URL)
    for same in (
        "https://instagram.com/p/AbC123",
        "http://www.instagram.com/p/AbC123/?igshid=xyz",
        "https://INSTAGRAM.com/p/AbC123/#comments",
    ):
        with pytest.raises(Conflict) as error:
            keep(case_manager, url=same)
        assert error.value.field == "url"
    assert MonitoredAd.objects.count() == 1
    keep(other_case_manager, url=URL)  # another organisation keeps its own record
    keep(case_manager, url="https://instagram.com/p/Other9")
    keep(case_manager)  # no address: never a duplicate
    keep(case_manager)
    assert MonitoredAd.objects.count() == 5


def test_url_normalisation_keeps_what_identifies_the_page():
    assert normalise_url(URL) == "instagram.com/p/AbC123"
    assert (
        normalise_url("https://t.me/jobs_kz/125?single&utm_medium=x") == "t.me/jobs_kz/125?single="
    )
    assert (
        normalise_url("https://olx.kz/d/obyavlenie/ID?b=2&a=1") == "olx.kz/d/obyavlenie/ID?a=1&b=2"
    )


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "   \n "}, "text"),
        ({"text": "x" * 20_001}, "text"),
        ({"text": 5}, "text"),
        ({"url": "ftp://example.com/ad"}, "url"),
        ({"url": "instagram.com/p/1"}, "url"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "https://exa mple.com"}, "url"),
        ({"url": "https://example.com/" + "a" * 2100}, "url"),
        ({"platform": "MySpace"}, "platform"),
        ({"platform": ["Instagram"]}, "platform"),
        ({"language": "fr"}, "language"),
        ({"found_on": "2026-13-01"}, "found_on"),
        ({"found_on": "yesterday"}, "found_on"),
        ({"found_on": "1999-12-31"}, "found_on"),
        ({"found_on": (timezone.localdate() + dt.timedelta(days=1)).isoformat()}, "found_on"),
    ],
)
def test_bad_input_names_the_field_and_keeps_nothing(case_manager, values, field):
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        keep(case_manager, **{"text": RISKY_RU, **values})
    assert error.value.field == field
    assert MonitoredAd.objects.count() == 0
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("role", ["researcher", "trainer", "administrator"])
def test_roles_without_case_work_may_not_screen_or_keep(org, role):
    user = make_user(org=org, roles=[role])
    with pytest.raises(NotFound):
        services.ad_screen(user=user, text=RISKY_RU)
    with pytest.raises(NotFound):
        keep(user)
    assert MonitoredAd.objects.count() == 0


@pytest.mark.parametrize(
    "role", ["case_manager", "service_provider", "law_enforcement", "nrm_coordinator"]
)
def test_case_roles_and_police_may_screen_and_keep(org, role):
    user = make_user(org=org, roles=[role])
    assert services.ad_screen(user=user, text=RISKY_RU).level == "high"
    assert keep(user).organisation_id == org.pk


def test_another_organisations_ad_answers_like_a_missing_one(case_manager, other_case_manager):
    ad = keep(case_manager)
    for ad_id in (ad.pk, ad.pk + 1000, "abc", "٣", -1, 2**63):
        with pytest.raises(NotFound):
            selectors.ad_read(other_case_manager, ad_id)
        with pytest.raises(NotFound):
            services.ad_delete(user=other_case_manager, ad_id=ad_id)
    assert list(selectors.ads_for_user(other_case_manager)) == []
    assert MonitoredAd.objects.filter(pk=ad.pk).exists()
    assert selectors.ad_read(case_manager, ad.pk).text == RISKY_RU
    assert (
        AuditEvent.objects.filter(action="recruitment.ad.read", object_id=str(ad.pk)).count() == 1
    )


def test_link_sets_the_htcds_recruitment_fields_through_the_cases_service(case_manager, case):
    case.recruitment_methods = ["AtWork"]
    case.recruitment_websites = ["Facebook"]
    case.save(update_fields=["recruitment_methods", "recruitment_websites"])
    ad = keep(case_manager, url=URL)
    link = services.ad_link_case(user=case_manager, ad_id=ad.pk, case_id=case.pk)
    case.refresh_from_db()
    assert case.recruitment_methods == [
        "AtWork",
        "ThroughAnOnlineAdvertisement",
        "ThroughOnlineSocialNetworks",
    ]
    assert case.recruitment_websites == ["Facebook", "Instagram"]
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True).order_by("pk"))
    assert kinds[-2:] == ["case.updated", "recruitment.ad_linked"]
    assert CaseEvent.objects.filter(kind="recruitment.ad_linked").get().data == {
        "ad": ad.pk,
        "level": "high",
    }
    update = AuditEvent.objects.filter(action="case.update").order_by("-seq").first()
    assert update.fields == ["recruitment_methods", "recruitment_websites"]
    assert AuditEvent.objects.filter(action="recruitment.ad.link").count() == 1
    assert link.case_id == case.pk
    with pytest.raises(Conflict) as error:
        services.ad_link_case(user=case_manager, ad_id=ad.pk, case_id=case.pk)
    assert error.value.field == "case"
    assert AdCaseLink.objects.count() == 1


def test_link_of_an_ad_without_platform_adds_only_online_advertisement(case_manager, case):
    ad = keep(case_manager, platform="")
    services.ad_link_case(user=case_manager, ad_id=ad.pk, case_id=case.pk)
    case.refresh_from_db()
    assert (case.recruitment_methods, case.recruitment_websites) == (
        ["ThroughAnOnlineAdvertisement"],
        [],
    )


def test_link_refused_for_other_organisations_cases_and_roles_that_do_not_edit(
    case_manager, other_case_manager, officer, case
):
    other_case = make_case(user=other_case_manager)
    ad = keep(case_manager)
    for case_id in (other_case.pk, 999_999, "x"):
        with pytest.raises(NotFound):
            services.ad_link_case(user=case_manager, ad_id=ad.pk, case_id=case_id)
    other_ad = keep(other_case_manager)
    with pytest.raises(NotFound):
        services.ad_link_case(user=case_manager, ad_id=other_ad.pk, case_id=case.pk)
    officer_ad = keep(officer)
    with pytest.raises(NotFound):  # law enforcement screens and keeps, but does not edit cases
        services.ad_link_case(user=officer, ad_id=officer_ad.pk, case_id=case.pk)
    assert AdCaseLink.objects.count() == 0
    case.refresh_from_db()
    other_case.refresh_from_db()
    assert case.recruitment_methods == [] and other_case.recruitment_methods == []


def test_case_erasure_unlinks_and_keeps_the_ad(case_manager, case):
    ad = keep(case_manager)
    services.ad_link_case(user=case_manager, ad_id=ad.pk, case_id=case.pk)
    other = make_case(user=case_manager)
    services.ad_link_case(user=case_manager, ad_id=ad.pk, case_id=other.pk)
    type(case).objects.filter(pk=case.pk).update(retention_until=dt.date(2000, 1, 1))
    result = retention_apply()
    assert result["cases"] == 1 and result["other"]["recruitment"] == {"advertisements": 0}
    assert list(AdCaseLink.objects.values_list("case_id", flat=True)) == [other.pk]
    assert MonitoredAd.objects.filter(pk=ad.pk).exists()
    erased = AuditEvent.objects.filter(action="retention.erase", object_type="monitored_ad").get()
    assert erased.object_id == str(ad.pk) and erased.fields == ["case"]


def test_kept_ads_follow_their_own_retention_period(case_manager, case, settings):
    settings.AMANAT_ADS_RETENTION_DAYS = 30
    old = keep(case_manager, found_on=(timezone.localdate() - dt.timedelta(days=31)).isoformat())
    young = keep(case_manager, found_on=(timezone.localdate() - dt.timedelta(days=30)).isoformat())
    services.ad_link_case(user=case_manager, ad_id=old.pk, case_id=case.pk)
    assert retention_apply(dry_run=True)["other"]["recruitment"] == {"advertisements": 1}
    assert MonitoredAd.objects.count() == 2
    assert retention_apply()["other"]["recruitment"] == {"advertisements": 1}
    assert list(MonitoredAd.objects.values_list("pk", flat=True)) == [young.pk]
    assert AdCaseLink.objects.count() == 0
    assert CaseEvent.objects.filter(case=case, kind="recruitment.ad_unlinked").count() == 1


def test_delete_removes_the_record_and_its_links(case_manager, case):
    ad = keep(case_manager, url=URL)
    services.ad_link_case(user=case_manager, ad_id=ad.pk, case_id=case.pk)
    services.ad_delete(user=case_manager, ad_id=ad.pk)
    assert MonitoredAd.objects.count() == 0 and AdCaseLink.objects.count() == 0
    keep(case_manager, url=URL)  # the address may be kept again


def test_safe_ad_kept_low(case_manager):
    ad = keep(case_manager, text=SAFE_EN, platform="", language="en")
    assert (ad.level, ad.score, ad.indicators, ad.destinations, ad.language) == (
        "low",
        0,
        [],
        [],
        "en",
    )


def test_retention_command_reports_the_advertisements(case_manager, settings, capsys):
    import argparse

    from amanat.cases.cli import cmd_retention_run

    settings.AMANAT_ADS_RETENTION_DAYS = 1
    keep(case_manager, found_on=(timezone.localdate() - dt.timedelta(days=5)).isoformat())
    assert cmd_retention_run(argparse.Namespace(dry_run=True)) == 0
    assert "  recruitment: advertisements 1\n" in capsys.readouterr().out
    assert MonitoredAd.objects.count() == 1
