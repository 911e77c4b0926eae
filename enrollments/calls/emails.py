"""Decision emails to applicants: one message, Ukrainian first, then English, sent after the change commits.

The texts are `DecisionEmail` rows that coordinators edit in the admin ("Open calls" → "Decision emails");
`DEFAULT_TEMPLATES` fills them in when the database is created (migration 0007) and stands in for a
row that is missing. Placeholders in braces ({name}, {call}, {stage}, {training}, {session}, {dates}, {link})
are replaced by plain text; anything else in braces is left as typed. {training} is the whole sentence about
the place the acceptance gave, or nothing when the call enrolls nobody.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from content.models import CallPage
from enrollments.calls.models import PLACEHOLDER, Application, DecisionEmail, DecisionKind
from enrollments.calls.transitions import Move
from enrollments.mail import queue_email
from enrollments.session_label import date_range

LANGUAGES = ("uk", "en")  # the order the two versions appear in
SEPARATOR = "\n\n— — —\n\n"

# Which email a move sends; reopening a decision taken by mistake sends none.
KIND_BY_MOVE = {
    Move.SHORTLIST: DecisionKind.SHORTLISTED,
    Move.NEXT_STAGE: DecisionKind.NEXT_STAGE,
    Move.ACCEPT: DecisionKind.ACCEPTED,
    Move.REJECT: DecisionKind.REJECTED,
}

_SIGN_UK = "\n\nЗ повагою,\nкоманда Hromada LMS"
_SIGN_EN = "\n\nKind regards,\nThe Hromada LMS team"
DEFAULT_TEMPLATES = {
    DecisionKind.SHORTLISTED: {
        "subject_uk": "Вашу заявку на «{call}» внесено до короткого списку",
        "body_uk": "Вітаємо, {name}!\n\nВашу заявку на конкурс «{call}» внесено до короткого списку "
                   "(етап «{stage}»). Ми повідомимо вас про наступні кроки.\n\nСтан заявки: {link}" + _SIGN_UK,
        "subject_en": "Your application to “{call}” is shortlisted",
        "body_en": "Dear {name},\n\nYour application to the call “{call}” has been shortlisted (stage “{stage}”). "
                   "We will let you know about the next steps.\n\nYour application: {link}" + _SIGN_EN,
    },
    DecisionKind.NEXT_STAGE: {
        "subject_uk": "«{call}»: ваша заявка пройшла до етапу «{stage}»",
        "body_uk": "Вітаємо, {name}!\n\nВаша заявка на конкурс «{call}» пройшла до наступного етапу: «{stage}». "
                   "Невдовзі ми надішлемо подробиці.\n\nСтан заявки: {link}" + _SIGN_UK,
        "subject_en": "“{call}”: your application moves on to “{stage}”",
        "body_en": "Dear {name},\n\nYour application to the call “{call}” has moved on to the next stage: "
                   "“{stage}”. We will send you the details soon.\n\nYour application: {link}" + _SIGN_EN,
    },
    DecisionKind.ACCEPTED: {
        "subject_uk": "Вітаємо! Вас відібрано: «{call}»",
        "body_uk": "Вітаємо, {name}!\n\nРаді повідомити, що вашу заявку на конкурс «{call}» прийнято. "
                   "{training}\n\nПодробиці — у розділі «Моє навчання»: "
                   "{link}" + _SIGN_UK,
        "subject_en": "Congratulations! You are selected: “{call}”",
        "body_en": "Dear {name},\n\nWe are glad to tell you that your application to the call “{call}” has been "
                   "accepted. {training}\n\nDetails are under "
                   "“My learning”: {link}" + _SIGN_EN,
    },
    DecisionKind.REJECTED: {
        "subject_uk": "Результати відбору: «{call}»",
        "body_uk": "Шановна / шановний {name}!\n\nДякуємо за вашу заявку на конкурс «{call}». На жаль, цього разу "
                   "її не відібрано. Стежте за новими конкурсами на нашому сайті." + _SIGN_UK,
        "subject_en": "Selection results: “{call}”",
        "body_en": "Dear {name},\n\nThank you for applying to the call “{call}”. Unfortunately, your application "
                   "was not selected this time. Please watch our website for new calls." + _SIGN_EN,
    },
}


def fill(template: str, values: dict[str, str]) -> str:
    """The template with each known {placeholder} replaced; plain replacement, so braces cannot reach attributes."""
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), template)


def template_for(kind: str) -> DecisionEmail:
    """The coordinators' version of this email, or the default when its row is missing."""
    return DecisionEmail.objects.filter(kind=kind).first() or DecisionEmail(kind=kind, **DEFAULT_TEMPLATES[kind])


def site_url(path: str = "") -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


@dataclass(frozen=True)
class Facts:
    """What the placeholders say, gathered once; titles per language."""

    name: str
    calls: dict[str, str]
    stages: dict[str, str]
    session: str
    first_day: object
    last_day: object


def _dates(first_day, last_day) -> str:
    return date_range(first_day, last_day) if first_day else ""


def _training(session: str, dates: str) -> str:
    """The sentence about the place an acceptance gave, in the active language; "" when it gave none."""
    if not session:
        return ""
    if not dates:
        return gettext("You are enrolled in the training “%(session)s”.") % {"session": session}
    return gettext("You are enrolled in the training “%(session)s” (%(dates)s).") % {"session": session,
                                                                                     "dates": dates}


def values_for(facts: Facts, language: str) -> dict[str, str]:
    with translation.override(language):
        dates = _dates(facts.first_day, facts.last_day)
        return {
            "name": facts.name,
            "call": facts.calls.get(language) or facts.calls.get("uk", ""),
            "stage": facts.stages.get(language) or facts.stages.get("uk", ""),
            "training": _training(facts.session, dates),
            "session": facts.session,
            "dates": dates,
            "link": site_url(f"/{language}/learning/"),
        }


def gather_facts(application: Application) -> Facts:
    """The call's and the stage's titles in each language, and the session the applicant holds a place on."""
    pages = {page.locale.language_code: page for page in
             CallPage.objects.filter(call_id=application.call_id).select_related("locale")}
    stages = {}
    ordered = list(application.call.stages.order_by("sort_order", "pk"))
    if application.stage < len(ordered):
        stage = ordered[application.stage]
        stages = {"uk": stage.title_uk, "en": stage.title_en or stage.title_uk}
    session, first_day, last_day = "", None, None
    if application.enrollment_id:
        enrollment = application.enrollment
        days = sorted(day.date for day in enrollment.session.days.all())
        session = enrollment.session.title
        first_day, last_day = (days[0], days[-1]) if days else (None, None)
    return Facts(name=application.full_name or application.applicant.get_full_name() or application.applicant.email,
                 calls={language: page.title for language, page in pages.items()}, stages=stages,
                 session=session, first_day=first_day, last_day=last_day)


def render_decision(application: Application, kind: str) -> tuple[str, str]:
    """Subject and plain-text body: the Ukrainian version, then the English one."""
    template = template_for(kind)
    facts = gather_facts(application)
    subjects, bodies = [], []
    for language in LANGUAGES:
        values = values_for(facts, language)
        subjects.append(fill(getattr(template, f"subject_{language}"), values).strip())
        bodies.append(fill(getattr(template, f"body_{language}"), values).strip())
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(" / ".join(subjects).split())
    return subject, SEPARATOR.join(bodies) + "\n"


def notify_decision(application: Application, kind: str) -> None:
    """Record the email with the change and send it once that commits (never for a change that was rolled back)."""
    recipient = application.applicant.email
    if not recipient:
        return
    subject, body = render_decision(application, kind)
    queue_email(subject=subject, body=body, to=[recipient])
