"""Persons (data subjects) and cases (one episode of identification and assistance).

Field names follow HTCDS v2 (`prs_*`, `cas_*`, `vic_*`); personal values are encrypted at rest
(amanat.privacy.fields); multi-select picklists are JSON lists of codes from core/vocabularies.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from amanat.core.model_fields import organisation_fk, user_fk
from amanat.privacy.fields import EncryptedDateField, EncryptedJSONField, EncryptedTextField


class Person(models.Model):
    owner_organisation = organisation_fk()
    # prs_FirstName / prs_MiddleName / prs_SecondName, in the original script and in Latin script.
    first_name = EncryptedTextField(_("first name"), blank=True, default="")
    middle_name = EncryptedTextField(_("middle name / patronymic"), blank=True, default="")
    last_name = EncryptedTextField(_("last name"), blank=True, default="")
    first_name_latin = EncryptedTextField(_("first name (Latin script)"), blank=True, default="")
    last_name_latin = EncryptedTextField(_("last name (Latin script)"), blank=True, default="")
    birth_date = EncryptedDateField(_("birth date"), null=True, blank=True)
    # Year only, unencrypted: age bands for statistics without decrypting (see ADR 0002).
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=32, blank=True)
    marital_status = models.CharField(_("marital status"), max_length=32, blank=True)
    number_of_children = models.PositiveSmallIntegerField(null=True, blank=True)
    citizenship = models.JSONField(_("citizenship"), default=list, blank=True)
    primary_language = models.CharField(_("primary language"), max_length=8, blank=True)
    secondary_language = models.CharField(_("secondary language"), max_length=8, blank=True)
    education = models.CharField(_("highest level of education"), max_length=48, blank=True)
    migration_status = models.CharField(_("migration status"), max_length=40, blank=True)
    id_document_type = models.CharField(_("identity document type"), max_length=32, blank=True)
    id_document_number = EncryptedTextField(_("identity document number"), blank=True, default="")
    id_document_index = models.CharField(max_length=64, blank=True, db_index=True)
    phone = EncryptedTextField(_("phone"), blank=True, default="")
    phone_index = models.CharField(max_length=64, blank=True, db_index=True)
    email = EncryptedTextField(_("e-mail"), blank=True, default="")
    address = EncryptedTextField(_("address"), blank=True, default="")
    address_country = models.CharField(_("country of residence"), max_length=2, blank=True)
    address_region = models.CharField(_("region of residence"), max_length=10, blank=True)
    # Profile for research (issue 15, ADR 1523). Ethnicity and disability are special-category
    # data (GDPR Art. 9(1)): codes encrypted like names, read under audit, never in CaseFact.
    ethnicity = EncryptedTextField(_("ethnicity (nationality)"), blank=True, default="")
    urban_rural = models.CharField(_("urban or rural origin"), max_length=16, blank=True)
    disability = EncryptedTextField(_("disability"), blank=True, default="")
    disability_domains = EncryptedJSONField(
        _("disability: functional domains"), default=list, blank=True
    )
    disability_onset = EncryptedTextField(_("disability: when it began"), blank=True, default="")
    anonymised_at = models.DateTimeField(null=True, blank=True)
    # The folded keys of the names (JSON, encrypted like the names): what search ranking compares,
    # so a search decrypts one value per candidate and folds nothing. Derived; ADR 0120.
    name_folded = EncryptedTextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"person #{self.pk}"


class Case(models.Model):
    code = models.CharField(_("case code"), max_length=9, unique=True)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases")
    owner_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="cases"
    )
    # cas_CaseOwner: the responsible case worker.
    case_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cases", null=True
    )
    status = models.CharField(_("status"), max_length=16, default="Active")
    closure_reason = EncryptedTextField(_("reason for case closure"), blank=True, default="")
    identified_on = models.DateField(_("date of identification"))
    country = models.CharField(_("country of identification"), max_length=2)
    region = models.CharField(_("region of identification"), max_length=10, blank=True)
    # vic_TraffickingStatus, its deciding organisation type, and who recorded the decision.
    trafficking_status = models.CharField(_("trafficking status"), max_length=32, blank=True)
    status_decided_by_org_type = models.CharField(max_length=40, blank=True)
    status_decided_by = user_fk(optional=True)
    status_decided_at = models.DateTimeField(null=True, blank=True)
    recruitment_methods = models.JSONField(default=list, blank=True)
    recruitment_websites = models.JSONField(default=list, blank=True)
    exploitation_types = models.JSONField(default=list, blank=True)
    control_methods = models.JSONField(default=list, blank=True)
    labour_industry = models.CharField(max_length=64, blank=True)
    relationship_to_trafficker = models.CharField(max_length=16, blank=True)
    age_when_trafficked = models.PositiveSmallIntegerField(null=True, blank=True)
    country_of_origin = models.CharField(max_length=2, blank=True)
    transit_countries = models.JSONField(default=list, blank=True)
    exploitation_countries = models.JSONField(default=list, blank=True)
    narrative = EncryptedTextField(_("narrative"), blank=True, default="")
    retention_until = models.DateField(_("keep personal data until"))
    created_by = user_fk()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The dashboard list: an organisation's cases, newest first.
            models.Index(
                fields=["owner_organisation", "-created_at", "-id"], name="case_org_recent"
            ),
            models.Index(fields=["owner_organisation", "status"], name="case_org_status"),
            # The case list filtered by status, keyset-paged (ADR 0030).
            models.Index(
                fields=["owner_organisation", "status", "-created_at", "-id"],
                name="case_org_status_recent",
            ),
            models.Index(fields=["retention_until"], name="case_retention"),
            # The worklist's other sorts, keyset-paged (ADR 1621): by code, by last activity.
            models.Index(fields=["owner_organisation", "code"], name="case_org_code"),
            models.Index(
                fields=["owner_organisation", "-updated_at", "-id"], name="case_org_activity"
            ),
            # "Assigned to me": one worker's cases, newest first.
            models.Index(fields=["case_worker", "-created_at", "-id"], name="case_worker_recent"),
        ]

    def __str__(self) -> str:
        return self.code


class CaseEvent(models.Model):
    """The case timeline: one row per thing that happened, written by the service that did it.

    `data` holds codes and ids only, never personal values.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=48)
    at = models.DateTimeField()
    actor = user_fk(optional=True, on_delete=models.SET_NULL)
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"], name="case_event_timeline")]

    def __str__(self) -> str:
        return f"{self.kind} case={self.case_id}"


class LifecycleKind(models.TextChoices):
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")
    TRANSFERRED = "transferred", _("Transferred to another organisation")
    FOLLOW_UP = "follow_up", _("Moved to follow-up")


class CaseStatusChange(models.Model):
    """The record of a closure, reopening, move to follow-up or transfer (the handover)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=LifecycleKind.choices)
    from_status = models.CharField(max_length=16)
    to_status = models.CharField(max_length=16)
    reason = models.CharField(max_length=48, blank=True)  # closure reason code
    note = EncryptedTextField(blank=True, default="")  # handover or reopening note
    from_organisation = organisation_fk(optional=True)
    to_organisation = organisation_fk(optional=True)
    from_case_worker = user_fk(optional=True)
    to_case_worker = user_fk(optional=True)
    actor = user_fk()
    at = models.DateTimeField()

    class Meta:
        # The table keeps the name it had under assistance (ADR 0013): no data moves.
        db_table = "assistance_casestatuschange"
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"], name="case_status_change_case")]

    def __str__(self) -> str:
        return f"{self.kind} case={self.case_id}"


class PersonNameKey(models.Model):
    """Truncated keyed blind indexes of a person's folded name tokens (ADR 0120).

    `key` is the first bits of an HMAC under a key derived for name search: it is shared by many
    different names, so the table says "possibly alike", never a name. Written only by
    `amanat.cases.identity.index`, whenever the names change, and emptied on erasure.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=1)
    key = models.IntegerField()
    # The person's birth year (already in clear on Person, ADR 0002), copied so that ranking
    # namesakes by the year asked for needs no visit to the wide, encrypted person rows.
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "kind", "key"], name="person_name_key_unique")
        ]
        indexes = [
            # Candidate look-up: one organisation's postings of a key, with person and birth year
            # in the index so PostgreSQL answers from the index alone; the year before the
            # person so that the postings of one birth year are one short range (ADR 0122).
            models.Index(
                fields=["organisation", "kind", "key", "birth_year", "person"],
                name="person_name_key_year_postings",
            ),
        ]

    def __str__(self) -> str:
        return f"name key {self.kind} person={self.person_id}"


class NameIndexState(models.Model):
    """One row: which generation of the derived name-index key and which folding rules built
    the stored keys. Rotation moves to a new generation and rebuilds; a search always derives
    the key of the stored generation, so every process agrees without a cache."""

    generation = models.PositiveIntegerField(default=1)
    rules_version = models.PositiveIntegerField(default=0)
    built_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"name index generation {self.generation}"


# Cross-organisation person links live in their own module of this app (ADR 0140).
from amanat.cases.approvals.models import (  # noqa: E402, F401  (ADR 1620)
    ApprovalRequest,
    ApprovalSetting,
    CaseFlag,
)
from amanat.cases.links.models import (  # noqa: E402, F401
    PersonLink,
    PossibleMatch,
)
