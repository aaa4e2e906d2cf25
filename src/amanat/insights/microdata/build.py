"""From case rows to de-identified microdata: derive the declared variables, k-anonymise the
quasi-identifiers (global recoding by the declared hierarchies, then local suppression:
`insights.ctdc.kanon`), and encode the result with numeric codes and labels (no Django).

Input rows (one per case with research consent), columns of `INPUT_SCHEMA`. Output: a
`Microdata` with the text frame (for CSV and the tests), the numeric frame with variable and
value labels (for SPSS and Stata) and the anonymisation report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from amanat.insights.ctdc.hierarchy import m49_maps
from amanat.insights.ctdc.kanon import KAnonReport, k_anonymise
from amanat.insights.i18n import bilingual, pgettext_lazy
from amanat.insights.microdata.spec import band, hierarchies, load_spec, value_labels
from amanat.insights.stats.labels import country_label, region_label

INPUT_SCHEMA: dict[str, pl.DataType] = {
    "birth_year": pl.Int16,
    "identified_year": pl.Int16,
    "gender": pl.String,
    "citizenship": pl.String,  # first recorded citizenship, ISO 3166-1 alpha-2
    "marital_status": pl.String,
    "number_of_children": pl.Int16,
    "country": pl.String,  # of identification
    "region": pl.String,  # of identification, ISO 3166-2, or empty
    "ethnicity": pl.String,
    "urban_rural": pl.String,
    "trafficking_status": pl.String,
    "case_status": pl.String,
    "isForcedLabour": pl.Int8,
    "isSexualExploit": pl.Int8,
    "isOtherExploit": pl.Int8,
    "channelOnline": pl.Int8,
    "channelPersonalContacts": pl.Int8,
    "disability": pl.String,
    "disabilityAcquiredInExploitation": pl.Int8,
}
RECORD_ID = "record_id"
SUPPRESSED_LABEL = pgettext_lazy("microdata", "Suppressed for k-anonymity")
MISSING_LABEL = pgettext_lazy("microdata", "Not recorded")
YES_NO = {
    1: pgettext_lazy("microdata", "Yes"),
    0: pgettext_lazy("microdata", "No"),
}


@dataclass
class Microdata:
    text: pl.DataFrame  # codes as text ('*' = suppressed, null = not recorded)
    numeric: pl.DataFrame  # the same with integer codes
    variable_labels: dict[str, dict[str, str]]  # name -> {en, ru}
    value_labels: dict[str, dict[int, dict[str, str]]]  # name -> code -> {en, ru}
    value_codes: dict[str, dict[str, int]]  # name -> text value -> code
    report: KAnonReport
    quasi_identifiers: tuple[str, ...]
    cases_in: int
    extra: dict = field(default_factory=dict)


def _empty(text: pl.Expr) -> pl.Expr:
    return pl.when(text.is_null() | (text == "")).then(None).otherwise(text)


def derive(rows: pl.DataFrame) -> pl.DataFrame:
    """The declared variables, at level 0, from the input rows."""
    spec = load_spec()
    qi = spec.quasi_identifiers
    age = pl.col("identified_year").cast(pl.Int32) - pl.col("birth_year").cast(pl.Int32)
    frame = rows.with_columns(age.alias("_age"))
    columns = {
        "age_band": pl.col("_age").map_elements(
            lambda v: band(v, qi["age_band"].bands), return_dtype=pl.String
        ),
        "gender": _empty(pl.col("gender")),
        "citizenship": _empty(pl.col("citizenship")),
        "marital_status": _empty(pl.col("marital_status")),
        "number_of_children": pl.col("number_of_children").map_elements(
            lambda v: band(v, qi["number_of_children"].bands), return_dtype=pl.String
        ),
        "region": pl.coalesce(_empty(pl.col("region")), _empty(pl.col("country"))),
        "ethnicity": _empty(pl.col("ethnicity")),
        "urban_rural": _empty(pl.col("urban_rural")),
        "year_identified": pl.col("identified_year").cast(pl.String),
    }
    for name, variable in spec.variables.items():
        if variable.binary:
            columns[name] = pl.col(variable.binary).cast(pl.Int8)
        else:
            columns[name] = _empty(pl.col(name))
    unknown = set(columns) - set(qi) - set(spec.variables)
    if unknown:  # a declaration and this code out of step must fail loudly
        raise AssertionError(f"undeclared microdata variables: {sorted(unknown)}")
    order = [*qi, *spec.variables]  # the declared order, quasi-identifiers first
    return frame.select([columns[name].alias(name) for name in order])


def _labels_for(name: str, values: list[str]) -> dict[str, dict[str, str]]:
    spec = load_spec()
    qi = spec.quasi_identifiers.get(name)
    known = value_labels(name)
    m49_names = {v: v for level in m49_maps().values() for v in level.values()}
    labels = {}
    for value in values:
        if value in known:
            labels[value] = known[value]
        elif qi is not None and (qi.countries or (qi.regions and len(value) == 2)):
            labels[value] = country_label(value) if value not in m49_names else _same(value)
        elif qi is not None and qi.regions:
            labels[value] = region_label(value)
        else:
            labels[value] = _same(value)
    return labels


def _same(value: str) -> dict[str, str]:
    return {"en": value, "ru": value}


def _order(name: str, values: set[str]) -> list[str]:
    declared = list(value_labels(name))
    first = [v for v in declared if v in values]
    return first + sorted(values - set(first))


def encode(text: pl.DataFrame, quasi_identifiers: tuple[str, ...]) -> tuple[pl.DataFrame, dict]:
    """Integer codes for every categorical variable (1..n in the declared order; suppressed and
    missing get the declared negative codes), with value labels in both languages."""
    spec = load_spec()
    suppressed, missing = spec.suppressed_code, spec.missing_code
    codes: dict[str, dict[str, int]] = {}
    labels: dict[str, dict[int, dict[str, str]]] = {}
    numeric = [pl.col(RECORD_ID)]
    for name in text.columns:
        if name == RECORD_ID:
            continue
        binary = name in spec.variables and spec.variables[name].binary
        if binary:
            numeric.append(pl.col(name).fill_null(missing).cast(pl.Int16).alias(name))
            labels[name] = {code: bilingual(msg) for code, msg in YES_NO.items()}
            labels[name][missing] = bilingual(MISSING_LABEL)
            continue
        present = {v for v in text[name].drop_nulls().to_list() if v != spec.suppressed_value}
        ordered = _order(name, present)
        mapping = {value: i for i, value in enumerate(ordered, start=1)}
        described = _labels_for(name, ordered)
        labels[name] = {mapping[v]: described[v] for v in ordered}
        labels[name][missing] = bilingual(MISSING_LABEL)
        if name in quasi_identifiers:
            mapping[spec.suppressed_value] = suppressed
            labels[name][suppressed] = bilingual(SUPPRESSED_LABEL)
        codes[name] = mapping
        numeric.append(
            pl.col(name).replace_strict(mapping, default=None).fill_null(missing).cast(pl.Int16)
        )
    return text.select(numeric), {"codes": codes, "labels": labels}


def build_microdata(
    rows: pl.DataFrame, *, k: int | None = None, max_suppressed_fraction: float | None = None
) -> Microdata:
    spec = load_spec()
    book = hierarchies()
    derived = derive(rows)
    qis = book.default_quasi_identifiers
    anonymised, report = k_anonymise(
        derived,
        list(qis),
        spec.default_k if k is None else k,
        max_suppressed_fraction=spec.max_suppressed_fraction
        if max_suppressed_fraction is None
        else max_suppressed_fraction,
        hierarchies=book,
    )
    report.rule = report.rule.replace("hierarchies.yaml", "microdata.yaml")
    # Rows in a stable order that says nothing about the case order, then a record number.
    ordered = anonymised.sort(list(anonymised.columns), nulls_last=True)
    text = ordered.with_row_index(RECORD_ID, offset=1).with_columns(
        pl.col(RECORD_ID).cast(pl.Int32)
    )
    numeric, coded = encode(text, qis)
    variable_labels = {RECORD_ID: bilingual(pgettext_lazy("microdata", "Record number"))}
    for name, qi in spec.quasi_identifiers.items():
        variable_labels[name] = dict(qi.label)
    for name, variable in spec.variables.items():
        variable_labels[name] = dict(variable.label)
    return Microdata(
        text=text,
        numeric=numeric,
        variable_labels=variable_labels,
        value_labels=coded["labels"],
        value_codes=coded["codes"],
        report=report,
        quasi_identifiers=qis,
        cases_in=rows.height,
    )
