from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from certificates.receivers import award_after_progress, erase_holder_after_erasure
        from enrollments.signals import person_erased, progress_recorded

        progress_recorded.connect(award_after_progress, dispatch_uid="certificates.award_after_progress")
        person_erased.connect(erase_holder_after_erasure, dispatch_uid="certificates.erase_holder_after_erasure")
