"""Quizzes as the participant meets them: listed on course and module pages, and pre-/post-tests tied to a session."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from enrollments.models import QuizAttempt
from enrollments.quizzes import services
from tests.courses.factories import add_quiz
from tests.enrollments.factories import EnrollmentFactory, SessionDayFactory, TrainingSessionFactory
from tests.helpers import text, uk

pytestmark = pytest.mark.django_db

MODULE_PAGE_QUERIES = 26  # 24 measured for a learner with one quiz, whether one attempt or five


def start_url(quiz) -> str:
    return f"/uk/learning/quizzes/{quiz.pk}/start/"


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


@pytest.fixture
def pre_test(tree):
    return add_quiz(tree.course, slug="pre", kind="pre_test", title="Вхідний тест")


# --- Pre- and post-tests -----------------------------------------------------------------------------


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


# --- Course and module pages ---------------------------------------------------------------------------


def test_the_course_page_lists_its_own_quizzes_not_the_modules(client, tree, pre_test):
    add_quiz(tree.modules[0], slug="module-quiz", title="Тест модуля")

    response = client.get(tree.course.url)

    assert response.status_code == 200
    html = text(response)
    assert '<a href="/uk/courses/case-management/pre/">Вхідний тест</a>' in html
    assert "Тест модуля" not in html


def test_the_module_page_shows_the_best_result_and_an_attempt_in_progress(learner, participant, tree):
    quiz = add_quiz(tree.modules[0], slug="quiz", title="Тест модуля")
    first = services.start_attempt(quiz=quiz, user=participant)
    services.submit_attempt(attempt=first)  # nothing answered: 0 %
    services.start_attempt(quiz=quiz, user=participant)

    response = learner.get(tree.modules[0].url)

    assert response.status_code == 200
    html = text(response)
    assert '<a href="/uk/courses/case-management/module-1/quiz/">Тест модуля</a>' in html
    assert uk("Your best:") in html
    assert uk("%(score)s of %(max)s points (%(percent)s%%)", score="0", max="6", percent="0") in html
    assert uk("in progress") in html
    assert "Тест модуля" not in text(learner.get(tree.modules[1].url))


def test_a_self_assessment_result_on_the_course_page_is_its_owners_only(learner, participant, client, tree):
    quiz = add_quiz(tree.course, slug="burnout", kind="self_assessment", title="Самооцінка")
    attempt = services.start_attempt(quiz=quiz, user=participant)
    scale = {block.value["label"]: block.id for block in quiz.scale}
    data = {"questions": attempt.order["questions"]}
    learner.post(f"/uk/learning/quizzes/attempts/{attempt.public_id}/submit/",
                 {**data, **{f"q-{qid}": scale["Завжди"] for qid in attempt.order["questions"]}})

    assert "Помірне навантаження" in text(learner.get(tree.course.url))  # 3 + 3 + (3 − 3) = 6
    client.force_login(EnrollmentFactory().user)
    other = text(client.get(tree.course.url))
    assert "Самооцінка" in other
    assert "навантаження" not in other


@pytest.mark.parametrize("attempts", [1, 5])
def test_the_module_page_query_count_does_not_grow_with_attempts(learner, participant, tree, attempts,
                                                                 django_assert_max_num_queries):
    quiz = add_quiz(tree.modules[0], slug="quiz")
    for _ in range(attempts):
        services.submit_attempt(attempt=services.start_attempt(quiz=quiz, user=participant))
    learner.get("/uk/")  # the site settings row is made on the first request

    with django_assert_max_num_queries(MODULE_PAGE_QUERIES):
        response = learner.get(tree.modules[0].url)

    assert response.status_code == 200
    assert uk("Your best:") in text(response)
