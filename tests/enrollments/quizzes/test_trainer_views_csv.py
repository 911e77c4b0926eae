"""The quiz results as CSV files (enrollments/quizzes/trainer_views.py): a row per person, numbers, no formulas."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from enrollments.models import QuizAttempt
from tests.enrollments.factories import graded_answers, submitted_attempt
from tests.enrollments.quizzes.session_results import ALL, csv_rows, person, take_pre_and_post
from tests.helpers import uk

pytestmark = [pytest.mark.django_db, pytest.mark.shared_tree]


def test_quiz_csv_has_one_row_per_counted_attempt_with_points_per_question(trainer_client, session, quizzes, people):
    response = trainer_client.get(reverse("session_quiz_csv", args=[session.pk, quizzes["graded"].translation_key]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert f'filename="session-{session.pk}-quiz-' in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith(f'-{today}.csv"')
    header, *rows = csv_rows(response)
    assert header[-5:] == ["Q1", "Q2", "Q3", "Q4", "Q5"] and len(header) == 17
    (anna,) = rows  # Borys has not taken it; Anna's best attempt is the one that counts
    assert anna[:4] == ["Анна Ярош", people[0].email, "ЦСС Марганець", "2"]
    assert anna[7:10] == ["5", "6", "83.3"] and anna[-5:] == ["1", "2", "1", "1", "0"]


def test_knowledge_gain_csv(trainer_client, session, quizzes, people):
    response = trainer_client.get(reverse("session_knowledge_gain_csv", args=[session.pk]))

    assert response.status_code == 200
    assert f'filename="session-{session.pk}-knowledge-gain-' in response["Content-Disposition"]
    header, anna, borys = csv_rows(response)
    assert len(header) == 15
    assert anna[:3] == ["Анна Ярош", people[0].email, "ЦСС Марганець"]
    assert anna[3:8] == ["Вхідний тест", "3", "6", "50", uk("no")]
    assert anna[8:] == ["Підсумковий тест", "6", "6", "100", uk("yes"), "3", "50"]
    assert borys[-2:] == ["0", "0"]


def test_csv_cells_cannot_run_as_formulas(trainer_client, session, quizzes):
    sly = person(session, "=HYPERLINK(\"http://evil.example\",\"Клік\")", organisation="@SUM(A1:A9)")
    submitted_attempt(quizzes["graded"], sly, graded_answers(quizzes["graded"], right={"numeric"}))

    response = trainer_client.get(reverse("session_quiz_csv", args=[session.pk, quizzes["graded"].translation_key]))

    _header, row = csv_rows(response)
    assert row[0] == "'=HYPERLINK(\"http://evil.example\",\"Клік\")" and row[2] == "'@SUM(A1:A9)"


def test_negative_gains_stay_numbers_in_the_csv(trainer_client, session, quizzes):
    worse = person(session, "Гліб Гірше")
    take_pre_and_post(quizzes, session, worse, pre=ALL, post=set())

    _header, row = csv_rows(trainer_client.get(reverse("session_knowledge_gain_csv", args=[session.pk])))

    assert row[-2:] == ["-5", "-83.3"]


def test_quiz_csv_times_are_kyiv_time(trainer_client, session, quizzes, people):
    late = datetime(2026, 7, 1, 21, 30, tzinfo=UTC)  # 00:30 on 2 July in Kyiv (summer time)
    QuizAttempt.objects.filter(user=people[0], version__quiz=quizzes["graded"]).update(
        started_at=late - timedelta(minutes=20), submitted_at=late)

    header, anna = csv_rows(trainer_client.get(
        reverse("session_quiz_csv", args=[session.pk, quizzes["graded"].translation_key])))

    values = dict(zip(header, anna, strict=True))
    assert values[uk("%(heading)s (Kyiv time)", heading=uk("Started"))] == "2026-07-02 00:10"
    assert values[uk("%(heading)s (Kyiv time)", heading=uk("Submitted"))] == "2026-07-02 00:30"
