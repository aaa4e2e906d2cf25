"""The report's words and numbers, shared by the document, the workbook and the dashboard."""

from __future__ import annotations

from django.utils.translation import gettext as _

from amanat.insights.i18n import LANGUAGES
from amanat.insights.params import describe_filters
from amanat.insights.selectors import Evidence
from amanat.insights.stats.tables import StatTable


def _lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}")
    return lang


def _number(value: int | None) -> str:
    return "" if value is None else f"{value:,}".replace(",", "\u00a0")


def _percent(value: float | None, lang: str) -> str:
    if value is None:
        return ""
    text = f"{value:.1f}"
    return (text.replace(".", ",") if lang == "ru" else text) + "\u00a0%"


def report_title(evidence: Evidence) -> str:
    if evidence.source.is_cases:
        return _("Trafficking in persons: evidence from the National Referral Mechanism")
    return _("Trafficking in persons: evidence from the research dataset %(name)s") % {
        "name": evidence.source.name
    }


def _hidden_mark(threshold: int) -> str:
    return _("<%(n)d") % {"n": threshold}


def _scope_lines(evidence: Evidence, lang: str) -> list[str]:
    lines = [evidence.source.label[lang]]
    lines += describe_filters(evidence.filters, lang)
    if evidence.records_in_scope is not None:
        lines.append(_("Records in scope: %(n)s") % {"n": _number(evidence.records_in_scope)})
    return lines


def _method_paragraphs(evidence: Evidence, lang: str) -> list[str]:
    threshold = evidence.threshold
    paragraphs = [
        _(
            "Unit of count. Each record is one person identified as a presumed or actual victim of "
            "trafficking in persons; a person counts once in each table, in every answer they "
            "gave. Referral tables count referrals, as stated in their notes."
        ),
        _(
            "Denominators. For questions with one answer, percentages are of the people with an "
            'answer recorded ("unknown" is an answer; an empty field is not). For questions '
            "with several possible answers (type of exploitation, means of control, recruitment, "
            "services) the denominator is the people who gave at least one answer, the rule of the "
            "Counter-Trafficking Data Collaborative; their percentages may add up to more than "
            "100."
        ),
        _(
            "Privacy. The report contains aggregate figures only; no individual record leaves the "
            'system. Counts from 1 to %(m)d are suppressed (shown as "%(mark)s") together with '
            "their percentages, and where one hidden count could be recovered from a total, the "
            "next smallest count is hidden too (secondary suppression). Zeros are shown."
        )
        % {"m": threshold - 1, "mark": _hidden_mark(threshold)},
    ]
    if evidence.source.is_cases:
        paragraphs.append(
            _(
                "Source. Case records of the organisations of the National Referral Mechanism "
                "that use Amanat, coded with the Human Trafficking Case Data Standard (HTCDS v2.0) "
                "and mapped to the variables of the CTDC codebook v6. Age is the age at "
                "identification, from the year of birth. Researchers reach these aggregates only, "
                "never a case."
            )
        )
    else:
        paragraphs.append(
            _(
                "Source. %(citation)s The dataset was published k-anonymised (k=11) by CTDC; "
                "records with values outside the CTDC codebook v6 (%(n)d rows) were left out at "
                "import and are listed in the import report."
            )
            % {
                "citation": evidence.source.citation[lang],
                "n": evidence.source.dataset.rows_rejected,
            }
        )
    paragraphs.append(
        _(
            "Limitations. The figures describe people identified and registered, not the extent of "
            "trafficking; changes over time may reflect identification efforts as much as "
            "trafficking itself."
        )
    )
    return paragraphs


def rule_text(table: StatTable) -> str:
    """How a table is counted, in the active language (the table's own rule is in English)."""
    if table.statistic == "referral_outcome":
        return _(
            "One row per referral sent for the people in scope (a person may have several); "
            "each referral counts in its current state."
        )
    if table.kind == "multi":
        return _(
            "Several answers possible: the denominator is the people with at least one "
            "answer in this question (the CTDC rule), so percentages may add up to more "
            "than 100."
        )
    return _(
        'Percentages of the people in scope with an answer recorded; "unknown" is an '
        "answer, an empty field is not."
    )


def suppression_text(threshold: int) -> str:
    return _(
        "Counts from 1 to %(m)d are hidden, and where a hidden count could be recovered "
        "from a total, the next smallest count is hidden too."
    ) % {"m": threshold - 1}


def gap_rule_text() -> str:
    return _(
        "People with a need: people in scope with a need of this type recorded (open or "
        "met). Unmet: still open, and no service of this type delivered. Region: where the "
        "person was identified. A directory service covers a region when it lists it, or "
        "lists no region (the whole country); accepting: it accepts referrals and is not "
        "known to be full."
    )


def _table_note(table: StatTable) -> str:
    hidden = sum(1 for cell in table.rows if cell.suppressed)
    parts = []
    if table.denominator is not None:
        parts.append(_("Denominator: %(n)s.") % {"n": _number(table.denominator)})
    if table.records_in_scope is not None and table.denominator is not None:
        missing = table.records_in_scope - table.denominator
        if missing > 0:
            parts.append(_("No answer recorded: %(n)s.") % {"n": _number(missing)})
    if table.kind == "multi":
        parts.append(_("Several answers possible: percentages may add up to more than 100."))
    if hidden:
        parts.append(_("%(n)d cell(s) suppressed.") % {"n": hidden})
    return " ".join(parts)
