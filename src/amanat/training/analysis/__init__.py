"""Pure-Python analysis of training tests and evaluations (no Django import).

Readers turn CSV/XLSX files into validated records, `analyze()` scores them and computes paired
pre/post statistics with SciPy, `summarize_evaluations()` summarises Likert and open answers.
"""

from amanat.training.analysis.analyze import AnalysisResult, analyze
from amanat.training.analysis.errors import TableError
from amanat.training.analysis.inputs import (
    KeyItem,
    Response,
    read_key,
    read_participants,
    read_responses,
)
from amanat.training.analysis.output import analysis_dict, analysis_text
from amanat.training.analysis.scoring import score_answer

__all__ = [
    "AnalysisResult",
    "KeyItem",
    "Response",
    "TableError",
    "analysis_dict",
    "analysis_text",
    "analyze",
    "read_key",
    "read_participants",
    "read_responses",
    "score_answer",
]
