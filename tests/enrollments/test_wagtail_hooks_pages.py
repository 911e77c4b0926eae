"""What readers see of enrollments on course and module pages (enrollments/wagtail_hooks.py): sessions, quizzes."""

import re

import pytest
from django.core.cache import cache

from enrollments.models import SessionStatus
from enrollments.quizzes import services
from enrollments.session_label import date_range
from tests.content.factories import add_call
from tests.courses.factories import add_quiz, translate_tree
from tests.enrollments.factories import EnrollmentFactory, fill, in_days, schedule
from tests.enrollments.paths import COURSE_URL, detail_url
from tests.enrollments.seats import PENDING, WAITLISTED, wait
from tests.helpers import text, uk, uk_plural

pytestmark = pytest.mark.django_db

MODULE_PAGE_QUERIES = 26  # 24 measured for a learner with one quiz, whether one attempt or five
COURSE_PAGE_QUERIES = 30  # 30 measured for a learner (25 for a visitor) with 1 session and with 8: each reader's
# place and the open calls behind the sessions are one query each


# --- Upcoming sessions on the course page --------------------------------------------------------

def test_course_page_lists_upcoming_sessions_soonest_first(client, tree):
    later = schedule(course=tree.course, title="Сесія у Львові", start_in=20, city="Львів", venue="Палац мистецтв",
                     capacity=3, language="en")
    full = schedule(course=tree.course, title="Сесія, де немає місць", start_in=10, capacity=2)
    approval = schedule(course=tree.course, title="Сесія за погодженням", start_in=15, approval_required=True)
    fill(later, 2)
    fill(full, 2)
    fill(later, 1, WAITLISTED)

    response = client.get(COURSE_URL)

    assert response.status_code == 200
    html = text(response)
    section = html.split(uk("Upcoming training sessions"), 1)[1]
    assert re.findall(r'<a href="/uk/learning/sessions/(\d+)/">([^<]+)</a></h3>', section) == [
        (str(full.pk), "Сесія, де немає місць"), (str(approval.pk), "Сесія за погодженням"),
        (str(later.pk), "Сесія у Львові"),
    ]
    later_card = section.split("Сесія у Львові</a>", 1)[1]
    assert f'<p class="card__topic">Львів · {date_range(in_days(20), in_days(22))}</p>' in later_card
    assert "Львів, Палац мистецтв" in later_card
    assert uk("In person") in later_card
    assert uk("English") in later_card
    assert uk_plural("%(seats)s place left", "%(seats)s places left", 1, seats=1) in later_card
    full_card = section.split("Сесія, де немає місць</a>", 1)[1].split("</article>", 1)[0]
    assert uk("Full — waiting list") in full_card
    approval_card = section.split("Сесія за погодженням</a>", 1)[1].split("</article>", 1)[0]
    assert uk("Places are confirmed by a coordinator") in approval_card
    assert uk_plural("%(seats)s place left", "%(seats)s places left", 30, seats=30) in approval_card


def test_course_page_shows_the_readers_own_place_on_each_session(learner, participant, tree):
    enrolled = schedule(course=tree.course, title="Моя сесія", start_in=5)
    waiting = schedule(course=tree.course, title="Сесія, де я чекаю", start_in=6, capacity=1)
    requested = schedule(course=tree.course, title="Сесія, куди я просився", start_in=7, approval_required=True)
    free = schedule(course=tree.course, title="Вільна сесія", start_in=8)
    EnrollmentFactory(session=enrolled, user=participant)
    fill(waiting, 1)
    wait(EnrollmentFactory(session=waiting), 20)
    wait(EnrollmentFactory(session=waiting, user=participant), 10)
    EnrollmentFactory(session=requested, user=participant, status=PENDING)

    response = learner.get(COURSE_URL)

    assert response.status_code == 200
    html = text(response)
    card = {session: html.split(f"{session.title}</a>", 1)[1].split("</article>", 1)[0]
            for session in (enrolled, waiting, requested, free)}
    assert uk("You are enrolled") in card[enrolled]
    assert uk("Your place and the programme") in card[enrolled]
    assert uk("You are on the waiting list: number %(position)s", position=2) in card[waiting]
    assert uk("You have requested a place: a coordinator will confirm it") in card[requested]
    assert uk("You are enrolled") not in card[free]
    assert uk_plural("%(seats)s place left", "%(seats)s places left", 30, seats=30) in card[free]
    assert uk("Dates, place and enrollment") in card[free]


def test_course_page_sends_to_the_open_call_that_gives_a_sessions_places(client, tree):
    session = schedule(course=tree.course, title="Сесія за конкурсом")
    call = add_call(tree.home, title="Вчителі для команди", sessions=[session])

    response = client.get(COURSE_URL)

    assert response.status_code == 200
    card = text(response).split("Сесія за конкурсом</a>", 1)[1].split("</article>", 1)[0]
    assert uk("Places go to the applicants an open call accepts:") in card
    assert f'<a href="{call.url}">Вчителі для команди</a>' in card
    assert uk("Dates, place and enrollment") not in card


def test_course_page_hides_draft_cancelled_and_past_sessions(client, tree):
    schedule(course=tree.course, title="Чернетка сесії", status=SessionStatus.DRAFT)
    schedule(course=tree.course, title="Скасована сесія", status=SessionStatus.CANCELLED)
    schedule(course=tree.course, title="Завершена сесія", status=SessionStatus.COMPLETED, start_in=-10)
    schedule(course=tree.course, title="Минула сесія", start_in=-5)
    ongoing = schedule(course=tree.course, title="Сесія, що триває", start_in=-1)
    closed = schedule(course=tree.course, title="Закритий набір", status=SessionStatus.CLOSED)

    response = client.get(COURSE_URL)

    assert response.status_code == 200
    html = text(response)
    for hidden in ("Чернетка сесії", "Скасована сесія", "Завершена сесія", "Минула сесія"):
        assert hidden not in html
    assert f'href="{detail_url(ongoing)}">Сесія, що триває</a>' in html
    assert f'href="{detail_url(closed)}">Закритий набір</a>' in html
    closed_card = html.split("Закритий набір</a>", 1)[1].split("</article>", 1)[0]
    assert uk("Enrollment closed") in closed_card


def test_course_page_without_sessions_has_no_sessions_section(client, tree):
    response = client.get(COURSE_URL)

    assert response.status_code == 200
    assert uk("Upcoming training sessions") not in text(response)


def test_online_session_shows_online_not_the_link(client, tree):
    schedule(course=tree.course, title="Онлайн-сесія", format="online", city="", venue="",
             online_link="https://meet.example.org/secret-room")

    response = client.get(COURSE_URL)

    assert response.status_code == 200
    card = text(response).split("Онлайн-сесія</a>", 1)[1].split("</article>", 1)[0]
    assert f"<dd>{uk('Online')}</dd>" in card
    assert "secret-room" not in text(response)


def test_sessions_of_the_uk_course_show_on_the_english_translation(client, tree):
    translate_tree(tree)
    session = schedule(course=tree.course, title="Сесія в Одесі", city="Одеса")

    response = client.get("/en/courses/case-management/")

    assert response.status_code == 200
    html = text(response)
    assert "Upcoming training sessions" in html
    # No English title: the Ukrainian one, marked for screen readers.
    assert f'href="/en/learning/sessions/{session.pk}/"><span lang="uk">Сесія в Одесі</span></a>' in html
    assert "30 places left" in html


@pytest.mark.parametrize("sessions", [1, 8])
@pytest.mark.parametrize("logged_in", [False, True])
def test_course_page_query_count_does_not_grow_with_sessions(client, tree, participant, sessions, logged_in,
                                                             django_assert_max_num_queries):
    for number in range(sessions):
        session = schedule(course=tree.course, title=f"Сесія номер {number}", start_in=number + 1)
        fill(session, 3)
    if logged_in:
        client.force_login(participant)
    cache.clear()

    with django_assert_max_num_queries(COURSE_PAGE_QUERIES):
        response = client.get(COURSE_URL)

    assert response.status_code == 200
    assert text(response).count('<h3 class="card__title" id="session-') == sessions


# --- Quizzes, with the reader's own results ------------------------------------------------------

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
