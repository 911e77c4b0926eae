"""The attendance services: a day's marks with their history, and self check-in."""

from datetime import datetime, time, timedelta
from types import SimpleNamespace

import pytest
from django.core import signing
from django.utils import timezone

from enrollments.attendance import checkin
from enrollments.attendance.checkin import CheckInRefused, make_token
from enrollments.attendance.services import check_in, record_attendance
from enrollments.models import Attendance, AttendanceChange, AttendanceMethod
from tests.enrollments.factories import AttendanceFactory, EnrollmentFactory, TrainingSessionFactory
from tests.enrollments.seats import CANCELLED, PENDING, WAITLISTED
from tests.factories import ParticipantFactory, TrainerFactory

pytestmark = pytest.mark.django_db


# --- record attendance ---------------------------------------------------------------------------

@pytest.fixture
def day(session):
    return session.days.order_by("date").first()


@pytest.fixture
def trainer(session):
    trainer = TrainerFactory()
    session.trainers.add(trainer)
    return trainer


def history(attendance) -> list[tuple]:
    return list(attendance.changes.values_list("old_status", "new_status", "method", "changed_by", "changed_at"))


def test_record_attendance_creates_marks_with_history(session, day, trainer):
    first, second = EnrollmentFactory.create_batch(2, session=session)
    now = timezone.now()

    saved = record_attendance(day=day, marks={first.pk: "present", second.pk: "absent"}, by=trainer,
                              method=AttendanceMethod.ROSTER, notes={second.pk: "Хворіє"}, now=now)

    assert {(a.enrollment_id, a.status) for a in saved} == {(first.pk, "present"), (second.pk, "absent")}
    rows = {a.enrollment_id: a for a in Attendance.objects.filter(day=day)}
    assert (rows[first.pk].marked_by, rows[first.pk].marked_at, rows[first.pk].method) == (trainer, now, "roster")
    assert rows[second.pk].note == "Хворіє"
    assert history(rows[first.pk]) == [("", "present", "roster", trainer.pk, now)]
    assert history(rows[second.pk]) == [("", "absent", "roster", trainer.pk, now)]


def test_changing_a_mark_keeps_who_changed_what_and_when(session, day, trainer):
    enrollment = EnrollmentFactory(session=session)
    coordinator = TrainerFactory()
    marked, changed = timezone.now() - timedelta(hours=2), timezone.now()
    record_attendance(day=day, marks={enrollment.pk: "absent"}, by=trainer, method="roster", now=marked)

    record_attendance(day=day, marks={enrollment.pk: "late"}, by=coordinator, method="import", now=changed)

    attendance = Attendance.objects.get()
    assert (attendance.status, attendance.marked_by, attendance.marked_at, attendance.method) == (
        "late", coordinator, changed, "import")
    assert history(attendance) == [
        ("", "absent", "roster", trainer.pk, marked),
        ("absent", "late", "import", coordinator.pk, changed),
    ]


def test_saving_the_same_marks_again_adds_no_history(session, day, trainer):
    enrollment = EnrollmentFactory(session=session)
    first_time = timezone.now() - timedelta(hours=1)
    record_attendance(day=day, marks={enrollment.pk: "present"}, by=trainer, method="roster", now=first_time)

    record_attendance(day=day, marks={enrollment.pk: "present"}, by=TrainerFactory(), method="roster")

    attendance = Attendance.objects.get()
    assert (attendance.marked_by, attendance.marked_at) == (trainer, first_time)
    assert AttendanceChange.objects.count() == 1


def test_changing_only_the_note_is_kept_in_history(session, day, trainer):
    enrollment = EnrollmentFactory(session=session)
    record_attendance(day=day, marks={enrollment.pk: "excused"}, by=trainer, method="roster")

    record_attendance(day=day, marks={enrollment.pk: "excused"}, by=trainer, method="roster",
                      notes={enrollment.pk: "Довідка"})

    attendance = Attendance.objects.get()
    assert attendance.note == "Довідка"
    assert list(attendance.changes.values_list("old_status", "new_status", "note")) == [
        ("", "excused", ""), ("excused", "excused", "Довідка")]


def test_participants_of_a_completed_session_can_still_be_marked(session, day, trainer):
    """A paper sheet entered after the session ended."""
    session.status = "completed"
    session.save(update_fields=["status"])
    enrollment = EnrollmentFactory(session=session)

    record_attendance(day=day, marks={enrollment.pk: "present"}, by=trainer, method="roster")

    assert Attendance.objects.get().status == "present"


def _nothing_changed(attendance):
    """Only the one existing mark, with its one history row, unchanged."""
    assert list(Attendance.objects.values_list("pk", "status")) == [(attendance.pk, attendance.status)]
    assert AttendanceChange.objects.count() == 1


@pytest.fixture
def marked(session, day, trainer):
    """One enrolled participant already marked present on the first day."""
    enrollment = EnrollmentFactory(session=session)
    [attendance] = record_attendance(day=day, marks={enrollment.pk: "present"}, by=trainer, method="roster")
    return attendance


@pytest.mark.parametrize("bad", ["sleeping", "", "PRESENT", None])
def test_unknown_status_saves_nothing(session, day, trainer, marked, bad):
    other = EnrollmentFactory(session=session)

    with pytest.raises(ValueError, match="Unknown attendance status"):
        record_attendance(day=day, marks={marked.enrollment_id: "absent", other.pk: bad}, by=trainer,
                          method="roster")

    _nothing_changed(marked)


def test_enrollment_of_another_session_saves_nothing(session, day, trainer, marked, course):
    stranger = EnrollmentFactory(session=TrainingSessionFactory(course=course))

    with pytest.raises(ValueError, match="Not enrolled"):
        record_attendance(day=day, marks={marked.enrollment_id: "absent", stranger.pk: "present"}, by=trainer,
                          method="roster")

    _nothing_changed(marked)


@pytest.mark.parametrize("status", [WAITLISTED, PENDING, CANCELLED])
def test_people_without_a_place_cannot_be_marked(session, day, trainer, marked, status):
    outsider = EnrollmentFactory(session=session, status=status)

    with pytest.raises(ValueError, match="Not enrolled"):
        record_attendance(day=day, marks={marked.enrollment_id: "late", outsider.pk: "present"}, by=trainer,
                          method="roster")

    _nothing_changed(marked)


def test_unknown_enrollment_id_saves_nothing(day, trainer, marked):
    with pytest.raises(ValueError, match="Not enrolled"):
        record_attendance(day=day, marks={marked.enrollment_id: "late", 999_999: "present"}, by=trainer,
                          method="roster")

    _nothing_changed(marked)


# --- self check-in -------------------------------------------------------------------------------

def _at(day, hour: int, minute: int) -> datetime:
    return timezone.make_aware(datetime.combine(day.date, time(hour, minute)))


@pytest.fixture
def enrolled(session):
    return EnrollmentFactory(session=session)


def test_check_in_on_time_marks_present(day, enrolled):
    now = _at(day, 9, 40)

    attendance = check_in(token=make_token(day_id=day.pk), user=enrolled.user, now=now)

    assert (attendance.enrollment, attendance.day, attendance.status) == (enrolled, day, "present")
    assert (attendance.method, attendance.marked_by, attendance.marked_at) == ("self_check_in", enrolled.user, now)
    assert history(attendance) == [("", "present", "self_check_in", enrolled.user.pk, now)]


def test_check_in_after_the_threshold_marks_late(session, day, enrolled):
    session.late_after_minutes = 30
    session.save()

    assert check_in(token=make_token(day_id=day.pk), user=enrolled.user, now=_at(day, 10, 0)).status == "present"
    day_two = session.days.order_by("date")[1]
    late = check_in(token=make_token(day_id=day_two.pk), user=enrolled.user, now=_at(day_two, 10, 1))
    assert late.status == "late"


def test_check_in_over_an_absent_mark_is_kept_in_history(day, enrolled, trainer):
    record_attendance(day=day, marks={enrolled.pk: "absent"}, by=trainer, method="roster",
                      now=_at(day, 9, 31))

    attendance = check_in(token=make_token(day_id=day.pk), user=enrolled.user, now=_at(day, 9, 50))

    assert attendance.status == "late"
    assert [(old, new) for old, new, *_ in history(attendance)] == [("", "absent"), ("absent", "late")]


def _refused(reason: str, **kwargs) -> None:
    before = (list(Attendance.objects.values_list("pk", "status", "marked_at")), AttendanceChange.objects.count())
    with pytest.raises(CheckInRefused) as refusal:
        check_in(**kwargs)
    assert refusal.value.reason == reason
    assert (list(Attendance.objects.values_list("pk", "status", "marked_at")),
            AttendanceChange.objects.count()) == before


def test_checking_in_twice_is_refused(day, enrolled):
    token = make_token(day_id=day.pk)
    check_in(token=token, user=enrolled.user, now=_at(day, 9, 35))

    _refused(checkin.ALREADY, token=token, user=enrolled.user, now=_at(day, 9, 50))
    assert Attendance.objects.get().status == "present"


def test_check_in_after_the_trainer_marked_late_is_refused(day, enrolled, trainer):
    record_attendance(day=day, marks={enrolled.pk: "late"}, by=trainer, method="roster")

    _refused(checkin.ALREADY, token=make_token(day_id=day.pk), user=enrolled.user, now=_at(day, 9, 35))


@pytest.mark.parametrize("status", [None, WAITLISTED, PENDING, CANCELLED])
def test_people_without_a_place_cannot_check_in(session, day, status):
    person = ParticipantFactory()
    if status:
        EnrollmentFactory(session=session, user=person, status=status)

    _refused(checkin.NOT_ENROLLED, token=make_token(day_id=day.pk), user=person, now=_at(day, 9, 35))


def test_token_of_another_session_does_not_check_anyone_in(course, day, enrolled):
    other_day = TrainingSessionFactory(course=course).days.order_by("date").first()

    _refused(checkin.NOT_ENROLLED, token=make_token(day_id=other_day.pk), user=enrolled.user, now=_at(day, 9, 35))


def test_token_of_yesterday_is_refused_today(session, enrolled):
    first, second, _ = session.days.order_by("date")

    _refused(checkin.NOT_TODAY, token=make_token(day_id=first.pk), user=enrolled.user, now=_at(second, 9, 35))


def test_no_self_marking_for_future_days(session, enrolled):
    first, second, _ = session.days.order_by("date")

    _refused(checkin.NOT_TODAY, token=make_token(day_id=second.pk), user=enrolled.user, now=_at(first, 9, 35))


def test_expired_token_is_refused(monkeypatch, day, enrolled):
    token = make_token(day_id=day.pk)
    later = timezone.now().timestamp() + checkin.TOKEN_MAX_AGE.total_seconds() + 5
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: later))  # only the signer's clock

    _refused(checkin.EXPIRED, token=token, user=enrolled.user, now=_at(day, 9, 35))


@pytest.mark.parametrize("token", ["", "garbage", "1:abc:def"])
def test_forged_token_is_refused(day, enrolled, token):
    _refused(checkin.INVALID, token=token, user=enrolled.user, now=_at(day, 9, 35))


def test_token_of_a_deleted_day_is_refused(session, enrolled):
    first, second, _ = session.days.order_by("date")
    token = make_token(day_id=second.pk)
    second.delete()

    _refused(checkin.INVALID, token=token, user=enrolled.user, now=_at(first, 9, 35))


def test_trainer_mark_and_self_check_in_share_one_row(day, enrolled, trainer):
    check_in(token=make_token(day_id=day.pk), user=enrolled.user, now=_at(day, 9, 35))

    record_attendance(day=day, marks={enrolled.pk: "excused"}, by=trainer, method="roster", now=_at(day, 10, 5))

    attendance = Attendance.objects.get()
    assert attendance.status == "excused"
    assert [(old, new, method) for old, new, method, *_ in history(attendance)] == [
        ("", "present", "self_check_in"), ("present", "excused", "roster")]


def test_attendance_factory_marks_the_first_day(session):
    attendance = AttendanceFactory(enrollment=EnrollmentFactory(session=session))

    assert attendance.day == session.days.order_by("date").first()
