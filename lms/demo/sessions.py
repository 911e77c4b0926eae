"""The demo's training sessions: one under way in Dnipro, one in two weeks in Zaporizhzhia, one next month in
Kyiv with approval; and the helpers the finished session (`results`) and the call's session (`calls`) share.

Coordinators schedule sessions in the admin (*Training sessions*), with no service behind it: a session, its
days and its trainers are written as models. Places go through `enrollments.services.enroll`, the seat rule
and session lock every place goes through, with `notify=False`: the demo emails nobody. A session is looked up
by course and city and created once; a person who has a place (or had one) keeps it.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from wagtail.models import Locale

from content.roles import PARTICIPANT, TRAINER
from courses.models import CoursePage, ModulePage
from enrollments.models import (
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    SessionDay,
    SessionFormat,
    SessionStatus,
    TrainingSession,
)
from enrollments.services import enroll
from lms.demo.people import account, email_of, emails_of

DAY_STARTS, DAY_ENDS = time(9, 30), time(17, 0)


@dataclass(frozen=True)
class DemoSession:
    """A session to schedule: where, how many seats, whether requests need approval, who is on it, when."""

    course_slug: str
    city: str
    oblast: str
    venue: str
    city_en: str
    venue_en: str
    capacity: int
    approval_required: bool
    enroll_participants: bool
    starts: str  # "today", "in_two_weeks" or "next_month"


DEMO_SESSIONS = (
    # Happening now: the trainer marks day 1 in the demo, participants check in by QR on day 2.
    DemoSession("crisis-communication", "Дніпро", "dnipropetrovsk",
                "Центр надання соціальних послуг, просп. Дмитра Яворницького, 75, зала 2",
                "Dnipro", "Social Services Centre, 75 Dmytra Yavornytskoho Ave, hall 2", 30, False, True, "today"),
    # In two weeks: its pre-test is open whatever the hour the demo is run.
    DemoSession("crisis-communication", "Запоріжжя", "zaporizhzhia",
                "Запорізький обласний центр соціальних служб, вул. Незалежної України, 41",
                "Zaporizhzhia", "Zaporizhzhia Regional Social Services Centre, 41 Nezalezhnoi Ukrainy St", 20, False,
                True, "in_two_weeks"),
    # Next month, with requests a coordinator approves.
    DemoSession("case-management", "Київ", "kyiv_city", "Київський центр громадських ініціатив, вул. Хрещатик, 10",
                "Kyiv", "Kyiv Civic Initiatives Centre, 10 Khreshchatyk St", 25, True, False, "next_month"),
)


def demo_session_dates(*, starts: str, today: date) -> list[date]:
    """Three consecutive days: from today, from two weeks on, or from the first Monday of next month."""
    if starts == "today":
        start = today
    elif starts == "in_two_weeks":
        start = today + timedelta(days=14)
    else:
        next_month = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
        start = next_month + timedelta(days=(7 - next_month.weekday()) % 7)
    return [start + timedelta(days=offset) for offset in range(3)]


def seed_sessions(courses: dict[str, CoursePage]) -> list[TrainingSession]:
    """The demo sessions, created once (looked up by course and city); the demo trainer and participants
    are added when their accounts exist. Attendance is never pre-marked: the demo marks it live.
    """
    trainer = account(email_of(TRAINER))
    participants = [user for user in map(account, sorted(emails_of(PARTICIPANT))) if user is not None]
    sessions = []
    for demo in DEMO_SESSIONS:
        course = courses.get(demo.course_slug)
        if course is None:
            continue
        session = TrainingSession.objects.filter(course=course, city_uk=demo.city).first() or _create(course, demo)
        if trainer is not None:
            session.trainers.add(trainer)
        if demo.enroll_participants:
            for user in participants:
                place(session=session, user=user)
        sessions.append(session)
    return sessions


def _create(course: CoursePage, demo: DemoSession) -> TrainingSession:
    dates = demo_session_dates(starts=demo.starts, today=timezone.localdate())
    closes = timezone.make_aware(datetime.combine(dates[0] - timedelta(days=1), time(18, 0)))
    return create_session(course=course, dates=dates, venue_uk=demo.venue, city_uk=demo.city, venue_en=demo.venue_en,
                          city_en=demo.city_en, oblast=demo.oblast,
                          capacity=demo.capacity, approval_required=demo.approval_required, status=SessionStatus.OPEN,
                          enrollment_closes_at=closes if closes > timezone.now() else None)


def create_session(*, course: CoursePage, dates: list[date], **fields) -> TrainingSession:
    """A new in-person session of the course in Ukrainian, as a coordinator enters it: its title is the course's
    (in both languages), its days run 9:30–17:00 on `dates`, each on the course's module of the same position;
    `fields` set the rest (venue_uk, venue_en, city_uk, city_en, ...).
    """
    english = course.get_translation_or_none(Locale.objects.get(language_code="en"))
    topics_uk = _module_titles(course)
    topics_en = _module_titles(english) if english else []
    session = TrainingSession(course=course, title_uk=course.title, title_en=english.title if english else "",
                              language="uk", format=SessionFormat.IN_PERSON, **fields)
    session.days = [SessionDay(date=day, starts_at=DAY_STARTS, ends_at=DAY_ENDS,
                               topic_uk=topics_uk[index] if index < len(topics_uk) else "",
                               topic_en=topics_en[index] if index < len(topics_en) else "")
                    for index, day in enumerate(dates)]
    session.save()
    return session


def _module_titles(course) -> list[str]:
    return list(ModulePage.objects.child_of(course).order_by("path").values_list("title", flat=True))


def place(*, session: TrainingSession, user: AbstractBaseUser) -> Enrollment:
    """The person's place on the session, given once as an imported list gives it (a seat while one is free, then
    the waiting list), without the confirmation email; a place they have, or had and gave up, stays as it is."""
    existing = Enrollment.objects.filter(session=session, user=user).first()
    if existing is not None:
        return existing
    return enroll(session=session, user=user, source=EnrollmentSource.IMPORTED, notify=False)


def describe_session(session: TrainingSession) -> str:
    """One line for the seed output: what, where, when, and how many people are on it."""
    days = [day.date for day in session.days.all()]
    when = f"{days[0]:%d.%m.%Y}–{days[-1]:%d.%m.%Y}" if days else "—"
    enrolled = session.enrollments.filter(status=EnrollmentStatus.ENROLLED).count()
    approval = ", approval required" if session.approval_required else ""
    return f"{session.title} — {session.city}, {when}, {enrolled}/{session.capacity} enrolled{approval} (#{session.pk})"
