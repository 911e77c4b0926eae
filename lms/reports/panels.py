"""The admin dashboard's panel of programme counts: this year's programme report in four figures, taken from
`programme_report` itself so the dashboard and the report cannot disagree."""

from datetime import date

from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from lms.reports import presentation
from lms.reports.selectors import Filters, programme_report


class ProgrammePanel(Component):
    name = "programme"
    order = 60
    template_name = "reports/admin/programme_panel.html"

    def get_context_data(self, parent_context=None):
        today = timezone.localdate()
        filters = Filters(start=date(today.year, 1, 1), end=date(today.year, 12, 31))
        report = programme_report(filters, today=today)
        total = report.total
        return {
            "year": today.year,
            "reached": presentation.count(total.reached),
            "sessions_held": presentation.count(report.sessions_held),
            "certified": presentation.count(total.certified),
            "attendance_rate": presentation.percent(total.attendance_rate),
            "url": reverse("reports_admin:programme") + f"?start={filters.start}&end={filters.end}",
        }
