"""Everything held about one person, as plain data: "Download my data" (enrollments/privacy/views.py) makes the JSON
file, the readable page and the ZIP from the one `personal_data` read, so they cannot disagree.

What enrollments hold is read here: the account and its addresses, the profile with the reporting consent, places on
sessions with each day's attendance, completed modules, quiz attempts with their answers, applications with their
answers, files and the status history the applicant is shown, and erasure requests. Apps above enrollments add
their own part through the `personal_data_sections` hook (enrollments never import them): `fn(user) -> dict | None`,
the dict being {"name": its key in the JSON, "template": the template that shows it on the readable page (it reads
`section`), "data": the JSON-ready value}. Certificates and the reports' facts come that way.

Left out on purpose: reviewers' marks and comments, and the notes and names of staff on an application's history (the
applicant is shown its status and stage, not the panel's deliberation); the access log (the organisation's record of
its staff, stated on the privacy page). What a person did as staff (report downloads, marks they gave) is a record
of their work, not about them.

Values: moments ISO 8601 in Kyiv time with the offset (settings.TIME_ZONE, the clock of every export:
`enrollments.spreadsheets.local_moment`), days ISO dates, choices their stored codes (the page shows their labels),
titles and questions in the reader's language. A fixed number of queries however many records (about fifteen, see
tests/enrollments/privacy).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from html import unescape
from uuid import UUID

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import get_language, gettext
from wagtail import hooks
from wagtail.models import Page

from content.models import CallPage
from enrollments.calls.answers import Question, in_words_of, questions_from_stream
from enrollments.calls.models import Application, ApplicationChange, ApplicationFile
from enrollments.calls.review import stages_of
from enrollments.models import Attendance, Enrollment, ModuleCompletion, Profile, QuizAttempt, SessionDay
from enrollments.privacy.archive import StoredFile, archive_names
from enrollments.privacy.models import ErasureRequest
from enrollments.quizzes.review import review_visibility
from enrollments.templatetags.session_labels import session_label

HOOK = "personal_data_sections"


@dataclass(frozen=True)
class PersonalData:
    """What one person downloads: the JSON-ready data, how the readable page shows the sections of apps above, and
    their uploaded files for the ZIP."""

    data: dict
    templates: dict[str, str] = field(default_factory=dict)  # section name → template
    files: list[StoredFile] = field(default_factory=list)


# --- Values as the file writes them ------------------------------------------------------------------------------

def moment(value: datetime | None) -> str | None:
    """A moment in ISO 8601, in Kyiv time with its offset: "2026-03-31T23:59:00+03:00"."""
    if value is None:
        return None
    return timezone.localtime(value, timezone.get_default_timezone()).isoformat(timespec="seconds")


def day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def clock(value: time | None) -> str | None:
    return value.isoformat(timespec="minutes") if value is not None else None


def number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def plain_text(html: str) -> str:
    """Rich text (a quiz question's prompt) as the words it shows."""
    return " ".join(unescape(strip_tags(html)).split())


# --- The read ----------------------------------------------------------------------------------------------------

def personal_data(*, user: AbstractBaseUser) -> PersonalData:
    """Everything held about `user`, theirs alone: every read is filtered by the user given, never by an id from
    the request."""
    profile = Profile.objects.filter(user=user).first()
    enrollments = _enrollments(user)
    completions = list(ModuleCompletion.objects.filter(user=user).order_by("completed_at", "pk"))
    keys = {e.course_key for e in enrollments} | {c.course_key for c in completions} | {
        c.module_key for c in completions}
    titles = page_titles(keys)
    labels = {e.session_id: session_label(e.session) for e in enrollments}
    applications, files = _applications(user)
    data = {
        "generated_at": moment(timezone.now()),
        "time_zone": settings.TIME_ZONE,
        "language": get_language(),
        "account": _account(user),
        "profile": _profile(profile),
        "consents": _consents(profile, applications),
        "enrollments": [_enrollment(e, labels[e.session_id], titles) for e in enrollments],
        "module_completions": [
            {"course": titles.get(c.course_key, ""), "module": titles.get(c.module_key, ""),
             "completed_at": moment(c.completed_at)} for c in completions],
        "quiz_attempts": [_attempt(a, labels) for a in _attempts(user)],
        "applications": [entry for entry, _ in applications],
        "files": [entry for entry, _ in files],
        "erasure_requests": [
            {"requested_at": moment(r.requested_at), "status": r.status, "keep_certificates": r.keep_certificates,
             "decided_at": moment(r.decided_at), "note": r.decision_note}
            for r in ErasureRequest.objects.filter(user=user).order_by("requested_at", "pk")],
    }
    templates = {}
    for fn in hooks.get_hooks(HOOK):
        section = fn(user)
        if section is not None:
            data[section["name"]] = section["data"]
            templates[section["name"]] = section["template"]
    return PersonalData(data=data, templates=templates, files=[stored for _, stored in files])


def _account(user: AbstractBaseUser) -> dict:
    addresses = EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    return {
        "email": user.email,
        "username": user.get_username(),
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": moment(user.date_joined),
        "last_login": moment(user.last_login),
        "email_addresses": [{"email": a.email, "verified": a.verified, "primary": a.primary} for a in addresses],
    }


def _profile(profile: Profile | None) -> dict | None:
    if profile is None:
        return None
    return {
        "full_name": profile.full_name,
        "profession": profile.profession,
        "organisation": profile.organisation,
        "oblast": profile.oblast,
        "community": profile.community,
        "reporting_consent_at": moment(profile.reporting_consent_at),
        "sex": profile.sex,
        "age_band": profile.age_band,
        "displacement_status": profile.displacement_status,
        "disability": profile.disability,
        "updated_at": moment(profile.updated_at),
    }


def _consents(profile: Profile | None, applications: list[tuple[dict, Application]]) -> list[dict]:
    """The consents the person gave, with when: to anonymous reporting (on the profile), and each application's
    consent question (given when the application was last saved or sent)."""
    consents = []
    if profile is not None and profile.reporting_consent_at is not None:
        consents.append({"purpose": "reporting", "text": gettext(
            "I agree to share the details below for anonymous reporting"), "given_at": moment(
            profile.reporting_consent_at)})
    for entry, application in applications:
        for answer in entry["answers"]:
            if answer["kind"] == "consent" and answer["answer"] is True:
                consents.append({"purpose": "application", "call": entry["call"], "text": answer["question"],
                                 "given_at": moment(application.submitted_at or application.updated_at)})
    return consents


def page_titles(keys: set[UUID]) -> dict[UUID, str]:
    """Page titles by translation key, in the reader's language, else the default language's, else any. One query,
    none without keys; pages no longer published still name what the person did."""
    if not keys:
        return {}
    preference = {get_language(): 0, settings.LANGUAGE_CODE: 1}
    chosen: dict[UUID, tuple[int, str]] = {}
    for key, language, title in Page.objects.filter(translation_key__in=keys).values_list(
            "translation_key", "locale__language_code", "title"):
        rank = preference.get(language, 2)
        if key not in chosen or rank < chosen[key][0]:
            chosen[key] = (rank, title)
    return {key: title for key, (_, title) in chosen.items()}


# --- Places and attendance -----------------------------------------------------------------------------------------

def _enrollments(user: AbstractBaseUser) -> list[Enrollment]:
    """Every place, request and waiting-list spot, cancelled ones too, with the session's days and the person's own
    marks. Three queries."""
    return list(
        Enrollment.objects.filter(user=user).select_related("session")
        .annotate(course_key=F("session__course__translation_key"))
        .prefetch_related(Prefetch("session__days", queryset=SessionDay.objects.order_by("date", "starts_at")),
                          Prefetch("attendance", queryset=Attendance.objects.order_by("pk")))
        .order_by("created_at", "pk"))


def _enrollment(enrollment: Enrollment, label: str, titles: dict[UUID, str]) -> dict:
    session = enrollment.session
    days = list(session.days.all())
    marks = {mark.day_id: mark for mark in enrollment.attendance.all()}
    return {
        "session": label,
        "session_title": session.title,
        "course": titles.get(enrollment.course_key, session.title),
        "format": session.format,
        "city": session.city,
        "venue": session.venue,
        "first_day": day(days[0].date) if days else None,
        "last_day": day(days[-1].date) if days else None,
        "status": enrollment.status,
        "source": enrollment.source,
        "created_at": moment(enrollment.created_at),
        "status_changed_at": moment(enrollment.status_changed_at),
        "attendance": [_day(session_day, marks.get(session_day.pk)) for session_day in days],
    }


def _day(session_day: SessionDay, mark: Attendance | None) -> dict:
    return {
        "date": day(session_day.date),
        "starts_at": clock(session_day.starts_at),
        "ends_at": clock(session_day.ends_at),
        "topic": session_day.topic,
        "status": mark.status if mark else None,
        "method": mark.method if mark else None,
        "marked_at": moment(mark.marked_at) if mark else None,
        "note": mark.note if mark else "",
    }


# --- Quiz attempts -------------------------------------------------------------------------------------------------

def _attempts(user: AbstractBaseUser) -> list[QuizAttempt]:
    return list(QuizAttempt.objects.filter(user=user).select_related("version", "session")
                .order_by("started_at", "pk"))


def _attempt(attempt: QuizAttempt, labels: dict[int, str]) -> dict:
    definition = attempt.version.definition
    submitted = attempt.is_submitted
    # Points per question only where the quiz shows them to the person: the download must not reveal the answers a
    # quiz keeps hidden from them.
    marks = submitted and review_visibility(policy=definition.get("review", ""), kind=definition.get("kind", "")).marks
    return {
        "quiz": attempt.version.title,
        "kind": attempt.kind,
        "session": (labels.get(attempt.session_id) or attempt.session.title) if attempt.session_id else None,
        "number": attempt.number,
        "status": attempt.status,
        "started_at": moment(attempt.started_at),
        "last_saved_at": moment(attempt.saved_at),
        "submitted_at": moment(attempt.submitted_at),
        "submitted_when_time_ran_out": attempt.auto_submitted,
        "score": number(attempt.score),
        "max_score": number(attempt.max_score),
        "percent": number(attempt.percent),
        "passed": attempt.passed,
        "pass_mark": attempt.pass_mark,
        "band": attempt.band,
        "answers": _quiz_answers(attempt, definition, marks=marks),
    }


def _quiz_answers(attempt: QuizAttempt, definition: dict, *, marks: bool) -> list[dict]:
    by_id = {question["id"]: question for question in definition.get("questions", [])}
    answers = attempt.answers if isinstance(attempt.answers, dict) else {}
    order = (attempt.order or {}).get("questions") or list(by_id)
    rows = []
    for question_id in order:
        question = by_id.get(question_id)
        if question is None:
            continue
        row = {"question": plain_text(question.get("prompt", "")),
               "answer": _quiz_answer(definition, question, answers.get(question_id))}
        if marks:
            row["points"] = number(Decimal(str(attempt.question_scores.get(question_id, "0"))))
        rows.append(row)
    return rows


def _quiz_answer(definition: dict, question: dict, answer: object) -> object:
    """An answer in the words the person chose it by: the option's text, not its id."""
    if answer in (None, "", []):
        return None
    kind = question.get("type")
    if kind == "statement":
        return {option["id"]: option["label"] for option in definition.get("scale", [])}.get(answer, answer)
    if kind == "true_false":
        return {"true": gettext("True"), "false": gettext("False")}.get(answer, answer)
    if kind in ("single_choice", "multiple_choice"):
        texts = {choice["id"]: choice["text"] for choice in question.get("choices", [])}
        return [texts.get(a, a) for a in answer] if isinstance(answer, list) else texts.get(answer, answer)
    return answer


# --- Applications and their files ----------------------------------------------------------------------------------

def _applications(user: AbstractBaseUser) -> tuple[list[tuple[dict, Application]], list[tuple[dict, StoredFile]]]:
    """Each application with what it answered and its history; each uploaded file with its place in the ZIP. Five
    queries whatever their number, one without applications."""
    applications = list(
        Application.objects.filter(applicant=user).select_related("call")
        .prefetch_related("call__stages",
                          Prefetch("files", queryset=ApplicationFile.objects.order_by("uploaded_at", "pk")),
                          Prefetch("changes", queryset=ApplicationChange.objects.order_by("changed_at", "pk")))
        .order_by("created_at", "pk"))
    if not applications:
        return [], []
    pages = _call_pages({a.call_id for a in applications})
    records = [record for application in applications for record in application.files.all()]
    paths = dict(zip((r.pk for r in records), archive_names(r.original_name for r in records), strict=True))
    entries, files = [], []
    for application in applications:
        reference, worded = pages.get(application.call_id, (None, None))
        questions = _questions(reference, worded)
        stages = [stage.title for stage in stages_of(application.call)]
        call_title = worded.title if worded is not None else application.call.name
        labels = {q.id: q.label for q in questions}
        entry = {
            "call": call_title,
            "status": application.status,
            "stage": _stage(application.stage, stages),
            "full_name": application.full_name,
            "community": application.community,
            "oblast": application.oblast,
            "profession": application.profession,
            "created_at": moment(application.created_at),
            "updated_at": moment(application.updated_at),
            "submitted_at": moment(application.submitted_at),
            "decided_at": moment(application.decided_at),
            "answers": _application_answers(application, questions, paths),
            "history": [{"at": moment(change.changed_at), "from_status": change.from_status or None,
                         "to_status": change.to_status,
                         "from_stage": _stage(change.from_stage, stages) if change.from_stage is not None else None,
                         "to_stage": _stage(change.to_stage, stages)} for change in application.changes.all()],
        }
        entries.append((entry, application))
        for record in application.files.all():
            files.append(({"name": record.original_name, "in_archive": paths[record.pk], "call": call_title,
                           "question": labels.get(record.question_id, record.question_id),
                           "content_type": record.content_type, "size": record.size, "sha256": record.sha256,
                           "uploaded_at": moment(record.uploaded_at), "id": record.pk},
                          StoredFile(storage=record.file.storage, name=record.file.name, path=paths[record.pk])))
    return entries, files


def _call_pages(call_ids: Iterable[int]) -> dict[int, tuple[CallPage, CallPage]]:
    """By call: the page whose questions the call asks (the default language's, else its first) and the page in the
    reader's language (else that one). One query."""
    by_call: dict[int, list[CallPage]] = {}
    for page in CallPage.objects.filter(call__in=list(call_ids)).defer("body").select_related("locale").order_by("pk"):
        by_call.setdefault(page.call_id, []).append(page)
    language = get_language()
    chosen = {}
    for call_id, pages in by_call.items():
        reference = next((p for p in pages if p.locale.language_code == settings.LANGUAGE_CODE), pages[0])
        worded = next((p for p in pages if p.locale.language_code == language and p.live), reference)
        chosen[call_id] = (reference, worded)
    return chosen


def _questions(reference: CallPage | None, worded: CallPage | None) -> list[Question]:
    if reference is None:
        return []
    questions = questions_from_stream(reference.questions)
    if worded is None or worded.pk == reference.pk:
        return questions
    return in_words_of(questions, questions_from_stream(worded.questions))


def _stage(stage: int, titles: list[str]) -> dict:
    """A stage counted from 1, as applicants read it, with its title when the call still has it."""
    return {"number": stage + 1, "title": titles[stage] if 0 <= stage < len(titles) else ""}


def _application_answers(application: Application, questions: list[Question], paths: dict[int, str]) -> list[dict]:
    """Each question the call asks with the answer given (a chosen option in the reader's words, a file by its
    name in the ZIP); then answers to questions the call no longer asks, by their id, so nothing held is left
    out."""
    files = {record.question_id: record for record in application.files.all()}
    answers = application.answers if isinstance(application.answers, dict) else {}
    rows = []
    for question in questions:
        if question.is_file:
            record = files.get(question.id)
            rows.append({"question": question.label, "kind": "file",
                         "answer": record.original_name if record else None,
                         "file": paths[record.pk] if record else None})
        else:
            rows.append({"question": question.label, "kind": question.kind,
                         "answer": question.shown(answers.get(question.id))})
    asked = {question.id for question in questions}
    rows += [{"question": question_id, "kind": "", "answer": value}
             for question_id, value in answers.items() if question_id not in asked]
    return rows
