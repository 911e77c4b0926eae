"""A double tap on a slow phone: simultaneous starts and submits of one person's attempt, on PostgreSQL."""

import pytest
from django.http import QueryDict

from enrollments.models import AttemptStatus, QuizAttempt
from enrollments.quizzes import services
from tests.courses.factories import add_quiz, build_tree, question_ids
from tests.enrollments.threads import raised, run_together
from tests.factories import ParticipantFactory

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True),
              pytest.mark.usefixtures("postgresql")]


def test_simultaneous_starts_open_one_attempt():
    quiz = add_quiz(build_tree().modules[0], max_attempts=1)
    person = ParticipantFactory()
    results = run_together([lambda: services.start_attempt(quiz=quiz, user=person).pk for _ in range(6)])
    assert raised(results) == []
    assert len(set(results)) == 1
    assert QuizAttempt.objects.count() == 1


def test_simultaneous_submits_score_once():
    quiz = add_quiz(build_tree().modules[0])
    person = ParticipantFactory()
    attempt = services.start_attempt(quiz=quiz, user=person)
    data = QueryDict(mutable=True)
    data.setlist("questions", list(question_ids(quiz).values()))
    data[f"q-{question_ids(quiz)['true_false']}"] = "true"
    services.save_answers(attempt=attempt, data=data)

    results = run_together([lambda: services.submit_attempt(attempt=attempt).pk for _ in range(4)])
    assert len([r for r in results if not isinstance(r, BaseException)]) == 1
    assert all(isinstance(error, services.AttemptClosed) and not error.timed_out for error in raised(results))
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUBMITTED and attempt.score == 1
