"""Build field submissions the way a phone would: walk the exported survey sheet in order, fill
what is relevant, and write the record in the shape a collection server exports."""

from __future__ import annotations

import io
import itertools
import random
import re
import uuid

from openpyxl import load_workbook

# Distinct people, so that new persons in one test are not possible duplicates of each other.
FIRST_NAMES = [
    "Айгуль",
    "Бахтиёр",
    "Гульнара",
    "Дильшод",
    "Жанна",
    "Зарина",
    "Ильхом",
    "Камила",
    "Лола",
    "Мирлан",
    "Нигора",
    "Олжас",
    "Рустам",
    "Сабина",
    "Тимур",
    "Умида",
    "Фарход",
    "Хуршида",
    "Шахзод",
    "Эльмира",
    "Юлдуз",
    "Якуб",
    "Азамат",
    "Бегимай",
]
LAST_NAMES = ["Садыкова", "Каримов", "Абдуллаева", "Юсупов", "Омарова", "Турсунов", "Жумабаев",
              "Исмаилова", "Рахимов", "Нурланова", "Ташкентов", "Ахмедова", "Бекмуратов",
              "Сулейменова", "Джумаев", "Хасанова", "Мамбетов", "Эргашева", "Усенов", "Ниязова",
              "Касымов", "Алиева", "Орозбеков", "Шарипова"]  # fmt: skip
_PEOPLE = itertools.cycle(zip(FIRST_NAMES, LAST_NAMES, strict=True))
_REF = re.compile(r"\$\{([A-Za-z0-9_.\-]+)\}")
_EQ = re.compile(r"(?<![!<>=])=(?!=)")


def read_sheets(data: bytes) -> tuple[list[dict], dict[str, list[str]], dict[str, str]]:
    book = load_workbook(io.BytesIO(data))
    survey_rows = list(book["survey"].iter_rows(values_only=True))
    header = survey_rows[0]
    survey = [dict(zip(header, row, strict=True)) for row in survey_rows[1:]]
    choices: dict[str, list[str]] = {}
    for row in list(book["choices"].iter_rows(values_only=True))[1:]:
        choices.setdefault(row[0], []).append(row[1])
    settings_rows = list(book["settings"].iter_rows(values_only=True))
    settings = dict(zip(settings_rows[0], settings_rows[1], strict=True))
    return survey, choices, settings


def relevant(expression: str | None, values: dict) -> bool:
    """Evaluate the XPath subset the exporter writes (test-side, independent of the exporter)."""
    if not expression:
        return True
    code = _REF.sub(lambda m: f"v({m.group(1)!r})", expression)
    code = _EQ.sub("==", code).replace("not(", "not (").replace("selected(", "sel(")

    def v(name):
        value = values.get(name, "")
        return int(value) if re.fullmatch(r"\d+", value) else value

    def sel(value, option):
        return option in (value or "").split()

    return bool(eval(code, {"v": v, "sel": sel}))  # noqa: S307 - the test's own expressions


def fill(
    survey,
    choices,
    rng: random.Random,
    *,
    case_code: str = "",
    consent: str = "yes",
    overrides: dict | None = None,
):
    """(flat record keyed by group path, {name: value} of the answered fields)."""
    overrides = overrides or {}
    path: list[str] = []
    group_shown: list[bool] = []
    values: dict[str, str] = {}
    record: dict[str, object] = {}
    for row in survey:
        kind = (row["type"] or "").split()
        name = row["name"]
        if kind[0] == "begin_group":
            group_shown.append(all(group_shown) and relevant(row["relevant"], values))
            path.append(name)
            continue
        if kind[0] == "end_group":
            path.pop()
            group_shown.pop()
            continue
        if kind[0] == "calculate":
            if name == "amanat_form":
                record[name] = row["calculation"].strip("'")
            continue
        if kind[0] == "note" or not all(group_shown) or not relevant(row["relevant"], values):
            continue
        value = _value(kind, name, choices, rng, case_code, consent)
        value = overrides.get(name, value)
        if value == "":
            continue
        values[name] = value
        record["/".join([*path, name])] = value
    return record, values


def _value(kind, name, choices, rng, case_code, consent):
    if name in ("consent_interview", "consent_assistance"):
        return consent
    if name == "amanat_case_code":
        return case_code
    if name == "amanat_first_name":
        first, last = next(_PEOPLE)
        _value.last = last
        return first
    if name == "amanat_last_name":
        return _value.last
    if kind[0] == "select_one":
        return rng.choice(choices[kind[1]])
    if kind[0] == "select_multiple":
        options = choices[kind[1]]
        return " ".join(rng.sample(options, rng.randint(0, min(3, len(options)))))
    if kind[0] == "integer":
        return str(rng.randint(10, 60))
    if kind[0] == "decimal":
        return str(rng.randint(0, 50))
    if kind[0] == "date":
        return f"2025-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
    return rng.choice(["", "заметка", "note"])


def kobo_record(record: dict, instance: str | None = None) -> dict:
    """A Kobo API v2 `results` item: group paths, meta/instanceID, _uuid, _submission_time."""
    instance = instance or str(uuid.uuid4())
    return {**record, "meta/instanceID": f"uuid:{instance}", "_uuid": instance,
            "_submission_time": "2025-06-01T10:00:00", "_id": 1, "__version__": "vAbc"}  # fmt: skip


def odata_record(record: dict, instance: str | None = None, version: str = "1.0") -> dict:
    """An ODK Central OData `value` item: groups as nested objects, __id, __system."""
    instance = instance or str(uuid.uuid4())
    nested: dict = {"__id": f"uuid:{instance}", "meta": {"instanceID": f"uuid:{instance}"},
                    "__system": {"submissionDate": "2025-06-01T10:00:00Z",
                                 "formVersion": version}}  # fmt: skip
    for key, value in record.items():
        target = nested
        *groups, name = key.split("/")
        for group in groups:
            target = target.setdefault(group, {})
        if re.fullmatch(r"\d+", str(value)):
            value = int(value)  # OData types numbers
        target[name] = value
    return nested


def answer_set(guide, values: dict) -> dict:
    """The engine's answer set for the answered fields (what direct scoring gets)."""
    if guide.sections:
        questions = {q.id: q for q in guide.questions()}
        answers = {}
        for name, value in values.items():
            question = questions.get(name)
            if question is None:
                continue
            if question.type == "multiple_choice":
                value = value.split()
            elif question.type == "number":
                value = int(value)
            answers[name] = value
        return {"answers": answers}
    present = [i for n, v in values.items() if n.startswith("present_") for i in v.split()]
    facts = {}
    if "fact_age" in values:
        facts["age"] = int(values["fact_age"])
    for name in ("act_established", "presumed_victim"):
        if values.get(f"fact_{name}") in ("yes", "no"):
            facts[name] = values[f"fact_{name}"] == "yes"
    return {"present": present, "facts": facts}
