"""Issue 16, finding 7: the statistics page as a dashboard. The page shell reads no data and
answers at once; each panel is its own request computing only its statistic (audited per read);
filters are chosen by name; bad filters are answered on the page naming the field; a fully
suppressed table says so instead of drawing an empty chart; web charts stay readable on a phone."""

from __future__ import annotations

import base64
import re

import pytest
from django.test import Client

from amanat.insights import casedata, sources
from amanat.insights.selectors import panel_names
from amanat.insights.stats import case_families
from amanat.privacy.models import AuditEvent
from tests.fixtures import make_org, make_user
from tests.insights.helpers import open_case, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db):
    w = world()
    for i in range(12):
        open_case(w["cm_kz"], name=f"Имя{i}", region="KZ-75", exploitation_types=["ForcedLabour"])
    for i in range(3):
        open_case(w["cm_kg"], name=f"Малая{i}", gender="Feminine", region="KG-GB")
    return w


def web(user, language: str | None = None) -> Client:
    client = Client()
    client.force_login(user)
    if language:
        client.post("/i18n/setlang/", {"language": language, "next": "/insights/"})
    return client


def views_audited() -> int:
    return AuditEvent.objects.filter(action="statistics.view").count()


def test_the_page_shell_reads_no_data_and_lists_one_loading_panel_per_statistic(w, monkeypatch):
    def no_frame(*args, **kwargs):
        raise AssertionError("the page shell must not build the statistics frame")

    monkeypatch.setattr(casedata, "case_frame", no_frame)
    before = views_audited()
    response = web(w["researcher"]).get("/insights/")
    html = response.content.decode()
    assert response.status_code == 200
    assert views_audited() == before  # nothing read, nothing to audit
    for name in panel_names():
        assert f'hx-get="/insights/panel/{name}/?"' in html, name
    assert html.count('data-testid="loading"') == len(panel_names())
    assert 'hx-trigger="load"' in html and 'hx-trigger="intersect once"' in html
    assert 'src="/static/insights/dashboard.js"' in html


def test_a_panel_computes_only_its_statistic_and_is_audited_once(w, monkeypatch):
    called: list[str] = []
    for name, function in list(case_families.CASE_STATISTICS.items()):

        def spy(*args, _name=name, _function=function, **kwargs):
            called.append(_name)
            return _function(*args, **kwargs)

        monkeypatch.setitem(case_families.CASE_STATISTICS, name, spy)

    def no_rows():
        raise AssertionError("a statistic panel must not read referrals or services")

    monkeypatch.setattr(sources, "referral_rows", no_rows)
    monkeypatch.setattr(sources, "service_rows", no_rows)
    monkeypatch.setattr(sources, "need_rows", no_rows)
    before = views_audited()
    response = web(w["researcher"]).get("/insights/panel/gender/")
    assert response.status_code == 200
    assert called == ["gender"]
    assert views_audited() == before + 1
    event = AuditEvent.objects.filter(action="statistics.view").latest("seq")
    assert event.actor_id == w["researcher"].pk and event.extra["panel"] == "gender"
    assert event.fields == ["gender"]
    html = response.content.decode()
    assert 'data-statistic="gender"' in html and "Имя" not in html


def test_key_figures_come_first_with_cases_persons_and_victims(w):
    html = web(w["coordinator"]).get("/insights/panel/key_figures/").content.decode()
    figures = dict(re.findall(r'data-figure="(\w+)">([^<]*)<', html))
    assert figures["records"] == "15" and figures["cases"] == "15"
    assert figures["persons"] == "15"
    # No status recorded yet: zero presumed victims (zeros are shown, not suppressed).
    assert figures["presumed"] == "0"
    page = web(w["coordinator"]).get("/insights/").content.decode()
    assert page.index("panel-key_figures") < page.index("panel-country")


def test_pickers_list_names_in_the_interface_language_and_filter_by_organisation(w):
    html = web(w["coordinator"]).get("/insights/").content.decode()
    assert '<option value="KZ">Kazakhstan</option>' in html
    assert '<optgroup label="Kazakhstan">' in html and ">Almaty<" in html
    assert f'<option value="{w["kg"].pk}">KG NGO</option>' in html
    assert "KZ-75" not in re.sub(r'value="[^"]*"', "", html)  # codes only as values
    ru = web(w["coordinator"], "ru").get("/insights/").content.decode()
    assert '<option value="KZ">Казахстан</option>' in ru

    client = web(w["coordinator"])
    kz = client.get("/insights/panel/key_figures/", {"organisations": w["kz"].pk})
    assert 'data-figure="records">12<' in kz.content.decode()
    kg = client.get("/insights/panel/key_figures/", {"organisations": w["kg"].pk})
    assert 'data-figure="records">&lt;10<' in kg.content.decode()
    scope = client.get("/insights/", {"organisations": w["kg"].pk}).content.decode()
    assert "Organisations holding the cases: KG NGO" in scope


def test_several_countries_in_one_value_still_work(w):
    client = web(w["coordinator"])
    response = client.get("/insights/", {"countries": "kz,KG"})
    assert response.status_code == 200
    assert "Kazakhstan, Kyrgyzstan" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "label"),
    [
        ({"countries": "XX"}, "Countries"),
        ({"countries": "KZ-75"}, "Countries"),
        ({"regions": "KZ-99"}, "Regions"),
        ({"organisations": "999999"}, "Organisations"),
        ({"organisations": "abc"}, "Organisations"),
        ({"period": "soon"}, "Years"),
        ({"threshold": "1"}, "Suppress counts below"),
        ({"threshold": "many"}, "Suppress counts below"),
        ({"source": "nope"}, "Data"),
        ({"match": "shoe"}, "Countries by"),
    ],
)
def test_bad_filters_are_answered_on_the_page_naming_the_field(w, query, label):
    before = views_audited()
    response = web(w["coordinator"]).get("/insights/", query)
    html = response.content.decode()
    assert response.status_code == 400
    assert 'data-testid="filter-errors"' in html
    summary = html.split('data-testid="filter-errors"')[1].split("</div>")[0]
    assert f"<li>{label}: " in summary
    assert "Not found" not in html and "hx-get" not in html  # no panel is requested
    panel = web(w["coordinator"]).get("/insights/panel/gender/", query)
    assert panel.status_code == 400 and f"<li>{label}: " in panel.content.decode()
    assert views_audited() == before


def test_a_dataset_has_no_organisation_filter(w, tmp_path):
    from amanat.insights.services import dataset_import_ctdc
    from tests.insights.test_dataset_import import _small_file

    name = "small"
    dataset_import_ctdc(actor=w["researcher"], path=_small_file(tmp_path), name=name)
    response = web(w["researcher"]).get("/insights/", {"source": name, "organisations": w["kz"].pk})
    assert response.status_code == 400
    assert "Organisations: A CTDC dataset has no organisation" in response.content.decode()


@pytest.mark.parametrize("name", ["nope", "key_figures2", "x" * 300, "gender%00"])
def test_an_unknown_panel_is_a_400_naming_it(w, name):
    response = web(w["coordinator"]).get(f"/insights/panel/{name}/")
    assert response.status_code == 400
    assert "Unknown statistic" in response.content.decode()


def test_panels_are_refused_like_missing_pages_without_the_permission(w):
    other = make_user(org=make_org(name="Other", country="KZ"), roles=["case_manager"])
    for path in ("/insights/", "/insights/panel/gender/", "/insights/panel/key_figures/"):
        assert web(other).get(path).status_code == 404
        assert web(w["cm_kz"]).get(path).status_code == 404
    assert Client().get("/insights/panel/gender/").status_code == 302  # to the login page


def test_a_fully_suppressed_table_says_so_instead_of_drawing_an_empty_chart(w):
    client = web(w["coordinator"])
    html = client.get("/insights/panel/gender/", {"countries": "KG"}).content.decode()
    assert 'data-testid="all-hidden"' in html
    assert "All counts in this table are below the threshold of 10" in html
    assert "data-chart" not in html and "<img" not in html
    shown = client.get("/insights/panel/gender/", {"countries": "KZ"}).content.decode()
    assert 'data-testid="all-hidden"' not in shown and 'data-chart="gender"' in shown


def test_web_charts_have_text_readable_at_phone_width(w):
    client = web(w["coordinator"])
    html = client.get("/insights/panel/region/", {"organisations": w["kz"].pk}).content.decode()
    assert ">Almaty<" in html
    encoded = re.search(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", html).group(1)
    svg = base64.b64decode(encoded).decode()
    width = float(re.search(r'<svg[^>]*width="([\d.]+)pt"', svg).group(1))
    sizes = [float(s) for s in re.findall(r"font-size:\s*([\d.]+)px", svg)]
    sizes += [float(s) for s in re.findall(r'font-size="([\d.]+)"', svg)]
    assert sizes
    # Scaled to a 350 px card on a 390 px phone, no text is smaller than 9.5 px.
    assert min(sizes) * 350 / width >= 9.5, (min(sizes), width)
    assert width <= 360  # drawn about a phone's width, so it is scaled down little if at all


def test_a_table_with_no_answer_in_scope_says_so_without_a_chart(w):
    html = web(w["coordinator"]).get("/insights/panel/trafficking_status/").content.decode()
    assert 'data-testid="no-data"' in html and "<img" not in html


def test_a_research_dataset_gets_its_own_panels(w, tmp_path):
    from amanat.insights.services import dataset_import_ctdc
    from tests.insights.test_dataset_import import _small_file

    dataset_import_ctdc(actor=w["researcher"], path=_small_file(tmp_path), name="small")
    client = web(w["researcher"])
    html = client.get("/insights/", {"source": "small"}).content.decode()
    assert "Research dataset &#x27;small&#x27;" in html or "Research dataset 'small'" in html
    assert 'hx-get="/insights/panel/datasource/?source=small"' in html
    assert "/insights/panel/region/" not in html and "/insights/panel/gaps/" not in html
    key = client.get("/insights/panel/key_figures/", {"source": "small"}).content.decode()
    assert re.search(r'data-figure="records">\d+<', key) and 'data-figure="cases"' not in key
    region = client.get("/insights/panel/region/", {"source": "small"})
    assert region.status_code == 400 and "Unknown statistic: region." in region.content.decode()
