"""Reading, checking and writing service-directory files (CSV and XLSX), one service per row.

`read_rows(path)` / `read_upload(name, data)` give the header and (row number, {column: text});
`check_rows(header, rows, existing)` gives the cleaned rows and every problem as (row, column,
message), without touching the database; the writes are
`amanat.referrals.services.directory_import`. Row numbers are the spreadsheet's: the header is
row 1, the first service row 2. This package only re-exports its modules.
"""

from amanat.referrals.directory_io.cells import cell_text, export_cell, header_names, records
from amanat.referrals.directory_io.checking import (
    CheckedRows,
    RowProblem,
    check_header,
    check_row,
    check_rows,
    split_codes,
    status_codes,
)
from amanat.referrals.directory_io.columns import (
    COLUMNS,
    CONTACT_FIELDS,
    CRITERIA_FIELDS,
    FALSE_WORDS,
    LIST_COLUMNS,
    MAX_ROWS,
    MAX_TEXT,
    ORGANISATION_COLUMNS,
    REQUIRED_COLUMNS,
    SERVICE_FIELDS,
    TRUE_WORDS,
)
from amanat.referrals.directory_io.reading import read_rows, read_upload
from amanat.referrals.directory_io.writing import export_records, write_csv, write_xlsx

_text = cell_text  # the name the directory tests use

__all__ = [
    "COLUMNS",
    "CONTACT_FIELDS",
    "CRITERIA_FIELDS",
    "FALSE_WORDS",
    "LIST_COLUMNS",
    "MAX_ROWS",
    "MAX_TEXT",
    "ORGANISATION_COLUMNS",
    "REQUIRED_COLUMNS",
    "SERVICE_FIELDS",
    "TRUE_WORDS",
    "CheckedRows",
    "RowProblem",
    "_text",
    "cell_text",
    "check_header",
    "check_row",
    "check_rows",
    "export_cell",
    "export_records",
    "header_names",
    "read_rows",
    "read_upload",
    "records",
    "split_codes",
    "status_codes",
    "write_csv",
    "write_xlsx",
]
