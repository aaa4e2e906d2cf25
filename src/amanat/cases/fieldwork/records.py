"""The idempotence record of an imported field submission, shared by the apps that import them."""

from __future__ import annotations

from django.db import models

from amanat.core.model_fields import organisation_fk, user_fk


class FieldSubmissionBase(models.Model):
    """A field submission (KoboToolbox, ODK) imported into a case: the import is idempotent by the
    submission's instanceID within the importing organisation (ADR 0361). The instanceID is a
    random uuid the collection tool drew, not personal data. Each app's concrete model adds the
    record the submission became and the unique constraint on (organisation, instance_id)."""

    organisation = organisation_fk()
    instance_id = models.CharField(max_length=80)
    guide_id = models.CharField(max_length=64)
    guide_version = models.CharField(max_length=16)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    created_case = models.BooleanField(default=False)
    imported_by = user_fk()
    imported_at = models.DateTimeField()

    class Meta:
        abstract = True
