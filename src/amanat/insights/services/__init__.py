"""Every write of the insights app: keyword-only, atomic, audited (re-exports; one module per entity).

Research datasets are written once (`dataset_import_ctdc`) and never edited; HTCDS case imports
create cases through the cases app's own services (`htcds_import`).
"""

from amanat.insights.exports import HtcdsExport, htcds_export
from amanat.insights.services.datasets import (
    PART_ROWS,
    ImportResult,
    dataset_delete,
    dataset_import_ctdc,
    default_citation,
)
from amanat.insights.services.htcds import (
    MAX_HTCDS_RECORDS,
    HtcdsImport,
    HtcdsRejected,
    htcds_import,
    parse_htcds,
)

__all__ = [
    "MAX_HTCDS_RECORDS",
    "PART_ROWS",
    "HtcdsExport",
    "HtcdsImport",
    "HtcdsRejected",
    "ImportResult",
    "dataset_delete",
    "dataset_import_ctdc",
    "default_citation",
    "htcds_export",
    "htcds_import",
    "parse_htcds",
]
