"""Pulling from a KoboToolbox or ODK Central server (a fake one on loopback) and the commands."""

from __future__ import annotations

import json
import random
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from openpyxl import load_workbook

from amanat.cli import main
from amanat.screening.fieldwork.xlsform import xlsform_bytes
from amanat.screening.models import Assessment
from tests.fieldwork.walk import fill, kobo_record, odata_record, read_sheets

GUIDE = "ilo-forced-labour"


def _records(count: int):
    survey, choices, _ = read_sheets(xlsform_bytes(GUIDE))
    rng = random.Random(3)
    return [fill(survey, choices, rng)[0] for _ in range(count)]


@pytest.fixture
def fake_server():
    """Serves Kobo's paged data endpoint and Central's OData feed; records the requests."""
    records = _records(3)
    seen: list[tuple[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def do_GET(self):  # noqa: N802 - http.server's name
            seen.append((self.path, self.headers.get("Authorization", "")))
            base = f"http://127.0.0.1:{self.server.server_port}"
            auth = self.headers.get("Authorization", "")
            if auth not in ("Token kobo-token", "Bearer central-token",
                            "Basic Y0BleGFtcGxlLm9yZzpwdw=="):  # fmt: skip
                self.send_response(401)
                self.end_headers()
                return
            if self.path == "/api/v2/assets/aXyZ/data/?format=json":
                body = {"count": 3, "next": f"{base}/api/v2/assets/aXyZ/data/?format=json&page=2",
                        "results": [kobo_record(r) for r in records[:2]]}  # fmt: skip
            elif self.path == "/api/v2/assets/aXyZ/data/?format=json&page=2":
                body = {"count": 3, "next": None, "results": [kobo_record(records[2])]}
            elif self.path == f"/v1/projects/4/forms/{GUIDE}.svc/Submissions":
                body = {"value": [odata_record(r) for r in records]}
            else:
                self.send_response(404)
                self.end_headers()
                return
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", seen
    server.shutdown()
    server.server_close()


def test_pull_from_kobo_follows_pages(fake_server, case_manager, capsys):
    url, seen = fake_server
    code = main(["import", "submissions", "--guide", GUIDE, "--user", case_manager.username,
                 "--from-server", url, "--token", "kobo-token", "--form", "aXyZ"])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    assert Assessment.objects.count() == 3
    assert [auth for _path, auth in seen] == ["Token kobo-token", "Token kobo-token"]


@pytest.mark.parametrize("token", ["central-token", "c@example.org:pw"])
def test_pull_from_odk_central(fake_server, case_manager, token):
    url, seen = fake_server
    code = main(["import", "submissions", "--guide", GUIDE, "--user", case_manager.username,
                 "--from-server", f"{url}/v1/projects/4", "--token", token, "--form", GUIDE])  # fmt: skip
    assert code == 0
    assert Assessment.objects.count() == 3
    assert seen[0][0] == f"/v1/projects/4/forms/{GUIDE}.svc/Submissions"


def test_a_wrong_token_exits_2_and_imports_nothing(fake_server, case_manager, capsys):
    url, _seen = fake_server
    code = main(["import", "submissions", "--guide", GUIDE, "--user", case_manager.username,
                 "--from-server", url, "--token", "nope", "--form", "aXyZ"])  # fmt: skip
    assert code == 2
    assert "401" in capsys.readouterr().err
    assert Assessment.objects.count() == 0


def test_unreachable_server_exits_2(case_manager, capsys):
    code = main(["import", "submissions", "--guide", GUIDE, "--user", case_manager.username,
                 "--from-server", "http://127.0.0.1:9", "--token", "t", "--form", "x"])  # fmt: skip
    assert code == 2
    assert "Cannot reach the server" in capsys.readouterr().err


def test_cli_exits_2_naming_instance_and_question_and_imports_nothing(
    case_manager, tmp_path, capsys
):
    records = [kobo_record(r) for r in _records(2)]
    records[1]["indicators_all/present_all"] = "fl.deception fl.made_up"
    path = tmp_path / "kobo.json"
    path.write_text(json.dumps({"results": records}), encoding="utf-8")
    args = ["import", "submissions", str(path), "--guide", GUIDE, "--user", case_manager.username]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert (
        f"{records[1]['meta/instanceID']} (kobo.json, record 2): present_all: 'fl.made_up'" in err
    )
    assert Assessment.objects.count() == 0
    assert main([*args, "--skip-bad"]) == 0
    assert Assessment.objects.count() == 1
    assert main([*args, "--skip-bad"]) == 0  # the good one again: already imported
    assert Assessment.objects.count() == 1


def test_cli_preview_writes_nothing(case_manager, tmp_path, capsys):
    path = tmp_path / "kobo.json"
    path.write_text(json.dumps([kobo_record(r) for r in _records(2)]), encoding="utf-8")
    assert main(["import", "submissions", str(path), "--guide", GUIDE, "--user",
                 case_manager.username, "--preview"]) == 0  # fmt: skip
    assert "new cases: 2" in capsys.readouterr().out
    assert Assessment.objects.count() == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--guide", "nope"], "Unknown guide 'nope'"),
        (["--user", "ghost"], "no active user 'ghost'"),
        ([], "Give FILE or --from-server URL"),
        (["--from-server", "ftp://x", "--token", "t", "--form", "f"], "expected an http(s) URL"),
        (["--from-server", "http://127.0.0.1:9", "--form", "f"], "--token"),
    ],
)
def test_cli_usage_errors(args, message, case_manager, capsys):
    base = {"--guide": GUIDE, "--user": case_manager.username}
    for i in range(0, len(args), 2):
        if args[i] in base:
            base[args[i]] = args[i + 1]
    rest = [a for i, a in enumerate(args) if not (i % 2 == 0 and a in base) and
            not (i % 2 == 1 and args[i - 1] in base)]  # fmt: skip
    flat = [x for pair in base.items() for x in pair]
    assert main(["import", "submissions", *flat, *rest]) == 2
    assert message in capsys.readouterr().err


def test_guides_xlsform_command(tmp_path, capsys):
    out = tmp_path / "form.xlsx"
    assert main(["guides", "xlsform", "identification-interview", "--out", str(out),
                 "--langs", "ru,en,uz"]) == 0  # fmt: skip
    book = load_workbook(out)
    header = [c.value for c in book["survey"][1]]
    assert "label::Russian (ru)" in header and "label::Uzbek (uz)" in header
    assert "hint::English (en)" in header
    settings = [[c.value for c in row] for row in book["settings"].iter_rows()]
    assert settings[0][:4] == ["form_title", "form_id", "version", "default_language"]
    assert settings[1][1:4] == ["identification-interview", "1.0", "Russian (ru)"]
    survey = [[c.value for c in row] for row in book["survey"].iter_rows()][1:]
    names = [row[1] for row in survey]
    # The tag, then the consent checklist before anything else.
    assert names[:3] == ["amanat_form", "consent", "amanat_consent_help"]
    later = [row for row in survey if row[0] == "begin_group" and row[1] != "consent"]
    assert all("${consent_interview} = 'yes'" in row[header.index("relevant")] for row in later)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope", "--out", "x.xlsx"], "Unknown guide"),
        (["ilo-forced-labour", "--out", "x.xlsx", "--langs", "ru,xx"], "Unknown language 'xx'"),
        (["ilo-forced-labour", "--out", "x.txt"], "must end in .xlsx"),
        (["ilo-forced-labour", "--out", "x.xlsx", "--public-key", "/nonexistent"], "/nonexistent"),
        (["ilo-forced-labour", "--out", "x.xlsx", "--submission-url", "ftp://x"], "https://"),
    ],
)
def test_xlsform_command_errors(args, message, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["guides", "xlsform", *args]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()
