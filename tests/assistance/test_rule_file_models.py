"""The needs guide and reintegration instrument are read through amanat.rulefiles (ADR 0014):
every problem names the file, the line and the place, in the wording the loaders used before."""

import pytest

from amanat.assistance.needs import DEFAULT_PATH as GUIDE_PATH
from amanat.assistance.needs import GuideError, load_needs_guide
from amanat.assistance.reintegration.instrument import DEFAULT_PATH as RSS_PATH
from amanat.assistance.reintegration.instrument import InstrumentError, load_instrument
from amanat.rulefiles import RuleFileError


def _copy(tmp_path, source, old, new):
    text = source.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "file.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path, text[: text.index(old)].count("\n") + 1


def test_needs_guide_taxonomy_problem_has_its_line(tmp_path):
    path, line = _copy(
        tmp_path, GUIDE_PATH, "service_type: job_placement", "service_type: teleportation"
    )
    with pytest.raises(GuideError) as caught:
        load_needs_guide(path)
    assert isinstance(caught.value, RuleFileError)
    problem = caught.value.first
    assert (problem.line, problem.path) == (line, "questions[17].service_type")
    assert problem.message == "question income_and_work: unknown service type 'teleportation'"


def test_needs_guide_unknown_key_is_refused_not_ignored(tmp_path):
    path, line = _copy(tmp_path, GUIDE_PATH, "service_type: job_placement", "servce_type: x")
    with pytest.raises(GuideError) as caught:
        load_needs_guide(path)
    messages = [str(p) for p in caught.value.problems]
    assert any(
        f":{line}: questions[17].servce_type: unknown key 'servce_type'" in m for m in messages
    )


def test_instrument_negative_weight_has_its_line(tmp_path):
    text = RSS_PATH.read_text(encoding="utf-8")
    old = next(ln for ln in text.splitlines() if ln.strip().startswith("weight:"))
    path, line = _copy(tmp_path, RSS_PATH, old, old.split(":")[0] + ": -1")
    with pytest.raises(InstrumentError) as caught:
        load_instrument(path)
    problem = caught.value.first
    assert problem.line == line
    assert problem.path.endswith(".weight")
    assert problem.message == "weight -1.0 is negative"
