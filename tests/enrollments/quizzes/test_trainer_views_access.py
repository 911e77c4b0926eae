"""Who opens the quiz results (enrollments/quizzes/trainer_views.py), and the links that lead trainers there."""

import uuid

import pytest
from django.urls import reverse

from tests.courses.factories import add_course, add_quiz
from tests.enrollments.factories import TrainingSessionFactory
from tests.enrollments.paths import LOGIN_URL
from tests.enrollments.quizzes.session_results import detail_url, overview_url
from tests.factories import CoordinatorFactory, TrainerFactory
from tests.helpers import text, uk

pytestmark = [pytest.mark.django_db, pytest.mark.shared_tree]


# --- Who may open them -----------------------------------------------------------------------------

def test_anonymous_visitors_are_sent_to_log_in(client, session, quizzes):
    for url in (overview_url(session), detail_url(session, quizzes["graded"]),
                reverse("session_knowledge_gain_csv", args=[session.pk]),
                reverse("session_knowledge_gain_xlsx", args=[session.pk]),
                reverse("session_quiz_xlsx", args=[session.pk, quizzes["graded"].translation_key]),
                reverse("quiz_results", args=[quizzes["graded"].translation_key]),
                reverse("quiz_results_csv", args=[quizzes["graded"].translation_key]),
                reverse("quiz_results_xlsx", args=[quizzes["graded"].translation_key])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(LOGIN_URL), url


@pytest.mark.parametrize("who", ["other_trainer", "participant"])
def test_other_trainers_and_participants_find_nothing(client, session, quizzes, people, who):
    user = TrainerFactory() if who == "other_trainer" else people[0]
    if who == "other_trainer":
        TrainingSessionFactory(course=add_course(session.course.get_parent().specific, slug="x", modules=0),
                               trainers=[user])
    client.force_login(user)
    key = quizzes["graded"].translation_key
    for url in (overview_url(session), detail_url(session, quizzes["graded"]),
                reverse("session_knowledge_gain_csv", args=[session.pk]),
                reverse("session_knowledge_gain_xlsx", args=[session.pk]),
                reverse("session_quiz_csv", args=[session.pk, key]),
                reverse("session_quiz_xlsx", args=[session.pk, key]),
                reverse("quiz_results", args=[key]), reverse("quiz_results_csv", args=[key]),
                reverse("quiz_results_xlsx", args=[key])):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Анна Ярош" not in text(response)


def test_coordinators_see_every_session(client, session, quizzes, people):
    client.force_login(CoordinatorFactory())

    assert client.get(overview_url(session)).status_code == 200
    assert client.get(reverse("quiz_results", args=[quizzes["pre"].translation_key])).status_code == 200


def test_unknown_sessions_and_quizzes_of_other_courses_are_not_found(trainer_client, tree, session):
    foreign = add_quiz(add_course(tree.catalogue, slug="other", modules=0), slug="foreign", title="Чужий тест")

    assert trainer_client.get(reverse("session_quiz_results", args=[987_654])).status_code == 404
    assert trainer_client.get(detail_url(session, foreign)).status_code == 404
    assert trainer_client.get(reverse("session_quiz_detail", args=[session.pk, uuid.uuid4()])).status_code == 404
    assert trainer_client.get(reverse("quiz_results", args=[uuid.uuid4()])).status_code == 404


# --- The way in ------------------------------------------------------------------------------------

def test_the_roster_links_to_the_sessions_quiz_results(trainer_client, session):
    day = session.days.order_by("date").first()

    response = trainer_client.get(reverse("roster", args=[day.pk]))

    assert response.status_code == 200
    assert f'href="{overview_url(session)}"' in text(response) and uk("Quiz results") in text(response)


def test_the_admin_shows_a_results_button_on_a_quiz(client, quizzes):
    client.force_login(CoordinatorFactory())

    response = client.get(reverse("wagtailadmin_pages:edit", args=[quizzes["graded"].pk]))

    assert response.status_code == 200
    assert reverse("quiz_results", args=[quizzes["graded"].translation_key]) in text(response)


def test_the_admin_has_no_results_button_for_other_pages_or_people(client, tree, quizzes):
    client.force_login(CoordinatorFactory())
    course_page = client.get(reverse("wagtailadmin_pages:edit", args=[tree.course.pk]))
    client.force_login(TrainerFactory())  # may edit pages in the catalogue, but teaches none of this
    quiz_page = client.get(reverse("wagtailadmin_pages:edit", args=[quizzes["graded"].pk]))

    assert course_page.status_code == 200 and "/trainer/quizzes/" not in text(course_page)
    assert quiz_page.status_code == 200 and "/trainer/quizzes/" not in text(quiz_page)
