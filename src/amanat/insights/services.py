"""Every write of the insights app: keyword-only, atomic, audited.

Research datasets are written once (`dataset_import_ctdc`) and never edited; HTCDS case imports
create cases through the cases app's own services (`htcds_import`).
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from django.db import transaction
from django.utils.translation import gettext as _

from amanat.accounts.roles import Perm
from amanat.cases.field_spec import CASE_FIELD_MAP, PERSON_FIELD_MAP, clean_value
from amanat.cases.services import case_decide_trafficking_status, case_open
from amanat.cases.timeline import case_event_record
from amanat.core import vocabularies
from amanat.errors import Conflict, NotFound, ValidationError
from amanat.insights import htcds
from amanat.insights.ctdc.codebook import load_codebook
from amanat.insights.ctdc.reader import HEADER_ROW, RowProblem, read_ctdc
from amanat.insights.exports import HtcdsExport, htcds_export  # noqa: F401 (public API)
from amanat.insights.models import (
    DATASET_NAME_PATTERN,
    DatasetPart,
    DatasetProblem,
    ResearchDataset,
)
from amanat.insights.selectors import CASES_SOURCE, forget_dataset_frame, require_stats
from amanat.privacy.audit import audit_record

PART_ROWS = 200_000


@dataclass(frozen=True)
class ImportResult:
    dataset: ResearchDataset
    problems: list[RowProblem]

    def as_dict(self) -> dict:
        ds = self.dataset
        return {
            "name": ds.name,
            "source_file": ds.source_file,
            "rows_in_file": ds.rows_in_file,
            "records": ds.records,
            "rows_rejected": ds.rows_rejected,
            "years": [ds.year_min, ds.year_max],
            "problems": [p.as_dict() for p in self.problems],
        }


def default_citation(source_file: str) -> str:
    source = load_codebook().source
    return (
        f"Counter-Trafficking Data Collaborative (CTDC), Global Dataset ({source['document']}), "
        f"{source['url']}, file {source_file}, used under CTDC's terms of use."
    )


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not re.fullmatch(DATASET_NAME_PATTERN, name):
        raise ValidationError(
            _(
                "A dataset name has 1 to 80 letters, digits, '.', '_' or '-', and starts with a "
                "letter or digit: '%(name)s' does not."
            )
            % {"name": name[:80]},
            field="name",
        )
    if name == CASES_SOURCE:
        raise ValidationError(
            _("'cases' names the platform's own cases; choose another name."), field="name"
        )
    return name


def _to_parquet(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.write_parquet(buffer, compression="zstd")
    return buffer.getvalue()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@transaction.atomic
def dataset_import_ctdc(
    *,
    actor,
    path: str | Path,
    name: str | None = None,
    strict: bool = False,
    citation: str = "",
) -> ImportResult:
    """Load a CTDC v6 CSV as a named, read-only research dataset.

    Values the codebook does not allow are reported row by row: the rows holding them are left out
    and listed with the dataset (lenient, the default), or the whole file is refused (strict).
    Either the dataset with all its accepted records and its problem report is stored, or nothing.
    """
    require_stats(actor)
    path = Path(path)
    if not path.is_file():
        raise ValidationError(_("%(path)s: no such file.") % {"path": path.name}, field="file")
    name = _check_name(name if name is not None else path.stem)
    if ResearchDataset.objects.filter(name=name).exists():
        raise Conflict(
            _("A dataset named '%(name)s' exists already; datasets are read-only.")
            % {"name": name},
            code="dataset_exists",
        )
    if len(citation) > 2000:
        raise ValidationError(_("At most %(n)d characters.") % {"n": 2000}, field="citation")
    frame, problems = read_ctdc(path, mode="strict" if strict else "lenient")
    rows_rejected = len({p.row for p in problems if p.row > HEADER_ROW})
    if frame.height == 0:
        raise ValidationError(_("The file holds no acceptable record."), field="file")
    years = frame.select(
        pl.col("yearOfRegistration").min().alias("lo"),
        pl.col("yearOfRegistration").max().alias("hi"),
    ).row(0)
    dataset = ResearchDataset.objects.create(
        name=name,
        source_file=path.name[:255],
        source_sha256=_sha256(path),
        citation=citation or default_citation(path.name),
        rows_in_file=frame.height + rows_rejected,
        records=frame.height,
        rows_rejected=rows_rejected,
        columns=frame.columns,
        year_min=years[0],
        year_max=years[1],
        imported_by=actor,
    )
    DatasetPart.objects.bulk_create(
        DatasetPart(dataset=dataset, index=i, records=part.height, parquet=_to_parquet(part))
        for i, part in enumerate(frame.iter_slices(PART_ROWS))
    )
    DatasetProblem.objects.bulk_create(
        (
            DatasetProblem(
                dataset=dataset,
                row=p.row,
                column=(p.column or "")[:80],
                value=None if p.value is None else str(p.value)[:200],
                reason=p.reason[:300],
            )
            for p in problems
        ),
        batch_size=1000,
    )
    audit_record(
        actor=actor,
        action="dataset.import",
        object_type="research_dataset",
        object_id=dataset.pk,
        fields=["records", "problems"],
        purpose="research dataset import",
        extra={
            "records": dataset.records,
            "rows_rejected": rows_rejected,
            "problems": len(problems),
            "sha256": dataset.source_sha256,
        },
    )
    return ImportResult(dataset, problems)


@transaction.atomic
def dataset_delete(*, actor, name: str) -> None:
    require_stats(actor)
    dataset = ResearchDataset.objects.filter(name=name).first()
    if dataset is None:
        raise NotFound()
    pk = dataset.pk
    dataset.delete()
    forget_dataset_frame(pk)
    audit_record(
        actor=actor,
        action="dataset.delete",
        object_type="research_dataset",
        object_id=pk,
        purpose="research dataset removal",
    )


# --- HTCDS v2.0 exchange of case data ---------------------------------------------------------

MAX_HTCDS_RECORDS = 10_000


class HtcdsRejected(ValidationError):
    """Nothing was imported: `problems` lists every record and field at fault."""

    default_code = "htcds_rejected"

    def __init__(self, problems: list[htcds.RecordProblem]) -> None:
        self.problems = problems
        shown = "; ".join(str(p) for p in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(
            _("%(n)d problem(s), nothing imported: %(shown)s%(more)s")
            % {"n": len(problems), "shown": shown, "more": more},
            field=problems[0].field if problems else None,
        )

    def as_dict(self) -> dict:
        data = super().as_dict()
        data["problems"] = [p.as_dict() for p in self.problems]
        return data


@dataclass(frozen=True)
class HtcdsImport:
    cases: list
    fmt: str

    def as_dict(self) -> dict:
        return {
            "imported": len(self.cases),
            "format": self.fmt,
            "cases": [{"id": c.pk, "code": c.code} for c in self.cases],
        }


def parse_htcds(text: str, fmt: str) -> list[dict]:
    if fmt not in ("json", "csv"):
        raise ValidationError(_("The format must be json or csv."), field="format")
    try:
        return htcds.loads_json(text) if fmt == "json" else htcds.loads_csv(text)
    except htcds.HtcdsFileError as error:
        raise ValidationError(str(error), field="file") from None


def _check_record(user, record, position: int, reverse: dict[str, str]):
    person, case, problems = htcds.values_from_record(record, position)
    status = case.pop("trafficking_status", None)
    decided_by = case.pop("status_decided_by_org_type", None)
    # A region is checked against its country: the person's, or the case's (default: the
    # user's organisation's, as case_open does).
    region_country = {
        "person": str(person.get("address_country") or "").upper(),
        "case": str(case.get("country") or user.organisation.country).upper(),
    }
    for owner, data, specs in (
        ("person", person, PERSON_FIELD_MAP),
        ("case", case, CASE_FIELD_MAP),
    ):
        for name, value in list(data.items()):
            context = {"country": region_country[owner] if specs[name].kind == "region" else ""}
            try:
                data[name] = clean_value(specs[name], value, context=context)
            except ValidationError as error:
                problems.append(
                    htcds.RecordProblem(position, reverse[f"{owner}.{name}"], str(error.message))
                )
    if not any(
        person.get(n) for n in ("first_name", "last_name", "first_name_latin", "last_name_latin")
    ):
        problems.append(
            htcds.RecordProblem(
                position, "prs_FirstName", _("Enter at least a first or last name.")
            )
        )
    if status is not None:
        if status not in vocabularies.codes("trafficking_status"):
            problems.append(
                htcds.RecordProblem(
                    position,
                    "vic_TraffickingStatus",
                    _("'%(value)s' is not an allowed value.") % {"value": status},
                )
            )
        if decided_by not in vocabularies.codes("status_decision_organisation"):
            problems.append(
                htcds.RecordProblem(
                    position,
                    "vic_TraffickingStatusDecisionMakingOrg",
                    _("Give the type of organisation that decided the trafficking status."),
                )
            )
        if not user.can(Perm.CASE_DECIDE_STATUS):
            problems.append(
                htcds.RecordProblem(
                    position,
                    "vic_TraffickingStatus",
                    _("Your role may not record a trafficking status."),
                )
            )
    return person, case, status, decided_by, problems


@transaction.atomic
def htcds_import(*, user, records: list, fmt: str) -> HtcdsImport:
    """Open one case per HTCDS record, all or nothing, as the user's organisation.

    Every record is checked first (the same rules as the case form); any problem rejects the
    whole file with the list of problems. Consent is not imported: the receiving organisation
    records it with the person. Each case's timeline notes the import.
    """
    if not user.can(Perm.CASE_CREATE) or user.organisation_id is None:
        raise NotFound()
    if fmt not in ("json", "csv"):
        raise ValidationError(_("The format must be json or csv."), field="format")
    if not isinstance(records, list) or not records:
        raise ValidationError(_("The file holds no record."), field="file")
    if len(records) > MAX_HTCDS_RECORDS:
        raise ValidationError(
            _("At most %(n)d records per import.") % {"n": MAX_HTCDS_RECORDS}, field="file"
        )
    reverse = {f.target: f.htcds for f in htcds.load_mapping().fields}
    reverse.update({f"{e.owner}.{e.name}": "hte_Country" for e in htcds.load_mapping().events})
    first = 2 if fmt == "csv" else 1  # CSV: the line of the file (header = 1)
    checked, problems = [], []
    for offset, record in enumerate(records):
        person, case, status, decided_by, found = _check_record(
            user, record, first + offset, reverse
        )
        problems += found
        checked.append((person, case, status, decided_by))
    if problems:
        raise HtcdsRejected(problems)
    created = []
    names: set[str] = set()
    for person, case, status, decided_by in checked:
        opened = case_open(user=user, person=person, case=case)
        if status:
            case_decide_trafficking_status(
                user=user, case_id=opened.pk, status=status, decided_by_org_type=decided_by
            )
        case_event_record(
            case=opened,
            kind="case.imported",
            actor=user,
            data={"standard": htcds.STANDARD, "format": fmt},
        )
        names |= set(person) | set(case)
        created.append(opened)
    audit_record(
        actor=user,
        action="htcds.import",
        object_type="case",
        fields=sorted(names),
        purpose="case data import (HTCDS)",
        extra={"records": len(created), "format": fmt, "case_ids": [c.pk for c in created]},
    )
    return HtcdsImport(created, fmt)
