"""Load training sessions over the last two years and the next three months, across the oblasts (most in the
frontline ones): their days and trainers, the places on them, and the attendance marked on the days gone by.

A session takes 20–40 people, mostly from its own oblast; a finished session is completed, one under way or to
come is open (some closed to new requests). Marks are mostly present, some late, absent or excused, entered from
the paper sheet or the roster at the end of each day by the session's trainer.
"""

import math
import random
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from decimal import Decimal

from wagtail.models import Locale

from courses.models import CoursePage, ModulePage
from enrollments.models import (
    Attendance,
    AttendanceMethod,
    AttendanceStatus,
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    SessionDay,
    SessionFormat,
    SessionStatus,
    TrainingSession,
)
from lms.loaddata import vocabulary as words
from lms.loaddata.bulk import Weighted, Writer, at
from lms.loaddata.people import Person

PAST_DAYS, FUTURE_DAYS = 730, 90
DAY_STARTS, DAY_ENDS = time(9, 30), time(17, 0)
ATTENDED = {AttendanceStatus.PRESENT, AttendanceStatus.LATE}  # as the demo's rules count (late counts by default)
HOURS_PER_DAY = Decimal(6)  # training without breaks on a 9:30–17:00 day


@dataclass
class Place:
    """One load place: whose, and what attendance says about it."""

    pk: int
    user_pk: int
    status: str
    days_attended: int = 0


@dataclass
class PlannedSession:
    """A load session as later generators need it: course, days (pk, date), trainers and places."""

    pk: int
    course_slug: str
    status: str
    days: list[tuple[int, date]]
    trainer_pks: list[int]
    capacity: int
    oblast: str
    city: str
    hours: Decimal | None  # the session's own hours; None: the course's duration
    places: list[Place] = field(default_factory=list)

    def has_begun(self, today: date) -> bool:
        return self.days[0][1] < today

    def has_ended(self, today: date) -> bool:
        return self.days[-1][1] < today


def course_words(course: CoursePage) -> dict:
    """The course's titles and the day topics (its modules, in order) in both languages."""
    english = course.get_translation_or_none(Locale.objects.get(language_code="en"))
    modules = list(ModulePage.objects.child_of(course).order_by("path").values_list("title", flat=True))
    modules_en = list(ModulePage.objects.child_of(english).order_by("path").values_list("title", flat=True)) \
        if english else []
    return {"title": course.title, "title_en": english.title if english else "", "topics": modules,
            "topics_en": modules_en}


def create_sessions(*, writer: Writer, rng: random.Random, count: int, courses: dict[str, CoursePage],
                    trainers: list[Person], today: date, days: dict[int, int] | None = None) -> list[PlannedSession]:
    """The sessions, their days and their trainers (one, sometimes two, mostly of the session's oblast)."""
    oblasts = Weighted({oblast: weight for oblast, (weight, _cities) in words.OBLASTS.items()})
    slugs = Weighted({slug: weight for slug, weight in words.COURSES.items() if slug in courses})
    lengths = Weighted(days or words.DAYS)
    titles = {slug: course_words(course) for slug, course in courses.items()}
    by_oblast: dict[str, list[Person]] = {}
    for trainer in trainers:
        by_oblast.setdefault(trainer.oblast, []).append(trainer)
    rows, plans = [], []
    for _number in range(count):
        slug, oblast, length = slugs.draw(rng), oblasts.draw(rng), lengths.draw(rng)
        city_uk, city_en, _community = rng.choice(words.OBLASTS[oblast][1])
        start = today + timedelta(days=rng.randint(-PAST_DAYS, FUTURE_DAYS))
        dates = [start + timedelta(days=offset) for offset in range(length)]
        status = (SessionStatus.COMPLETED if dates[-1] < today else
                  SessionStatus.CLOSED if rng.random() < 0.2 else SessionStatus.OPEN)
        capacity = rng.randint(20, 40)
        hours = HOURS_PER_DAY * length if length != 3 else None  # a three-day session gives the course's hours
        venue = rng.randrange(len(words.VENUES))
        hall = rng.randint(1, 40)
        course = titles[slug]
        rows.append(TrainingSession(
            course=courses[slug], title_uk=course["title"], title_en=course["title_en"], language="uk",
            format=SessionFormat.IN_PERSON, venue_uk=words.VENUES[venue].format(n=hall),
            venue_en=words.VENUES_EN[venue].format(n=hall), city_uk=city_uk, city_en=city_en, oblast=oblast,
            capacity=capacity, approval_required=rng.random() < 0.15, status=status,
            hours=hours,
            enrollment_closes_at=at(start - timedelta(days=1), time(18)),
            created_at=at(start - timedelta(days=rng.randint(20, 60)), time(10)),
            updated_at=at(min(dates[-1] + timedelta(days=1), today), time(10))))
        local = by_oblast.get(oblast) or trainers
        chosen = rng.sample(local, min(len(local), 2 if rng.random() < 0.25 else 1))
        plans.append(PlannedSession(pk=0, course_slug=slug, status=status, days=[(0, day) for day in dates],
                                    trainer_pks=[trainer.pk for trainer in chosen], capacity=capacity,
                                    oblast=oblast, city=city_uk, hours=hours))
    for plan, session in zip(plans, writer.insert(TrainingSession, rows), strict=True):
        plan.pk = session.pk
    _create_days(writer, plans, titles)
    link = TrainingSession.trainers.through
    writer.insert(link, [link(trainingsession_id=plan.pk, user_id=pk) for plan in plans for pk in plan.trainer_pks])
    return plans


def _create_days(writer: Writer, plans: list[PlannedSession], titles: dict[str, dict]) -> None:
    def topic(topics: list[str], index: int) -> str:
        return topics[index] if index < len(topics) else ""

    rows = [SessionDay(session_id=plan.pk, date=day, starts_at=DAY_STARTS, ends_at=DAY_ENDS,
                       topic_uk=topic(titles[plan.course_slug]["topics"], index),
                       topic_en=topic(titles[plan.course_slug]["topics_en"], index))
            for plan in plans for index, (_pk, day) in enumerate(plan.days)]
    days = iter(writer.insert(SessionDay, rows))
    for plan in plans:
        plan.days = [(next(days).pk, day) for _pk, day in plan.days]


def create_places(*, writer: Writer, rng: random.Random, plans: list[PlannedSession], participants: list[Person],
                  today: date) -> None:
    """20–40 people per session, mostly of its oblast: seats taken, a few given up, a waiting list when full."""
    by_oblast: dict[str, list[Person]] = {}
    for person in participants:
        by_oblast.setdefault(person.oblast, []).append(person)
    sources = Weighted({EnrollmentSource.SELF: 60, EnrollmentSource.IMPORTED: 34, EnrollmentSource.WALK_IN: 6})
    rows, owners = [], []
    for plan in plans:
        start = plan.days[0][1]
        fill = rng.uniform(0.85, 1.0) if start <= today + timedelta(days=14) else rng.uniform(0.3, 1.0)
        seats = max(1, round(plan.capacity * fill))
        extra = rng.randint(0, 3) + (rng.randint(1, 5) if seats == plan.capacity else 0)
        people = _choose(rng, by_oblast.get(plan.oblast, []), participants, seats + extra)
        for index, person in enumerate(people):
            status = (EnrollmentStatus.ENROLLED if index < seats else
                      EnrollmentStatus.WAITLISTED if seats == plan.capacity and plan.status != SessionStatus.COMPLETED
                      else EnrollmentStatus.CANCELLED)
            taken = at(start - timedelta(days=rng.randint(2, 45)), time(rng.randint(8, 22), rng.randint(0, 59)))
            rows.append(Enrollment(session_id=plan.pk, user_id=person.pk, status=status, source=sources.draw(rng),
                                   created_at=taken, status_changed_at=taken))
            owners.append(plan)
    for plan, enrollment in zip(owners, writer.insert(Enrollment, rows), strict=True):
        plan.places.append(Place(pk=enrollment.pk, user_pk=enrollment.user_id, status=enrollment.status))


def _choose(rng: random.Random, local: list[Person], everyone: list[Person], count: int) -> list[Person]:
    """`count` different people, nine in ten from the session's oblast while it has enough."""
    from_local = min(len(local), math.ceil(count * 0.9))
    chosen = rng.sample(local, from_local)
    taken = {person.pk for person in chosen}
    while len(chosen) < count:
        person = rng.choice(everyone)
        if person.pk not in taken:
            taken.add(person.pk)
            chosen.append(person)
    return chosen


def create_attendance(*, writer: Writer, rng: random.Random, plans: list[PlannedSession], today: date) -> None:
    """A mark for every seat on every day gone by; each person has their own habit of coming on time."""
    statuses = Weighted(words.ATTENDANCE)
    methods = Weighted({AttendanceMethod.ROSTER: 55, AttendanceMethod.IMPORT: 30,
                        AttendanceMethod.SELF_CHECK_IN: 15})

    def marks():
        for plan in plans:
            past = [(pk, day) for pk, day in plan.days if day < today]
            method = methods.draw(rng)
            for place in plan.places:
                if place.status != EnrollmentStatus.ENROLLED:
                    continue
                steady = rng.random() < 0.65  # most people come every day
                for day_pk, day in past:
                    status = AttendanceStatus.PRESENT if steady else statuses.draw(rng)
                    place.days_attended += status in ATTENDED
                    yield Attendance(enrollment_id=place.pk, day_id=day_pk, status=status, method=method,
                                     marked_by_id=plan.trainer_pks[0],
                                     marked_at=at(day, DAY_ENDS) + timedelta(minutes=rng.randint(0, 90)))

    total = sum(len([1 for _pk, day in plan.days if day < today]) * sum(
        place.status == EnrollmentStatus.ENROLLED for place in plan.places) for plan in plans)
    writer.insert(Attendance, marks(), total=total)
