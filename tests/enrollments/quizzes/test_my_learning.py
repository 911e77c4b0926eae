"""My learning lists each session's pre- and post-test with its window and the person's own result."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from tests.courses.factories import add_quiz
from tests.enrollments.factories import (
    EnrollmentFactory,
    SessionDayFactory,
    TrainingSessionFactory,
    graded_answers,
    submitted_attempt,
)
from tests.helpers import text, uk

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(tree):
    pre = add_quiz(tree.course, slug="pre", kind="pre_test", title="Вхідний тест")
    post = add_quiz(tree.course, slug="post", kind="post_test", pretest=pre, title="Підсумковий тест")
    return pre, post


def upcoming_session(course, *, in_days=5):
    session = TrainingSessionFactory(course=course, days=0)
    for offset in range(3):
        SessionDayFactory(session=session, date=timezone.localdate() + timedelta(days=in_days + offset))
    return session


def test_the_pre_test_is_open_and_the_post_test_waits(learner, participant, tree, pair):
    session = upcoming_session(tree.course)
    EnrollmentFactory(session=session, user=participant)
    response = learner.get(reverse("my_learning"))
    assert response.status_code == 200
    page = text(response)
    assert "Вхідний тест" in page and "Підсумковий тест" in page
    assert page.index("Вхідний тест") < page.index("Підсумковий тест")
    last_day = session.days.order_by("date").last().date
    assert uk("opens on %(day)s at %(time)s", day=date_format(last_day), time="09:30") in page


def test_a_submitted_pre_test_shows_its_result(learner, participant, tree, pair):
    session = upcoming_session(tree.course)
    EnrollmentFactory(session=session, user=participant)
    submitted_attempt(pair[0], participant, graded_answers(pair[0], right={"true_false", "numeric"}))
    response = learner.get(reverse("my_learning"))
    assert response.status_code == 200
    assert uk("done, %(percent)s%%", percent="50") in text(response)  # 3 of 6 points


def test_a_waiting_list_place_shows_no_tests(learner, participant, tree, pair):
    EnrollmentFactory(session=upcoming_session(tree.course), user=participant, status="waitlisted")
    response = learner.get(reverse("my_learning"))
    assert response.status_code == 200
    assert "Вхідний тест" not in text(response)


@pytest.mark.parametrize("sessions", [1, 4])
def test_query_count_does_not_grow_with_sessions(learner, participant, tree, pair, sessions,
                                                 django_assert_max_num_queries):
    for number in range(sessions):
        EnrollmentFactory(session=upcoming_session(tree.course, in_days=5 + 7 * number), user=participant)
    with django_assert_max_num_queries(32):  # 30 with one session or four (7 of them for certificates)
        response = learner.get(reverse("my_learning"))
    assert text(response).count("Вхідний тест") == sessions
