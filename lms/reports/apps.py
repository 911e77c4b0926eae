from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Projects and their targets, the report facts kept in step with the records, and the reports area."""

    name = "lms.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from lms.reports import erasure_receivers, receivers  # noqa: F401
