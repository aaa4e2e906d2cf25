"""The Tajik content reaches the pages: the interview guide and an interview run in Tajik show
the Tajik texts with no fallback mark (a missing text would show Russian, marked `lang="ru"`)."""

from __future__ import annotations

import pytest
from django.test import Client

from amanat.screening.models import Assessment
from tests.fixtures import PASSWORD

INTERVIEW = "identification-interview"


@pytest.fixture
def client_for(db):
    def _login(user):
        client = Client()
        response = client.post(
            "/accounts/login/", {"username": user.username, "password": PASSWORD}
        )
        assert response.status_code == 302
        return client

    return _login


@pytest.mark.parametrize(
    ("guide", "tajik_title"),
    [
        (INTERVIEW, "Мусоҳибаи муайянкунӣ"),
        (
            "ilo-forced-labour",
            "Нишондиҳандаҳои меҳнати маҷбурии Созмони байналмилалии меҳнат (СБМ)",
        ),
        (
            "iom-vulnerability",
            "Профили осебпазирӣ (омилҳои хатар ва муҳофизатӣ, аз рӯи модели DoMV-и СБМ)",
        ),
    ],
    ids=lambda value: value if value.isascii() else "",
)
def test_guide_page_in_tajik_has_no_fallback(case_manager, client_for, guide, tajik_title):
    page = client_for(case_manager).get(f"/screening/guides/{guide}/?language=tg").content.decode()
    assert tajik_title in page
    assert 'class="fallback"' not in page


def test_interview_in_tajik_asks_the_consent_checklist_in_tajik(case, case_manager, client_for):
    client = client_for(case_manager)
    response = client.post(
        f"/screening/cases/{case.pk}/start/", {"guide": INTERVIEW, "language": "tg"}
    )
    assert response.status_code == 302
    assessment = Assessment.objects.latest("id")
    assert assessment.language == "tg"
    page = client.get(response["Location"]).content.decode()
    assert "Оё ба шахс дар бораи мақсади мусоҳиба хабар дода шуд?" in page
    assert "Оё шахс ба мусоҳиба розӣ аст (ё, агар кӯдак бошад, ризоият медиҳад)?" in page
    assert "Was the person informed of the purpose of the interview?" not in page
    assert 'class="fallback"' not in page
