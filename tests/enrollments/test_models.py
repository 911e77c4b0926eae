"""Database constraints of sessions, days, enrollments and attendance (on SQLite and PostgreSQL)."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from enrollments import selectors
from enrollments.models import (
    Attendance,
    AttendanceChange,
    Enrollment,
    EnrollmentStatus,
    SessionDay,
    SessionStatus,
    TrainingSession,
)
from tests.enrollments.factories import AttendanceFactory, EnrollmentFactory, SessionDayFactory, TrainingSessionFactory
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(course):
    return TrainingSessionFactory(course=course)


def test_factory_builds_an_open_three_day_session(session, course):
    today = timezone.localdate()

    assert (session.course, session.title, session.status, session.capacity, session.city) == (
        course, course.title, "open", 30, "Дніпро")
    assert [(d.date, d.starts_at, d.ends_at) for d in session.days.all()] == [
        (today + timedelta(days=n), time(9, 30), time(17, 0)) for n in range(3)
    ]
    assert TrainingSessionFactory(course=course, days=0).days.count() == 0


def test_one_enrollment_per_person_per_session(session):
    enrollment = EnrollmentFactory(session=session)

    with pytest.raises(IntegrityError), transaction.atomic():
        Enrollment.objects.create(session=session, user=enrollment.user, status="waitlisted")

    assert Enrollment.objects.filter(user=enrollment.user).count() == 1


def test_a_person_may_enroll_in_several_sessions_and_a_session_holds_many(session, course):
    person = ParticipantFactory()
    other_session = TrainingSessionFactory(course=course)

    EnrollmentFactory(session=session, user=person)
    EnrollmentFactory(session=other_session, user=person)
    EnrollmentFactory(session=session)

    assert Enrollment.objects.filter(user=person).count() == 2
    assert session.enrollments.count() == 2


def test_one_attendance_per_enrollment_per_day(session):
    attendance = AttendanceFactory(enrollment=EnrollmentFactory(session=session))

    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(enrollment=attendance.enrollment, day=attendance.day, status="absent",
                                  method="roster", marked_at=timezone.now())

    assert Attendance.objects.get().status == "present"


def test_attendance_on_each_day_and_for_each_person_is_allowed(session):
    first, second = EnrollmentFactory.create_batch(2, session=session)
    for day in session.days.all():
        AttendanceFactory(enrollment=first, day=day)
        AttendanceFactory(enrollment=second, day=day)

    assert Attendance.objects.count() == 6


@pytest.mark.parametrize(("starts", "ends"), [(time(17, 0), time(9, 30)), (time(9, 30), time(9, 30))],
                         ids=["end-before-start", "end-equals-start"])
def test_day_ends_after_it_starts(session, starts, ends):
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionDay.objects.create(session=session, date=timezone.localdate() + timedelta(days=10),
                                  starts_at=starts, ends_at=ends)

    assert session.days.count() == 3


@pytest.mark.parametrize(("starts", "ends"), [(time(17, 0), time(9, 30)), (time(9, 30), time(9, 30))],
                         ids=["end-before-start", "end-equals-start"])
def test_day_ending_before_it_starts_fails_validation_with_a_message(session, starts, ends):
    day = SessionDay(session=session, date=timezone.localdate() + timedelta(days=10), starts_at=starts, ends_at=ends)

    with pytest.raises(ValidationError) as error:
        day.full_clean()

    assert "day_ends_after_start" in str(error.value)


def test_one_day_per_date_in_a_session(session):
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionDay.objects.create(session=session, date=timezone.localdate(), starts_at=time(18, 0),
                                  ends_at=time(20, 0))

    assert session.days.count() == 3


def test_two_sessions_may_meet_on_the_same_date(session, course):
    other = TrainingSessionFactory(course=course, days=0)

    SessionDayFactory(session=other, date=timezone.localdate())

    assert SessionDay.objects.filter(date=timezone.localdate()).count() == 2


@pytest.mark.parametrize("closes_after", [timedelta(0), -timedelta(hours=1)], ids=["same-moment", "before"])
def test_enrollment_closes_after_it_opens(course, closes_after):
    opens = timezone.now()

    with pytest.raises(IntegrityError), transaction.atomic():
        TrainingSession.objects.create(course=course, title="Ведення випадку", capacity=10,
                                       enrollment_opens_at=opens, enrollment_closes_at=opens + closes_after)

    assert not TrainingSession.objects.exists()


@pytest.mark.parametrize(
    ("opens", "closes"),
    [(None, None), (timezone.now(), None), (None, timezone.now()), (timezone.now(), timezone.now() + timedelta(1))],
    ids=["no-window", "opens-only", "closes-only", "opens-then-closes"],
)
def test_enrollment_window_may_be_open_ended(course, opens, closes):
    session = TrainingSession.objects.create(course=course, title="Ведення випадку", capacity=10,
                                             enrollment_opens_at=opens, enrollment_closes_at=closes)

    assert TrainingSession.objects.get() == session


def test_sessions_with_enrollments_and_courses_with_sessions_are_protected(session, course):
    EnrollmentFactory(session=session)

    with pytest.raises(ProtectedError), transaction.atomic():
        session.delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        course.delete()

    assert TrainingSession.objects.filter(pk=session.pk).exists()


def test_a_day_with_attendance_is_kept_and_a_day_without_is_deleted(session):
    enrollment = EnrollmentFactory(session=session)
    first, second, third = session.days.all()
    AttendanceFactory(enrollment=enrollment, day=first)
    AttendanceFactory(enrollment=enrollment, day=second)

    with pytest.raises(ProtectedError), transaction.atomic():
        first.delete()
    third.delete()

    assert sorted(Attendance.objects.values_list("day", flat=True)) == sorted([first.pk, second.pk])
    assert list(session.days.values_list("pk", flat=True)) == [first.pk, second.pk]


def test_title_is_a_snapshot_that_survives_renaming_the_course(session, course):
    course.title = "Нова назва"
    course.save_revision().publish()

    session.refresh_from_db()
    assert session.title == "Ведення випадку"
    assert str(session) == "Ведення випадку"


@pytest.mark.parametrize("model", [TrainingSession, SessionDay, Enrollment, Attendance, AttendanceChange])
def test_every_model_says_what_one_row_means(model):
    assert model.__doc__ and len(model.__doc__.strip().splitlines()) == 1


# --- Status groups on the enums -----------------------------------------------------------------

def test_a_place_says_whether_there_is_a_seat_not_what_the_person_achieved():
    """Attendance, quiz results and certificates say that; no status was ever written as "completed"."""
    from enrollments.transitions import Move

    assert "completed" not in EnrollmentStatus.values
    assert "complete" not in Move.__members__.values()


def test_enrollment_status_groups():
    assert EnrollmentStatus.holding_seat() == {EnrollmentStatus.ENROLLED}
    assert EnrollmentStatus.active() == {EnrollmentStatus.PENDING, EnrollmentStatus.ENROLLED,
                                         EnrollmentStatus.WAITLISTED}
    assert EnrollmentStatus.waiting() == {EnrollmentStatus.PENDING, EnrollmentStatus.WAITLISTED}


def test_session_status_groups_split_every_status_in_two():
    assert SessionStatus.listed() == {SessionStatus.OPEN, SessionStatus.CLOSED}
    assert SessionStatus.finished() == {SessionStatus.COMPLETED, SessionStatus.CANCELLED}
    assert SessionStatus.taking_people() == {SessionStatus.DRAFT, SessionStatus.OPEN, SessionStatus.CLOSED}
    assert SessionStatus.finished() | SessionStatus.taking_people() == set(SessionStatus)
    assert not SessionStatus.finished() & SessionStatus.taking_people()
    assert SessionStatus.listed() <= SessionStatus.taking_people()


@pytest.mark.parametrize("group", [EnrollmentStatus.holding_seat, EnrollmentStatus.active, EnrollmentStatus.waiting,
                                   SessionStatus.listed, SessionStatus.finished, SessionStatus.taking_people])
def test_groups_hold_members_and_are_not_choices(group):
    members = group()
    enum = type(next(iter(members)))

    assert isinstance(members, frozenset) and all(isinstance(status, enum) for status in members)
    assert len(enum.choices) == len(enum) == {EnrollmentStatus: 4, SessionStatus: 5}[enum]  # no choice added
    assert "frozenset" not in repr(enum.choices)


def test_a_place_holding_a_seat_is_never_waiting_and_a_settled_one_is_not_active():
    assert not EnrollmentStatus.holding_seat() & EnrollmentStatus.waiting()
    assert EnrollmentStatus.waiting() < EnrollmentStatus.active()
    assert set(EnrollmentStatus) - EnrollmentStatus.active() == {EnrollmentStatus.CANCELLED}


def test_groups_filter_rows_by_their_stored_values(course):
    session = TrainingSessionFactory(course=course, days=0)
    for status in EnrollmentStatus.values:
        EnrollmentFactory(session=session, status=status)

    held = Enrollment.objects.filter(session=session, status__in=EnrollmentStatus.holding_seat())

    assert list(held.values_list("status", flat=True)) == ["enrolled"]
    assert Enrollment.objects.get(session=session, status="pending").status in EnrollmentStatus.waiting()
    assert not hasattr(selectors, "SEAT_HOLDING_STATUSES")  # one definition: the enum's
