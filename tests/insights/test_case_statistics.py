"""Statistics over the platform's own cases: exact counts, suppression, filters, who may see
them, and what must never happen (a case reaching a researcher, a threshold lowered)."""

from __future__ import annotations

import datetime as dt

import pytest

from amanat.cases.services import case_update
from amanat.errors import NotFound, ValidationError
from amanat.insights import casedata
from amanat.insights.selectors import evidence
from amanat.insights.stats import Filters, Period, PlaceFilter
from amanat.privacy.models import AuditEvent
from tests.insights.helpers import open_case, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db):
    w = world()
    # 12 men from Uzbekistan in forced labour in construction, recruited online, in Almaty (2024);
    for _ in range(12):
        open_case(
            w["cm_kz"],
            birth="1990-01-01",
            region="KZ-75",
            exploitation_types=["ForcedLabour"],
            labour_industry="F_Construction",
            recruitment_methods=["ThroughOnlineSocialNetworks"],
        )
    # 11 women from Kyrgyzstan, sexual exploitation, recruited by friends, in Bishkek (2023);
    for _ in range(11):
        open_case(
            w["cm_kg"],
            gender="Feminine",
            birth="2007-06-01",
            citizenship=("KG",),
            region="KG-GB",
            identified_on=dt.date(2023, 3, 1),
            exploitation_types=["SexualExploitation"],
            recruitment_methods=["ThroughFriendsOrSocialEvents", "ThroughOnlineSocialNetworks"],
        )
    # and 3 people about whom little is recorded.
    for _ in range(3):
        open_case(w["cm_kz"], gender="NonSpecifiedUnknown", citizenship=(), country="KZ")
    return w


def by_name(result):
    return {t.statistic: t for t in result.all_tables}


def test_counts_percentages_and_suppression(w):
    tables = by_name(evidence(w["coordinator"]))
    assert tables["country"].counts == {"KZ": 15, "KG": 11}
    assert tables["gender"].counts == {"Male": 12, "Female": None, "Unknown": None}
    assert tables["gender"].suppressed["Unknown"] == "primary"
    # 3 unknown hidden: a second cell is hidden too so it cannot be recovered from the total.
    assert tables["gender"].suppressed["Female"] == "secondary"
    assert tables["age"].counts == {"9--17": 11, "30--38": 12}
    assert tables["age"].denominator == 23 and tables["age"].records_in_scope == 26
    assert tables["majority_status"].counts == {"Minor": 11, "Adult": 12}
    assert tables["region"].counts == {"KZ-75": 12, "KG-GB": 11}
    assert tables["region"].rows[0].label == {"en": "Almaty", "ru": "Алматы"}
    assert tables["type_of_exploitation"].counts["isForcedLabour"] == 12
    assert tables["type_of_exploitation"].denominator == 23
    assert tables["labour_industry"].counts == {"F_Construction": 12}
    # CTDC rule: people with several answers count in several rows; denominator = people with any.
    channel = tables["recruitment_channel"]
    assert channel.counts == {"channelOnline": 23, "channelPersonalContacts": 11, "channelOther": 0}
    assert channel.denominator == 23
    assert channel.percentages == {
        "channelOnline": 100.0,
        "channelPersonalContacts": 47.8,
        "channelOther": 0.0,
    }
    method = tables["recruitment_method"]
    assert method.counts["ThroughOnlineSocialNetworks"] == 23
    assert method.rows[3].label["ru"] == "Через социальные сети"


def test_filters_by_period_country_and_region(w):
    only_2023 = evidence(w["researcher"], filters=Filters(period=Period(2023, 2023)))
    assert by_name(only_2023)["gender"].counts == {"Female": 11}
    kz = Filters(place=PlaceFilter(("KZ",), "identification"))
    assert by_name(evidence(w["researcher"], filters=kz))["gender"].records_in_scope == 15
    almaty = evidence(w["researcher"], filters=Filters(regions=("KZ-75",)))
    assert by_name(almaty)["gender"].counts == {"Male": 12}
    by_citizenship = Filters(place=PlaceFilter(("KG",), "citizenship"))
    assert by_name(evidence(w["researcher"], filters=by_citizenship))["gender"].counts == {
        "Female": 11
    }


def test_only_statistics_roles_get_aggregates_and_every_view_is_audited(w):
    for role in ("cm_kz", "cm_kg", "admin"):
        with pytest.raises(NotFound):
            evidence(w[role])
    evidence(w["researcher"])
    event = AuditEvent.objects.filter(action="statistics.view").latest("seq")
    assert (event.actor_id, event.object_id, event.purpose) == (
        w["researcher"].pk,
        "cases",
        "statistics",
    )
    assert "gender" in event.fields and event.extra["source"] == "cases"


def test_a_researcher_can_never_reach_a_case(w):
    from amanat.cases.access import case_get_for_user, cases_visible_to

    assert not w["researcher"].can("case.view")
    assert cases_visible_to(w["researcher"]).count() == 0
    any_case = casedata.case_frame()["caseId"][0]
    with pytest.raises(NotFound):
        case_get_for_user(w["researcher"], any_case)


def test_the_threshold_can_be_raised_but_never_lowered(w, settings):
    with pytest.raises(ValidationError) as error:
        evidence(w["coordinator"], threshold=3)
    assert error.value.field == "threshold"
    raised = by_name(evidence(w["coordinator"], threshold=12))
    assert raised["gender"].counts["Male"] == 12 and raised["gender"].counts["Female"] is None
    settings.AMANAT_STATS_THRESHOLD = 15
    assert by_name(evidence(w["coordinator"]))["gender"].counts["Male"] is None


def test_unknown_statistic_and_case_only_filters_on_a_dataset_are_refused(w):
    with pytest.raises(ValidationError) as error:
        evidence(w["coordinator"], names=["gender", "shoe_size"])
    assert error.value.field == "statistics"


def test_the_frame_follows_changes_to_cases(w):
    first = casedata.case_frame()
    assert casedata.case_frame() is first  # cached while nothing changes
    case_id = int(first.filter(first["regionOfIdentification"] == "KZ-75")["caseId"][0])
    case_update(user=w["cm_kz"], case_id=case_id, changes={"labour_industry": "C_Manufacturing"})
    second = casedata.case_frame()
    assert second is not first
    assert second.filter(second["caseId"] == case_id)["labourIndustry"][0] == "C_Manufacturing"


def test_only_changed_cases_are_read_again(w, monkeypatch):
    """The shared facts and this process's frame follow the timeline: only changed cases are
    read, from the cases and then from the facts (ADR 0031); no count, no full rebuild."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from amanat.cases.models import Case
    from amanat.cases.services import person_update
    from amanat.insights import facts

    casedata.case_frame()
    read, taken = [], []
    original, original_facts = casedata.raw_case_rows, casedata.fact_rows

    def spy(queryset=None, **kwargs):
        frame = original(queryset, **kwargs)
        read.append(frame.height)
        return frame

    def spy_facts(queryset=None):
        frame = original_facts(queryset)
        taken.append(frame.height)
        return frame

    monkeypatch.setattr(casedata, "raw_case_rows", spy)
    monkeypatch.setattr(casedata, "fact_rows", spy_facts)
    case_id = int(casedata.case_frame()["caseId"][0])
    assert read == [] and taken == []  # nothing changed: no read at all
    person_update(user=w["cm_kz"], case_id=case_id, changes={"gender": "Feminine"})
    new = open_case(w["cm_kz"], gender="TransgenderMasculine", country="KZ")
    with CaptureQueriesContext(connection) as queries:
        frame = casedata.case_frame()
    assert read == [2] and taken == [2]  # the changed and the new case, not the 25 others
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert frame.height == 27 and frame["caseId"].n_unique() == 27
    assert frame.filter(frame["caseId"] == case_id)["gender"][0] == "Female"
    assert frame.filter(frame["caseId"] == new.pk)["gender"][0] == "Transgender/NonConforming"
    # A case deleted by hand (no service deletes one): the hourly reconcile job finds it.
    Case.objects.filter(pk=new.pk).delete()
    assert facts.facts_reconcile()["repaired"] == 1
    assert casedata.case_frame().height == 26 and new.pk not in casedata.case_frame()["caseId"]


def test_the_worker_job_refreshes_the_facts_and_a_reader_sees_them(w):
    from amanat.core.jobs import registered_jobs
    from amanat.insights.models import CaseFact

    jobs = {job.name: job for job in registered_jobs()}
    assert jobs["insights.facts_refresh"].every <= 2
    jobs["insights.facts_refresh"].run()
    assert CaseFact.objects.filter(deleted=False).count() == 26
    case_id = int(CaseFact.objects.order_by("case_id").first().case_id)
    case_update(user=w["cm_kz"], case_id=case_id, changes={"labour_industry": "P_Education"})
    result = jobs["insights.facts_refresh"].run()
    assert result["cases"] == 1 and result["events"] >= 1
    assert CaseFact.objects.get(case_id=case_id).labour_industry == "P_Education"
    assert jobs["insights.facts_refresh"].run()["cases"] == 0  # nothing new: nothing written


def test_an_event_committed_late_below_the_watermark_is_not_missed(w):
    """A transaction that took an event id earlier but committed after a refresh read past it."""
    from amanat.cases.models import CaseEvent
    from amanat.insights import facts
    from amanat.insights.models import CaseFact

    facts.facts_refresh()
    frame = casedata.case_frame()
    case_id = int(frame["caseId"][0])
    late = CaseEvent.objects.filter(case_id=case_id).order_by("-id").first()
    # Emulate: the refresh saw a newer event, while this one (lower id) was not yet visible.
    case_update(user=w["cm_kz"], case_id=case_id, changes={"labour_industry": "P_Education"})
    newest = CaseEvent.objects.order_by("-id").first()
    hidden = CaseEvent.objects.filter(case_id=case_id, id__gt=late.pk).order_by("id").first()
    assert hidden is not None
    row = {f.attname: getattr(hidden, f.attname) for f in CaseEvent._meta.concrete_fields}
    hidden.delete()
    other = int(frame["caseId"][1])
    case_update(user=w["cm_kz"], case_id=other, changes={"labour_industry": "C_Manufacturing"})
    facts.facts_refresh()
    assert str(row["id"]) in facts.watermark().gaps and newest.pk > row["id"] - 1
    CaseEvent.objects.create(**row)  # "commits" now, below the watermark
    CaseFact.objects.filter(case_id=case_id).update(labour_industry="stale")
    facts.facts_refresh()
    assert CaseFact.objects.get(case_id=case_id).labour_industry == "P_Education"
    assert str(row["id"]) not in facts.watermark().gaps


def test_no_personal_value_is_read_into_the_frame(w):
    frame = casedata.raw_case_rows()
    assert set(frame.columns) == {
        "case_id",
        "owner_organisation_id",
        "identified_on",
        "country",
        "region",
        "status",
        "trafficking_status",
        "recruitment_methods",
        "exploitation_types",
        "control_methods",
        "labour_industry",
        "relationship_to_trafficker",
        "age_when_trafficked",
        "exploitation_countries",
        "birth_year",
        "gender",
        "citizenship",
        "person_id",  # an id, for unique-person counts (ADR 0140)
    }
    text = frame.write_csv()
    assert "Тест" not in text and "Тестов" not in text


def test_chunks_give_the_same_rows(w):
    whole = casedata.raw_case_rows()
    chunked = casedata.raw_case_rows(chunk=5)
    assert whole.height == 26 and chunked.equals(whole)


def test_the_frame_mapped_in_chunks_equals_the_frame_mapped_whole(w):
    """The cold build maps the facts a chunk at a time (bounded memory): same frame."""
    from amanat.insights import facts
    from amanat.insights.ctdc.from_cases import cases_to_ctdc
    from amanat.insights.models import CaseFact

    facts.facts_refresh()
    live = CaseFact.objects.filter(deleted=False)
    whole = cases_to_ctdc(casedata.fact_rows(live))
    chunked = casedata.mapped_facts(live, chunk=4)
    assert whole.height == 26 and chunked.equals(whole)
    assert casedata.mapped_facts(live.none()).height == 0
