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

    def csv_columns(self, *, research: bool) -> list[str]:
        return [f.htcds for f in self.exported(research=research)] + [
            f"hte_Country.{e.type}" for e in self.events
        ]


@cache
def load_mapping() -> Mapping:
    data = rulefiles.load(FIELDS_PATH, FieldsFile)
    events = []
    for event_type, spec in data.historic_events.items():
        owner, name = spec.target.split(".", 1)
        events.append(EventSpec(event_type, owner, name, spec.many))
    return Mapping(
        fields=tuple(HtcdsField(**f.model_dump()) for f in data.fields),
        events=tuple(events),
        separator=data.csv_list_separator,
        source=data.source,
    )


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
            value = list(value or [])
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
    person: dict = {}
    case: dict = {}
    problems: list[RecordProblem] = []
    if not isinstance(record, dict):
        return person, case, [RecordProblem(position, "", "a record must be an object")]
    for key, value in record.items():
        if key == EVENTS:
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
            value = record.get(f.htcds)
            row[f.htcds] = (
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
