"""Web forms built from the field spec, so the form offers exactly what the service accepts."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from amanat.cases.field_spec import CASE_FIELDS, PERSON_FIELDS, FieldSpec
from amanat.core import geography, vocabularies
from amanat.privacy.models import CONSENT_CHECKLIST, ConsentMethod, ConsentPurpose

BLANK = [("", "—")]


def _form_field(spec: FieldSpec) -> forms.Field:
    label = spec.label
    if spec.kind == "vocab":
        return forms.ChoiceField(
            label=label, required=False, choices=BLANK + vocabularies.choices(spec.vocabulary)
        )
    if spec.kind == "vocab_list":
        return forms.MultipleChoiceField(
            label=label, required=False, choices=vocabularies.choices(spec.vocabulary)
        )
    if spec.kind == "country":
        return forms.ChoiceField(
            label=label, required=False, choices=BLANK + geography.country_choices()
        )
    if spec.kind == "country_list":
        return forms.MultipleChoiceField(
            label=label, required=False, choices=geography.country_choices()
        )
    if spec.kind == "region":
        choices = []
        for country in geography.NRM_COUNTRIES:
            name = geography.country_name(country)
            choices.append((name, geography.region_choices(country)))
        return forms.ChoiceField(label=label, required=False, choices=BLANK + choices)
    if spec.kind == "language":
        return forms.ChoiceField(
            label=label, required=False, choices=BLANK + geography.language_choices()
        )
    if spec.kind == "date":
        return forms.DateField(
            label=label, required=False, widget=forms.DateInput(attrs={"type": "date"})
        )
    if spec.kind == "int":
        return forms.IntegerField(label=label, required=False, min_value=0, max_value=150)
    if spec.kind == "phone":
        return forms.CharField(
            label=label,
            required=False,
            max_length=spec.max_length,
            widget=forms.TextInput(attrs={"type": "tel", "placeholder": "+77011234567"}),
        )
    widget = forms.Textarea if spec.max_length > 500 else forms.TextInput
    return forms.CharField(label=label, required=False, max_length=spec.max_length, widget=widget)


class SpecForm(forms.Form):
    specs: tuple[FieldSpec, ...] = ()
    prefix_name = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for spec in self.specs:
            self.fields[spec.name] = _form_field(spec)

    def service_data(self) -> dict:
        """Only what the user filled in: empty inputs do not overwrite anything."""
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "", [])}


class PersonForm(SpecForm):
    specs = PERSON_FIELDS


class CaseForm(SpecForm):
    specs = CASE_FIELDS


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    granted = forms.TypedChoiceField(
        label=_("Decision"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Consent given")), ("no", _("Consent refused"))],
    )
    method = forms.ChoiceField(label=_("How it was obtained"), choices=ConsentMethod.choices)
    given_on = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    recipient_organisation = forms.IntegerField(required=False, widget=forms.Select)
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient_organisation"].label = _("Receiving organisation (for a referral)")
        self.fields["recipient_organisation"].widget.choices = BLANK + [
            (org.pk, f"{org.name} ({org.country})") for org in organisations
        ]
        for key, label in CONSENT_CHECKLIST:
            self.fields[f"check_{key}"] = forms.BooleanField(label=label, required=False)

    def checklist(self) -> dict:
        return {key: bool(self.cleaned_data.get(f"check_{key}")) for key, _l in CONSENT_CHECKLIST}


class StatusDecisionForm(forms.Form):
    status = forms.ChoiceField(label=_("Trafficking status"))
    decided_by_org_type = forms.ChoiceField(label=_("Decision made by"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An empty first choice and no initial value: one click must not record a decision.
        choose = [("", _("— choose —"))]
        self.fields["status"].choices = choose + vocabularies.choices("trafficking_status")
        self.fields["decided_by_org_type"].choices = choose + vocabularies.choices(
            "status_decision_organisation"
        )
