"""What trainers read (enrollments/quizzes/trainer_views.py): gains, scores, self-assessments kept private."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import CourseTrainer
from enrollments.quizzes import services, trainer_views
from enrollments.quizzes.results import MIN_GROUP
from tests.courses.factories import add_quiz
from tests.enrollments.factories import (
    TrainingSessionFactory,
    answer_form,
    graded_answers,
    statement_answers,
    submitted_attempt,
)
from tests.enrollments.quizzes.session_results import ALL, detail_url, overview_url, person, take_pre_and_post
from tests.enrollments.quizzes.taking import unscorable
from tests.factories import CoordinatorFactory, TrainerFactory
from tests.helpers import text, uk, uk_plural

pytestmark = [pytest.mark.django_db, pytest.mark.shared_tree]

# Budgets measured with 3 and with 20 people (a warm request; 8 of them are the session and the layout's).
OVERVIEW_QUERIES = 16  # 15 measured
DETAIL_QUERIES = 17  # 16 measured
QUIZ_QUERIES = 17  # 16 measured
CSV_QUERIES = 10  # measured: 9 for the knowledge gain, 10 for one quiz (no layout)


# --- What the pages show ---------------------------------------------------------------------------

def test_session_overview_shows_the_knowledge_gain_and_a_card_per_quiz(trainer_client, session, quizzes, people):
    response = trainer_client.get(overview_url(session))

    assert response.status_code == 200
    html = text(response)
    assert uk("Knowledge gain per participant") in html
    assert html.index("Анна Ярош") < html.index("Борис Ох")
    assert "<td>+3</td>" in html and "<td>+50</td>" in html  # Anna's gain in points and percentage points
    assert "<td>3 / 6 (50\xa0%)</td>" in html
    assert "66,7\xa0%" in html  # mean pre-test score in the Ukrainian format: (50 + 83,3) / 2
    assert "91,7\xa0%" in html  # mean post-test score: (100 + 83,3) / 2
    for title in ("Вхідний тест", "Підсумковий тест", "Тест модуля"):
        assert title in html
    assert detail_url(session, quizzes["graded"]) in html
    assert reverse("session_knowledge_gain_csv", args=[session.pk]) in html
    assert detail_url(session, quizzes["self"]) not in html


def test_the_overview_speaks_english_to_english_readers(client, trainer, session, quizzes, people):
    client.force_login(trainer)

    response = client.get(reverse("session_quiz_results", args=[session.pk]).replace("/uk/", "/en/", 1))

    assert response.status_code == 200
    assert "Knowledge gain per participant" in text(response) and "66.7%" in text(response)  # English: no space


def test_session_quiz_detail_shows_distribution_questions_and_everyone(trainer_client, session, quizzes, people):
    person(session, "Віра Кий")  # holds a place, has not taken the quiz

    response = trainer_client.get(detail_url(session, quizzes["graded"]))

    assert response.status_code == 200
    html = text(response)
    assert uk("Score distribution") in html and "80–89\xa0%" in html
    assert "Перший крок ведення випадку?" in html and "<p>Перший" not in html
    assert "Анна Ярош" in html and "Віра Кий" in html and uk("Not submitted yet") in html
    assert "83,3\xa0%" in html  # Anna's best attempt counts
    assert "5 / 6" in html
    assert reverse("session_quiz_csv", args=[session.pk, quizzes["graded"].translation_key]) in html


def test_an_attempt_whose_time_ran_out_counts_without_anyone_submitting_it(trainer_client, tree, session):
    timed = add_quiz(tree.modules[1], slug="timed", title="Тест на час", time_limit_minutes=10)
    late = person(session, "Дана Запізнилась")
    attempt = services.start_attempt(quiz=timed, user=late, now=timezone.now() - timedelta(hours=1))
    services.save_answers(attempt=attempt, data=answer_form(graded_answers(timed)),
                          now=timezone.now() - timedelta(minutes=55))

    response = trainer_client.get(detail_url(session, timed))

    assert response.status_code == 200
    assert uk("time ran out") in text(response) and "100\xa0%" in text(response)
    attempt.refresh_from_db()
    assert attempt.is_submitted and attempt.auto_submitted


def test_an_attempt_that_cannot_be_closed_does_not_keep_the_others_from_the_trainer(trainer_client, tree, session):
    timed = add_quiz(tree.modules[1], slug="timed", title="Тест на час", time_limit_minutes=10)
    an_hour_ago = timezone.now() - timedelta(hours=1)
    broken = services.start_attempt(quiz=timed, user=person(session, "Зламана Спроба"), now=an_hour_ago)
    late = services.start_attempt(quiz=timed, user=person(session, "Дана Запізнилась"), now=an_hour_ago)
    unscorable(broken)

    overview = trainer_client.get(overview_url(session))
    detail = trainer_client.get(detail_url(session, timed))

    assert overview.status_code == detail.status_code == 200
    assert "Тест на час" in text(overview)
    assert "Дана Запізнилась" in text(detail) and uk("time ran out") in text(detail)
    late.refresh_from_db()
    broken.refresh_from_db()
    assert late.is_submitted and not broken.is_submitted


def test_quiz_wide_results_with_a_session_filter(client, tree, trainer, session, quizzes, people):
    other = TrainingSessionFactory(course=tree.course, title="Ведення випадку, Львів")
    olha = person(other, "Ольга Лис")
    submitted_attempt(quizzes["graded"], olha, graded_answers(quizzes["graded"], right=set()))
    named = TrainerFactory()
    CourseTrainer.objects.create(page=tree.course, user=named)
    client.force_login(named)
    url = reverse("quiz_results", args=[quizzes["graded"].translation_key])

    everyone = client.get(url)
    filtered = client.get(url, {"session": session.pk})
    bad = client.get(url, {"session": "abc"})

    assert everyone.status_code == 200
    assert "Анна Ярош" in text(everyone) and "Ольга Лис" in text(everyone)
    assert "Ведення випадку, Львів" in text(everyone)  # in the session filter
    assert filtered.status_code == 200
    assert "Анна Ярош" in text(filtered) and "Ольга Лис" not in text(filtered)
    assert f"?session={session.pk}" in text(filtered)  # the CSV link keeps the filter
    assert bad.status_code == 400 and "Ольга Лис" in text(bad)
    assert uk("That session is not one of this course's sessions: showing everyone.") in text(bad)


def test_quiz_wide_results_list_people_a_page_at_a_time_and_count_everyone(client, tree, session, quizzes, people,
                                                                             monkeypatch):
    monkeypatch.setattr(trainer_views, "PARTICIPANTS_PER_PAGE", 1)
    submitted_attempt(quizzes["graded"], people[1], graded_answers(quizzes["graded"], right=ALL))
    client.force_login(CoordinatorFactory())
    url = reverse("quiz_results", args=[quizzes["graded"].translation_key])

    first, second = client.get(url, {"session": session.pk}), client.get(url, {"session": session.pk, "page": 2})

    assert first.status_code == 200 and second.status_code == 200
    assert ("Анна Ярош" in text(first)) != ("Анна Ярош" in text(second))  # one person on each page
    assert ("Борис Ох" in text(first)) != ("Борис Ох" in text(second))
    assert uk("Page %(number)s of %(total)s", number=1, total=2) in text(first)
    assert f"?session={session.pk}&page=2" in text(first)  # the next page keeps the filter
    assert first.context["report"].summary == second.context["report"].summary  # both people count on each page


# --- Self-assessment privacy -----------------------------------------------------------------------

def answer_self_check(quizzes, session, count: int) -> list[str]:
    names = [f"Приватна Особа {number}" for number in range(count)]
    for name in names:
        submitted_attempt(quizzes["self"], person(session, name), statement_answers(quizzes["self"], [3, 2, 1]))
    return names


def test_a_self_assessment_of_four_people_shows_nothing_but_a_notice(trainer_client, session, quizzes):
    names = answer_self_check(quizzes, session, MIN_GROUP - 1)

    response = trainer_client.get(overview_url(session))

    html = text(response)
    assert response.status_code == 200
    assert uk_plural("Fewer than %(counter)s person has answered: results are hidden so nobody can be identified.",
                     "Fewer than %(counter)s people have answered: results are hidden so nobody can be identified.",
                     MIN_GROUP, counter=MIN_GROUP) in html
    assert uk("Result bands") not in html and "Помірне навантаження" not in html
    assert not any(name in html for name in names)


def test_a_self_assessment_of_five_people_shows_totals_and_never_a_person(client, trainer, session, quizzes):
    names = answer_self_check(quizzes, session, MIN_GROUP)
    coordinator = CoordinatorFactory()

    for user in (trainer, coordinator):
        client.force_login(user)
        overview = text(client.get(overview_url(session)))
        quiz_wide = client.get(reverse("quiz_results", args=[quizzes["self"].translation_key]))
        for html in (overview, text(quiz_wide)):
            assert uk("Result bands") in html and "Помірне навантаження" in html  # 3 + 2 + (3 − 1) = 7: high
            assert "Високе навантаження" in html and "100\xa0%" in html
            assert not any(name in html for name in names)
        assert quiz_wide.status_code == 200
        key = quizzes["self"].translation_key
        for refused in (detail_url(session, quizzes["self"]), reverse("session_quiz_csv", args=[session.pk, key]),
                        reverse("session_quiz_xlsx", args=[session.pk, key]),
                        reverse("quiz_results_csv", args=[key]), reverse("quiz_results_xlsx", args=[key])):
            assert client.get(refused).status_code == 404, refused


# --- Query budgets ---------------------------------------------------------------------------------

def _fill(session, quizzes, start: int, stop: int) -> None:
    for number in range(start, stop):
        user = person(session, f"Учасниця {number:03}")
        take_pre_and_post(quizzes, session, user, pre={"numeric"})
        submitted_attempt(quizzes["graded"], user, graded_answers(quizzes["graded"], right={"numeric"}))
        submitted_attempt(quizzes["self"], user, statement_answers(quizzes["self"], [1, 1, 1]))


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_results_pages_stay_within_a_flat_query_budget(trainer_client, session, quizzes,
                                                       django_assert_max_num_queries):
    CourseTrainer.objects.create(page=session.course, user=session.trainers.first())
    urls = {"overview": (overview_url(session), OVERVIEW_QUERIES),
            "detail": (detail_url(session, quizzes["graded"]), DETAIL_QUERIES),
            "quiz": (reverse("quiz_results", args=[quizzes["post"].translation_key]), QUIZ_QUERIES),
            "gain.csv": (reverse("session_knowledge_gain_csv", args=[session.pk]), CSV_QUERIES),
            "quiz.csv": (reverse("session_quiz_csv", args=[session.pk, quizzes["graded"].translation_key]),
                         CSV_QUERIES)}
    _fill(session, quizzes, 0, 3)
    for url, _budget in urls.values():
        trainer_client.get(url)  # warm the caches of the layout
    small = {name: _queries(trainer_client, url) for name, (url, _budget) in urls.items()}
    _fill(session, quizzes, 3, 20)

    for name, (url, budget) in urls.items():
        with django_assert_max_num_queries(budget):
            response = trainer_client.get(url)
        assert response.status_code == 200
        assert "Учасниця 019" in text(response) or name == "overview"
        assert _queries(trainer_client, url) == small[name], name
