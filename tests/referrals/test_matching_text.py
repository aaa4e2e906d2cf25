"""The matcher's reasons are data (code + parameters) and pages phrase them in their language."""

from __future__ import annotations

import re

from django.utils import translation

from amanat.referrals.matching import CaseProfile, Need, Service, ServiceIndex
from amanat.referrals.matching_text import factor_detail, note_text

CASE = CaseProfile(
    needs=(Need("shelter", "high"),),
    country="KZ",
    languages=frozenset({"ky", "ru"}),
)
SERVICES = [
    Service(
        id="A",
        organisation_id="o1",
        service_type="shelter",
        country="KZ",
        regions=frozenset({"KZ-ALA"}),
        languages=frozenset({"ru"}),
        capacity=20,
        available=0,
        median_response_hours=12.0,
    ),
    Service(id="B", organisation_id="o2", service_type="shelter", country="KG"),
]
ENGLISH = re.compile(
    r"places? free|the service needed|waiting list|cross-border|past answer|works in"
    r"|not recorded|count as same country|person's region"
)


def _ranking():
    return ServiceIndex(SERVICES).rank(CASE)[0]


def test_engine_returns_reason_codes_and_parameters_besides_the_english_detail():
    ranking = _ranking()
    a = {f.code: f for f in ranking.matches[0].factors}
    assert ranking.matches[0].service_id == "A"
    assert (a["need_fit"].reason, a["need_fit"].params) == ("exact", {"service_type": "shelter"})
    assert a["region"].reason == "same_country"
    assert a["region"].params == {
        "region": None,
        "country": "KZ",
        "regions": ["KZ-ALA"],
        "region_recorded": False,
    }
    assert (a["capacity"].reason, a["capacity"].params) == (
        "full",
        {"available": 0, "capacity": 20},
    )
    assert a["response_time"].reason == "measured"
    assert a["response_time"].params == {"median": 12.0, "deadline": 24.0, "urgency": "high"}
    assert a["capacity"].detail == "full: 0 of 20 places free (waiting list)"  # API text kept
    assert ranking.note_codes == ("gender", "age", "nationality", "status", "region")
    assert ranking.notes[-1] == (
        "region not recorded: services in the same country count as same country"
    )
    b = {f.code: f for f in ranking.matches[1].factors}
    assert (b["region"].reason, b["response_time"].reason) == ("cross_border", "unmeasured")
    assert (b["language"].reason, b["capacity"].reason) == ("unknown", "unknown")


def test_reasons_and_notes_read_in_russian_and_the_state_languages_without_english():
    ranking = _ranking()
    factors = [f for m in ranking.matches for f in m.factors]
    for language in ("ru", "kk", "ky", "tg", "uz"):
        with translation.override(language):
            texts = [factor_detail(f) for f in factors]
            texts += [note_text(code) for code in ranking.note_codes]
        for text in texts:
            assert not ENGLISH.search(text), (language, text)
    with translation.override("ru"):
        a = {f.code: factor_detail(f) for f in ranking.matches[0].factors}
        b = {f.code: factor_detail(f) for f in ranking.matches[1].factors}
    assert a["capacity"] == "мест нет: свободно 0 из 20 мест (лист ожидания)"
    assert a["language"] == "работает на языках: Русский"
    assert b["response_time"] == "нет прошлых направлений с ответом, по которым можно измерить"
    assert "Кыргызстан" in b["region"]


def test_english_page_reads_like_the_engine_detail():
    ranking = _ranking()
    with translation.override("en"):
        a = {f.code: (factor_detail(f), f.detail) for f in ranking.matches[0].factors}
    for code in ("capacity", "need_fit"):
        assert a[code][0] == a[code][1]
    assert a["response_time"][0].startswith("median past answer 12 h against the 24 h deadline")
