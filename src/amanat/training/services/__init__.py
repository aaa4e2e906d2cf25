"""Every write of the training app, one module per entity. Keyword-only, atomic, audited (field
names, never values).

Imports of paper tests, evaluations and participant lists are all-or-nothing: every row is
checked first, and an error names its row and column (amanat.training.analysis.TableError).
"""

from .agenda import agenda_build_from_curriculum, agenda_item_add, agenda_item_delete
from .attendance import attendance_set
from .curricula import (
    curriculum_create,
    curriculum_module_add,
    curriculum_session_add,
    curriculum_session_delete,
    curriculum_session_update,
    curriculum_version_new,
    curriculum_version_publish,
    curriculum_version_update,
)
from .evaluations import evaluation_record, evaluations_import, public_evaluation_submit
from .events import MAX_EVENT_DAYS, event_analysis_save, event_create, event_update
from .forms import evaluation_form_create, test_form_create, test_form_set_items
from .group_work import group_output_add, group_output_delete, station_add
from .items import item_create, item_update
from .materials import MAX_MATERIAL_BYTES, material_add, material_delete
from .participants import (
    PARTICIPANT_FIELDS,
    PERSONAL_PARTICIPANT_FIELDS,
    participant_add,
    participant_link_reset,
    participant_remove,
    participant_update,
    participants_import,
)
from .retention import RETENTION_YEARS, event_personal_data_erase, training_retention_apply
from .submissions import public_test_submit, test_responses_import, test_submission_record
from .trainers import event_trainer_add, event_trainer_remove

__all__ = [
    "curriculum_create",
    "curriculum_module_add",
    "curriculum_session_add",
    "curriculum_session_delete",
    "curriculum_session_update",
    "curriculum_version_new",
    "curriculum_version_publish",
    "curriculum_version_update",
    "MAX_MATERIAL_BYTES",
    "material_add",
    "material_delete",
    "item_create",
    "item_update",
    "evaluation_form_create",
    "test_form_create",
    "test_form_set_items",
    "MAX_EVENT_DAYS",
    "event_analysis_save",
    "event_create",
    "event_update",
    "event_trainer_add",
    "event_trainer_remove",
    "agenda_build_from_curriculum",
    "agenda_item_add",
    "agenda_item_delete",
    "PARTICIPANT_FIELDS",
    "PERSONAL_PARTICIPANT_FIELDS",
    "participant_add",
    "participant_link_reset",
    "participant_remove",
    "participant_update",
    "participants_import",
    "attendance_set",
    "public_test_submit",
    "test_responses_import",
    "test_submission_record",
    "evaluation_record",
    "evaluations_import",
    "public_evaluation_submit",
    "group_output_add",
    "group_output_delete",
    "station_add",
    "RETENTION_YEARS",
    "event_personal_data_erase",
    "training_retention_apply",
]
