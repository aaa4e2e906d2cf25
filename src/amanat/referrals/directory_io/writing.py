"""Writing the directory: one row per service, in `COLUMNS` order (CSV or XLSX)."""

from __future__ import annotations

from collections.abc import Iterator

from amanat.referrals.directory_io.cells import export_cell
from amanat.referrals.directory_io.csv_format import write_csv
from amanat.referrals.directory_io.xlsx_format import write_xlsx

__all__ = ["export_records", "write_csv", "write_xlsx"]


def export_records(services) -> Iterator[list]:
    for s in services:
        org = s.organisation
        profile = getattr(org, "directory_profile", None)
        yield [
            export_cell(v)
            for v in (
                org.name,
                org.org_type,
                org.country,
                org.region,
                profile.core_functions if profile else "",
                profile.nrm_role if profile else "",
                s.service_type,
                s.regions,
                s.genders,
                s.age_min,
                s.age_max,
                s.nationalities,
                s.statuses,
                s.languages,
                s.capacity,
                s.available,
                s.accepting,
                s.hours,
                s.contact_name,
                s.contact_phone,
                s.contact_email,
            )
        ]
