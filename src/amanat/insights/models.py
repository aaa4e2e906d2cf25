"""Named, read-only research datasets (CTDC v6 files) and their import reports.

A dataset is written once by `services.dataset_import_ctdc` and never edited: its records are
stored columnar (Parquet parts in the database, so they travel with backups) and read back whole
into a polars DataFrame for the statistics. Rows the import could not accept are kept as
`DatasetProblem` rows (line of the file, column, value, reason) instead of being loaded silently.
CTDC datasets are de-identified by their publisher; nothing here is personal data.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from amanat.core.model_fields import organisation_fk, user_fk

DATASET_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$"


class ResearchDataset(models.Model):
    class Kind(models.TextChoices):
        CTDC_V6 = "ctdc_v6", _("CTDC Global Dataset (codebook v6)")

    name = models.CharField(_("name"), max_length=80, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.CTDC_V6)
    source_file = models.CharField(_("source file"), max_length=255)
    source_sha256 = models.CharField(max_length=64)
    citation = models.TextField(_("citation"), blank=True)
    rows_in_file = models.PositiveIntegerField()
    records = models.PositiveIntegerField(_("records"))
    rows_rejected = models.PositiveIntegerField(_("rows rejected"))
    columns = models.JSONField(default=list)
    year_min = models.SmallIntegerField(null=True, blank=True)
    year_max = models.SmallIntegerField(null=True, blank=True)
    imported_by = user_fk(optional=True, on_delete=models.SET_NULL)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(records__lte=models.F("rows_in_file")),
                name="dataset_records_within_file",
            ),
            models.CheckConstraint(condition=~Q(name="cases"), name="dataset_name_not_cases"),
        ]

    def __str__(self) -> str:
        return self.name


class DatasetPart(models.Model):
    """A slice of the dataset's records as Parquet (written by polars, read back columnar)."""

    dataset = models.ForeignKey(ResearchDataset, on_delete=models.CASCADE, related_name="parts")
    index = models.PositiveIntegerField()
    records = models.PositiveIntegerField()
    parquet = models.BinaryField()

    class Meta:
        ordering = ["dataset", "index"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "index"], name="dataset_part_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.dataset_id}:{self.index}"


class DatasetProblem(models.Model):
    """A value the import could not accept: the line of the file, the column, what, and why."""

    dataset = models.ForeignKey(ResearchDataset, on_delete=models.CASCADE, related_name="problems")
    row = models.PositiveIntegerField()  # line of the file: the header is 1
    column = models.CharField(max_length=80, blank=True)
    value = models.CharField(max_length=200, blank=True, null=True)
    reason = models.CharField(max_length=300)

    class Meta:
        ordering = ["dataset", "row", "id"]
        indexes = [models.Index(fields=["dataset", "row"], name="dataset_problem_row")]

    def __str__(self) -> str:
        return f"row {self.row} {self.column}: {self.reason}"


class ExportRequest(models.Model):
    """An identifiable export above the cap (or of a purpose that always needs approval), waiting
    for a second person of the same organisation, then produced once for its requester.

    Holds case ids and codes only: no personal data, and never the file's password.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        PRODUCED = "produced", _("File produced")

    organisation = organisation_fk()
    requested_by = user_fk()
    requested_at = models.DateTimeField(auto_now_add=True)
    purpose = models.CharField(max_length=40)
    legal_basis = models.CharField(max_length=40)
    recipient_organisation = organisation_fk(optional=True)
    file_format = models.CharField(max_length=8)
    case_ids = models.JSONField(default=list)  # the cases to export, in id order
    excluded = models.JSONField(default=list)  # [[case id, reason code], ...]
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    decided_by = user_fk(optional=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    produced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["organisation", "status"], name="export_request_org")]
        constraints = [
            # Four eyes: whoever decides is never the requester.
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=models.F("requested_by")),
                name="export_request_not_self_decided",
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_by__isnull=False),
                name="export_request_decided_has_decider",
            ),
        ]

    def __str__(self) -> str:
        return f"export request {self.pk} ({self.status})"


class CaseFact(models.Model):
    """One case's coded statistics row (RAW_SCHEMA of insights.ctdc.from_cases), shared by every
    process: the statistics read it instead of the cases (ADR 0031). No personal data: codes,
    the birth year, ids. Kept in step with the cases from the timeline by `insights.facts`;
    `seq` is the refresh batch that last wrote the row, so a process reads only what changed
    since the batch it has seen. A case that disappeared stays as a `deleted` row (a tombstone
    the processes see through `seq`)."""

    case_id = models.BigIntegerField(primary_key=True)
    owner_organisation_id = models.BigIntegerField(null=True)
    identified_on = models.CharField(max_length=10, null=True)
    country = models.CharField(max_length=8, null=True)
    region = models.CharField(max_length=16, null=True)
    status = models.CharField(max_length=32, null=True)
    trafficking_status = models.CharField(max_length=32, null=True)
    recruitment_methods = models.TextField(null=True)  # JSON list text
    exploitation_types = models.TextField(null=True)
    control_methods = models.TextField(null=True)
    labour_industry = models.CharField(max_length=64, null=True)
    relationship_to_trafficker = models.CharField(max_length=64, null=True)
    age_when_trafficked = models.SmallIntegerField(null=True)
    exploitation_countries = models.TextField(null=True)
    birth_year = models.SmallIntegerField(null=True)
    gender = models.CharField(max_length=32, null=True)
    citizenship = models.TextField(null=True)
    person_id = models.BigIntegerField(null=True)
    deleted = models.BooleanField(default=False)
    seq = models.BigIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["seq"], name="casefact_seq")]

    def __str__(self) -> str:
        return f"case {self.case_id} (batch {self.seq})"


class FactWatermark(models.Model):
    """The single row saying how far the case facts follow the timeline (ADR 0031)."""

    filled = models.BooleanField(default=False)  # the first full fill is done
    generation = models.CharField(max_length=32, default="")  # new at each full fill
    last_event_id = models.BigIntegerField(default=0)  # highest timeline event read
    last_case_id = models.BigIntegerField(default=0)  # highest case id read
    seq = models.BigIntegerField(default=0)  # the newest refresh batch
    # Event ids below last_event_id not yet visible when read (a transaction that took its id
    # earlier but committed later): id -> first time missed (epoch seconds). Looked at again
    # each refresh; forgotten after GAP_SECONDS (a rolled-back insert leaves a gap for ever).
    gaps = models.JSONField(default=dict)
    refreshed_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"facts at event {self.last_event_id}, batch {self.seq}"
