"""Coordinators' admin pages for one session: the roster with its actions, cancelling, importing people.

Registered under /admin/sessions/<id>/ by `wagtail_hooks.py`, so Wagtail's admin access check runs
first; each view then requires the coordinator's permission to manage enrollments.
"""

import secrets

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView, View
from wagtail.admin.auth import permission_required
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

import content.converters  # noqa: F401 - registers the <id:…> path converter
from enrollments import selectors, services
from enrollments.capacity import seats_left
from enrollments.forms import BulkApproveForm, ConfirmImportForm, ParticipantImportForm, RosterActionForm
from enrollments.imports.parsing import MAX_ROWS, ParticipantRow
from enrollments.imports.planning import ImportPlan, plan_import
from enrollments.imports.selectors import accounts_by_email, statuses_by_email
from enrollments.imports.services import ImportRejected, import_participants
from enrollments.models import Enrollment, EnrollmentStatus, SessionStatus, TrainingSession
from enrollments.privacy.access import AccessWhat, record_access
from enrollments.selectors import display_name

MANAGE_PERMISSION = "enrollments.change_enrollment"
IMPORT_SESSION_KEY = "enrollments:import:%s"

app_name = "enrollments_admin"

coordinators_only = method_decorator(permission_required(MANAGE_PERMISSION), name="dispatch")


class SessionAdminMixin:
    """Loads the session (404 for an unknown id) and sets the admin breadcrumbs and header."""

    header_icon = "date"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.session = get_object_or_404(TrainingSession.objects.select_related("course"), pk=kwargs["pk"])

    def get_page_subtitle(self):
        return self.session.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("sessions:index"), "label": _("Training sessions")},
            {"url": reverse("sessions:edit", args=[self.session.pk]), "label": self.session.title},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(session=self.session, **kwargs)

    def roster_redirect(self) -> HttpResponse:
        return redirect("enrollments_admin:session_roster", pk=self.session.pk)


class SessionPage(SessionAdminMixin, WagtailAdminTemplateMixin, TemplateView):
    """An admin page about one session."""


# --- Roster --------------------------------------------------------------------------------------

@coordinators_only
class RosterView(SessionPage):
    """Everyone on the session by status, with what a coordinator can do for each."""

    template_name = "enrollments/admin/roster.html"
    page_title = gettext_lazy("Roster")

    def get_context_data(self, **kwargs):
        groups = selectors.admin_roster(session=self.session)
        record_access(viewer=self.request.user, what=AccessWhat.SESSION_ROSTER, object_label=self.session.title,
                      subjects=[row.enrollment.user_id for group in groups for row in group.rows],
                      path=self.request.path)
        counts = {group.status: len(group.rows) for group in groups}
        enrolled = counts.get(EnrollmentStatus.ENROLLED, 0)
        is_cancelled = self.session.status == SessionStatus.CANCELLED
        return super().get_context_data(
            groups=[(group, [(row, [] if is_cancelled else RosterActionForm.actions_for(row.enrollment.status))
                             for row in group.rows]) for group in groups],
            counts=counts,
            enrolled=enrolled,
            seats_left=seats_left(capacity=self.session.capacity, enrolled=enrolled),
            is_cancelled=is_cancelled,
            **kwargs,
        )


ROSTER_ACTIONS = {
    RosterActionForm.APPROVE: services.approve_enrollment,
    RosterActionForm.DECLINE: services.decline_enrollment,
    RosterActionForm.ENROLL: services.move_to_enrolled,
    RosterActionForm.WAITLIST: services.move_to_waitlist,
    RosterActionForm.CANCEL: services.cancel_enrollment,
}


@coordinators_only
class RosterActionView(SessionAdminMixin, View):
    """One action on one person (POST); the outcome or the refusal is shown on the roster."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int, enrollment_id: int) -> HttpResponse:
        enrollment = get_object_or_404(Enrollment.objects.select_related("user__profile"), pk=enrollment_id,
                                       session=self.session)
        if self.session.status == SessionStatus.CANCELLED:
            messages.error(request, _("This session is cancelled: its roster can no longer change."))
            return self.roster_redirect()
        form = RosterActionForm(request.POST, enrollment=enrollment)
        if not form.is_valid():
            messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
            return self.roster_redirect()
        try:
            enrollment = ROSTER_ACTIONS[form.cleaned_data["action"]](enrollment=enrollment)
        except services.OverCapacity as refusal:
            messages.error(request, str(refusal))
            return self.roster_redirect()
        messages.success(request, _("%(name)s: %(status)s.") % {
            "name": display_name(enrollment.user), "status": enrollment.get_status_display(),
        })
        return self.roster_redirect()


@coordinators_only
class BulkApproveView(SessionAdminMixin, View):
    """Approve the ticked requests, the earliest first: seats while they last, then the waiting list."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if self.session.status == SessionStatus.CANCELLED:
            messages.error(request, _("This session is cancelled: its roster can no longer change."))
            return self.roster_redirect()
        form = BulkApproveForm(request.POST, session=self.session)
        if not form.is_valid():
            messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
            return self.roster_redirect()
        approved = services.approve_enrollments(
            session=self.session, enrollment_ids=[enrollment.pk for enrollment in form.cleaned_data["enrollments"]])
        enrolled = sum(1 for enrollment in approved if enrollment.status == EnrollmentStatus.ENROLLED)
        waitlisted = len(approved) - enrolled
        message = ngettext("%(count)d request approved and enrolled.", "%(count)d requests approved and enrolled.",
                           enrolled) % {"count": enrolled}
        if waitlisted:
            message += " " + ngettext(
                "No seat was left for %(count)d person, who is now on the waiting list.",
                "No seat was left for %(count)d people, who are now on the waiting list.",
                waitlisted) % {"count": waitlisted}
        messages.success(request, message)
        return self.roster_redirect()


@coordinators_only
class CancelSessionView(SessionPage):
    """Confirm, then cancel the whole session: everyone enrolled, waiting or awaiting approval is emailed (the
    emails are queued: the message says they will be sent, not that they were)."""

    template_name = "enrollments/admin/cancel_session.html"
    page_title = gettext_lazy("Cancel this session")

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if self.session.status == SessionStatus.CANCELLED:
            messages.info(request, _("This session is already cancelled."))
            return self.roster_redirect()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        active = self.session.enrollments.filter(status__in=EnrollmentStatus.active()).count()
        return super().get_context_data(people_to_tell=active, **kwargs)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if self.session.status == SessionStatus.CANCELLED:
            messages.info(request, _("This session is already cancelled."))
            return self.roster_redirect()
        told = self.session.enrollments.filter(status__in=EnrollmentStatus.active()).count()
        services.cancel_session(session=self.session)
        messages.success(request, ngettext(
            "The session is cancelled. %(count)d person will be emailed.",
            "The session is cancelled. %(count)d people will be emailed.", told) % {"count": told})
        return self.roster_redirect()


# --- Import --------------------------------------------------------------------------------------

@coordinators_only
class ImportView(SessionPage):
    """Step 1: upload a list and see, row by row, what importing it would do. Nothing is saved.

    The checked rows wait in the coordinator's own (server-side) session under a random token; the
    confirmation posts only the token back, so what is imported is exactly what was previewed.
    """

    template_name = "enrollments/admin/import.html"
    page_title = gettext_lazy("Import participants")

    def dispatch(self, request, *args, **kwargs):
        if self.session.status == SessionStatus.CANCELLED:
            messages.error(request, _("This session is cancelled: nobody can be imported into it."))
            return self.roster_redirect()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", ParticipantImportForm())
        return super().get_context_data(
            max_rows=MAX_ROWS, seats_left=seats_left(
                capacity=self.session.capacity, enrolled=selectors.enrolled_count(session=self.session)),
            **kwargs)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = ParticipantImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        plan = _plan(self.session, form.rows)
        token = secrets.token_urlsafe(16)
        if plan.is_valid:
            request.session[IMPORT_SESSION_KEY % self.session.pk] = {
                "token": token, "rows": [row.to_dict() for row in form.rows],
            }
        else:
            request.session.pop(IMPORT_SESSION_KEY % self.session.pk, None)
        return self.render_to_response(self.get_context_data(
            form=ParticipantImportForm(), plan=plan, filename=form.cleaned_data["file"].name,
            confirm_form=ConfirmImportForm(initial={"token": token}) if plan.is_valid else None,
        ))


def _plan(session: TrainingSession, rows: list[ParticipantRow]) -> ImportPlan:
    accounts = accounts_by_email(emails=[row.email for row in rows if row.email])
    return plan_import(
        rows=rows, existing_emails=set(accounts),
        statuses_by_email=statuses_by_email(session=session, users=accounts),
        seats_left=seats_left(capacity=session.capacity, enrolled=selectors.enrolled_count(session=session)),
    )


@coordinators_only
class ConfirmImportView(SessionPage):
    """Step 2: import the previewed rows in one transaction and show what was done."""

    template_name = "enrollments/admin/import_done.html"
    page_title = gettext_lazy("Participants imported")
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        key = IMPORT_SESSION_KEY % self.session.pk
        stored = request.session.get(key)
        form = ConfirmImportForm(request.POST)
        if (self.session.status == SessionStatus.CANCELLED or stored is None or not form.is_valid()
                or not secrets.compare_digest(form.cleaned_data["token"], stored["token"])):
            messages.error(request, _("This preview is no longer available. Upload the file again."))
            return redirect("enrollments_admin:session_import", pk=self.session.pk)
        rows = [ParticipantRow.from_dict(data) for data in stored["rows"]]
        try:
            plan = import_participants(session=self.session, rows=rows, by=request.user)
        except ImportRejected as rejection:
            messages.error(request, str(rejection))
            return redirect("enrollments_admin:session_import", pk=self.session.pk)
        del request.session[key]
        return self.render_to_response(self.get_context_data(plan=plan))


urlpatterns = [
    path("sessions/<id:pk>/roster/", RosterView.as_view(), name="session_roster"),
    path("sessions/<id:pk>/roster/approve/", BulkApproveView.as_view(), name="session_bulk_approve"),
    path("sessions/<id:pk>/roster/<id:enrollment_id>/", RosterActionView.as_view(), name="roster_action"),
    path("sessions/<id:pk>/cancel/", CancelSessionView.as_view(), name="session_cancel"),
    path("sessions/<id:pk>/import/", ImportView.as_view(), name="session_import"),
    path("sessions/<id:pk>/import/confirm/", ConfirmImportView.as_view(), name="session_import_confirm"),
]
