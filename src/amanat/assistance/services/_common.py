"""Input checks and write guards shared by the assistance services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from amanat.accounts.denials import denied
from amanat.accounts.models import Organisation
from amanat.accounts.roles import Perm
from amanat.assistance.access import owner_case
from amanat.assistance.models import SupportPlan
from amanat.cases.consent import consent_in_force
from amanat.cases.lifecycle import CLOSED_STATUSES
from amanat.cases.models import Case
from amanat.core.ids import parse_id, parse_id_field
from amanat.errors import Conflict, ValidationError
from amanat.privacy.models import ConsentPurpose
from amanat.referrals.models import Referral

TEXT_MAX = 4000
COST_MAX = Decimal("10000000000")


# --- input helpers -----------------------------------------------------------------------------


def clean_date(
    value, field: str, *, required: bool = True, allow_future: bool = False
) -> dt.date | None:
    if value in (None, ""):
        if required:
            raise ValidationError(_("Enter a date as YYYY-MM-DD."), field=field)
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            raise ValidationError(_("Enter a date as YYYY-MM-DD."), field=field) from None
    if not isinstance(value, dt.date):
        raise ValidationError(_("Enter a date as YYYY-MM-DD."), field=field)
    if not allow_future and value > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."), field=field)
    if value.year < 1950:
        raise ValidationError(_("Enter a date after 1950."), field=field)
    return value


def clean_text(value, field: str, *, required: bool = False, max_length: int = TEXT_MAX) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(_("Enter text."), field=field)
    value = value.strip()
    if required and not value:
        raise ValidationError(_("This field is required."), field=field)
    if len(value) > max_length:
        raise ValidationError(_("At most %(n)d characters.") % {"n": max_length}, field=field)
    return value


def clean_choice(value, allowed, field: str) -> str:
    allowed = list(allowed)
    if value not in allowed:
        raise ValidationError(
            _("'%(value)s' is not an allowed value. Allowed: %(allowed)s.")
            % {"value": value, "allowed": ", ".join(allowed)},
            field=field,
        )
    return value


def clean_int(value, field: str) -> int:
    if isinstance(value, bool):
        raise ValidationError(_("Enter a whole number."), field=field)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError(_("Enter a whole number."), field=field) from None


def clean_organisation(value, field: str) -> Organisation:
    organisation = Organisation.objects.filter(
        pk=parse_id_field(value, field), is_active=True
    ).first()
    if organisation is None:
        raise ValidationError(_("Unknown organisation."), field=field)
    return organisation


def plan_for_update(user, case: Case, plan_id) -> SupportPlan:
    """The case's plan, locked for the change; another case's plan answers NotFound."""
    pk = parse_id(plan_id)
    plan = SupportPlan.objects.select_for_update().filter(pk=pk, case=case).first()
    if plan is None:
        raise denied(user, "support_plan", pk, model=SupportPlan)
    return plan


def case_referral(case: Case, referral_id) -> Referral:
    """One of the case's referrals, named in the input as `referral`."""
    referral = Referral.objects.filter(
        pk=parse_id_field(referral_id, "referral"), case=case
    ).first()
    if referral is None:
        raise ValidationError(_("Unknown referral for this case."), field="referral")
    return referral


def require_consent(case: Case) -> None:
    if not consent_in_force(case_id=case.pk, purpose=ConsentPurpose.ASSISTANCE):
        raise Conflict(
            _("The person's consent to assistance is not in force: record it first."),
            field="consent",
            code="consent_required",
        )


def require_open(case: Case) -> None:
    if case.status in CLOSED_STATUSES:
        raise Conflict(
            _("This case is closed: reopen it first."), field="status", code="case_closed"
        )


def write_blocker(case: Case) -> Conflict | None:
    """Why the assistance forms of this case cannot be saved now (closed, no consent), or None.
    Pages ask before showing a form, so nobody fills 17 questions to be refused (ADR 1602)."""
    try:
        require_open(case)
        require_consent(case)
    except Conflict as problem:
        return problem
    return None


def writable_case(user, case_id) -> Case:
    case = owner_case(user, case_id, permission=Perm.CASE_UPDATE)
    require_open(case)
    require_consent(case)
    return case


def answer_error(error: ValidationError) -> ValidationError:
    """The pure engines name the question or indicator; the API names `answers.<code>`."""
    field = error.field
    if field and field not in ("answers", "respondent_group"):
        field = f"answers.{field}"
    return ValidationError(error.message, field=field, code=error.code)


def respondent_group_for(case: Case, on: dt.date) -> str:
    """'child' if the person is under 18 on `on` (birth date, else birth year), else 'adult'."""
    person = case.person
    if person.birth_date:
        born = person.birth_date
        age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
        return "child" if age < 18 else "adult"
    if person.birth_year:
        return "child" if on.year - person.birth_year < 18 else "adult"
    return "adult"
