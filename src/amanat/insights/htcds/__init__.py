"""HTCDS v2.0 case records: mapping, JSON and CSV, in both directions (no Django, no access logic).

`record_from_values` turns a case's values (as `{"person": {...}, "case": {...}, ...}`) into an
HTCDS record (flat `prs_*`/`vic_*`/`cas_*` keys plus `historic_trafficking_events`);
`values_from_record` does the reverse for imports, reporting each unknown or malformed key.
JSON keeps events nested; CSV flattens them into `hte_Country.<Type>` columns and lists into
`;`-joined cells. The mapping is data (`fields.yaml`).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from amanat import rulefiles
from amanat.insights.htcds.schema import FieldsFile

FIELDS_PATH = Path(__file__).resolve().parents[1] / "rules" / "htcds" / "fields.yaml"
STANDARD = "HTCDS v2.0"
EVENTS = "historic_trafficking_events"
RESEARCH = "research"  # pseudonymised; the identifiable purposes are in export_purposes.yaml


@dataclass(frozen=True)
class HtcdsField:
    htcds: str
    target: str  # "person.<name>", "case.<name>" or "owner_organisation.name"
    kind: str = "text"
    personal: bool = False
    direction: str = "both"
    research: str = "keep"  # "year": only the year of a date; "drop": left out of research
    standard_values: tuple[str, ...] | None = None  # the standard's picklist, when codes exceed it
    extension: str | None = None  # the amanat_* field carrying the codes outside the picklist

    @property
    def owner(self) -> str:
        return self.target.split(".", 1)[0]

    @property
    def name(self) -> str:
        return self.target.split(".", 1)[1]


@dataclass(frozen=True)
class EventSpec:
    type: str
    owner: str
    name: str
    many: bool


@dataclass(frozen=True)
class Mapping:
    fields: tuple[HtcdsField, ...]
    events: tuple[EventSpec, ...]
    separator: str
    source: dict

    def by_htcds(self) -> dict[str, HtcdsField]:
        return {f.htcds: f for f in self.fields}

    def exported(self, *, research: bool) -> list[HtcdsField]:
        return [f for f in self.fields if not (research and (f.personal or f.research == "drop"))]

    def extensions(self) -> dict[str, HtcdsField]:
        """{amanat_* extension field: the standard field it completes}."""
        return {f.extension: f for f in self.fields if f.extension}

    def csv_columns(self, *, research: bool) -> list[str]:
        columns = []
        for f in self.exported(research=research):
            columns += [f.htcds, f.extension] if f.extension else [f.htcds]
        return columns + [f"hte_Country.{e.type}" for e in self.events]


@cache
def load_mapping() -> Mapping:
    data = rulefiles.load(FIELDS_PATH, FieldsFile)
    events = []
    for event_type, spec in data.historic_events.items():
        owner, name = spec.target.split(".", 1)
        events.append(EventSpec(event_type, owner, name, spec.many))
    return Mapping(
        fields=tuple(_field(f.model_dump()) for f in data.fields),
        events=tuple(events),
        separator=data.csv_list_separator,
        source=data.source,
    )


def _field(entry: dict) -> HtcdsField:
    values = entry.pop("standard_values")
    return HtcdsField(**entry, standard_values=tuple(values) if values is not None else None)


OTHER = "Other"


def split_extension(f: HtcdsField, codes: list) -> tuple[list, list]:
    """(the standard field's values, the extension field's values): a code outside the standard's
    picklist becomes "Other" in the standard field (once) and keeps its code in the extension."""
    if f.standard_values is None:
        return list(codes), []
    standard = [c for c in codes if c in f.standard_values]
    extension = [c for c in codes if c not in f.standard_values]
    if extension and OTHER not in standard:
        standard.append(OTHER)
    return standard, extension


def join_extension(standard: list, extension: list) -> list:
    """The reverse of `split_extension`: the extension codes replace the "Other" they stand for
    (a genuine "Other" beside them is indistinguishable from it; ADR 1521)."""
    if not extension:
        return list(standard)
    kept = [c for c in standard if c != OTHER]
    return kept + [c for c in extension if c not in kept]


@dataclass(frozen=True)
class RecordProblem:
    record: int  # 1-based position in the file (CSV: line of the file, header = 1)
    field: str
    message: str

    def as_dict(self) -> dict:
        return {"record": self.record, "field": self.field, "message": self.message}

    def __str__(self) -> str:
        return f"record {self.record}, {self.field}: {self.message}"


def _plain(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def record_from_values(values: dict, *, research: bool) -> dict:
    """`values`: {"person": {...}, "case": {...}, "owner_organisation": {...}} -> HTCDS record."""
    mapping = load_mapping()
    record: dict = {}
    for f in mapping.exported(research=research):
        value = values.get(f.owner, {}).get(f.name)
        if f.kind == "list":
            value, extension = split_extension(f, list(value or []))
            if f.extension:
                record[f.extension] = extension
        elif value in ("", None):
            value = None
        elif research and f.research == "year":
            value = str(getattr(value, "year", value))[:4]
        record[f.htcds] = _plain(value)
    events = []
    for e in mapping.events:
        value = values.get(e.owner, {}).get(e.name)
        countries = list(value or []) if e.many else ([value] if value else [])
        events += [{"hte_Type": e.type, "hte_Country": c} for c in countries]
    record[EVENTS] = events
    return record


def values_from_record(record: dict, position: int) -> tuple[dict, dict, list[RecordProblem]]:
    """An HTCDS record -> (person values, case values, problems). Values are not yet validated
    against the vocabularies: the cases app's services do that."""
    mapping = load_mapping()
    fields = mapping.by_htcds()
    extensions = mapping.extensions()
    person: dict = {}
    case: dict = {}
    problems: list[RecordProblem] = []
    if not isinstance(record, dict):
        return person, case, [RecordProblem(position, "", "a record must be an object")]
    extended: dict[str, list] = {}
    for key, value in record.items():
        if key == EVENTS:
            continue
        if key in extensions:
            codes = _list_value(value, mapping.separator)
            if codes is None:
                problems.append(RecordProblem(position, key, "expected a list of codes"))
            elif codes:
                extended[extensions[key].htcds] = codes
            continue
        spec = fields.get(key)
        if spec is None:
            problems.append(
                RecordProblem(position, key, "not an HTCDS v2.0 field this system knows")
            )
            continue
        if spec.direction == "export" or value in (None, "", []):
            continue
        if spec.kind == "list":
            if isinstance(value, str):
                value = [v.strip() for v in value.split(mapping.separator) if v.strip()]
            elif not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                problems.append(RecordProblem(position, key, "expected a list of codes"))
                continue
        elif isinstance(value, list | dict):
            problems.append(RecordProblem(position, key, "expected a single value"))
            continue
        (person if spec.owner == "person" else case)[spec.name] = value
    for key, codes in extended.items():
        spec = fields[key]
        target = person if spec.owner == "person" else case
        target[spec.name] = join_extension(target.get(spec.name, []), codes)
    events = record.get(EVENTS) or []
    if not isinstance(events, list):
        problems.append(RecordProblem(position, EVENTS, "expected a list of events"))
        events = []
    specs = {e.type: e for e in mapping.events}
    for event in events:
        if not isinstance(event, dict) or set(event) - {"hte_Type", "hte_Country"}:
            problems.append(
                RecordProblem(position, EVENTS, "an event has exactly hte_Type and hte_Country")
            )
            continue
        spec = specs.get(event.get("hte_Type"))
        if spec is None:
            problems.append(
                RecordProblem(
                    position,
                    "hte_Type",
                    f"{event.get('hte_Type')!r} is not one of {', '.join(specs)}",
                )
            )
            continue
        country = event.get("hte_Country")
        if not isinstance(country, str) or not country.strip():
            problems.append(RecordProblem(position, "hte_Country", "a country code is required"))
            continue
        target = case if spec.owner == "case" else person
        if spec.many:
            target.setdefault(spec.name, []).append(country.strip().upper())
        elif spec.name in target:
            problems.append(
                RecordProblem(position, "hte_Type", f"only one {spec.type} event is allowed")
            )
        else:
            target[spec.name] = country.strip().upper()
    return person, case, problems


def _list_value(value, separator: str) -> list | None:
    if value in (None, "", []):
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(separator) if v.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return None


# --- Files ---------------------------------------------------------------------------------


def dumps_json(records: list[dict], *, purpose: str, exported_at: str, extra: dict) -> str:
    return json.dumps(
        {
            "standard": STANDARD,
            "purpose": purpose,
            "exported_at": exported_at,
            **extra,
            "records": records,
        },
        ensure_ascii=False,
        indent=2,
    )


def dumps_csv(records: list[dict], *, research: bool) -> str:
    mapping = load_mapping()
    columns = mapping.csv_columns(research=research)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for record in records:
        row = {}
        for f in mapping.exported(research=research):
            for key in (f.htcds, f.extension) if f.extension else (f.htcds,):
                value = record.get(key)
                row[key] = (
                    mapping.separator.join(value)
                    if isinstance(value, list)
                    else ("" if value is None else value)
                )
        for e in mapping.events:
            row[f"hte_Country.{e.type}"] = mapping.separator.join(
                ev["hte_Country"] for ev in record.get(EVENTS, []) if ev["hte_Type"] == e.type
            )
        writer.writerow(row)
    return buffer.getvalue()


class HtcdsFileError(ValueError):
    """The file cannot be read as HTCDS JSON or CSV at all (message safe to show)."""


def loads_json(text: str) -> list[dict]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise HtcdsFileError(f"not valid JSON: {error.msg} (line {error.lineno})") from None
    if isinstance(data, dict):
        data = data.get("records")
    if not isinstance(data, list):
        raise HtcdsFileError("expected a list of records, or an object with 'records'")
    return data


def loads_csv(text: str) -> list[dict]:
    """CSV rows -> records (events rebuilt from the `hte_Country.<Type>` columns)."""
    mapping = load_mapping()
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        raise HtcdsFileError("the CSV file has no header row")
    records = []
    for row in reader:
        if None in row:
            raise HtcdsFileError(f"line {reader.line_num}: more cells than columns")
        record: dict = {}
        events = []
        for key, value in row.items():
            value = (value or "").strip()
            if key.startswith("hte_Country."):
                event_type = key.split(".", 1)[1]
                events += [
                    {"hte_Type": event_type, "hte_Country": c.strip()}
                    for c in value.split(mapping.separator)
                    if c.strip()
                ]
            elif value != "":
                record[key] = value
        record[EVENTS] = events
        records.append(record)
    return records
