"""The administrators' translations page: download, upload with preview, apply; nobody else sees
it, and every POST needs the CSRF token."""

from __future__ import annotations

import io

import polib
import pyotp
import pytest
from django.test import Client
from openpyxl import load_workbook

from amanat.privacy.models import AuditEvent
from tests.fixtures import PASSWORD, make_user
from tests.i18n.tree import make_tree, use_tree

pytestmark = pytest.mark.django_db


def _admin_client(org) -> Client:
    admin = make_user(org=org, roles=["administrator"], username="root")
    client = Client()
    client.post("/accounts/login/", {"username": "root", "password": PASSWORD})
    client.get("/accounts/login/otp/setup/")
    admin.refresh_from_db()
    client.post("/accounts/login/otp/setup/", {"code": pyotp.TOTP(admin.totp_secret).now()})
    return client


@pytest.fixture
def tree(tmp_path, monkeypatch):
    package = make_tree(tmp_path / "src")
    use_tree(monkeypatch, package)
    return package


def _workbook(client, language="ky", translation="Сактоо") -> bytes:
    response = client.get(f"/translations/{language}.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("source English")].value == "Save":
            row[header.index("current translation")].value = translation
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _upload(client, data: bytes, language="ky", name="ky.xlsx"):
    return client.post(
        "/translations/upload/",
        {"language": language, "workbook": _file(data, name)},
    )


def _file(data: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_administrator_downloads_previews_and_applies(org, tree):
    client = _admin_client(org)
    page = client.get("/translations/")
    assert page.status_code == 200
    assert 'data-testid="coverage-ky"' in page.content.decode()
    assert AuditEvent.objects.filter(action="translations.export").count() == 0
    data = _workbook(client)
    assert AuditEvent.objects.filter(action="translations.export", object_id="ky").count() == 1
    preview = _upload(client, data)
    body = preview.content.decode()
    assert preview.status_code == 200
    assert 'data-testid="import-preview"' in body and "Сактоо" in body
    assert not (tree / "locale/ky").exists()  # a preview writes nothing
    assert not AuditEvent.objects.filter(action="translations.import").exists()
    token = client.session["translations_upload"]["token"]
    applied = client.post("/translations/apply/", {"token": token})
    assert applied.status_code == 302
    catalogue = polib.pofile(str(tree / "locale/ky/LC_MESSAGES/django.po"))
    assert catalogue.find("Save").msgstr == "Сактоо"
    assert AuditEvent.objects.filter(action="translations.import", object_id="ky").count() == 1
    # The staged upload is used once.
    again = client.post("/translations/apply/", {"token": token})
    assert again.status_code == 302
    assert AuditEvent.objects.filter(action="translations.import").count() == 1


def test_errors_are_shown_and_nothing_is_written(org, tree):
    client = _admin_client(org)
    response = _upload(client, _workbook(client, translation="Сактоо сактоо сактоо"))
    assert response.status_code == 400
    body = response.content.decode()
    assert 'data-testid="import-errors"' in body
    assert "column G (current translation): longer than the limit of 12 characters" in body
    assert "translations_upload" not in client.session
    # Another language than the workbook's, a file that is not a workbook, a bad language code.
    wrong = _upload(client, _workbook(client), language="kk")
    assert "the workbook is for &#x27;ky&#x27;, not for &#x27;kk&#x27;" in wrong.content.decode()
    assert _upload(client, b"not a zip", name="ky.xlsx").status_code == 400
    assert _upload(client, _workbook(client), name="ky.csv").status_code == 400
    assert _upload(client, _workbook(client), language="xx").status_code == 400
    assert client.get("/translations/xx.xlsx").status_code == 404
    assert client.get("/translations/en.xlsx").status_code == 404
    assert client.post("/translations/apply/", {"token": "forged"}).status_code == 302
    assert not (tree / "locale/ky").exists()
    assert not AuditEvent.objects.filter(action="translations.import").exists()


def test_posts_need_the_csrf_token(org, tree):
    logged_in = _admin_client(org)
    data = _workbook(logged_in)
    client = Client(enforce_csrf_checks=True)
    client.cookies = logged_in.cookies  # the same session, without the token
    assert client.get("/translations/").status_code == 200
    assert _upload(client, data).status_code == 403
    assert client.post("/translations/apply/", {"token": "x"}).status_code == 403


@pytest.mark.parametrize(
    "roles",
    [["case_manager"], ["nrm_coordinator"], ["researcher"], ["trainer"], ["service_provider"]],
)
def test_everyone_else_gets_404(org, tree, roles):
    make_user(org=org, roles=roles, username="someone")
    client = Client()
    client.post("/accounts/login/", {"username": "someone", "password": PASSWORD})
    for path in ("/translations/", "/translations/ky.xlsx"):
        assert client.get(path).status_code == 404, path
    assert client.post("/translations/upload/", {"language": "ky"}).status_code == 404
    assert client.post("/translations/apply/", {"token": "x"}).status_code == 404
    assert not AuditEvent.objects.filter(action__startswith="translations.").exists()
    anonymous = Client().get("/translations/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
