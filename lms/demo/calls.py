"""The demo's open call: teachers from Marhanets and Kryvyi Rih apply for the twelve places of a
crisis-communication training in Marhanets, selected in two stages on a three-criterion rubric.

The call's texts live in `curriculum/calls/` (front matter: stages, rubric and questions; body:
the description), one file per language. Question ids are made from the call's slug and the question's
position, the same on both pages, so an answer belongs to the same question in either language.

With the demo accounts, five teachers (accounts nobody logs in as) have applied: a draft, two
submitted, one shortlisted at the written stage and one moved on to the interview. They save and submit
through `enrollments.calls.services`, as applicants do, and the coordinator moves them through
`enrollments.calls.decisions.move_application`, each at its moment in the past and with `notify=False`: the
demo emails nobody. The one thing written after a service is an application's `created_at`, which the service
stamps with the real moment: it is set back to when the demo applicant began. The call (its rules, stages and
rubric), its pages and its session are an editor's and a coordinator's admin entries, with no service behind
them: they are written as models. Idempotent: the index, call, session and applications are looked up and
created only when missing; nothing an editor or a coordinator changed is overwritten.
"""

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from wagtail.blocks import StreamValue

from content.models import Call, CallCriterion, CallIndexPage, CallPage, CallStage
from content.roles import COORDINATOR, REVIEWER, TRAINER
from courses.models import CoursePage
from enrollments.calls import decisions, services
from enrollments.calls.answers import InvalidAnswers
from enrollments.calls.models import Application, ApplicationStatus
from enrollments.calls.transitions import Move
from enrollments.calls.window import KYIV, Window, kyiv_moment
from enrollments.models import CallSession, SessionStatus, TrainingSession
from lms.demo.pages import publish, translated
from lms.demo.people import account, background_account, email_of
from lms.demo.sessions import create_session
from lms.demo.sources import CURRICULUM_DIR, LANGUAGES, Document, markdown_to_stream, read_document

CALL_SOURCE = "teacher-training"  # curriculum/calls/teacher-training.<lang>.md
COURSE = "crisis-communication"
CITY = "Марганець"
VENUE = "Марганецька гімназія № 3, вул. Єдності, 62, актова зала"
CITY_EN, VENUE_EN = "Marhanets", "Marhanets Gymnasium No. 3, 62 Yednosti St, assembly hall"
COMMUNITIES = {"uk": ["Марганецька громада", "Криворізька громада"],
               "en": ["Marhanets community", "Kryvyi Rih community"]}
PLACES = 12
OPENED_DAYS_AGO = 7
DEADLINE_IN_DAYS = 21  # at 23:59 Kyiv time
SESSION_STARTS_IN_DAYS = 42  # the Monday after: time for the interviews and the decisions
APPLICANT_EMAIL = "participant3@example.org"  # a teacher from Kryvyi Rih: eligible, applies herself in the demo
REVIEWER_EMAIL = email_of(REVIEWER)
COORDINATOR_EMAIL = email_of(COORDINATOR)


@dataclass(frozen=True)
class DemoApplicant:
    """A teacher who has applied to the demo call, and how far the application has gone.

    `moves` are the coordinator's decisions after submitting, e.g. (Move.NEXT_STAGE,).
    """

    email: str
    full_name: str
    organisation: str
    community: str
    answers: tuple[str, str, str, tuple[str, ...]]  # position, motivation, experience, grades
    submitted_days_ago: int | None  # None: still a draft
    moves: tuple[str, ...] = ()
    profession: str = "teacher"


DEMO_APPLICANTS = (
    DemoApplicant("applicant01@example.org", "Галина Петренко", "Марганецька гімназія № 3", "Марганецька громада",
                  ("Вчителька початкових класів, Марганецька гімназія № 3",
                   "У моєму класі шестеро дітей, які евакуювалися з Нікополя. Хочу навчитися…", "До 1 року", ()),
                  None),
    DemoApplicant("applicant02@example.org", "Олег Савчук", "Криворізька гімназія № 21", "Криворізька громада",
                  ("Вчитель історії, Криворізька гімназія № 21",
                   "Після обстрілів діти часто не можуть зосередитися на уроці, а я не знаю, як їм допомогти, "
                   "не зашкодивши. Хочу навчитися говорити з ними про страх і втрату та вести спокійні "
                   "заняття в групі разом з колегами.", "Немає", ("5–9 класи", "10–11 класи")),
                  5),
    DemoApplicant("applicant03@example.org", "Ірина Мельничук", "Марганецький ліцей № 1", "Марганецька громада",
                  ("Практична психологиня і вчителька етики, Марганецький ліцей № 1",
                   "Третій рік веду групи підтримки для дітей-ВПО. Хочу систематизувати свої знання про першу "
                   "психологічну допомогу і разом з командою освітян запустити такі групи в інших школах громади.",
                   "Понад 3 роки", ("5–9 класи",)),
                  6, (Move.SHORTLIST,)),
    DemoApplicant("applicant04@example.org", "Наталія Гончаренко", "Криворізький ліцей № 8", "Криворізька громада",
                  ("Вчителька української мови, Криворізький ліцей № 8",
                   "Я класна керівниця 7-Б: у половини дітей батьки на фронті, двоє втратили тата. Працюю з "
                   "ними щодня і хочу робити це фахово, у команді з колегами, які мають такий самий досвід.",
                   "1–3 роки", ("5–9 класи", "10–11 класи")),
                  6, (Move.NEXT_STAGE,)),
    DemoApplicant("applicant05@example.org", "Андрій Кучер", "Криворізька гімназія № 44", "Криворізька громада",
                  ("Вчитель фізичної культури, Криворізька гімназія № 44",
                   "Спорт допомагає дітям відновлюватися після стресу. Хочу навчитися помічати дітей, яким "
                   "потрібна допомога, і правильно говорити з ними.", "До 1 року", ("1–4 класи", "5–9 класи")),
                  4),
)


@dataclass
class DemoCallReport:
    call: CallPage | None = None
    session: TrainingSession | None = None
    notes: list[str] = field(default_factory=list)  # what to try, for the seed output


def read_call(name: str = CALL_SOURCE, directory: Path = CURRICULUM_DIR / "calls") -> dict[str, Document]:
    return {lang: read_document(directory / f"{name}.{lang}.md") for lang in LANGUAGES}


def question_id(slug: str, position: int) -> str:
    """A question's block id: the same on every run and in both languages."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"hromada-demo/calls/{slug}/question/{position}"))


def questions_stream(doc: Document) -> StreamValue:
    """The front matter's questions as the call's questions, each with its fixed id."""
    blocks = []
    for position, question in enumerate(doc.meta["questions"]):
        kind, value = question["type"], {key: item for key, item in question.items() if key != "type"}
        if kind != "consent":
            value.setdefault("help_text", "")
        else:
            value["text"] = " ".join(value["text"].split())
        blocks.append((kind, value, question_id(doc.meta["slug"], position)))
    return StreamValue(CallPage._meta.get_field("questions").stream_block, blocks)


def call_fields(doc: Document) -> dict:
    """The page fields one language's file sets: the words. The rules are the call's (`_create_call`)."""
    return {"title": doc.meta["title"], "summary": " ".join(doc.meta["summary"].split()),
            "body": markdown_to_stream(doc.body), "questions": questions_stream(doc)}


def seed_demo_calls(*, indexes: dict[str, CallIndexPage], courses: dict[str, CoursePage], with_users: bool,
                    now: datetime | None = None) -> DemoCallReport:
    """The demo call in both languages under the site's open-calls indexes (`indexes`, by language), its session
    and, with the demo accounts, applications."""
    now = now or timezone.now()
    docs = read_call()
    course = courses.get(COURSE)
    session = _session(course, now) if course else None
    index = indexes["uk"]
    call = CallPage.objects.child_of(index).filter(slug=docs["uk"].meta["slug"]).first() or _create_call(
        index, docs, session, now)
    if "en" in indexes:
        translated(call, indexes["en"].locale, **call_fields(docs["en"]))
    report = DemoCallReport(call=call, session=session)
    if with_users:
        coordinator = account(COORDINATOR_EMAIL)
        for applicant in DEMO_APPLICANTS:
            apply(call, applicant, coordinator=coordinator, now=now)
        report.notes = notes(call, now=now)
    return report


def _create_call(index: CallIndexPage, docs: dict[str, Document], session: TrainingSession | None,
                 now: datetime) -> CallPage:
    """The call (its rules, with stages and rubric in both languages) and its Ukrainian page."""
    today = timezone.localdate(now, KYIV)
    doc = docs["uk"]
    call = Call(name=doc.meta["title"][:200], communities_uk="\n".join(COMMUNITIES["uk"]),
                communities_en="\n".join(COMMUNITIES["en"]),
                professions=["teacher"], opens_at=kyiv_moment(today - timedelta(days=OPENED_DAYS_AGO), time(9)),
                deadline=kyiv_moment(today + timedelta(days=DEADLINE_IN_DAYS), time(23, 59)),
                places=PLACES, editing_allowed=True)
    call.stages = [CallStage(sort_order=position, **words) for position, words in enumerate(_bilingual(docs, "stages"))]
    call.criteria = [CallCriterion(sort_order=position, weight=row["weight"], scale_max=row["scale_max"], **words)
                     for position, (row, words) in enumerate(zip(doc.meta["criteria"], _bilingual(docs, "criteria"),
                                                                 strict=True))]
    call.save()
    if session is not None:
        CallSession.objects.create(call=call, session=session)
    page = CallPage(slug=doc.meta["slug"], locale_id=index.locale_id, call=call, **call_fields(doc))
    index.add_child(instance=page)
    return publish(page)


def _bilingual(docs: dict[str, Document], key: str) -> list[dict[str, str]]:
    """Each stage's or criterion's title and description in Ukrainian and, position by position, English."""
    english = docs["en"].meta.get(key, []) if "en" in docs else []
    rows = []
    for position, row in enumerate(docs["uk"].meta[key]):
        words_en = english[position] if position < len(english) else {}
        rows.append({"title_uk": row["title"], "description_uk": row.get("description", ""),
                     "title_en": words_en.get("title", ""), "description_en": words_en.get("description", "")})
    return rows


def session_dates(today: date) -> list[date]:
    """Three days from the first Monday six weeks on: after the deadline, the interviews and the decisions."""
    start = today + timedelta(days=SESSION_STARTS_IN_DAYS)
    start += timedelta(days=(7 - start.weekday()) % 7)
    return [start + timedelta(days=offset) for offset in range(3)]


def _session(course: CoursePage, now: datetime) -> TrainingSession:
    """The Marhanets session the call fills. Enrollment is closed: its places are given through the call only."""
    session = TrainingSession.objects.filter(course=course, city_uk=CITY).first()
    if session is not None:
        return session
    session = create_session(course=course, dates=session_dates(timezone.localdate(now, KYIV)), venue_uk=VENUE,
                             city_uk=CITY, venue_en=VENUE_EN, city_en=CITY_EN, oblast="dnipropetrovsk",
                             capacity=PLACES, status=SessionStatus.CLOSED)
    trainer = account(email_of(TRAINER))
    if trainer is not None:
        session.trainers.add(trainer)
    return session


# --- Applications ------------------------------------------------------------------------------

def answers_for(call: CallPage, applicant: DemoApplicant) -> dict[str, object]:
    """The applicant's answers by question id (the questions of `curriculum/calls`, in order): the
    position, the motivation, the experience, the grades if any, and for a submission the consent (question 5).
    """
    position, motivation, experience, grades = applicant.answers
    ids = [question_id(call.slug, n) for n in range(6)]
    answers: dict[str, object] = {ids[0]: position, ids[1]: motivation, ids[2]: experience}
    if grades:
        answers[ids[3]] = list(grades)
    if applicant.submitted_days_ago is not None:
        answers[ids[5]] = True
    return answers


def apply(call: CallPage, applicant: DemoApplicant, *, coordinator: AbstractBaseUser | None,
          now: datetime) -> Application | None:
    """The applicant's application, as they and the coordinator left it; created once, or None when the call
    no longer takes applications at the moment it would have been sent.
    """
    user = background_account(applicant)
    existing = Application.objects.filter(call_id=call.call_id, applicant=user).first()
    if existing is not None:
        return existing
    days_ago = applicant.submitted_days_ago if applicant.submitted_days_ago is not None else 1
    sent = now - timedelta(days=days_ago, hours=3)
    declaration = services.Declaration(full_name=applicant.full_name, community=applicant.community,
                                       oblast="dnipropetrovsk", profession=applicant.profession)
    write = services.save_draft if applicant.submitted_days_ago is None else services.submit_application
    try:
        application = write(page=call, applicant=user, declaration=declaration,
                            answers=answers_for(call, applicant), now=sent)
    except (services.ApplicationRefused, services.AnswersNeedAttention, InvalidAnswers):
        return None  # the call is closed now, or an editor changed its questions: no demo application then
    Application.objects.filter(pk=application.pk).update(created_at=sent)  # begun then, not when seeded
    for number, move in enumerate(applicant.moves, start=1):
        try:
            application = decisions.move_application(application=application, move=move, by=coordinator,
                                                      now=sent + timedelta(days=number), notify=False)
        except decisions.DecisionRefused:
            break  # an editor changed the call's stages: the application waits where it got to
    return application


def notes(call: CallPage, *, now: datetime) -> list[str]:
    """What to try with the demo call, for the seed output."""
    applications = Application.objects.filter(call_id=call.call_id)
    sent = applications.exclude(status=ApplicationStatus.DRAFT)
    at_stage_two = sent.filter(stage=1).count()
    deadline = timezone.localtime(call.call.deadline, KYIV)
    state = Window.of(call.call).state(now)
    lines = [f"“{call.title}” ({state}, deadline {deadline:%d.%m.%Y %H:%M} Kyiv time, {call.call.places} places): "
             f"{call.url}",
             f"{APPLICANT_EMAIL} (a teacher from Kryvyi Rih) can apply to it.",
             f"{REVIEWER_EMAIL} scores the {sent.count()} applications sent (admin: Open calls → Applications); "
             f"{at_stage_two} is at stage two.",
             f"{COORDINATOR_EMAIL} moves applications to stage two, shortlists, rejects and accepts: "
             f"accepting enrolls the applicant in the {CITY} session."]
    return lines
