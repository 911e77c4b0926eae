"""Open-call records: the sessions a call recruits for, applications, their uploaded files, every status change,
and reviews.

Imported by `enrollments.models`, so these are models of the `enrollments` app.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# PrivateStorage stays importable from here: migrations enrollments 0006 and reports 0003 name it.
from content.storage import PrivateStorage, get_private_storage  # noqa: F401
from enrollments.calls.transitions import Status


class CallSession(models.Model):
    """One training session an open call recruits for: accepted applicants are enrolled in the first linked
    session (by first day) that has a free place."""

    call = models.ForeignKey("content.Call", on_delete=models.CASCADE, related_name="session_links",
                             verbose_name=_("call"))
    session = models.ForeignKey("enrollments.TrainingSession", on_delete=models.PROTECT, related_name="call_links",
                                verbose_name=_("training session"))

    class Meta:
        verbose_name = _("training session of a call")
        verbose_name_plural = _("training sessions of a call")
        constraints = [models.UniqueConstraint(fields=["call", "session"], name="one_link_per_call_and_session")]

    def __str__(self) -> str:
        return f"{self.call} → {self.session}"


class ApplicationStatus(models.TextChoices):
    DRAFT = Status.DRAFT, _("Draft")
    SUBMITTED = Status.SUBMITTED, _("Submitted")
    SHORTLISTED = Status.SHORTLISTED, _("Shortlisted")
    ACCEPTED = Status.ACCEPTED, _("Accepted")
    REJECTED = Status.REJECTED, _("Not selected")
    WITHDRAWN = Status.WITHDRAWN, _("Withdrawn")


class Application(models.Model):
    """One person's application to one open call, with their answers and where it stands."""

    call = models.ForeignKey("content.Call", on_delete=models.PROTECT, related_name="applications",
                             verbose_name=_("call"))
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications",
                                  verbose_name=_("applicant"))
    status = models.CharField(_("status"), max_length=20, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.DRAFT)
    stage = models.PositiveSmallIntegerField(_("stage"), default=0, help_text=_("Counted from 0."))
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    # What eligibility was judged on, as declared when submitting.
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    community = models.CharField(_("community (hromada)"), max_length=200, blank=True)
    oblast = models.CharField(_("oblast"), max_length=40, blank=True)
    profession = models.CharField(_("profession"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    enrollment = models.ForeignKey("enrollments.Enrollment", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="applications", verbose_name=_("enrollment"))
    # The person's own request or waiting-list spot that the acceptance's seat replaced; reopening restores it.
    place_before = models.CharField(_("place before the acceptance"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at", "-created_at"]
        constraints = [models.UniqueConstraint(fields=["call", "applicant"], name="one_application_per_call")]
        indexes = [models.Index(fields=["call", "status", "stage"]), models.Index(fields=["applicant"])]

    def __str__(self) -> str:
        return f"{self.full_name or self.applicant} — {self.call}"


def _upload_to(instance, filename: str) -> str:
    return f"applications/{instance.application.call_id}/{instance.application_id}/{filename}"


class ApplicationFile(models.Model):
    """A file uploaded as the answer to one file question of an application."""

    # Part of the application (an answer), so it goes only with it; its changes and reviews keep an application.
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")
    question_id = models.CharField(_("question"), max_length=64)
    file = models.FileField(_("file"), upload_to=_upload_to, storage=get_private_storage, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256 of the content"), max_length=64, blank=True, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("application file")
        verbose_name_plural = _("application files")
        constraints = [models.UniqueConstraint(fields=["application", "question_id"], name="one_file_per_question")]

    def __str__(self) -> str:
        return self.original_name


class ApplicationChange(models.Model):
    """One change of an application's status or stage: who, when, from → to."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="changes")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("changed by"))
    changed_at = models.DateTimeField(_("changed at"))
    from_status = models.CharField(_("from status"), max_length=20, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=20, choices=ApplicationStatus.choices)
    from_stage = models.PositiveSmallIntegerField(_("from stage"), null=True, blank=True)
    to_stage = models.PositiveSmallIntegerField(_("to stage"))
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("application change")
        verbose_name_plural = _("application changes")
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_status} → {self.to_status}"


class Review(models.Model):
    """One reviewer's marks and comment on one application at one stage."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews",
                                 verbose_name=_("reviewer"))
    stage = models.PositiveSmallIntegerField(_("stage"))
    marks = models.JSONField(_("marks"), default=dict, blank=True)  # criterion id → mark
    total = models.DecimalField(_("total (%)"), max_digits=4, decimal_places=1, null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [models.UniqueConstraint(fields=["application", "reviewer", "stage"],
                                               name="one_review_per_reviewer_and_stage")]

    def __str__(self) -> str:
        return f"{self.reviewer} on {self.application_id}"


# --- Decision emails -----------------------------------------------------------------------------

# What a decision email may say about the application it is sent for; anything else in braces is refused.
PLACEHOLDERS = ("name", "call", "stage", "training", "session", "dates", "link")
PLACEHOLDER = re.compile(r"\{(\w*)\}")


class DecisionKind(models.TextChoices):
    SHORTLISTED = "shortlisted", _("Shortlisted")
    NEXT_STAGE = "next_stage", _("Moved to the next stage")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Not selected")


def unknown_placeholders(text: str) -> list[str]:
    """The {words} in a template that no application can fill in."""
    return sorted({name for name in PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})


class DecisionEmail(models.Model):
    """The email applicants receive on one kind of decision, in Ukrainian then English; coordinators edit it."""

    kind = models.CharField(_("decision"), max_length=20, choices=DecisionKind.choices, unique=True)
    subject_uk = models.CharField(_("subject (Ukrainian)"), max_length=200)
    body_uk = models.TextField(_("message (Ukrainian)"))
    subject_en = models.CharField(_("subject (English)"), max_length=200)
    body_en = models.TextField(_("message (English)"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("decision email")
        verbose_name_plural = _("decision emails")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.get_kind_display()

    def clean(self) -> None:
        errors = {}
        for field in ("subject_uk", "body_uk", "subject_en", "body_en"):
            unknown = unknown_placeholders(getattr(self, field))
            if unknown:
                errors[field] = _("Unknown placeholder: %(names)s. Use only %(allowed)s.") % {
                    "names": ", ".join(f"{{{name}}}" for name in unknown),
                    "allowed": ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)}
        if errors:
            raise ValidationError(errors)
