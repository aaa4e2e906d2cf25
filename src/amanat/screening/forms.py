"""Web forms: built from the guide, so a page offers exactly what the engine accepts."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from amanat.screening.presenters import (
    FACT_LABELS,
    SectionView,
    guide_choices,
    language_name,
    yes_no_choices,
)
from amanat.screening.services import INTERVIEW_LANGUAGES

NO_ANSWER = ("", _("No answer"))
TEXT_MAX = 2000


class StartForm(forms.Form):
    guide = forms.ChoiceField(label=_("Guide"))
    language = forms.ChoiceField(label=_("Interview language"))
    copy_previous = forms.BooleanField(
        label=_("Start from the answers of the latest interview with this guide"), required=False
    )

    def __init__(self, *args, ui_language: str = "en", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guide"].choices = guide_choices(ui_language)
        self.fields["language"].choices = [
            (code, language_name(code)) for code in INTERVIEW_LANGUAGES
        ]
        self.fields["language"].initial = (
            ui_language if ui_language in INTERVIEW_LANGUAGES else "ru"
        )


def _number(value):
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)


class SectionForm(forms.Form):
    """One guide section: a field per question (named `q-<question id>`)."""

    prefix = "q"

    def __init__(self, *args, section: SectionView, guide, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.section = section
        by_id = {q.id: q for q in guide.questions()}
        self.questions = {view.id: by_id[view.id] for view in section.questions}
        for view in section.questions:
            question = by_id[view.id]
            common = {"label": view.label.text, "required": False}
            if question.type == "yes_no":
                field = forms.ChoiceField(
                    choices=[*yes_no_choices(language), NO_ANSWER],
                    widget=forms.RadioSelect,
                    **common,
                )
            elif question.type == "single_choice":
                field = forms.ChoiceField(
                    choices=[*((oid, lbl.text) for oid, lbl in view.options), NO_ANSWER],
                    widget=forms.RadioSelect,
                    **common,
                )
            elif question.type == "multiple_choice":
                field = forms.MultipleChoiceField(
                    choices=[(oid, lbl.text) for oid, lbl in view.options],
                    widget=forms.CheckboxSelectMultiple,
                    **common,
                )
            elif question.type == "number":
                field = forms.FloatField(
                    min_value=question.minimum,
                    max_value=question.maximum,
                    widget=forms.NumberInput(attrs={"step": "any"}),
                    **common,
                )
            elif question.type == "date":
                field = forms.DateField(
                    widget=forms.DateInput(attrs={"type": "date"}),
                    input_formats=["%Y-%m-%d"],
                    **common,
                )
            else:
                field = forms.CharField(
                    max_length=TEXT_MAX,
                    strip=True,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    **common,
                )
            self.fields[view.id] = field

    def answers(self) -> dict:
        """Every question of the section: its answer, or None (which removes a stored answer)."""
        out: dict = {}
        for qid, question in self.questions.items():
            value = self.cleaned_data.get(qid)
            if question.type == "number":
                value = _number(value)
            elif question.type == "date":
                value = value.isoformat() if value else None
            out[qid] = value if value not in ("", []) else None
        return out


class ChecklistForm(forms.Form):
    """A guide without questions: the indicators present and the facts its rules read."""

    def __init__(self, *args, indicator_ids: list[str], facts: list[str], language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"] = forms.MultipleChoiceField(
            choices=[(i, i) for i in indicator_ids],
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fact_names = facts
        for name in facts:
            if name == "age":
                field = forms.IntegerField(
                    label=FACT_LABELS[name], required=False, min_value=0, max_value=120
                )
            else:
                field = forms.ChoiceField(
                    label=FACT_LABELS[name],
                    required=False,
                    widget=forms.RadioSelect,
                    choices=[*yes_no_choices(language)[:2], NO_ANSWER],
                )
            self.fields[f"fact_{name}"] = field

    def service_data(self) -> dict:
        facts: dict = {}
        for name in self.fact_names:
            value = self.cleaned_data.get(f"fact_{name}")
            if name != "age":
                value = {"yes": True, "no": False}.get(value)
            facts[name] = value
        return {"present": list(self.cleaned_data.get("present") or []), "facts": facts}
