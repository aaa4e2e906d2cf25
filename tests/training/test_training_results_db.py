"""Scores and statistics computed from answers stored in the database, against values worked by
hand (the same small test as the file-based tests: pre 2, 1, 0, 1; post 4, 1, 1, 4; a fifth
participant with only a pre-test) and against an exact enumeration for the Wilcoxon test."""

from __future__ import annotations

import itertools
import json
import math

import numpy as np
import pytest

from amanat.cli import main as amanat
from amanat.training import selectors, services
from amanat.training.analysis import analysis_dict
from tests.fixtures import api_client
from tests.training.training_files import KEY_ROWS, RESPONSE_ROWS, write_csv

PEOPLE = ["p1", "p2", "p3", "p4", "p5"]


@pytest.fixture
def scored(trainer, event):
    """RESPONSE_ROWS entered through the services: p1-p4 on paper, p5's pre-test too."""
    ids = {}
    for code in PEOPLE:
        ids[code] = services.participant_add(
            user=trainer,
            event_id=event.pk,
            data={
                "full_name": f"Person {code}",
                "code": code,
                "nrm_role": "case_manager" if code in ("p1", "p2") else "law_enforcement",
                "gender": "Feminine" if code in ("p1", "p3") else "Masculine",
            },
        ).pk
    sheets: dict[tuple[str, str], dict[str, str]] = {}
    for participant, phase, item, answer in RESPONSE_ROWS[1:]:
        sheets.setdefault((participant, phase), {})[item] = answer
    for (participant, phase), answers in sheets.items():
        services.test_submission_record(
            user=trainer,
            event_id=event.pk,
            participant_id=ids[participant],
            phase=phase,
            answers=answers,
        )
    return event


def test_scores_per_participant_by_hand(trainer, scored):
    _event, results = selectors.test_results(trainer, scored.pk)
    by_code = {p.participant: p for p in results.analysis.participants}
    assert [(c, by_code[c].pre_score, by_code[c].post_score) for c in PEOPLE] == [
        ("p1", 2.0, 4.0),
        ("p2", 1.0, 1.0),
        ("p3", 0.0, 1.0),
        ("p4", 1.0, 4.0),
        ("p5", 3.0, None),
    ]
    assert by_code["p5"].status == "pre_only"
    assert results.analysis.excluded == [{"participant": "p5", "reason": "took only the pre-test"}]
    # (post - pre) / (max - pre): p1 2/2, p2 0/3, p3 1/4, p4 3/3
    assert [by_code[c].normalized_gain for c in PEOPLE[:4]] == [1.0, 0.0, 0.25, 1.0]


def test_paired_statistics_by_hand(trainer, scored):
    _event, results = selectors.test_results(trainer, scored.pk)
    s = results.analysis.summary
    assert (s.n, s.pre_mean, s.post_mean, s.mean_gain, s.max_score) == (4, 1.0, 2.5, 1.5, 4.0)
    assert s.normalized_gain == 0.5  # (2.5 - 1) / (4 - 1)
    assert s.normalized_gain_of_individuals == 0.5625
    sd = math.sqrt(5 / 3)  # gains 2, 0, 1, 3
    assert s.t_statistic == pytest.approx(1.5 / (sd / 2), rel=1e-12)
    t = s.t_statistic  # Student's t CDF with 3 degrees of freedom, closed form
    cdf = 0.5 + (t / (math.sqrt(3) * (1 + t * t / 3)) + math.atan(t / math.sqrt(3))) / math.pi
    assert s.t_pvalue == pytest.approx(2 * (1 - cdf), rel=1e-9)
    assert s.cohens_dz == pytest.approx(1.5 / sd, rel=1e-12)
    assert (s.wilcoxon_w_plus, s.wilcoxon_w_minus, s.wilcoxon_pvalue) == (6.0, 0.0, 0.25)
    assert s.rank_biserial == 1.0


def test_items_by_hand(trainer, scored):
    _event, results = selectors.test_results(trainer, scored.pk)
    q1, q2, q3 = results.analysis.items
    # Q1 pre: p1 0, p2 1, p3 0, p4 1, p5 1 -> 0.6; post: 1, 1, 0, 1 -> 0.75
    assert (q1.pre.difficulty, q1.post.difficulty) == (0.6, 0.75)
    # Q2 (false) pre: p1 да 0, p4 T 0, others unanswered 0 -> 0.0
    assert q2.pre.difficulty == 0.0
    assert q2.pre.discrimination is None
    # Q3 (2 points) post: 2, 0, 0, 2 -> 0.5
    assert q3.post.difficulty == 0.5
    # Q1 pre discrimination: item 0,1,0,1,1 against the rest 2,0,0,0,2
    item = np.array([0, 1, 0, 1, 1.0])
    rest = np.array([2, 0, 0, 0, 2.0])
    assert q1.pre.discrimination == pytest.approx(np.corrcoef(item, rest)[0, 1], rel=1e-12)
    # Sub-scores by module over the paired four: M1 (Q1, Q2) pre 0, 1, 0, 1; post 2, 1, 1, 2
    m1, m2 = (results.analysis.item_groups["module"][m] for m in ("M1", "M2"))
    assert (m1.pre_mean, m1.post_mean, m1.max_score) == (0.5, 1.5, 2.0)
    # M2 (Q3, 2 points) pre 2, 0, 0, 0; post 2, 0, 0, 2
    assert (m2.pre_mean, m2.post_mean, m2.max_score) == (0.5, 1.0, 2.0)


def test_results_by_role_and_gender_by_hand(trainer, scored):
    _event, results = selectors.test_results(trainer, scored.pk)
    roles = results.analysis.groups["nrm_role"]
    # case managers p1, p2: pre 2, 1 -> 1.5; post 4, 1 -> 2.5
    assert (
        roles["case_manager"].n,
        roles["case_manager"].pre_mean,
        roles["case_manager"].post_mean,
    ) == (2, 1.5, 2.5)
    # law enforcement p3, p4 (p5 has no post-test): pre 0, 1; post 1, 4
    assert (
        roles["law_enforcement"].n,
        roles["law_enforcement"].pre_mean,
        roles["law_enforcement"].post_mean,
    ) == (2, 0.5, 2.5)
    genders = results.analysis.groups["gender"]
    assert (genders["Feminine"].pre_mean, genders["Feminine"].post_mean) == (1.0, 2.5)  # p1, p3
    assert genders["Masculine"].n == 2  # p2, p4
    assert results.analysis.groups["organisation_type"] == {
        "(not recorded)": results.analysis.groups["organisation_type"]["(not recorded)"]
    }


def test_a_corrected_key_rescores_stored_answers(trainer, scored):
    q1 = scored.test_form.form_items.get(item__code="Q1").item
    with pytest.raises(Exception, match="re-scores"):
        services.item_update(user=trainer, item_id=q1.pk, changes={"correct_answer": "A"})
    services.item_update(
        user=trainer, item_id=q1.pk, changes={"correct_answer": "A", "rescore": True}
    )
    _event, results = selectors.test_results(trainer, scored.pk)
    by_code = {p.participant: p for p in results.analysis.participants}
    # Q1 pre answers p1 A, p2 B, p3 A, p4 B: p1 and p3 now earn the point, p2 and p4 lose it
    assert [by_code[c].pre_score for c in ("p1", "p2", "p3", "p4")] == [3.0, 0.0, 1.0, 0.0]


def test_database_path_matches_the_command_line_on_the_same_answers(
    trainer, scored, tmp_path, capsys
):
    responses = write_csv(tmp_path / "responses.csv", RESPONSE_ROWS)
    key = write_csv(tmp_path / "key.csv", KEY_ROWS)
    assert (
        amanat(
            [
                "training",
                "analyze",
                "--responses",
                str(responses),
                "--key",
                str(key),
                "--format",
                "json",
            ]
        )
        == 0
    )
    from_files = json.loads(capsys.readouterr().out)
    response = api_client(trainer).get(f"/api/training/events/{scored.pk}/analysis")
    assert response.status_code == 200
    from_db = response.json()
    for name in (
        "n",
        "n_pre",
        "n_post",
        "pre_mean",
        "post_mean",
        "mean_gain",
        "normalized_gain",
        "t_statistic",
        "t_pvalue",
        "wilcoxon_pvalue",
        "cohens_dz",
        "rank_biserial",
    ):
        assert from_db[name] == from_files[name], name
    assert [
        (i["item"], i["pre"]["difficulty"], i["post"]["discrimination"]) for i in from_db["items"]
    ] == [
        (i["item"], i["pre"]["difficulty"], i["post"]["discrimination"])
        for i in from_files["items"]
    ]
    assert from_db == {
        **analysis_dict(selectors.test_results(trainer, scored.pk)[1].analysis),
        "review_flags": from_db["review_flags"],
    }


def _exact_wilcoxon_two_sided(gains: list[float]) -> float:
    """Every assignment of signs to the ranks of |gains| (no ties, no zeros), counted."""
    ranks = {abs(g): r for r, g in enumerate(sorted(gains, key=abs), start=1)}
    w_plus = sum(ranks[abs(g)] for g in gains if g > 0)
    total = sum(ranks.values())
    observed = min(w_plus, total - w_plus)
    count = 0
    for signs in itertools.product((0, 1), repeat=len(gains)):
        w = sum(r for r, s in zip(ranks.values(), signs, strict=True) if s)
        if min(w, total - w) <= observed:
            count += 1
    return count / 2 ** len(gains)


def test_wilcoxon_on_distinct_gains_against_an_exact_enumeration(trainer):
    from tests.training.conftest import make_event, make_items

    items = make_items(trainer, [(f"B{k}", "true_false", [], "true", 2**k, "M1") for k in range(3)])
    event = make_event(trainer, items=items)
    # scores are binary numbers: item B{k} right <=> bit k set; gains 1, 2, -3, 4, 5, 6, -7
    pairs = [(0, 1), (0, 2), (3, 0), (0, 4), (0, 5), (0, 6), (7, 0)]
    for number, (pre, post) in enumerate(pairs, start=1):
        person = services.participant_add(
            user=trainer, event_id=event.pk, data={"full_name": f"P{number}"}
        )
        for phase, score in (("pre", pre), ("post", post)):
            services.test_submission_record(
                user=trainer,
                event_id=event.pk,
                participant_id=person.pk,
                phase=phase,
                answers={f"B{k}": "true" if score >> k & 1 else "false" for k in range(3)},
            )
    _event, results = selectors.test_results(trainer, event.pk)
    s = results.analysis.summary
    gains = [b - a for a, b in pairs]
    assert (s.wilcoxon_w_plus, s.wilcoxon_w_minus) == (18.0, 10.0)
    assert s.wilcoxon_pvalue == pytest.approx(_exact_wilcoxon_two_sided(gains), rel=1e-12)
    assert s.rank_biserial == pytest.approx(8 / 28, rel=1e-12)
    mean, sd = np.mean(gains), np.std(gains, ddof=1)
    assert s.t_statistic == pytest.approx(mean / (sd / math.sqrt(7)), rel=1e-12)
    assert s.normalized_gain == pytest.approx(
        (np.mean([b for _a, b in pairs]) - np.mean([a for a, _b in pairs]))
        / (7 - np.mean([a for a, _b in pairs])),
        rel=1e-12,
    )
