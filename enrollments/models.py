"""What happened to people: their profile for reporting and their progress through modules."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.choices import AgeBand, DisabilityStatus, DisplacementStatus, Oblast, Profession, Sex


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

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="module_completions")
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
