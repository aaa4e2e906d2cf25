"""The report's data and the formatting of numbers, labels and flags shared by both formats."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from amanat.config.languages import LANGUAGE_CODES
from amanat.core import geography, language
from amanat.training import vocab
from amanat.training.analysis.evaluations import OVERALL
from amanat.training.analysis.statistics import PairedSummary
from amanat.training.models import AgendaItem, GroupStation, TrainingEvent
from amanat.training.results import EvaluationResults, TestResults

KINDS = ("interim", "final")
LANGUAGES = LANGUAGE_CODES  # every interface language (gettext; ADR 1400)
GROUP_ATTRIBUTES = (
    ("nrm_role", "nrm_role"),
    ("organisation_type", "organisation_type"),
    ("gender", "gender"),
    ("country", None),
)


@dataclass
class ReportData:
    event: TrainingEvent
    kind: str
    trainers: list
    agenda: list[AgendaItem]
    participation: object
    tests: TestResults | None
    evaluations: EvaluationResults | None
    stations: list[GroupStation]
    analysis_text: str
    generated_at: object = field(default_factory=timezone.now)


def num(value, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    text = f"{value:.{digits}f}"
    if language.decimal_comma():
        text = text.replace(".", ",")
    return text


def pvalue(value) -> str:
    if value is None:
        return "–"
    if value < 0.001:
        return "< " + num(0.001, 3)
    return num(value, 3)


def label(vocabulary: str | None, code: str) -> str:
    if not code:
        return _("(not recorded)")
    if vocabulary is None:
        return geography.country_name(code)
    return vocab.label(vocabulary, code)


def attribute_title(attribute: str) -> str:
    return {
        "nrm_role": _("Role in the NRM"),
        "organisation_type": _("Organisation type"),
        "gender": _("Gender"),
        "country": _("Country"),
        "module": _("Module"),
    }[attribute]


def results_by_title(attribute: str) -> str:
    return {
        "nrm_role": _("Results by role in the NRM"),
        "organisation_type": _("Results by organisation type"),
        "gender": _("Results by gender"),
        "country": _("Results by country"),
        "module": _("Results by module"),
    }[attribute]


def method_label(code: str) -> str:
    return vocab.label("training_method", code) if code else ""


def session_title(session: str) -> str:
    return _("Overall") if session == OVERALL else session


def group_value_label(attribute: str, value: str) -> str:
    if value == "(not recorded)":
        return _("(not recorded)")
    vocabulary = dict(GROUP_ATTRIBUTES).get(attribute, "")
    if attribute == "module":
        return value
    return label(vocabulary, value)


def summary_rows(summary: PairedSummary) -> list[tuple[str, str]]:
    ci = summary.mean_gain_ci95
    return [
        (_("Participants with both tests (n)"), str(summary.n)),
        (_("Maximum score"), num(summary.max_score, 0)),
        (
            _("Pre-test mean (score, %)"),
            f"{num(summary.pre_mean)} ({num(summary.pre_mean_percent)}%)",
        ),
        (
            _("Post-test mean (score, %)"),
            f"{num(summary.post_mean)} ({num(summary.post_mean_percent)}%)",
        ),
        (
            # xgettext:no-python-format
            _("Mean gain (95% confidence interval)"),
            f"{num(summary.mean_gain)}" + (f" ({num(ci[0])} – {num(ci[1])})" if ci else ""),
        ),
        (
            _("Normalized gain (post − pre) / (max − pre), of the means"),
            num(summary.normalized_gain, 2),
        ),
        (
            _("Mean of individual normalized gains"),
            f"{num(summary.normalized_gain_of_individuals, 2)} (n={summary.normalized_gain_of_individuals_n})",
        ),
        (
            _("Paired t-test: t, degrees of freedom, p"),
            f"t = {num(summary.t_statistic, 2)}, df = {summary.t_df if summary.t_df is not None else '–'}, "
            f"p = {pvalue(summary.t_pvalue)}",
        ),
        (_("Effect size: Cohen's d_z"), num(summary.cohens_dz, 2)),
        (
            _("Wilcoxon signed-rank test: W, p"),
            f"W = {num(summary.wilcoxon_statistic, 1)}, p = {pvalue(summary.wilcoxon_pvalue)}",
        ),
        (_("Effect size: rank-biserial correlation"), num(summary.rank_biserial, 2)),
    ]


def flag_text(reasons: list[str]) -> str:
    names = {
        "easy": _("very easy"),
        "hard": _("very hard"),
        "low_discrimination": _("low discrimination"),
    }
    return ", ".join(names[r] for r in reasons)


def kind_title(kind: str) -> str:
    return _("Interim report") if kind == "interim" else _("Final report")


def event_dates(event: TrainingEvent) -> str:
    return f"{event.start_date:%Y-%m-%d} – {event.end_date:%Y-%m-%d}"


def trainer_name(user) -> str:
    return user.get_full_name() or user.username
