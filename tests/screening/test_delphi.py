"""The ILO/EC Delphi guides: counts, labels and every branch of both rules."""

from collections import Counter

import pytest

from amanat.screening.engine import builtin_guides, get_builtin, screen

ADULT = "ilo-delphi-labour-adult"
CHILD = "ilo-delphi-labour-child"


def grade_counts(guide_id):
    guide = get_builtin(guide_id)
    return Counter(indicator.dimension for indicator in guide.indicators)


def test_adult_counts_per_dimension_equal_the_reference():
    counts = grade_counts(ADULT)
    assert [counts[d] for d in range(1, 7)] == [10, 10, 16, 9, 15, 7]


def test_child_counts_per_dimension_equal_the_reference():
    counts = grade_counts(CHILD)
    assert [counts[d] for d in range(1, 7)] == [10, 10, 15, 8, 15, 7]


def test_adult_grades_per_dimension_follow_the_transcription():
    guide = get_builtin(ADULT)
    by_dimension = Counter((i.dimension, i.grade) for i in guide.indicators)
    assert by_dimension[(1, "strong")] == 1 and by_dimension[(1, "weak")] == 1
    assert by_dimension[(3, "medium")] == 14 and by_dimension[(3, "weak")] == 2
    assert by_dimension[(5, "strong")] == 4 and by_dimension[(5, "weak")] == 1


def test_uncertain_adult_grades_are_kept_and_flagged():
    guide = get_builtin(ADULT)
    flagged = {
        i.id: (i.grade, i.alternative_grades) for i in guide.indicators if i.alternative_grades
    }
    assert flagged == {
        "d3.difficulties_in_past": ("medium", ("weak",)),
        "d3.difficulty_organising_travel": ("medium", ("weak",)),
    }


def test_child_grades_differ_where_the_reference_says():
    child = get_builtin(CHILD)
    assert child.indicator("d1.education").grade == "strong"
    assert child.indicator("d2.debt_bondage").grade == "strong"
    assert child.indicator("d3.false_info_law") is None
    assert child.indicator("d4.no_social_protection") is None


@pytest.mark.parametrize("guide_id", [ADULT, CHILD])
def test_every_delphi_indicator_has_english_and_russian_labels(guide_id):
    for indicator in get_builtin(guide_id).indicators:
        assert indicator.label["en"].strip() and indicator.label["ru"].strip(), indicator.id
        assert any("а" <= ch <= "я" for ch in indicator.label["ru"].lower()), indicator.id


def dimension(guide_id, present, number):
    result = screen(get_builtin(guide_id), {"present": present})
    return result.dimensions[number - 1]


# Dimension 5 (adults): strong = confiscation, debt bondage, isolation, violence;
# medium = threats, illicit, ...; weak = threat to inform family.
@pytest.mark.parametrize(
    ("present", "positive", "clause"),
    [
        (["d5.confiscation_of_documents", "d5.debt_bondage"], True, "two strong indicators"),
        (["d5.violence", "d5.forced_to_lie"], True, "one strong and one medium or weak indicator"),
        (
            ["d5.violence", "d5.threat_to_inform_family"],
            True,
            "one strong and one medium or weak indicator",
        ),
        (
            ["d5.forced_to_lie", "d5.withholding_wages", "d5.threat_worse_conditions"],
            True,
            "three medium indicators",
        ),
        (
            ["d5.forced_to_lie", "d5.withholding_wages", "d5.threat_to_inform_family"],
            True,
            "two medium and one weak indicator",
        ),
        (["d5.violence"], False, None),
        (["d5.threat_to_inform_family"], False, None),
        (["d5.forced_to_lie", "d5.withholding_wages"], False, None),
        ([], False, None),
    ],
)
def test_dimension_rule_branches(present, positive, clause):
    result = dimension(ADULT, present, 5)
    assert result.positive is positive
    assert result.clause == clause


def test_weak_only_is_negative_however_many():
    # Adult weak indicators in dimension 6.
    result = dimension(ADULT, ["d6.difficulties_in_past", "d6.personal_characteristics"], 6)
    assert result.positive is False
    assert result.counts == {"strong": 0, "medium": 0, "weak": 2}


def test_one_medium_and_two_weak_is_negative():
    present = ["d3.economic_reasons", "d3.cultural_religious_beliefs", "d3.general_context"]
    assert dimension(ADULT, present, 3).positive is False


def test_dimension_lists_the_indicators_that_made_it():
    result = dimension(ADULT, ["d5.debt_bondage", "d5.confiscation_of_documents"], 5)
    assert result.present == ["d5.confiscation_of_documents", "d5.debt_bondage"]
    assert result.rule == "delphi-dimension-rule"


MEANS = ["d1.nature_of_job", "d1.wages"]
EXPLOITATION = ["d4.excessive_hours", "d4.low_or_no_salary"]
COERCION = ["d5.debt_bondage", "d5.isolation"]
ABUSE_AT_DESTINATION = ["d6.dependency_on_exploiters", "d6.economic_reasons", "d6.family_situation"]


def verdict(guide_id, present, facts=None):
    answer_set = {"present": present}
    if facts is not None:
        answer_set["facts"] = facts
    return screen(get_builtin(guide_id), answer_set).conclusion.presumed_victim


def test_adult_all_three_elements_positive():
    assert verdict(ADULT, MEANS + EXPLOITATION + COERCION) is True


def test_adult_abuse_of_vulnerability_at_destination_suffices_for_the_third_element():
    assert verdict(ADULT, MEANS + EXPLOITATION + ABUSE_AT_DESTINATION) is True


def test_adult_missing_destination_coercion_is_negative():
    assert verdict(ADULT, MEANS + EXPLOITATION) is False


def test_adult_missing_means_is_negative():
    assert verdict(ADULT, EXPLOITATION + COERCION) is False


def test_adult_missing_exploitation_is_negative():
    assert verdict(ADULT, MEANS + COERCION) is False


def test_child_without_means_is_positive():
    assert verdict(CHILD, EXPLOITATION, {"age": 15, "act_established": True}) is True


def test_child_without_act_is_negative():
    assert verdict(CHILD, MEANS + EXPLOITATION + COERCION, {"age": 15}) is False
    assert verdict(CHILD, EXPLOITATION, {"age": 15, "act_established": False}) is False


def test_child_without_exploitation_is_negative():
    assert verdict(CHILD, MEANS + COERCION, {"age": 15, "act_established": True}) is False


def test_explanation_names_the_rule_and_what_is_missing():
    result = screen(get_builtin(ADULT), {"present": MEANS + EXPLOITATION})
    last = result.conclusion.explanation[-1]
    assert last.startswith("Rule delphi-adult-combination is not met")
    assert last.endswith("Not satisfied: (dimension 5 positive or dimension 6 positive).")
    assert result.conclusion.citation.startswith("ILO/EC, Operational indicators")


def test_child_explanation_names_the_missing_act():
    result = screen(get_builtin(CHILD), {"present": EXPLOITATION})
    assert result.conclusion.explanation[-1].endswith("Not satisfied: act_established = yes.")


def test_result_that_depends_on_an_uncertain_grade_says_so():
    present = (
        ["d3.difficulties_in_past", "d3.economic_reasons", "d3.general_context"]
        + EXPLOITATION
        + COERCION
    )
    result = screen(get_builtin(ADULT), {"present": present})
    assert result.dimensions[2].positive is True
    assert result.conclusion.presumed_victim is True
    assert len(result.dimensions[2].notes) == 1
    assert "would be negative" in result.dimensions[2].notes[0]
    assert result.conclusion.explanation[-1] == (
        "With the alternative grades of the uncertain indicators the conclusion would be negative."
    )


def test_age_outside_the_list_is_reported():
    result = screen(get_builtin(ADULT), {"present": [], "facts": {"age": 12}})
    assert result.conclusion.explanation[-1] == (
        "Age 12: this list applies from age 18; the result is shown, but the other list should be used."
    )


def test_disclaimer_is_always_present_and_not_a_legal_determination():
    for guide in builtin_guides().values():
        result = screen(guide, {})
        assert "not a legal determination" in result.disclaimer
        assert "не является юридическим определением" in screen(guide, {}, language="ru").disclaimer


def test_result_to_dict_has_the_documented_shape():
    data = screen(get_builtin(ADULT), {"present": MEANS}).to_dict()
    assert [d["id"] for d in data["dimensions"]] == [1, 2, 3, 4, 5, 6]
    assert set(data["dimensions"][0]) >= {"id", "positive", "present", "rule"}
    assert set(data["conclusion"]) >= {"presumed_victim", "explanation"}
    assert [r["id"] for r in data["rules"]] == ["delphi-dimension-rule", "delphi-adult-combination"]


def test_batch_pauses_the_garbage_collector_and_restores_it(monkeypatch):
    import gc

    from amanat.screening.engine import AnswerSetError, engine, screen_many

    monkeypatch.setattr(engine, "GC_PAUSE_FROM", 2)
    seen = []
    real = engine.screen
    monkeypatch.setattr(engine, "screen", lambda *a, **k: (seen.append(gc.isenabled()),
                                                           real(*a, **k))[1])  # fmt: skip
    guide = get_builtin(ADULT)
    results = screen_many(guide, iter([{"present": ["d1.nature_of_job"]}, {}]))
    assert seen == [False, False] and gc.isenabled()
    assert [r.present for r in results] == [["d1.nature_of_job"], []]
    with pytest.raises(AnswerSetError, match=r"answer set \[1\]"):
        screen_many(guide, [{}, {"present": ["nope"]}])
    assert gc.isenabled()
    assert screen_many(guide, [{}]) and seen[-1] is True  # small batches leave it alone


def test_lazy_dimensions_and_explanation_equal_the_eager_form():
    guide = get_builtin(ADULT)
    answer = {"present": ["d1.nature_of_job", "d4.excessive_hours", "d5.violence",
                          "d3.difficulties_in_past", "d3.economic_reasons"]}  # fmt: skip
    lazy = screen(guide, answer).to_dict()
    eager = screen(guide, answer)
    dimensions = [d.to_dict() for d in eager.dimensions]  # built from the rows on access
    assert lazy["dimensions"] == dimensions
    assert lazy["conclusion"]["explanation"] == eager.conclusion.explanation
    assert eager.to_dict() == lazy
