"""The screening section of a case page."""

from __future__ import annotations

from amanat.accounts.roles import Perm
from amanat.cases.access import case_is_owned_by_user_org
from amanat.screening import presenters, selectors
from amanat.screening.access import can_conduct
from amanat.screening.views._shared import ui_language


def case_section(request, case):
    """The assessments of a case, on its page (codes only: nothing is decrypted here)."""
    user = request.user
    if not case_is_owned_by_user_org(user, case) or not user.can(Perm.CASE_VIEW):
        return None
    view = presenters.case_section_view(selectors.assessment_summaries(case), ui_language())
    return {"case": case, "can_conduct": can_conduct(user), **view}
