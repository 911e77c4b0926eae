"""Certificates listen to enrollments (certificates/receivers.py) and are issued by themselves when the last
requirement is met: attendance saved (roster or self check-in), the required quiz passed, the required module
completed.

The enrollments services announce the progress (`enrollments.signals.progress_recorded`); the receiver queues the
award task for the places it names once the write commits, and never for a write that was rolled back.
`django_capture_on_commit_callbacks` holds back what would run on commit (`execute=True` runs those callbacks as a
commit would), and the test settings run tasks at once.
"""

from datetime import datetime, time
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.utils import timezone

from certificates import receivers, tasks
from certificates.models import Certificate
from enrollments.attendance.checkin import make_token
from enrollments.attendance.services import check_in, record_attendance
from enrollments.models import Attendance, BackgroundJob
from enrollments.services import mark_module_complete
from enrollments.signals import progress_recorded
from tests.certificates.factories import CertificateRuleFactory
from tests.courses.factories import add_quiz
from tests.enrollments.factories import (
    AttendanceFactory,
    EnrollmentFactory,
    ProfileFactory,
    TrainingSessionFactory,
    attended_every_day,
    graded_answers,
    submitted_attempt,
)
from tests.factories import TrainerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch):
    """The enrollment ids of every award task queued (the ids its recorded job was given), instead of running it."""
    calls = []
    monkeypatch.setattr(tasks, "award_certificates_task", SimpleNamespace(
        module_path=tasks.award_certificates_task.module_path,
        enqueue=lambda *, job_id: calls.append(BackgroundJob.objects.get(pk=job_id).arguments["enrollment_ids"])))
    return calls


@pytest.fixture
def place(tree):
    """Олександра Щербак's place on a three-day session (from today)."""
    session = TrainingSessionFactory(course=tree.course)
    return EnrollmentFactory(session=session, user=ProfileFactory(full_name="Олександра Щербак").user)


@pytest.fixture
def days(place):
    return list(place.session.days.order_by("date"))


@pytest.fixture
def two_days_marked(tree, place, days):
    """The place's course has a completion rule, and the first two of its three days are marked present."""
    CertificateRuleFactory(course=tree.course)
    for day in days[:2]:
        record_attendance(day=day, marks={place.pk: "present"}, by=None, method="roster")


@pytest.fixture
def post_test(tree):
    pre = add_quiz(tree.course, slug="pre", kind="pre_test", title="Вхідний тест")
    return add_quiz(tree.course, slug="post", kind="post_test", pretest=pre, pass_mark=70, title="Підсумковий тест")


def at(day, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day.date, time(hour, minute)))


def certificates(place) -> list[tuple[str, str, str]]:
    return list(Certificate.objects.filter(enrollment=place).values_list("kind", "status", "holder_name"))


ISSUED = [("completion", "valid", "Олександра Щербак")]


def last_day(place):
    return place.session.days.order_by("date").last()


class Oops(Exception):
    pass


# --- The receiver ---------------------------------------------------------------------------------

def test_the_receiver_is_connected_by_the_app(queued):
    answered = progress_recorded.send(sender=Attendance, enrollment_ids=[])

    assert receivers.award_after_progress in [receiver for receiver, _response in answered]


def test_progress_queues_the_award_for_those_places_after_the_commit(queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        progress_recorded.send(sender=Attendance, enrollment_ids=[5, 2, 5])
        assert queued == []  # not before the commit

    assert len(callbacks) == 1
    callbacks[0]()
    assert queued == [[2, 5]]


def test_progress_naming_no_place_queues_nothing(queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        progress_recorded.send(sender=Attendance, enrollment_ids=[])

    assert callbacks == [] and queued == []


def test_progress_in_a_rolled_back_write_queues_nothing(queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Oops), transaction.atomic():
        progress_recorded.send(sender=Attendance, enrollment_ids=[1])
        raise Oops

    assert callbacks == [] and queued == []


@pytest.mark.usefixtures("two_days_marked")
def test_the_last_day_marked_issues_the_certificate_once_committed(place, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        record_attendance(day=last_day(place), marks={place.pk: "present"}, by=None, method="roster")
    assert not Certificate.objects.filter(enrollment=place).exists()  # nothing before the commit

    for callback in callbacks:
        callback()

    assert list(Certificate.objects.filter(enrollment=place).values_list("kind", "holder_name")) == [
        ("completion", "Олександра Щербак")]


@pytest.mark.usefixtures("two_days_marked")
def test_the_last_day_marked_in_a_rolled_back_write_issues_nothing(place, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Oops), transaction.atomic():
        record_attendance(day=last_day(place), marks={place.pk: "present"}, by=None, method="roster")
        raise Oops

    assert callbacks == []
    assert not Certificate.objects.filter(enrollment=place).exists()
    assert Attendance.objects.filter(enrollment=place).count() == 2  # the last day's mark went with it


# --- Attendance ----------------------------------------------------------------------------------

def test_the_last_days_roster_issues_the_certificate(tree, place, days, django_capture_on_commit_callbacks):
    CertificateRuleFactory(course=tree.course)
    trainer = TrainerFactory()
    with django_capture_on_commit_callbacks(execute=True):
        for day in days[:2]:
            record_attendance(day=day, marks={place.pk: "present"}, by=trainer, method="roster")
    assert certificates(place) == []  # two days of three

    with django_capture_on_commit_callbacks(execute=True):
        record_attendance(day=days[2], marks={place.pk: "late"}, by=trainer, method="roster")

    assert certificates(place) == ISSUED


def test_self_check_in_on_the_last_day_issues_the_certificate(tree, place, days, django_capture_on_commit_callbacks):
    CertificateRuleFactory(course=tree.course)
    for day in days[:2]:
        AttendanceFactory(enrollment=place, day=day)

    with django_capture_on_commit_callbacks(execute=True):
        attendance = check_in(token=make_token(day_id=days[2].pk), user=place.user, now=at(days[2], 9, 35))

    assert attendance.status == "present"
    assert certificates(place) == ISSUED


def test_an_absence_issues_nothing_and_others_on_the_roster_are_checked_too(tree, place, days,
                                                                            django_capture_on_commit_callbacks):
    CertificateRuleFactory(course=tree.course)
    neighbour = EnrollmentFactory(session=place.session, user=ProfileFactory(full_name="Юрій Зінченко").user)
    for enrollment in (place, neighbour):
        for day in days[:2]:
            AttendanceFactory(enrollment=enrollment, day=day)

    with django_capture_on_commit_callbacks(execute=True):
        record_attendance(day=days[2], marks={place.pk: "absent", neighbour.pk: "present"}, by=None,
                          method="roster")

    assert certificates(place) == []
    assert certificates(neighbour) == [("completion", "valid", "Юрій Зінченко")]


# --- Quizzes -------------------------------------------------------------------------------------

def test_passing_the_required_post_test_issues_the_certificate(tree, place, days, post_test,
                                                               django_capture_on_commit_callbacks):
    CertificateRuleFactory(course=tree.course, quizzes=[post_test])
    attended_every_day(place)

    with django_capture_on_commit_callbacks(execute=True):
        attempt = submitted_attempt(post_test, place.user, when=at(days[2], 15))

    assert attempt.passed and attempt.session_id == place.session_id
    assert certificates(place) == ISSUED


def test_a_failed_post_test_issues_nothing(tree, place, days, post_test, django_capture_on_commit_callbacks):
    CertificateRuleFactory(course=tree.course, quizzes=[post_test])
    attended_every_day(place)

    with django_capture_on_commit_callbacks(execute=True):
        attempt = submitted_attempt(post_test, place.user, graded_answers(post_test, right={"single_choice"}),
                                    when=at(days[2], 15))

    assert attempt.passed is False
    assert certificates(place) == []


def test_a_passed_post_test_without_the_attendance_issues_nothing(tree, place, days, post_test,
                                                                 django_capture_on_commit_callbacks):
    CertificateRuleFactory(course=tree.course, quizzes=[post_test])
    AttendanceFactory(enrollment=place, day=days[0])

    with django_capture_on_commit_callbacks(execute=True):
        assert submitted_attempt(post_test, place.user, when=at(days[2], 15)).passed

    assert certificates(place) == []


# --- Modules -------------------------------------------------------------------------------------

def test_completing_the_required_module_issues_the_certificate(tree, place, django_capture_on_commit_callbacks):
    CertificateRuleFactory(course=tree.course, modules=tree.modules[:1])
    attended_every_day(place)

    with django_capture_on_commit_callbacks(execute=True):
        mark_module_complete(user=place.user, module=tree.modules[1])  # not the required one
    assert certificates(place) == []

    with django_capture_on_commit_callbacks(execute=True):
        mark_module_complete(user=place.user, module=tree.modules[0])

    assert certificates(place) == ISSUED


def test_a_module_completed_before_the_attendance_counts_when_the_last_day_is_marked(
        tree, place, days, django_capture_on_commit_callbacks):
    CertificateRuleFactory(course=tree.course, modules=tree.modules)
    with django_capture_on_commit_callbacks(execute=True):
        for module in tree.modules:
            mark_module_complete(user=place.user, module=module)
    assert certificates(place) == []

    with django_capture_on_commit_callbacks(execute=True):
        for day in days:
            record_attendance(day=day, marks={place.pk: "present"}, by=None, method="roster")

    assert certificates(place) == ISSUED


def test_nothing_is_issued_on_a_session_without_a_rule(tree, place, days, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for day in days:
            record_attendance(day=day, marks={place.pk: "present"}, by=None, method="roster")
        mark_module_complete(user=place.user, module=tree.modules[0])

    assert certificates(place) == []


def test_a_trigger_after_issue_issues_nothing_more(tree, place, days, django_capture_on_commit_callbacks):
    CertificateRuleFactory(course=tree.course)
    with django_capture_on_commit_callbacks(execute=True):
        for day in days:
            record_attendance(day=day, marks={place.pk: "present"}, by=None, method="roster")
    with django_capture_on_commit_callbacks(execute=True):
        record_attendance(day=days[0], marks={place.pk: "late"}, by=None, method="roster")
        mark_module_complete(user=place.user, module=tree.modules[0])

    assert certificates(place) == ISSUED
