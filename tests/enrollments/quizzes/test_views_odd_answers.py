"""Answers no one expected: a number past what a decimal holds, stored JSON of another shape. The attempt is
submitted and scored like any other, and never breaks the pages and the command that read it afterwards."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from enrollments.models import QuizAttempt
from enrollments.quizzes import services
from tests.courses.factories import add_quiz, question_ids
from tests.enrollments.factories import answer_form, graded_answers
from tests.enrollments.quizzes.session_results import csv_rows, detail_url, overview_url, person
from tests.enrollments.quizzes.taking import form, right_answers, start, url
from tests.helpers import text, uk

pytestmark = [pytest.mark.django_db, pytest.mark.shared_tree]

HUGE = "1e999999999"  # a valid decimal whose difference from any answer overflows the decimal context
TIMED_OUT = "Time ran out, so your saved answers were submitted."


@pytest.fixture
def timed(tree):
    return add_quiz(tree.modules[1], slug="timed", title="Тест на час", time_limit_minutes=10)


def overdue_attempt(quiz, user, answers: dict) -> QuizAttempt:
    """An attempt started an hour ago on a ten-minute quiz, with these answers saved and nobody back since."""
    attempt = services.start_attempt(quiz=quiz, user=user, now=timezone.now() - timedelta(hours=1))
    services.save_answers(attempt=attempt, data=answer_form(answers), now=timezone.now() - timedelta(minutes=55))
    return attempt


@pytest.fixture
def overdue(session, timed):
    """Dana's attempt, right but for a number too big for a decimal, left to run out of time."""
    answers = {**graded_answers(timed), question_ids(timed)["numeric"]: HUGE}
    return overdue_attempt(timed, person(session, "Дана Запізнилась"), answers)


def assert_closed_with_the_number_wrong(attempt: QuizAttempt) -> None:
    attempt.refresh_from_db()
    assert attempt.is_submitted and attempt.auto_submitted
    assert attempt.score == 5 and attempt.max_score == 6
    assert attempt.question_scores[question_ids(attempt.version.quiz)["numeric"]] == "0.00"


def test_a_number_too_big_for_a_decimal_is_submitted_and_scored_wrong(learner, participant, quiz):
    attempt = start(quiz, participant)
    numeric = question_ids(quiz)["numeric"]

    response = learner.post(url(attempt, "submit"), form(attempt, {**right_answers(quiz), f"q-{numeric}": HUGE}))

    assert response.status_code == 302
    assert response["Location"] == url(attempt, "review")
    attempt.refresh_from_db()
    assert attempt.is_submitted and attempt.score == 5 and attempt.question_scores[numeric] == "0.00"
    review = learner.get(url(attempt, "review"))
    assert review.status_code == 200
    html = text(review)
    assert uk("%(score)s of %(max)s points (%(percent)s%%)", score="5", max="6", percent="83,3") in html
    assert HUGE in html


def test_the_trainers_results_close_such_an_attempt_and_count_it(trainer_client, session, timed, overdue):
    overview = trainer_client.get(overview_url(session))

    assert overview.status_code == 200
    assert "Тест на час" in text(overview)
    assert_closed_with_the_number_wrong(overdue)
    detail = trainer_client.get(detail_url(session, timed))
    assert detail.status_code == 200
    assert "Дана Запізнилась" in text(detail) and uk("time ran out") in text(detail)


def test_the_knowledge_gain_csv_still_lists_everyone(trainer_client, session, quizzes, people, overdue):
    response = trainer_client.get(reverse("session_knowledge_gain_csv", args=[session.pk]))

    assert response.status_code == 200
    _header, *rows = csv_rows(response)
    assert [row[0] for row in rows] == ["Анна Ярош", "Борис Ох"]
    assert_closed_with_the_number_wrong(overdue)


def test_the_owner_opening_such_an_attempt_is_shown_the_result(client, overdue):
    client.force_login(overdue.user)

    response = client.get(url(overdue), follow=True)

    assert response.redirect_chain == [(url(overdue, "review"), 302)]
    assert response.status_code == 200
    assert uk(TIMED_OUT) in text(response) and HUGE in text(response)
    assert_closed_with_the_number_wrong(overdue)


def test_the_command_closes_such_an_attempt(overdue):
    out = io.StringIO()

    call_command("close_overdue_quiz_attempts", stdout=out)

    assert "Submitted 1 overdue quiz attempt(s)." in out.getvalue()
    assert_closed_with_the_number_wrong(overdue)


ODD_JSON = {"single_choice": ["a", "b"], "multiple_choice": "ab", "true_false": {"true": True},
            "short_text": 5, "numeric": [HUGE]}


def odd_answers(quiz) -> dict:
    """Stored answers of the wrong shape for every question type, as a hand-edited or migrated row could hold."""
    ids = question_ids(quiz)
    return {ids[kind]: value for kind, value in ODD_JSON.items()}


def test_stored_answers_of_another_shape_show_as_unanswered_and_submit(learner, participant, quiz):
    attempt = start(quiz, participant)
    QuizAttempt.objects.filter(pk=attempt.pk).update(answers=odd_answers(quiz))

    page = learner.get(url(attempt))
    submitted = learner.post(url(attempt, "submit"), form(attempt))

    assert page.status_code == 200
    assert 'checked' not in text(page) and 'value="5"' not in text(page)
    assert submitted.status_code == 302 and submitted["Location"] == url(attempt, "review")
    review = learner.get(url(attempt, "review"))
    assert review.status_code == 200
    assert uk("%(score)s of %(max)s points (%(percent)s%%)", score="0", max="6", percent="0") in text(review)


@pytest.mark.parametrize("answers", [ODD_JSON, ["not", "a", "mapping"], "text", 7],
                         ids=["odd-values", "list", "text", "number"])
def test_the_command_closes_an_attempt_whatever_its_answers_hold(timed, participant, answers):
    attempt = services.start_attempt(quiz=timed, user=participant, now=timezone.now() - timedelta(hours=1))
    stored = odd_answers(timed) if answers is ODD_JSON else answers
    QuizAttempt.objects.filter(pk=attempt.pk).update(answers=stored)

    call_command("close_overdue_quiz_attempts", stdout=io.StringIO())

    attempt.refresh_from_db()
    assert attempt.is_submitted and attempt.score == 0 and attempt.max_score == 6


def test_a_nul_typed_into_a_text_answer_is_dropped_and_the_rest_saved(learner, participant, quiz):
    attempt = start(quiz, participant)
    short_text = question_ids(quiz)["short_text"]

    response = learner.post(url(attempt, "save"), form(attempt, {f"q-{short_text}": "План\x00 втручання"}))

    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.answers == {short_text: "План втручання"}  # PostgreSQL's JSON would refuse the NUL
