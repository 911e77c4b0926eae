"""What reports need beyond the records: projects (grants) with their targets, and one row of facts per place,
kept in step with the records it is counted from (lms/reports/facts.py)."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from content.choices import Oblast, Profession
from content.storage import get_private_storage


class Project(ClusterableModel):
    """A grant or programme the training is funded under: donor, period, code, and the sessions and calls it pays
    for."""

    name = models.CharField(_("name"), max_length=255)
    donor = models.CharField(_("donor"), max_length=255, help_text=_("For example UNICEF, USAID or Mercy Corps."))
    code = models.CharField(_("code"), max_length=60, unique=True,
                            help_text=_("The grant's reference, as the donor writes it."))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    sessions = models.ManyToManyField("enrollments.TrainingSession", blank=True, related_name="projects",
                                      verbose_name=_("training sessions"))
    calls = models.ManyToManyField("content.Call", blank=True, related_name="projects", verbose_name=_("open calls"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-starts_on", "name"]
        constraints = [models.CheckConstraint(
            condition=models.Q(ends_on__gte=models.F("starts_on")), name="project_ends_after_it_starts",
            violation_error_message=_("A project ends on or after the day it starts."))]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"


class Indicator(models.TextChoices):
    """What a target can be set on: each is defined once in lms/reports/definitions.py."""

    REACHED = "reached", _("People reached")
    COMPLETED = "completed", _("People who completed a training")
    CERTIFIED = "certified", _("People certified")
    PERSON_HOURS = "person_hours", _("Person-hours of training")
    SESSIONS_HELD = "sessions_held", _("Training sessions held")
    ATTENDANCE_RATE = "attendance_rate", _("Attendance rate (%)")
    PASS_SHARE = "pass_share", _("Share reaching the post-test pass mark (%)")
    WOMEN_SHARE = "women_share", _("Share of women among people reached (%)")
    APPLICATIONS = "applications", _("Applications received")

    @classmethod
    def percentages(cls) -> frozenset[str]:
        return frozenset({cls.ATTENDANCE_RATE, cls.PASS_SHARE, cls.WOMEN_SHARE})


class Target(models.Model):
    """One indicator target a project promised its donor, e.g. 300 social workers trained or 70 % passing."""

    project = ParentalKey(Project, on_delete=models.CASCADE, related_name="targets", verbose_name=_("project"))
    indicator = models.CharField(_("indicator"), max_length=30, choices=Indicator.choices)
    value = models.DecimalField(_("target"), max_digits=10, decimal_places=1, validators=[MinValueValidator(0)],
                                help_text=_("A number of people, hours or sessions, or a percentage."))
    profession = models.CharField(_("only for the profession"), max_length=40, choices=Profession.choices,
                                  blank=True, help_text=_("For example, 300 social workers trained."))

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["project", "pk"]
        constraints = [models.UniqueConstraint(
            fields=["project", "indicator", "profession"], name="one_target_per_indicator",
            violation_error_message=_("The project has this target already."))]

    def __str__(self) -> str:
        return f"{self.get_indicator_display()}: {self.value}"


class Participation(models.Model):
    """One seat-holding place on a training session with what the reports count of it (lms/reports/facts.py keeps
    it in step with the attendance, quiz attempts, certificates and profile it is counted from)."""

    enrollment = models.OneToOneField("enrollments.Enrollment", on_delete=models.CASCADE, primary_key=True,
                                      related_name="+")
    session = models.ForeignKey("enrollments.TrainingSession", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course_key = models.UUIDField()
    first_day = models.DateField(null=True)
    last_day = models.DateField(null=True)
    session_oblast = models.CharField(max_length=40, choices=Oblast.choices, blank=True)
    format = models.CharField(max_length=20, blank=True)
    days = models.PositiveSmallIntegerField(default=0)
    days_held = models.PositiveSmallIntegerField(default=0)
    days_attended = models.PositiveSmallIntegerField(default=0)
    hours = models.DecimalField(max_digits=7, decimal_places=2, default=0)
    session_over = models.BooleanField(default=False)
    completed = models.BooleanField(default=False)
    certified = models.BooleanField(default=False)
    pre_percent = models.DecimalField(max_digits=5, decimal_places=1, null=True)
    post_percent = models.DecimalField(max_digits=5, decimal_places=1, null=True)
    post_passed = models.BooleanField(null=True)
    # Who the person is, as far as they told us: the sensitive ones only with their consent ("" = not stated).
    sex = models.CharField(max_length=20, blank=True)
    age_band = models.CharField(max_length=20, blank=True)
    oblast = models.CharField(max_length=40, blank=True)
    profession = models.CharField(max_length=40, blank=True)
    displacement_status = models.CharField(max_length=20, blank=True)
    disability = models.CharField(max_length=20, blank=True)
    # The sensitive ones above were kept when the person's details were removed at the end of their retention
    # period (enrollments/privacy/services.py): a refresh keeps them rather than reading the blanked profile.
    description_kept = models.BooleanField(default=False)
    # The first day on which time alone changes these facts (a day becomes held, the session ends).
    stale_from = models.DateField(null=True)
    refreshed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("report facts of a place")
        verbose_name_plural = _("report facts of places")
        indexes = [models.Index(fields=["first_day"]), models.Index(fields=["session"]),
                   models.Index(fields=["user"]), models.Index(fields=["stale_from"]),
                   models.Index(fields=["course_key", "first_day"])]

    def __str__(self) -> str:
        return f"{self.enrollment_id}: {self.days_attended}/{self.days_held}"


class DayFacts(models.Model):
    """One day of a training session with how many of its places attended it (attendance by day)."""

    day = models.OneToOneField("enrollments.SessionDay", on_delete=models.CASCADE, primary_key=True, related_name="+")
    session = models.ForeignKey("enrollments.TrainingSession", on_delete=models.CASCADE, related_name="+")
    # The session's, for the same filters as its places'.
    course_key = models.UUIDField()
    session_first_day = models.DateField()
    session_oblast = models.CharField(max_length=40, choices=Oblast.choices, blank=True)
    format = models.CharField(max_length=20, blank=True)
    date = models.DateField()
    number = models.PositiveSmallIntegerField()  # 1 for the session's first day
    places = models.PositiveIntegerField(default=0)
    attended = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("report facts of a day")
        verbose_name_plural = _("report facts of days")
        indexes = [models.Index(fields=["session", "number"]), models.Index(fields=["session_first_day"])]

    def __str__(self) -> str:
        return f"{self.date}: {self.attended}/{self.places}"


class SelfAssessmentFacts(models.Model):
    """One person's latest answer to one self-assessment (as the quiz results count it) and the band it gave."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    quiz_key = models.UUIDField()
    band = models.CharField(max_length=120, blank=True)
    submitted_at = models.DateTimeField()

    class Meta:
        verbose_name = _("report facts of a self-assessment")
        verbose_name_plural = _("report facts of self-assessments")
        constraints = [models.UniqueConstraint(fields=["user", "quiz_key"], name="one_latest_answer_per_quiz")]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.quiz_key}: {self.band}"


class DownloadLog(models.Model):
    """One download of a report or the participant-level export: who, when, what and with which filters."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name=_("by"))
    what = models.CharField(_("what"), max_length=60)
    filters = models.JSONField(_("filters"), default=dict)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report download")
        verbose_name_plural = _("report downloads")
        ordering = ["-at"]
        permissions = [("view_report", _("Can open reports")),
                       ("export_participants", _("Can download the pseudonymised participant export"))]

    def __str__(self) -> str:
        return f"{self.what} · {self.at:%Y-%m-%d %H:%M}"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ExportJob(models.Model):
    """One participant-level export too large to write in the request: who asked, for which filters, how far the
    background task has got, and the file it wrote (private storage: served only through a permission-checked
    view, lms/reports/export_views.py)."""

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("requested by"))
    file_format = models.CharField(_("format"), max_length=10)
    query = models.JSONField(_("report filters as asked"), default=dict)  # the filter form's data, to count again
    filters = models.JSONField(_("filters"), default=dict)  # Filters.described(), as the download log keeps them
    status = models.CharField(_("status"), max_length=20, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    total = models.PositiveIntegerField(_("rows"), default=0)
    processed = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.FileField(_("file"), storage=get_private_storage, upload_to="reports/exports/", max_length=300,
                            blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant export")
        verbose_name_plural = _("participant exports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_format} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)

    @property
    def percent(self) -> int:
        return round(100 * self.processed / self.total) if self.total else (100 if self.is_finished else 0)
