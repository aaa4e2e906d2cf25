"""Session materials (files attached to a curriculum session)."""

from __future__ import annotations

import hashlib
import os

from django.db import transaction
from django.utils.translation import gettext as _

from amanat.errors import NotFound, ValidationError
from amanat.training import cleaning
from amanat.training.access import object_pk
from amanat.training.models import SessionMaterial

from ._common import _audit
from .curricula import _session_for_change

MAX_MATERIAL_BYTES = int(os.environ.get("AMANAT_TRAINING_MAX_MATERIAL_MB", "20")) * 1024 * 1024


@transaction.atomic
def material_add(
    *,
    user,
    session_id,
    title: str,
    url: str = "",
    file_name: str = "",
    content: bytes | None = None,
    content_type: str = "",
) -> SessionMaterial:
    session = _session_for_change(user, session_id)
    title = cleaning.text(title, field="title", max_length=200, required=True)
    url = cleaning.text(url, field="url", max_length=500)
    if url and not url.startswith(("https://", "http://")):
        raise ValidationError(_("A link starts with https:// or http://."), field="url")
    file_name = os.path.basename(cleaning.text(file_name, field="file", max_length=200))
    if content is not None and not file_name:
        raise ValidationError(_("The file needs a name."), field="file")
    if content is not None and len(content) > MAX_MATERIAL_BYTES:
        raise ValidationError(
            _("The file is larger than %(mb)d MB.") % {"mb": MAX_MATERIAL_BYTES // (1024 * 1024)},
            field="file",
        )
    if content is not None and len(content) == 0:
        raise ValidationError(_("The file is empty."), field="file")
    if not url and content is None:
        raise ValidationError(_("Attach a file or give a link."), field="file")
    material = SessionMaterial.objects.create(
        session=session,
        title=title,
        url=url,
        file_name=file_name if content is not None else "",
        content_type=cleaning.text(content_type, field="file", max_length=100)
        or "application/octet-stream",
        content=content,
        size=len(content or b""),
        sha256=hashlib.sha256(content).hexdigest() if content is not None else "",
        created_by=user,
    )
    _audit(
        user,
        "training.material.create",
        "training_material",
        material.pk,
        ["title", "url" if url else "file"],
        extra={"session": session.pk, "size": material.size},
    )
    return material


@transaction.atomic
def material_delete(*, user, material_id) -> None:
    material = SessionMaterial.objects.filter(pk=object_pk(material_id)).first()
    if material is None:
        raise NotFound()
    _session_for_change(user, material.session_id)
    pk = material.pk
    material.delete()
    _audit(user, "training.material.delete", "training_material", pk, [])
