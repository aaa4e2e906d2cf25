"""Who may do what with referrals: the one place that decides (docs/decisions/0440, 0445).

- Recipient side: a user of the receiving organisation with `Perm.CASE_VIEW`, once the referral
  has left the draft state. Recipients never reach the case pages: they see the referral and its
  limited case view (amanat.referrals.selectors.referral_case_view), whose personal data is gated
  by `selectors.sharing_in_force` (open referral, open case, consent in force).
- Sender side: a user of the organisation that holds the case *now* (not the one that made the
  referral), with case access (`Perm.CASE_VIEW`) and the right to work on cases (`CASE_UPDATE` or
  `CASE_CREATE`). After a transfer the new holder inherits the referral history and the former
  holder sees nothing of it (0445). `Referral.from_organisation` stays as the historical fact.
- Everyone else gets NotFound, exactly as for a referral that does not exist.

`side_of` decides for one referral and `referral_visibility_q` says the same as a filter, for
lists (inbox, notifications, the menu badge); the two must agree.
"""

from __future__ import annotations

from django.db.models import Q

from amanat.accounts.denials import denied
from amanat.accounts.roles import Perm
from amanat.cases.access import case_get_for_user
from amanat.cases.models import Case
from amanat.core.ids import parse_id
from amanat.referrals.models import Referral
from amanat.referrals.state_machine import Side, State


def can_refer(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.organisation_id is not None
        and user.can(Perm.CASE_VIEW)
        and (user.can(Perm.CASE_UPDATE) or user.can(Perm.CASE_CREATE))
    )


def can_receive(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.organisation_id is not None
        and user.can(Perm.CASE_VIEW)
    )


def case_for_referral_work(user, case_id):
    """The case if `user` may record needs and make referrals for it, else NotFound."""
    if not can_refer(user):
        raise denied(user, "case", case_id, model=Case)
    return case_get_for_user(user, case_id, permission=Perm.CASE_VIEW)


def side_of(user, referral: Referral) -> Side | None:
    """The side `user` is on, or None. The recipient side comes first: when a case is handed
    over to the organisation that received its referral, that organisation still has to answer,
    start and complete the referral (and, as holder, sees the case itself anyway)."""
    if user.organisation_id is None:
        return None
    if (
        referral.to_organisation_id == user.organisation_id
        and referral.state != State.DRAFT
        and can_receive(user)
    ):
        return Side.RECIPIENT
    # Who holds the case now, not who made the referral: a transfer moves the sender side.
    if referral.case.owner_organisation_id == user.organisation_id and can_refer(user):
        return Side.SENDER
    return None


def referral_visibility_q(user, *, prefix: str = "") -> Q | None:
    """The referrals `user` is on a side of, as a filter (as `side_of`): over Referral, or over a
    model pointing at it with `prefix` (e.g. "referral__" for notices, a join not a subquery)."""
    if not getattr(user, "is_authenticated", False) or user.organisation_id is None:
        return None
    condition = Q(**{f"{prefix}pk__in": []})
    if can_receive(user):
        condition |= Q(**{f"{prefix}to_organisation_id": user.organisation_id}) & ~Q(
            **{f"{prefix}state": State.DRAFT}
        )
    if can_refer(user):
        condition |= Q(**{f"{prefix}case__owner_organisation_id": user.organisation_id})
    return condition


def referral_get_for_user(user, referral_id, *, for_update: bool = False) -> tuple[Referral, Side]:
    """The referral and the side `user` is on, or NotFound (missing and not yours look alike)."""
    pk = parse_id(referral_id)
    if not getattr(user, "is_authenticated", False) or user.organisation_id is None:
        raise denied(user, "referral", pk, model=Referral)
    queryset = Referral.objects.select_related("case", "from_organisation", "to_organisation")
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    referral = queryset.filter(pk=pk).first()
    if referral is None:
        raise denied(user, "referral", pk, exists=False)
    side = side_of(user, referral)
    if side is None:
        raise denied(user, "referral", pk, exists=True)
    return referral, side
