"""Test submissions: entered by a trainer, imported from paper, or sent through a link."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amanat.errors import Conflict, ValidationError
from amanat.training import cleaning
from amanat.training.access import event_get_for_user, participant_for_token, participant_get
from amanat.training.imports import parse_test_responses
from amanat.training.models import Item, Phase, Source, TestSubmission
from amanat.training.results import form_items

from ._common import _audit


def _clean_answers(items: list[Item], answers) -> dict[str, str]:
    if not isinstance(answers, dict):
        raise ValidationError(_("Give the answers as item code: answer."), field="answers")
    by_code = {item.code: item for item in items}
    unknown = [code for code in answers if code not in by_code]
    if unknown:
        raise ValidationError(
            _("Item '%(item)s' is not on this test.") % {"item": str(unknown[0])[:40]},
            field=f"answers.{str(unknown[0])[:40]}",
        )
    cleaned = {}
    for code, item in by_code.items():
        try:
            cleaned[code] = cleaning.normalise_answer(item, answers.get(code))
        except cleaning.AnswerProblem as problem:
            raise ValidationError(str(problem), field=f"answers.{code}") from None
    return cleaned


def _check_phase(phase: str) -> str:
    if phase not in Phase.values:
        raise ValidationError(_("The phase is pre or post."), field="phase")
    return phase


@transaction.atomic
def test_submission_record(
    *,
    user,
    event_id,
    participant_id,
    phase: str,
    answers: dict,
    source: str = Source.ENTRY,
    replace: bool = False,
) -> TestSubmission:
    """A trainer types in (or the API sends) one participant's answer sheet."""
    event = event_get_for_user(user, event_id)
    participant = participant_get(event, participant_id, user=user)
    phase = _check_phase(phase)
    if event.test_form_id is None:
        raise ValidationError(_("Choose the test form first."), field="test_form")
    cleaned = _clean_answers(form_items(event.test_form), answers)
    existing = TestSubmission.objects.filter(participant=participant, phase=phase).first()
    if existing is not None and not replace:
        raise Conflict(
            _("This participant's answers to this test are already recorded."),
            field="participant",
        )
    if existing is not None:  # a trainer's sheet replaces every attempt: it is the one record
        TestSubmission.objects.filter(participant=participant, phase=phase).delete()
    submission = TestSubmission.objects.create(
        event=event,
        participant=participant,
        phase=phase,
        form=event.test_form,
        source=source if source in Source.values else Source.ENTRY,
        answers=cleaned,
        submitted_at=timezone.now(),
        recorded_by=user,
    )
    _audit(
        user,
        "training.test.record",
        "training_participant",
        participant.pk,
        ["answers"],
        extra={"event": event.pk, "phase": phase, "replaced": existing is not None},
    )
    return submission


@transaction.atomic
def test_responses_import(
    *,
    user,
    event_id,
    file_name: str,
    content: bytes,
    phase: str | None = None,
    replace: bool = False,
) -> int:
    """Import paper answer sheets (long or wide layout); all rows or none. Returns sheets saved."""
    event = event_get_for_user(user, event_id)
    if event.test_form_id is None:
        raise ValidationError(_("Choose the test form first."), field="test_form")
    if phase is not None:
        phase = _check_phase(phase)
    participants = {p.code: p for p in event.participants.all()}
    existing = {
        (s.participant.code, s.phase)
        for s in TestSubmission.objects.filter(event=event).select_related("participant")
    }
    sheets = parse_test_responses(
        file_name,
        content,
        items=form_items(event.test_form),
        participant_codes=set(participants),
        phase=phase,
        existing=set() if replace else existing,
    )
    now = timezone.now()
    replaced = 0
    for (code, sheet_phase), answers in sheets.items():
        replaced += TestSubmission.objects.filter(
            participant=participants[code], phase=sheet_phase
        ).delete()[0]
        TestSubmission.objects.create(
            event=event,
            participant=participants[code],
            phase=sheet_phase,
            form=event.test_form,
            source=Source.PAPER,
            answers=answers,
            submitted_at=now,
            recorded_by=user,
        )
    _audit(
        user,
        "training.test.import",
        "training_event",
        event.pk,
        ["answers"],
        extra={"sheets": len(sheets), "replaced": replaced},
    )
    return len(sheets)


@transaction.atomic
def public_test_submit(
    *, token: str, phase: str, answers: dict, confirm_blank: bool = False
) -> TestSubmission:
    """A participant submits a test through their own link (no account). A test with no answer
    at all is refused unless the participant confirms it (a slip of the thumb must not count as
    a score of zero)."""
    participant = participant_for_token(token)
    event = participant.event
    phase = _check_phase(phase)
    is_open = event.pre_test_open if phase == Phase.PRE else event.post_test_open
    if not is_open or event.test_form_id is None:
        raise Conflict(_("This test is not open."), field="phase")
    cleaned = _clean_answers(form_items(event.test_form), answers)
    if not confirm_blank and not any(v not in (None, "") for v in cleaned.values()):
        raise ValidationError(
            _(
                "You have not answered any question. Answer what you can, or confirm that you "
                "want to send the test without answers (it then counts as your result)."
            ),
            field="answers",
            code="blank_test",
        )
    taken = TestSubmission.objects.filter(participant=participant, phase=phase).count()
    if taken >= event.attempts_allowed:
        raise Conflict(
            _("You have already submitted this test. Thank you!")
            if event.attempts_allowed == 1
            else _("You have used all %(n)d attempts at this test. Thank you!")
            % {"n": event.attempts_allowed},
            field="attempts_allowed" if event.attempts_allowed > 1 else "phase",
        )
    try:
        with transaction.atomic():
            submission = TestSubmission.objects.create(
                event=event,
                participant=participant,
                phase=phase,
                attempt=taken + 1,
                form=event.test_form,
                source=Source.WEB,
                answers=cleaned,
                submitted_at=timezone.now(),
            )
    except IntegrityError:  # two submissions at once: the first one counts
        raise Conflict(
            _("You have already submitted this test. Thank you!"), field="phase"
        ) from None
    _audit(
        None,
        "training.test.submit",
        "training_participant",
        participant.pk,
        ["answers"],
        purpose="participant's own test",
        # A retake names its attempt; a first attempt is audited exactly as before retakes.
        extra={"event": event.pk, "phase": phase, "channel": "link"}
        | ({"attempt": taken + 1} if taken else {}),
    )
    return submission
