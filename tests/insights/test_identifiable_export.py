"""Issue 10, finding 2: bulk identifiable export needs a named permission, a purpose and legal
basis from closed lists, consent per case, a cap with a second person's approval, and an
encrypted file; every export is audited with the ids exported and excluded (ADR 0665)."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.test import Client

from amanat.accounts.roles import ROLE_PERMISSIONS, Perm, Role
from amanat.cases.consent import consent_withdraw
from amanat.cases.models import CaseEvent
from amanat.insights.models import ExportRequest
from amanat.insights.zipcrypt import decrypt_files
from amanat.privacy.models import AuditEvent
from tests.fixtures import api_client, make_org, make_user
from tests.insights.helpers import EXPORT_PASSWORD, open_case, referral_consent, unzip, world

pytestmark = pytest.mark.django_db
EXPORT = "/api/insights/htcds/export"


@pytest.fixture
def w(db, settings):
    settings.AMANAT_EXPORT_CAP = 3
    w = world()
    w["cm2_kz"] = make_user(org=w["kz"], roles=["case_manager"], username="cm2_kz")
    w["cases"] = [open_case(w["cm_kz"], name=f"Имя{i}", birth="1990-01-01") for i in range(5)]
    for case in w["cases"][:4]:
        referral_consent(w["cm_kz"], case, w["kg"])
    return w


def post(user, body: dict):
    return api_client(user).post(EXPORT, data=json.dumps(body), content_type="application/json")


def transfer_body(w, **extra) -> dict:
    return {
        "purpose": "transfer",
        "legal_basis": "consent",
        "format": "json",
        "recipient_organisation": w["kg"].pk,
        "password": EXPORT_PASSWORD,
        **extra,
    }


def codes(content: bytes) -> list[str]:
    return [r["amanat_CaseCode"] for r in json.loads(unzip(content)[1])["records"]]


def test_the_findings_request_fails_naming_the_field_and_exports_nothing(w):
    response = post(w["cm_kz"], {"purpose": "transfer", "legal_basis": "x", "format": "json"})
    assert response.status_code == 422
    assert response.json()["field"] == "legal_basis"
    assert "consent, public_task, legal_obligation" in response.json()["detail"]
    no_recipient = post(w["cm_kz"], {"purpose": "transfer", "legal_basis": "consent"})
    assert no_recipient.status_code == 422
    assert no_recipient.json()["field"] == "recipient_organisation"
    no_password = post(w["cm_kz"], transfer_body(w, password="", case_ids=[w["cases"][0].pk]))
    assert no_password.status_code == 422 and no_password.json()["field"] == "password"
    weak = post(w["cm_kz"], transfer_body(w, password="weak3weak3", case_ids=[w["cases"][0].pk]))
    assert weak.status_code == 422 and weak.json()["field"] == "password"
    unknown = post(w["cm_kz"], transfer_body(w, purpose="marketing"))
    assert unknown.status_code == 422 and unknown.json()["field"] == "purpose"
    assert not AuditEvent.objects.filter(action__startswith="htcds.export").exists()
    assert not ExportRequest.objects.exists()


@pytest.mark.parametrize("role", list(Role.values))
def test_permission_matrix(w, role):
    user = make_user(org=w["kz"], roles=[role])
    response = post(user, transfer_body(w, case_ids=[w["cases"][0].pk]))
    perms = ROLE_PERMISSIONS[role]
    if Perm.EXPORT_IDENTIFIABLE in perms:
        assert response.status_code == 200 and codes(response.content) == [w["cases"][0].code]
    elif Perm.CASE_VIEW in perms:
        assert response.status_code == 403
        assert response.json()["code"] == "export_not_permitted"
    else:
        assert response.status_code == 404
    expected_export = {Role.CASE_MANAGER}
    assert (Perm.EXPORT_IDENTIFIABLE in perms) == (role in expected_export)
    assert (Perm.EXPORT_APPROVE in perms) == (role in {Role.CASE_MANAGER, Role.ADMINISTRATOR})
    assert AuditEvent.objects.filter(action="htcds.export").count() == (
        1 if role in expected_export else 0
    )


def test_only_cases_with_consent_in_force_for_the_recipient_are_exported(w):
    a, b, c, d, e = w["cases"]
    other = make_org(name="Other NGO", country="KZ")
    referral_consent(w["cm_kz"], e, other)  # consent to another organisation only
    consent_withdraw(
        user=w["cm_kz"],
        case_id=d.pk,
        consent_id=d.consents.get(purpose="referral").pk,
    )
    referral_consent(w["cm_kz"], c, w["kg"], granted=False)  # a later refusal ends consent
    response = post(w["cm_kz"], transfer_body(w))
    assert response.status_code == 200
    assert codes(response.content) == [a.code, b.code]
    event = AuditEvent.objects.get(action="htcds.export")
    assert event.extra["case_ids"] == [a.pk, b.pk]
    assert event.extra["excluded_case_ids"] == [c.pk, d.pk, e.pk]
    assert event.extra["excluded"] == [
        [c.pk, "no_consent"],
        [d.pk, "no_consent"],
        [e.pk, "no_consent"],
    ]
    assert "Имя" not in json.dumps(event.extra, ensure_ascii=False)
    assert sorted(
        CaseEvent.objects.filter(kind="case.transferred").values_list("case_id", flat=True)
    ) == [a.pk, b.pk]
    # Nobody with consent: refused, nothing exported.
    none = post(w["cm_kz"], transfer_body(w, case_ids=[e.pk]))
    assert none.status_code == 422 and none.json()["field"] == "case_ids"
    assert AuditEvent.objects.filter(action="htcds.export").count() == 1


def test_above_the_cap_a_second_person_of_the_organisation_approves(w):
    requester, approver = api_client(w["cm_kz"]), api_client(w["cm2_kz"])
    pending = post(w["cm_kz"], transfer_body(w))  # no case_ids: capped like any other export
    assert pending.status_code == 202
    body = pending.json()
    request_id = body["id"]
    consenting = [c.pk for c in w["cases"][:4]]
    assert body["status"] == "pending" and body["case_ids"] == consenting
    assert body["excluded"][0]["case_id"] == w["cases"][4].pk
    assert not AuditEvent.objects.filter(action="htcds.export").exists()
    asked = AuditEvent.objects.get(action="htcds.export.request")
    assert asked.extra["case_ids"] == consenting
    assert asked.extra["excluded_case_ids"] == [w["cases"][4].pk]
    url = f"/api/insights/exports/{request_id}"
    password = json.dumps({"password": EXPORT_PASSWORD})
    # Not yet approved: no file.
    early = requester.post(f"{url}/file", data=password, content_type="application/json")
    assert early.status_code == 409
    # The requester cannot approve their own request.
    own = requester.post(f"{url}/approve")
    assert own.status_code == 403 and own.json()["code"] == "own_request"
    # Another organisation's approver, and a colleague without the permission: 404.
    other = make_user(org=w["kg"], roles=["case_manager"])
    for outsider in (other, make_user(org=w["kz"], roles=["service_provider"])):
        client = api_client(outsider)
        assert client.get(url).status_code == 404
        assert client.post(f"{url}/approve").status_code == 404
        assert client.post(f"{url}/reject").status_code == 404
        assert client.get("/api/insights/exports").json() == []
    assert ExportRequest.objects.get(pk=request_id).status == "pending"
    approved = approver.post(f"{url}/approve")
    assert approved.status_code == 200 and approved.json()["decided_by"] == "cm2_kz"
    assert approver.post(f"{url}/reject").status_code == 409
    # Only the requester produces the file, with a strong password, once.
    assert (
        approver.post(f"{url}/file", data=password, content_type="application/json").status_code
        == 403
    )
    weak = requester.post(
        f"{url}/file", data=json.dumps({"password": "123"}), content_type="application/json"
    )
    assert weak.status_code == 422 and weak.json()["field"] == "password"
    produced = requester.post(f"{url}/file", data=password, content_type="application/json")
    assert produced.status_code == 200
    assert codes(produced.content) == [c.code for c in w["cases"][:4]]
    again = requester.post(f"{url}/file", data=password, content_type="application/json")
    assert again.status_code == 409
    actions = list(
        AuditEvent.objects.filter(action__startswith="htcds.export")
        .order_by("id")
        .values_list("action", "actor_id")
    )
    assert actions == [
        ("htcds.export.request", w["cm_kz"].pk),
        ("htcds.export.approve", w["cm2_kz"].pk),
        ("htcds.export", w["cm_kz"].pk),
    ]
    exported = AuditEvent.objects.get(action="htcds.export")
    assert exported.extra["request_id"] == request_id
    assert exported.extra["case_ids"] == consenting
    assert exported.extra["excluded_case_ids"] == [w["cases"][4].pk]


def test_consent_withdrawn_after_approval_is_excluded_from_the_file(w):
    result = post(w["cm_kz"], transfer_body(w)).json()
    api_client(w["cm2_kz"]).post(f"/api/insights/exports/{result['id']}/approve")
    first = w["cases"][0]
    consent_withdraw(
        user=w["cm_kz"], case_id=first.pk, consent_id=first.consents.get(purpose="referral").pk
    )
    produced = api_client(w["cm_kz"]).post(
        f"/api/insights/exports/{result['id']}/file",
        data=json.dumps({"password": EXPORT_PASSWORD}),
        content_type="application/json",
    )
    assert codes(produced.content) == [c.code for c in w["cases"][1:4]]
    event = AuditEvent.objects.get(action="htcds.export")
    assert [first.pk, "consent_withdrawn"] in event.extra["excluded"]


def test_a_disclosure_required_by_law_always_needs_approval_and_a_rejection_ends_it(w):
    body = transfer_body(
        w, purpose="required_by_law", legal_basis="legal_obligation", case_ids=[w["cases"][4].pk]
    )
    body.pop("recipient_organisation")
    pending = post(w["cm_kz"], body)
    assert pending.status_code == 202 and pending.json()["case_ids"] == [w["cases"][4].pk]
    url = f"/api/insights/exports/{pending.json()['id']}"
    assert api_client(w["admin"]).post(f"{url}/reject").status_code == 404  # other organisation
    kz_admin = make_user(org=w["kz"], roles=["administrator"])
    rejected = api_client(kz_admin).post(f"{url}/reject")
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    produced = api_client(w["cm_kz"]).post(
        f"{url}/file",
        data=json.dumps({"password": EXPORT_PASSWORD}),
        content_type="application/json",
    )
    assert produced.status_code == 409
    assert not AuditEvent.objects.filter(action="htcds.export").exists()
    assert (
        AuditEvent.objects.filter(action="htcds.export.reject", actor_id=kz_admin.pk).count() == 1
    )


def test_the_file_is_encrypted_and_opens_only_with_the_password(w):
    response = post(w["cm_kz"], transfer_body(w, case_ids=[w["cases"][0].pk]))
    content = response.content
    assert response["Content-Disposition"].endswith('.zip"')
    assert w["cases"][0].code.encode() not in content and "Имя0".encode() not in content
    with (
        zipfile.ZipFile(io.BytesIO(content)) as plain,
        pytest.raises((RuntimeError, NotImplementedError)),
    ):
        plain.read(plain.namelist()[0])  # the standard library cannot read it without a key
    with pytest.raises(RuntimeError):
        decrypt_files(content, "Wrong password 123!")
    name, text = unzip(content)
    assert name.startswith("htcds-transfer-") and name.endswith(".json")
    record = json.loads(text)["records"][0]
    assert record["prs_FirstName"] == "Имя0" and record["prs_Birthdate"] == "1990-01-01"


def test_web_export_request_approval_and_file(w):
    requester, approver = Client(), Client()
    requester.force_login(w["cm_kz"])
    approver.force_login(w["cm2_kz"])
    form = {
        "export-purpose": "transfer",
        "export-legal_basis": "x",
        "export-recipient_organisation": str(w["kg"].pk),
        "export-file_format": "json",
        "export-password": EXPORT_PASSWORD,
        "export-password_again": EXPORT_PASSWORD,
    }
    refused = requester.post("/insights/exchange/", form)
    assert refused.status_code == 200 and 'class="errorlist"' in refused.content.decode()
    assert "Content-Disposition" not in refused
    form["export-legal_basis"] = "consent"
    response = requester.post("/insights/exchange/", form)
    assert response.status_code == 302 and response["Location"] == "/insights/exports/"
    request = ExportRequest.objects.get()
    page = approver.get("/insights/exports/").content.decode()
    assert f'action="/insights/exports/{request.pk}/approve/"' in page
    own_page = requester.get("/insights/exports/").content.decode()
    assert f'action="/insights/exports/{request.pk}/approve/"' not in own_page
    outsider = Client()
    outsider.force_login(w["cm_kg"])
    assert outsider.post(f"/insights/exports/{request.pk}/approve/").status_code == 404
    requester.post(f"/insights/exports/{request.pk}/approve/")
    request.refresh_from_db()
    assert request.status == "pending"
    approver.post(f"/insights/exports/{request.pk}/approve/")
    request.refresh_from_db()
    assert request.status == "approved" and request.decided_by == w["cm2_kz"]
    produced = requester.post(
        f"/insights/exports/{request.pk}/file/", {"password": EXPORT_PASSWORD}
    )
    assert produced.status_code == 200 and produced["Content-Type"] == "application/zip"
    assert codes(produced.content) == [c.code for c in w["cases"][:4]]
    provider = Client()
    provider.force_login(make_user(org=w["kz"], roles=["service_provider"]))
    assert provider.get("/insights/exports/").status_code == 404
    form["export-case_ids"] = ""
    small = provider.post("/insights/exchange/", form)
    assert small.status_code == 200 and "Content-Disposition" not in small
    assert "may not export identifiable" in small.content.decode()
