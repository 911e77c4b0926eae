"""The quiz results as Excel workbooks (enrollments/quizzes/trainer_views.py): the same rows as the CSV files, as
numbers and Kyiv times a Ukrainian Excel reads without guessing an encoding or a separator."""

import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from enrollments.models import QuizAttempt
from enrollments.spreadsheets import XLSX_TYPE, number
from tests.enrollments.quizzes.session_results import csv_rows, person
from tests.helpers import uk

pytestmark = [pytest.mark.django_db, pytest.mark.shared_tree]


def workbook_rows(response) -> list[list]:
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    return [list(row) for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]


def as_csv_text(value) -> str:
    """An Excel cell as the CSV writes the same value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return uk("yes") if value else uk("no")
    if isinstance(value, (int, float)):
        return number(Decimal(str(value)))
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value


def urls(session, quizzes) -> dict[str, tuple[str, str]]:
    key = quizzes["graded"].translation_key
    return {
        "knowledge gain": (reverse("session_knowledge_gain_csv", args=[session.pk]),
                           reverse("session_knowledge_gain_xlsx", args=[session.pk])),
        "session quiz": (reverse("session_quiz_csv", args=[session.pk, key]),
                         reverse("session_quiz_xlsx", args=[session.pk, key])),
        "quiz": (reverse("quiz_results_csv", args=[key]), reverse("quiz_results_xlsx", args=[key])),
        "quiz, one session": (reverse("quiz_results_csv", args=[key]) + f"?session={session.pk}",
                              reverse("quiz_results_xlsx", args=[key]) + f"?session={session.pk}"),
    }


@pytest.mark.parametrize("export", ["knowledge gain", "session quiz", "quiz", "quiz, one session"])
def test_every_workbook_has_the_csvs_rows(trainer_client, session, quizzes, people, export):
    csv_url, xlsx_url = urls(session, quizzes)[export]

    response = trainer_client.get(xlsx_url)

    rows = workbook_rows(response)
    expected = csv_rows(trainer_client.get(csv_url))
    assert len(rows) == len(expected) > 1
    assert [[as_csv_text(cell) for cell in row] for row in rows] == expected
    assert response["Content-Disposition"].endswith(f'-{timezone.localdate().isoformat()}.xlsx"')
    assert "Анна Ярош" in rows[1]


def test_the_workbook_keeps_numbers_as_numbers_and_times_in_kyiv(trainer_client, session, quizzes, people):
    late = datetime(2026, 7, 1, 21, 30, tzinfo=UTC)  # 00:30 on 2 July in Kyiv (summer time)
    QuizAttempt.objects.filter(user=people[0], version__quiz=quizzes["graded"]).update(
        started_at=late - timedelta(minutes=20), submitted_at=late)

    header, anna = workbook_rows(trainer_client.get(
        reverse("session_quiz_xlsx", args=[session.pk, quizzes["graded"].translation_key])))

    values = dict(zip(header, anna, strict=True))
    assert values[uk("%(heading)s (Kyiv time)", heading=uk("Submitted"))] == datetime(2026, 7, 2, 0, 30)
    assert anna[7:9] == [5, 6] and anna[-5:] == [1, 2, 1, 1, 0]


def test_workbook_text_never_runs_as_a_formula(trainer_client, session, quizzes):
    from tests.enrollments.factories import graded_answers, submitted_attempt

    sly = person(session, "=HYPERLINK(\"http://evil.example\",\"Клік\")")
    submitted_attempt(quizzes["graded"], sly, graded_answers(quizzes["graded"], right={"numeric"}))

    response = trainer_client.get(reverse("session_quiz_xlsx", args=[session.pk, quizzes["graded"].translation_key]))

    cell = load_workbook(io.BytesIO(response.content)).active["A2"]
    assert cell.value == "=HYPERLINK(\"http://evil.example\",\"Клік\")" and cell.data_type == "s"


def test_the_results_pages_offer_excel_beside_csv(trainer_client, session, quizzes, people):
    key = quizzes["graded"].translation_key
    pages = {
        reverse("session_quiz_results", args=[session.pk]): (urls(session, quizzes)["knowledge gain"],
                                                              "Download the knowledge gain (%s)"),
        reverse("session_quiz_detail", args=[session.pk, key]): (urls(session, quizzes)["session quiz"],
                                                                 "Download the results (%s)"),
        reverse("quiz_results", args=[key]) + f"?session={session.pk}": (urls(session, quizzes)["quiz, one session"],
                                                                        "Download the results (%s)"),
    }
    for page, ((csv_url, xlsx_url), label) in pages.items():
        response = trainer_client.get(page)
        html = response.content.decode()
        assert response.status_code == 200
        assert f'href="{xlsx_url}"' in html and f'href="{csv_url}"' in html, page
        assert uk(label % "Excel") in html and uk(label % "CSV") in html
