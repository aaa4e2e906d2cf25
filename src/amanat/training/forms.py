"""Web forms: they parse input into what a service takes; the services validate the rest."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from amanat.core import geography
from amanat.core import vocabularies as core_vocabularies
from amanat.training import vocab
from amanat.training.models import (
    ItemType,
    OutputKind,
    Phase,
    QuestionKind,
    QuestionScope,
    Scoring,
)

BLANK = [("", "—")]


def _date_input():
    return forms.DateInput(attrs={"type": "date"})


class EventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of event"))
    start_date = forms.DateField(label=_("First day"), widget=_date_input())
    end_date = forms.DateField(label=_("Last day"), widget=_date_input())
    place = forms.CharField(label=_("Place"), max_length=200)
    country = forms.ChoiceField(label=_("Country"))
    region = forms.CharField(
        label=_("Region (ISO 3166-2 code, optional)"), max_length=10, required=False
    )
    language = forms.ChoiceField(label=_("Working language"))
    curriculum_version = forms.TypedChoiceField(
        label=_("Curriculum"), required=False, coerce=int, empty_value=None
    )
    test_form = forms.TypedChoiceField(
        label=_("Pre- and post-test"), required=False, coerce=int, empty_value=None
    )
    evaluation_form = forms.TypedChoiceField(
        label=_("Evaluation form"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, versions=(), test_forms=(), evaluation_forms=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = vocab.choices("event_kind")
        self.fields["country"].choices = geography.country_choices()
        self.fields["language"].choices = geography.language_choices()
        self.fields["curriculum_version"].choices = BLANK + [(v.pk, str(v)) for v in versions]
        self.fields["test_form"].choices = BLANK + [(f.pk, str(f)) for f in test_forms]
        self.fields["evaluation_form"].choices = BLANK + [(f.pk, str(f)) for f in evaluation_forms]


class FlagsForm(forms.Form):
    pre_test_open = forms.BooleanField(
        label=_("Pre-test open on participants' links"), required=False
    )
    post_test_open = forms.BooleanField(
        label=_("Post-test open on participants' links"), required=False
    )
    evaluation_open = forms.BooleanField(
        label=_("Evaluation open on participants' links"), required=False
    )
    # Optional so that a page posting only the flags leaves the setting as it is.
    attempts_allowed = forms.IntegerField(
        label=_("Attempts allowed per test on participants' links"),
        required=False,
        min_value=1,
        max_value=10,
    )


class TrainerForm(forms.Form):
    username = forms.CharField(label=_("Username of the co-trainer"), max_length=150)


class AgendaBuildForm(forms.Form):
    day_minutes = forms.IntegerField(
        label=_("Minutes of sessions per day"), initial=360, min_value=60, max_value=720
    )
    start_time = forms.TimeField(
        label=_("Start time"), initial="09:00", widget=forms.TimeInput(attrs={"type": "time"})
    )
    module_per_day = forms.BooleanField(label=_("Start every module on a new day"), required=False)


class AgendaItemForm(forms.Form):
    day = forms.IntegerField(label=_("Day"), min_value=1, max_value=31)
    start_time = forms.TimeField(
        label=_("Start time"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    session = forms.TypedChoiceField(
        label=_("Curriculum session"), required=False, coerce=int, empty_value=None
    )
    method = forms.ChoiceField(label=_("Method"), required=False)
    duration_minutes = forms.IntegerField(
        label=_("Minutes"), min_value=5, max_value=600, required=False
    )

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = BLANK + [(s.pk, s.title) for s in sessions]
        self.fields["method"].choices = BLANK + vocab.choices("training_method")


def _vocab_field(label, name, *, core: bool = False):
    choices = core_vocabularies.choices(name) if core else vocab.choices(name)
    return forms.ChoiceField(label=label, choices=BLANK + choices, required=False)


class ParticipantForm(forms.Form):
    full_name = forms.CharField(label=_("Name"), max_length=200)
    organisation_name = forms.CharField(label=_("Organisation"), max_length=300, required=False)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation_type"] = _vocab_field(
            _("Organisation type"), "organisation_type", core=True
        )
        self.fields["nrm_role"] = _vocab_field(_("Role in the NRM"), "nrm_role")
        self.fields["gender"] = _vocab_field(_("Gender"), "gender", core=True)
        self.fields["country"].choices = BLANK + geography.country_choices()
        self.order_fields(
            [
                "full_name",
                "organisation_name",
                "organisation_type",
                "nrm_role",
                "gender",
                "country",
                "position",
                "email",
                "phone",
            ]
        )


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (.xlsx or .csv)"))


class TestImportForm(UploadForm):
    phase = forms.ChoiceField(
        label=_("Test"),
        required=False,
        choices=[("", _("As the file's phase column says"))] + Phase.choices,
    )
    replace = forms.BooleanField(label=_("Replace answers already recorded"), required=False)


class AnalysisTextForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[("interim", _("Interim report")), ("final", _("Final report"))],
        widget=forms.HiddenInput,
    )
    text = forms.CharField(
        label=_("Trainer's analysis"),
        required=False,
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class StationForm(forms.Form):
    day = forms.IntegerField(label=_("Day"), min_value=1, max_value=31)
    name = forms.CharField(label=_("Station"), max_length=200)
    agenda_item = forms.TypedChoiceField(
        label=_("Session"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, agenda=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].choices = BLANK + [(a.pk, f"{a.ref} {a.title}") for a in agenda]


class OutputForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=OutputKind.choices)
    text = forms.CharField(
        label=_("Text"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    responsible = forms.CharField(
        label=_("Responsible (organisation or role)"), max_length=300, required=False
    )
    due_date = forms.DateField(label=_("Due"), required=False, widget=_date_input())


class CurriculumForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    target_roles = forms.MultipleChoiceField(label=_("Target audience (NRM roles)"), required=False)
    languages = forms.MultipleChoiceField(label=_("Languages"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_roles"].choices = vocab.choices("nrm_role")
        self.fields["languages"].choices = geography.language_choices()


class VersionForm(CurriculumForm):
    change_note = forms.CharField(
        label=_("What changed in this version"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["code"]


class ModuleForm(forms.Form):
    code = forms.CharField(label=_("Module code"), max_length=20)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    objectives = forms.CharField(
        label=_("Objectives (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    duration_minutes = forms.IntegerField(
        label=_("Minutes"), min_value=5, max_value=600, initial=60
    )
    method = forms.ChoiceField(label=_("Method"))
    target_roles = forms.MultipleChoiceField(
        label=_("Target audience, if narrower than the curriculum's"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = vocab.choices("training_method")
        self.fields["target_roles"].choices = vocab.choices("nrm_role")


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    url = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")
    file = forms.FileField(label=_("File"), required=False)


class ItemForm(forms.Form):
    code = forms.CharField(label=_("Item code"), max_length=40)
    text = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 3}))
    item_type = forms.ChoiceField(label=_("Type"), choices=ItemType.choices)
    options = forms.CharField(
        label=_("Options, one per line: 'A) text'"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    correct_answer = forms.CharField(
        label=_("Correct answer (A; A;C; true or false)"), max_length=100
    )
    max_points = forms.FloatField(label=_("Points"), initial=1, min_value=0.01, max_value=100)
    scoring = forms.ChoiceField(label=_("Scoring of multiple choice"), choices=Scoring.choices)
    module = forms.CharField(label=_("Module code"), max_length=20, required=False)
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)
    language = forms.ChoiceField(label=_("Language"))
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)
    rescore = forms.BooleanField(label=_("Re-score the answers already given"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = geography.language_choices()


class TestFormForm(forms.Form):
    __test__ = False

    title = forms.CharField(label=_("Title"), max_length=200)
    language = forms.ChoiceField(label=_("Language"))
    items = forms.TypedMultipleChoiceField(
        label=_("Items, in this order"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = geography.language_choices()
        self.fields["items"].choices = [(i.pk, f"{i.code} · {i.text[:90]}") for i in items]


QUESTION_ROWS = 10


class EvaluationFormForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    language = forms.ChoiceField(label=_("Language"))
    scale_max = forms.IntegerField(label=_("Highest rating"), initial=5, min_value=3, max_value=10)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = geography.language_choices()
        for row in range(1, QUESTION_ROWS + 1):
            self.fields[f"q{row}_text"] = forms.CharField(
                label=_("Question %(n)d") % {"n": row}, max_length=300, required=False
            )
            self.fields[f"q{row}_kind"] = forms.ChoiceField(
                label=_("Kind"), choices=QuestionKind.choices
            )
            self.fields[f"q{row}_scope"] = forms.ChoiceField(
                label=_("Asked"), choices=QuestionScope.choices
            )

    def question_rows(self):
        return [
            (self[f"q{r}_text"], self[f"q{r}_kind"], self[f"q{r}_scope"])
            for r in range(1, QUESTION_ROWS + 1)
        ]

    def questions(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {"text": data[f"q{r}_text"], "kind": data[f"q{r}_kind"], "scope": data[f"q{r}_scope"]}
            for r in range(1, QUESTION_ROWS + 1)
            if data.get(f"q{r}_text", "").strip()
        ]


def answers_from_post(items, post) -> dict[str, str]:
    """Test answers from radio buttons and check boxes named `i<item id>`."""
    return {
        item.code: ";".join(v for v in post.getlist(f"i{item.pk}") if v)[:200] for item in items
    }


def evaluation_answers_from_post(slots, post) -> list[dict]:
    """Evaluation answers from inputs named `e<agenda id or 0>_<question id>`."""
    answers = []
    for agenda_item, question in slots:
        name = f"e{agenda_item.pk if agenda_item else 0}_{question.pk}"
        value = post.get(name, "").strip()
        if value:
            answers.append(
                {
                    "agenda": agenda_item.pk if agenda_item else None,
                    "question": question.pk,
                    "answer": value[:2000],
                }
            )
    return answers
