"""Quiz results for trainers and coordinators: a session's overview and knowledge gain, one quiz on
a session, one quiz across sessions, and their downloads (CSV and Excel, the same rows).

Sessions are looked up among those the user manages and quizzes among the session's course, so
anyone else gets a 404 and learns nothing about which ids exist. Self-assessments are shown only
in aggregate, and only to groups of five or more: their detail pages and CSV files do not exist.
"""

from uuid import UUID

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from enrollments import spreadsheets
from enrollments.models import TrainingSession
from enrollments.permissions import sessions_managed_by
from enrollments.privacy.access import AccessKind, AccessWhat, record_access
from enrollments.quizzes import export, reports, services
from enrollments.quizzes.results import MIN_GROUP

PARTICIPANTS_PER_PAGE = 50  # the quiz-wide table: every session of a course can add up to hundreds


def _close_overdue(**scope) -> None:
    # An attempt whose time ran out while its owner was away stays "in progress" until someone
    # touches it. Close those first, with the answers they saved, so they count here exactly as
    # they would have had the participant pressed submit at the deadline.
    services.close_overdue_attempts(**scope)


def _managed_session_or_404(request: HttpRequest, session_id: int) -> TrainingSession:
    return get_object_or_404(sessions_managed_by(request.user).select_related("course"), pk=session_id)


def _session_quiz_or_404(session: TrainingSession, quiz_key: UUID) -> reports.CourseQuiz:
    """A quiz of the session's course that may be reported per person (never a self-assessment)."""
    quizzes = reports.course_quizzes(course_key=session.course.translation_key)
    quiz = next((quiz for quiz in quizzes if quiz.key == quiz_key), None)
    if quiz is None or quiz.is_self_assessment:
        raise Http404
    return quiz


def _record(request: HttpRequest, rows, *, what: str, label: str, kind: str = AccessKind.VIEW) -> None:
    """Whose results were seen or exported: the people on the rows (a quiz's or the knowledge gain's)."""
    record_access(viewer=request.user, subjects=[row.user_id for row in rows], kind=kind, what=what,
                  object_label=label, path=request.path)


def _session_label(session: TrainingSession) -> str:
    starts_on = getattr(session, "starts_on", None)
    return f"{session.title}, {date_format(starts_on)}" if starts_on else session.title


@login_required
@require_GET
@never_cache
def session_quiz_results(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _managed_session_or_404(request, session_id)
    _close_overdue(session=session)
    overview = reports.session_overview(session=session)
    _record(request, [row for gain in overview.gains for row in gain.rows], what=AccessWhat.QUIZ_RESULTS,
            label=session.title)
    return render(request, "enrollments/quizzes/results/session.html", {
        "session": session, "overview": overview, "min_group": MIN_GROUP,
        "quiz_cards": [card for card in overview.cards if not card.quiz.is_self_assessment],
        "self_assessment_cards": [card for card in overview.cards if card.quiz.is_self_assessment],
    })


@login_required
@require_GET
@never_cache
def session_quiz_detail(request: HttpRequest, session_id: int, quiz_key: UUID) -> HttpResponse:
    session = _managed_session_or_404(request, session_id)
    quiz = _session_quiz_or_404(session, quiz_key)
    _close_overdue(session=session, quiz_key=quiz.key)
    report = reports.session_quiz_report(session=session, quiz=quiz)
    _record(request, report.participants, what=AccessWhat.QUIZ_RESULTS, label=f"{quiz.title} · {session.title}")
    return render(request, "enrollments/quizzes/results/detail.html", {"session": session, "quiz": quiz,
                                                                       "report": report})


@login_required
@require_GET
def session_knowledge_gain_file(request: HttpRequest, session_id: int, file_format: str) -> HttpResponse:
    session = _managed_session_or_404(request, session_id)
    _close_overdue(session=session)
    gains = reports.session_overview(session=session).gains
    _record(request, [row for report in gains for row in report.rows], kind=AccessKind.EXPORT,
            what=AccessWhat.KNOWLEDGE_GAIN_EXPORT, label=session.title)
    header, rows = export.gain_rows(gains)
    return spreadsheets.download(
        file_format=file_format, filename=spreadsheets.dated_name(f"session-{session.pk}", "knowledge-gain"),
        title=_("Knowledge gain"), header=header, rows=rows)


@login_required
@require_GET
def session_quiz_file(request: HttpRequest, session_id: int, quiz_key: UUID, file_format: str) -> HttpResponse:
    session = _managed_session_or_404(request, session_id)
    quiz = _session_quiz_or_404(session, quiz_key)
    _close_overdue(session=session, quiz_key=quiz.key)
    report = reports.session_quiz_report(session=session, quiz=quiz)
    _record(request, report.counted_rows, kind=AccessKind.EXPORT, what=AccessWhat.QUIZ_RESULTS_EXPORT,
            label=f"{quiz.title} · {session.title}")
    header, rows = export.quiz_rows(report)
    return spreadsheets.download(
        file_format=file_format, filename=spreadsheets.dated_name(f"session-{session.pk}", f"quiz-{quiz.key.hex[:8]}"),
        title=_("Results"), header=header, rows=rows)


# --- One quiz across sessions ----------------------------------------------------------------------

class SessionFilterForm(forms.Form):
    session = forms.TypedChoiceField(label=gettext_lazy("Session"), required=False, coerce=int, empty_value=None)

    def __init__(self, data, *, sessions: list[TrainingSession]):
        super().__init__(data)
        self.sessions = {session.pk: session for session in sessions}
        self.fields["session"].choices = [("", _("All sessions and self-paced learners"))] + [
            (session.pk, _session_label(session)) for session in sessions]

    def chosen(self) -> TrainingSession | None:
        return self.sessions.get(self.cleaned_data["session"]) if self.is_valid() else None


def _quiz_or_404(request: HttpRequest, quiz_key: UUID) -> reports.CourseQuiz:
    quiz = reports.find_quiz(key=quiz_key)
    if quiz is None or not reports.may_see_quiz_results(user=request.user, course_key=quiz.course_key):
        raise Http404
    return quiz


def _filtered(request: HttpRequest, quiz: reports.CourseQuiz) -> tuple[SessionFilterForm, list[TrainingSession]]:
    sessions = reports.sessions_of_course(course_key=quiz.course_key) if quiz.course_key else []
    data = request.GET if request.GET.get("session") else None
    return SessionFilterForm(data, sessions=sessions), sessions


@login_required
@require_GET
@never_cache
def quiz_results(request: HttpRequest, quiz_key: UUID) -> HttpResponse:
    quiz = _quiz_or_404(request, quiz_key)
    form, sessions = _filtered(request, quiz)
    session = form.chosen()
    _close_overdue(quiz_key=quiz.key, session=session)
    context = {"quiz": quiz, "form": form, "session": session, "min_group": MIN_GROUP}
    if quiz.is_self_assessment:
        context["self_assessment"] = reports.quiz_self_assessment(quiz=quiz, session=session)
    else:
        report = reports.quiz_report(quiz=quiz, session=session, sessions=sessions)
        # Every result counts in the summary; the table of people comes a page at a time (the CSV has them all).
        context["report"] = report
        context["participants"] = Paginator(report.participants, PARTICIPANTS_PER_PAGE).get_page(
            request.GET.get("page"))
        _record(request, context["participants"].object_list, what=AccessWhat.QUIZ_RESULTS,
                label=f"{quiz.title} · {session.title}" if session else quiz.title)
    # A session id that is not one of the course's is a bad link: say so, show everyone.
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "enrollments/quizzes/results/quiz.html", context, status=status)


@login_required
@require_GET
def quiz_results_file(request: HttpRequest, quiz_key: UUID, file_format: str) -> HttpResponse:
    quiz = _quiz_or_404(request, quiz_key)
    if quiz.is_self_assessment:
        raise Http404
    form, sessions = _filtered(request, quiz)
    if form.is_bound and not form.is_valid():
        raise Http404
    session = form.chosen()
    _close_overdue(quiz_key=quiz.key, session=session)
    parts = [f"quiz-{quiz.key.hex[:8]}", *([f"session-{session.pk}"] if session else [])]
    report = reports.quiz_report(quiz=quiz, session=session, sessions=sessions)
    _record(request, report.counted_rows, kind=AccessKind.EXPORT, what=AccessWhat.QUIZ_RESULTS_EXPORT,
            label=f"{quiz.title} · {session.title}" if session else quiz.title)
    header, rows = export.quiz_rows(report)
    return spreadsheets.download(file_format=file_format, filename=spreadsheets.dated_name(*parts), title=_("Results"),
                                 header=header, rows=rows)
