"""Capacity building: curricula, events, participants, tests, evaluations and group work.

Participants' personal data (names, organisation names, contacts, the link token, answers and
open feedback) is encrypted at rest like a case's; the codes used for statistics (organisation
type, NRM role, gender, country) are plain, as they are on a case's person.
See docs/decisions/0740-training-data-model.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from amanat.privacy.fields import EncryptedJSONField, EncryptedTextField


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class Curriculum(models.Model):
    """A reusable curriculum; its content lives in numbered versions."""

    owner_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("code"), max_length=40)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner_organisation", "code"], name="curriculum_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class CurriculumVersion(models.Model):
    """One version of a curriculum. Drafts can change; published versions never do."""

    curriculum = models.ForeignKey(Curriculum, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, default="")
    target_roles = models.JSONField(_("target audience (NRM roles)"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    status = models.CharField(
        max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    change_note = models.TextField(_("what changed"), blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["curriculum_id", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["curriculum", "number"], name="curriculum_version_unique"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="curriculum_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.number}"

    @property
    def is_editable(self) -> bool:
        return self.status == VersionStatus.DRAFT


class CurriculumModule(models.Model):
    version = models.ForeignKey(CurriculumVersion, on_delete=models.CASCADE, related_name="modules")
    order = models.PositiveSmallIntegerField(default=1)
    code = models.CharField(_("module code"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, default="")

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "code"], name="curriculum_module_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class CurriculumSession(models.Model):
    module = models.ForeignKey(CurriculumModule, on_delete=models.CASCADE, related_name="sessions")
    order = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(_("title"), max_length=200)
    objectives = models.TextField(_("objectives"), blank=True, default="")  # one per line
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    method = models.CharField(_("method"), max_length=24)  # vocabulary: training_method
    # Empty: the curriculum version's target audience.
    target_roles = models.JSONField(_("target audience (NRM roles)"), default=list, blank=True)

    class Meta:
        ordering = ["module__order", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5) & Q(duration_minutes__lte=600),
                name="curriculum_session_duration_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def objective_list(self) -> list[str]:
        return [line.strip() for line in self.objectives.splitlines() if line.strip()]


class SessionMaterial(models.Model):
    """A handout, slide deck or link attached to a session. Files are kept in the database so a
    backup carries them (see ADR 0740); they are training content, not personal data."""

    session = models.ForeignKey(
        CurriculumSession, on_delete=models.CASCADE, related_name="materials"
    )
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), max_length=500, blank=True, default="")
    file_name = models.CharField(max_length=200, blank=True, default="")
    content_type = models.CharField(max_length=100, blank=True, default="")
    content = models.BinaryField(null=True, blank=True, editable=False)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(file_name=""), name="material_has_link_or_file"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ItemType(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True / false")


class Scoring(models.TextChoices):
    ALL_OR_NOTHING = "all_or_nothing", _("All or nothing")
    PARTIAL = "partial", _("Partial credit (right minus wrong picks)")


class Item(models.Model):
    """A test question of an organisation's item bank, with its answer key."""

    owner_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("item code"), max_length=40)
    text = models.TextField(_("question"))
    language = models.CharField(_("language"), max_length=8, default="ru")
    item_type = models.CharField(_("type"), max_length=12, choices=ItemType.choices)
    options = models.JSONField(default=list, blank=True)  # [{"key": "A", "text": "..."}]
    correct_answer = models.CharField(_("correct answer"), max_length=100)
    max_points = models.FloatField(_("points"), default=1.0)
    scoring = models.CharField(
        max_length=16, choices=Scoring.choices, default=Scoring.ALL_OR_NOTHING
    )
    topic = models.CharField(_("topic"), max_length=200, blank=True, default="")
    module = models.CharField(_("module code"), max_length=20, blank=True, default="")
    curriculum = models.ForeignKey(
        Curriculum, null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["module", "code", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner_organisation", "code"], name="item_code_unique"),
            models.CheckConstraint(condition=Q(max_points__gt=0), name="item_points_positive"),
        ]

    def __str__(self) -> str:
        return self.code


class TestForm(models.Model):
    """A test assembled from the item bank; the same form is the pre- and the post-test."""

    __test__ = False  # not a pytest test class

    owner_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language"), max_length=8, default="ru")
    items = models.ManyToManyField(Item, through="TestFormItem", related_name="forms")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class TestFormItem(models.Model):
    __test__ = False

    form = models.ForeignKey(TestForm, on_delete=models.CASCADE, related_name="form_items")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["form", "item"], name="test_form_item_unique"),
        ]

    def __str__(self) -> str:
        return f"form={self.form_id} item={self.item_id}"


class QuestionKind(models.TextChoices):
    LIKERT = "likert", _("Rating (1 to 5)")
    OPEN = "open", _("Open question")


class QuestionScope(models.TextChoices):
    SESSION = "session", _("Asked for every session")
    OVERALL = "overall", _("Asked once about the whole event")


class EvaluationForm(models.Model):
    owner_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language"), max_length=8, default="ru")
    scale_max = models.PositiveSmallIntegerField(default=5)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scale_max__gte=3) & Q(scale_max__lte=10), name="evaluation_scale_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class EvaluationQuestion(models.Model):
    form = models.ForeignKey(EvaluationForm, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=1)
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(max_length=8, choices=QuestionKind.choices)
    scope = models.CharField(max_length=8, choices=QuestionScope.choices)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


class TrainingEvent(models.Model):
    owner_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind of event"), max_length=24)  # vocabulary: event_kind
    curriculum_version = models.ForeignKey(
        CurriculumVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    place = models.CharField(_("place"), max_length=200)
    country = models.CharField(_("country"), max_length=2)
    region = models.CharField(_("region"), max_length=10, blank=True, default="")
    language = models.CharField(_("working language"), max_length=8, default="ru")
    test_form = models.ForeignKey(
        TestForm, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    evaluation_form = models.ForeignKey(
        EvaluationForm, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    pre_test_open = models.BooleanField(default=False)
    post_test_open = models.BooleanField(default=False)
    evaluation_open = models.BooleanField(default=False)
    # The trainer's own analysis for the narrative reports: free text, possibly about people.
    interim_analysis = EncryptedTextField(blank=True, default="")
    final_analysis = EncryptedTextField(blank=True, default="")
    retention_until = models.DateField(_("keep participants' personal data until"))
    personal_data_erased_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="training_event_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1


class EventTrainer(models.Model):
    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="trainer_rows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="event_trainer_unique"),
        ]

    def __str__(self) -> str:
        return f"event={self.event_id} trainer={self.user_id}"


class AgendaItem(models.Model):
    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="agenda")
    day = models.PositiveSmallIntegerField()
    order = models.PositiveSmallIntegerField(default=1)
    start_time = models.TimeField(null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    session = models.ForeignKey(
        CurriculumSession, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    method = models.CharField(_("method"), max_length=24, blank=True, default="")

    class Meta:
        ordering = ["day", "order", "id"]
        constraints = [models.CheckConstraint(condition=Q(day__gte=1), name="agenda_day_positive")]

    def __str__(self) -> str:
        return self.title

    @property
    def ref(self) -> str:
        """'1.2': day and position, used on paper evaluation sheets."""
        return f"{self.day}.{self.order}"


class Participant(models.Model):
    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="participants")
    # A short pseudonymous code (P01...) written on paper sheets and used in every table.
    code = models.CharField(_("code"), max_length=16)
    full_name = EncryptedTextField(_("name"), blank=True, default="")
    organisation_name = EncryptedTextField(_("organisation"), blank=True, default="")
    position = EncryptedTextField(_("position"), blank=True, default="")
    email = EncryptedTextField(_("e-mail"), blank=True, default="")
    phone = EncryptedTextField(_("phone"), blank=True, default="")
    organisation_type = models.CharField(
        _("organisation type"), max_length=40, blank=True, default=""
    )
    nrm_role = models.CharField(_("role in the NRM"), max_length=32, blank=True, default="")
    gender = models.CharField(_("gender"), max_length=32, blank=True, default="")
    country = models.CharField(_("country"), max_length=2, blank=True, default="")
    # The per-participant link: the token is encrypted (trainers can show it again) and found
    # through a keyed hash, so a copy of the database reveals no working link.
    token = EncryptedTextField(blank=True, default="")
    token_index = models.CharField(max_length=64, db_index=True, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "code"], name="participant_code_unique"),
        ]

    def __str__(self) -> str:
        return self.code


class Attendance(models.Model):
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="attendance"
    )
    day = models.PositiveSmallIntegerField()
    present = models.BooleanField(default=True)

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "day"], name="attendance_unique"),
        ]

    def __str__(self) -> str:
        return f"participant={self.participant_id} day={self.day}"


class Phase(models.TextChoices):
    PRE = "pre", _("Pre-test")
    POST = "post", _("Post-test")


class Source(models.TextChoices):
    WEB = "web", _("Participant's link")
    PAPER = "paper", _("Paper, imported")
    ENTRY = "entry", _("Paper, typed in")
    API = "api", _("API")


class TestSubmission(models.Model):
    __test__ = False

    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="submissions")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="submissions"
    )
    phase = models.CharField(max_length=4, choices=Phase.choices)
    form = models.ForeignKey(TestForm, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=8, choices=Source.choices)
    answers = EncryptedJSONField(default=dict)  # {item code: answer as given}
    submitted_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["participant__code", "phase"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "phase"], name="submission_one_per_phase"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.phase}-test participant={self.participant_id}"


class EvaluationResponse(models.Model):
    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="evaluations")
    # Null for anonymous paper sheets; then `respondent` is the sheet's number, never a name.
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.CASCADE, related_name="evaluations"
    )
    respondent = models.CharField(max_length=40, blank=True, default="")
    source = models.CharField(max_length=8, choices=Source.choices)
    # [{"agenda": agenda item id or null (overall), "question": question id, "answer": "4"}]
    answers = EncryptedJSONField(default=list)
    submitted_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(participant__isnull=False),
                name="evaluation_one_per_participant",
            ),
        ]

    def __str__(self) -> str:
        return f"evaluation #{self.pk} event={self.event_id}"


class OutputKind(models.TextChoices):
    RECOMMENDATION = "recommendation", _("Recommendation")
    ACTION_POINT = "action_point", _("Action point")


class GroupStation(models.Model):
    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="stations")
    day = models.PositiveSmallIntegerField()
    order = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(_("station"), max_length=200)
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="stations"
    )

    class Meta:
        ordering = ["day", "order", "id"]

    def __str__(self) -> str:
        return self.name


class GroupOutput(models.Model):
    station = models.ForeignKey(GroupStation, on_delete=models.CASCADE, related_name="outputs")
    kind = models.CharField(max_length=16, choices=OutputKind.choices)
    text = EncryptedTextField()
    responsible = EncryptedTextField(blank=True, default="")
    due_date = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return f"{self.kind} station={self.station_id}"
