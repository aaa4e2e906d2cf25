"""The fieldwork pages: XLSForm download from a guide page, and upload -> preview -> confirm."""

from __future__ import annotations

import io
import json
import random

import pyotp
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from amanat.accounts.models import User
from amanat.cases.models import Case
from amanat.privacy.models import AuditEvent
from amanat.screening.fieldwork.xlsform import xlsform_bytes
from amanat.screening.models import Assessment
from amanat.screening.views.fieldwork import SESSION_KEY
from tests.fieldwork.walk import fill, kobo_record, read_sheets
from tests.fixtures import PASSWORD, make_user

GUIDE = "iom-vulnerability"
URL = "/screening/fieldwork/import/"


def login(user, *, csrf: bool = False) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    form = {"username": user.username, "password": PASSWORD}
    if user.can("org.manage"):  # administrators log in with a one-time code
        secret = pyotp.random_base32()
        User.objects.filter(pk=user.pk).update(totp_secret=secret, totp_confirmed=True)
        form["code"] = pyotp.TOTP(secret).now()
    assert client.post("/accounts/login/", form).status_code == 302
    client.handler.enforce_csrf_checks = csrf
    return client


def _file(count: int = 2, broken: bool = False) -> SimpleUploadedFile:
    survey, choices, _ = read_sheets(xlsform_bytes(GUIDE))
    rng = random.Random(4)
    records = [kobo_record(fill(survey, choices, rng)[0]) for _ in range(count)]
    if broken:
        records[0]["facts/fact_age"] = "-4"
    return SimpleUploadedFile("kobo.json", json.dumps({"results": records}).encode())


def test_xlsform_download_is_audited(case_manager):
    client = login(case_manager)
    response = client.get(f"/screening/guides/{GUIDE}/xlsform/?langs=en,ru")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{GUIDE}.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["survey", "choices", "settings"]
    event = AuditEvent.objects.filter(action="guide.xlsform_download").get()
    assert (event.object_id, event.actor_id) == (GUIDE, case_manager.pk)
    assert client.get("/screening/guides/nope/xlsform/").status_code == 404
    assert client.get(f"/screening/guides/{GUIDE}/xlsform/?langs=xx").status_code == 400
    assert Client().get(f"/screening/guides/{GUIDE}/xlsform/").status_code == 302  # login first


def test_guide_page_links_the_xlsform(case_manager):
    page = login(case_manager).get(f"/screening/guides/{GUIDE}/").content.decode()
    assert f'href="/screening/guides/{GUIDE}/xlsform/"' in page


def test_upload_preview_confirm(case_manager):
    client = login(case_manager)
    response = client.post(URL, {"action": "preview", "guide": GUIDE, "file": _file()})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="count-create">2<' in page
    assert Assessment.objects.count() == 0 and Case.objects.count() == 0
    stored = client.session[SESSION_KEY]
    assert b"uuid:" not in json.dumps(stored).encode()  # the upload is kept encrypted only
    response = client.post(URL, {"action": "confirm", "token": stored["token"], "language": "en"})
    assert response.status_code == 302
    assert Assessment.objects.count() == 2 and Case.objects.count() == 2
    assert SESSION_KEY not in client.session
    assert AuditEvent.objects.filter(action="fieldwork.import").count() == 1
    # The token is single-use: a second confirmation imports nothing.
    response = client.post(URL, {"action": "confirm", "token": stored["token"]})
    assert response.status_code == 400
    assert Assessment.objects.count() == 2


def test_broken_file_preview_names_the_problem_and_confirm_imports_nothing(case_manager):
    client = login(case_manager)
    response = client.post(URL, {"action": "preview", "guide": GUIDE, "file": _file(broken=True)})
    page = response.content.decode()
    assert 'data-testid="count-bad">1<' in page
    assert "<code>fact_age</code>" in page
    token = client.session[SESSION_KEY]["token"]
    response = client.post(URL, {"action": "confirm", "token": token})
    assert response.status_code == 400
    assert Assessment.objects.count() == 0
    response = client.post(URL, {"action": "confirm", "token": token, "skip_bad": "on"})
    assert response.status_code == 302
    assert Assessment.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"guide": "nope"}, "Choose a guide."),
        ({"guide": GUIDE}, "Choose a file to upload."),
        ({"guide": GUIDE, "file": SimpleUploadedFile("x.json", b"")}, "the file is empty"),
        (
            {"guide": GUIDE, "file": SimpleUploadedFile("x.csv", "a;b\n\xe9".encode("latin-1"))},
            "not UTF-8",
        ),
        ({"guide": GUIDE, "file": SimpleUploadedFile("x.exe", b"MZ")}, "unsupported file type"),
        ({"guide": GUIDE, "file": SimpleUploadedFile("x.xlsx", b"PK junk")}, "not a readable XLSX"),
    ],
)
def test_bad_uploads_answer_400_naming_the_problem(data, expected, case_manager):
    response = login(case_manager).post(URL, {"action": "preview", **data})
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert Assessment.objects.count() == 0


def test_csrf_is_required(case_manager):
    client = login(case_manager, csrf=True)
    response = client.post(URL, {"action": "preview", "guide": GUIDE, "file": _file()})
    assert response.status_code == 403


def test_who_may_use_the_page(org):
    researcher = make_user(org=org, roles=("researcher",))
    assert login(researcher).get(URL).status_code == 403
    admin = make_user(org=org, roles=("administrator",))
    client = login(admin)
    response = client.post(URL, {"action": "preview", "guide": GUIDE, "file": _file()})
    assert response.status_code == 200
    assert "may check a file but not import it" in response.content.decode()
    token = client.session[SESSION_KEY]["token"]
    assert client.post(URL, {"action": "confirm", "token": token}).status_code == 403
    assert Assessment.objects.count() == 0


def test_possible_duplicates_are_shown_and_registered_only_when_confirmed(case_manager):
    from tests.fixtures import make_case

    existing = make_case(
        user=case_manager, person={"first_name": "Зарина", "last_name": "Турсунова"}
    )
    survey, choices, _ = read_sheets(xlsform_bytes(GUIDE))
    record = kobo_record(fill(survey, choices, random.Random(8))[0])
    record["amanat_case/amanat_first_name"] = "Зарина"
    record["amanat_case/amanat_last_name"] = "Турсунова"
    upload = SimpleUploadedFile("kobo.json", json.dumps([record]).encode())
    client = login(case_manager)
    page = client.post(URL, {"action": "preview", "guide": GUIDE, "file": upload}).content.decode()
    assert 'data-testid="count-same-person">1<' in page
    assert f"<code>{existing.code}</code>" in page
    token = client.session[SESSION_KEY]["token"]
    assert client.post(URL, {"action": "confirm", "token": token}).status_code == 302
    assert Assessment.objects.count() == 0
    upload.seek(0)
    client.post(URL, {"action": "preview", "guide": GUIDE, "file": upload})
    token = client.session[SESSION_KEY]["token"]
    client.post(URL, {"action": "confirm", "token": token, "confirm_new": "on"})
    assert Assessment.objects.count() == 1
    assert Case.objects.count() == 2
