"""Referral data survives a backup and restore: states, links to needs, encrypted text."""

from __future__ import annotations

import pytest

from amanat.platform.backup import backup_restore, backup_write
from amanat.referrals import services
from amanat.referrals.models import DirectoryService, Referral, ReferralTransition
from tests.referrals.helpers import build_world, give_consent

pytestmark = pytest.mark.django_db


def test_backup_round_trip(tmp_path):
    w = build_world()
    give_consent(w)
    need = services.need_record(
        user=w["sender"], case_id=w["case"].pk, service_type="shelter", reason="Нет жилья"
    )
    referral = services.referral_create(
        user=w["sender"],
        case_id=w["case"].pk,
        to_organisation_id=w["provider"].pk,
        services=["shelter"],
        urgency="high",
        reason="Срочно нужен приют",
    )
    services.referral_send(user=w["sender"], referral_id=referral.pk)
    services.referral_accept(user=w["receiver"], referral_id=referral.pk)
    backup_write(tmp_path / "b.json.gz")
    Referral.objects.all().delete()
    backup_restore(tmp_path / "b.json.gz")
    restored = Referral.objects.get(pk=referral.pk)
    assert (restored.state, restored.reason) == ("accepted", "Срочно нужен приют")
    assert list(restored.needs.values_list("pk", flat=True)) == [need.pk]
    assert ReferralTransition.objects.filter(referral=restored).count() == 2
    assert (
        DirectoryService.objects.get(
            organisation=w["provider"], service_type="shelter"
        ).contact_name
        == "Дина Сапарова"
    )
