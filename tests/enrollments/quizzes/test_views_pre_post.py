"""Pre- and post-tests on the quiz page and its start view (enrollments/quizzes/views.py): open only in their window."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from enrollments.models import QuizAttempt
from tests.courses.factories import add_quiz
from tests.enrollments.factories import EnrollmentFactory, SessionDayFactory, TrainingSessionFactory
from tests.enrollments.quizzes.taking import start_url
from tests.helpers import text, uk

pytestmark = [pytest.mark.django_db, pytest.mark.shared_tree]


def session_with_days(course, *, first_in: int, days: int = 3, **fields):
    """A session whose days run from `first_in` days from today (negative: in the past), 9:30–17:00."""
    session = TrainingSessionFactory(course=course, days=0, **fields)
    today = timezone.localdate()
    for offset in range(days):
        SessionDayFactory(session=session, date=today + timedelta(days=first_in + offset),
                          starts_at=time(9, 30), ends_at=time(17))
    return session


def day(offset: int) -> str:
    return (timezone.localdate() + timedelta(days=offset)).strftime("%d.%m")


def test_a_pre_test_needs_a_place_on_a_session(learner, pre_test):
    page = text(learner.get(pre_test.url))
    assert uk("Open to people with a place on a session of this course.") in page
    assert f'action="{start_url(pre_test)}"' not in page

    response = learner.post(start_url(pre_test), follow=True)

    assert response.redirect_chain == [(pre_test.url, 302)]
    assert text(response).count(uk("Open to people with a place on a session of this course.")) == 2
    assert not QuizAttempt.objects.exists()


def test_the_pre_test_page_names_the_session_and_until_when_it_is_open(learner, participant, tree, pre_test):
    session = session_with_days(tree.course, first_in=2, title="Тренінг у Дніпрі", city="Дніпро")
    EnrollmentFactory(session=session, user=participant)

    html = text(learner.get(pre_test.url))

    assert f'<a href="/uk/learning/sessions/{session.pk}/">Тренінг у Дніпрі</a>, Дніпро' in html
    assert uk("until %(day)s at %(time)s (the end of the first day)", day=day(2), time="17:00") in html
    assert f">{uk('Start')}</button>" in html
    learner.post(start_url(pre_test))
    assert QuizAttempt.objects.get(user=participant).session == session


def test_a_closed_pre_test_says_when_it_closed(learner, participant, tree, pre_test):
    session = session_with_days(tree.course, first_in=-3)
    EnrollmentFactory(session=session, user=participant)

    response = learner.post(start_url(pre_test), follow=True)

    message = uk("The pre-test closed at the end of the first day, %(day)s at %(time)s.", day=day(-3), time="17:00")
    assert text(response).count(message) == 2
    assert not QuizAttempt.objects.exists()


def test_a_post_test_says_when_it_opens(learner, participant, tree, pre_test):
    post_test = add_quiz(tree.course, slug="post", kind="post_test", pretest=pre_test)
    session = session_with_days(tree.course, first_in=1)
    EnrollmentFactory(session=session, user=participant)

    response = learner.post(start_url(post_test), follow=True)

    message = uk("The post-test opens at the start of the last day, %(day)s at %(time)s.", day=day(3), time="09:30")
    html = text(response)
    assert html.count(message) == 2
    assert uk("from %(from_day)s at %(from_time)s until %(to_day)s at %(to_time)s", from_day=day(3),
              from_time="09:30", to_day=day(17), to_time="17:00") in html


def test_a_post_test_says_when_it_closed(learner, participant, tree, pre_test):
    post_test = add_quiz(tree.course, slug="post", kind="post_test", pretest=pre_test)
    session = session_with_days(tree.course, first_in=-20)
    EnrollmentFactory(session=session, user=participant)

    response = learner.post(start_url(post_test), follow=True)

    assert uk("The post-test closed on %(day)s at %(time)s.", day=day(-4), time="17:00") in text(response)

