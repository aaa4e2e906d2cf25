"""amanat.cases.linkage.features: what the model compares, and bad values named by row/column."""

from __future__ import annotations

import pytest

from amanat.cases.linkage.features import father_key, parse_phone, record_features
from amanat.tables import TableError, TableRow


def feats(**values):
    return record_features(TableRow(number=7, values={"record_id": "a1", **values}), "in.csv")


def test_cyrillic_and_latin_spellings_fold_to_one_key():
    a = feats(first_name="Жылдызбек", last_name="Абдуллаева")
    b = feats(first_name="Jyldyzbek", last_name="ABDULLAYEVA")
    c = feats(
        first_name="", last_name="", first_name_latin="Jildizbek", last_name_latin="Abdullaev"
    )
    assert a["fn_key"] == b["fn_key"] == c["fn_key"] == "jildizbek"
    assert a["sn_key"] == b["sn_key"] == c["sn_key"] == "abdulaev"
    assert a["name_key"] == "abdulaev jildizbek"


def test_swapped_names_share_the_order_free_key():
    assert (
        feats(first_name="Асанов", last_name="Бакыт")["name_key"]
        == feats(first_name="Бакыт", last_name="Асанов")["name_key"]
    )


@pytest.mark.parametrize(
    "patronymic", ["Азизович", "Азизовна", "Aziz o'g'li", "Азиз ўғли", "Азиз уулу", "Azizovich"]
)
def test_father_name_from_any_patronymic_form(patronymic):
    assert father_key(patronymic) == "aziz"


@pytest.mark.parametrize(
    ("text", "region", "e164"),
    [
        ("0555123456", None, "+996555123456"),
        ("+996 555 12 34 56", None, "+996555123456"),
        ("8 (701) 123-45-67", "KZ", "+77011234567"),
        ("87011234567", None, "+77011234567"),
        ("90 123 45 67", "UZ", "+998901234567"),
        ("931234567", "TJ", "+992931234567"),
        ("+7 916 123 45 67", None, "+79161234567"),
    ],
)
def test_phones_in_national_formats_become_e164(text, region, e164):
    assert parse_phone(text, region) == e164


def test_birth_date_formats_and_the_swapped_reading():
    r = feats(birth_date="05.03.1990")
    assert (r["dob"], r["dob_swap"], r["birth_year"]) == ("1990-03-05", "1990-05-03", 1990)
    assert feats(birth_date="1990-03-25")["dob_swap"] is None  # 25 cannot be a month
    assert feats(birth_date="1990-03-03")["dob_swap"] is None
    assert feats(birth_date="1990-03-05T00:00:00")["dob"] == "1990-03-05"  # an XLSX date cell


def test_gender_citizenship_and_document_normalised():
    r = feats(gender="Feminine", citizenship="kgz", document_number="ac 123-4567")
    assert (r["gender"], r["citizenship"], r["document"]) == ("F", "KG", "AC1234567")
    assert feats(gender="NonSpecifiedUnknown")["gender"] is None
    assert feats()["fn_key"] is None and feats()["phone"] is None


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("birth_date", "31.02.1990"),
        ("birth_date", "yesterday"),
        ("phone", "call me"),
        ("phone", "12"),
        ("gender", "X"),
        ("citizenship", "ZZ"),
    ],
)
def test_bad_values_name_the_row_and_column(column, value):
    with pytest.raises(TableError) as error:
        feats(**{column: value})
    assert (error.value.row, error.value.column) == (7, column)
    assert error.value.message.startswith(f"in.csv, row 7, column '{column}': ")


def test_empty_record_id_is_an_error():
    with pytest.raises(TableError) as error:
        record_features(TableRow(number=3, values={"record_id": ""}), "in.csv")
    assert (error.value.row, error.value.column) == (3, "record_id")


def test_shipped_model_loads_with_its_prior_scaled_to_the_file():
    import json

    from amanat.cases.linkage.model import MODEL_FILE, SHIPPED_TRAINED_ON, shipped_model

    stored = json.loads(MODEL_FILE.read_text(encoding="utf-8"))[
        "probability_two_random_records_match"
    ]
    assert shipped_model(SHIPPED_TRAINED_ON)["probability_two_random_records_match"] == stored
    assert shipped_model(SHIPPED_TRAINED_ON // 10)["probability_two_random_records_match"] == (
        pytest.approx(stored * 10)
    )
    assert shipped_model(1)["probability_two_random_records_match"] <= 0.5
    names = [c["output_column_name"] for c in shipped_model(10)["comparisons"]]
    assert names == [
        "fn_key",
        "sn_key",
        "father_key",
        "dob",
        "phone",
        "document",
        "gender",
        "citizenship",
    ]


def test_reason_codes_come_from_the_comparison_levels_never_values():
    from amanat.cases.linkage.model import reasons

    assert reasons({"fn_key": 5, "sn_key": 4, "dob": 3, "phone": 1, "document": 0}) == (
        "name",
        "name_variant",
        "birth_date_similar",
        "phone",
    )
    assert reasons({"fn_key": 2, "sn_key": 2, "father_key": 2, "document": 2}) == (
        "name_swapped",
        "patronymic",
        "document",
    )
    assert reasons({"fn_key": -1, "dob": 0}) == ()
