"""Every role x (sending, receiving, uninvolved organisation) x every referral endpoint.

Sender side: case access and the right to work on cases (CASE_VIEW and CASE_UPDATE or
CASE_CREATE); recipient side: CASE_VIEW in the receiving organisation. Anyone else gets exactly
the 404 a missing referral gets.
"""

from __future__ import annotations

import pytest

from amanat.accounts.roles import ROLE_PERMISSIONS, Perm, Role
from amanat.referrals import services
from tests.fixtures import api_client, make_user
from tests.referrals.helpers import build_world, give_consent, post


def _sender_ok(perms) -> bool:
    return Perm.CASE_VIEW in perms and (Perm.CASE_UPDATE in perms or Perm.CASE_CREATE in perms)


@pytest.fixture
def world(db):
    w = build_world()
    give_consent(w)
    referral = services.referral_create(
        user=w["sender"],
        case_id=w["case"].pk,
        to_organisation_id=w["provider"].pk,
        services=["shelter"],
        urgency="normal",
        reason="x",
    )
    services.referral_send(user=w["sender"], referral_id=referral.pk)
    w["referral"] = referral
    return w


@pytest.mark.parametrize("role", list(Role.values))
@pytest.mark.parametrize("side", ["sending", "receiving", "uninvolved"])
def test_referral_endpoints(world, role, side):
    org = {
        "sending": world["home"],
        "receiving": world["provider"],
        "uninvolved": world["outsider"],
    }[side]
    client = api_client(make_user(org=org, roles=[role]))
    perms = ROLE_PERMISSIONS[role]
    rid, cid = world["referral"].pk, world["case"].pk
    reads = [f"/api/referrals/{rid}", f"/api/referrals/{rid}/case"]
    case_reads = [
        f"/api/cases/{cid}/needs",
        f"/api/cases/{cid}/referrals",
        f"/api/cases/{cid}/matches",
    ]
    can_read = (side == "sending" and _sender_ok(perms)) or (
        side == "receiving" and Perm.CASE_VIEW in perms
    )
    for path in reads:
        response = client.get(path)
        missing = client.get(path.replace(f"/{rid}", "/999999", 1))
        assert missing.status_code == 404
        if can_read:
            assert response.status_code == 200, (role, side, path)
        else:
            assert response.status_code == 404, (role, side, path)
            assert response.json() == missing.json()
    for path in case_reads:
        expected = 200 if side == "sending" and _sender_ok(perms) else 404
        assert client.get(path).status_code == expected, (role, side, path)
    created = post(
        client,
        f"/api/cases/{cid}/referrals",
        {"to_organisation": world["provider"].pk, "services": ["medical_care"], "reason": "x"},
    )
    assert created.status_code == (201 if side == "sending" and _sender_ok(perms) else 404)
    accepted = post(client, f"/api/referrals/{rid}/accept")
    if side == "receiving" and Perm.CASE_VIEW in perms:
        assert accepted.status_code == 200
    elif side == "sending" and _sender_ok(perms):
        assert accepted.status_code == 409  # visible, but only the recipient accepts
    else:
        assert accepted.status_code == 404
