"""Certificates in the Wagtail admin: the rules coordinators set, and the certificates issued.

Certificates are only ever created by the services, so their viewset has no add, edit, copy or
delete view: those URLs do not exist and no button points at them. A certificate is read on its
inspect page, which leads to revoking, reissuing and the PDF (certificates/admin_views.py).
"""

from __future__ import annotations

import datetime
import re

import django_filters
from django import forms
from django.contrib.admin.utils import quote
from django.db import IntegrityError, models
from django.db.models import Count, Min, Q
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton
from wagtail.log_actions import registry as log_registry

from certificates import codes
from certificates.admin_forms import CertificateRuleForm, SessionChoiceField
from certificates.models import (
    AttendanceRequirement,
    Certificate,
    CertificateRule,
    CertificateStatus,
    RevocationReason,
)
from certificates.services import REVOKED
from content.converters import ID
from enrollments.history import HistoryRow
from enrollments.models import TrainingSession
from enrollments.spreadsheets import BOM, local_moment, moment, moment_heading, safe_text

# --- Rules ---------------------------------------------------------------------------------------


def rule_target(rule: CertificateRule) -> str:
    """The course, or the session with its first day: titles alone would not tell sessions apart."""
    if rule.session_id is None:
        return gettext("Course: %(title)s") % {"title": rule.course.title}
    first_day = date_format(rule.session_first_day, "SHORT_DATE_FORMAT") if rule.session_first_day else "—"
    return gettext("Session: %(title)s, %(date)s") % {"title": rule.session.title, "date": first_day}


def attendance_summary(rule: CertificateRule) -> str:
    if rule.attendance == AttendanceRequirement.PERCENT:
        return gettext("At least %(percent)d %% of the days") % {"percent": rule.min_attendance_percent}
    return gettext("Every day")


class RuleIndexView(generic.IndexView):
    def get_base_queryset(self):
        return CertificateRule.objects.select_related("course", "session").annotate(
            quiz_count=Count("required_quizzes", distinct=True),
            module_count=Count("required_modules", distinct=True),
            session_first_day=Min("session__days__date"),
        )


class RuleDeleteView(generic.DeleteView):
    """Deleting a rule stops it issuing; certificates issued under it keep everything printed on them."""

    @property
    def confirmation_message(self):
        count = self.object.certificates.count()
        return ngettext(
            "Delete this rule? It will issue nothing more. The %(count)d certificate already issued under it "
            "stays as it is, valid unless revoked.",
            "Delete this rule? It will issue nothing more. The %(count)d certificates already issued under it "
            "stay as they are, valid unless revoked.",
            count,
        ) % {"count": count}


class SingleActiveRuleMixin:
    """The form checks that a course or session has one active rule of a kind; two coordinators saving such a
    rule at the same moment both pass that check, and the later save meets the database's constraint. That
    coordinator gets the form back with the same message, and nothing typed is lost, instead of a server error."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except IntegrityError:
            if not form.clashes_with_a_rule_saved_meanwhile():
                raise
            self.produced_error_code = "validation_error"  # as when the form's own check fails
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class RuleCreateView(SingleActiveRuleMixin, generic.CreateView):
    pass


class RuleEditView(SingleActiveRuleMixin, generic.EditView):
    pass


class CertificateRuleViewSet(ModelViewSet):
    model = CertificateRule
    name = "certificate_rules"
    pk_path_converter = ID
    url_prefix = "certificates/rules"
    icon = "tasks"
    menu_label = _("Rules")
    copy_view_enabled = False
    add_to_reference_index = False
    index_view_class = RuleIndexView
    add_view_class = RuleCreateView
    edit_view_class = RuleEditView
    delete_view_class = RuleDeleteView
    list_display = [
        "kind",
        Column("target", label=_("Applies to"), accessor=rule_target),
        Column("attendance", label=_("Attendance"), accessor=attendance_summary, sort_key="attendance"),
        Column("quiz_count", label=_("Quizzes"), sort_key="quiz_count"),
        Column("module_count", label=_("Modules"), sort_key="module_count"),
        BooleanColumn("active", label=_("Active"), sort_key="active"),
    ]
    list_filter = ["kind", "active"]
    ordering = "-created_at"
    edit_handler = ObjectList([
        MultiFieldPanel([FieldPanel("course"), FieldPanel("session")], heading=_("Applies to")),
        FieldPanel("kind"),
        MultiFieldPanel([FieldPanel("attendance", widget=forms.RadioSelect), FieldPanel("min_attendance_percent")],
                        heading=_("Attendance")),
        FieldPanel("required_quizzes"),
        FieldPanel("required_modules"),
        FieldPanel("validity_months"),
        FieldPanel("active"),
    ], base_form_class=CertificateRuleForm)


# --- Certificates --------------------------------------------------------------------------------

_TYPOS = str.maketrans("OIL", "011")  # as codes.normalise_code reads them
_NOT_CODE = re.compile(rf"[^{codes.ALPHABET}]")
SEARCH_FIELDS = ("holder_name", "holder_name_latin", "course_title", "course_title_en")
MIN_CODE_FRAGMENT = 5  # one printed group


def _case_variants(word: str) -> set[str]:
    # SQLite compares only ASCII letters without case; these spellings cover how Cyrillic names are typed.
    return {word, word.lower(), word.upper(), word.capitalize()}


def search_certificates(queryset, query: str):
    """Every word in a name (Cyrillic or Latin) or course title; or the code as typed, whole or one group of it."""
    words = Q()
    for word in query.split():
        words &= Q(*(Q(**{f"{field}__icontains": variant}) for field in SEARCH_FIELDS
                     for variant in _case_variants(word)), _connector=Q.OR)
    condition = words
    if code := codes.normalise_code(query):
        condition |= Q(code=code)
    else:
        fragment = "".join(query.split()).replace("-", "").upper().translate(_TYPOS)
        if len(fragment) >= MIN_CODE_FRAGMENT and not _NOT_CODE.search(fragment):
            condition |= Q(code__contains=fragment)
    return queryset.filter(condition)


def session_dates(certificate: Certificate) -> str:
    first = date_format(certificate.first_day, "SHORT_DATE_FORMAT")
    if certificate.last_day == certificate.first_day:
        return first
    return f"{first} – {date_format(certificate.last_day, 'SHORT_DATE_FORMAT')}"


def sessions_for_filter(request):
    return TrainingSession.objects.annotate(first_day=Min("days__date")).order_by("-first_day", "-pk")


class SessionFilter(django_filters.ModelChoiceFilter):
    field_class = SessionChoiceField


class CertificateFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CertificateStatus.choices,
                                         widget=forms.RadioSelect, empty_label=_("All"))
    session = SessionFilter(label=_("Session"), queryset=sessions_for_filter)
    issued_at = django_filters.DateFromToRangeFilter(label=_("Issued"), widget=DateRangePickerWidget)

    class Meta:
        model = Certificate
        fields = ["status", "kind", "session", "issued_at"]


MOMENT_FIELDS = frozenset(field.name for field in Certificate._meta.get_fields()
                          if isinstance(field, models.DateTimeField))


class CertificateIndexView(generic.IndexView):
    """The register of certificates; every column is a snapshot on the row, so the page needs no joins."""

    # Names come from people: a cell starting with = + - @ must reach a spreadsheet as text, not a formula.
    # (Wagtail's XLSX export already stores such cells as text; its CSV export does not.)
    # Moments in Kyiv time, as the pages show them (Wagtail writes UTC to Excel), under headings that say so.
    custom_value_preprocess = {
        **SpreadsheetExportMixin.custom_value_preprocess,
        datetime.datetime: {SpreadsheetExportMixin.FORMAT_CSV: moment,
                            SpreadsheetExportMixin.FORMAT_XLSX: local_moment},
        str: {SpreadsheetExportMixin.FORMAT_CSV: safe_text},
    }

    def get_heading(self, queryset, field):
        heading = super().get_heading(queryset, field)
        return moment_heading(heading) if field in MOMENT_FIELDS else heading

    def search_queryset(self, queryset):
        return search_certificates(queryset, self.search_query) if self.is_searching else queryset

    def stream_csv(self, queryset):
        yield BOM.encode()  # so Excel reads the file as UTF-8 and Cyrillic survives
        yield from super().stream_csv(queryset)

    # Certificates come only from the services: nothing to add, edit, copy or delete here.
    def get_add_url(self):
        return None

    def get_edit_url(self, instance):
        return None

    def get_copy_url(self, instance):
        return None

    def get_delete_url(self, instance):
        return None


def history_of(certificate: Certificate) -> list[HistoryRow]:
    """Who did what to the certificate and when, newest first, in one query."""
    entries = (log_registry.get_logs_for_instance(certificate).select_related("user")
               .order_by("-timestamp", "-pk"))
    rows = []
    for entry in entries:
        data = entry.data or {}
        if entry.action == REVOKED:
            reason = data.get("reason", "")
            label = RevocationReason(reason).label if reason in RevocationReason.values else reason
            details = ": ".join(str(part) for part in (label, data.get("note")) if part)
        else:
            details = data.get("holder_name", "")
            if data.get("replaces"):
                details += " · " + gettext("replaces %(code)s") % {"code": codes.format_code(data["replaces"])}
        who = entry.user_display_name if entry.user_id else gettext("Automatically")
        rows.append(HistoryRow(timestamp=entry.timestamp, who=who, action=entry.message, details=details))
    return rows


class CertificateInspectView(generic.InspectView):
    """Everything about one certificate: what is printed, its revocation, its chain of reissues, its history."""

    template_name = "certificates/admin/inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Certificate.objects.select_related("user", "enrollment", "session", "rule", "issued_by", "revoked_by",
                                               "replaces", "replaced_by"),
            pk=self.pk,
        )

    def get_page_subtitle(self):
        return f"{self.object.holder_name} · {self.object.display_code}"

    def get_code_display_value(self):
        return self.object.display_code

    def get_signatories_display_value(self):
        return "; ".join(f"{person.get('name', '')} ({person.get('role', '')})" for person in self.object.signatories
                         ) or "—"

    def get_issued_by_display_value(self):
        issued_by = self.object.issued_by
        return (issued_by.get_full_name() or issued_by.email) if issued_by else gettext("Automatically")

    def get_expires_on_display_value(self):
        expires_on = self.object.expires_on
        return date_format(expires_on, "DATE_FORMAT") if expires_on else gettext("Does not expire")

    def get_user_display_value(self):
        user = self.object.user
        return f"{user.get_full_name() or user.username} <{user.email}>"

    def get_enrollment_display_value(self):
        return self.object.enrollment.get_status_display()

    def get_rule_display_value(self):
        return str(self.object.rule) if self.object.rule else gettext("Deleted since")

    @cached_property
    def can_change(self) -> bool:
        return self.request.user.has_perm("certificates.change_certificate")

    @cached_property
    def header_buttons(self):
        pk = quote(self.object.pk)
        buttons = [HeaderButton(_("Download PDF"), url=reverse("certificates_admin:pdf", args=[pk]),
                                icon_name="download", priority=10)]
        if self.can_change and not self.object.is_revoked:
            buttons += [
                HeaderButton(_("Reissue with a corrected name"), url=reverse("certificates_admin:reissue", args=[pk]),
                             icon_name="edit", priority=20),
                HeaderButton(_("Revoke"), url=reverse("certificates_admin:revoke", args=[pk]), icon_name="cross",
                             priority=30),
            ]
        return buttons

    @cached_property
    def header_more_buttons(self):
        return []

    def get_context_data(self, **kwargs):
        certificate = self.object
        replaced_by = getattr(certificate, "replaced_by", None)  # the reverse side raises when there is none
        return super().get_context_data(
            certificate=certificate, replaced_by=replaced_by, history=history_of(certificate),
            session_url=reverse("sessions:edit", args=[certificate.session_id]),
            **kwargs,
        )


class InspectURLFinder(ModelAdminURLFinder):
    """History reports link a certificate to its inspect page: it has no edit page."""

    def construct_edit_url(self, instance):
        return reverse("certificates:inspect", args=[quote(instance.pk)])


class CertificateViewSet(ModelViewSet):
    model = Certificate
    name = "certificates"
    pk_path_converter = ID
    icon = "doc-full"
    menu_label = _("Certificates")
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    url_finder_class = InspectURLFinder
    index_view_class = CertificateIndexView
    inspect_view_class = CertificateInspectView
    # What is printed, then where it comes from; the revocation and the reissues have their own sections.
    inspect_view_fields = ["code", "status", "kind", "holder_name", "holder_name_latin", "course_title",
                           "course_title_en", "first_day", "last_day", "city", "hours", "issuer", "issuer_en",
                           "signatories", "issued_at", "issued_by", "expires_on", "user", "enrollment", "session",
                           "rule"]
    list_display = [
        "holder_name",
        "holder_name_latin",
        "course_title",
        Column("dates", label=_("Session dates"), accessor=session_dates, sort_key="first_day"),
        "kind",
        Column("display_code", label=_("Code")),
        DateColumn("issued_at", label=_("Issued"), sort_key="issued_at"),
        StatusTagColumn("status", accessor="get_status_display", label=_("Status"), sort_key="status",
                        primary=lambda certificate: not certificate.is_revoked),
    ]
    filterset_class = CertificateFilterSet
    search_fields = list(SEARCH_FIELDS)  # shows the search box; CertificateIndexView does the searching
    search_backend_name = None
    ordering = "-issued_at"
    list_per_page = 50
    list_export = ["holder_name", "holder_name_latin", "course_title", "course_title_en", "first_day", "last_day",
                   "city", "hours", "get_kind_display", "display_code", "issued_at", "expires_on",
                   "get_status_display", "revoked_at", "get_revocation_reason_display", "revocation_note"]
    export_headings = {"get_kind_display": _("Kind"), "display_code": _("Verification code"),
                       "get_status_display": _("Status"), "get_revocation_reason_display": _("Reason for revocation")}
    export_filename = "certificates"

    def get_urlpatterns(self):
        # Not super(): building the add and edit views would ask for a form, and there is none.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path(f"inspect/<{ID}:pk>/", self.inspect_view, name="inspect"),
        ]

    def get_common_view_kwargs(self, **kwargs):
        # No view may link to (or reverse) the pages that do not exist.
        return super().get_common_view_kwargs(
            **{"add_url_name": None, "edit_url_name": None, "delete_url_name": None, "history_url_name": None,
               "usage_url_name": None, **kwargs})

    def get_permissions_to_register(self):
        """Only view and change (revoke, reissue) can be granted: certificates are never added or deleted by hand."""
        return super().get_permissions_to_register().filter(codename__in=["view_certificate", "change_certificate"])


rule_viewset = CertificateRuleViewSet()
certificate_viewset = CertificateViewSet()


class CertificatesMenu(ViewSetGroup):
    """"Certificates" in the admin menu, next to "Training sessions"."""

    menu_label = _("Certificates")
    menu_icon = "doc-full"
    menu_order = 260
    items = (certificate_viewset, rule_viewset)
    submenu_hook = "register_certificates_menu_item"


def inspect_url(certificate: Certificate) -> str:
    return reverse("certificates:inspect", args=[quote(certificate.pk)])
