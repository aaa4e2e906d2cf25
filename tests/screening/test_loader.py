"""Guide loading: every error names the file, the exact place and the problem."""

import copy

import pytest
import yaml

from amanat.screening.engine import GuideError, builtin_guides, load_guide
from amanat.screening.engine.loader import BUILTIN_DIR, guide_from_data

TEXT = {"en": "Label", "ru": "Метка"}


def minimal():
    return {
        "id": "test-guide",
        "version": "1",
        "title": TEXT,
        "languages": ["en", "ru"],
        "source": {"document": "Doc", "publisher": "Pub", "year": 2024},
        "indicators": [{"id": "x.one", "label": TEXT}],
        "sections": [
            {
                "id": "s1",
                "title": TEXT,
                "questions": [
                    {"id": "q1", "type": "yes_no", "label": TEXT, "indicators": ["x.one"]},
                    {"id": "q2", "type": "single_choice", "label": TEXT,
                     "options": [{"id": "a", "label": TEXT}, {"id": "b", "label": TEXT}]},
                    {"id": "q3", "type": "text", "label": TEXT, "show_if": {"question": "q1", "equals": "yes"}},
                ],
            }
        ],
        "scoring": {"method": "checklist", "rule": {"id": "r", "description": TEXT, "citation": "C"}},
    }  # fmt: skip


def error_of(data):
    with pytest.raises(GuideError) as caught:
        guide_from_data(data, file="test.yaml", known_guides={})
    return caught.value


def test_minimal_guide_loads():
    guide = guide_from_data(minimal(), file="test.yaml", known_guides={})
    assert [q.id for q in guide.questions()] == ["q1", "q2", "q3"]


def test_unknown_question_in_show_if_names_the_exact_place():
    data = minimal()
    data["sections"][0]["questions"][2]["show_if"] = {"question": "nope", "equals": "yes"}
    error = error_of(data)
    assert error.file == "test.yaml"
    assert error.path == "sections[0].questions[2].show_if.question"
    assert str(error) == (
        "test.yaml: sections[0].questions[2].show_if.question: unknown question 'nope' "
        "(it must be defined before this point)"
    )


def test_show_if_may_not_refer_to_a_later_question():
    data = minimal()
    data["sections"][0]["questions"][0]["show_if"] = {"question": "q2", "equals": "a"}
    assert error_of(data).path == "sections[0].questions[0].show_if.question"


def test_show_if_value_must_be_an_option_of_the_question():
    data = minimal()
    data["sections"][0]["questions"][2]["show_if"] = {"question": "q2", "equals": "c"}
    error = error_of(data)
    assert error.path == "sections[0].questions[2].show_if.equals"
    assert "'c' is not a value of question 'q2' (allowed: a, b)" in error.problem


def test_nested_condition_path():
    data = minimal()
    data["sections"][0]["questions"][2]["show_if"] = {
        "any": [{"question": "q1", "equals": "yes"}, {"question": "q2", "lt": 3}]
    }
    assert error_of(data).path == "sections[0].questions[2].show_if.any[1].lt"


def test_missing_russian_label_is_an_error():
    data = minimal()
    data["indicators"][0]["label"] = {"en": "Only English"}
    error = error_of(data)
    assert error.path == "indicators[0].label.ru"
    assert "missing translation 'ru'" in error.problem


def test_unknown_key_is_an_error():
    data = minimal()
    data["sections"][0]["questions"][1]["optoins"] = []
    assert error_of(data).path == "sections[0].questions[1].optoins"


def test_unknown_indicator_reference():
    data = minimal()
    data["sections"][0]["questions"][0]["indicators"] = ["x.two"]
    error = error_of(data)
    assert error.path == "sections[0].questions[0].indicators[0]"
    assert "unknown indicator 'x.two'" in error.problem


def test_duplicate_question_id():
    data = minimal()
    data["sections"][0]["questions"][2]["id"] = "q1"
    assert error_of(data).path == "sections[0].questions[2].id"


def test_bad_question_type_and_method():
    data = minimal()
    data["sections"][0]["questions"][2]["type"] = "slider"
    assert error_of(data).path == "sections[0].questions[2].type"
    data = minimal()
    data["scoring"]["method"] = "magic"
    assert error_of(data).path == "scoring.method"


def test_delphi_grade_must_be_known():
    raw = yaml.safe_load((BUILTIN_DIR / "ilo-delphi-labour-adult.yaml").read_text(encoding="utf-8"))
    broken = copy.deepcopy(raw)
    broken["indicators"][4]["grade"] = "very strong"
    error = error_of(broken)
    assert error.path == "indicators[4].grade"


def test_one_line_grade_correction_changes_the_result(tmp_path):
    # Correcting an uncertain grade is a one-line data change.
    source = (BUILTIN_DIR / "ilo-delphi-labour-adult.yaml").read_text(encoding="utf-8")
    line = next(x for x in source.splitlines() if "d3.difficulties_in_past" in x)
    corrected = source.replace(
        line, line.replace("grade: medium, alternative_grades: [weak]", "grade: weak")
    )
    assert (
        sum(a != b for a, b in zip(source.splitlines(), corrected.splitlines(), strict=True)) == 1
    )
    path = tmp_path / "ilo-delphi-labour-adult.yaml"
    path.write_text(corrected, encoding="utf-8")
    assert load_guide(path).indicator("d3.difficulties_in_past").grade == "weak"


def test_invalid_yaml_names_the_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("id: x\ntitle: [unclosed\n", encoding="utf-8")
    with pytest.raises(GuideError) as caught:
        load_guide(path)
    assert caught.value.file.endswith("bad.yaml")
    assert caught.value.path.startswith("line ")


def test_all_builtin_guides_load():
    assert sorted(builtin_guides()) == [
        "identification-interview",
        "ilo-delphi-labour-adult",
        "ilo-delphi-labour-child",
        "ilo-forced-labour",
        "iom-vulnerability",
    ]


def test_every_builtin_guide_cites_its_source():
    for guide in builtin_guides().values():
        assert guide.source["document"] and guide.source["publisher"] and guide.source["year"]
