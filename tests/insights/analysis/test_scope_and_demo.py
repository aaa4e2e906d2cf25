"""The analyses read the database within the user's countries; the regional researcher role
(admin-granted, audited) spans every country; the demo gives the chapters in English and Russian."""

from __future__ import annotations

import io

import pytest
from docx import Document

from amanat.accounts.models import User
from amanat.accounts.services import user_set_roles
from amanat.errors import NotFound
from amanat.insights.analyses import run_analysis
from amanat.insights.report.analysis import build_analysis_docx
from amanat.insights.selectors import analysis as rows
from amanat.platform.demo import demo_seed
from amanat.privacy.models import AuditEvent
from tests.fixtures import shared_rows


@pytest.fixture(scope="module")
def demo(django_db_blocker):
    with shared_rows(django_db_blocker):
        demo_seed()
        yield


@pytest.fixture
def researcher(demo, db):
    return User.objects.get(username="researcher")


def test_a_researcher_without_the_role_sees_only_their_country(researcher):
    assert researcher.organisation.country == "KZ"
    assert rows.analysis_countries(researcher) == ("KZ",)
    assert set(rows.recruitment_rows(researcher)["country"].to_list()) == {"KZ"}
    assert set(rows.reintegration_rows(researcher)["country"].to_list()) == {"KZ"}
    assert set(rows.needs_data(researcher).cases["country"].to_list()) == {"KZ"}
    everyone = rows.recruitment_rows(None)
    assert set(everyone["country"].to_list()) > {"KZ"}


def test_the_regional_role_is_granted_by_an_administrator_audited_and_spans_countries(
    researcher,
):
    admin = User.objects.get(username="admin")
    before = AuditEvent.objects.filter(action="user.roles").count()
    user_set_roles(actor=admin, user=researcher, roles=["researcher", "regional_researcher"])
    researcher = User.objects.get(pk=researcher.pk)
    assert AuditEvent.objects.filter(action="user.roles").count() == before + 1
    assert rows.analysis_countries(researcher) is None
    countries = set(rows.recruitment_rows(researcher)["country"].to_list())
    assert countries == set(rows.recruitment_rows(None)["country"].to_list())
    assert {"KZ", "KG", "TJ"} <= countries


@pytest.mark.parametrize("username", ["casemanager", "trainer", "admin", "police"])
def test_users_without_statistics_get_not_found(demo, db, username):
    user = User.objects.get(username=username)
    with pytest.raises(NotFound):
        run_analysis(user, "needs")


def test_every_analysis_of_the_database_is_audited_without_values(researcher):
    for kind in ("needs", "reintegration", "recruitment"):
        run_analysis(researcher, kind, purpose="test")
    events = list(
        AuditEvent.objects.filter(action="analysis.view", actor_id=researcher.pk).order_by("id")
    )
    assert [e.object_id for e in events][-3:] == ["needs", "reintegration", "recruitment"]
    assert events[-1].extra["countries"] == ["KZ"]
    assert events[-1].purpose == "test"


def _text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.parametrize(
    ("lang", "needs_title", "by_country", "cochran", "reintegration_title"),
    [
        ("en", "Needs of the people assisted", "By Country", "Cochran's Q", "Reintegration"),
        ("ru", "Потребности пострадавших", "По признаку: Страна", "Q Кохрена", "Реинтеграция"),
    ],
)
def test_needs_and_reintegration_by_country_chapters_from_the_demo(
    demo, db, lang, needs_title, by_country, cochran, reintegration_title
):
    results = [
        run_analysis(None, "needs", by=("country",)),
        run_analysis(None, "reintegration", by=("country",)),
    ]
    assert results[0].data["by"]["country"]
    text = _text(build_analysis_docx(results, lang))
    assert needs_title in text
    assert by_country in text
    assert cochran in text
    assert reintegration_title in text
    if lang == "ru":
        assert "Cochran" not in text and "Kruskal" not in text


def test_amanat_user_roles_grants_the_regional_role_audited(researcher, capsys):
    from amanat.cli import main as amanat

    before = AuditEvent.objects.filter(action="user.roles").count()
    assert amanat(["user", "roles", "researcher", "--role", "researcher,regional_researcher"]) == 0
    assert "regional_researcher, researcher" in capsys.readouterr().out
    assert User.objects.get(pk=researcher.pk).can("stats.all_countries")
    assert AuditEvent.objects.filter(action="user.roles").count() == before + 1
    assert amanat(["user", "roles", "researcher", "--role", "superuser"]) == 2
    assert "Unknown role 'superuser'" in capsys.readouterr().err
    assert User.objects.get(pk=researcher.pk).can("stats.all_countries")  # unchanged


def test_profile_fields_are_compared_and_read_only_when_asked(demo, db):
    from amanat.cases.models import Case, Person

    for case in Case.objects.select_related("person"):
        case.person.urban_rural = "urban" if case.pk % 3 else "rural"
        Person.objects.filter(pk=case.person_id).update(urban_rural=case.person.urban_rural)
    before = AuditEvent.objects.filter(action="person.profile_read").count()
    run_analysis(None, "needs", by=("country",))
    assert AuditEvent.objects.filter(action="person.profile_read").count() == before
    result = run_analysis(None, "needs", by=("urban_rural",)).data
    assert AuditEvent.objects.filter(action="person.profile_read").count() == before + 1
    data = rows.needs_data(None, by=("urban_rural",))
    codes, matrix = data.matrix()
    urban = [v == "urban" for v in data.cases["urban_rural"].to_list()]
    assert data.cases["urban_rural"].to_list() == [
        "urban" if c % 3 else "rural" for c in data.cases["case_id"].to_list()
    ]
    from scipy import stats

    for row in result["by"]["urban_rural"]:
        has = matrix[:, codes.index(row["need"])]
        table = [
            [sum(h and u for h, u in zip(has, urban, strict=True)), 0],
            [sum(h and not u for h, u in zip(has, urban, strict=True)), 0],
        ]
        table[0][1] = sum(urban) - table[0][0]
        table[1][1] = len(urban) - sum(urban) - table[1][0]
        groups = {g["group"]: g for g in row["groups"]}
        assert groups["urban"]["with_need"] in (None, table[0][0])
        assert groups["rural"]["with_need"] in (None, table[1][0])
        if row["test"] == "chi2":
            chi2, p, _dof, _e = stats.chi2_contingency(table, correction=False)
            assert (row["statistic"], row["pvalue"]) == (pytest.approx(chi2), pytest.approx(p))
    assert any(r["test"] for r in result["by"]["urban_rural"])
