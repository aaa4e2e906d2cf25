"""Reads of the training app that need access rules; reads of personal data are audited.

Personal data here: participants' names, organisations, contacts and links, test answers and
evaluation answers, group-work texts and the trainer's analysis (encrypted fields).
"""

from .curricula import (
    active_items,
    curriculum_session,
    curriculum_sessions,
    curriculum_versions,
    evaluation_forms,
    material_file,
    published_versions,
    session_materials,
    version_materials,
    version_modules,
    version_siblings,
)
from .events import (
    active_user,
    agenda_count,
    evaluation_questions,
    event_agenda,
    event_get,
    event_list,
    event_trainers,
)
from .links import LinkPage, link_evaluation_slots, link_page, link_test_items
from .participants import (
    Participation,
    participant_read,
    participants_page,
    participants_read,
    participation,
    submission_for,
    submissions_of,
)
from .results import (
    evaluated_participants,
    evaluation_results,
    group_work,
    report_data,
    submission_status,
    test_results,
)

__all__ = [
    "active_user",
    "agenda_count",
    "evaluation_questions",
    "event_agenda",
    "submissions_of",
    "event_get",
    "event_list",
    "event_trainers",
    "Participation",
    "participant_read",
    "participants_page",
    "participants_read",
    "participation",
    "submission_for",
    "evaluated_participants",
    "evaluation_results",
    "group_work",
    "report_data",
    "submission_status",
    "test_results",
    "LinkPage",
    "link_evaluation_slots",
    "link_page",
    "link_test_items",
    "active_items",
    "curriculum_session",
    "curriculum_sessions",
    "curriculum_versions",
    "evaluation_forms",
    "material_file",
    "published_versions",
    "session_materials",
    "version_materials",
    "version_modules",
    "version_siblings",
]
