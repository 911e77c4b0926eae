"""The reports area in the Wagtail admin: the programme report for a period and filters, its printable annex.

Registered under /admin/reports/ by lms/reports/wagtail_hooks.py, so Wagtail's admin access check runs first; each
view then asks lms/reports/permissions.py who may see what (a trainer: their own sessions' figures only).
"""

from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lms.reports import facts, presentation
from lms.reports.definitions import FOOTNOTES
from lms.reports.forms import ReportFilterForm
from lms.reports.permissions import may_export_participants, report_reach
from lms.reports.selectors import programme_report

app_name = "reports_admin"


class TitledPage:
    """The admin's header names the page, not "Home": its breadcrumbs end with the page's own title."""

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


class ReportMixin:
    """The reader's reach, the filters they asked for and the report for them."""

    def dispatch(self, request, *args, **kwargs):
        self.reach = report_reach(request.user)
        if not self.reach.allowed:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def report_context(self, *, pictures: bool = True) -> dict:
        form = ReportFilterForm(self.request.GET or None, trainer_id=self.reach.trainer_id)
        facts.refresh_stale()  # what a day passing changed since the nightly refresh: one query when nothing did
        report = programme_report(form.filters())
        drawn = {
            "attendance": presentation.attendance_chart(report) if report.days else None,
            "gain": presentation.gain_chart(report) if report.courses else None,
            "targets": presentation.targets_chart(report) if report.targets else None,
            "oblasts": presentation.oblast_chart(report),
        } if pictures else {}
        tables = presentation.tables(report)
        return {
            "form": form, "report": report, "tables": tables, "footnotes": FOOTNOTES,
            # each picture beside the table of its numbers
            "sections": [(table, drawn.get(table.picture)) for table in tables],
            "query": self.request.GET.urlencode(), "own_sessions_only": self.reach.trainer_id is not None,
            "may_export_participants": may_export_participants(self.request.user),
        }


class ProgrammeReportView(ReportMixin, TitledPage, WagtailAdminTemplateMixin, TemplateView):
    template_name = "reports/admin/report.html"
    page_title = gettext_lazy("Programme report")
    header_icon = "table"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **self.report_context()}


class PrintableReportView(ReportMixin, TemplateView):
    """The same report on plain A4 pages, for a donor's annex: the admin's menus left out."""

    template_name = "reports/admin/printable.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **self.report_context()}


urlpatterns = [
    path("", ProgrammeReportView.as_view(), name="programme"),
    path("print/", PrintableReportView.as_view(), name="printable"),
]

from lms.reports import export_views  # noqa: E402  (its views build on ReportMixin above)

urlpatterns += export_views.urlpatterns
