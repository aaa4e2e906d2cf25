"""Unlinking a kept advertisement from a case (service, web, API) and the web delete's
confirmation step."""

from __future__ import annotations

import pytest

from amanat.cases.models import Case, CaseEvent
from amanat.errors import NotFound
from amanat.privacy.models import AuditEvent
from amanat.recruitment import services
from amanat.recruitment.models import AdCaseLink, MonitoredAd
from tests.fixtures import api_client, make_user
from tests.recruitment.conftest import RISKY_RU
from tests.recruitment.test_web import login


@pytest.fixture
def linked(case_manager, case):
    ad = services.ad_keep(user=case_manager, text=RISKY_RU, platform="Telegram")
    services.ad_link_case(user=case_manager, ad_id=ad.pk, case_id=case.pk)
    return ad


def test_unlink_removes_the_link_audits_and_records_a_timeline_event(case_manager, case, linked):
    services.ad_unlink_case(user=case_manager, ad_id=linked.pk, case_id=case.pk)
    assert AdCaseLink.objects.count() == 0
    assert MonitoredAd.objects.filter(pk=linked.pk).exists()  # the record itself stays
    audit = AuditEvent.objects.filter(action="recruitment.ad.unlink").get()
    assert (audit.object_id, audit.fields) == (str(linked.pk), ["case"])
    event = CaseEvent.objects.filter(case=case, kind="recruitment.ad_unlinked").get()
    assert event.data == {"ad": linked.pk}
    # The case's HTCDS fields stay: they may rest on other evidence (ADR 0913).
    assert Case.objects.get(pk=case.pk).recruitment_websites == ["Telegram"]


def test_unlink_of_a_link_that_does_not_exist_is_not_found(case_manager, case, linked):
    services.ad_unlink_case(user=case_manager, ad_id=linked.pk, case_id=case.pk)
    with pytest.raises(NotFound):
        services.ad_unlink_case(user=case_manager, ad_id=linked.pk, case_id=case.pk)
    assert AuditEvent.objects.filter(action="recruitment.ad.unlink").count() == 1


@pytest.mark.parametrize("bad", ["abc", "", "-1", "99999999999999999999", "1.5"])
def test_unlink_with_malformed_ids_is_not_found_and_changes_nothing(
    case_manager, case, linked, bad
):
    with pytest.raises(NotFound):
        services.ad_unlink_case(user=case_manager, ad_id=linked.pk, case_id=bad)
    with pytest.raises(NotFound):
        services.ad_unlink_case(user=case_manager, ad_id=bad, case_id=case.pk)
    assert AdCaseLink.objects.count() == 1


def test_another_organisation_cannot_unlink(case_manager, other_case_manager, case, linked):
    with pytest.raises(NotFound):
        services.ad_unlink_case(user=other_case_manager, ad_id=linked.pk, case_id=case.pk)
    client = login(other_case_manager)
    assert client.post(f"/recruitment/ads/{linked.pk}/unlink/{case.pk}/").status_code == 404
    api = api_client(other_case_manager)
    assert api.delete(f"/api/ads/{linked.pk}/cases/{case.pk}").status_code == 404
    assert AdCaseLink.objects.count() == 1
    assert not CaseEvent.objects.filter(kind="recruitment.ad_unlinked").exists()


def test_a_role_that_may_not_edit_cases_cannot_unlink(org, case, linked):
    officer = make_user(org=org, roles=["law_enforcement"], username="reader")
    with pytest.raises(NotFound):
        services.ad_unlink_case(user=officer, ad_id=linked.pk, case_id=case.pk)
    assert AdCaseLink.objects.count() == 1


def test_unlink_on_the_web_and_the_api(case_manager, case, linked):
    client = login(case_manager)
    detail = client.get(f"/recruitment/ads/{linked.pk}/").content.decode()
    assert 'data-testid="unlink"' in detail
    assert client.get(f"/recruitment/ads/{linked.pk}/unlink/{case.pk}/").status_code == 405
    response = client.post(f"/recruitment/ads/{linked.pk}/unlink/{case.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/recruitment/ads/{linked.pk}/"
    assert AdCaseLink.objects.count() == 0
    assert client.post(f"/recruitment/ads/{linked.pk}/unlink/{case.pk}/").status_code == 404
    assert client.post(f"/recruitment/ads/{linked.pk}/unlink/abc/").status_code == 404
    services.ad_link_case(user=case_manager, ad_id=linked.pk, case_id=case.pk)
    api = api_client(case_manager)
    assert api.delete(f"/api/ads/{linked.pk}/cases/{case.pk}").status_code == 204
    assert api.delete(f"/api/ads/{linked.pk}/cases/{case.pk}").status_code == 404
    assert api.delete(f"/api/ads/{linked.pk}/cases/zzz").status_code == 404
    assert AdCaseLink.objects.count() == 0


def test_web_delete_asks_for_confirmation_first(case_manager, case, linked):
    client = login(case_manager)
    detail = client.get(f"/recruitment/ads/{linked.pk}/").content.decode()
    assert f'href="/recruitment/ads/{linked.pk}/delete/"' in detail
    page = client.get(f"/recruitment/ads/{linked.pk}/delete/")
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="confirm-delete"' in html
    assert case.code in html  # the linked case is named before anything is deleted
    # A POST without the confirmation (an old form, a forged request) deletes nothing.
    unconfirmed = client.post(f"/recruitment/ads/{linked.pk}/delete/")
    assert (
        unconfirmed.status_code == 200
        and 'data-testid="confirm-delete"' in unconfirmed.content.decode()
    )
    assert (
        client.post(f"/recruitment/ads/{linked.pk}/delete/", {"confirm": "no"}).status_code == 200
    )
    assert MonitoredAd.objects.count() == 1 and AdCaseLink.objects.count() == 1
    done = client.post(f"/recruitment/ads/{linked.pk}/delete/", {"confirm": "yes"})
    assert done.status_code == 302 and done["Location"] == "/recruitment/ads/"
    assert MonitoredAd.objects.count() == 0
    assert CaseEvent.objects.filter(kind="recruitment.ad_unlinked").count() == 1


def test_delete_confirmation_page_in_russian_and_hidden_from_other_organisations(
    case_manager, other_case_manager, linked
):
    html = login(case_manager, "ru").get(f"/recruitment/ads/{linked.pk}/delete/").content.decode()
    assert "Удалить эту запись?" in html
    other = login(other_case_manager)
    assert other.get(f"/recruitment/ads/{linked.pk}/delete/").status_code == 404
    assert (
        other.post(f"/recruitment/ads/{linked.pk}/delete/", {"confirm": "yes"}).status_code == 404
    )
    assert other.get("/recruitment/ads/abc/delete/").status_code == 404
    assert MonitoredAd.objects.count() == 1
