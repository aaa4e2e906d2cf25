"""Guide errors read from a file name the line, and list every problem of the file's shape."""

import pytest

from amanat.rulefiles import RuleFileError
from amanat.screening.engine import GuideError, load_guide
from amanat.screening.engine.loader import BUILTIN_DIR

GUIDE = """\
id: test-guide
version: "1"
title: {en: T, ru: Т}
languages: [en, ru]
source: {document: Doc, publisher: Pub, year: 2024}
indicators:
  - {id: x.one, label: {en: One, ru: Один}}
sections:
  - id: s1
    title: {en: S, ru: С}
    questions:
      - {id: q1, type: yes_no, label: {en: Q, ru: В}, indicators: [x.one]}
      - id: q2
        type: single_choice
        label: {en: Q, ru: В}
        options:
          - {id: a, label: {en: A, ru: А}}
          - {id: a, label: {en: B, ru: Б}}
      - {id: q3, type: text, label: {en: Q, ru: В}, show_if: {question: q9, equals: yes}}
scoring: {method: checklist, rule: {id: r, description: {en: D, ru: Д}, citation: C}}
"""


def load_text(tmp_path, text):
    path = tmp_path / "test-guide.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GuideError) as caught:
        load_guide(path)
    return caught.value


def test_shape_error_names_file_line_and_path(tmp_path):
    error = load_text(tmp_path, GUIDE)
    assert (error.line, error.path) == (18, "sections[0].questions[1].options[1].id")
    assert error.problem == "duplicate option id 'a'"
    assert str(error).endswith("test-guide.yaml:18: sections[0].questions[1].options[1].id: "
                               "duplicate option id 'a'")  # fmt: skip
    assert isinstance(error, RuleFileError)


def test_reference_error_after_validation_has_its_line_too(tmp_path):
    error = load_text(tmp_path, GUIDE.replace("{id: a, label: {en: B", "{id: b, label: {en: B"))
    assert (error.line, error.path) == (19, "sections[0].questions[2].show_if.question")
    assert "unknown question 'q9'" in error.problem


def test_every_shape_problem_is_listed(tmp_path):
    text = GUIDE.replace('version: "1"', "version: [1]").replace("type: text", "type: slider")
    error = load_text(tmp_path, text)
    assert [(p.line, p.path) for p in error.problems] == [
        (2, "version"),
        (18, "sections[0].questions[1].options[1].id"),
        (19, "sections[0].questions[2].type"),
    ]
    assert error.problems[2].message == (
        "'slider' is not one of yes_no, single_choice, multiple_choice, number, date, text"
    )


def test_unknown_key_in_a_builtin_guide_names_its_line(tmp_path):
    source = (BUILTIN_DIR / "ilo-forced-labour.yaml").read_text(encoding="utf-8")
    lines = source.splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines.insert(number, "titel: oops")
    error = load_text(tmp_path, "\n".join(lines) + "\n")
    assert (error.line, error.path) == (number + 1, "titel")
    assert error.problem.startswith("unknown key 'titel' (allowed: ")
