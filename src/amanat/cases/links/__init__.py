"""Cross-organisation person links: the NRM coordinator's "possibly the same person" queue.

A `PossibleMatch` pairs two persons held by different organisations (proposed by the batch
linkage `amanat dedup --database` or by `amanat persons scan`); the coordinator confirms it
(a `PersonLink`) or rejects it. Links never move data between organisations and never show on a
case worker's pages; they only let statistics count unique persons (ADR 0140).
"""


def register() -> None:
    """Called from the cases app's ready(): the coordinator's menu entry."""
    from django.utils.translation import gettext_lazy as _

    from amanat.accounts.roles import Perm
    from amanat.core.navigation import NavItem, register_nav_items

    register_nav_items(
        NavItem(33, _("Possibly the same person"), "cases:person_matches", Perm.PERSONS_LINK)
    )
    from django.urls import reverse

    from amanat.cases.links.selectors import open_match_count
    from amanat.core.landing import register_landing, register_panel

    # The coordinator lands on the overview of what needs them, not on a case list (ADR 1620).
    register_landing("coordinator", url_name="overview", permission=Perm.PERSONS_LINK, priority=90)
    register_panel(
        "person_matches",
        order=10,
        label=_("Possibly the same person: to decide"),
        count=open_match_count,
        url=lambda user: reverse("cases:person_matches"),
        permission=Perm.PERSONS_LINK,
        audiences=("coordinator",),
    )
