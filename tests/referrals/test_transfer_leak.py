"""Issue 10, finding 1: nobody reads a person through a referral once they are no longer a party.

A case is referred (full name shared, accepted, started, a service recorded, a note written,
notices sent), then one of three things happens: the case is transferred to another organisation
(with the recipient's consent withdrawn first, as in the report, or kept), the person withdraws
their referral consent, or the case is closed. Every path by which the former holder or the
former recipient could read the person is then probed: referral pages and API, referral lists,
notices and the menu badge, assistance records, the case page and its timeline, the HTCDS export
and search (API and web). The new holder keeps the referral history (docs/decisions/0445).
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from amanat.assistance.models import ServiceDelivery
from amanat.cases.consent import consent_record, consent_withdraw
from amanat.referrals.access import referral_visibility_q, side_of
from amanat.referrals.models import Notification, Referral, ReferralNote
from amanat.referrals.selectors import unread_count
from amanat.referrals.state_machine import Side
from tests.assistance.helpers import consent as assistance_consent
from tests.assistance.helpers import plan_with_action
from tests.fixtures import PASSWORD, api_client, make_org, make_user
from tests.insights.helpers import EXPORT_PASSWORD
from tests.referrals.helpers import build_world, give_consent, post

pytestmark = pytest.mark.django_db

REASON = "Нужен приют после побега от работодателя"
NEW_FIRST_NAME = "Зарина"
NOTE = "Заселена в комнату 4"
# What must never reach a former party: the names (old and the new holder's correction), the
# phone number, the referral's free-text reason.
SECRETS = ("Гулнора", "Рахмонова", NEW_FIRST_NAME, "+998905551234", "Secret narrative", REASON)

TRANSFERS = ("transfer_after_withdrawal", "transfer_with_consent")


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _ok(response, status: int = 200):
    assert response.status_code == status, response.content
    return response


def _build() -> dict:
    w = build_world()
    w["heir_org"] = make_org(name="Heir NGO", country="KZ", region="KZ-75")
    w["heir"] = make_user(org=w["heir_org"], roles=["case_manager"], username="heir")
    case = w["case"]
    sender, receiver = api_client(w["sender"]), api_client(w["receiver"])
    w["consent"] = give_consent(w)
    created = _ok(
        post(
            sender,
            f"/api/cases/{case.pk}/referrals",
            {
                "to_organisation": w["provider"].pk,
                "services": ["shelter"],
                "urgency": "normal",
                "reason": REASON,
                "shared_fields": ["full_name", "contact_channel"],
            },
        ),
        201,
    )
    rid = created.json()["id"]
    for who, action in ((sender, "send"), (receiver, "accept"), (receiver, "start")):
        _ok(post(who, f"/api/referrals/{rid}/{action}"))
    _ok(post(receiver, f"/api/referrals/{rid}/notes", {"text": NOTE}), 201)
    _ok(
        post(
            receiver,
            f"/api/cases/{case.pk}/services",
            {"service_type": "shelter", "delivered_on": "2026-03-01", "referral": rid},
        ),
        201,
    )
    assistance_consent(w["sender"], case)
    w["plan"], _action = plan_with_action(w["sender"], case)
    w["rid"] = rid
    # The sender heard of the acceptance and the start: unread notices exist before the change.
    assert Notification.objects.filter(user=w["sender"], read_at__isnull=True).count() == 2
    return w


def _transfer(w) -> None:
    consent_record(
        user=w["sender"],
        case_id=w["case"].pk,
        purpose="referral",
        method="written",
        recipient_organisation_id=w["heir_org"].pk,
    )
    _ok(
        post(
            api_client(w["sender"]),
            f"/api/cases/{w['case'].pk}/transfer",
            {"to_organisation": w["heir_org"].pk, "to_case_worker": w["heir"].pk},
        )
    )
    # The new holder corrects the name: the former holder must not see the new one either.
    response = api_client(w["heir"]).patch(
        f"/api/cases/{w['case'].pk}",
        data=json.dumps({"person": {"first_name": NEW_FIRST_NAME}}),
        content_type="application/json",
    )
    _ok(response)


def _apply(w, scenario: str) -> dict:
    if scenario in ("transfer_after_withdrawal", "consent_withdrawn"):
        consent_withdraw(user=w["sender"], case_id=w["case"].pk, consent_id=w["consent"].pk)
    if scenario in TRANSFERS:
        _transfer(w)
    if scenario == "case_closed":
        sender = api_client(w["sender"])
        _ok(
            post(
                sender,
                f"/api/cases/{w['case'].pk}/plans/{w['plan'].pk}/end",
                {"outcome": "cancelled"},
            )
        )
        _ok(post(sender, f"/api/cases/{w['case'].pk}/close", {"reason": "assistance_completed"}))
    return w


# ------------------------------------------------------------------------------- paths
def _fill(path: str, w) -> str:
    return path.format(c=w["case"].pk, r=w["rid"], p=w["plan"].pk, code=w["case"].code)


def _export(kind: str, w) -> dict:
    """A valid HTCDS export request for the case, but for whom the case is not (or no longer)
    theirs: an identifiable transfer (roles allowed to make one); `research` is refused."""
    body = {"purpose": kind, "format": "json", "case_ids": [w["case"].pk]}
    if kind == "transfer":
        body |= {
            "legal_basis": "consent",
            "recipient_organisation": w["outsider"].pk,
            "password": EXPORT_PASSWORD,
        }
    return body


# Paths that answer exactly 404 to a former party, as for a referral or case that never existed.
NOT_FOUND_API = [
    ("GET", "/api/cases/{c}", None),
    ("GET", "/api/cases/{c}/consents", None),
    ("GET", "/api/cases/{c}/needs", None),
    ("GET", "/api/cases/{c}/referrals", None),
    ("GET", "/api/cases/{c}/matches", None),
    ("GET", "/api/cases/{c}/needs-assessments", None),
    ("GET", "/api/cases/{c}/plans", None),
    ("GET", "/api/cases/{c}/plans/{p}", None),
    ("GET", "/api/cases/{c}/services", None),
    ("GET", "/api/cases/{c}/services?referral={r}", None),
    ("GET", "/api/cases/{c}/visits", None),
    ("GET", "/api/cases/{c}/scores", None),
]
NOT_FOUND_WEB = [
    ("GET", "/cases/{c}/", None),  # the case page and its timeline
    ("GET", "/assistance/cases/{c}/", None),
    ("GET", "/assistance/referral/{r}/service/", None),
]
# Only the former holder loses the referral itself; a former recipient keeps its bare record.
REFERRAL_NOT_FOUND_API = [
    ("GET", "/api/referrals/{r}", None),
    ("GET", "/api/referrals/{r}/case", None),
    ("POST", "/api/referrals/{r}/notes", {"text": "x"}),
    ("POST", "/api/referrals/{r}/revoke", {}),
]
REFERRAL_NOT_FOUND_WEB = [
    ("GET", "/referrals/{r}/", None),
    ("POST", "/referrals/{r}/notes/", {"text": "x"}),
    ("POST", "/referrals/{r}/act/revoke/", {}),
]
# An identifiable export needs a case manager's permission: the former holder has it.
HOLDER_EXPORT_API = [("POST", "/api/insights/htcds/export", "export:transfer")]


def _call(client: Client, method: str, path: str, body, w, *, api: bool):
    if isinstance(body, str) and body.startswith("export:"):
        body = _export(body.split(":", 1)[1], w)
    if method == "GET":
        return client.get(path)
    if api:
        return post(client, path, body)
    return client.post(path, body or {})


def _assert_no_secret(response, where: str, *, echoed: str = "") -> None:
    """None of SECRETS in the body, except the query the page echoes back in its search box."""
    text = response.content.decode()
    if echoed:
        text = text.replace(echoed, "")
    leaked = [s for s in SECRETS if s in text]
    assert leaked == [], where


def _assert_all_not_found(w, user, api_paths, web_paths) -> None:
    api, web = api_client(user), login(user)
    before = (
        Referral.objects.get(pk=w["rid"]).state,
        ReferralNote.objects.count(),
        ServiceDelivery.objects.count(),
    )
    for client, paths, is_api in ((api, api_paths, True), (web, web_paths, False)):
        for method, path, body in paths:
            url = _fill(path, w)
            response = _call(client, method, url, body, w, api=is_api)
            assert response.status_code == 404, (method, url, response.status_code)
            _assert_no_secret(response, url)
    # Nothing changed by the refused writes.
    after = (
        Referral.objects.get(pk=w["rid"]).state,
        ReferralNote.objects.count(),
        ServiceDelivery.objects.count(),
    )
    assert after == before


def _assert_search_finds_nothing(w, user) -> None:
    api, web = api_client(user), login(user)
    for query in ("Рахмонова", NEW_FIRST_NAME, "+998905551234", w["case"].code):
        found = _ok(api.get("/api/cases", {"query": query})).json()
        assert (found["count"], found["items"]) == (0, []), query
        page = _ok(web.get("/cases/", {"q": query}))
        _assert_no_secret(page, f"web search {query}", echoed=query)
        assert f'href="/cases/{w["case"].pk}/"' not in page.content.decode()


# ------------------------------------------------------------------------------ the former holder
@pytest.mark.parametrize("name", TRANSFERS)
def test_former_holder_reads_nothing_of_the_person(name):
    w = _apply(_build(), name)
    former = w["sender"]
    _assert_all_not_found(
        w,
        former,
        [*NOT_FOUND_API, *REFERRAL_NOT_FOUND_API, *HOLDER_EXPORT_API],
        [*NOT_FOUND_WEB, *REFERRAL_NOT_FOUND_WEB],
    )
    api, web = api_client(former), login(former)
    # Referral lists: gone from the outgoing box (and never in the incoming one).
    for box in ("outgoing", "incoming"):
        listed = _ok(api.get("/api/referrals", {"box": box})).json()
        assert (listed["count"], listed["items"]) == (0, []), box
        page = _ok(web.get("/referrals/", {"box": box}))
        assert f"#{w['rid']}<" not in page.content.decode()
        assert w["case"].code not in page.content.decode()
    # Notices about the referral and the menu badge disappear with it.
    assert _ok(api.get("/api/referrals/notifications")).json() == []
    assert unread_count(former) == 0
    page = _ok(web.get("/referrals/")).content.decode()
    assert 'data-testid="nav-badge"' not in page
    assert f"#{w['rid']} " not in page
    _assert_search_finds_nothing(w, former)


@pytest.mark.parametrize("name", TRANSFERS)
def test_former_holder_hears_nothing_more(name):
    w = _apply(_build(), name)
    _ok(post(api_client(w["receiver"]), f"/api/referrals/{w['rid']}/complete"))
    heard = Notification.objects.filter(kind="complete").values_list("user__username", flat=True)
    assert list(heard) == ["heir"]  # the new holder's case worker, not the referral's author


# ---------------------------------------------------------------------------- the new holder
@pytest.mark.parametrize("name", TRANSFERS)
def test_new_holder_keeps_the_referral_history(name):
    w = _apply(_build(), name)
    api, web = api_client(w["heir"]), login(w["heir"])
    rid = w["rid"]
    detail = _ok(api.get(f"/api/referrals/{rid}")).json()
    assert (detail["side"], detail["case"], detail["reason"]) == ("sender", w["case"].pk, REASON)
    assert detail["from_organisation"]["id"] == w["home"].pk  # who made it stays a fact
    assert [t["action"] for t in detail["transitions"]] == ["send", "accept", "start"]
    assert detail["notes"] == []  # the recipient's own notes stay the recipient's
    view = _ok(api.get(f"/api/referrals/{rid}/case")).json()
    assert view["available"] is True
    assert view["fields"][0]["value"] == f"{NEW_FIRST_NAME} Рахмонова"
    outgoing = _ok(api.get("/api/referrals", {"box": "outgoing"})).json()
    assert [i["id"] for i in outgoing["items"]] == [rid]
    assert [r["id"] for r in _ok(api.get(f"/api/cases/{w['case'].pk}/referrals")).json()] == [rid]
    page = _ok(web.get(f"/referrals/{rid}/")).content.decode()
    assert f'href="/cases/{w["case"].pk}/"' in page
    case_page = _ok(web.get(f"/cases/{w['case'].pk}/")).content.decode()
    assert "Referral accepted" in case_page and "Referral service started" in case_page
    # The row-level research extract is refused to everyone alike (issue 15: microdata instead).
    extract = post(api, "/api/insights/htcds/export", _export("research", w))
    assert extract.status_code == 422
    assert extract.json()["code"] == "research_extract_replaced"
    # It is on the sender side: service notes are the recipient's.
    _ok(post(api, f"/api/referrals/{rid}/notes", {"text": "x"}), 403)


def test_new_holder_acts_as_the_sender():
    w = _apply(_build(), "transfer_after_withdrawal")
    response = post(api_client(w["heir"]), f"/api/referrals/{w['rid']}/revoke", {"reason": "x"})
    data = _ok(response).json()
    assert data["state"] == "revoked"
    last = data["transitions"][-1]
    assert (last["action"], last["side"], last["actor"]) == ("revoke", "sender", "heir")
    assert last["sender"]["organisation_id"] == w["heir_org"].pk  # who acted, not who referred
    assert Referral.objects.get(pk=w["rid"]).from_organisation_id == w["home"].pk


# ---------------------------------------------------------------------------- the recipient
@pytest.fixture(params=("transfer_after_withdrawal", "consent_withdrawn", "case_closed"))
def former_recipient(request) -> dict:
    return _apply(_build(), request.param) | {"name": request.param}


def test_former_recipient_keeps_only_the_bare_referral(former_recipient):
    w = former_recipient
    user = w["receiver"]
    _assert_all_not_found(w, user, NOT_FOUND_API, NOT_FOUND_WEB)
    api, web = api_client(user), login(user)
    rid = w["rid"]
    why = "case_closed" if w["name"] == "case_closed" else "consent_withdrawn"
    detail = _ok(api.get(f"/api/referrals/{rid}"))
    _assert_no_secret(detail, "detail")
    data = detail.json()
    assert (data["side"], data["case"], data["reason"], data["sharing_in_force"]) == (
        "recipient",
        None,
        None,
        False,
    )
    assert data["sharing_stopped_reason"] == why
    view = _ok(api.get(f"/api/referrals/{rid}/case"))
    _assert_no_secret(view, "case view")
    data = view.json()
    assert (data["available"], data["unavailable_reason"], data["fields"], data["reason"]) == (
        False,
        why,
        [],
        "",
    )
    assert [n["text"] for n in data["own_notes"]] == [NOTE]  # what it wrote itself
    page = _ok(web.get(f"/referrals/{rid}/"))
    _assert_no_secret(page, "referral page")
    assert NOTE in page.content.decode()
    marker = "case-closed" if why == "case_closed" else "sharing-stopped"
    assert f'data-testid="{marker}"' in page.content.decode()
    incoming = _ok(api.get("/api/referrals", {"box": "incoming"}))
    _assert_no_secret(incoming, "incoming")
    assert [i["id"] for i in incoming.json()["items"]] == [rid]
    notices = _ok(api.get("/api/referrals/notifications"))
    _assert_no_secret(notices, "notices")
    # No more services recorded under the referral.
    response = post(
        api,
        f"/api/cases/{w['case'].pk}/services",
        {"service_type": "shelter", "delivered_on": "2026-03-02", "referral": rid},
    )
    assert response.status_code == 404
    assert ServiceDelivery.objects.count() == 1
    _assert_search_finds_nothing(w, user)


def test_recipient_keeps_sharing_when_the_case_moves_with_consent():
    """A transfer alone does not end a referral the person still consents to."""
    w = _apply(_build(), "transfer_with_consent")
    view = _ok(api_client(w["receiver"]).get(f"/api/referrals/{w['rid']}/case")).json()
    assert view["available"] is True
    assert view["fields"][0] == {
        "code": "full_name",
        "label": "Full name",
        "value": f"{NEW_FIRST_NAME} Рахмонова",
    }


def test_case_moved_to_its_recipient_keeps_the_recipient_side():
    """Handed over to the organisation that received the referral: it still answers the referral
    (and holds the case); the former holder sees nothing."""
    w = _build()
    _ok(
        post(
            api_client(w["sender"]),
            f"/api/cases/{w['case'].pk}/transfer",
            {"to_organisation": w["provider"].pk},
        )
    )
    receiver = api_client(w["receiver"])
    assert _ok(receiver.get(f"/api/referrals/{w['rid']}")).json()["side"] == "recipient"
    _ok(post(receiver, f"/api/referrals/{w['rid']}/complete"))
    assert api_client(w["sender"]).get(f"/api/referrals/{w['rid']}").status_code == 404


@pytest.mark.parametrize("name", [*TRANSFERS, "consent_withdrawn", "case_closed"])
def test_list_filter_and_single_check_agree(name):
    """`referral_visibility_q` (lists, notices, badge) says what `side_of` says (one referral)."""
    w = _apply(_build(), name)
    draft = post(
        api_client(w["sender"] if name not in TRANSFERS else w["heir"]),
        f"/api/cases/{w['case'].pk}/referrals",
        {"to_organisation": w["provider"].pk, "services": ["medical_care"], "reason": "x"},
    )
    assert draft.status_code == 201, draft.content
    everything = list(Referral.objects.select_related("case"))
    for user in (w["sender"], w["receiver"], w["heir"], w["stranger"]):
        by_filter = set(
            Referral.objects.filter(referral_visibility_q(user)).values_list("pk", flat=True)
        )
        by_side = {r.pk for r in everything if side_of(user, r) is not None}
        assert by_filter == by_side, user.username
    holder = w["heir"] if name in TRANSFERS else w["sender"]
    assert side_of(holder, Referral.objects.get(pk=w["rid"])) == Side.SENDER
