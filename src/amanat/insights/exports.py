"""HTCDS v2.0 exports of the organisation's cases: the identifiable export (full records) under
the controls of ADR 0665. The row-level "research" extract is gone (issue 15, ADR 1524): research
data leave only as k-anonymised microdata (`amanat export microdata`) or a CTDC extract.

Identifiable: a named permission (`export.identifiable`); a purpose and a legal basis from the
closed, cited lists (`htcds/export_purposes.yaml`); per-case consent where the purpose needs it
(the other cases are listed as excluded, never exported); a cap (`AMANAT_EXPORT_CAP`) above which,
or for purposes that always need it, the export becomes an `ExportRequest` that a second person
approves (`export_requests.py`); and a file encrypted with the requester's password, which is
never stored. Every export is audited with the ids of the cases exported and excluded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from amanat.accounts.models import Organisation
from amanat.accounts.roles import Perm
from amanat.cases.consent import consent_in_force
from amanat.core.ids import try_parse_id
from amanat.errors import NotFound, PermissionDenied, ValidationError
from amanat.insights import events, htcds, selectors, zipcrypt
from amanat.insights.export_persons import export_person_counts
from amanat.insights.htcds.purposes import ExportPurpose, load_rules
from amanat.insights.models import ExportRequest
from amanat.privacy.audit import audit_record

FORMATS = ("json", "csv")
PASSWORD_MAX = 128
# Why a case was left out of an identifiable export (codes go to the audit log, labels to users).
EXCLUSION_REASONS = {
    "no_consent": gettext_lazy("no consent in force for this purpose and recipient"),
    "consent_withdrawn": gettext_lazy("consent no longer in force when the file was produced"),
    "no_longer_held": gettext_lazy("the organisation no longer holds the case"),
}


@dataclass(frozen=True)
class HtcdsExport:
    """A produced file (`content`), or, when `request` is set, an export awaiting approval."""

    purpose: str
    records: list[dict]
    content: str | bytes
    content_type: str
    filename: str
    excluded: list[tuple[int, str]] = field(default_factory=list)
    request: ExportRequest | None = None

    @property
    def pending(self) -> bool:
        return self.request is not None and self.request.status == ExportRequest.Status.PENDING


def export_cap() -> int:
    return max(0, int(settings.AMANAT_EXPORT_CAP))


def allowed_purposes() -> list[str]:
    return list(load_rules().purposes)


RESEARCH_REPLACED = gettext_lazy(
    "The row-level research extract is no longer available: its records could identify people. "
    "Researchers receive k-anonymised microdata (amanat export microdata) or the k-anonymised "
    "CTDC extract."
)


def htcds_export(
    *,
    user,
    purpose: str,
    fmt: str = "json",
    legal_basis: str = "",
    case_ids: list | None = None,
    recipient_organisation_id: int | None = None,
    password: str = "",
) -> HtcdsExport:
    """Cases the user's organisation holds as HTCDS v2.0 records (JSON or CSV), identifiable:
    see the module's docstring. Cases held by another organisation (even when visible through a
    referral) answer 404, like missing ones. `research` is refused (ADR 1524)."""
    if purpose == htcds.RESEARCH:
        raise ValidationError(
            str(RESEARCH_REPLACED), field="purpose", code="research_extract_replaced"
        )
    return _identifiable_export(
        user=user,
        purpose=purpose,
        fmt=fmt,
        legal_basis=legal_basis,
        case_ids=case_ids,
        recipient_organisation_id=recipient_organisation_id,
        password=password,
    )


def _require_export_permission(user) -> None:
    if user.organisation_id is None or not user.can(Perm.CASE_VIEW):
        raise NotFound()
    if not user.can(Perm.EXPORT_IDENTIFIABLE):
        raise PermissionDenied(
            _(
                "Your role may not export identifiable case data; researchers receive "
                "k-anonymised microdata."
            ),
            field="purpose",
            code="export_not_permitted",
        )


def _check_choices(*, purpose: str, legal_basis: str, fmt: str) -> ExportPurpose:
    rules = load_rules()
    spec = rules.purposes.get(purpose)
    if spec is None:
        raise ValidationError(
            _("The purpose must be one of: %(allowed)s.")
            % {"allowed": ", ".join(allowed_purposes())},
            field="purpose",
        )
    if legal_basis not in spec.legal_bases:
        raise ValidationError(
            _("The legal basis of a '%(purpose)s' export must be one of: %(allowed)s.")
            % {"purpose": purpose, "allowed": ", ".join(spec.legal_bases)},
            field="legal_basis",
        )
    if fmt not in FORMATS:
        raise ValidationError(_("The format must be json or csv."), field="format")
    return spec


def _recipient(user, spec: ExportPurpose, recipient_organisation_id) -> Organisation | None:
    if recipient_organisation_id in (None, ""):
        if spec.recipient == "required":
            raise ValidationError(
                _("Name the organisation that receives the cases."),
                field="recipient_organisation",
            )
        return None
    pk = try_parse_id(recipient_organisation_id)
    recipient = Organisation.objects.filter(pk=pk, is_active=True).first() if pk else None
    if recipient is None:
        raise ValidationError(_("Unknown organisation."), field="recipient_organisation")
    if recipient.pk == user.organisation_id:
        raise ValidationError(
            _("The receiving organisation must be another organisation."),
            field="recipient_organisation",
        )
    return recipient


def check_password(password: str, user) -> str:
    """The file's password: required, and as strong as a log-in password (Django's validators:
    at least 12 characters, not common, not all digits, not like the user's name)."""
    if not password:
        raise ValidationError(
            _("Choose a password for the encrypted file (at least 12 characters)."),
            field="password",
        )
    if len(password) > PASSWORD_MAX:
        raise ValidationError(
            _("At most %(n)d characters.") % {"n": PASSWORD_MAX}, field="password"
        )
    try:
        validate_password(password, user=user)
    except DjangoValidationError as error:
        raise ValidationError(" ".join(error.messages), field="password") from None
    return password


def split_by_consent(cases, spec: ExportPurpose, recipient, *, reason: str = "no_consent"):
    """(cases to export, [(case id, reason)]) under the purpose's consent rule."""
    if spec.consent is None:
        return list(cases), []
    included, excluded = [], []
    for case in cases:
        if consent_in_force(
            case_id=case.pk,
            purpose=spec.consent,
            recipient_organisation_id=recipient.pk if recipient else None,
        ):
            included.append(case)
        else:
            excluded.append((case.pk, reason))
    return included, excluded


@transaction.atomic
def _identifiable_export(
    *, user, purpose, fmt, legal_basis, case_ids, recipient_organisation_id, password
) -> HtcdsExport:
    _require_export_permission(user)
    spec = _check_choices(purpose=purpose, legal_basis=legal_basis, fmt=fmt)
    recipient = _recipient(user, spec, recipient_organisation_id)
    if password:
        check_password(password, user)
    cases = selectors.htcds_cases(user, case_ids=case_ids, research=False)
    included, excluded = split_by_consent(cases, spec, recipient)
    if not included:
        raise ValidationError(
            _(
                "No case can be exported: %(n)d case(s) have no consent in force for this "
                "purpose and recipient. Nothing was exported."
            )
            % {"n": len(excluded)},
            field="case_ids",
        )
    if spec.approval == "always" or len(included) > export_cap():
        request = ExportRequest.objects.create(
            organisation_id=user.organisation_id,
            requested_by=user,
            purpose=purpose,
            legal_basis=legal_basis,
            recipient_organisation=recipient,
            file_format=fmt,
            case_ids=[c.pk for c in included],
            excluded=[list(item) for item in excluded],
        )
        audit_record(
            actor=user,
            action="htcds.export.request",
            object_type="export_request",
            object_id=request.pk,
            purpose=f"{purpose}; legal basis: {legal_basis}",
            extra={
                "case_ids": request.case_ids,
                "excluded_case_ids": [pk for pk, _reason in excluded],
                "excluded": request.excluded,
                "purpose": purpose,
                "legal_basis": legal_basis,
                "recipient_organisation_id": recipient.pk if recipient else None,
                "format": fmt,
            },
        )
        return HtcdsExport(purpose, [], b"", "", "", excluded=excluded, request=request)
    check_password(password, user)
    return produce(
        user=user,
        purpose=purpose,
        legal_basis=legal_basis,
        recipient=recipient,
        fmt=fmt,
        cases=included,
        excluded=excluded,
        password=password,
    )


def produce(
    *,
    user,
    purpose: str,
    legal_basis: str,
    recipient,
    fmt: str,
    cases: list,
    excluded: list[tuple[int, str]],
    password: str,
    request: ExportRequest | None = None,
) -> HtcdsExport:
    """Write the encrypted file of exactly `cases`; audit it; note it on each case's timeline.
    Called inside the caller's transaction, after every check."""
    records = [_record(case, research=False) for case in cases]
    now = timezone.now()
    extra = {
        "legal_basis": legal_basis,
        "recipient_organisation": recipient.name if recipient else None,
        "persons": export_person_counts(cases),
    }
    content, _content_type, inner_name = _document(records, purpose, fmt, extra)
    encrypted = zipcrypt.encrypt_files({inner_name: content.encode("utf-8")}, password)
    audit_extra = {
        "case_ids": [c.pk for c in cases],
        "excluded_case_ids": [pk for pk, _reason in excluded],
        "excluded": [list(item) for item in excluded],
        "records": len(records),
        "format": fmt,
        "purpose": purpose,
        "legal_basis": legal_basis,
        "recipient_organisation_id": recipient.pk if recipient else None,
        "request_id": request.pk if request else None,
        "encryption": zipcrypt.ENCRYPTION,
    }
    audit_record(
        actor=user,
        action="htcds.export",
        object_type="case",
        fields=_fields_read(research=False),
        purpose=f"{purpose} (HTCDS {fmt}); legal basis: {legal_basis}",
        extra=audit_extra,
    )
    for case in cases:
        events.CASE_TRANSFERRED.record(
            case=case,
            actor=user,
            data={
                "standard": htcds.STANDARD,
                "format": fmt,
                "purpose": purpose,
                "recipient_organisation_id": recipient.pk if recipient else None,
            },
        )
    filename = f"htcds-{purpose}-{now:%Y%m%d-%H%M%S}.zip"
    return HtcdsExport(
        purpose, records, encrypted, "application/zip", filename, excluded=excluded, request=request
    )


def _record(case, *, research: bool) -> dict:
    mapping = htcds.load_mapping()
    values = {
        "person": {name: getattr(case.person, name) for name in _person_names(mapping)},
        "case": {name: getattr(case, name) for name in _case_names(mapping)},
        "owner_organisation": {"name": case.owner_organisation.name},
    }
    return htcds.record_from_values(values, research=research)


def _document(records, purpose: str, fmt: str, extra: dict) -> tuple[str, str, str]:
    """(text, content type, file name) of the HTCDS file."""
    research = purpose == htcds.RESEARCH
    now = timezone.now()
    if fmt == "json":
        text = htcds.dumps_json(records, purpose=purpose, exported_at=now.isoformat(), extra=extra)
        content_type = "application/json"
    else:
        text = htcds.dumps_csv(records, research=research)
        content_type = "text/csv"
    return text, content_type, f"htcds-{purpose}-{now:%Y%m%d-%H%M%S}.{fmt}"


def _fields_read(*, research: bool) -> list[str]:
    return sorted({f.name for f in htcds.load_mapping().exported(research=research)})


def _person_names(mapping) -> list[str]:
    return [f.name for f in mapping.fields if f.owner == "person"]


def _case_names(mapping) -> list[str]:
    names = [f.name for f in mapping.fields if f.owner == "case"]
    return names + [e.name for e in mapping.events if e.owner == "case"]
