"""Thin forms: parse input for one service call; the services validate the meaning."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from amanat.core import geography, vocabularies
from amanat.referrals import codes
from amanat.referrals.directory_io import status_codes


class NeedForm(forms.Form):
    service_type = forms.ChoiceField(label=_("Need"), choices=codes.service_type_choices)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=codes.urgency_choices, initial="normal")
    reason = forms.CharField(
        label=_("Why (optional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReferralForm(forms.Form):
    to_organisation = forms.TypedChoiceField(label=_("Refer to"), coerce=int)
    services = forms.MultipleChoiceField(
        label=_("Services"), choices=codes.service_type_choices, widget=forms.CheckboxSelectMultiple
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=codes.urgency_choices, initial="normal")
    reason = forms.CharField(
        label=_("Reason for the referral"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    shared_fields = forms.MultipleChoiceField(
        label=_("Share with the recipient"),
        choices=codes.shared_field_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only what the service needs. Preset from the template of each service type."),
    )
    legal_basis = forms.ChoiceField(
        label=_("Legal basis of the transfer (referrals to another country)"),
        required=False,
        choices=lambda: [("", "—"), *codes.legal_basis_choices()],
        help_text=_(
            "Required when the receiving organisation is in another country: the person's "
            "explicit consent to the transfer, or an agreement or law that allows it."
        ),
    )
    legal_basis_note = forms.CharField(
        label=_("Describe the legal basis"), required=False, max_length=2000
    )
    send_now = forms.BooleanField(label=_("Send now"), required=False, initial=True)

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].choices = [("", "—")] + [
            (o.pk, f"{o.name} ({o.country})") for o in organisations
        ]


class ActionForm(forms.Form):
    reason = forms.CharField(required=False, max_length=4000)
    outcome_note = forms.CharField(required=False, max_length=4000)
    justification = forms.CharField(required=False, max_length=4000)
    consent_override = forms.BooleanField(required=False)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Record what was done"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DirectoryFilterForm(forms.Form):
    query = forms.CharField(label=_("Name"), required=False)
    country = forms.ChoiceField(
        label=_("Country"),
        required=False,
        choices=lambda: [
            ("", "—"),
            *[(c, geography.country_name(c)) for c in geography.NRM_COUNTRIES],
        ],
    )
    service = forms.ChoiceField(
        label=_("Service"),
        required=False,
        choices=lambda: [("", "—"), *codes.service_type_choices()],
    )
    region = forms.CharField(label=_("Region code"), required=False, max_length=10)


def _multi(label, choices):
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.SelectMultiple
    )


class ServiceForm(forms.Form):
    service_type = forms.ChoiceField(label=_("Service type"), choices=codes.service_type_choices)
    regions = forms.CharField(
        label=_("Regions served (ISO codes, ';'-separated; empty = whole country)"), required=False
    )
    genders = _multi(
        _("Genders served (none chosen = all)"), lambda: vocabularies.choices("gender")
    )
    age_min = forms.IntegerField(label=_("Minimum age"), required=False, min_value=0, max_value=120)
    age_max = forms.IntegerField(label=_("Maximum age"), required=False, min_value=0, max_value=120)
    nationalities = forms.CharField(
        label=_("Nationalities served (ISO codes; empty = all)"), required=False
    )
    statuses = _multi(
        _("Statuses served (none chosen = all)"), lambda: [(c, c) for c in sorted(status_codes())]
    )
    languages = _multi(_("Languages"), geography.language_choices)
    capacity = forms.IntegerField(label=_("Capacity"), required=False, min_value=0)
    available = forms.IntegerField(label=_("Places available now"), required=False, min_value=0)
    accepting = forms.BooleanField(label=_("Accepting referrals"), required=False, initial=True)
    hours = forms.CharField(label=_("Opening hours"), required=False, max_length=200)
    contact_name = forms.CharField(label=_("Contact person"), required=False, max_length=200)
    contact_phone = forms.CharField(label=_("Contact phone"), required=False, max_length=40)
    contact_email = forms.CharField(label=_("Contact e-mail"), required=False, max_length=254)


class ProfileForm(forms.Form):
    core_functions = forms.CharField(
        label=_("Core functions"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    nrm_role = forms.CharField(
        label=_("Role in the national referral mechanism"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))
    skip_invalid = forms.BooleanField(
        label=_("Import the valid rows and skip the bad ones"),
        required=False,
        help_text=_("By default nothing is imported while any row has a problem."),
    )
