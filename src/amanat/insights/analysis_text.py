"""Words of the research analyses (pages, charts, DOCX and XLSX): labels of variables, groups
and tests, and the method notes naming each test. Every string goes through gettext in the
active language, so each language of the interface follows its catalogue."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from amanat.core import geography
from amanat.core.language import pick
from amanat.insights.stats.labels import category_label, service_type_label, vocabulary_label

TITLES = {
    "needs": gettext_lazy("Needs of the people assisted"),
    "reintegration": gettext_lazy("Reintegration patterns"),
    "recruitment": gettext_lazy("Online recruitment"),
}
VARIABLES = {
    "country": gettext_lazy("Country"),
    "gender": gettext_lazy("Gender"),
    "age_band": gettext_lazy("Age band"),
    "exploitation": gettext_lazy("Form of exploitation"),
    "setting": gettext_lazy("Return or integration"),
    "time_since_return": gettext_lazy("Time since return (months)"),
    "ethnicity": gettext_lazy("Ethnicity"),
    "urban_rural": gettext_lazy("Urban or rural origin"),
    "disability": gettext_lazy("Disability"),
}
# Profile variables labelled from their code lists (amanat.cases vocabularies, ADR 1523).
VOCABULARY_OF = {
    "ethnicity": "ethnicity",
    "urban_rural": "urban_rural",
    "disability": "disability_status",
}
GROUPS = {
    "exploitation": {
        "labour": gettext_lazy("Labour exploitation"),
        "sexual": gettext_lazy("Sexual exploitation"),
        "sexual_and_labour": gettext_lazy("Sexual and labour exploitation"),
        "other": gettext_lazy("Other exploitation"),
    },
    "setting": {
        "return": gettext_lazy("Return (country of origin)"),
        "integration": gettext_lazy("Integration (country of destination)"),
        "third_country": gettext_lazy("A third country"),
    },
}
SCORES = {
    "composite": gettext_lazy("Composite score"),
    "economic": gettext_lazy("Economic dimension"),
    "social": gettext_lazy("Social dimension"),
    "psychosocial": gettext_lazy("Psychosocial dimension"),
}
CHANNELS = {
    "online": gettext_lazy("Online"),
    "personal": gettext_lazy("Personal contacts"),
    "other": gettext_lazy("Other channels"),
}
TESTS = {
    "chi2": gettext_lazy("Chi-square (no continuity correction)"),
    "fisher": gettext_lazy("Fisher's exact test"),
    "kruskal": gettext_lazy("Kruskal-Wallis H"),
    "mann_whitney": gettext_lazy("Mann-Whitney U"),
    "mcnemar": gettext_lazy("McNemar"),
    None: gettext_lazy("not tested"),
}
EFFECTS = {
    "rank_biserial": gettext_lazy("rank-biserial correlation"),
    "epsilon_squared": gettext_lazy("epsilon-squared"),
}


def _pick(labels: dict[str, str]) -> str:
    return pick(labels)  # the active language, then its configured fallbacks


def group_label(variable: str, code: str) -> str:
    """A group's name in the active language ("Not recorded" for an empty value)."""
    if not code:
        return _("Not recorded")
    if variable == "country":
        return geography.country_name(code)
    if variable == "need":
        return _pick(service_type_label(code))
    if variable == "website":
        return _pick(vocabulary_label("websites_apps", code))
    if variable in VOCABULARY_OF:
        return _pick(vocabulary_label(VOCABULARY_OF[variable], code))
    if variable in GROUPS:
        return str(GROUPS[variable].get(code, code))
    if variable == "time_since_return":
        return code
    return _pick(category_label(code))


def method_notes(kind: str) -> list[str]:
    """The method note of an analysis: each test named, and the suppression rule."""
    common = _(
        "Counts from 1 to the suppression threshold minus one are hidden, with secondary "
        "suppression so that no hidden count follows from a published total; a test is shown "
        "only when no count it is computed from is hidden."
    )
    if kind == "needs":
        return [
            _(
                "Prevalence: cases with the need among the cases with a needs assessment or a "
                "recorded need, with Wilson 95% confidence intervals."
            ),
            _(
                "Differences between needs: Cochran's Q test over all needs, then pairwise "
                "McNemar tests (exact binomial below 25 discordant pairs) with Holm's correction "
                "for multiple comparisons."
            ),
            _(
                "Comparison between groups: chi-square test of independence without continuity "
                "correction, or Fisher's exact test for a 2x2 table with an expected count under "
                "5; effect size Cramér's V."
            ),
            _(
                "Clusters: hierarchical clustering (average linkage) of the needs on the Jaccard "
                "distance between the sets of cases having them, cut at a distance of 0.7."
            ),
            common,
        ]
    if kind == "reintegration":
        return [
            _(
                "Scores: the reintegration sustainability instrument's economic, social and "
                "psychosocial dimensions and composite score (0 to 1), each case's latest "
                "assessment."
            ),
            _(
                "Comparison between groups: Mann-Whitney U test with the rank-biserial "
                "correlation for two groups, Kruskal-Wallis H test with epsilon-squared for "
                "more."
            ),
            _(
                "Change over time: linear mixed model of the composite score on months since the "
                "first assessment, with a random intercept per person (cases assessed at least "
                "twice)."
            ),
            common,
        ]
    return [
        _(
            "Online recruitment: cases recruited through any online method, among the cases "
            "with a recruitment channel recorded, with Wilson 95% confidence intervals."
        ),
        _(
            "Trend over years: logistic regression of online recruitment on the year "
            "(binomial GLM, Wald test of the slope; the model of the Cochran-Armitage trend "
            "test)."
        ),
        _(
            "Comparison between groups: chi-square test without continuity correction, or "
            "Fisher's exact test for a 2x2 table with an expected count under 5; Cramér's V."
        ),
        common,
    ]


def number(value, digits: int = 3) -> str:
    if value is None:
        return "—"
    if isinstance(value, int):
        return f"{value:,}".replace(",", " ")
    if abs(value) < 0.001 and value != 0:
        return f"{value:.1e}"
    return f"{value:.{digits}f}"


def percent(value) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"
