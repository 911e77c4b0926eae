"""The access log in the admin (Reports → Access log): who viewed or exported whose records, newest first.

Registered under /admin/privacy/access-log/ by `enrollments/wagtail_hooks.py`, so Wagtail's admin access check
runs first; the list then needs `enrollments.read_access_log` (coordinators). Read-only: nothing here changes a
record. Filters: whose records (a whole email address, or part of a name), by whom (the same), what, view or
export, and dates.
"""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.urls import path, reverse, reverse_lazy
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import BaseListingView

from enrollments.privacy.access import AccessWhat, what_label
from enrollments.privacy.models import AccessKind, AccessRecord
from enrollments.selectors import display_name

READ_PERMISSION = "enrollments.read_access_log"
PER_PAGE = 50

app_name = "access_log_admin"


def may_read_access_log(user) -> bool:
    return user.has_perm(READ_PERMISSION)


def person_filter(prefix: str, value: str) -> Q:
    """A whole email address finds exactly that account; other text finds the name, in the profile or the account."""
    value = value.strip()
    if "@" in value:
        return Q(**{f"{prefix}__email__iexact": value})
    return (Q(**{f"{prefix}__profile__full_name__icontains": value})
            | Q(**{f"{prefix}__first_name__icontains": value}) | Q(**{f"{prefix}__last_name__icontains": value}))


def access_log_url(user) -> str:
    """The log filtered to one person's records: "who looked at this person"."""
    return f"{reverse('access_log_admin:access_log')}?{urlencode({'person': user.email})}"


class AccessLogFilterSet(WagtailFilterSet):
    person = django_filters.CharFilter(label=_("Whose records"), method="filter_person",
                                       help_text=_("A whole email address, or part of a name."))
    viewer = django_filters.CharFilter(label=_("By"), method="filter_viewer",
                                       help_text=_("A whole email address, or part of a name."))
    what = django_filters.ChoiceFilter(label=_("What"), choices=AccessWhat.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=AccessKind.choices)
    at = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)

    class Meta:
        model = AccessRecord
        fields: list[str] = []

    def filter_person(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(person_filter("subject", value)) if value.strip() else queryset

    def filter_viewer(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(person_filter("viewer", value)) if value.strip() else queryset


def _moment(record: AccessRecord) -> str:
    return date_format(timezone.localtime(record.at), "DATETIME_FORMAT")


def _viewer(record: AccessRecord) -> str:
    return display_name(record.viewer) if record.viewer else "—"


def _subject(record: AccessRecord) -> str:
    return f"{display_name(record.subject)} <{record.subject.email}>"


class AccessLogView(BaseListingView):
    """Every access record, 50 to a page, filtered; two queries a page (the count and the rows with both people)."""

    page_title = _("Access log")
    header_icon = "view"
    paginate_by = PER_PAGE
    filterset_class = AccessLogFilterSet
    index_url_name = "access_log_admin:access_log"
    index_results_url_name = "access_log_admin:access_log_results"
    default_ordering = "-at"
    verbose_name_plural = _("access records")
    columns = [
        Column("at", label=_("When"), accessor=_moment, sort_key="at"),
        Column("viewer", label=_("By"), accessor=_viewer),
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        Column("what", label=_("What"), accessor=lambda record: what_label(record.what)),
        Column("object_label", label=_("Of")),
        Column("subject", label=_("Whose records"), accessor=_subject),
        Column("path", label=_("Address")),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not may_read_access_log(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self) -> QuerySet[AccessRecord]:
        return AccessRecord.objects.select_related("viewer__profile", "subject__profile")

    def order_queryset(self, queryset: QuerySet) -> QuerySet:
        return super().order_queryset(queryset).order_by(self.ordering, "-pk")


urlpatterns = [
    path("privacy/access-log/", AccessLogView.as_view(), name="access_log"),
    path("privacy/access-log/results/", AccessLogView.as_view(results_only=True), name="access_log_results"),
]


class AccessLogMenuItem(MenuItem):
    """Reports → Access log: for those who may read it."""

    def __init__(self):
        super().__init__(_("Access log"), reverse_lazy("access_log_admin:access_log"), name="access-log",
                         icon_name="view", order=60)

    def is_shown(self, request) -> bool:
        return may_read_access_log(request.user)
