"""Capacity building: curricula, events, participants, tests, evaluations and group work.

Participants' personal data (names, organisation names, contacts, the link token, answers and
open feedback) is encrypted at rest like a case's; the codes used for statistics (organisation
type, NRM role, gender, country) are plain, as they are on a case's person.
See docs/decisions/0740-training-data-model.md.
"""

from .bank import (
    EvaluationForm,
    EvaluationQuestion,
    Item,
    ItemType,
    QuestionKind,
    QuestionScope,
    Scoring,
    TestForm,
    TestFormItem,
)
from .curricula import (
    Curriculum,
    CurriculumModule,
    CurriculumSession,
    CurriculumVersion,
    SessionMaterial,
    VersionStatus,
)
from .events import AgendaItem, Attendance, EventTrainer, Participant, TrainingEvent
from .responses import (
    EvaluationResponse,
    GroupOutput,
    GroupStation,
    OutputKind,
    Phase,
    Source,
    TestSubmission,
)

__all__ = [
    "Curriculum",
    "CurriculumModule",
    "CurriculumSession",
    "CurriculumVersion",
    "SessionMaterial",
    "VersionStatus",
    "EvaluationForm",
    "EvaluationQuestion",
    "Item",
    "ItemType",
    "QuestionKind",
    "QuestionScope",
    "Scoring",
    "TestForm",
    "TestFormItem",
    "AgendaItem",
    "Attendance",
    "EventTrainer",
    "Participant",
    "TrainingEvent",
    "EvaluationResponse",
    "GroupOutput",
    "GroupStation",
    "OutputKind",
    "Phase",
    "Source",
    "TestSubmission",
]
