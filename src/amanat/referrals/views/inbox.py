"""The referrals inbox (incoming and outgoing) with the user's unread notices."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amanat.accounts.roles import Perm
from amanat.errors import ValidationError
from amanat.referrals import codes, selectors, services
from amanat.referrals.models import STATE_CHOICES
from amanat.referrals.notify import notification_text
from amanat.referrals.views._common import services_text


@login_required
def inbox(request):
    if not request.user.can(Perm.CASE_VIEW):
        raise Http404
    box = request.GET.get("box", "incoming")
    if box not in ("incoming", "outgoing"):
        box = "incoming"
    status = request.GET.get("status", "")
    services.referrals_expire_due()  # selectors never write: overdue ones expire here (0446)
    try:
        page = selectors.referral_inbox(
            request.user,
            box=box,
            status=status,
            page=request.GET.get("page", 1),
            cursor=request.GET.get("cursor", ""),
        )
    except ValidationError as error:  # an unknown status filter: show everything instead
        if error.field == "cursor":
            raise  # a bad cursor is a 400 naming it (DomainErrorMiddleware)
        status = ""
        page = selectors.referral_inbox(request.user, box=box, page=1)
    rows = [
        {
            "referral": r,
            "services": services_text(r.services),
            "urgency": codes.urgency_label(r.urgency),
        }
        for r in page.items
    ]
    notices = [
        {"n": n, "text": notification_text(n.kind, n.referral)}
        for n in selectors.notifications_for(request.user, unread_only=True, limit=20)
    ]
    return render(
        request,
        "referrals/inbox.html",
        {
            "box": box,
            "status": status,
            "page": page,
            "rows": rows,
            "notices": notices,
            "states": [
                ("", _("All")),
                *[(s, lbl) for s, lbl in STATE_CHOICES if s != "draft" or box == "outgoing"],
                ("overdue", _("Overdue")),
            ],
        },
    )


@login_required
@require_POST
def notifications_read(request):
    services.notifications_mark_read(user=request.user, mark_all=True)
    return redirect("referrals:inbox")
