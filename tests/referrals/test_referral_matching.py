"""Matching: ranks computed by hand, explanations, eligibility exclusions, weights from data."""

from __future__ import annotations

import itertools
import shutil

import pytest

from amanat.referrals.matching import (
    CaseProfile,
    Need,
    Service,
    ServiceIndex,
    exclusion_for,
    load_weights,
)
from amanat.referrals.matching.weights import DEFAULT_PATH, WeightsError
from amanat.referrals.taxonomy import TaxonomyError

CASE = CaseProfile(
    needs=(Need("shelter", "high"),),  # high urgency: 24 h deadline
    country="KZ",
    region="KZ-ALA",
    gender="male",
    age=34,
    nationality="KG",
    statuses=frozenset({"identified_victim"}),
    languages=frozenset({"ky", "ru"}),
)


def shelter(service_id: str, **fields) -> Service:
    fields.setdefault("country", "KZ")
    return Service(
        id=service_id, organisation_id=f"org-{service_id}", service_type="shelter", **fields
    )


ELIGIBLE = [
    # fit 1, same region 1, shared language 1, available 1, 24/(24+24) = 0.5
    shelter(
        "A",
        regions=frozenset({"KZ-ALA"}),
        languages=frozenset({"ru"}),
        capacity=20,
        available=5,
        median_response_hours=24.0,
    ),
    # fit 1, nationwide 0.9, no shared language 0, capacity unknown 0.5, response unknown 0.5
    shelter("B", languages=frozenset({"kk"})),
    # fit 1, cross-border 0.2, shared 1, full 0, answers at once 1
    shelter(
        "C",
        country="UZ",
        languages=frozenset({"ru", "uz"}),
        capacity=10,
        available=0,
        median_response_hours=0.0,
    ),
    # fit 1, same country 0.6, shared 1, limited (5 < 10% of 100) 0.7, 24/(24+72) = 0.25
    shelter(
        "D",
        regions=frozenset({"KZ-AST"}),
        languages=frozenset({"ru"}),
        capacity=100,
        available=5,
        median_response_hours=72.0,
    ),
]
INELIGIBLE = [
    shelter("E", genders=frozenset({"female"})),
    shelter("F", age_max=17),
    shelter("G", nationalities=frozenset({"KZ"})),
    shelter("H", statuses=frozenset({"presumed_victim"})),
    shelter("I", accepting=False),
    shelter("J", genders=frozenset({"female"}), age_min=40),
]
OTHER_TYPE = [
    Service(id="K", organisation_id="org-K", service_type="legal_aid", country="KZ"),
]
EXPECTED = {
    "A": 0.30 + 0.25 + 0.15 + 0.15 + 0.15 * 0.5,  # 0.925
    "D": 0.30 + 0.25 * 0.6 + 0.15 + 0.15 * 0.7 + 0.15 * 0.25,  # 0.7425
    "B": 0.30 + 0.25 * 0.9 + 0.0 + 0.15 * 0.5 + 0.15 * 0.5,  # 0.675
    "C": 0.30 + 0.25 * 0.2 + 0.15 + 0.0 + 0.15 * 1.0,  # 0.65
}


def ranking(services=None, case=CASE, weights=None, limit=20):
    index = ServiceIndex(
        services if services is not None else ELIGIBLE + INELIGIBLE + OTHER_TYPE, weights=weights
    )
    [result] = index.rank(case, limit=limit)
    return result


def test_ranks_and_scores_computed_by_hand():
    result = ranking()
    assert [m.service_id for m in result.matches] == ["A", "D", "B", "C"]
    assert [m.rank for m in result.matches] == [1, 2, 3, 4]
    for match in result.matches:
        assert match.score == pytest.approx(EXPECTED[match.service_id], abs=1e-12)
    assert result.considered == 10  # the legal-aid service is not a candidate at all
    assert result.eligible == 4


def test_each_match_is_explained_factor_by_factor():
    result = ranking()
    by_id = {m.service_id: m for m in result.matches}
    a = by_id["A"]
    assert [(f.code, f.value, f.weight) for f in a.factors] == [
        ("need_fit", 1.0, 0.30),
        ("region", 1.0, 0.25),
        ("language", 1.0, 0.15),
        ("capacity", 1.0, 0.15),
        ("response_time", 0.5, 0.15),
    ]
    assert [f.detail for f in a.factors] == [
        "provides Shelter, the service needed",
        "serves the person's region KZ-ALA",
        "works in ru",
        "5 of 20 places free",
        "median past answer 24 h against the 24 h deadline of high urgency",
    ]
    assert [f.detail for f in by_id["B"].factors][1:5] == [
        "serves all of KZ, the person's country",
        "works in kk, none of the person's languages (ky, ru): an interpreter is needed",
        "capacity or current availability not recorded",
        "no past answered referrals to measure",
    ]
    assert by_id["C"].factors[1].detail == "in UZ, another country: a cross-border referral"
    assert by_id["C"].factors[3].detail == "full: 0 of 10 places free (waiting list)"
    assert by_id["D"].factors[1].detail == "in KZ, serving KZ-AST, not the person's region"
    assert by_id["D"].factors[3].detail == "only 5 of 100 places free"
    for match in result.matches:
        assert sum(f.contribution for f in match.factors) == pytest.approx(match.score, abs=1e-12)


def test_ineligible_services_are_excluded_with_every_reason():
    result = ranking()
    assert [(e.service_id, [(r.code, r.detail) for r in e.reasons]) for e in result.excluded] == [
        ("E", [("gender", "serves female, person is male")]),
        ("F", [("age_above_max", "maximum age 17, person is 34")]),
        ("G", [("nationality", "serves nationals of KZ, person is KG")]),
        ("H", [("status", "serves presumed_victim, person is identified_victim")]),
        ("I", [("not_accepting", "not accepting referrals now")]),
        (
            "J",
            [
                ("gender", "serves female, person is male"),
                ("age_below_min", "minimum age 40, person is 34"),
            ],
        ),
    ]
    assert not {e.service_id for e in result.excluded} & {m.service_id for m in result.matches}


def test_unknown_person_attributes_do_not_exclude_but_are_noted():
    unknown = CaseProfile(needs=(Need("shelter"),), country="KZ")
    result = ranking(case=unknown)
    assert {m.service_id for m in result.matches} == set("ABCDEFGHJ")  # only I (not accepting) out
    assert [e.service_id for e in result.excluded] == ["I"]
    assert result.notes == (
        "gender not recorded: gender restrictions not checked",
        "age not recorded: age limits not checked",
        "nationality not recorded: nationality restrictions not checked",
        "status not recorded: status restrictions not checked",
        "region not recorded: services in the same country count as same country",
        "languages not recorded: language scored as unknown",
    )
    a = next(m for m in result.matches if m.service_id == "A")
    assert a.factors[1].detail == (
        "in KZ, serving KZ-ALA, not the person's region (person's region not recorded)"
    )
    assert (a.factors[1].value, a.factors[2].value) == (0.6, 0.5)


def test_hot_loop_and_exclusion_rules_agree_on_every_combination():
    services = []
    grid = itertools.product(
        [frozenset(), frozenset({"male"}), frozenset({"female"})],
        [None, 18, 40],
        [None, 17, 60],
        [frozenset(), frozenset({"KG"}), frozenset({"UZ"})],
        [frozenset(), frozenset({"identified_victim", "returnee"}), frozenset({"presumed_victim"})],
        [True, False],
    )
    for number, (genders, age_min, age_max, nats, statuses, accepting) in enumerate(grid):
        services.append(
            shelter(
                f"s{number:04d}",
                genders=genders,
                age_min=age_min,
                age_max=age_max,
                nationalities=nats,
                statuses=statuses,
                accepting=accepting,
            )
        )
    result = ranking(services, limit=None)
    matched = {m.service_id for m in result.matches}
    excluded = {e.service_id for e in result.excluded}
    assert matched | excluded == {s.id for s in services} and not matched & excluded
    for service in services:
        reasons = exclusion_for(service, CASE).reasons
        assert bool(reasons) == (service.id in excluded), service


def test_related_service_type_gives_partial_fit():
    case = CaseProfile(needs=(Need("legal_aid", "normal"),), country="KZ")
    services = [
        Service(id="law", organisation_id="o1", service_type="legal_aid", country="KZ"),
        Service(id="docs", organisation_id="o2", service_type="document_recovery", country="KZ"),
    ]
    result = ranking(services, case=case)
    assert [m.service_id for m in result.matches] == ["law", "docs"]
    docs = result.matches[1]
    assert docs.factors[0].value == 0.5
    assert docs.factors[0].detail == (
        "provides Document recovery, which partly meets a need for Legal aid (fit 0.5)"
    )
    assert result.matches[0].score - docs.score == pytest.approx(0.30 * 0.5, abs=1e-12)


def test_ties_break_by_service_id_and_limit_cuts():
    services = [shelter(i) for i in ("z", "b", "a")]
    assert [m.service_id for m in ranking(services).matches] == ["a", "b", "z"]
    assert [m.service_id for m in ranking(ELIGIBLE, limit=2).matches] == ["A", "D"]


def test_one_ranking_per_need_with_its_urgency():
    case = CaseProfile(needs=(Need("shelter", "emergency"), Need("shelter", "low")), country="KZ")
    services = [shelter("A", median_response_hours=12.0)]
    emergency, low = ServiceIndex(services).rank(case)
    # 4/(4+12) = 0.25 against 168/(168+12) = 0.9333...
    assert emergency.matches[0].factors[4].value == pytest.approx(0.25, abs=1e-12)
    assert low.matches[0].factors[4].value == pytest.approx(168 / 180, abs=1e-12)


def test_changed_weight_in_a_copy_of_the_data_changes_the_score(tmp_path):
    path = tmp_path / "weights.yaml"
    shutil.copy(DEFAULT_PATH, path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  language: 0.15\n", "  language: 0.65\n", 1), encoding="utf-8")
    weights = load_weights(path)
    # the weights now sum to 1.5 and are normalised
    assert weights.weights["language"] == pytest.approx(0.65 / 1.5, abs=1e-12)
    result = ranking(ELIGIBLE, weights=weights)
    scores = {m.service_id: m.score for m in result.matches}
    assert scores["A"] == pytest.approx((0.30 + 0.25 + 0.65 + 0.15 + 0.075) / 1.5, abs=1e-12)
    assert scores["B"] == pytest.approx((0.30 + 0.225 + 0.0 + 0.075 + 0.075) / 1.5, abs=1e-12)
    # language now matters more than proximity: B (no shared language) drops below cross-border C
    assert [m.service_id for m in result.matches] == ["A", "D", "C", "B"]


def test_bad_weights_file_is_rejected(tmp_path):
    path = tmp_path / "weights.yaml"
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    path.write_text(text.replace("  cross_border: 0.2", "  cross_border: 2"), encoding="utf-8")
    with pytest.raises(WeightsError, match=r"region.cross_border: 2.0 is outside \[0, 1\]"):
        load_weights(path)


def test_unknown_service_type_or_urgency_is_named():
    with pytest.raises(TaxonomyError, match="unknown service type 'housing'"):
        ServiceIndex([Service(id="x", organisation_id="o", service_type="housing", country="KZ")])
    case = CaseProfile(needs=(Need("shelter", "urgent"),), country="KZ")
    with pytest.raises(TaxonomyError, match="unknown urgency 'urgent'"):
        ServiceIndex(ELIGIBLE).rank(case)
