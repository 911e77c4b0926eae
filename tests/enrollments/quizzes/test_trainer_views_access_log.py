"""Quiz results write the access log: whose results a trainer read, and whose went into a file."""

import pytest
from django.urls import reverse

from enrollments.privacy.models import AccessRecord
from tests.enrollments.access_records import labels, logged
from tests.enrollments.quizzes.session_results import csv_rows, detail_url, overview_url, person
from tests.helpers import text

pytestmark = [pytest.mark.django_db, pytest.mark.shared_tree]

DETAIL_QUERIES = 17  # tests/enrollments/quizzes/test_trainer_views_results.py
CSV_QUERIES = 11


def _rows(people, trainer, kind: str, what: str) -> list[tuple[int, int, str, str]]:
    return sorted((user.pk, trainer.pk, kind, what) for user in people)


def test_a_sessions_quiz_page_logs_everyone_listed_once_per_window(trainer_client, trainer, session, quizzes, people,
                                                                   django_assert_max_num_queries):
    waiting = person(session, "Віра Без Спроби")  # holds a place, no attempt: listed all the same
    with django_assert_max_num_queries(DETAIL_QUERIES + 6):  # a first request: the layout's caches are cold
        response = trainer_client.get(detail_url(session, quizzes["graded"]))
    assert response.status_code == 200 and "Віра Без Спроби" in text(response)
    trainer_client.get(detail_url(session, quizzes["graded"]))

    assert logged() == _rows([*people, waiting], trainer, "view", "quiz_results")
    assert labels() == {"Тест модуля · Ведення випадку, Дніпро"}


def test_the_sessions_overview_logs_whose_knowledge_gain_it_shows(trainer_client, trainer, session, quizzes, people):
    response = trainer_client.get(overview_url(session))

    assert response.status_code == 200 and "Борис Ох" in text(response)
    assert logged() == _rows(people, trainer, "view", "quiz_results")
    assert labels() == {"Ведення випадку, Дніпро"}


def test_the_quiz_file_logs_only_the_people_in_it_every_time(trainer_client, trainer, session, quizzes, people,
                                                            django_assert_max_num_queries):
    url = reverse("session_quiz_csv", args=[session.pk, quizzes["graded"].translation_key])
    with django_assert_max_num_queries(CSV_QUERIES):
        response = trainer_client.get(url)
    assert response.status_code == 200 and len(csv_rows(response)) == 2  # the header and Anna: Borys did not take it
    trainer_client.get(reverse("session_quiz_xlsx", args=[session.pk, quizzes["graded"].translation_key]))

    assert logged() == _rows([people[0]] * 2, trainer, "export", "quiz_results_export")


def test_the_knowledge_gain_file_logs_both(trainer_client, trainer, session, quizzes, people):
    response = trainer_client.get(reverse("session_knowledge_gain_csv", args=[session.pk]))

    assert response.status_code == 200 and len(csv_rows(response)) == 3
    assert logged() == _rows(people, trainer, "export", "knowledge_gain_export")
    assert labels() == {"Ведення випадку, Дніпро"}


def test_the_course_wide_results_and_file_log_whose_results(client, tree, session, quizzes, people):
    from courses.models import CourseTrainer
    from tests.factories import TrainerFactory

    named = TrainerFactory()
    CourseTrainer.objects.create(page=tree.course, user=named)
    client.force_login(named)
    key = quizzes["graded"].translation_key

    page = client.get(reverse("quiz_results", args=[key]))
    assert page.status_code == 200 and "Анна Ярош" in text(page)
    assert client.get(reverse("quiz_results_csv", args=[key])).status_code == 200

    assert logged() == [(people[0].pk, named.pk, "export", "quiz_results_export"),
                        (people[0].pk, named.pk, "view", "quiz_results")]
    assert labels() == {"Тест модуля"}


def test_nothing_is_logged_for_a_page_refused(client, session, quizzes, people):
    from tests.factories import TrainerFactory

    client.force_login(TrainerFactory())
    assert client.get(detail_url(session, quizzes["graded"])).status_code == 404
    assert not AccessRecord.objects.exists()
