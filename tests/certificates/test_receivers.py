"""Certificates listen to enrollments (certificates/receivers.py): `progress_recorded` queues the award task for
the places it names once the write commits, and never for a write that was rolled back.

`django_capture_on_commit_callbacks` holds back what would run on commit; the test settings run tasks at once.
"""

from types import SimpleNamespace

import pytest
from django.db import transaction

from certificates import receivers
from certificates.models import Certificate
from enrollments.attendance.services import record_attendance
from enrollments.models import Attendance
from enrollments.signals import progress_recorded
from tests.certificates.factories import CertificateRuleFactory
from tests.enrollments.factories import EnrollmentFactory, ProfileFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch):
    """The enrollment ids of every award task queued, instead of running it."""
    calls = []
    monkeypatch.setattr(receivers, "award_certificates_task",
                        SimpleNamespace(enqueue=lambda **kwargs: calls.append(kwargs["enrollment_ids"])))
    return calls


@pytest.fixture
def place(tree):
    """A place on a three-day session whose course has a completion rule, the first two days attended."""
    CertificateRuleFactory(course=tree.course)
    session = TrainingSessionFactory(course=tree.course)
    place = EnrollmentFactory(session=session, user=ProfileFactory(full_name="Олександра Щербак").user)
    for day in session.days.order_by("date")[:2]:
        record_attendance(day=day, marks={place.pk: "present"}, by=None, method="roster")
    return place


def last_day(place):
    return place.session.days.order_by("date").last()


class Oops(Exception):
    pass


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


def test_the_last_day_marked_issues_the_certificate_once_committed(place, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        record_attendance(day=last_day(place), marks={place.pk: "present"}, by=None, method="roster")
    assert not Certificate.objects.filter(enrollment=place).exists()  # nothing before the commit

    for callback in callbacks:
        callback()

    assert list(Certificate.objects.filter(enrollment=place).values_list("kind", "holder_name")) == [
        ("completion", "Олександра Щербак")]


def test_the_last_day_marked_in_a_rolled_back_write_issues_nothing(place, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Oops), transaction.atomic():
        record_attendance(day=last_day(place), marks={place.pk: "present"}, by=None, method="roster")
        raise Oops

    assert callbacks == []
    assert not Certificate.objects.filter(enrollment=place).exists()
    assert Attendance.objects.filter(enrollment=place).count() == 2  # the last day's mark went with it
