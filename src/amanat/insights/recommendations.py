"""Draft recommendations from findings: the report's Recommendations section, for the analyst to
edit (issue 15). Pure (no Django): bilingual texts through `insights.i18n`.

Interface: any analysis hands a list of `Finding`s to `draft_recommendations(findings)`, which
returns one `Recommendation` per finding, strongest first, each citing its evidence and marked as a
draft (`draft=True`): the software proposes, the analyst decides. Two producers exist:
- `findings_from_gaps(gaps)`: needs without any service, without capacity, mostly unmet, or with
  failed referrals (`insights.gaps`);
- `significant_difference(...)`: one tested difference (e.g. a need whose prevalence differs by
  country), for the statistical analyses (`insights.analysis`, issue 15 point 1), which call it
  with their test results; nothing here recomputes a statistic.
Findings about suppressed counts never state the count: they say "fewer than the threshold".
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from amanat.insights.gaps import GapAnalysis, GapRow
from amanat.insights.i18n import LANGUAGES, Msg, pgettext_lazy, text

DEFAULT_ALPHA = 0.05
# Order of strength: a need nobody can serve comes before one served without capacity, etc.
KINDS = (
    "no_service",
    "no_service_in_country",
    "no_capacity",
    "unmet",
    "significant_difference",
    "referral_failures",
)

DRAFT_NOTE = pgettext_lazy(
    "recommendations",
    "Draft generated from the findings below: review, edit or delete each recommendation before "
    "the report is shared. It is a suggestion, not a conclusion.",
)
_TEXTS: dict[str, Msg] = {
    "no_service": pgettext_lazy(
        "recommendations",
        "%(place)s: no %(service)s is listed in the service directory although people in "
        "cases need it. Map or establish a %(service)s provider for this region and add it to "
        "the directory.",
    ),
    "no_service_in_country": pgettext_lazy(
        "recommendations",
        "%(place)s: no %(service)s is listed anywhere in the country although people in cases "
        "need it. Map or establish a provider; record the region of identification in cases so "
        "that needs can be matched to regions.",
    ),
    "no_capacity": pgettext_lazy(
        "recommendations",
        "%(place)s: %(service)s providers are listed but none accepts referrals with places "
        "available. Review capacity and funding with the providers.",
    ),
    "unmet": pgettext_lazy(
        "recommendations",
        "%(place)s: half or more of the people who need %(service)s have not received it. "
        "Follow up the open needs and the referrals made for them.",
    ),
    "referral_failures": pgettext_lazy(
        "recommendations",
        "%(place)s: referrals for %(service)s were declined, expired or closed without "
        "service. Review the referral pathway with the receiving organisations.",
    ),
    "significant_difference": pgettext_lazy(
        "recommendations",
        "%(subject)s differs significantly by %(variable)s (%(test)s, p %(pvalue)s%(effect)s). "
        "Consider services and outreach targeted to the groups most affected.",
    ),
}
_EVIDENCE: dict[str, Msg] = {
    "gap": pgettext_lazy(
        "recommendations",
        "Gap analysis: %(service)s in %(place)s; people with the need: %(need)s; need unmet: "
        "%(unmet)s; services listed: %(listed)s (accepting: %(accepting)s).",
    ),
    "difference": pgettext_lazy(
        "recommendations", "%(test)s: statistic %(statistic)s, p %(pvalue)s%(effect)s."
    ),
    "fewer": pgettext_lazy("recommendations", "fewer than %(threshold)s"),
    "effect": pgettext_lazy("recommendations", ", effect size %(effect)s"),
}


@dataclass(frozen=True)
class Finding:
    """One fact a recommendation may rest on. `values` fill the texts: each is either a plain
    string (the same in every language) or a bilingual `{"en": ..., "ru": ...}` label."""

    kind: str  # one of KINDS
    values: dict[str, object]
    evidence: dict[str, str]  # {"en": ..., "ru": ...}: what the finding rests on
    source: str = ""  # where it comes from, e.g. "gaps" or "needs_by_country"


@dataclass(frozen=True)
class Recommendation:
    text: dict[str, str]
    evidence: tuple[dict[str, str], ...]
    kind: str
    draft: bool = True

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Draft:
    recommendations: tuple[Recommendation, ...]
    note: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"note": self.note, "recommendations": [r.as_dict() for r in self.recommendations]}


def _fill(values: dict[str, object], lang: str) -> dict[str, str]:
    return {k: (v.get(lang, "") if isinstance(v, dict) else str(v)) for k, v in values.items()}


def _in_all(msg: Msg, values: dict[str, object]) -> dict[str, str]:
    return {lang: text(msg, lang, **_fill(values, lang)) for lang in LANGUAGES}


def _shown(value: int | None, threshold: int) -> dict[str, str]:
    if value is None:
        return {lang: text(_EVIDENCE["fewer"], lang, threshold=threshold) for lang in LANGUAGES}
    return dict.fromkeys(LANGUAGES, str(value))


def _place(row: GapRow) -> dict[str, str]:
    return {
        lang: f"{row.labels['country'][lang]}: {row.labels['region'][lang]}" for lang in LANGUAGES
    }


def findings_from_gaps(gaps: GapAnalysis | None) -> list[Finding]:
    """One finding per flag of every flagged row of the gap analysis."""
    if gaps is None:
        return []
    findings = []
    for row in gaps.flagged:
        values = {
            "place": _place(row),
            "service": row.labels["service_type"],
            "need": _shown(row.people_with_need, gaps.threshold),
            "unmet": _shown(row.people_unmet, gaps.threshold),
            "listed": str(row.services_listed),
            "accepting": str(row.services_accepting),
        }
        evidence = _in_all(_EVIDENCE["gap"], values)
        for flag in row.flags:
            if flag in _TEXTS:
                findings.append(Finding(flag, values, evidence, source="gaps"))
    return findings


def significant_difference(
    *,
    subject: dict[str, str],
    variable: dict[str, str],
    test: str,
    statistic: float,
    pvalue: float,
    effect: float | None = None,
    alpha: float = DEFAULT_ALPHA,
    source: str = "",
) -> Finding | None:
    """A finding for one tested difference, or None when it is not significant at `alpha`.
    `subject` and `variable` are bilingual labels (e.g. the need "Shelter", the variable
    "country"); `test` names the test ("chi-square", "Fisher's exact test", "Kruskal-Wallis")."""
    if pvalue is None or pvalue >= alpha:
        return None
    shown_p = "< 0.001" if pvalue < 0.001 else f"= {pvalue:.3f}"
    effect_text = (
        {lang: text(_EVIDENCE["effect"], lang, effect=f"{effect:.2f}") for lang in LANGUAGES}
        if effect is not None
        else dict.fromkeys(LANGUAGES, "")
    )
    values = {
        "subject": subject,
        "variable": variable,
        "test": test,
        "statistic": f"{statistic:.2f}",
        "pvalue": shown_p,
        "effect": effect_text,
    }
    evidence = _in_all(_EVIDENCE["difference"], values)
    return Finding("significant_difference", values, evidence, source=source)


def draft_recommendations(findings: list[Finding]) -> Draft:
    """One draft recommendation per distinct finding, strongest kind first (stable otherwise)."""
    order = {kind: i for i, kind in enumerate(KINDS)}
    seen: set[tuple[str, str]] = set()
    drafted = []
    for finding in sorted(findings, key=lambda f: order.get(f.kind, len(KINDS))):
        if finding.kind not in _TEXTS:
            continue
        recommendation = _in_all(_TEXTS[finding.kind], finding.values)
        key = (finding.kind, recommendation["en"])
        if key in seen:
            continue
        seen.add(key)
        drafted.append(
            Recommendation(recommendation, (finding.evidence,), finding.kind, draft=True)
        )
    return Draft(tuple(drafted), {lang: text(DRAFT_NOTE, lang) for lang in LANGUAGES})
