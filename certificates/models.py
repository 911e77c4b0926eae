"""Certificate rules (what earns one), the certificates issued, and bulk issuing runs.

A rule is set by a coordinator for a course (every session of it) or for one session, which then
overrides the course's rule of the same kind. A certificate snapshots everything printed on it, so
renaming the course or the person later never changes a certificate already issued.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


class CertificateKind(models.TextChoices):
    ATTENDANCE = "attendance", _("Certificate of attendance")
    COMPLETION = "completion", _("Certificate of completion")


class AttendanceRequirement(models.TextChoices):
    EVERY_DAY = "every_day", _("Every day of the session")
    PERCENT = "percent", _("A share of the days")


class CertificateRule(models.Model):
    """What a participant must do to earn one kind of certificate on a course or on one session."""

    course = models.ForeignKey("courses.CoursePage", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="certificate_rules", verbose_name=_("course"),
                               help_text=_("The rule applies to every session of this course…"))
    # A session's own rule is a setting, not a record: it goes with the session, which only a session without
    # records can (certificates issued under the rule keep what they print, and the session).
    session = models.ForeignKey("enrollments.TrainingSession", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="certificate_rules", verbose_name=_("session"),
                                help_text=_("…or only to this session, replacing the course's rule of the same "
                                            "kind."))
    kind = models.CharField(_("kind"), max_length=20, choices=CertificateKind.choices,
                            default=CertificateKind.COMPLETION)
    attendance = models.CharField(_("attendance required"), max_length=20, choices=AttendanceRequirement.choices,
                                  default=AttendanceRequirement.EVERY_DAY)
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"), default=80, validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Used only when a share of the days is enough, rounded up: 80 per cent of three days "
                    "means all three, of five days four."))
    required_quizzes = models.ManyToManyField(
        "courses.QuizPage", blank=True, related_name="+", verbose_name=_("quizzes to pass"),
        help_text=_("Quizzes of the course with a pass mark, such as the post-test."))
    required_modules = models.ManyToManyField(
        "courses.ModulePage", blank=True, related_name="+", verbose_name=_("modules to complete"),
        help_text=_("Self-paced modules the participant must mark as complete."))
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"), null=True, blank=True, validators=[MinValueValidator(1)],
        help_text=_("Leave empty for a certificate that does not expire."))
    active = models.BooleanField(_("active"), default=True,
                                 help_text=_("Inactive rules issue nothing; certificates already issued stay."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("certificate rule")
        verbose_name_plural = _("certificate rules")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(course__isnull=False, session__isnull=True)
                | models.Q(course__isnull=True, session__isnull=False),
                name="certificate_rule_for_course_or_session",
            ),
            models.UniqueConstraint(fields=["course", "kind"], condition=models.Q(active=True, course__isnull=False),
                                    name="one_active_rule_per_course_and_kind"),
            models.UniqueConstraint(fields=["session", "kind"],
                                    condition=models.Q(active=True, session__isnull=False),
                                    name="one_active_rule_per_session_and_kind"),
        ]

    def __str__(self) -> str:
        target = self.session if self.session_id else self.course
        return f"{self.get_kind_display()} — {target}"


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    REVOKED = "revoked", _("Revoked")


class RevocationReason(models.TextChoices):
    REISSUED = "reissued", _("Reissued")
    ISSUED_IN_ERROR = "error", _("Issued in error")
    REQUIREMENTS_NOT_MET = "requirements", _("Requirements were not met")
    MISCONDUCT = "misconduct", _("Misconduct")
    OTHER = "other", _("Other")


# Printed instead of the holder's name once their personal data is erased (certificates.services.erase_holder):
# the Ukrainian side and the Latin (English) side. The code stays verifiable.
ERASED_HOLDER_NAME = "Особа, чиї персональні дані видалено"
ERASED_HOLDER_NAME_LATIN = "A person whose personal data was erased"


class Certificate(models.Model):
    """One certificate issued to one participant for one session, with what is printed on it."""

    code = models.CharField(_("verification code"), max_length=20, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=CertificateKind.choices)
    enrollment = models.ForeignKey("enrollments.Enrollment", on_delete=models.PROTECT, related_name="certificates",
                                   verbose_name=_("enrollment"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certificates",
                             verbose_name=_("holder's account"))
    session = models.ForeignKey("enrollments.TrainingSession", on_delete=models.PROTECT,
                                related_name="certificates", verbose_name=_("session"))
    rule = models.ForeignKey(CertificateRule, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="certificates", verbose_name=_("rule"))
    # What is printed, as it was on the day of issue.
    holder_name = models.CharField(_("holder's name"), max_length=200)
    holder_name_latin = models.CharField(_("holder's name in Latin letters"), max_length=200)
    course_title = models.CharField(_("course title"), max_length=255)
    course_title_en = models.CharField(_("course title (English)"), max_length=255)
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    city = models.CharField(_("city"), max_length=120, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    issuer = models.CharField(_("issuer"), max_length=200)
    issuer_en = models.CharField(_("issuer (English)"), max_length=200)
    signatories = models.JSONField(_("signatories"), default=list, blank=True)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name=_("issued by"),
                                  help_text=_("Empty when issued automatically."))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=CertificateStatus.choices,
                              default=CertificateStatus.VALID)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("revoked by"))
    revocation_reason = models.CharField(_("reason for revocation"), max_length=20, choices=RevocationReason.choices,
                                         blank=True)
    revocation_note = models.CharField(_("note on revocation"), max_length=500, blank=True)
    replaces = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="replaced_by", verbose_name=_("replaces"))

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "kind"], condition=models.Q(status="valid"),
                                    name="one_valid_certificate_per_enrollment_and_kind"),
        ]
        indexes = [
            models.Index(fields=["user", "status"]),
            models.Index(fields=["session", "kind"]),
            models.Index(fields=["status", "issued_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.holder_name} — {self.course_title} ({self.display_code})"

    @property
    def display_code(self) -> str:
        """The code in groups of five, as printed and as people type it."""
        from certificates.codes import format_code

        return format_code(self.code)

    @property
    def is_revoked(self) -> bool:
        return self.status == CertificateStatus.REVOKED

    @property
    def holder_erased(self) -> bool:
        """The holder's personal data was erased: the certificate names nobody."""
        return self.holder_name == ERASED_HOLDER_NAME


class BatchStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class IssuingBatch(models.Model):
    """One bulk run of issuing a session's certificates, with its progress for the coordinator's page."""

    # A record of who asked for what and what came of it: it keeps its session.
    session = models.ForeignKey("enrollments.TrainingSession", on_delete=models.PROTECT,
                                related_name="certificate_batches", verbose_name=_("session"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("requested by"))
    status = models.CharField(_("status"), max_length=20, choices=BatchStatus.choices, default=BatchStatus.QUEUED)
    total = models.PositiveIntegerField(_("participants"), default=0)
    processed = models.PositiveIntegerField(_("checked"), default=0)
    issued = models.PositiveIntegerField(_("issued"), default=0)
    already_had = models.PositiveIntegerField(_("already had one"), default=0)
    not_eligible = models.PositiveIntegerField(_("not eligible"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate issuing run")
        verbose_name_plural = _("certificate issuing runs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.session} — {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"

    @property
    def is_finished(self) -> bool:
        return self.status in (BatchStatus.DONE, BatchStatus.FAILED)

    @property
    def percent(self) -> int:
        return round(100 * self.processed / self.total) if self.total else (100 if self.is_finished else 0)


@register_setting(icon="doc-full")
class CertificateSettings(BaseGenericSetting):
    """Who issues the certificates and who signs them: printed on every certificate issued from now on."""

    issuer = models.CharField(_("issuing organisation"), max_length=200, blank=True,
                              help_text=_("In Ukrainian, e.g. ГО «Громада». Empty: the site's organisation name."))
    issuer_en = models.CharField(_("issuing organisation (English)"), max_length=200, blank=True)
    logo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("logo"))
    signatory_1_name = models.CharField(_("first signatory: name"), max_length=200, blank=True)
    signatory_1_role = models.CharField(_("first signatory: position"), max_length=200, blank=True)
    signatory_1_role_en = models.CharField(_("first signatory: position (English)"), max_length=200, blank=True)
    signatory_1_signature = models.ForeignKey("wagtailimages.Image", null=True, blank=True,
                                              on_delete=models.SET_NULL, related_name="+",
                                              verbose_name=_("first signatory: signature"))
    signatory_2_name = models.CharField(_("second signatory: name"), max_length=200, blank=True)
    signatory_2_role = models.CharField(_("second signatory: position"), max_length=200, blank=True)
    signatory_2_role_en = models.CharField(_("second signatory: position (English)"), max_length=200, blank=True)
    signatory_2_signature = models.ForeignKey("wagtailimages.Image", null=True, blank=True,
                                              on_delete=models.SET_NULL, related_name="+",
                                              verbose_name=_("second signatory: signature"))

    # Images go through Wagtail's image chooser, so they are Wagtail images, checked (type, size) on upload.
    edit_handler = ObjectList([
        MultiFieldPanel([FieldPanel("issuer"), FieldPanel("issuer_en"), FieldPanel("logo")],
                        heading=_("Issuing organisation")),
        MultiFieldPanel([FieldPanel("signatory_1_name"), FieldPanel("signatory_1_role"),
                         FieldPanel("signatory_1_role_en"), FieldPanel("signatory_1_signature")],
                        heading=_("First signatory")),
        MultiFieldPanel([FieldPanel("signatory_2_name"), FieldPanel("signatory_2_role"),
                         FieldPanel("signatory_2_role_en"), FieldPanel("signatory_2_signature")],
                        heading=_("Second signatory")),
    ], help_text=_("Printed on every certificate issued from now on; certificates already issued keep what they "
                   "print."))

    class Meta:
        verbose_name = _("certificate settings")
