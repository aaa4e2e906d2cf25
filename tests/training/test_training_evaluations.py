from amanat.training.analysis.evaluations import (
    evaluation_dict,
    read_evaluations,
    summarize_evaluations,
)
from tests.training.training_files import write_csv, write_xlsx

ROWS = [
    ("respondent", "session", "question", "answer"),
    ("r1", "Day 1: NRM basics", "Useful", 5),
    ("r2", "Day 1: NRM basics", "Useful", 4),
    ("r3", "Day 1: NRM basics", "Useful", 4),
    ("r4", "Day 1: NRM basics", "Useful", ""),
    ("r1", "Day 1: NRM basics", "Clear", 2),
    ("r1", "Day 1: NRM basics", "Suggestions", "More cases, please"),
    ("r2", "Day 1: NRM basics", "Suggestions", "Больше практики"),
    ("r1", "", "Overall", 3),
    ("r2", "", "Overall", 5),
]


def test_likert_per_question_session_and_overall(tmp_path):
    summary = summarize_evaluations(read_evaluations(write_csv(tmp_path / "e.csv", ROWS)))
    day1, overall = summary.sessions
    assert day1.session == "Day 1: NRM basics" and overall.session == "overall"
    useful, clear, suggestions = day1.questions
    assert (useful.likert.n, useful.likert.mean, useful.likert.median) == (3, 13 / 3, 4.0)
    assert useful.likert.distribution == {1: 0, 2: 0, 3: 0, 4: 2, 5: 1}
    assert clear.likert.sd is None and clear.likert.null_reasons == {
        "sd": "needs at least 2 answers"
    }
    assert suggestions.question_type == "open"
    assert suggestions.open_answers == ["More cases, please", "Больше практики"]
    assert (day1.likert_pooled.n, day1.likert_pooled.mean, day1.likert_pooled.median) == (
        4,
        3.75,
        4.0,
    )
    assert (overall.likert_pooled.mean, overall.likert_pooled.median) == (4.0, 4.0)
    assert summary.likert_all.n == 6
    assert summary.likert_all.distribution == {1: 0, 2: 1, 3: 1, 4: 2, 5: 2}


def test_xlsx_and_json_shape(tmp_path):
    summary = summarize_evaluations(read_evaluations(write_xlsx(tmp_path / "e.xlsx", ROWS)))
    data = evaluation_dict(summary)
    assert data["scale"] == [1, 5]
    first = data["sessions"][0]["questions"][0]
    assert first["likert"]["distribution"] == {"1": 0, "2": 0, "3": 0, "4": 2, "5": 1}
    assert data["sessions"][0]["questions"][2] == {
        "question": "Suggestions",
        "type": "open",
        "answers": ["More cases, please", "Больше практики"],
    }
