"""`amanat training report` and `amanat training retention` over the database."""

from __future__ import annotations

import io

import pytest
from docx import Document

from amanat.cli import main as amanat


def test_report_is_written_as_a_trainer_of_the_event(demo_event, tmp_path, capsys):
    event, trainer = demo_event
    target = tmp_path / "final-ru.docx"
    assert (
        amanat(
            [
                "training",
                "report",
                "--event",
                str(event.pk),
                "--user",
                trainer.username,
                "--language",
                "ru",
                "--output",
                str(target),
            ]
        )
        == 0
    )
    assert "wrote" in capsys.readouterr().out
    headings = [p.text for p in Document(io.BytesIO(target.read_bytes())).paragraphs]
    assert "Итоговый отчёт" in headings
    tables = tmp_path / "tables.xlsx"
    assert (
        amanat(
            [
                "training",
                "report",
                "--event",
                str(event.pk),
                "--user",
                trainer.username,
                "--kind",
                "tables",
                "--output",
                str(tables),
            ]
        )
        == 0
    )
    assert tables.read_bytes()[:2] == b"PK"


@pytest.mark.parametrize(
    "arguments",
    [
        ["--user", "nobody"],
        ["--user", "outsider"],
        ["--user", "trainer", "--event", "999999"],
        ["--user", "trainer", "--event", "abc"],
        ["--user", "trainer", "--output", "/no/such/folder/x.docx"],
    ],
)
def test_report_refuses_bad_input_with_exit_2(demo_event, tmp_path, capsys, arguments):
    event, trainer = demo_event
    from tests.fixtures import make_user

    make_user(org=trainer.organisation, roles=["trainer"], username="outsider")
    base = {"--event": str(event.pk), "--output": str(tmp_path / "r.docx")}
    pairs = dict(zip(arguments[::2], arguments[1::2], strict=True))
    argv = ["training", "report"]
    for key, value in {**base, **pairs}.items():
        argv += [key, value]
    assert amanat(argv) == 2
    # progress lines may come first (stderr); the error is one line, the last
    errors = capsys.readouterr().err.splitlines()
    assert errors[-1].startswith("amanat: error:")
    assert [e for e in errors if e.startswith("amanat: error")] == errors[-1:]
    assert not (tmp_path / "r.docx").exists()


def test_retention_command(demo_event, capsys):
    assert amanat(["training", "retention", "--dry-run"]) == 0
    assert "would erase participants' personal data of 0 event(s)" in capsys.readouterr().out
