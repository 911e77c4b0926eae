from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running the site: a fresh site's skeleton, health and readiness, logs, page cache, scheduled jobs."""

    name = "lms.operations"
    label = "operations"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from lms.operations import receivers  # noqa: F401
