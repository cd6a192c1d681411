"""จปฐ. instruments as data, rounds, responses, indicator results, targeting runs, follow-up."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thanrak.accounts.roles import AREA_STAFF
from thanrak.accounts.scope import ScopedQuerySet, Visibility
from thanrak.geo.models import Village
from thanrak.registry.models import Household, Person


class Unit(models.TextChoices):
    HOUSEHOLD = "household", _("Household")
    PERSON = "person", _("Person")


class QuestionKind(models.TextChoices):
    YES_NO = "yes_no", _("Yes or no")
    INTEGER = "integer", _("Whole number")
    DECIMAL = "decimal", pgettext_lazy("question type", "Number")
    TEXT = "text", _("Text")


# --- instruments ---------------------------------------------------------------------------------


class SurveyVersion(models.Model):
    """One edition of the questionnaire (e.g. จปฐ. 2560–2564): its questions, indicators and thresholds."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title_th = models.CharField(_("Thai title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    year_from_be = models.PositiveSmallIntegerField(_("first year (B.E.)"))
    year_to_be = models.PositiveSmallIntegerField(_("last year (B.E.)"))
    # Thresholds the rules refer to as param.NAME, e.g. {"income_line_baht": 38000}.
    parameters = models.JSONField(_("thresholds"), default=dict)
    # The household question holding the household's yearly income in baht (income per person).
    income_question = models.CharField(_("household income question"), max_length=40, blank=True)
    # TPMAP's dimensions in this version: [{"code", "label_th", "label_en"}]; indicators name a code.
    dimensions = models.JSONField(_("TPMAP dimensions"), default=list, blank=True)
    # Bumped on every change so ODK Collect fetches the form again (yyyymmddrr convention).
    form_version = models.CharField(_("form version"), max_length=20)
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("survey version")
        verbose_name_plural = _("survey versions")
        constraints = [
            models.CheckConstraint(
                condition=Q(year_to_be__gte=models.F("year_from_be")), name="survey_version_years_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.title_th

    @property
    def form_id(self) -> str:
        return f"thanrak_{self.code.replace('-', '_')}"

    def dimension_choices(self) -> list[tuple[str, str]]:
        """The version's TPMAP dimensions as (code, label in the current language)."""
        from django.utils.translation import get_language

        english = (get_language() or "th").startswith("en")
        return [
            (
                d["code"],
                (d.get("label_en") if english and d.get("label_en") else d.get("label_th")) or d["code"],
            )
            for d in self.dimensions
        ]


class Question(models.Model):
    version = models.ForeignKey(SurveyVersion, on_delete=models.CASCADE, related_name="questions")
    name = models.CharField(_("name"), max_length=40)
    unit = models.CharField(_("asked of"), max_length=10, choices=Unit.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    label_th = models.CharField(_("Thai question"), max_length=300)
    label_en = models.CharField(_("English question"), max_length=300, blank=True)
    min_value = models.BigIntegerField(_("smallest answer"), null=True, blank=True)
    max_value = models.BigIntegerField(_("largest answer"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(pgettext_lazy("position", "order"), default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "name"], name="question_name_unique_in_version"),
            models.CheckConstraint(
                condition=Q(name__regex=r"^[a-z][a-z0-9_]*$"), name="question_name_format"
            ),
            models.CheckConstraint(condition=Q(unit__in=Unit.values), name="question_unit_known"),
            models.CheckConstraint(condition=Q(kind__in=QuestionKind.values), name="question_kind_known"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        from django.utils.translation import get_language

        return self.label_en if (get_language() or "th").startswith("en") and self.label_en else self.label_th


class Indicator(models.Model):
    """One indicator and its rule: who it applies to and when they pass; thresholds are version params."""

    version = models.ForeignKey(SurveyVersion, on_delete=models.CASCADE, related_name="indicators")
    number = models.PositiveSmallIntegerField(pgettext_lazy("indicator", "number"))
    category_th = models.CharField(_("category (Thai)"), max_length=60)
    category_en = models.CharField(_("category (English)"), max_length=60, blank=True)
    text_th = models.CharField(_("Thai wording"), max_length=300)
    text_en = models.CharField(_("English wording"), max_length=300, blank=True)
    unit = models.CharField(_("judged on"), max_length=10, choices=Unit.choices)
    age_min = models.PositiveSmallIntegerField(_("from age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("to age"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, blank=True, choices=[("M", _("Male")), ("F", _("Female"))])
    applies_when = models.CharField(_("applies when (status)"), max_length=500, blank=True)
    pass_when = models.CharField(_("passes when"), max_length=500)
    # A code of the version's dimensions (blank: TPMAP's rule does not use the indicator).
    tpmap_dimension = models.CharField(_("TPMAP dimension"), max_length=20, blank=True)
    notes = models.TextField(_("notes on sources"), blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="indicator_number_unique_in_version"),
            models.CheckConstraint(condition=Q(unit__in=Unit.values), name="indicator_unit_known"),
            models.CheckConstraint(
                condition=Q(age_min__isnull=True)
                | Q(age_max__isnull=True)
                | Q(age_max__gte=models.F("age_min")),
                name="indicator_age_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(unit="person") | (Q(age_min__isnull=True, age_max__isnull=True, sex="")),
                name="indicator_household_has_no_person_filter",
            ),
            models.CheckConstraint(condition=~Q(pass_when=""), name="indicator_pass_rule_required"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text_th}"

    @property
    def text(self) -> str:
        from django.utils.translation import get_language

        return self.text_en if (get_language() or "th").startswith("en") and self.text_en else self.text_th

    @property
    def tpmap_dimension_label(self) -> str:
        return dict(self.version.dimension_choices()).get(self.tpmap_dimension, self.tpmap_dimension)


# --- rounds and collection -----------------------------------------------------------------------


class RoundStatus(models.TextChoices):
    OPEN = "OPEN", _("Collecting")
    CLOSED = "CLOSED", _("Closed")


class RoundQuerySet(ScopedQuerySet["Round"]):
    # A round of a province is seen by its districts (area_above), and by field staff only.
    visibility = Visibility(area="area_code", area_roles=AREA_STAFF, area_above=True)


class Round(models.Model):
    """One collection campaign: a survey version, a year and an area (a province, district…)."""

    version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="rounds")
    year_be = models.PositiveSmallIntegerField(_("year (B.E.)"))
    area_code = models.CharField(_("area"), max_length=8)
    title = models.CharField(pgettext_lazy("survey round", "title"), max_length=200)
    # Ages are completed years on this day (the questionnaire's reference date).
    reference_date = models.DateField(_("reference date"))
    status = models.CharField(
        _("status"), max_length=8, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"))

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")
        constraints = [
            models.UniqueConstraint(fields=["year_be", "area_code"], name="round_one_per_year_and_area"),
            models.CheckConstraint(
                condition=Q(area_code__regex=r"^([0-9]{2}){1,3}$"), name="round_area_code_format"
            ),
            models.CheckConstraint(condition=Q(status__in=RoundStatus.values), name="round_status_known"),
        ]

    def __str__(self) -> str:
        return self.title


class Assignment(models.Model):
    """A village of a round given to a collector (one collector per village and round)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assignments")
    village = models.ForeignKey(Village, on_delete=models.PROTECT, related_name="+")
    collector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="survey_assignments"
    )
    assigned_at = models.DateTimeField(_("assigned at"))

    class Meta:
        verbose_name = _("village assignment")
        verbose_name_plural = _("village assignments")
        constraints = [
            models.UniqueConstraint(fields=["round", "village"], name="assignment_one_collector_per_village")
        ]

    def __str__(self) -> str:
        return f"{self.village_id} → {self.collector_id}"


class ResponseStatus(models.TextChoices):
    DRAFT = "DRAFT", _("Draft")
    SUBMITTED = "SUBMITTED", _("Submitted")


class Source(models.TextChoices):
    WEB = "WEB", _("Web form")
    IMPORT = "IMPORT", _("File import")
    ODK = "ODK", _("ODK Collect")


class ResponseQuerySet(ScopedQuerySet["Response"]):
    visibility = Visibility(area="area_code", area_roles=AREA_STAFF)


class Response(models.Model):
    """A household's answers in a round; a draft is kept on the server until it is submitted."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="responses")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="survey_responses")
    area_code = models.CharField(_("village"), max_length=8, db_index=True)
    collector = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT
    )
    source = models.CharField(_("source"), max_length=8, choices=Source.choices, default=Source.WEB)
    answers = models.JSONField(_("household answers"), default=dict, blank=True)
    # ODK's <meta><instanceID>: a re-sent submission is recognised and stored once.
    instance_id = models.CharField(max_length=80, null=True, blank=True, unique=True)  # noqa: DJ001
    started_at = models.DateTimeField(_("started at"))
    updated_at = models.DateTimeField(_("updated at"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # The submitted answers as a frozen revision (what evaluation and targeting runs read).
    revision = models.ForeignKey(
        "ResponseRevision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("household response")
        verbose_name_plural = _("household responses")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "household"], name="response_one_per_household_and_round"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ResponseStatus.values), name="response_status_known"
            ),
            models.CheckConstraint(
                condition=Q(status=ResponseStatus.DRAFT) | Q(submitted_at__isnull=False),
                name="response_submitted_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}/{self.household_id} {self.status}"


class MemberAnswer(models.Model):
    """One member's answers within a household response; a person is in one household per round."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="members")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="survey_answers")
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)

    class Meta:
        verbose_name = _("member answers")
        verbose_name_plural = _("member answers")
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="member_in_one_household_per_round"),
            models.CheckConstraint(condition=Q(age__lte=130), name="member_age_plausible"),
        ]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.person_id}"


class ResponseRevision(models.Model):
    """A household's answers exactly as submitted, never changed: each (re)submission adds one, so a
    targeting run can name the revisions it read and be recomputed from them later."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="revisions")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    area_code = models.CharField(max_length=8)
    answers = models.JSONField(default=dict)
    # [[person_id, age, sex, {answers}], …] in person order; sex as the registry had it then.
    members = models.JSONField(default=list)
    source = models.CharField(max_length=8, choices=Source.choices)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["round", "household"])]

    def __str__(self) -> str:
        return f"{self.response_id}@{self.pk}"


class Submission(models.Model):
    """A raw OpenRosa submission as received (kept even when it is refused, for the record)."""

    instance_id = models.CharField(max_length=80, unique=True)
    received_at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    xml = models.TextField()
    response = models.ForeignKey(Response, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    def __str__(self) -> str:
        return self.instance_id


class WelfareCard(models.Model):
    """The state welfare card register (imported): TPMAP's "target poor" need a validated card."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="welfare_card")
    validated = models.BooleanField(_("validated"), default=False)
    year_be = models.PositiveSmallIntegerField(_("register year (B.E.)"))
    imported_at = models.DateTimeField(_("imported at"))

    class Meta:
        verbose_name = _("welfare card")
        verbose_name_plural = _("welfare cards")

    def __str__(self) -> str:
        return f"{self.person_id} ({'validated' if self.validated else 'registered'})"


# --- evaluation ----------------------------------------------------------------------------------


class HouseholdResult(models.Model):
    """Indicator results of a household in a round (person indicators: fails when any eligible
    member fails)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="household_results")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="survey_results")
    area_code = models.CharField(max_length=8, db_index=True)
    members = models.PositiveSmallIntegerField()
    applicable = models.JSONField(default=list)
    failed = models.JSONField(default=list)
    income_per_person_satang = models.BigIntegerField(null=True, blank=True)
    evaluated_at = models.DateTimeField()
    rules_checksum = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "household"], name="household_result_once")]

    def __str__(self) -> str:
        return f"{self.round_id}/{self.household_id}: {self.failed}"


class PersonResult(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="person_results")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="survey_results")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="+")
    applicable = models.JSONField(default=list)
    failed = models.JSONField(default=list)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "person"], name="person_result_once")]

    def __str__(self) -> str:
        return f"{self.round_id}/{self.person_id}: {self.failed}"


# --- targeting -----------------------------------------------------------------------------------


class Method(models.TextChoices):
    TPMAP = "TPMAP", _("TPMAP rule (poor in any selected dimension)")
    ALKIRE_FOSTER = "AF", _("Alkire–Foster (weights and cutoff k)")


class RunQuerySet(ScopedQuerySet["TargetingRun"]):
    visibility = Visibility(via="round")


class TargetingRun(models.Model):
    """A frozen targeting computation: the rules, parameters, round, who ran it and when."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="runs")
    method = models.CharField(_("method"), max_length=6, choices=Method.choices)
    label = models.CharField(_("label"), max_length=200)
    parameters = models.JSONField(_("parameters"))
    rules_snapshot = models.JSONField(_("rules as run"))
    rules_checksum = models.CharField(max_length=64)
    result_checksum = models.CharField(max_length=64)
    # A fingerprint of the inputs (each household's answers revision and welfare cards) as run.
    inputs_checksum = models.CharField(max_length=64, blank=True)
    summary = models.JSONField(default=dict)
    backend = models.CharField(max_length=12)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("run at"))

    objects = RunQuerySet.as_manager()

    class Meta:
        verbose_name = _("targeting run")
        verbose_name_plural = _("targeting runs")
        constraints = [models.CheckConstraint(condition=Q(method__in=Method.values), name="run_method_known")]

    def __str__(self) -> str:
        return self.label


class RunHousehold(models.Model):
    """A household as the run saw it: its deprivations, score and whether it is poor / target."""

    run = models.ForeignKey(TargetingRun, on_delete=models.CASCADE, related_name="households")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    area_code = models.CharField(max_length=8, db_index=True)
    members = models.PositiveSmallIntegerField()
    failed = models.JSONField(default=list)
    score = models.FloatField()
    is_poor = models.BooleanField()
    target_persons = models.PositiveSmallIntegerField()
    # The run's inputs: the answers revision it read and the members holding a validated welfare card.
    revision = models.ForeignKey(
        ResponseRevision, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    welfare = models.JSONField(default=list)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "household"], name="run_household_once")]
        indexes = [models.Index(fields=["run", "is_poor", "area_code"])]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.household_id}"


class RunArea(models.Model):
    """An area's figures in a run: persons n, poor q, H, A, M0, censored headcounts, contributions."""

    run = models.ForeignKey(TargetingRun, on_delete=models.CASCADE, related_name="areas")
    area_code = models.CharField(max_length=8)
    subgroup = models.CharField(max_length=20, default="all")
    households = models.PositiveIntegerField()
    poor_households = models.PositiveIntegerField()
    persons = models.PositiveIntegerField()
    poor_persons = models.PositiveIntegerField()
    target_poor = models.PositiveIntegerField()
    h = models.FloatField()
    a = models.FloatField()
    m0 = models.FloatField()
    censored = models.JSONField(default=dict)
    contributions = models.JSONField(default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "area_code", "subgroup"], name="run_area_once")]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.area_code or 'TH'}/{self.subgroup}"


# --- follow-up -----------------------------------------------------------------------------------


class HelpKind(models.TextChoices):
    PROGRAMME = "PROGRAMME", _("Programme")
    LOAN = "LOAN", _("Loan")
    MEMBERSHIP = "MEMBERSHIP", _("Group membership")
    TRAINING = "TRAINING", _("Training")


class AssistanceQuerySet(ScopedQuerySet["Assistance"]):
    visibility = Visibility(area="area_code", area_roles=AREA_STAFF)


class Assistance(models.Model):
    """Help given to a household, linked to the record in another module (a membership, a loan…)."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="survey_assistance")
    area_code = models.CharField(max_length=8, db_index=True)
    kind = models.CharField(_("kind of help"), max_length=12, choices=HelpKind.choices)
    description = models.CharField(_("description"), max_length=300)
    given_on = models.DateField(_("given on"))
    # Indicators the help is meant to fix (numbers of the round's version).
    indicators = models.JSONField(_("needs addressed"), default=list, blank=True)
    run = models.ForeignKey(TargetingRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    linked_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    linked_id = models.CharField(max_length=40, blank=True)
    linked = GenericForeignKey("linked_type", "linked_id")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = AssistanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("help given")
        verbose_name_plural = _("help given")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=HelpKind.values), name="assistance_kind_known"),
            models.CheckConstraint(
                condition=(Q(linked_type__isnull=True) & Q(linked_id=""))
                | (Q(linked_type__isnull=False) & ~Q(linked_id="")),
                name="assistance_link_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description}"


# --- external sources (TPMAP) --------------------------------------------------------------------


class ExternalAreaStat(models.Model):
    """Published area totals from an external source (TPMAP 2561), at any level; codes as published."""

    source = models.CharField(max_length=30)
    year_be = models.PositiveSmallIntegerField()
    area_code = models.CharField(max_length=8)
    matched = models.BooleanField(help_text="the code exists in today's geography")
    households = models.PositiveIntegerField()
    persons = models.PositiveIntegerField()
    poor_households = models.PositiveIntegerField()
    poor_persons = models.PositiveIntegerField()
    welfare_registered = models.PositiveIntegerField()
    target_poor = models.PositiveIntegerField()
    dimensions = models.JSONField(default=dict)
    indicator_failures = models.JSONField(default=dict)
    imported_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "year_be", "area_code"], name="external_stat_once")
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.area_code}"
