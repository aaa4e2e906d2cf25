"""Language fallback and skip logic."""

import pytest

from amanat.screening.engine import AnswerSetError, get_builtin, resolve, screen
from amanat.screening.engine.conditions import Context, Scope, compile_condition, parse_condition


def test_requested_language_is_used_when_present():
    resolved = resolve({"en": "Yes", "ru": "Да", "kk": "Иә"}, "kk")
    assert (resolved.text, resolved.language, resolved.is_fallback) == ("Иә", "kk", False)


def test_missing_translation_falls_back_to_russian_visibly():
    resolved = resolve({"en": "Yes", "ru": "Да"}, "tg")
    assert resolved.to_dict() == {
        "text": "Да",
        "language": "ru",
        "requested": "tg",
        "fallback": True,
    }


def test_then_to_english():
    resolved = resolve({"en": "Yes"}, "uz")
    assert (resolved.text, resolved.language) == ("Yes", "en")


@pytest.mark.usefixtures("without_content_overlays")
def test_result_reports_the_languages_labels_came_from():
    result = screen(
        get_builtin("ilo-delphi-labour-adult"), {"present": ["d1.wages"]}, language="ky"
    )
    assert result.language == "ky"
    assert result.text_languages == ["ru"]
    assert (
        result.dimensions[0].label == "Обманная вербовка (обман при вербовке, передаче и перевозке)"
    )


def test_conditions_are_data_not_code():
    questions = get_builtin("identification-interview").questions()
    scope = Scope(questions={q.id: q for q in questions})
    condition = parse_condition(
        {"all": [{"question": "age", "lt": 18}, {"not": {"question": "worked", "equals": "no"}}]},
        scope,
        "c",
    )
    predicate = compile_condition(condition)
    assert predicate(Context(answers={"age": 12})) is True
    assert predicate(Context(answers={"age": 12, "worked": "no"})) is False
    assert predicate(Context(answers={"age": 30})) is False
    assert predicate(Context(answers={})) is False


INTERVIEW = "identification-interview"


def test_without_consent_everything_else_is_hidden_and_ignored():
    result = screen(
        get_builtin(INTERVIEW),
        {"answers": {"consent_interview": "no", "age": 30, "deceived_job": "yes"}},
    )
    assert result.answers_used == ["consent_interview"]
    assert result.answers_ignored == ["age", "deceived_job"]
    assert result.present == []


def test_follow_up_shown_only_when_called_for():
    base = {"consent_interview": "yes", "recruited": "yes", "recruitment_apps": ["Telegram"]}
    hidden = screen(get_builtin(INTERVIEW), {"answers": {**base, "recruitment_method": ["AtWork"]}})
    assert hidden.answers_ignored == ["recruitment_apps"]
    shown = screen(
        get_builtin(INTERVIEW),
        {"answers": {**base, "recruitment_method": ["ThroughOnlineSocialNetworks"]}},
    )
    assert shown.answers_ignored == []
    assert "recruitment_apps" in shown.answers_used


def test_child_only_question_hidden_for_adults():
    answers = {"consent_interview": "yes", "age": 40, "unaccompanied": "yes"}
    result = screen(get_builtin(INTERVIEW), {"answers": answers})
    assert result.answers_ignored == ["unaccompanied"]
    assert "ind.unaccompanied_or_separated" not in result.present


def test_bad_answer_value_names_question_and_allowed_values():
    with pytest.raises(AnswerSetError) as caught:
        screen(get_builtin(INTERVIEW), {"answers": {"consent_interview": "yes", "pay": "lots"}})
    assert (
        str(caught.value)
        == "answer set.answers.pay: 'lots' is not an option (allowed: as_agreed, less, withheld)"
    )


def test_unknown_question_is_named():
    with pytest.raises(AnswerSetError) as caught:
        screen(get_builtin(INTERVIEW), {"answers": {"favourite_colour": "blue"}})
    assert "unknown question 'favourite_colour'" in str(caught.value)


def test_unknown_fact_and_key_are_named():
    with pytest.raises(AnswerSetError, match="unknown fact 'height'"):
        screen(get_builtin("ilo-delphi-labour-adult"), {"facts": {"height": 180}})
    with pytest.raises(AnswerSetError, match="unknown key"):
        screen(get_builtin("ilo-delphi-labour-adult"), {"indicators": []})
