"""Coordinators' admin page of background work that failed for good (Reports → Failed emails and tasks), with
"Try again" on each.

Registered under /admin/background/ by `enrollments/wagtail_hooks.py`, so Wagtail's admin access check runs
first; each view then lets only coordinators and superusers in.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin.auth import user_passes_test
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

import content.converters  # noqa: F401 - registers the <id:…> path converter
from enrollments.background import selectors, services
from enrollments.background.models import BackgroundJob, JobStatus
from enrollments.permissions import is_coordinator

app_name = "background_admin"

coordinators_only = method_decorator(user_passes_test(is_coordinator), name="dispatch")


@coordinators_only
class FailedWorkView(WagtailAdminTemplateMixin, TemplateView):
    """Emails and tasks that failed after their last try: what, to whom, why, when, how many tries."""

    template_name = "enrollments/background/admin/failed.html"
    page_title = gettext_lazy("Failed emails and tasks")
    header_icon = "warning"

    def get_breadcrumbs_items(self):  # the header names the page, not "Home"
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(failures=selectors.failed_work(), **kwargs)


@coordinators_only
class TryAgainView(View):
    """POST: one more try of a failed job now; the outcome is reported on the list."""

    http_method_names = ["post"]

    def post(self, request, pk: int):
        job = get_object_or_404(BackgroundJob, pk=pk)
        if not services.try_again(job_id=job.pk, by=request.user):
            messages.warning(request, _("This has not failed, or was tried again already."))
            return redirect("background_admin:failed")
        job.refresh_from_db()
        what, _to_whom = selectors.describe(job)
        if job.status == JobStatus.DONE:
            messages.success(request, _("Tried again and done: “%(what)s”.") % {"what": what})
        elif job.status == JobStatus.FAILED:
            messages.error(request, _("Tried again and failed again: “%(what)s” (%(error)s).")
                           % {"what": what, "error": job.last_error})
        else:
            messages.success(request, _("“%(what)s” will be tried again in a moment.") % {"what": what})
        return redirect("background_admin:failed")


urlpatterns = [
    path("background/failed/", FailedWorkView.as_view(), name="failed"),
    path("background/failed/<id:pk>/try-again/", TryAgainView.as_view(), name="try_again"),
]
