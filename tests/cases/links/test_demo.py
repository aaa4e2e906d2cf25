from __future__ import annotations

from amanat.accounts.models import User
from amanat.cases.links.models import PersonLink, PossibleMatch
from amanat.cases.links.selectors import match_queue
from amanat.platform.demo import demo_seed


def test_demo_fills_the_coordinators_queue(db):
    demo_seed()
    assert list(PossibleMatch.objects.order_by("-score").values_list("status", flat=True)) == [
        "confirmed",
        "open",
        "open",
    ]
    assert PersonLink.objects.filter(unlinked_at__isnull=True).count() == 1
    coordinator = User.objects.get(username="coordinator")
    assert match_queue(coordinator).total == 2
