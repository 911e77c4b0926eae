"""The reports area in the admin: Reports → Programme report, and projects with their targets under it."""

from django import forms
from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet

from content.converters import ID
from lms.reports.models import Project
from lms.reports.permissions import report_reach


@hooks.register("register_admin_urls")
def register_report_urls():
    from lms.reports import admin_views

    return [path("reports/", include((admin_views.urlpatterns, admin_views.app_name),
                                     namespace=admin_views.app_name))]


class ProgrammeReportMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return report_reach(request.user).allowed


@hooks.register("register_reports_menu_item")
def register_programme_report_menu_item():
    return ProgrammeReportMenuItem(_("Programme report"), reverse_lazy("reports_admin:programme"),
                                   name="programme-report", icon_name="table", order=10)


class ProjectViewSet(ModelViewSet):
    model = Project
    pk_path_converter = ID
    icon = "folder-open-inverse"
    menu_label = _("Projects")
    menu_order = 11
    menu_hook = "register_reports_menu_item"
    list_display = ["code", "name", "donor", "starts_on", "ends_on"]
    search_fields = ["code", "name", "donor"]
    ordering = ["-starts_on"]
    edit_handler = ObjectList([
        MultiFieldPanel([FieldPanel("name"), FieldRowPanel([FieldPanel("donor"), FieldPanel("code")]),
                         FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")])], heading=_("Project")),
        FieldPanel("sessions", widget=forms.SelectMultiple(attrs={"size": 12}),
                   help_text=_("The training sessions this project pays for (hold Ctrl to choose several).")),
        FieldPanel("calls", widget=forms.CheckboxSelectMultiple),
        InlinePanel("targets", heading=_("Targets"), label=_("Target"),
                    panels=[FieldPanel("indicator"), FieldPanel("value"), FieldPanel("profession")]),
    ])


@hooks.register("register_admin_viewset")
def register_project_viewset():
    return ProjectViewSet("projects")


@hooks.register("construct_homepage_panels")
def add_programme_panel(request, panels):
    """The dashboard's counts for people who open reports: the programme report's own figures for this year."""
    from lms.reports.panels import ProgrammePanel

    if request.user.has_perm("reports.view_report"):
        panels.append(ProgrammePanel())


class DownloadLogMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        from enrollments.permissions import is_coordinator

        return request.user.has_perm("reports.view_report") and is_coordinator(request.user)


@hooks.register("register_reports_menu_item")
def register_download_log_menu_item():
    return DownloadLogMenuItem(_("Report downloads"), reverse_lazy("reports_admin:downloads"), name="report-downloads",
                               icon_name="list-ul", order=12)


@hooks.register("personal_data_sections")
def report_facts_in_personal_data(user):
    """What the reports keep about the person, in their data download (lms/reports/personal_data.py)."""
    from lms.reports.personal_data import report_facts_of

    return {"name": "report_facts", "template": "reports/personal_data.html", "data": report_facts_of(user=user)}
