"""The one rule-file loader: every problem named as `file:line: path: message`."""

import os

import pytest
from pydantic import field_validator

from amanat.rulefiles import RuleFileError, RuleModel, load, problem, validate


class Item(RuleModel):
    code: str
    weight: int = 1


class Catalogue(RuleModel):
    id: str
    items: list[Item]

    @field_validator("items")
    @classmethod
    def _unique(cls, items):
        seen = set()
        for index, item in enumerate(items):
            if item.code in seen:
                raise problem(f"duplicate code '{item.code}'", index, "code")
            seen.add(item.code)
        return items


def write(tmp_path, text, name="rules.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def messages(error):
    return [str(p).split("/")[-1] for p in error.problems]


def test_valid_file_gives_the_model(tmp_path):
    path = write(tmp_path, "id: x\nitems:\n  - {code: a, weight: 2}\n  - code: b\n")
    catalogue = load(path, Catalogue)
    assert [(i.code, i.weight) for i in catalogue.items] == [("a", 2), ("b", 1)]


def test_bad_type_names_file_line_and_path(tmp_path):
    path = write(tmp_path, "id: x\nitems:\n  - code: a\n  - code: b\n    weight: heavy\n")
    with pytest.raises(RuleFileError) as caught:
        load(path, Catalogue)
    assert messages(caught.value) == [
        "rules.yaml:5: items[1].weight: expected an integer, found 'heavy'"
    ]
    assert caught.value.first.line == 5
    assert caught.value.first.path == "items[1].weight"


def test_missing_key_points_at_the_mapping_that_lacks_it(tmp_path):
    path = write(tmp_path, "id: x\nitems:\n  - code: a\n  - weight: 3\n")
    with pytest.raises(RuleFileError) as caught:
        load(path, Catalogue)
    assert messages(caught.value) == ["rules.yaml:4: items[1].code: is required"]


def test_unknown_key_is_an_error_with_its_own_line(tmp_path):
    path = write(tmp_path, "id: x\nitems:\n  - code: a\n    wieght: 3\n")
    with pytest.raises(RuleFileError) as caught:
        load(path, Catalogue)
    assert messages(caught.value) == [
        "rules.yaml:4: items[0].wieght: unknown key 'wieght' (allowed: code, weight)"
    ]


def test_every_problem_is_listed_in_file_order(tmp_path):
    path = write(tmp_path, "items:\n  - code: [a]\n  - {code: b, weight: x}\n")
    with pytest.raises(RuleFileError) as caught:
        load(path, Catalogue)
    assert messages(caught.value) == [
        "rules.yaml:1: id: is required",
        "rules.yaml:2: items[0].code: expected a string, found list",
        "rules.yaml:3: items[1].weight: expected an integer, found 'x'",
    ]


def test_a_validator_problem_points_below_the_value(tmp_path):
    path = write(tmp_path, "id: x\nitems:\n  - code: a\n  -\n    code: a\n")
    with pytest.raises(RuleFileError) as caught:
        load(path, Catalogue)
    assert messages(caught.value) == ["rules.yaml:5: items[1].code: duplicate code 'a'"]


def test_invalid_yaml_names_the_line(tmp_path):
    path = write(tmp_path, "id: x\nitems: [unclosed\n")
    with pytest.raises(RuleFileError) as caught:
        load(path, Catalogue)
    assert len(caught.value.problems) == 1
    assert caught.value.first.line == 3
    assert caught.value.first.message.startswith("not valid YAML")


def test_missing_file_is_a_rule_file_error(tmp_path):
    with pytest.raises(RuleFileError) as caught:
        load(tmp_path / "absent.yaml", Catalogue, name="absent.yaml")
    assert str(caught.value).startswith("absent.yaml: cannot read the file")


def test_cache_follows_the_file(tmp_path):
    path = write(tmp_path, "id: x\nitems: []\n")
    first = load(path, Catalogue)
    assert load(path, Catalogue) is first
    path.write_text("id: y\nitems: []\n", encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert load(path, Catalogue).id == "y"


def test_validate_data_in_memory_has_no_lines():
    with pytest.raises(RuleFileError) as caught:
        validate({"id": "x", "items": [{}]}, Catalogue, file="inline")
    assert str(caught.value) == "inline: items[0].code: is required"


def test_rulefiles_imports_no_django():
    import subprocess
    import sys

    code = "import sys, amanat.rulefiles; print(any(m.startswith('django') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
