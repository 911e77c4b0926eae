"""A finished demo session with quiz results, so the demo shows what trainers see after a course.

The crisis-communication course ran in Kryvyi Rih a week ago: the two demo participants and nine
demo attendees took part every day, took the pre-test on the morning of day 1 and (all but
participant1, who takes it herself in the demo) the post-test on the last afternoon. Some took the
first module's quiz, and most answered the burnout self-check, so its group distribution shows.
participant2 passed the post-test, so the demo has a certificate to download and verify
(`lms/demo/certificates.py` issues them).

Records go through the site's services with `now` set inside the session's windows, exactly as if people had
taken part then: the paper sheet's marks through `attendance.services.record_attendance`, attempts through
`quizzes.services` (start, save, submit). Answers are simulated from a seed per person, so each run is the
same. The session itself is a coordinator's admin entry (`sessions.create_session`).
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.http import QueryDict
from django.utils import timezone

from content.roles import PARTICIPANT, TRAINER
from courses.models import CoursePage, QuizKind, QuizPage
from enrollments.attendance.services import record_attendance
from enrollments.models import (
    AttemptStatus,
    Attendance,
    AttendanceMethod,
    AttendanceStatus,
    EnrollmentStatus,
    QuizAttempt,
    SessionStatus,
    TrainingSession,
)
from enrollments.quizzes import selectors, services
from enrollments.quizzes.answers import field_name
from enrollments.quizzes.availability import Refusal
from lms.demo.people import account, background_account, email_of
from lms.demo.sessions import DAY_ENDS, create_session, place

COURSE = "crisis-communication"
# The quizzes taken, as (course slug, quiz slug): the keys of `quizzes.seed_quiz_pages`.
PRE_TEST, POST_TEST = (COURSE, "pre-test"), (COURSE, "post-test")
MODULE_QUIZ = (COURSE, "psychological-first-aid-quiz")
SELF_CHECK = ("burnout-prevention", "burnout-self-check")
CITY = "Кривий Ріг"
VENUE = "Криворізький міський центр соціальних служб, просп. Поштовий, 32, конференц-зала"
CITY_EN, VENUE_EN = "Kryvyi Rih", "Kryvyi Rih City Social Services Centre, 32 Poshtovyi Ave, conference hall"
ENDED_DAYS_AGO = 7
# The demo participant took the pre-test (5 of 8 right) and takes the post-test herself in the demo.
PARTICIPANT_PRE_TEST_RIGHT = 5
# participant2 took both: 7 of 8 right on the post-test passes its 70 % whichever question was missed.
HOLDER_EMAIL = "participant2@example.org"
HOLDER_PRE_TEST_RIGHT, HOLDER_POST_TEST_RIGHT = 4, 7


@dataclass(frozen=True)
class DemoAttendee:
    """A demo account on the finished session, and how it did: questions answered right per attempt."""

    email: str
    full_name: str
    profession: str
    organisation: str
    community: str
    pre: int
    post: int
    module_quiz: tuple[int, ...] = ()  # the first module's quiz, one number per attempt
    strain: int | None = None  # 0–4, how the person answers the burnout self-check; None: not taken


DEMO_ATTENDEES = (
    DemoAttendee("attendee01@example.org", "Ірина Бондаренко", "social_worker",
                 "Криворізький міський центр соціальних служб", "Криворізька громада", 4, 7, (5, 7), 2),
    DemoAttendee("attendee02@example.org", "Тарас Кравчук", "psychologist", "ГО «Відновлення разом»",
                 "Нікопольська громада", 6, 8, (7,), 3),
    DemoAttendee("attendee03@example.org", "Наталія Савченко", "case_manager", "Центр надання соціальних послуг",
                 "Марганецька громада", 3, 6, (4, 6), 3),
    DemoAttendee("attendee04@example.org", "Віктор Олійник", "teacher", "Криворізький ліцей № 12",
                 "Криворізька громада", 2, 6, (), 1),
    DemoAttendee("attendee05@example.org", "Світлана Лисенко", "rehabilitation_specialist",
                 "Реабілітаційне відділення міської лікарні", "Апостолівська громада", 5, 8, (6,), 2),
    DemoAttendee("attendee06@example.org", "Оксана Мороз", "speech_therapist", "Інклюзивно-ресурсний центр",
                 "Зеленодольська громада", 4, 7, (), 1),
    DemoAttendee("attendee07@example.org", "Дмитро Гребенюк", "social_worker",
                 "Управління соціального захисту населення", "Софіївська громада", 3, 5, (3, 5, 6), 4),
    DemoAttendee("attendee08@example.org", "Людмила Руденко", "case_manager", "Центр надання соціальних послуг",
                 "Широківська громада", 7, 8, (7,), None),
    DemoAttendee("attendee09@example.org", "Роман Ковальчук", "psychologist", "Центр психічного здоров’я",
                 "Нікопольська громада", 5, 7, (), 2),
)


@dataclass
class DemoResultsReport:
    sessions: list[TrainingSession] = field(default_factory=list)  # the finished session, with the demo accounts
    notes: list[str] = field(default_factory=list)  # what to try with the quizzes, for the seed output


def at(day: date, moment: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, moment))


def seed_results(*, courses: dict[str, CoursePage], quizzes: dict[tuple[str, str], QuizPage],
                 with_users: bool) -> DemoResultsReport:
    """With the demo accounts, the finished session and its results; `quizzes` by (course slug, quiz slug)."""
    report = DemoResultsReport()
    course = courses.get(COURSE)
    if not with_users or course is None:
        return report
    trainer, participant = account(email_of(TRAINER)), account(email_of(PARTICIPANT))  # participant1
    if trainer is None or participant is None:
        return report
    session = seed_finished_session(course=course, quizzes=quizzes, trainer=trainer, participant=participant)
    report.sessions.append(session)
    report.notes += notes(session=session, quizzes=quizzes, participant=participant, trainer=trainer)
    return report


def seed_finished_session(*, course: CoursePage, quizzes: dict[tuple[str, str], QuizPage],
                          trainer: AbstractBaseUser, participant: AbstractBaseUser) -> TrainingSession:
    """The Kryvyi Rih session and its results; `quizzes` by (course slug, quiz slug). A quiz missing
    from it (an editor removed it) is simply not taken.
    """
    attendees = [background_account(demo) for demo in DEMO_ATTENDEES]
    holder = account(HOLDER_EMAIL)  # participant2, when seeded
    session = _session(course, trainer, [participant, *([holder] if holder else []), *attendees])
    days = [day.date for day in session.days.all()]
    pre, post, module_quiz, self_check = (quizzes.get(key) for key in (PRE_TEST, POST_TEST, MODULE_QUIZ, SELF_CHECK))
    if pre:
        take(pre, participant, session, at(days[0], time(8, 40)), right=PARTICIPANT_PRE_TEST_RIGHT)
    if holder and pre:
        take(pre, holder, session, at(days[0], time(8, 42)), right=HOLDER_PRE_TEST_RIGHT)
    if holder and post:
        take(post, holder, session, at(days[-1], time(15, 25)), right=HOLDER_POST_TEST_RIGHT)
    for index, (demo, user) in enumerate(zip(DEMO_ATTENDEES, attendees, strict=True)):
        later = timedelta(minutes=3 * index)  # people do not all press "start" in the same minute
        if pre:
            take(pre, user, session, at(days[0], time(8, 45)) + later, right=demo.pre)
        if post:
            take(post, user, session, at(days[-1], time(15, 30)) + later, right=demo.post)
        for number, right in enumerate(demo.module_quiz, start=1):
            if module_quiz:  # the first attempt on the evening of day 1, each next one 13 hours later
                take(module_quiz, user, None, at(days[0], time(19)) + timedelta(hours=13 * (number - 1)) + later,
                     right=right, number=number)
        if self_check and demo.strain is not None:
            take(self_check, user, None, at(days[-1] + timedelta(days=2), time(20)) + later, strain=demo.strain)
    return session


def _session(course: CoursePage, trainer: AbstractBaseUser, people: list[AbstractBaseUser]) -> TrainingSession:
    """Three days ending a week ago, completed; everyone enrolled and marked present (from the paper
    sheet) on every day that has no mark yet, so a trainer's later correction is kept.
    """
    session = TrainingSession.objects.filter(course=course, city_uk=CITY).first()
    if session is None:
        last = timezone.localdate() - timedelta(days=ENDED_DAYS_AGO)
        session = create_session(course=course, dates=[last - timedelta(days=2 - offset) for offset in range(3)],
                                 venue_uk=VENUE, city_uk=CITY, venue_en=VENUE_EN, city_en=CITY_EN,
                                 oblast="dnipropetrovsk", capacity=20,
                                 status=SessionStatus.COMPLETED)
        session.trainers.add(trainer)
    for user in people:
        place(session=session, user=user)
    present = list(session.enrollments.filter(status__in=EnrollmentStatus.holding_seat())
                   .values_list("pk", flat=True))
    for day in session.days.all():
        marked = set(Attendance.objects.filter(day=day).values_list("enrollment_id", flat=True))
        if marks := {pk: AttendanceStatus.PRESENT for pk in present if pk not in marked}:
            record_attendance(day=day, marks=marks, by=trainer, method=AttendanceMethod.IMPORT,
                              now=at(day.date, DAY_ENDS))
    return session


# --- Taking a quiz as a demo person would ------------------------------------------------------

def simulated_answers(definition: dict, *, rng: random.Random, right: int = 0,
                      strain: int | None = None) -> dict[str, list[str]]:
    """Form values by question id: `right` graded questions answered correctly (the others wrong,
    partly right or skipped), or, for a self-assessment, answers around the `strain` level 0–4.
    """
    questions = definition["questions"]
    if strain is not None:
        by_score = {option["score"]: option["id"] for option in definition["scale"]}
        low, high = min(by_score), max(by_score)
        answers = {}
        for question in questions:
            level = min(high, max(low, strain + rng.choice((-1, 0, 0, 1))))
            answers[question["id"]] = [by_score[high + low - level if question["reverse_scored"] else level]]
        return answers
    correct = set(rng.sample([question["id"] for question in questions], min(right, len(questions))))
    return {question["id"]: _answer(question, question["id"] in correct, rng) for question in questions}


def _answer(question: dict, right: bool, rng: random.Random) -> list[str]:
    kind = question["type"]
    if kind in ("single_choice", "multiple_choice"):
        correct = [choice["id"] for choice in question["choices"] if choice["correct"]]
        wrong = [choice["id"] for choice in question["choices"] if not choice["correct"]]
        if right:
            return correct
        return [rng.choice(wrong)] if kind == "single_choice" else [*correct[:-1], rng.choice(wrong)]
    if kind == "true_false":
        return [question["answer"] if right else {"true": "false", "false": "true"}[question["answer"]]]
    if kind == "short_text":
        return [rng.choice(question["accepted_answers"])] if right else []  # a wrong guess is usually left blank
    return [question["answer"] if right else str(Decimal(question["answer"]) + 1)]  # numeric


def take(quiz: QuizPage, user, session: TrainingSession | None, started: datetime, *, right: int = 0,
         strain: int | None = None, number: int = 1) -> QuizAttempt | None:
    """The person's attempt `number` at the quiz, started at `started` and submitted minutes later,
    unless they already have that many attempts or the quiz would not let them start then.
    """
    if QuizAttempt.objects.filter(user=user, quiz_key=quiz.translation_key, session=session).count() >= number:
        return None
    availability = selectors.availability(quiz=quiz, user=user, now=started)
    chosen = availability.session.pk if availability.session else None
    if not availability.can_start or chosen != (session.pk if session else None):
        return None
    attempt = services.start_attempt(quiz=quiz, user=user, now=started)
    rng = random.Random(f"{user.email}/{quiz.slug}/{number}")  # noqa: S311 - demo answers, not secrets
    data = QueryDict(mutable=True)
    data.setlist("questions", attempt.order["questions"])
    for question_id, values in simulated_answers(attempt.version.definition, rng=rng, right=right,
                                                 strain=strain).items():
        if values:
            data.setlist(field_name(question_id), values)
    finished = started + timedelta(minutes=rng.randint(5, 12))
    services.save_answers(attempt=attempt, data=data, now=finished)
    return services.submit_attempt(attempt=attempt, now=finished)


def notes(*, session: TrainingSession, quizzes: dict[tuple[str, str], QuizPage], participant,
          trainer) -> list[str]:
    """What to try in the demo, for the seed output: the windows as they are right now."""
    lines = []
    attempts = QuizAttempt.objects.filter(session=session, status=AttemptStatus.SUBMITTED)
    lines.append(f"{trainer.email} sees the knowledge gain of the {session.city} session "
                 f"({attempts.filter(kind=QuizKind.PRE_TEST).count()} pre-tests, "
                 f"{attempts.filter(kind=QuizKind.POST_TEST).count()} post-tests).")
    for key in (POST_TEST, PRE_TEST):
        quiz, slug = quizzes.get(key), key[1]
        state = selectors.availability(quiz=quiz, user=participant) if quiz else None
        if state is None or state.session is None or state.window is None or state.window.closes_at is None:
            continue
        where = f"the {slug} of the {state.session.city} session"
        closes = f"{timezone.localtime(state.window.closes_at):%d.%m.%Y %H:%M}"
        if state.can_start:
            lines.append(f"{participant.email} can take {where} until {closes}.")
        elif state.reason == Refusal.CLOSED:
            lines.append(f"{participant.email} could take {where} until {closes}; it is closed now.")
        else:
            lines.append(f"{participant.email} cannot take {where} now ({state.reason}).")
    return lines
