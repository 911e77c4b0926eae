"""The session page (enrollments/session_views.py): dates, places, the button each person needs, what is hidden."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.utils import timezone
from django.utils.formats import date_format

from enrollments.models import Enrollment, EnrollmentStatus, SessionStatus
from tests.enrollments.factories import EnrollmentFactory, fill, schedule
from tests.enrollments.paths import LOGIN_URL, cancel_url, detail_url, enroll_url
from tests.enrollments.seats import ENROLLED, PENDING, WAITLISTED, wait
from tests.helpers import text, uk, uk_plural

pytestmark = [pytest.mark.django_db, pytest.mark.shared_tree]

SESSION_PAGE_QUERIES = 20  # 18 measured, logged in, with 5 and with 40 people enrolled


def test_session_page_for_a_visitor(client, tree):
    session = schedule(course=tree.course, title="Тренінг у Дніпрі", capacity=5, oblast="dnipropetrovsk",
                       format="blended", online_link="https://meet.example.org/secret-room")
    fill(session, 2)

    response = client.get(detail_url(session))

    assert response.status_code == 200
    html = text(response)
    assert "<h1>Тренінг у Дніпрі</h1>" in html
    assert f'<a href="{tree.course.url}">Ведення випадку</a>' in html
    for number, day in enumerate(session.days.order_by("date"), start=1):
        assert date_format(day.date, "DATE_FORMAT") in html
        assert f"Тема дня {number}" in html
    assert "10:00–16:30" in html
    assert "Дніпро, Центр соціальних служб" in html
    assert uk("Dnipropetrovsk oblast") in html
    assert uk_plural("%(seats)s place left", "%(seats)s places left", 3, seats=3) in html
    assert f'href="{LOGIN_URL}?next={detail_url(session)}"' in html
    assert uk("Log in to enroll") in html
    assert "secret-room" not in html
    assert f'href="/uk/learning/sessions/{session.pk}/calendar.ics"' in html
    assert "<form" not in html.split("<main", 1)[1].split('class="site-footer"')[0]


@pytest.mark.parametrize(("fields", "button"), [
    ({}, "Enroll"),
    ({"capacity": 1}, "Join the waiting list"),
    ({"approval_required": True}, "Request a place"),
])


def test_session_page_offers_the_right_button(learner, tree, fields, button):
    session = schedule(course=tree.course, **fields)
    fill(session, 1)

    response = learner.get(detail_url(session))

    assert response.status_code == 200
    html = text(response)
    assert f'<form method="post" action="{enroll_url(session)}">' in html
    assert f'<button type="submit">{uk(button)}</button>' in html
    assert uk("Log in to enroll") not in html


@pytest.mark.parametrize(("status", "summary", "confirm"), [
    (ENROLLED, "Cancel my place", "Yes, cancel my place"),
    (WAITLISTED, "Leave the waiting list", "Yes, leave the waiting list"),
    (PENDING, "Withdraw my request", "Yes, withdraw my request"),
])


def test_session_page_shows_the_status_and_how_to_cancel(learner, participant, tree, status, summary, confirm):
    session = schedule(course=tree.course, online_link="https://meet.example.org/secret-room", format="blended")
    EnrollmentFactory(session=session, user=participant, status=status)

    response = learner.get(detail_url(session))

    assert response.status_code == 200
    html = text(response)
    assert f"{uk('Your status:')} <strong>{uk(EnrollmentStatus(status).label)}</strong>" in html
    assert f"<summary>{uk(summary)}</summary>" in html
    assert f'<form method="post" action="{cancel_url(session)}">' in html
    assert f'<button type="submit">{uk(confirm)}</button>' in html
    assert f'action="{enroll_url(session)}"' not in html
    # the online link only for people holding a seat
    assert ("https://meet.example.org/secret-room" in html) is (status == ENROLLED)


def test_session_page_says_where_the_reader_is_on_the_waiting_list(learner, participant, tree):
    session = schedule(course=tree.course, capacity=1)
    fill(session, 1)
    for minutes_ago in (30, 20):
        wait(EnrollmentFactory(session=session), minutes_ago)
    wait(EnrollmentFactory(session=session, user=participant), 10)

    response = learner.get(detail_url(session))

    assert response.status_code == 200
    assert f"<strong>{uk('You are on the waiting list: number %(position)s', position=3)}</strong>" in text(response)


def test_session_page_of_a_cancelled_session(learner, participant, tree):
    session = schedule(course=tree.course, status=SessionStatus.CANCELLED, online_link="https://meet.example.org/x")
    EnrollmentFactory(session=session, user=participant)

    response = learner.get(detail_url(session))

    assert response.status_code == 200
    html = text(response)
    assert uk("This training session has been cancelled.") in html
    assert 'action="/uk/learning/sessions/' not in html
    assert "meet.example.org" not in html


def test_session_page_of_a_completed_session_is_public(client, tree):
    session = schedule(course=tree.course, status=SessionStatus.COMPLETED, start_in=-10)

    response = client.get(detail_url(session))

    assert response.status_code == 200
    html = text(response)
    assert uk("This training session has taken place.") in html
    assert uk("Log in to enroll") not in html


def test_session_page_says_when_enrollment_is_not_open(learner, tree):
    session = schedule(course=tree.course, enrollment_opens_at=timezone.now() + timedelta(days=2))

    response = learner.get(detail_url(session))

    assert response.status_code == 200
    html = text(response)
    assert uk("Enrollment has not opened yet.") in html
    assert f'action="{enroll_url(session)}"' not in html


@pytest.mark.parametrize("url", [detail_url, enroll_url, cancel_url,
                                 lambda session: f"/uk/learning/sessions/{session.pk}/calendar.ics"])


def test_draft_and_unknown_sessions_are_not_found(learner, participant, tree, url):
    draft = schedule(course=tree.course, status=SessionStatus.DRAFT)
    EnrollmentFactory(session=draft, user=participant)
    method = learner.post if url in (enroll_url, cancel_url) else learner.get

    for session_id in (draft.pk, draft.pk + 1000):
        response = method(url(SimpleNamespace(pk=session_id)))

        assert response.status_code == 404
        assert uk("Page not found") in text(response)
    assert Enrollment.objects.get(session=draft).status == ENROLLED


@pytest.mark.parametrize("enrolled", [5, 40])
def test_session_page_query_count_does_not_grow(learner, participant, tree, enrolled, django_assert_max_num_queries):
    session = schedule(course=tree.course, capacity=50)
    fill(session, enrolled)
    EnrollmentFactory(session=session, user=participant)
    cache.clear()

    with django_assert_max_num_queries(SESSION_PAGE_QUERIES):
        response = learner.get(detail_url(session))

    assert response.status_code == 200
    assert uk_plural("%(seats)s place left", "%(seats)s places left", 50 - enrolled - 1,
                     seats=50 - enrolled - 1) in text(response)
