"""Reading uploaded CSV/XLSX files: participant lists, paper tests, paper evaluations.

Parsing only, no writes: every row is checked before the service saves anything, and the first
problem raises a TableError naming the file, the spreadsheet row and the column (ADR 0702).
Column names are matched without regard to case; common Russian headers are understood.
"""

from .evaluations import OVERALL_SPELLINGS, ParsedEvaluation, parse_evaluations
from .files import MAX_UPLOAD_BYTES, SUFFIXES, columns_by_alias, read_upload
from .participants import PARTICIPANT_ALIASES, parse_participants
from .responses import IGNORED_TEST_COLUMNS, parse_test_responses

__all__ = [
    "MAX_UPLOAD_BYTES",
    "SUFFIXES",
    "columns_by_alias",
    "read_upload",
    "PARTICIPANT_ALIASES",
    "parse_participants",
    "IGNORED_TEST_COLUMNS",
    "parse_test_responses",
    "OVERALL_SPELLINGS",
    "ParsedEvaluation",
    "parse_evaluations",
]
