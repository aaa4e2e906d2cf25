"""benchmarks/records_generator.py: deterministic, realistic, and carrying the truth."""

from __future__ import annotations

import csv
import re
from collections import Counter

import phonenumbers

from amanat.cases.linkage.features import parse_phone


def _records(generator, people=300, records=900, seed=3):
    persons = list(generator.generate_people(people, seed))
    return persons, list(generator.generate_records(persons, records, seed))


def test_same_seed_same_records_other_seed_other_records(generator):
    assert _records(generator)[1] == _records(generator)[1]
    assert _records(generator)[1] != _records(generator, seed=4)[1]


def test_every_person_appears_and_ids_are_unique(generator):
    persons, records = _records(generator)
    assert len({r["record_id"] for r in records}) == 900
    assert {r["true_person_id"] for r in records} == {p["person_id"] for p in persons}
    assert set(records[0]) == set(generator.OUTPUT_COLUMNS)


def test_five_languages_both_scripts_and_uzbek_apostrophe_forms(generator):
    persons, records = _records(generator, people=2000, records=6000)
    assert set(Counter(p["language"] for p in persons)) == {"ru", "kk", "ky", "tg", "uz"}
    cyrillic = sum(bool(re.search("[а-яё]", r["last_name"], re.I)) for r in records)
    latin = sum(
        bool(re.fullmatch(r"[A-Za-z'ʻ`’ -]+", r["last_name"])) for r in records if r["last_name"]
    )
    assert cyrillic > 2000 and latin > 1000
    names = " ".join(r["first_name"] + " " + r["last_name"] for r in records)
    for mark in ("o'", "oʻ", "o`", "o’"):
        assert mark in names.lower()
    assert "уулу" in " ".join(r["last_name"] + r["patronymic"] for r in records)
    assert any(r["last_name"].endswith("зода") for r in records)


def test_common_names_are_shared_by_different_people(generator):
    persons, _ = _records(generator, people=5000, records=5000)
    by_name = Counter((p["given"], p["surname"]) for p in persons)
    name, count = by_name.most_common(1)[0]
    assert count >= 15  # Zipf skew: the commonest full name belongs to many people


def test_variations_happen_at_their_rates(generator):
    _, records = _records(generator, people=3000, records=10000)
    empty = Counter(c for r in records for c, v in r.items() if v == "")
    assert 0.25 < empty["phone"] / 10000 < 0.45
    assert 0.35 < empty["document_number"] / 10000 < 0.55
    assert 0.03 < empty["birth_date"] / 10000 < 0.09
    assert empty["record_id"] == 0 and empty["true_person_id"] == 0
    assert any("." in r["birth_date"] for r in records)  # DD.MM.YYYY written too


def test_every_generated_phone_is_a_valid_number_of_its_country(generator):
    _, records = _records(generator, people=1000, records=3000)
    phones = [r for r in records if r["phone"]]
    assert len(phones) > 1500
    for r in phones:
        e164 = parse_phone(r["phone"], r["citizenship"] or None)
        assert phonenumbers.is_valid_number(phonenumbers.parse(e164)), r["phone"]
    local = [r["phone"] for r in phones if not r["phone"].startswith(("+", "7", "9"))]
    assert local  # national formats without the country code are generated


def test_cli_writes_the_dedup_columns_and_the_truth(generator, tmp_path):
    out = tmp_path / "r.csv"
    assert (
        generator.main(["--people", "50", "--records", "120", "--seed", "2", "--out", str(out)])
        == 0
    )
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 120
    assert tuple(rows[0]) == generator.OUTPUT_COLUMNS
    assert generator.OUTPUT_COLUMNS[-1] == "true_person_id"
