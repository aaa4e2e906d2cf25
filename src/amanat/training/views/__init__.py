"""Training pages, one module per entity. Thin: parse the form, call one service or selector,
render.

Trainers' pages answer 404 to anyone who is not a trainer of the event (or not a trainer at
all). The participant's link pages need no account: the token in the URL is the only key, and
they show that participant's own forms and nothing about anyone else.
"""

from ._common import trainer_required
from .agenda import agenda, agenda_delete
from .bank import evaluation_forms, item_edit, item_new, items, test_form_detail, test_forms
from .curricula import curricula, material_download, session_edit, version_detail
from .evaluations import evaluations
from .events import (
    event_detail,
    event_edit,
    event_flags,
    event_new,
    event_trainer_add,
    event_trainer_remove,
    home,
)
from .group_work import group_work, recap
from .links import link, link_evaluation, link_test
from .participants import attendance, links, participant_action, participant_edit, participants
from .reports import DOCX, XLSX, analysis, report_download, report_page, tables_download
from .submissions import test_entry, tests

__all__ = [
    "trainer_required",
    "event_detail",
    "event_edit",
    "event_flags",
    "event_new",
    "event_trainer_add",
    "event_trainer_remove",
    "home",
    "agenda",
    "agenda_delete",
    "attendance",
    "links",
    "participant_action",
    "participant_edit",
    "participants",
    "test_entry",
    "tests",
    "evaluations",
    "group_work",
    "recap",
    "DOCX",
    "XLSX",
    "analysis",
    "report_download",
    "report_page",
    "tables_download",
    "curricula",
    "material_download",
    "session_edit",
    "version_detail",
    "evaluation_forms",
    "item_edit",
    "item_new",
    "items",
    "test_form_detail",
    "test_forms",
    "link",
    "link_evaluation",
    "link_test",
]
