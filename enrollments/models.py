"""What happened to people: their profile for reporting and their progress through modules."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from content.choices import AgeBand, DisabilityStatus, DisplacementStatus, Oblast, Profession, Sex
from content.roles import TRAINER


class Profile(models.Model):
    """One person's working details and, only with consent, their reporting details."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    profession = models.CharField(_("profession"), max_length=40, choices=Profession.choices, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    oblast = models.CharField(_("oblast"), max_length=40, choices=Oblast.choices, blank=True)
    community = models.CharField(_("community (hromada)"), max_length=200, blank=True)

    # Reporting fields: kept only while reporting_consent_at is set.
    reporting_consent_at = models.DateTimeField(_("reporting consent given at"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=20, choices=Sex.choices, blank=True)
    age_band = models.CharField(_("age band"), max_length=20, choices=AgeBand.choices, blank=True)
    displacement_status = models.CharField(
        _("displacement status"), max_length=20, choices=DisplacementStatus.choices, blank=True
    )
    disability = models.CharField(_("disability"), max_length=20, choices=DisabilityStatus.choices, blank=True)

    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        indexes = [models.Index(fields=["profession"]), models.Index(fields=["oblast"])]

    def __str__(self) -> str:
        return self.full_name or self.user.email

    @property
    def has_reporting_consent(self) -> bool:
        return self.reporting_consent_at is not None


class ModuleCompletion(models.Model):
    """One person marked one module complete.

    Modules are identified by their Wagtail translation key, so progress made reading the
    Ukrainian page counts on the English page too, and survives edits and moves.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="module_completions")
    course_key = models.UUIDField(_("course translation key"))
    module_key = models.UUIDField(_("module translation key"))
    completed_at = models.DateTimeField(_("completed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("module completion")
        verbose_name_plural = _("module completions")
        constraints = [models.UniqueConstraint(fields=["user", "module_key"], name="one_completion_per_module")]
        indexes = [models.Index(fields=["user", "course_key"])]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.module_key}"


# --- Training sessions -------------------------------------------------------------------------

class SessionFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    BLENDED = "blended", _("Blended")


class SessionStatus(models.TextChoices):
    """Where a session is in its life. The groups below are classmethods, not attributes: in the class body a
    member is still its raw ("open", label) tuple, so an `enum.nonmember` group of members would hold tuples."""

    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for enrollment")
    CLOSED = "closed", _("Enrollment closed")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")

    @classmethod
    def listed(cls) -> frozenset[SessionStatus]:
        """Shown to participants as coming up (on the course page), whether or not it still takes enrollments."""
        return frozenset({cls.OPEN, cls.CLOSED})

    @classmethod
    def finished(cls) -> frozenset[SessionStatus]:
        """Over, by its end or by a cancellation: nothing about its seats changes any more."""
        return frozenset({cls.COMPLETED, cls.CANCELLED})

    @classmethod
    def taking_people(cls) -> frozenset[SessionStatus]:
        """Not finished: people may still be given a place on it (by a coordinator, an import, an open call)."""
        return frozenset(cls) - cls.finished()


class TrainingSession(ClusterableModel):
    """One scheduled run of a course: a place, dates, a number of seats and its trainers."""

    course = models.ForeignKey("courses.CoursePage", on_delete=models.PROTECT, related_name="sessions",
                               verbose_name=_("course"))
    title = models.CharField(
        _("title"), max_length=255,
        help_text=_("Filled from the course title when left empty; kept if the course is renamed."),
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="uk")
    format = models.CharField(_("format"), max_length=20, choices=SessionFormat.choices,
                              default=SessionFormat.IN_PERSON)
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    oblast = models.CharField(_("oblast"), max_length=40, choices=Oblast.choices, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), help_text=_("Number of places."))
    enrollment_opens_at = models.DateTimeField(_("enrollment opens"), null=True, blank=True)
    enrollment_closes_at = models.DateTimeField(_("enrollment closes"), null=True, blank=True)
    approval_required = models.BooleanField(_("approval required"), default=False,
                                            help_text=_("A coordinator confirms each request for a place."))
    hours = models.DecimalField(
        _("training hours"), max_digits=5, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0.5"))],
        help_text=_("The hours of training this session gives, without breaks: shown on the course and session pages "
                    "and printed on its certificates. Leave empty for the course's duration."))
    trainers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="training_sessions",
                                      verbose_name=_("trainers"), limit_choices_to={"groups__name": TRAINER})
    status = models.CharField(_("status"), max_length=20, choices=SessionStatus.choices,
                              default=SessionStatus.DRAFT)
    late_after_minutes = models.PositiveSmallIntegerField(
        _("late after (minutes)"), default=15,
        help_text=_("A self check-in this many minutes after the start of the day counts as late."))
    late_counts_as_attended = models.BooleanField(_("late counts as attended"), default=True)
    excused_counts_as_attended = models.BooleanField(_("excused absence counts as attended"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["course", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(enrollment_closes_at__isnull=True) | models.Q(enrollment_opens_at__isnull=True)
                | models.Q(enrollment_closes_at__gt=models.F("enrollment_opens_at")),
                name="enrollment_closes_after_it_opens",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SessionDay(models.Model):
    """One day of a session: its date, hours and topic."""

    session = ParentalKey(TrainingSession, on_delete=models.CASCADE, related_name="days", verbose_name=_("session"))
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    topic = models.CharField(_("topic"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("session day")
        verbose_name_plural = _("session days")
        ordering = ["date", "starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "date"], name="one_day_per_date"),
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="day_ends_after_start"),
        ]
        indexes = [models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.session} — {self.date:%Y-%m-%d}"


class EnrollmentStatus(models.TextChoices):
    """Where one person's place on a session is; which move leads where is `enrollments.transitions`.

    A place says whether the person has a seat, not what they made of it: what they attended and achieved is in
    their attendance, quiz results and certificates (judged by the session's certificate rules), so a place on a
    finished session stays "enrolled".
    """

    PENDING = "pending", _("Awaiting approval")
    ENROLLED = "enrolled", _("Enrolled")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")

    @classmethod
    def holding_seat(cls) -> frozenset[EnrollmentStatus]:
        """On the roster: marked present or absent, tested, certified; counted against capacity."""
        return frozenset({cls.ENROLLED})

    @classmethod
    def active(cls) -> frozenset[EnrollmentStatus]:
        """A place, a request or a waiting-list spot the person may still give up, and is told about."""
        return frozenset({cls.PENDING, cls.ENROLLED, cls.WAITLISTED})

    @classmethod
    def waiting(cls) -> frozenset[EnrollmentStatus]:
        """Waiting for a seat: a request for one, or a spot on the waiting list."""
        return frozenset({cls.PENDING, cls.WAITLISTED})


class EnrollmentSource(models.TextChoices):
    SELF = "self", _("Self-enrolled")
    IMPORTED = "imported", _("Imported")
    APPLICATION = "application", _("Open call application")
    WALK_IN = "walk_in", _("Walk-in")


class Enrollment(models.Model):
    """One person's place (or request, or waiting-list spot) on one training session."""

    session = models.ForeignKey(TrainingSession, on_delete=models.PROTECT, related_name="enrollments",
                                verbose_name=_("session"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="enrollments",
                             verbose_name=_("participant"))
    status = models.CharField(_("status"), max_length=20, choices=EnrollmentStatus.choices)
    source = models.CharField(_("source"), max_length=20, choices=EnrollmentSource.choices,
                              default=EnrollmentSource.SELF)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    status_changed_at = models.DateTimeField(_("status changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="one_enrollment_per_session")]
        indexes = [models.Index(fields=["session", "status", "status_changed_at"])]

    def __str__(self) -> str:
        return f"{self.user} @ {self.session}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


class AttendanceMethod(models.TextChoices):
    ROSTER = "roster", _("Roster")
    SELF_CHECK_IN = "self_check_in", _("Self check-in")
    IMPORT = "import", _("Paper sheet or import")


class Attendance(models.Model):
    """Whether one enrolled person was there on one day of their session."""

    # A mark keeps its place and its day: a day with marks is moved (its date changed), never removed.
    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="attendance",
                                   verbose_name=_("enrollment"))
    day = models.ForeignKey(SessionDay, on_delete=models.PROTECT, related_name="attendance", verbose_name=_("day"))
    status = models.CharField(_("status"), max_length=20, choices=AttendanceStatus.choices)
    method = models.CharField(_("method"), max_length=20, choices=AttendanceMethod.choices)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name=_("marked by"))
    marked_at = models.DateTimeField(_("marked at"))
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["enrollment", "day"], name="one_attendance_per_day")]
        indexes = [models.Index(fields=["day", "status"])]

    def __str__(self) -> str:
        return f"{self.enrollment} / {self.day.date}: {self.status}"


class AttendanceChange(models.Model):
    """One change of an attendance mark: who changed it, when, from what to what."""

    attendance = models.ForeignKey(Attendance, on_delete=models.PROTECT, related_name="changes")
    old_status = models.CharField(_("old status"), max_length=20, choices=AttendanceStatus.choices, blank=True)
    new_status = models.CharField(_("new status"), max_length=20, choices=AttendanceStatus.choices)
    method = models.CharField(_("method"), max_length=20, choices=AttendanceMethod.choices)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("changed by"))
    changed_at = models.DateTimeField(_("changed at"))
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("attendance change")
        verbose_name_plural = _("attendance changes")
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.old_status or '—'} → {self.new_status}"


# --- Quizzes -----------------------------------------------------------------------------------

class QuizVersion(models.Model):
    """One frozen version of a quiz as people took it: questions, right answers, pass mark and bands.

    Created the first time someone starts an attempt on that content; edits to the page make a new
    version and leave attempts on the old one scored exactly as before.
    """

    quiz = models.ForeignKey("courses.QuizPage", on_delete=models.PROTECT, related_name="versions",
                             verbose_name=_("quiz"))
    quiz_key = models.UUIDField(_("quiz translation key"))
    revision_id = models.PositiveIntegerField(_("page revision"), null=True, blank=True)
    fingerprint = models.CharField(_("content fingerprint"), max_length=64)
    kind = models.CharField(_("kind"), max_length=20)
    title = models.CharField(_("title"), max_length=255)
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"), null=True, blank=True)
    max_score = models.DecimalField(_("maximum score"), max_digits=8, decimal_places=2)
    definition = models.JSONField(_("definition"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("quiz version")
        verbose_name_plural = _("quiz versions")
        constraints = [models.UniqueConstraint(fields=["quiz", "fingerprint"], name="one_version_per_content")]
        indexes = [models.Index(fields=["quiz_key"])]

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.created_at):%Y-%m-%d %H:%M})"


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")


class QuizAttempt(models.Model):
    """One person's attempt at one quiz: the answers they gave and, once submitted, how they scored."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="quiz_attempts",
                             verbose_name=_("participant"))
    version = models.ForeignKey(QuizVersion, on_delete=models.PROTECT, related_name="attempts",
                                verbose_name=_("quiz version"))
    # Copied from the version: every results query filters on them.
    quiz_key = models.UUIDField(_("quiz translation key"))
    kind = models.CharField(_("kind"), max_length=20)
    session = models.ForeignKey(TrainingSession, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="quiz_attempts", verbose_name=_("session"),
                                help_text=_("The session a pre- or post-test was taken for."))
    number = models.PositiveSmallIntegerField(_("attempt number"))
    order = models.JSONField(_("question and choice order"))
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=AttemptStatus.choices,
                              default=AttemptStatus.IN_PROGRESS)
    started_at = models.DateTimeField(_("started at"))
    saved_at = models.DateTimeField(_("last saved at"))
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    auto_submitted = models.BooleanField(_("submitted when time ran out"), default=False)
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(_("maximum score"), max_digits=8, decimal_places=2)
    percent = models.DecimalField(_("per cent"), max_digits=5, decimal_places=1, null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    pass_mark = models.PositiveSmallIntegerField(_("pass mark used (%)"), null=True, blank=True)
    band = models.CharField(_("result band"), max_length=120, blank=True)
    question_scores = models.JSONField(_("points per question"), default=dict, blank=True)

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        ordering = ["started_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "quiz_key", "number"], condition=models.Q(session__isnull=True),
                                    name="attempt_numbers_unique"),
            models.UniqueConstraint(fields=["user", "quiz_key", "session", "number"],
                                    condition=models.Q(session__isnull=False), name="session_attempt_numbers_unique"),
            models.UniqueConstraint(fields=["user", "quiz_key"],
                                    condition=models.Q(status="in_progress", session__isnull=True),
                                    name="one_open_attempt"),
            models.UniqueConstraint(fields=["user", "quiz_key", "session"],
                                    condition=models.Q(status="in_progress", session__isnull=False),
                                    name="one_open_session_attempt"),
            models.CheckConstraint(condition=models.Q(status="in_progress") | models.Q(submitted_at__isnull=False),
                                   name="submitted_attempt_has_time"),
        ]
        indexes = [
            models.Index(fields=["quiz_key", "status"]),
            models.Index(fields=["session", "quiz_key", "status"]),
            models.Index(fields=["user", "quiz_key"]),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.version.title} #{self.number}"

    @property
    def is_submitted(self) -> bool:
        return self.status == AttemptStatus.SUBMITTED

from enrollments.background.models import BackgroundJob, JobStatus, OutgoingEmail  # noqa: E402, F401
from enrollments.calls.models import (  # noqa: E402, F401
    Application,
    ApplicationChange,
    ApplicationFile,
    CallSession,
    Review,
)
from enrollments.privacy.models import AccessKind, AccessRecord, ErasureRequest, ErasureStatus  # noqa: E402, F401
