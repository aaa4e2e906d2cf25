"""Web forms: parse input for one service call. Questions come from the data files."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from amanat.assistance import codes
from amanat.assistance.models import (
    ActionStatus,
    AnchorKind,
    AssessmentStage,
    PlanStatus,
    VisitMode,
)
from amanat.assistance.needs import NeedsGuide
from amanat.assistance.reintegration import Instrument
from amanat.core.language import active

BLANK = [("", "—")]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date_field(label, required=False) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE)


def _language() -> str:
    return active()


class NeedsAssessmentForm(forms.Form):
    """Fixed fields plus one select per question of the guide for the respondent group."""

    stage = forms.ChoiceField(label=_("Stage"), choices=AssessmentStage.choices)
    assessed_on = _date_field(_("Date of the assessment"), required=True)
    reintegration_setting = forms.ChoiceField(
        label=_("Where the person will rebuild their life"), required=False
    )
    notes = forms.CharField(
        label=_("Notes (encrypted)"), required=False, max_length=4000, widget=forms.Textarea
    )

    def __init__(self, *args, guide: NeedsGuide, group: str, **kwargs):
        super().__init__(*args, **kwargs)
        language = _language()
        self.guide, self.group = guide, group
        self.fields["reintegration_setting"].choices = BLANK + [
            (code, item.label.get(language)) for code, item in guide.settings.items()
        ]
        options = BLANK + [(code, o.label.get(language)) for code, o in guide.options.items()]
        for question in guide.questions_for(group):
            self.fields[f"q_{question.code}"] = forms.ChoiceField(
                label=question.text_for(group).get(language), required=False, choices=options
            )

    def answers(self) -> dict:
        return {
            name[2:]: value
            for name, value in self.cleaned_data.items()
            if name.startswith("q_") and value
        }

    def sections(self, audiences: tuple[str, ...]) -> list[dict]:
        """Questions grouped by category, each with its field and the guidance for this person."""
        language = _language()
        result = []
        for code, category in self.guide.categories.items():
            rows = []
            for question in self.guide.questions_for(self.group):
                if question.category != code:
                    continue
                rows.append(
                    {
                        "field": self[f"q_{question.code}"],
                        "guidance": [g.get(language) for g in question.guidance_for(audiences)],
                    }
                )
            result.append({"label": category.label.get(language), "rows": rows})
        return result


class PlanForm(forms.Form):
    plan_type = forms.ChoiceField(label=_("Type of support (HTCDS)"))
    objectives = forms.CharField(
        label=_("Objectives, in the person's own words where possible (encrypted)"),
        max_length=4000,
        widget=forms.Textarea,
    )
    planned_end_date = _date_field(_("Planned end date"))
    agreed_with_person = forms.BooleanField(
        label=_("The person took part in making this plan and agrees to it"), required=False
    )
    agreed_on = _date_field(_("Date agreed"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_type"].choices = codes.choices("support_plan_type")


class PlanEndForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[
            (PlanStatus.COMPLETED.value, _("Completed")),
            (PlanStatus.CANCELLED.value, _("Cancelled")),
        ]
    )
    actual_end_date = _date_field(_("Actual end date"))


class ActionForm(forms.Form):
    need = forms.ChoiceField(label=_("Need it answers"))
    description = forms.CharField(
        label=_("What will be done (encrypted)"), max_length=4000, widget=forms.Textarea
    )
    responsible_organisation = forms.ChoiceField(label=_("Responsible organisation"))
    referral = forms.ChoiceField(
        label=_("Referral (where another organisation does it)"), required=False
    )
    planned_end_date = _date_field(_("Planned end date"))

    def __init__(self, *args, needs, organisations, referrals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].choices = BLANK + [
            (n.pk, f"{codes.service_type_label(n.service_type)} · {codes.urgency_label(n.urgency)}")
            for n in needs
        ]
        self.fields["responsible_organisation"].choices = [(o.pk, o.name) for o in organisations]
        self.fields["referral"].choices = BLANK + [
            (r.pk, f"#{r.pk} → {r.to_organisation.name} ({r.get_state_display()})")
            for r in referrals
        ]


class ActionProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    note = forms.CharField(label=_("Progress note (encrypted)"), required=False, max_length=4000)


class ServiceForm(forms.Form):
    service_type = forms.ChoiceField(label=_("Service"))
    delivered_on = _date_field(_("Date delivered"), required=True)
    action = forms.ChoiceField(label=_("Plan action it belongs to"), required=False)
    completes_action = forms.BooleanField(label=_("This completes the action"), required=False)
    description = forms.CharField(
        label=_("What was provided (encrypted)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea,
    )
    cost = forms.DecimalField(
        label=_("Cost"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    currency = forms.ChoiceField(label=_("Currency"), required=False)

    def __init__(self, *args, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_type"].choices = BLANK + codes.service_type_choices()
        self.fields["action"].choices = BLANK + [
            (
                a.pk,
                f"{codes.service_type_label(a.service_type)} · {a.responsible_organisation.name}",
            )
            for a in actions
        ]
        self.fields["currency"].choices = BLANK + codes.currency_choices()


class ScheduleForm(forms.Form):
    anchor_kind = forms.ChoiceField(label=_("Visits are counted from"), choices=AnchorKind.choices)
    anchor_date = _date_field(_("Date of return or exit"), required=True)
    visit_months = forms.CharField(
        label=_("Months after that date"),
        max_length=100,
        help_text=_("For example: 3, 6, 12, 24, 36"),
    )
    remind_days_before = forms.IntegerField(
        label=_("Remind this many days before"), min_value=0, max_value=180
    )
    grace_days = forms.IntegerField(
        label=_("Overdue this many days after"), min_value=0, max_value=180
    )


class VisitForm(forms.Form):
    number = forms.ChoiceField(label=_("Visit"), required=False)
    visited_on = _date_field(_("Date of the visit"), required=True)
    mode = forms.ChoiceField(label=_("How"), choices=VisitMode.choices)
    notes = forms.CharField(
        label=_("Notes (encrypted)"), required=False, max_length=4000, widget=forms.Textarea
    )

    def __init__(self, *args, instrument: Instrument, pending=(), **kwargs):
        super().__init__(*args, **kwargs)
        language = _language()
        self.instrument = instrument
        self.fields["number"].choices = [
            (
                v.number,
                _("Visit %(n)s (%(months)s months, due %(date)s)")
                % {"n": v.number, "months": v.months_after, "date": v.due_date.isoformat()},
            )
            for v in pending
        ] + [("", _("A visit outside the schedule"))]
        for indicator in instrument.indicators.values():
            self.fields[f"rss_{indicator.code}"] = forms.ChoiceField(
                label=indicator.question.get(language),
                required=False,
                choices=BLANK
                + [(code, o.label.get(language)) for code, o in indicator.options.items()],
            )

    def answers(self) -> dict:
        return {
            name[4:]: value
            for name, value in self.cleaned_data.items()
            if name.startswith("rss_") and value
        }

    def dimensions(self) -> list[dict]:
        language = _language()
        return [
            {
                "label": dimension.label.get(language),
                "fields": [self[f"rss_{i.code}"] for i in self.instrument.indicators_of(code)],
            }
            for code, dimension in self.instrument.dimensions.items()
        ]


class CloseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason for closing"))
    note = forms.CharField(
        label=_("Reason in your own words (encrypted)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = BLANK + codes.choices("closure_reason")


class ReopenForm(forms.Form):
    note = forms.CharField(
        label=_("Why the case is reopened (encrypted)"), max_length=2000, widget=forms.Textarea
    )


class TransferForm(forms.Form):
    to_organisation = forms.ChoiceField(label=_("Receiving organisation"))
    to_case_worker = forms.CharField(
        label=_("Receiving case worker (user name, optional)"), required=False, max_length=150
    )
    note = forms.CharField(
        label=_("Handover note for the receiving organisation (encrypted)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea,
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].choices = BLANK + [
            (o.pk, f"{o.name} ({o.country})") for o in organisations
        ]
