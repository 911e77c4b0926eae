"""Admin wiring for training sessions: the sessions viewset, the per-session coordinator pages."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from enrollments import admin_views
from enrollments.imports.services import IMPORT_LOG_ACTION
from enrollments.services import REMINDERS_LOG_ACTION
from enrollments.viewsets import session_viewset


@hooks.register("register_admin_viewset")
def register_session_viewset():
    return session_viewset


@hooks.register("register_admin_urls")
def register_session_admin_urls():
    return [path("", include((admin_views.urlpatterns, admin_views.app_name), namespace=admin_views.app_name))]


@hooks.register("register_log_actions")
def register_import_log_action(actions):
    actions.register_action(IMPORT_LOG_ACTION, _("Import participants"), _("Participants imported"))


@hooks.register("register_log_actions")
def register_reminders_log_action(actions):
    """The reminder command records each run in the session's history: that record keeps it from sending twice."""
    actions.register_action(REMINDERS_LOG_ACTION, _("Send reminders"), _("Reminders sent for the first day"))
