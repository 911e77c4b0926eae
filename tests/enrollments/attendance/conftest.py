"""Fixtures of the attendance tests: a session a trainer teaches, its days, and the people on its roster."""

from datetime import timedelta

import pytest
from django.utils import timezone

from enrollments.models import Enrollment, EnrollmentStatus
from tests.enrollments.attendance.trainer_pages import NAMES
from tests.enrollments.factories import EnrollmentFactory, ProfileFactory, SessionDayFactory, TrainingSessionFactory
from tests.factories import ParticipantFactory


@pytest.fixture
def taught_session(trainer):
    """Taught by `trainer`, three places, three days from today: day 1 is today, days 2 and 3 are still to come."""
    return TrainingSessionFactory(trainers=[trainer], title="Ведення випадку, Дніпро", capacity=3)


@pytest.fixture
def day(taught_session):
    return taught_session.days.get(date=timezone.localdate())


@pytest.fixture
def future_day(taught_session):
    return taught_session.days.get(date=timezone.localdate() + timedelta(days=1))


@pytest.fixture
def past_day(taught_session):
    return SessionDayFactory(session=taught_session, date=timezone.localdate() - timedelta(days=1))


@pytest.fixture
def people(taught_session) -> list[Enrollment]:
    """Three people with a place, in NAMES order; plus one cancelled and one waiting, never listed."""
    enrollments = []
    for name in NAMES:
        user = ParticipantFactory()
        ProfileFactory(user=user, full_name=name, profession="social_worker", organisation=f"ЦНАП {name[:3]}")
        enrollments.append(EnrollmentFactory(session=taught_session, user=user))
    EnrollmentFactory(session=taught_session, status=EnrollmentStatus.CANCELLED,
                      user=ProfileFactory(full_name="Скасована Особа").user)
    EnrollmentFactory(session=taught_session, status=EnrollmentStatus.WAITLISTED,
                      user=ProfileFactory(full_name="Очікує Місця").user)
    return enrollments
