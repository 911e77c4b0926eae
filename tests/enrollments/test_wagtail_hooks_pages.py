"""What readers see of enrollments on the course pages (enrollments/wagtail_hooks.py): upcoming sessions."""

import re

import pytest
from django.core.cache import cache
from django.utils.formats import date_format

from enrollments.models import SessionStatus
from tests.courses.factories import translate_tree
from tests.enrollments.factories import fill, in_days, schedule
from tests.enrollments.paths import COURSE_URL, detail_url
from tests.enrollments.seats import WAITLISTED
from tests.helpers import text, uk, uk_plural

pytestmark = pytest.mark.django_db

COURSE_PAGE_QUERIES = 30  # 28 measured for a learner (23 for a visitor) with 1 session and with 8


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
    assert f"{date_format(in_days(20), 'DATE_FORMAT')}</time> – " in later_card
    assert date_format(in_days(22), "DATE_FORMAT") in later_card
    assert "Львів, Палац мистецтв" in later_card
    assert uk("In person") in later_card
    assert uk("English") in later_card
    assert uk_plural("%(seats)s place left", "%(seats)s places left", 1, seats=1) in later_card
    full_card = section.split("Сесія, де немає місць</a>", 1)[1].split("</article>", 1)[0]
    assert uk("Full — waiting list") in full_card
    approval_card = section.split("Сесія за погодженням</a>", 1)[1].split("</article>", 1)[0]
    assert uk("Places are confirmed by a coordinator") in approval_card
    assert uk_plural("%(seats)s place left", "%(seats)s places left", 30, seats=30) in approval_card


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
    assert f'href="/en/learning/sessions/{session.pk}/">Сесія в Одесі</a>' in html
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
    assert text(response).count('class="session-card__title"') == sessions
