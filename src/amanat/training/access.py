"""Who may see which training object: the one place that decides.

- An event: users holding Perm.TRAINING_MANAGE who are among the event's trainers. Everybody
  else, a trainer of the same organisation included, gets the NotFound a missing event gets.
- Curricula: the owner organisation's trainers see every version; other trainers see published
  versions only (curricula are meant to be reused). Only the owner organisation changes them.
- The item bank, test forms and evaluation forms: the owner organisation's trainers only (answer
  keys are not for circulation). A co-trainer from another organisation sees an event's form
  through the event, never through the bank.
- A participant's link: the token alone, found by its keyed hash; it opens that participant's
  own forms and nothing else.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from amanat.accounts.denials import denied
from amanat.accounts.roles import Perm
from amanat.core.ids import parse_id
from amanat.errors import NotFound
from amanat.privacy.crypto import blind_index
from amanat.training.models import (
    Curriculum,
    CurriculumVersion,
    EvaluationForm,
    Item,
    Participant,
    TestForm,
    TrainingEvent,
    VersionStatus,
)

TOKEN_INDEX_KIND = "training-link"  # noqa: S105 - a blind-index namespace, not a secret


def object_pk(value) -> int:
    """A database id from a URL or payload value, else NotFound (amanat.core.ids)."""
    return parse_id(value)


def is_trainer(user) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and user.can(Perm.TRAINING_MANAGE)
        and user.organisation_id is not None
    )


def require_trainer(user) -> None:
    if not is_trainer(user):
        raise NotFound()


def events_visible_to(user) -> QuerySet[TrainingEvent]:
    if not is_trainer(user):
        return TrainingEvent.objects.none()
    return TrainingEvent.objects.filter(trainer_rows__user=user)


def event_get_for_user(user, event_id) -> TrainingEvent:
    """The event if `user` is one of its trainers (and may manage training), else NotFound."""
    pk = object_pk(event_id)
    event = (
        events_visible_to(user)
        .select_related("curriculum_version", "test_form", "evaluation_form")
        .filter(pk=pk)
        .first()
    )
    if event is None:
        raise denied(user, "training_event", pk, model=TrainingEvent)
    return event


def participant_get(event: TrainingEvent, participant_id, *, user=None) -> Participant:
    """A participant of `event` (already checked for `user`), else NotFound (recorded)."""
    pk = object_pk(participant_id)
    participant = event.participants.filter(pk=pk).first()
    if participant is None:
        raise denied(user, "participant", pk, model=Participant)
    return participant


def curriculum_versions_visible_to(user) -> QuerySet[CurriculumVersion]:
    if not is_trainer(user):
        return CurriculumVersion.objects.none()
    return CurriculumVersion.objects.filter(
        Q(curriculum__owner_organisation_id=user.organisation_id)
        | Q(status=VersionStatus.PUBLISHED)
    )


def curriculum_version_get(user, version_id, *, change: bool = False) -> CurriculumVersion:
    """A visible version; with `change`, only one the user's organisation owns."""
    queryset = curriculum_versions_visible_to(user).select_related("curriculum")
    if change:
        queryset = queryset.filter(curriculum__owner_organisation_id=user.organisation_id)
    version = queryset.filter(pk=object_pk(version_id)).first()
    if version is None:
        raise denied(user, "curriculum_version", version_id, model=CurriculumVersion)
    return version


def curriculum_owned(user, curriculum: Curriculum) -> bool:
    """Whether `user`'s organisation owns `curriculum`, and so may change its drafts."""
    return is_trainer(user) and curriculum.owner_organisation_id == user.organisation_id


def curriculum_get(user, curriculum_id, *, change: bool = False) -> Curriculum:
    require_trainer(user)
    queryset = Curriculum.objects.all()
    if change:
        queryset = queryset.filter(owner_organisation_id=user.organisation_id)
    else:
        queryset = queryset.filter(
            Q(owner_organisation_id=user.organisation_id)
            | Q(versions__status=VersionStatus.PUBLISHED)
        ).distinct()
    curriculum = queryset.filter(pk=object_pk(curriculum_id)).first()
    if curriculum is None:
        raise denied(user, "curriculum", curriculum_id, model=Curriculum)
    return curriculum


def items_visible_to(user) -> QuerySet[Item]:
    if not is_trainer(user):
        return Item.objects.none()
    return Item.objects.filter(owner_organisation_id=user.organisation_id)


def item_get(user, item_id) -> Item:
    item = items_visible_to(user).filter(pk=object_pk(item_id)).first()
    if item is None:
        raise denied(user, "item", item_id, model=Item)
    return item


def test_forms_visible_to(user) -> QuerySet[TestForm]:
    if not is_trainer(user):
        return TestForm.objects.none()
    return TestForm.objects.filter(owner_organisation_id=user.organisation_id)


def test_form_get(user, form_id) -> TestForm:
    form = test_forms_visible_to(user).filter(pk=object_pk(form_id)).first()
    if form is None:
        raise denied(user, "test_form", form_id, model=TestForm)
    return form


def evaluation_forms_visible_to(user) -> QuerySet[EvaluationForm]:
    if not is_trainer(user):
        return EvaluationForm.objects.none()
    return EvaluationForm.objects.filter(owner_organisation_id=user.organisation_id)


def evaluation_form_get(user, form_id) -> EvaluationForm:
    form = evaluation_forms_visible_to(user).filter(pk=object_pk(form_id)).first()
    if form is None:
        raise denied(user, "evaluation_form", form_id, model=EvaluationForm)
    return form


def token_index(token: str) -> str:
    return blind_index(TOKEN_INDEX_KIND, (token or "").strip())


def participant_for_token(token: str) -> Participant:
    """The participant a link belongs to; NotFound for any unknown, malformed or revoked token."""
    token = (token or "").strip()
    if not (20 <= len(token) <= 64) or not all(c.isalnum() or c in "-_" for c in token):
        raise NotFound()
    participant = (
        Participant.objects.select_related("event", "event__test_form", "event__evaluation_form")
        .filter(token_index=token_index(token))
        .first()
    )
    if participant is None or participant.event.personal_data_erased_at is not None:
        raise NotFound()
    return participant
