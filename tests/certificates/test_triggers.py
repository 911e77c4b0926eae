"""Certificates are issued by themselves when the last requirement is met: attendance saved (roster or
self check-in), the required quiz passed, the required module completed.

The enrollments services announce the progress (`enrollments.signals.progress_recorded`) and certificates'
receiver queues the check on commit; `django_capture_on_commit_callbacks(execute=True)` runs those callbacks
as a commit would, and the test settings run tasks at once.
"""

from datetime import datetime, time

import pytest
from django.utils import timezone

from certificates.models import Certificate
from enrollments.attendance.checkin import make_token
from enrollments.attendance.services import check_in, record_attendance
from enrollments.services import mark_module_complete
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
def place(tree):
    """Олександра Щербак's place on a three-day session (from today)."""
    session = TrainingSessionFactory(course=tree.course)
    return EnrollmentFactory(session=session, user=ProfileFactory(full_name="Олександра Щербак").user)


@pytest.fixture
def days(place):
    return list(place.session.days.order_by("date"))


@pytest.fixture
def post_test(tree):
    pre = add_quiz(tree.course, slug="pre", kind="pre_test", title="Вхідний тест")
    return add_quiz(tree.course, slug="post", kind="post_test", pretest=pre, pass_mark=70, title="Підсумковий тест")


def at(day, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day.date, time(hour, minute)))


def certificates(place) -> list[tuple[str, str, str]]:
    return list(Certificate.objects.filter(enrollment=place).values_list("kind", "status", "holder_name"))


ISSUED = [("completion", "valid", "Олександра Щербак")]


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
