"""Run a research analysis (needs, reintegration, recruitment) over the database within the
user's scope, or over a file: the one entry point of `amanat analyze`, the pages and the report.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from amanat.errors import ValidationError
from amanat.insights.analysis import inputs
from amanat.insights.analysis.needs import analyse_needs
from amanat.insights.analysis.recruitment import analyse_recruitment
from amanat.insights.analysis.reintegration import analyse_reintegration
from amanat.insights.selectors import analysis as rows
from amanat.insights.selectors.statistics import check_threshold

KINDS = ("needs", "reintegration", "recruitment")
# The variables each analysis can compare, and the default comparison.
BY = {
    "needs": (
        "country",
        "gender",
        "age_band",
        "exploitation",
        "ethnicity",
        "urban_rural",
        "disability",
    ),
    "reintegration": (
        "country",
        "gender",
        "setting",
        "time_since_return",
        "ethnicity",
        "urban_rural",
        "disability",
    ),
    "recruitment": ("country", "gender"),
}
DEFAULT_BY = {
    "needs": ("country", "gender"),
    "reintegration": ("country", "gender", "setting"),
    "recruitment": ("gender",),
}


@dataclass(frozen=True)
class AnalysisResult:
    kind: str
    source: str  # "cases" or the input file's name
    by: tuple[str, ...]
    data: dict  # the engine's as_dict()
    countries: tuple[str, ...] | None = None  # the database's scope; None: every country


def parse_by(kind: str, text: str | None) -> tuple[str, ...]:
    if kind not in KINDS:
        raise ValidationError(_("Unknown analysis: %(name)s.") % {"name": kind}, field="kind")
    if text is None or not text.strip():
        return DEFAULT_BY[kind]
    names = tuple(dict.fromkeys(n.strip() for n in text.split(",") if n.strip()))
    for name in names:
        if name not in BY[kind]:
            raise ValidationError(
                _("Unknown comparison variable %(name)s (known: %(known)s).")
                % {"name": name, "known": ", ".join(BY[kind])},
                field="by",
            )
    return names


def run_analysis(
    user,
    kind: str,
    *,
    by: tuple[str, ...] | None = None,
    input_path: Path | None = None,
    threshold: int | None = None,
    purpose: str = "analysis",
) -> AnalysisResult:
    """The analysis `kind` of the database (within `user`'s scope, audited) or of a file."""
    by = parse_by(kind, None) if by is None else by
    threshold = check_threshold(threshold)
    countries = None
    if input_path is not None:
        source = input_path.name
        data = _from_file(kind, input_path, by, threshold)
    else:
        source = "cases"
        countries = rows.analysis_countries(user)
        if kind == "needs":
            result = analyse_needs(
                rows.needs_data(user, by=by, purpose=purpose), by=by, threshold=threshold
            )
        elif kind == "reintegration":
            result = analyse_reintegration(
                rows.reintegration_rows(user, by=by, purpose=purpose), by=by, threshold=threshold
            )
        else:
            result = analyse_recruitment(
                rows.recruitment_rows(user, purpose=purpose), by=by, threshold=threshold
            )
        data = result.as_dict()
    return AnalysisResult(kind=kind, source=source, by=by, data=data, countries=countries)


def report_analyses(user, *, purpose: str = "research report") -> list[AnalysisResult]:
    """Every analysis of the database with its default comparisons: the report's chapters."""
    return [run_analysis(user, kind, purpose=purpose) for kind in KINDS]


def _from_file(kind: str, path: Path, by: tuple[str, ...], threshold: int) -> dict:
    if kind == "needs":
        needs = inputs.read_needs(path)
        _check_columns(path, [v for v in by if v not in needs.cases.columns])
        return analyse_needs(needs, by=by, threshold=threshold).as_dict()
    if kind == "reintegration":
        frame = inputs.read_reintegration(path)
        _check_columns(path, [v for v in by if v not in frame.columns])
        return analyse_reintegration(frame, by=by, threshold=threshold).as_dict()
    frame = inputs.read_recruitment(path)
    _check_columns(path, [v for v in by if v not in frame.columns])
    return analyse_recruitment(frame, by=by, threshold=threshold).as_dict()


def _check_columns(path: Path, missing: list[str]) -> None:
    if missing:
        raise ValidationError(
            _("%(file)s has no column %(column)s to compare by.")
            % {"file": path.name, "column": missing[0]},
            field="by",
        )
