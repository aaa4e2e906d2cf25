"""analyze(): per participant results, exclusions, items, groups, JSON output."""

import json

import numpy as np
import pytest

from amanat.training.analysis import analysis_dict, analysis_text, analyze, read_key, read_responses
from amanat.training.analysis.inputs import Response
from tests.training.training_files import KEY_ROWS, RESPONSE_ROWS, write_csv


@pytest.fixture
def result(tmp_path):
    responses = read_responses(write_csv(tmp_path / "r.csv", RESPONSE_ROWS))
    key = read_key(write_csv(tmp_path / "k.csv", KEY_ROWS))
    participants = {
        "p1": {"role": "police", "gender": "f"},
        "p2": {"role": "ngo", "gender": "m"},
        "p3": {"role": "ngo", "gender": ""},
        "p4": {"role": "police", "gender": "f"},
    }
    return analyze(
        responses,
        key,
        participants=participants,
        group_by=["role", "gender"],
        item_group_by=["module"],
    )


def test_participant_scores_gains_and_exclusions(result):
    rows = {p.participant: p for p in result.participants}
    assert [(p.pre_score, p.post_score, p.gain) for p in result.participants] == [
        (2.0, 4.0, 2.0),
        (1.0, 1.0, 0.0),
        (0.0, 1.0, 1.0),
        (1.0, 4.0, 3.0),
        (3.0, None, None),
    ]
    assert rows["p1"].pre_percent == 50.0 and rows["p1"].post_percent == 100.0
    assert rows["p3"].normalized_gain == 0.25
    assert rows["p5"].status == "pre_only"
    assert rows["p5"].null_reasons["gain"] == "did not take the post-test"
    assert result.excluded == [{"participant": "p5", "reason": "took only the pre-test"}]
    assert (result.n_pre, result.n_post, result.summary.n) == (5, 4, 4)


def test_summary_uses_paired_participants_only(result):
    s = result.summary
    assert (s.pre_mean, s.post_mean, s.mean_gain, s.normalized_gain) == (1.0, 2.5, 1.5, 0.5)
    assert s.max_score == 4.0


def test_item_statistics_per_phase_use_everyone_who_took_the_phase(result):
    q1 = result.items[0]
    # pre Q1 correct: p2, p4, p5 of 5 takers
    assert q1.pre.n == 5 and q1.pre.difficulty == 0.6
    # post Q1 correct: p1, p2, p4 of 4
    assert q1.post.n == 4 and q1.post.difficulty == 0.75
    # Q3 (2 points) post: p1 2, p2 0, p3 0, p4 2 -> mean 1, difficulty 0.5
    assert result.items[2].post.mean_score == 1.0 and result.items[2].post.difficulty == 0.5
    pre_matrix = np.array([[0, 0, 2], [1, 0, 0], [0, 0, 0], [1, 0, 0], [1, 0, 2.0]])
    rest = pre_matrix.sum(axis=1) - pre_matrix[:, 0]
    assert q1.pre.discrimination == pytest.approx(
        np.corrcoef(pre_matrix[:, 0], rest)[0, 1], rel=1e-12
    )
    # Nobody answered Q2 correctly on the pre-test.
    assert (
        result.items[1].pre.null_reasons["discrimination"]
        == "every participant has the same score on this item"
    )


def test_groups_by_participant_attribute_and_by_module(result):
    roles = result.groups["role"]
    # p5 is not in the participants table: a group of its own, with no paired participant.
    assert sorted(roles) == ["(not recorded)", "ngo", "police"]
    assert roles["(not recorded)"].n == 0
    assert (roles["police"].n, roles["police"].pre_mean, roles["police"].post_mean) == (2, 1.5, 4.0)
    assert (roles["ngo"].n, roles["ngo"].mean_gain) == (2, 0.5)
    assert result.groups["gender"]["(not recorded)"].n == 1
    modules = result.item_groups["module"]
    # M1 = Q1 + Q2 (max 2): pre 0,1,0,1 post 2,1,1,2
    assert (modules["M1"].max_score, modules["M1"].pre_mean, modules["M1"].post_mean) == (
        2.0,
        0.5,
        1.5,
    )
    assert (modules["M2"].max_score, modules["M2"].mean_gain) == (2.0, 0.5)


def test_json_has_the_contract_keys_and_no_nan(result):
    data = analysis_dict(result)
    for key in ("n", "pre_mean", "post_mean", "mean_gain", "normalized_gain", "t_statistic", "t_pvalue",
                "wilcoxon_statistic", "wilcoxon_pvalue", "cohens_dz", "rank_biserial", "items",
                "participants", "excluded", "groups", "item_groups", "method"):  # fmt: skip
        assert key in data
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    assert "NaN" not in text
    assert data["items"][0]["item"] == "Q1" and data["items"][0]["attributes"] == {"module": "M1"}
    assert data["participants"][4]["post_score"] is None
    assert data["participants"][4]["null_reasons"]["post_score"] == "did not take the post-test"
    assert data["groups"]["role"]["police"]["n"] == 2


def test_json_nulls_carry_reasons_when_statistics_are_undefined():
    responses = [
        Response("a", "pre", "Q1", "1", 2),
        Response("a", "post", "Q1", "1", 3),
        Response("b", "post", "Q1", "0", 4),
    ]
    data = analysis_dict(analyze(responses))
    assert data["n"] == 1
    assert data["t_pvalue"] is None
    assert data["null_reasons"]["t_pvalue"] == "needs at least 2 paired participants"
    assert data["normalized_gain"] is None
    assert data["null_reasons"]["normalized_gain"] == "no answer key: the maximum score is unknown"
    assert data["excluded"] == [{"participant": "b", "reason": "took only the post-test"}]
    assert data["method"]["inputs"]["answers_are_scores"] is True


def test_without_key_items_come_from_the_responses_and_answers_are_points():
    responses = [
        Response("a", "pre", "Q1", "2", 2),
        Response("a", "pre", "Q2", "1,5", 3),
        Response("a", "post", "Q1", "3", 4),
    ]
    result = analyze(responses)
    assert [i.item for i in result.items] == ["Q1", "Q2"]
    assert (result.participants[0].pre_score, result.participants[0].post_score) == (3.5, 3.0)
    assert result.items[0].pre.difficulty is None and result.items[0].pre.mean_score == 2.0


def test_text_report_mentions_the_figures(result):
    text = analysis_text(result)
    assert "paired participants (n): 4" in text
    assert "p5: took only the pre-test" in text
    assert "Results by participant role:" in text
    assert "module = M2" in text
