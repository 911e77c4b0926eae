"""A call's applications as text: on the admin page, and exported with their scores to CSV and Excel.

Exports: every application of the call except drafts, with the declared community, oblast and
profession, status, stage, each answer under its question's label (files by name), then the
per-criterion average marks and the average total of the current stage's submitted reviews; and the
accepted group as a team list (name, email, community, profession, session).

The records are plain values; `enrollments.spreadsheets` writes them as CSV (streamed) or Excel, where text
typed by people never reaches a spreadsheet as a formula.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from content.choices import Oblast, Profession
from enrollments.calls import review, rubric
from enrollments.calls.answers import Question
from enrollments.calls.models import Application, ApplicationFile, ApplicationStatus, Review
from enrollments.spreadsheets import download, moment_heading

CHUNK = 500
FILE_URL_NAME = "call_application_file"  # the applicants' side serves uploads to their owner and to reviewers


# --- Answers as text -----------------------------------------------------------------------------

def answer_text(question: Question, value, file: ApplicationFile | None) -> str:
    if question.kind == "file":
        return file.original_name if file else ""
    if question.kind == "consent":
        return _("Agreed") if value is True else ""
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return "" if value in (None, False) else str(value)


def file_url(file: ApplicationFile) -> str:
    """The download link the applicants' side provides, or "" while it does not exist."""
    try:
        return reverse(FILE_URL_NAME, args=[file.pk])
    except NoReverseMatch:
        return ""


@dataclass(frozen=True)
class AnswerRow:
    """One question and the application's answer, as the admin page shows it."""

    label: str
    kind: str
    text: str
    file: ApplicationFile | None
    url: str


def answer_rows(application: Application, call) -> list[AnswerRow]:
    """Every question of the call with the answer; answers to questions since removed come last."""
    files = {file.question_id: file for file in application.files.all()}
    questions = review.questions_of_call(call)
    known = {question.id for question in questions}
    removed = [Question(id=key, kind="file" if key in files else "text", label=_("(question removed from the form)"))
               for key in [*application.answers, *files] if key not in known]
    rows = []
    for question in [*questions, *dict.fromkeys(removed)]:
        file = files.get(question.id)
        rows.append(AnswerRow(label=question.label, kind=question.kind, file=file, url=file_url(file) if file else "",
                              text=answer_text(question, application.answers.get(question.id), file)))
    return rows


# --- Applications with scores --------------------------------------------------------------------

def _label(choices, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def application_header(questions: list[Question], criteria) -> list[str]:
    return [_("Number"), _("Name"), _("Community"), _("Oblast"), _("Profession"), _("Status"), _("Stage"),
            moment_heading(_("Submitted")), moment_heading(_("Decided")), *[question.label for question in questions],
            *[_("%(criterion)s (average)") % {"criterion": criterion.title} for criterion in criteria],
            _("Average total (%)"), _("Reviews")]


def _applications(call):
    return (review.visible_applications(sees_withdrawn=True).filter(call=call)
            .order_by("submitted_at", "pk")
            .prefetch_related("files", Prefetch("reviews", queryset=Review.objects.filter(
                submitted_at__isnull=False).order_by("pk"), to_attr="submitted_reviews")))


def application_subjects(call) -> list[int]:
    """The applicants whose applications the export holds (for the access log): one query."""
    applications = review.visible_applications(sees_withdrawn=True).filter(call=call)
    return list(applications.order_by().values_list("applicant_id", flat=True).distinct())


def application_records(call) -> tuple[list[str], Iterator[list]]:
    """Header and rows (plain values: text, numbers, moments) of the call's applications with scores."""
    criteria = review.rubric_of(call)
    questions = review.questions_of_call(call)
    titles = review.stage_titles([call])[call.pk]

    def rows() -> Iterator[list]:
        for application in _applications(call).iterator(chunk_size=CHUNK):
            reviews = [r for r in application.submitted_reviews if r.stage == application.stage]
            files = {file.question_id: file for file in application.files.all()}
            summary = rubric.aggregate([r.total for r in reviews if r.total is not None])
            yield [application.pk, application.full_name, application.community,
                   _label(Oblast, application.oblast), _label(Profession, application.profession),
                   _label(ApplicationStatus, application.status), review.stage_label(titles, application.stage),
                   application.submitted_at, application.decided_at,
                   *[answer_text(q, application.answers.get(q.id), files.get(q.id)) for q in questions],
                   *review.criterion_averages(criteria, reviews), summary.mean, len(reviews)]

    return application_header(questions, criteria), rows()


def _accepted(call):
    return Application.objects.filter(call=call, status=ApplicationStatus.ACCEPTED)


def team_subjects(call) -> list[int]:
    """The applicants on the team list (for the access log): one query."""
    return list(_accepted(call).values_list("applicant_id", flat=True).distinct())


def team_records(call) -> tuple[list[str], Iterator[list]]:
    """Header and rows of the accepted applicants: who they are, how to reach them, their session."""
    accepted = _accepted(call).select_related("applicant", "enrollment__session").order_by("full_name", "pk")
    header = [_("Name"), _("Email"), _("Community"), _("Profession"), _("Session")]
    rows = ([application.full_name, application.applicant.email, application.community,
             _label(Profession, application.profession),
             application.enrollment.session.title if application.enrollment else ""]
            for application in accepted.iterator(chunk_size=CHUNK))
    return header, rows


# --- Files ---------------------------------------------------------------------------------------

def export_name(call, what: str) -> str:
    """e.g. call-12-applications-2026-03-01, dated the day of the export (ASCII, whatever the call's title)."""
    return f"call-{call.pk}-{what}-{timezone.localdate().isoformat()}"


def applications_file(call, file_format: str) -> HttpResponse:
    """Every application of the call with answers and scores, as CSV (streamed) or Excel."""
    header, rows = application_records(call)
    return download(file_format=file_format, filename=export_name(call, "applications"), title=_("Applications"),
                    header=header, rows=rows)


def team_file(call, file_format: str) -> HttpResponse:
    """The accepted applicants with their contact details and session, as CSV or Excel."""
    header, rows = team_records(call)
    return download(file_format=file_format, filename=export_name(call, "team"), title=_("Team"), header=header,
                    rows=rows)
