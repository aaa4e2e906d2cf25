"""Service-directory writes, one service or profile at a time (imports: `directory_import`)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from amanat.accounts.models import Organisation
from amanat.accounts.roles import Perm
from amanat.core.ids import parse_id
from amanat.core.writes import model_update
from amanat.errors import NotFound, ValidationError
from amanat.privacy.audit import audit_record
from amanat.referrals import directory_io
from amanat.referrals.models import DirectoryService, OrganisationProfile
from amanat.referrals.services._common import clean_text, require_directory_manager

PURPOSE = "service directory"


def _clean_service(data: dict, *, country: str) -> dict:
    """Validate service fields given as Python values (web form, API): the same rules as import."""
    raw = {}
    for name in directory_io.SERVICE_FIELDS:
        value = data.get(name)
        if isinstance(value, list | tuple | set):
            value = ";".join(str(v) for v in value)
        elif isinstance(value, bool):
            value = "yes" if value else "no"
        raw[name] = "" if value is None else str(value)
    raw.update(
        {
            "organisation": "x",
            "organisation_type": "NGO",
            "country": country,
            "service_type": data.get("service_type", ""),
        }
    )
    cleaned, problems = directory_io.check_row(0, raw, {})
    if problems:
        raise ValidationError(problems[0].message, field=problems[0].column)
    return {name: cleaned[name] for name in ("service_type", *directory_io.SERVICE_FIELDS)}


@transaction.atomic
def directory_service_save(*, user, organisation_id, data: dict) -> DirectoryService:
    """Create or update the organisation's service of `data["service_type"]`."""
    require_directory_manager(user)
    organisation = Organisation.objects.filter(pk=parse_id(organisation_id), is_active=True).first()
    if organisation is None:
        raise NotFound()
    cleaned = _clean_service(data, country=organisation.country)
    service = DirectoryService.objects.filter(
        organisation=organisation, service_type=cleaned["service_type"]
    ).first()
    created = service is None
    if created:
        service = DirectoryService(organisation=organisation, country=organisation.country)
    changed = [name for name, value in cleaned.items() if getattr(service, name, None) != value]
    for name, value in cleaned.items():
        setattr(service, name, value)
    service.country = organisation.country
    service.save()
    audit_record(
        actor=user,
        action="directory.service_create" if created else "directory.service_update",
        object_type="directory_service",
        object_id=service.pk,
        fields=changed,
        purpose=PURPOSE,
        extra={"organisation_id": organisation.pk, "service_type": service.service_type},
    )
    return service


@transaction.atomic
def directory_service_delete(*, user, service_id) -> DirectoryService:
    """Remove a service from the directory; returns it (unsaved) so callers know its owner."""
    require_directory_manager(user)
    service = DirectoryService.objects.filter(pk=parse_id(service_id)).first()
    if service is None:
        raise NotFound()
    audit_record(
        actor=user,
        action="directory.service_delete",
        object_type="directory_service",
        object_id=service.pk,
        purpose=PURPOSE,
        extra={"organisation_id": service.organisation_id, "service_type": service.service_type},
    )
    service.delete()
    return service


@transaction.atomic
def directory_availability_update(
    *, user, service_id, available: int | None, accepting: bool | None = None
) -> DirectoryService:
    """A provider's own staff (or a directory manager) update current availability."""
    service = DirectoryService.objects.select_for_update().filter(pk=parse_id(service_id)).first()
    if service is None or user is None:
        raise NotFound()
    own = user.organisation_id == service.organisation_id and user.can(Perm.CASE_VIEW)
    if not own and not user.can(Perm.DIRECTORY_MANAGE):
        raise NotFound()
    if available is not None:
        if not isinstance(available, int) or available < 0:
            raise ValidationError(_("Enter a whole number of 0 or more."), field="available")
        if service.capacity is not None and available > service.capacity:
            raise ValidationError(_("More places available than the capacity."), field="available")
    values: dict[str, object] = {"available": available}
    if accepting is not None:
        values["accepting"] = accepting
    model_update(
        service,
        values,
        actor=user,
        action="directory.availability_update",
        object_type="directory_service",
        purpose=PURPOSE,
    )
    return service


@transaction.atomic
def organisation_profile_update(
    *, user, organisation_id, core_functions: str, nrm_role: str
) -> OrganisationProfile:
    """An organisation's directory profile; audited on every save, even an unchanged one."""
    require_directory_manager(user)
    organisation = Organisation.objects.filter(pk=parse_id(organisation_id)).first()
    if organisation is None:
        raise NotFound()
    values = {
        "core_functions": clean_text(core_functions, field="core_functions", limit=2000),
        "nrm_role": clean_text(nrm_role, field="nrm_role", limit=2000),
    }
    profile, _created = OrganisationProfile.objects.get_or_create(organisation=organisation)
    changed = [name for name, value in values.items() if getattr(profile, name) != value]
    profile.core_functions, profile.nrm_role = values["core_functions"], values["nrm_role"]
    profile.save()
    audit_record(
        actor=user,
        action="directory.profile_update",
        object_type="organisation",
        object_id=organisation.pk,
        fields=changed,
        purpose=PURPOSE,
    )
    return profile


def directory_export_audit(*, user, count: int, file_format: str) -> None:
    """Exports include staff contact details: record who took them."""
    audit_record(
        actor=user,
        action="directory.export",
        object_type="directory_service",
        fields=["contact_name", "contact_phone", "contact_email"],
        purpose=PURPOSE,
        extra={"rows": count, "format": file_format},
    )
