"""Forms of the insights pages. Thin: parse, then one selector or service does the work."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from amanat.core.errors import ValidationError
from amanat.insights import params
from amanat.insights.selectors import CASES_SOURCE
from amanat.insights.stats.filters import Filters

MATCH_CHOICES = [
    ("", _("Default")),
    ("identification", _("Country of identification (cases)")),
    ("citizenship", _("Citizenship")),
    ("exploitation", _("Country of exploitation")),
    ("either", _("Citizenship or country of exploitation")),
    ("both", _("Citizenship and country of exploitation")),
]


class StatisticsForm(forms.Form):
    source = forms.ChoiceField(label=_("Data"), required=False)
    countries = forms.CharField(
        label=_("Countries"),
        required=False,
        max_length=200,
        help_text=_("ISO codes, comma-separated, e.g. KZ,KG,TJ,UZ,TM"),
    )
    match = forms.ChoiceField(label=_("Countries by"), choices=MATCH_CHOICES, required=False)
    period = forms.CharField(
        label=_("Years"), required=False, max_length=20, help_text=_("e.g. 2010-2017")
    )
    regions = forms.CharField(
        label=_("Regions"),
        required=False,
        max_length=200,
        help_text=_("ISO 3166-2 codes, e.g. KZ-75 (cases only)"),
    )
    threshold = forms.IntegerField(
        label=_("Suppress counts below"), required=False, min_value=2, max_value=1000
    )

    def __init__(self, *args, datasets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(CASES_SOURCE, _("Cases registered in Amanat"))] + [
            (d.name, d.name) for d in datasets
        ]

    @property
    def source_name(self) -> str:
        return self.cleaned_data.get("source") or CASES_SOURCE

    def to_filters(self) -> Filters | None:
        """The filters, or None after adding the error to the field at fault."""
        data = self.cleaned_data
        try:
            return params.parse_filters(
                cases=self.source_name == CASES_SOURCE,
                countries=data.get("countries"),
                match=data.get("match"),
                period=data.get("period"),
                regions=data.get("regions"),
            )
        except ValidationError as error:
            self.add_error(error.field if error.field in self.fields else None, error.message)
            return None


class HtcdsExportForm(forms.Form):
    purpose = forms.ChoiceField(
        label=_("Purpose"),
        choices=[
            ("research", _("Research: pseudonymised, people with research consent only")),
            ("transfer", _("Transfer to another case system (full records)")),
        ],
    )
    legal_basis = forms.CharField(
        label=_("Legal basis of the transfer"),
        required=False,
        max_length=200,
        help_text=_("Required for a transfer: the law, agreement or consent that allows it."),
    )
    file_format = forms.ChoiceField(label=_("Format"), choices=[("json", "JSON"), ("csv", "CSV")])


class HtcdsImportForm(forms.Form):
    file = forms.FileField(label=_("HTCDS v2.0 file (JSON or CSV)"))

    MAX_BYTES = 20 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".json", ".csv")):
            raise forms.ValidationError(_("Upload a .json or .csv file."))
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload

    def text_and_format(self) -> tuple[str, str]:
        upload = self.cleaned_data["file"]
        fmt = "json" if upload.name.lower().endswith(".json") else "csv"
        raw = upload.read()
        try:
            return raw.decode("utf-8-sig"), fmt
        except UnicodeDecodeError:
            raise ValidationError(str(_("The file is not UTF-8 text.")), field="file") from None


class CtdcExportForm(forms.Form):
    k = forms.IntegerField(
        label=_("k (each combination at least k times)"), min_value=2, max_value=1000, initial=11
    )
