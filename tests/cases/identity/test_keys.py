"""The pure parts of the name index: which keys a name gets, and ranking over sealed keys."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from amanat.cases.identity.keys import (
    BITS,
    key_similarity,
    name_keys,
    read_sealed,
    sealed_form,
    skeleton,
)
from amanat.cases.names import fold_name, name_similarity

PAIRS = list(csv.DictReader((Path(__file__).parents[1] / "name_pairs.csv").open(encoding="utf-8")))


def test_ranking_over_sealed_keys_equals_the_engines_similarity_on_every_pair():
    for pair in PAIRS:
        a, b = fold_name(pair["query"]), fold_name(pair["record"])
        assert key_similarity(a.keys, b.keys) == pytest.approx(name_similarity(a, b)), pair


def test_sealed_form_round_trips_with_the_script_of_each_name():
    names = [fold_name("Абдуллаев Жамшид"), fold_name("Abdullayev Jamshid"), fold_name("")]
    assert read_sealed(sealed_form(names)) == [
        ("cyrillic", ("abdulaev", "jamshid")),
        ("latin", ("abdulaev", "jamshid")),
    ]
    assert read_sealed("") == []


def test_keys_of_a_name_and_what_a_patronymic_does_not_get():
    assert skeleton("abdulaev") == "bdlv"
    assert name_keys("Рахимова Гульнара Ахмедовна") == {
        ("t", "rahimov"),
        ("s", "rhmv"),
        ("h", "rahi"),
        ("e", "imov"),
        ("t", "gulnara"),
        ("s", "glnr"),
        ("h", "guln"),
        ("e", "nara"),
        ("t", "ahmedovich"),
        ("s", "hmdvch"),  # a patronymic: no head/tail keys ("-ovich" would fill one bucket)
    }
    assert name_keys("Asanov Bakyt uulu") == name_keys("Асанов Бакыт уулу")


def test_bit_lengths_are_those_adr_0120_computed():
    assert BITS == {"t": 11, "s": 10, "h": 9, "e": 9}
