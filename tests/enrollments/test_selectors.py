"""Reads about sessions that other modules build on: `with_seats_and_days`."""

from datetime import timedelta

import pytest
from django.utils import timezone

from enrollments.models import EnrollmentStatus, TrainingSession
from enrollments.selectors import with_seats_and_days
from tests.enrollments.factories import EnrollmentFactory, SessionDayFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db


def test_sessions_come_with_seats_and_their_first_and_last_day(course):
    session = TrainingSessionFactory(course=course, capacity=3)
    for status in EnrollmentStatus.values:  # only the enrolled one takes a seat
        EnrollmentFactory(session=session, status=status)
    today = timezone.localdate()

    [annotated] = with_seats_and_days(TrainingSession.objects.filter(pk=session.pk))

    assert (annotated.enrolled_count, annotated.seats_left) == (1, 2)
    assert (annotated.first_day, annotated.last_day) == (today, today + timedelta(days=2))


def test_seats_left_never_goes_below_zero_and_a_session_without_days_has_none(course):
    session = TrainingSessionFactory(course=course, capacity=1, days=0)
    EnrollmentFactory.create_batch(2, session=session)

    [annotated] = with_seats_and_days(TrainingSession.objects.filter(pk=session.pk))

    assert (annotated.enrolled_count, annotated.seats_left) == (2, 0)
    assert (annotated.first_day, annotated.last_day) == (None, None)


def test_days_come_in_order_in_one_more_query_whatever_the_number_of_sessions(course, django_assert_num_queries):
    later = timezone.localdate() + timedelta(days=10)
    sessions = [TrainingSessionFactory(course=course, days=0) for _ in range(3)]
    for session in sessions:
        SessionDayFactory(session=session, date=later)
        SessionDayFactory(session=session, date=later - timedelta(days=1))

    with django_assert_num_queries(2):
        annotated = list(with_seats_and_days(TrainingSession.objects.filter(course=course)).order_by("pk"))
        days = [[day.date for day in session.days.all()] for session in annotated]

    assert days == [[later - timedelta(days=1), later]] * 3


def test_keeps_the_filter_it_is_given(course):
    kept, _other = TrainingSessionFactory(course=course, city="Суми"), TrainingSessionFactory(course=course)

    assert [s.pk for s in with_seats_and_days(TrainingSession.objects.filter(city="Суми"))] == [kept.pk]
