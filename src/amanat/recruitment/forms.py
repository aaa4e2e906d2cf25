"""Thin forms: they carry what the user typed; the services check it (amanat.recruitment.inputs)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from amanat.recruitment import presenters
from amanat.recruitment.inputs import MAX_TEXT


class AdForm(forms.Form):
    text = forms.CharField(
        label=_("Text of the advertisement"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_TEXT,
        help_text=_("Paste the text. Amanat never opens the address: nothing is fetched."),
    )
    url = forms.CharField(label=_("Where it was found (web address)"), required=False,
                          max_length=2048)  # fmt: skip
    platform = forms.ChoiceField(label=_("Platform"), required=False, choices=())
    language = forms.ChoiceField(label=_("Language"), required=False, choices=())
    found_on = forms.CharField(
        label=_("Date found"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Today if left empty."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["platform"].choices = presenters.platform_choices()
        self.fields["language"].choices = presenters.language_choices()


class LinkForm(forms.Form):
    case = forms.CharField(label=_("Case code"), max_length=16)
