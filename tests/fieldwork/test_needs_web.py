"""The needs form on the web: the XLSForm download from the needs assessment page, and the
field import page offering the needs form beside the screening guides (ADR 0546)."""

from __future__ import annotations

import io
import json
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from amanat.assistance.fieldwork.adapter import NeedsAdapter
from amanat.assistance.models import NeedsAssessment
from amanat.cases.models import Case
from amanat.privacy.models import AuditEvent
from amanat.screening.views.fieldwork import SESSION_KEY
from tests.fieldwork.test_web import URL, login
from tests.fieldwork.walk import fill, kobo_record, read_sheets
from tests.fixtures import make_user

FORM = "needs-assessment"
DOWNLOAD = "/assistance/needs/xlsform/"


def _file(count: int = 2, broken: bool = False) -> SimpleUploadedFile:
    data = NeedsAdapter().xlsform(None, public_key_pem=None, submission_url="")
    survey, choices, _ = read_sheets(data)
    rng = random.Random(11)
    records = [kobo_record(fill(survey, choices, rng)[0]) for _ in range(count)]
    if broken:
        records[0]["assessment/assessed_on"] = "yesterday"
    return SimpleUploadedFile("kobo.json", json.dumps({"results": records}).encode())


def test_needs_xlsform_download_is_audited(case_manager):
    client = login(case_manager)
    response = client.get(f"{DOWNLOAD}?langs=en,ru")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{FORM}.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["survey", "choices", "settings"]
    event = AuditEvent.objects.filter(action="guide.xlsform_download").get()
    assert (event.object_id, event.actor_id) == (FORM, case_manager.pk)
    assert client.get(f"{DOWNLOAD}?langs=xx").status_code == 400
    assert Client().get(DOWNLOAD).status_code == 302  # login first


def test_needs_page_links_the_xlsform(case_manager, case):
    from amanat.cases.consent import consent_record

    consent_record(user=case_manager, case_id=case.pk, purpose="assistance", method="verbal")
    page = login(case_manager).get(f"/assistance/cases/{case.pk}/assessment/").content.decode()
    assert f'href="{DOWNLOAD}"' in page


def test_import_page_offers_the_needs_form_and_imports_it(case_manager):
    client = login(case_manager)
    assert f'value="{FORM}"' in client.get(URL).content.decode()
    response = client.post(URL, {"action": "preview", "guide": FORM, "file": _file()})
    assert response.status_code == 200
    assert 'data-testid="count-create">2<' in response.content.decode()
    assert NeedsAssessment.objects.count() == 0 and Case.objects.count() == 0
    token = client.session[SESSION_KEY]["token"]
    response = client.post(URL, {"action": "confirm", "token": token, "language": "en"})
    assert response.status_code == 302
    assert NeedsAssessment.objects.count() == 2 and Case.objects.count() == 2


def test_a_broken_needs_file_is_shown_by_instance_and_question(case_manager):
    client = login(case_manager)
    response = client.post(URL, {"action": "preview", "guide": FORM, "file": _file(broken=True)})
    page = response.content.decode()
    assert "assessed_on" in page and "is not a date" in page
    token = client.session[SESSION_KEY]["token"]
    response = client.post(URL, {"action": "confirm", "token": token, "language": "en"})
    assert response.status_code == 400
    assert NeedsAssessment.objects.count() == 0 and Case.objects.count() == 0


def test_a_researcher_may_not_import_needs(org):
    researcher = make_user(org=org, roles=["researcher"])
    client = login(researcher)
    assert (
        client.post(URL, {"action": "preview", "guide": FORM, "file": _file()}).status_code == 403
    )
    assert NeedsAssessment.objects.count() == 0
