"""Background work that must not be lost (emails, certificate issuing, bulk runs): one row per piece of work with
its tries, and one per outgoing email with what it says until it is sent.

Imported by `enrollments.models`, so these are models of the `enrollments` app.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    RETRYING = "retrying", _("Waiting to try again")
    FAILED = "failed", _("Failed")
    DONE = "done", _("Done")


class BackgroundJob(models.Model):
    """One piece of background work (a task and what it was given) and how its tries went."""

    task_path = models.CharField(_("task"), max_length=200)
    arguments = models.JSONField(_("arguments"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    tries = models.PositiveSmallIntegerField(_("tries"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    last_tried_at = models.DateTimeField(_("last tried at"), null=True, blank=True)
    next_try_at = models.DateTimeField(_("next try at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = [models.Index(fields=["status", "next_try_at"], name="background_job_due_idx")]

    def __str__(self) -> str:
        return f"{self.task_path} #{self.pk}"


class OutgoingEmail(models.Model):
    """One email and the job that sends it (its id is the job's); its text is kept only until it is sent."""

    job = models.OneToOneField(BackgroundJob, primary_key=True, on_delete=models.CASCADE, related_name="email",
                               verbose_name=_("job"))
    to = models.JSONField(_("to"), default=list)
    from_email = models.CharField(_("from"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=998)
    body = models.TextField(_("text"), blank=True)
    html_body = models.TextField(_("HTML text"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")

    def __str__(self) -> str:
        return self.subject
