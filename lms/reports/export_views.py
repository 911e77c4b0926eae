"""The reports' files: the programme report as CSV or XLSX, the pseudonymised participant export (small ones at
once, large ones written in the background with a page showing their progress), and the log of every download.

Mounted with the report's own views (admin_views.urlpatterns), so Wagtail's admin access check runs first. The
report's file follows the page's rules (ReportMixin: a trainer gets their own sessions); the participant export
needs `reports.export_participants` (permissions.may_export_participants); the download log is for coordinators.
"""

from __future__ import annotations

import os

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, re_path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

import content.converters  # noqa: F401 - registers the <id:…> path converter
from enrollments.permissions import is_coordinator
from enrollments.privacy.access import AccessKind, AccessWhat, record_access
from enrollments.spreadsheets import download
from lms.reports import exports, facts, tasks
from lms.reports.admin_views import ReportMixin, TitledPage
from lms.reports.forms import ReportFilterForm
from lms.reports.models import DownloadLog, ExportJob, ExportStatus
from lms.reports.permissions import may_export_participants
from lms.reports.selectors import Filters, places_in

REFRESH_SECONDS = 3
LOG_SHOWN = 500
REPORT, PARTICIPANTS = "report", "participants"


class ReportDownloadView(ReportMixin, View):
    """The report as a file: the page's cells under a header block."""

    def get(self, request, fmt: str):
        report = self.report_context(pictures=False)["report"]
        header, rows = exports.report_rows(report, by_user=request.user)
        DownloadLog.objects.create(user=request.user, what=REPORT, filters=report.filters.described(), rows=len(rows))
        return download(file_format=fmt, filename=exports.report_filename(report.filters), title=_("Programme report"),
                        header=header, rows=rows)


def _record_export(request, filters: Filters) -> None:
    """The pseudonymised export names nobody, but it is still these people's records: the access log says so."""
    record_access(viewer=request.user, subjects=places_in(filters).order_by().values_list("user_id", flat=True)
                  .distinct(), kind=AccessKind.EXPORT, what=AccessWhat.PARTICIPANT_EXPORT,
                  object_label=" · ".join([exports.project_line(filters), exports.period_line(filters),
                                            exports.filters_line(filters)]), path=request.path)


class ParticipantExportMixin:
    def dispatch(self, request, *args, **kwargs):
        if not may_export_participants(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ParticipantExportView(ParticipantExportMixin, View):
    """One row per place: streamed at once when small. A large one asks first (GET) and is queued by the POST
    that answers (an unfinished one for the same filters is reused, not doubled), then followed on its own page."""

    def get(self, request, fmt: str):
        filters = ReportFilterForm(request.GET or None).filters()
        facts.refresh_stale()
        total = places_in(filters).count()
        if total >= exports.BACKGROUND_FROM:
            return TemplateResponse(request, "reports/admin/export_confirm.html", {
                "total": total, "file_format": fmt, "filters": filters.described(), "query": request.GET.urlencode(),
                "page_title": _("Participant export"), "header_title": _("Participant export"),
                "breadcrumbs_items": [{"url": reverse("wagtailadmin_home"), "label": _("Home")},
                                      {"url": "", "label": _("Participant export")}]})
        header, rows = exports.participant_rows(filters)
        DownloadLog.objects.create(user=request.user, what=PARTICIPANTS, filters=filters.described(), rows=total)
        _record_export(request, filters)
        return download(file_format=fmt, filename=exports.participant_filename(), title=_("Participants"),
                        header=header, rows=rows)

    def post(self, request, fmt: str):
        filters = ReportFilterForm(request.GET or None).filters()
        query = request.GET.dict()
        export = ExportJob.objects.filter(requested_by=request.user, file_format=fmt, query=query,
                                          status__in=(ExportStatus.QUEUED, ExportStatus.RUNNING)).first()
        export = export or tasks.start_participant_export(by=request.user, query=query, file_format=fmt,
                                                          described=filters.described(),
                                                          total=places_in(filters).count())
        return redirect("reports_admin:export", export.pk)


class ExportJobView(ParticipantExportMixin, TitledPage, WagtailAdminTemplateMixin, TemplateView):
    """A background export's progress; the page reloads itself until the file is written, then offers it."""

    template_name = "reports/admin/export.html"
    page_title = gettext_lazy("Participant export")
    header_icon = "download"

    def get_context_data(self, **kwargs):
        export = get_object_or_404(ExportJob.objects.select_related("requested_by"), pk=self.kwargs["pk"])
        return super().get_context_data(export=export,
                                        refresh_seconds=None if export.is_finished else REFRESH_SECONDS, **kwargs)


class ExportFileView(ParticipantExportMixin, View):
    """A background export's file, from private storage; each download logged."""

    def get(self, request, pk: int):
        export = get_object_or_404(ExportJob, pk=pk, status=ExportStatus.DONE)
        if not export.file:
            raise Http404
        try:  # through the storage, local disk or a private bucket alike: never a path on this machine
            handle = export.file.storage.open(export.file.name, "rb")
        except FileNotFoundError as missing:
            raise Http404 from missing
        DownloadLog.objects.create(user=request.user, what=PARTICIPANTS, filters=export.filters, rows=export.total)
        _record_export(request, ReportFilterForm(export.query or None).filters())
        response = FileResponse(handle, as_attachment=True, filename=os.path.basename(export.file.name))
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class DownloadLogView(TitledPage, WagtailAdminTemplateMixin, TemplateView):
    """Who downloaded which report or export, with which filters: the latest first."""

    template_name = "reports/admin/downloads.html"
    page_title = gettext_lazy("Report downloads")
    header_icon = "list-ul"

    def dispatch(self, request, *args, **kwargs):
        if not (request.user.has_perm("reports.view_report") and is_coordinator(request.user)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        logs = DownloadLog.objects.select_related("user").order_by("-at", "-pk")[:LOG_SHOWN]
        return super().get_context_data(logs=logs, shown=LOG_SHOWN, **kwargs)


FORMAT = r"(?P<fmt>csv|xlsx)"
urlpatterns = [
    re_path(rf"^download/{FORMAT}/$", ReportDownloadView.as_view(), name="download"),
    re_path(rf"^participants/{FORMAT}/$", ParticipantExportView.as_view(), name="participants"),
    path("participants/exports/<id:pk>/", ExportJobView.as_view(), name="export"),
    path("participants/exports/<id:pk>/file/", ExportFileView.as_view(), name="export_file"),
    path("downloads/", DownloadLogView.as_view(), name="downloads"),
]
