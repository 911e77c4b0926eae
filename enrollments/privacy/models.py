"""Records of privacy operations: erasure requests and the access log.

Imported by `enrollments.models`, so these are models of the `enrollments` app.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ErasureStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting for review")
    ERASED = "erased", _("Erased")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ErasureRequest(models.Model):
    """One person's request to erase their personal data, and what a coordinator decided."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="erasure_requests",
                             verbose_name=_("person"))
    keep_certificates = models.BooleanField(
        _("keep my name on my certificates"), default=False,
        help_text=_("Otherwise your certificates stay verifiable as issued to a person whose data was erased."),
    )
    status = models.CharField(_("status"), max_length=20, choices=ErasureStatus.choices,
                              default=ErasureStatus.REQUESTED)
    requested_at = models.DateTimeField(pgettext_lazy("erasure request", "requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["-requested_at"]
        permissions = [("execute_erasure", _("Can review and carry out erasure requests"))]
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=models.Q(status="requested"),
                                    name="one_open_erasure_request_per_person"),
        ]
        indexes = [models.Index(fields=["status", "requested_at"], name="erasure_request_status_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} · {self.get_status_display()}"


class AccessKind(models.TextChoices):
    VIEW = "view", _("Viewed")
    EXPORT = "export", _("Exported")


class AccessRecord(models.Model):
    """One member of staff viewed or exported one participant's records (a roster, a profile, an application)."""

    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                               verbose_name=_("by"))
    subject = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("whose records"))
    kind = models.CharField(_("kind"), max_length=10, choices=AccessKind.choices, default=AccessKind.VIEW)
    what = models.CharField(_("what"), max_length=60)
    object_label = models.CharField(_("of"), max_length=300, blank=True)
    path = models.CharField(_("address"), max_length=500, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("access record")
        verbose_name_plural = _("access log")
        ordering = ["-at"]
        permissions = [("read_access_log", _("Can read the access log"))]
        indexes = [
            models.Index(fields=["subject", "-at"], name="access_record_subject_idx"),
            models.Index(fields=["viewer", "-at"], name="access_record_viewer_idx"),
            models.Index(fields=["at"], name="access_record_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.what} · {self.at:%Y-%m-%d %H:%M}"
