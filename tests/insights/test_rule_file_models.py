"""CTDC and HTCDS rule files are read through amanat.rulefiles (ADR 0014)."""

import pytest

from amanat.insights.ctdc.codebook import CODEBOOK_PATH, load_codebook
from amanat.insights.htcds.purposes import PURPOSES_PATH
from amanat.insights.htcds.schema import PurposesFile
from amanat.rulefiles import RuleFileError, load_data, validate


def test_codebook_unknown_kind_names_line_and_column(tmp_path):
    text = CODEBOOK_PATH.read_text(encoding="utf-8")
    old = "kind: year"
    assert old in text
    line = text[: text.index(old)].count("\n") + 1
    path = tmp_path / "codebook.yaml"
    path.write_text(text.replace(old, "kind: yearly", 1), encoding="utf-8")
    with pytest.raises(RuleFileError) as caught:
        load_codebook(path)
    problem = caught.value.first
    assert problem.line == line
    assert problem.path.startswith("columns[") and problem.path.endswith("].kind")
    assert problem.message.startswith("unknown kind 'yearly'")


def test_export_purpose_with_unknown_legal_basis_is_refused():
    data, lines = load_data(PURPOSES_PATH)
    data["purposes"]["transfer"]["legal_bases"] = ["whim"]
    with pytest.raises(RuleFileError) as caught:
        validate(data, PurposesFile, file="export_purposes.yaml", lines=lines)
    problem = caught.value.first
    assert problem.path == "purposes.transfer.legal_bases"
    assert problem.message == "unknown legal basis ['whim']"
    assert problem.line == lines[("purposes", "transfer", "legal_bases")]


def test_export_purpose_recipient_keeps_its_wording():
    data, lines = load_data(PURPOSES_PATH)
    data["purposes"]["referral"]["recipient"] = "maybe"
    with pytest.raises(RuleFileError) as caught:
        validate(data, PurposesFile, file="export_purposes.yaml", lines=lines)
    assert caught.value.first.message == "recipient is required|optional"
    assert caught.value.first.path == "purposes.referral.recipient"
