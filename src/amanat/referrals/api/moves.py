"""POST /api/referrals/{id}/notes and POST /api/referrals/{id}/{send|accept|decline|start|
complete|close_without_service|revoke}: the recipient's notes and the referral's moves."""

from __future__ import annotations

import json

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from amanat.errors import NotFound, ValidationError
from amanat.referrals import services
from amanat.referrals.api._common import REFERRAL_TAGS
from amanat.referrals.api.referrals import referral_answer

router = Router(tags=REFERRAL_TAGS)  # under /referrals, after every other /referrals route


class NoteIn(Schema):
    text: str


@router.post("/{referral_id}/notes", response={201: dict})
def add_note(request, referral_id: str, payload: NoteIn):
    note = services.referral_note_add(user=request.user, referral_id=referral_id, text=payload.text)
    return Status(201, {"id": note.pk, "text": note.text, "created_at": note.created_at})


ACTION_FIELDS = {
    "send": ("consent_override", "justification"),
    "accept": (),
    "decline": ("reason",),
    "start": (),
    "complete": ("outcome_note",),
    "close_without_service": ("reason",),
    "revoke": ("reason",),
}


def _body(request) -> dict:
    if not request.body or "json" not in request.headers.get("Content-Type", "json"):
        return {}
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        raise ValidationError(_("The body is not valid JSON."), field="body") from None
    if not isinstance(data, dict):
        raise ValidationError(_("Expected a JSON object."), field="body")
    return data


@router.post("/{referral_id}/{action}")
def act(request, referral_id: str, action: str):
    """Body (all optional): {"reason"} for decline/revoke/close_without_service,
    {"outcome_note"} for complete, {"consent_override": true, "justification"} for send."""
    if action not in ACTION_FIELDS:
        raise NotFound()
    data = _body(request)
    kwargs = {}
    for name in ACTION_FIELDS[action]:
        if name in data:
            value = data[name]
            if name == "consent_override":
                if not isinstance(value, bool):
                    raise ValidationError(_("Expected true or false."), field=name)
            elif not isinstance(value, str):
                raise ValidationError(_("Expected text."), field=name)
            kwargs[name] = value
    if action == "decline" and "reason" not in kwargs:
        kwargs["reason"] = ""
    services.ACTIONS[action](user=request.user, referral_id=referral_id, **kwargs)
    return referral_answer(request, referral_id)
