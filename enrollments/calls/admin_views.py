"""The applications admin: the list, one application with its reviews, scoring, decisions and exports.

Mounted under /admin/calls/ by `wagtail_hooks.py` (see `admin_urls.py`), so Wagtail's admin access check
runs first (applicants have none); each view then asks for its permission:
reviewers and coordinators read (view_application) and score (add_review); only coordinators read
every review without scoring first (view_review), decide and export (change_application).
An application is always looked up with the call in the URL: an id of another call's application is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin.auth import permission_required
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from content.choices import Oblast, Profession
from content.models import Call
from enrollments.calls import decisions, export, review
from enrollments.calls.admin_forms import (
    BULK_DONE,
    MOVE_LABELS,
    ApplicationFilterForm,
    MoveForm,
    ReviewForm,
    seen_in_bulk,
    status_label,
)
from enrollments.calls.models import Application, ApplicationChange
from enrollments.calls.permissions import DECIDE, VIEW
from enrollments.calls.transitions import IN_REVIEW
from enrollments.history import HistoryRow
from enrollments.privacy.access import AccessKind, AccessWhat, record_access
from enrollments.selectors import display_name

REVIEW = "enrollments.add_review"
SEE_ALL = "enrollments.view_review"
PER_PAGE = 50

app_name = "calls_admin"


def requires(permission: str):
    return method_decorator(permission_required(permission), name="dispatch")


def list_url(call=None) -> str:
    url = reverse("calls_admin:applications")
    return f"{url}?{urlencode({'call': call.pk})}" if call else url


def detail_url(call_id: int, application_id: int) -> str:
    return reverse("calls_admin:application", args=[call_id, application_id])


def profession_label(value: str) -> str:
    return Profession(value).label if value in Profession.values else value


def oblast_label(value: str) -> str:
    return Oblast(value).label if value in Oblast.values else value


def applicant_name(application: Application) -> str:
    """The name the application gives; reviewers see nothing of the applicant's account."""
    return application.full_name or _("Application %(number)d") % {"number": application.pk}


# --- The list ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ListRow:
    """One line of the applications list, as the reader may see it."""

    application: Application
    name: str
    call_title: str
    profession: str
    stage: str
    status: str
    my_review: str
    mean: Decimal | None
    mean_hidden: bool
    reviews: int
    url: str


def _my_review_state(application: Application) -> str:
    if application.my_submitted_at:
        return _("Submitted")
    if application.my_review:
        return _("Draft")
    return _("Not reviewed") if application.status in IN_REVIEW else "—"


@requires(VIEW)
class ApplicationListView(WagtailAdminTemplateMixin, TemplateView):
    """Applications of every call, filtered by call, stage, status and community; coordinators act on many."""

    template_name = "enrollments/calls/admin/applications.html"
    page_title = gettext_lazy("Applications")
    header_icon = "form"

    def get_context_data(self, **kwargs):
        user = self.request.user
        sees_all, decides = user.has_perm(SEE_ALL), user.has_perm(DECIDE)
        calls = review.call_choices()
        by_id = {call.pk: call for call in calls}
        titles = review.stage_titles(calls)
        call = next((c for c in calls if str(c.pk) == self.request.GET.get("call")), None)
        visible = review.visible_applications(sees_withdrawn=decides)
        if call:
            visible = visible.filter(call=call)
        count = len(titles[call.pk]) if call else max(map(len, titles.values()), default=1)
        stages = [review.stage_label(titles[call.pk] if call else [], n) for n in range(count)]
        communities = sorted(set(visible.order_by().values_list("community", flat=True).distinct()) - {""})
        form = ApplicationFilterForm(self.request.GET, calls=calls, stages=stages, communities=communities,
                                     sees_withdrawn=decides)
        form.is_valid()  # a filter that does not fit (e.g. a stage the call lacks) is left out; the others apply
        queryset = visible
        for name in ("stage", "status", "community"):
            if form.cleaned_data.get(name) not in (None, ""):
                queryset = queryset.filter(**{name: form.cleaned_data[name]})
        queryset = review.with_review_state(queryset, user=user).order_by("-submitted_at", "-pk")
        page = Paginator(queryset, PER_PAGE).get_page(self.request.GET.get("p"))
        rows = [self._row(application, by_id, titles, sees_all) for application in page.object_list]
        record_access(viewer=user, subjects=[row.application.applicant_id for row in rows],
                      what=AccessWhat.APPLICATIONS_LIST, object_label=call.name if call else _("All calls"),
                      path=self.request.path)
        query = self.request.GET.copy()
        query.pop("p", None)
        return super().get_context_data(
            form=form, call=call, rows=rows, page=page, query=query.urlencode(), decides=decides,
            bulk_moves=[(move, MOVE_LABELS[move]) for move in decisions.DECISIONS] if call and decides else [],
            exports=export_links(call) if call and sees_all else [],
            team_links=team_links(call) if call and decides else [],
            **kwargs)

    @staticmethod
    def _row(application, by_id, titles, sees_all) -> ListRow:
        call = by_id[application.call_id]
        hidden = not sees_all and not application.my_submitted_at
        return ListRow(
            application=application, name=applicant_name(application), call_title=call.name,
            profession=profession_label(application.profession),
            stage=review.stage_label(titles.get(application.call_id, []), application.stage),
            status=status_label(application.status), my_review=_my_review_state(application),
            mean=None if hidden else review.mean_of(application), mean_hidden=hidden,
            reviews=application.review_count,
            url=detail_url(application.call_id, application.pk))


def export_links(call) -> list[tuple[str, str]]:
    return [(_("Applications (CSV)"), reverse("calls_admin:export_applications", args=[call.pk, "csv"])),
            (_("Applications (Excel)"), reverse("calls_admin:export_applications", args=[call.pk, "xlsx"]))]


def team_links(call) -> list[tuple[str, str]]:
    return [(_("Team list (CSV)"), reverse("calls_admin:export_team", args=[call.pk, "csv"])),
            (_("Team list (Excel)"), reverse("calls_admin:export_team", args=[call.pk, "xlsx"]))]


# --- One application -----------------------------------------------------------------------------

class ApplicationMixin:
    """Loads the call from the URL and its application (404 for another call's, a draft, or one hidden)."""

    header_icon = "form"

    def dispatch(self, request, *args, **kwargs):
        # Loaded after the permission check (the decorators wrap dispatch): no hint to anyone else of what exists.
        visible = review.visible_applications(sees_withdrawn=request.user.has_perm(DECIDE))
        self.application = get_object_or_404(
            visible.select_related("call", "applicant", "enrollment__session"),
            pk=kwargs["pk"], call_id=kwargs["call_id"])
        self.call = self.application.call
        return super().dispatch(request, *args, **kwargs)

    def back(self) -> HttpResponse:
        return redirect(detail_url(self.call.pk, self.application.pk))


def history_rows(application: Application, titles: list[str]) -> list[HistoryRow]:
    changes = ApplicationChange.objects.filter(application=application).select_related("changed_by__profile")
    rows = []
    for change in changes:
        before = (f"{status_label(change.from_status)}, {review.stage_label(titles, change.from_stage)}"
                  if change.from_status else "—")
        after = f"{status_label(change.to_status)}, {review.stage_label(titles, change.to_stage)}"
        if change.changed_by_id is None:
            who = _("The system")
        elif change.changed_by_id == application.applicant_id:
            who = _("The applicant")  # never their account's name or email: reviewers see this page too
        else:
            who = display_name(change.changed_by)
        rows.append(HistoryRow(timestamp=change.changed_at, who=who, action=f"{before} → {after}", details=change.note))
    return rows


@requires(VIEW)
class ApplicationView(ApplicationMixin, WagtailAdminTemplateMixin, TemplateView):
    """Answers and files, history, the reviews of the current stage, the reader's own marks, and decisions."""

    template_name = "enrollments/calls/admin/application.html"
    page_title = gettext_lazy("Application")

    def get_page_subtitle(self):
        return applicant_name(self.application)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": list_url(self.call), "label": _("Applications")},
                {"url": "", "label": applicant_name(self.application)}]

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        record_access(viewer=request.user, subjects=[self.application.applicant_id], what=AccessWhat.APPLICATION,
                      object_label=f"{self.call.name} · #{self.application.pk}", path=request.path)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, review_form=None, **kwargs):
        user, application = self.request.user, self.application
        titles = review.stage_titles([self.call])[self.call.pk]
        criteria = review.rubric_of(self.call)
        sheet = review.review_sheet(application=application, user=user, sees_all=user.has_perm(SEE_ALL),
                                    criteria=criteria)
        may_review = (user.has_perm(REVIEW) and application.status in IN_REVIEW and application.applicant_id != user.pk
                      and (sheet.own is None or sheet.own.submitted_at is None))
        if may_review and review_form is None:
            own = sheet.own
            review_form = ReviewForm(criteria=criteria, initial={
                "stage": application.stage, "comment": own.comment if own else "",
                **{ReviewForm.field_name(c): own.marks.get(str(c.pk)) for c in criteria if own}})
        decides = user.has_perm(DECIDE)
        stages = max(len(titles), 1)
        return super().get_context_data(
            application=application, call=self.call, name=applicant_name(application),
            stage=review.stage_label(titles, application.stage), status=status_label(application.status),
            profession=profession_label(application.profession), oblast=oblast_label(application.oblast),
            email=application.applicant.email if decides else "",
            answers=export.answer_rows(application, self.call), history=history_rows(application, titles), sheet=sheet,
            review_form=review_form if may_review else None,
            moves=[(move, MOVE_LABELS[move]) for move in decisions.allowed_moves(application, stages)] if decides
            else [],
            move_form=MoveForm(), list_url=list_url(self.call), **kwargs)


@requires(REVIEW)
class ReviewView(ApplicationView):
    """Save the reader's own draft, or submit it (POST); the form comes back with its errors."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, call_id: int, pk: int) -> HttpResponse:
        form = ReviewForm(request.POST, criteria=review.rubric_of(self.call))
        if not form.is_valid():
            messages.error(request, _("The review was not saved: please correct the marks below."))
            return self.render_to_response(self.get_context_data(review_form=form))
        try:
            review.save_review(application=self.application, reviewer=request.user, marks=form.marks(),
                               comment=form.cleaned_data["comment"], submit=form.submitting,
                               stage=form.cleaned_data["stage"])
        except review.ReviewRefused as refusal:
            messages.error(request, str(refusal))
            return self.back()
        messages.success(request, _("Your review is submitted.") if form.submitting else _("Your draft is saved."))
        return self.back()


@requires(DECIDE)
class MoveView(ApplicationMixin, View):
    """One decision on this application (POST); the outcome or the refusal is shown on its page."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, call_id: int, pk: int) -> HttpResponse:
        form = MoveForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a decision."))
            return self.back()
        try:
            application = decisions.move_application(application=self.application, move=form.cleaned_data["move"],
                                                     by=request.user, note=form.cleaned_data["note"], seen=form.seen())
        except decisions.DecisionRefused as refusal:
            messages.error(request, str(refusal))
            return self.back()
        message = _("%(name)s: %(status)s.") % {"name": applicant_name(application),
                                                 "status": status_label(application.status)}
        if application.enrollment_id and form.cleaned_data["move"] == "accept":
            message += " " + _("Enrolled in %(session)s.") % {"session": application.enrollment.session.title}
        messages.success(request, message)
        return self.back()


@requires(DECIDE)
class BulkMoveView(View):
    """The same decision on the ticked applications of one call; what could not be done is listed by name."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, call_id: int) -> HttpResponse:
        call = get_object_or_404(Call, pk=call_id)
        form = MoveForm(request.POST)
        try:
            ids = {int(value) for value in request.POST.getlist("applications")}
        except ValueError:
            raise Http404 from None
        applications = list(review.visible_applications(sees_withdrawn=True)
                            .filter(pk__in=ids, call=call))
        if len(applications) != len(ids):
            raise Http404
        if not form.is_valid() or not ids:
            messages.error(request, _("Select at least one application and a decision."))
            return redirect(list_url(call))
        result = decisions.move_applications(applications=applications, move=form.cleaned_data["move"],
                                             by=request.user, note=form.cleaned_data["note"],
                                             seen=seen_in_bulk(request.POST, ids))
        if result.moved:
            messages.success(request, BULK_DONE[form.cleaned_data["move"]] % {"count": len(result.moved)})
        if result.refused:
            messages.error(request, _("Not done for: %(list)s") % {"list": "; ".join(
                f"{applicant_name(application)} — {reason}" for application, reason in result.refused)})
        return redirect(list_url(call))


# --- Exports -------------------------------------------------------------------------------------

class CallExportView(View):
    """Loads the call of the URL; only .csv and .xlsx exist."""

    http_method_names = ["get"]

    def dispatch(self, request, *args, **kwargs):
        if kwargs["file_format"] not in ("csv", "xlsx"):
            raise Http404
        self.call = get_object_or_404(Call, pk=kwargs["call_id"])
        return super().dispatch(request, *args, **kwargs)


@requires(SEE_ALL)
class ApplicationsExportView(CallExportView):
    """Every application of the call with answers and scores: CSV (streamed) or Excel."""

    def get(self, request: HttpRequest, call_id: int, file_format: str) -> HttpResponse:
        record_access(viewer=request.user, subjects=export.application_subjects(self.call), kind=AccessKind.EXPORT,
                      what=AccessWhat.APPLICATIONS_EXPORT, object_label=self.call.name, path=request.path)
        return export.applications_file(self.call, file_format)


@requires(DECIDE)
class TeamExportView(CallExportView):
    """The accepted applicants with their contact details and session: CSV or Excel."""

    def get(self, request: HttpRequest, call_id: int, file_format: str) -> HttpResponse:
        record_access(viewer=request.user, subjects=export.team_subjects(self.call), kind=AccessKind.EXPORT,
                      what=AccessWhat.TEAM_EXPORT, object_label=self.call.name, path=request.path)
        return export.team_file(self.call, file_format)
