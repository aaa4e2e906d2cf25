"""`amanat reintegration score`: parsing, JSON and text output, and exit-2 errors naming the item."""

from __future__ import annotations

import argparse
import json

import pytest

from amanat.assistance import cli
from amanat.errors import UsageError


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="amanat")
    cli.register(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


def run(tmp_path, payload, *, fmt="json", raw: str | None = None):
    path = tmp_path / "answers.json"
    path.write_text(raw if raw is not None else json.dumps(payload), encoding="utf-8")
    args = parse(["reintegration", "score", "--answers", str(path), "--format", fmt])
    return args.func(args)


def test_one_answer_set_as_json(tmp_path, capsys):
    assert run(tmp_path, {"housing": "adequate_insecure", "food_shortage": "never"}) == 0
    output = json.loads(capsys.readouterr().out)
    assert list(output) == ["economic", "social", "psychosocial", "composite", "explanation"]
    assert (output["economic"], output["social"], output["psychosocial"]) == (1.0, 0.5, None)
    assert output["composite"] == 0.75


def test_array_of_answer_sets_keeps_ids(tmp_path, capsys):
    payload = [
        {"id": "visit-3m", "answers": {"housing": "inadequate"}},
        {"feeling_safe": "strongly_agree"},
    ]
    assert run(tmp_path, payload) == 0
    output = json.loads(capsys.readouterr().out)
    assert [item.get("id") for item in output] == ["visit-3m", None]
    assert output[0]["social"] == 0.0
    assert output[1]["psychosocial"] == 1.0


def test_text_output(tmp_path, capsys):
    assert run(tmp_path, {"id": "v1", "answers": {"housing": "adequate_secure"}}, fmt="text") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "v1: composite 1.00 (economic n/a, social 1.00, psychosocial n/a)"
    assert out[-2] == (
        "  composite: composite of social only; economic, psychosocial had no scored answers"
    )
    assert out[-1] == "  weights: project default (equal weights), not IOM's official weights"


def test_russian_is_not_escaped(tmp_path, capsys):
    run(tmp_path, {"housing": "adequate_secure"})
    # the explanation is English; the point is the JSON is written with ensure_ascii=False
    assert "\\u" not in capsys.readouterr().out


@pytest.mark.parametrize(
    ("payload", "raw", "message"),
    [
        (
            [{"housing": "adequate_secure"}, {"id": "v2", "answers": {"housing": "palace"}}],
            None,
            "answer set 2 (id 'v2'): indicator 'housing': answer 'palace' is not one of: "
            "adequate_secure, adequate_insecure, inadequate, dont_know, refused",
        ),
        (
            {"incomes": "x"},
            None,
            "answer set: unknown indicator 'incomes'; known: income_and_work,",
        ),
        ([1], None, "answer set 1: expected a JSON object, got int"),
        (
            {"id": "a", "answers": {}, "visit": 1},
            None,
            "answer set: unexpected keys ['visit'] (allowed: id, answers)",
        ),
        (None, '{"housing": ', "not valid JSON at line 1, column 13"),
    ],
)
def test_bad_input_raises_usage_error_naming_the_item(tmp_path, capsys, payload, raw, message):
    with pytest.raises(UsageError) as caught:
        run(tmp_path, payload, raw=raw)
    assert message in caught.value.message
    assert capsys.readouterr().out == ""  # nothing printed: all or nothing


def test_missing_file(tmp_path):
    args = parse(["reintegration", "score", "--answers", str(tmp_path / "nope.json")])
    with pytest.raises(UsageError, match="cannot read the file"):
        args.func(args)
