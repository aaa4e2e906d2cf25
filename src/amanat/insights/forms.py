"""Forms of the insights pages. Thin: parse, then one selector or service does the work."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from amanat.accounts.models import Organisation
from amanat.core import geography
from amanat.core.language import first_available
from amanat.errors import ValidationError
from amanat.insights import params
from amanat.insights.htcds.purposes import load_rules
from amanat.insights.i18n import LANGUAGES
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


class CodesField(forms.MultipleChoiceField):
    """A picker of several codes; also takes them comma-separated in one value, as links and
    bookmarks made before the pickers carry them (`countries=KZ,KG`)."""

    widget = forms.SelectMultiple(attrs={"size": 5})

    def to_python(self, value) -> list[str]:
        values = super().to_python(value)
        split = [part.strip().upper() for v in values for part in v.split(",") if part.strip()]
        return list(dict.fromkeys(split))


class StatisticsForm(forms.Form):
    """Filters chosen by name (countries, regions, organisations in the interface language);
    the values sent are codes and ids, checked again by `params.parse_filters`."""

    source = forms.ChoiceField(label=_("Data"), required=False)
    countries = CodesField(
        label=_("Countries"),
        required=False,
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )
    match = forms.ChoiceField(label=_("Countries by"), choices=MATCH_CHOICES, required=False)
    period = forms.CharField(
        label=_("Years"), required=False, max_length=20, help_text=_("e.g. 2010-2017")
    )
    regions = CodesField(
        label=_("Regions"), required=False, help_text=_("Region of identification (cases only)")
    )
    organisations = CodesField(
        label=_("Organisations"),
        required=False,
        help_text=_("Organisation holding the case (cases only)"),
    )
    threshold = forms.IntegerField(
        label=_("Suppress counts below"), required=False, min_value=2, max_value=1000
    )

    def __init__(self, *args, datasets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(CASES_SOURCE, _("Cases registered in Amanat"))] + [
            (d.name, d.name) for d in datasets
        ]
        language = None  # geography names places in the active interface language
        self.fields["countries"].choices = geography.country_choices(language)
        self.fields["regions"].choices = [
            (geography.country_name(country, language), geography.region_choices(country, language))
            for country in geography.NRM_COUNTRIES
        ]
        self.fields["organisations"].choices = [
            (str(pk), name)
            for pk, name in Organisation.objects.order_by("name").values_list("pk", "name")
        ]

    def clean_period(self) -> str:
        """Checked with the other fields, so every bad filter is named in one answer."""
        value = self.cleaned_data.get("period") or ""
        try:
            params.parse_period(value)
        except ValidationError as error:
            raise forms.ValidationError(error.message) from None
        return value

    def error_summary(self) -> list[tuple[str, str]]:
        """(field label, message) of every error, for the summary above the form."""
        return [
            (str(self.fields[name].label) if name in self.fields else "", str(message))
            for name, messages in self.errors.items()
            for message in messages
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
                organisations=data.get("organisations"),
            )
        except ValidationError as error:
            self.add_error(error.field if error.field in self.fields else None, error.message)
            return None


def _lang() -> str:
    # The statistics' labels exist in English and Russian: the first of the page language's
    # fallback order (AMANAT_LANGUAGE_FALLBACKS) that they have.
    return first_available(LANGUAGES)


class HtcdsExportForm(forms.Form):
    """Purpose and legal basis from the closed lists of `htcds/export_purposes.yaml`; the service
    checks that the legal basis fits the purpose, the consent, the cap and the password."""

    purpose = forms.ChoiceField(label=_("Purpose"))
    legal_basis = forms.ChoiceField(
        label=_("Legal basis"),
        required=False,
        help_text=_("Required for an identifiable export; not used for a research extract."),
    )
    recipient_organisation = forms.ChoiceField(
        label=_("Receiving organisation"),
        required=False,
        help_text=_("Only cases whose consent to a referral to it is in force are exported."),
    )
    file_format = forms.ChoiceField(label=_("Format"), choices=[("json", "JSON"), ("csv", "CSV")])
    password = forms.CharField(
        label=_("Password of the encrypted file"),
        required=False,
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "At least 12 characters. Amanat does not keep it: give it to the recipient by "
            "another channel (telephone, in person), never with the file."
        ),
    )
    password_again = forms.CharField(
        label=_("Password again"),
        required=False,
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        rules, lang = load_rules(), _lang()
        # No row-level research extract (ADR 1524): researchers get k-anonymised microdata.
        self.fields["purpose"].choices = [
            (code, p.label[lang]) for code, p in rules.purposes.items()
        ]
        self.fields["legal_basis"].choices = [("", "—")] + [
            (code, b.label[lang]) for code, b in rules.legal_bases.items()
        ]
        organisations = Organisation.objects.filter(is_active=True).order_by("name")
        if user is not None and user.organisation_id:
            organisations = organisations.exclude(pk=user.organisation_id)
        self.fields["recipient_organisation"].choices = [("", "—")] + [
            (str(o.pk), o.name) for o in organisations
        ]

    def clean(self):
        data = super().clean()
        if data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return data


class ExportFileForm(forms.Form):
    password = forms.CharField(
        label=_("Password of the encrypted file"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


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
