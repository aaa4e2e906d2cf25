"""Directory import: many rows at once, all or nothing (or the good rows only), audited once."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from amanat.accounts.models import Organisation
from amanat.accounts.services import organisation_create
from amanat.privacy.audit import audit_record
from amanat.referrals import directory_io
from amanat.referrals.models import DirectoryService, OrganisationProfile
from amanat.referrals.services._common import require_directory_manager


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    organisations_created: int = 0
    problems: list[directory_io.RowProblem] = field(default_factory=list)
    skipped_rows: list[int] = field(default_factory=list)
    imported: bool = False

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "organisations_created": self.organisations_created,
            "imported": self.imported,
            "skipped_rows": self.skipped_rows,
            "problems": [p.as_dict() for p in self.problems],
        }


def directory_import(
    *, user, header: list[str], rows: list[tuple[int, dict]], skip_invalid: bool = False
) -> ImportResult:
    """Import directory rows: all or nothing, unless `skip_invalid` (then the good rows only).

    A row adds the service of its type to its organisation (created when new), or updates it.
    Services absent from the file are left as they are. `user` None is the command line.
    """
    require_directory_manager(user)
    existing = {(o.name, o.country): o for o in Organisation.objects.all()}
    checked = directory_io.check_rows(header, rows, existing)
    result = ImportResult(rows=len(rows), problems=checked.problems)
    if checked.problems and (not skip_invalid or 1 in checked.bad_rows):
        return result
    result.skipped_rows = sorted(checked.bad_rows)
    with transaction.atomic():
        _directory_write(user=user, rows=checked.rows, existing=existing, result=result)
    result.imported = True
    return result


def _directory_write(*, user, rows: list[dict], existing: dict, result: ImportResult) -> None:
    profiles: dict[int, tuple[str, str]] = {}
    for row in rows:
        key = (row["organisation"], row["country"])
        if key not in existing:
            existing[key] = organisation_create(
                actor=user,
                name=row["organisation"],
                org_type=row["organisation_type"],
                country=row["country"],
                region=row["organisation_region"],
            )
            result.organisations_created += 1
        org = existing[key]
        if row["core_functions"] or row["nrm_role"]:
            profiles[org.pk] = (row["core_functions"], row["nrm_role"])
    org_ids = {existing[(r["organisation"], r["country"])].pk for r in rows}
    current = {
        (s.organisation_id, s.service_type): s
        for s in DirectoryService.objects.filter(organisation_id__in=org_ids)
    }
    to_create, to_update = [], []
    for row in rows:
        org = existing[(row["organisation"], row["country"])]
        values = {name: row[name] for name in directory_io.SERVICE_FIELDS}
        service = current.get((org.pk, row["service_type"]))
        if service is None:
            to_create.append(
                DirectoryService(
                    organisation=org,
                    service_type=row["service_type"],
                    country=org.country,
                    **values,
                )
            )
        else:
            for name, value in values.items():
                setattr(service, name, value)
            service.updated_at = timezone.now()
            to_update.append(service)
    DirectoryService.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        DirectoryService.objects.bulk_update(
            to_update, [*directory_io.SERVICE_FIELDS, "updated_at"], batch_size=500
        )
    existing_profiles = {
        p.organisation_id: p
        for p in OrganisationProfile.objects.filter(organisation_id__in=list(profiles))
    }
    new_profiles = []
    for org_id, (core, role) in profiles.items():
        profile = existing_profiles.get(org_id)
        if profile is None:
            new_profiles.append(
                OrganisationProfile(organisation_id=org_id, core_functions=core, nrm_role=role)
            )
        else:
            profile.core_functions, profile.nrm_role = core, role
            profile.save(update_fields=["core_functions", "nrm_role", "updated_at"])
    OrganisationProfile.objects.bulk_create(new_profiles)
    result.created, result.updated = len(to_create), len(to_update)
    audit_record(
        actor=user,
        action="directory.import",
        object_type="directory_service",
        fields=list(directory_io.SERVICE_FIELDS),
        purpose="service directory",
        extra={
            "created": result.created,
            "updated": result.updated,
            "organisations_created": result.organisations_created,
            "skipped_rows": len(result.skipped_rows),
        },
    )
