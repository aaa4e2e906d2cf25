"""The case-page section: the kept advertisements linked to the case as recruitment evidence."""

from __future__ import annotations

from amanat.cases.access import case_is_owned_by_user_org
from amanat.recruitment import presenters, selectors


def case_section(request, case):
    user = request.user
    if not case_is_owned_by_user_org(user, case):
        return None
    links = selectors.ads_linked_to_case(user, case)
    if not links:
        return None
    return {
        "case": case,
        "rows": [
            {"link": link, "ad": link.ad, "level_label": presenters.level_label(link.ad.level)}
            for link in links
        ],
    }
