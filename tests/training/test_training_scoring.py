import pytest

from amanat.training.analysis.inputs import KeyItem
from amanat.training.analysis.scoring import AnswerError, score_answer
from amanat.training.analysis.vocabulary import read_phase, read_truth, split_options


def single(correct="B", points=1.0):
    return KeyItem(item="Q", item_type="single", max_points=points, correct_answer=correct)


def multiple(correct="A;C", points=2.0, scoring="all_or_nothing"):
    return KeyItem(
        item="Q", item_type="multiple", max_points=points, correct_answer=correct, scoring=scoring
    )


def true_false(correct="true", points=1.0):
    return KeyItem(item="Q", item_type="true_false", max_points=points, correct_answer=correct)


def test_single_choice_is_all_or_nothing_and_ignores_case_and_spaces():
    assert score_answer(single(), "B") == 1.0
    assert score_answer(single(), " b ") == 1.0
    assert score_answer(single(), "A") == 0.0
    assert score_answer(single(), "") == 0.0
    # Two options ticked on a single-choice item is wrong, not an error.
    assert score_answer(single(), "A;B") == 0.0


def test_cyrillic_option_letters_are_compared_as_written():
    assert score_answer(single("Б"), "б") == 1.0
    # Cyrillic В is the third option, Latin B the second: never conflated.
    assert score_answer(single("B"), "В") == 0.0


def test_multiple_choice_all_or_nothing_needs_exactly_the_keyed_set():
    item = multiple()
    assert score_answer(item, "A;C") == 2.0
    assert score_answer(item, "c;a") == 2.0
    assert score_answer(item, "A, C") == 2.0
    assert score_answer(item, "A") == 0.0
    assert score_answer(item, "A;B;C") == 0.0
    assert score_answer(item, "") == 0.0


def test_multiple_choice_partial_is_right_minus_wrong_over_keyed_options_not_below_zero():
    item = multiple("A;C;D", points=3.0, scoring="partial")
    assert score_answer(item, "A;C;D") == 3.0
    assert score_answer(item, "A;C") == 2.0  # 2 right, 0 wrong: 3 x 2/3
    assert score_answer(item, "A;C;B") == 1.0  # 2 right, 1 wrong: 3 x 1/3
    assert score_answer(item, "B;E") == 0.0  # 0 right, 2 wrong: floored at 0
    assert score_answer(item, "A;B") == 0.0  # 1 right, 1 wrong


@pytest.mark.parametrize("answer", ["true", "TRUE", "T", "t", "да", "Да", "1", "yes", "ооба", "иә"])
def test_true_answers_in_every_spelling(answer):
    assert score_answer(true_false("true"), answer) == 1.0
    assert score_answer(true_false("нет"), answer) == 0.0


@pytest.mark.parametrize("answer", ["false", "F", "f", "нет", "НЕТ", "0", "no", "жоқ"])
def test_false_answers_in_every_spelling(answer):
    assert score_answer(true_false("F"), answer) == 1.0
    assert score_answer(true_false("да"), answer) == 0.0


def test_unknown_true_false_answer_is_an_error():
    with pytest.raises(AnswerError, match="'maybe' is not a true/false answer"):
        score_answer(true_false(), "maybe")


def test_score_items_take_the_points_as_written_within_range():
    item = KeyItem(item="Q", item_type="score", max_points=5.0)
    assert score_answer(item, "3") == 3.0
    assert score_answer(item, "2,5") == 2.5
    assert score_answer(item, "") == 0.0
    with pytest.raises(AnswerError, match="6 points is outside the allowed range 0 to 5"):
        score_answer(item, "6")
    with pytest.raises(AnswerError, match="'three' is not a number of points"):
        score_answer(item, "three")


def test_vocabulary_readers():
    assert read_truth("Да") is True
    assert read_truth(" f ") is False
    assert read_truth("perhaps") is None
    assert read_phase("PRE") == "pre"
    assert read_phase("после") == "post"
    assert read_phase("mid") is None
    assert split_options("a; c ,B") == frozenset({"A", "B", "C"})
