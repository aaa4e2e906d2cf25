"""Supervision (ADR 1620): per-organisation approval of trafficking-status decisions, case
closures and support plans (request -> approve / return with comment), and case flags.

`kinds` is the registry of what may need approval (cases registers its two kinds here,
assistance registers support plans); `services` holds every write; `access` the one access
function; `selectors` the queue and a case's requests.
"""


def register() -> None:
    """Called from the cases app's ready(): the kinds cases owns, the landing panel."""
    from django.urls import reverse
    from django.utils.translation import gettext_lazy as _

    from amanat.accounts.roles import Perm
    from amanat.cases.approvals import kinds, selectors
    from amanat.cases.lifecycle import case_closure_apply
    from amanat.cases.services import case_status_decision_apply
    from amanat.core.landing import register_panel
    from amanat.core.navigation import NavItem, register_nav_items

    kinds.register_approval_kind(
        kinds.STATUS_DECISION, _("Trafficking-status decision"), case_status_decision_apply
    )
    kinds.register_approval_kind(kinds.CASE_CLOSURE, _("Case closure"), case_closure_apply)
    register_nav_items(NavItem(12, _("Approvals"), "cases:approvals", Perm.CASE_VIEW))
    register_panel(
        "approvals_waiting",
        order=30,
        label=_("Approvals waiting"),
        count=selectors.approvals_waiting_count,
        url=lambda user: reverse("cases:approvals"),
        permission=Perm.CASE_APPROVE,
        audiences=("worklist", "coordinator"),
    )
    register_panel(
        "my_requests_pending",
        order=31,
        label=_("My requests waiting for approval"),
        count=selectors.my_pending_count,
        url=lambda user: reverse("cases:approvals") + "?mine=1",
        permission=Perm.CASE_VIEW,
        audiences=("worklist",),
    )
