"""Participant side of training sessions: the course page list, the session page, enroll, cancel, my learning."""

import re
from datetime import time, timedelta
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

from enrollments.models import AttendanceStatus, Enrollment, EnrollmentStatus, SessionStatus
from tests.courses.factories import translate_tree
from tests.enrollments.factories import (
    AttendanceFactory,
    EnrollmentFactory,
    ProfileFactory,
    SessionDayFactory,
    TrainingSessionFactory,
)
from tests.factories import ParticipantFactory
from tests.helpers import text, uk, uk_plural

pytestmark = pytest.mark.django_db

ENROLLED, WAITLISTED, PENDING, CANCELLED = (
    EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED, EnrollmentStatus.PENDING, EnrollmentStatus.CANCELLED)
COURSE_URL = "/uk/courses/case-management/"
MY_LEARNING_URL = "/uk/learning/"
LOGIN_URL = "/uk/accounts/login/"
COURSE_PAGE_QUERIES = 30  # 28 measured for a learner (23 for a visitor) with 1 session and with 8
SESSION_PAGE_QUERIES = 20  # 18 measured, logged in, with 5 and with 40 people enrolled
MY_LEARNING_QUERIES = 32  # 29 measured with 1 and with 8 trainings of 3 days each (2 look for pre/post-tests,
# 7 read certificates: the list, and rules, days, marks, passed quizzes, completed modules, issued ones)


def detail_url(session) -> str:
    return f"/uk/learning/sessions/{session.pk}/"


def enroll_url(session) -> str:
    return f"/uk/learning/sessions/{session.pk}/enroll/"


def cancel_url(session) -> str:
    return f"/uk/learning/sessions/{session.pk}/cancel/"


def in_days(offset: int):
    return timezone.localdate() + timedelta(days=offset)


def schedule(*, start_in: int = 7, days: int = 3, **fields):
    """A session (open, 30 places, in Dnipro unless told) whose `days` days start `start_in` days from today."""
    session = TrainingSessionFactory(days=0, **fields)
    for number in range(days):
        SessionDayFactory(session=session, date=in_days(start_in + number), starts_at=time(10), ends_at=time(16, 30),
                          topic=f"Тема дня {number + 1}")
    return session


def fill(session, count: int, status: str = ENROLLED) -> list[Enrollment]:
    return [EnrollmentFactory(session=session, status=status) for _ in range(count)]


def subject(message: str, session) -> str:
    return "[Hromada LMS] " + uk(message, title=session.title)


def attendance_rate(*, percent: int, attended: int, held: int) -> str:
    return uk_plural("Attendance: %(percent)s%% (%(attended)s of %(held)s day so far)",
                     "Attendance: %(percent)s%% (%(attended)s of %(held)s days so far)", held,
                     percent=percent, attended=attended, held=held)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- Course page ---------------------------------------------------------------------------------


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


# --- Session page --------------------------------------------------------------------------------


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


# --- Enroll --------------------------------------------------------------------------------------


def test_enroll_takes_a_seat_and_emails(learner, participant, tree, mailoutbox, committed):
    session = schedule(course=tree.course, title="Тренінг з ведення випадку")

    with committed():
        response = learner.post(enroll_url(session), follow=True)

    assert response.redirect_chain == [(detail_url(session), 302)]
    assert response.status_code == 200
    assert messages_of(response) == [uk("Your place is confirmed. We have sent you an email with the details.")]
    assert Enrollment.objects.get(session=session, user=participant).status == ENROLLED
    assert [(m.to, m.subject) for m in mailoutbox] == [
        ([participant.email], subject("Your place is confirmed: %(title)s", session))]
    html = text(response)
    assert f"<strong>{uk('Enrolled')}</strong>" in html
    assert f"<summary>{uk('Cancel my place')}</summary>" in html
    assert uk_plural("%(seats)s place left", "%(seats)s places left", 29, seats=29) in html


def test_enroll_when_full_joins_the_waiting_list(learner, participant, tree, mailoutbox, committed):
    session = schedule(course=tree.course, capacity=1)
    fill(session, 1)

    with committed():
        response = learner.post(enroll_url(session), follow=True)

    assert response.status_code == 200
    assert messages_of(response) == [uk(
        "All places are taken, so you are on the waiting list. If a place becomes free, we will email you.")]
    assert Enrollment.objects.get(session=session, user=participant).status == WAITLISTED
    assert [m.subject for m in mailoutbox] == [subject("You are on the waiting list: %(title)s", session)]
    assert f"<summary>{uk('Leave the waiting list')}</summary>" in text(response)


def test_request_a_place_when_approval_is_required(learner, participant, tree, mailoutbox, committed):
    session = schedule(course=tree.course, approval_required=True)

    with committed():
        response = learner.post(enroll_url(session), follow=True)

    assert response.status_code == 200
    assert messages_of(response) == [uk(
        "Your request has been sent. A coordinator will review it and we will email you.")]
    assert Enrollment.objects.get(session=session, user=participant).status == PENDING
    assert [m.subject for m in mailoutbox] == [subject("We have received your request: %(title)s", session)]
    assert f"<summary>{uk('Withdraw my request')}</summary>" in text(response)


def test_enrolling_twice_changes_nothing(learner, participant, tree, mailoutbox, committed):
    session = schedule(course=tree.course)
    with committed():
        learner.post(enroll_url(session), follow=True)  # reads the first message

    with committed():
        response = learner.post(enroll_url(session), follow=True)

    assert response.status_code == 200
    assert messages_of(response) == [uk("Nothing has changed: your status on this training is “%(status)s”.",
                                        status=uk("Enrolled"))]
    assert Enrollment.objects.filter(session=session, user=participant).count() == 1
    assert len(mailoutbox) == 1


def test_enrolling_again_after_cancelling(learner, participant, tree, mailoutbox, committed):
    session = schedule(course=tree.course)
    EnrollmentFactory(session=session, user=participant, status=CANCELLED)

    with committed():
        response = learner.post(enroll_url(session), follow=True)

    assert response.status_code == 200
    assert Enrollment.objects.get(session=session, user=participant).status == ENROLLED
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(("fields", "message"), [
    ({"enrollment_opens_at": timezone.now() + timedelta(days=3)}, "Enrollment has not opened yet."),
    ({"enrollment_opens_at": timezone.now() - timedelta(days=9),
      "enrollment_closes_at": timezone.now() - timedelta(days=1)}, "Enrollment for this session has closed."),
    ({"status": SessionStatus.CLOSED}, "This session is not open for enrollment."),
    ({"status": SessionStatus.CANCELLED}, "This session is not open for enrollment."),
])
def test_enrolling_when_closed_says_why(learner, participant, tree, mailoutbox, committed, fields, message):
    session = schedule(course=tree.course, **fields)

    with committed():
        response = learner.post(enroll_url(session), follow=True)

    assert response.status_code == 200
    assert messages_of(response) == [uk(message)]
    assert 'class="message message--error"' in text(response)
    assert not Enrollment.objects.filter(session=session).exists()
    assert mailoutbox == []


def test_visitors_are_sent_to_log_in_and_back_to_the_session(client, tree):
    session = schedule(course=tree.course)

    for url in (enroll_url(session), cancel_url(session)):
        response = client.post(url)

        assert response.status_code == 302
        assert response["Location"] == f"{LOGIN_URL}?next={detail_url(session)}"
    assert not Enrollment.objects.exists()


def test_enroll_and_cancel_only_take_posts(learner, tree):
    session = schedule(course=tree.course)

    for url in (enroll_url(session), cancel_url(session)):
        response = learner.get(url)

        assert response.status_code == 405
        assert response["Allow"] == "POST"
    assert not Enrollment.objects.exists()


# --- Cancel --------------------------------------------------------------------------------------


def test_cancelling_a_place_promotes_the_first_on_the_waiting_list(learner, participant, tree, mailoutbox, committed):
    session = schedule(course=tree.course, capacity=2, title="Повний тренінг")
    mine = EnrollmentFactory(session=session, user=participant)
    fill(session, 1)
    first, second = fill(session, 2, WAITLISTED)
    Enrollment.objects.filter(pk=second.pk).update(status_changed_at=timezone.now() + timedelta(minutes=1))

    with committed():
        response = learner.post(cancel_url(session), follow=True)

    assert response.status_code == 200
    assert messages_of(response) == [uk("You have given up your place. Thank you for letting us know.")]
    statuses = dict(Enrollment.objects.values_list("pk", "status"))
    assert (statuses[mine.pk], statuses[first.pk], statuses[second.pk]) == (CANCELLED, ENROLLED, WAITLISTED)
    assert [(m.to, m.subject) for m in mailoutbox] == [
        ([first.user.email], subject("A place has become free for you: %(title)s", session))]
    html = text(response)
    assert f"<strong>{uk('Cancelled')}</strong>" in html
    assert f'<button type="submit">{uk("Join the waiting list")}</button>' in html


@pytest.mark.parametrize(("status", "message"), [
    (WAITLISTED, "You have left the waiting list."),
    (PENDING, "You have withdrawn your request."),
])
def test_leaving_the_waiting_list_or_withdrawing_promotes_nobody(learner, participant, tree, mailoutbox, committed,
                                                                  status, message):
    session = schedule(course=tree.course, capacity=1)
    fill(session, 1)
    other = EnrollmentFactory(session=session, status=WAITLISTED)
    EnrollmentFactory(session=session, user=participant, status=status)

    with committed():
        response = learner.post(cancel_url(session), follow=True)

    assert response.status_code == 200
    assert messages_of(response) == [uk(message)]
    assert Enrollment.objects.get(session=session, user=participant).status == CANCELLED
    assert Enrollment.objects.get(pk=other.pk).status == WAITLISTED
    assert mailoutbox == []


def test_cancel_from_my_learning_goes_back_there(learner, participant, tree):
    session = schedule(course=tree.course)
    EnrollmentFactory(session=session, user=participant)

    response = learner.post(cancel_url(session), {"next": MY_LEARNING_URL})

    assert response.status_code == 302
    assert response["Location"] == MY_LEARNING_URL
    assert Enrollment.objects.get(session=session, user=participant).status == CANCELLED


def test_cancel_ignores_a_foreign_next(learner, participant, tree):
    session = schedule(course=tree.course)
    EnrollmentFactory(session=session, user=participant)

    response = learner.post(cancel_url(session), {"next": "https://evil.example.com/"})

    assert response.status_code == 302
    assert response["Location"] == detail_url(session)


def test_cancelling_without_a_place_touches_nobody_elses(learner, tree, mailoutbox, committed):
    session = schedule(course=tree.course, capacity=1)
    [someone] = fill(session, 1)
    waiting = EnrollmentFactory(session=session, status=WAITLISTED)

    with committed():
        response = learner.post(cancel_url(session), follow=True)

    assert response.status_code == 200
    assert messages_of(response) == [uk(
        "You have no place, request or waiting-list spot on this training to cancel.")]
    assert Enrollment.objects.get(pk=someone.pk).status == ENROLLED
    assert Enrollment.objects.get(pk=waiting.pk).status == WAITLISTED
    assert mailoutbox == []


def test_cancelling_twice_changes_nothing_more(learner, participant, tree, mailoutbox, committed):
    session = schedule(course=tree.course, capacity=1)
    EnrollmentFactory(session=session, user=participant)
    first, second = fill(session, 2, WAITLISTED)
    Enrollment.objects.filter(pk=second.pk).update(status_changed_at=timezone.now() + timedelta(minutes=1))
    with committed():
        learner.post(cancel_url(session), follow=True)  # reads the first message

    with committed():
        response = learner.post(cancel_url(session), follow=True)

    assert response.status_code == 200
    assert messages_of(response) == [uk(
        "You have no place, request or waiting-list spot on this training to cancel.")]
    assert Enrollment.objects.get(pk=second.pk).status == WAITLISTED
    assert len(mailoutbox) == 1


def test_nothing_to_cancel_on_a_cancelled_session(learner, participant, tree):
    session = schedule(course=tree.course, status=SessionStatus.CANCELLED)
    EnrollmentFactory(session=session, user=participant)

    response = learner.post(cancel_url(session), follow=True)

    assert response.status_code == 200
    assert messages_of(response) == [uk("This training is over or cancelled: there is nothing to change.")]
    assert Enrollment.objects.get(session=session, user=participant).status == ENROLLED


# --- My learning ---------------------------------------------------------------------------------


def test_my_learning_shows_my_trainings_with_my_own_attendance(learner, participant, tree):
    ProfileFactory(user=participant)
    session = schedule(course=tree.course, title="Триденний тренінг", start_in=-2, days=4, city="Київ", venue="")
    mine = EnrollmentFactory(session=session, user=participant)
    days = list(session.days.order_by("date"))
    AttendanceFactory(enrollment=mine, day=days[0], status=AttendanceStatus.PRESENT)
    someone = EnrollmentFactory(session=session)
    for day in days[1:3]:
        AttendanceFactory(enrollment=someone, day=day, status=AttendanceStatus.ABSENT)

    response = learner.get(MY_LEARNING_URL)

    assert response.status_code == 200
    html = text(response)
    trainings = html.split(f'<h2 id="trainings-heading">{uk("My trainings")}</h2>', 1)[1].split(
        'id="courses-heading"', 1)[0]
    assert f'<a href="{detail_url(session)}">Триденний тренінг</a>' in trainings
    assert f'<span class="badge badge--done">{uk("Enrolled")}</span>' in trainings
    # day 3 is today: the next day of the training, not yet marked
    assert f"{uk('Today:')}</strong>" in trainings
    assert "10:00–16:30" in trainings
    assert "Київ" in trainings
    labels = re.findall(r'<span class="badge[^"]*">([^<]+)</span>\s*</li>', trainings)
    assert labels == [uk("Present"), uk("Not recorded"), uk("Not yet"), uk("Upcoming")]
    assert attendance_rate(percent=50, attended=1, held=2) in " ".join(trainings.split())
    assert f'href="/uk/learning/sessions/{session.pk}/calendar.ics"' in trainings
    assert f"<summary>{uk('Cancel my place')}</summary>" in trainings
    assert f'<input type="hidden" name="next" value="{MY_LEARNING_URL}">' in trainings
    # the course-progress section stays
    assert f'<h2 id="courses-heading">{uk("My courses")}</h2>' in html


def test_my_learning_counts_late_and_excused_as_the_session_says(learner, participant, tree):
    session = schedule(course=tree.course, start_in=-3, days=3, late_counts_as_attended=False,
                       excused_counts_as_attended=True)
    mine = EnrollmentFactory(session=session, user=participant)
    for day, status in zip(session.days.order_by("date"), ("late", "excused", "absent"), strict=True):
        AttendanceFactory(enrollment=mine, day=day, status=status)

    response = learner.get(MY_LEARNING_URL)

    assert response.status_code == 200
    html = " ".join(text(response).split())
    assert attendance_rate(percent=33, attended=1, held=3) in html
    assert [uk("Late"), uk("Excused"), uk("Absent")] == re.findall(
        r'<span class="badge[^"]*">([^<]+)</span> </li>', html)


def test_my_learning_future_training_has_no_absences(learner, participant, tree):
    session = schedule(course=tree.course, title="Майбутній тренінг", start_in=3)
    EnrollmentFactory(session=session, user=participant)

    response = learner.get(MY_LEARNING_URL)

    assert response.status_code == 200
    html = text(response)
    assert uk("Attendance: no day has been held yet.") in html
    assert html.count(f">{uk('Upcoming')}</span>") == 3
    assert uk("Absent") not in html
    assert uk("Not recorded") not in html
    first = session.days.order_by("date").first()
    assert f"{uk('Next day:')}</strong>" in html
    assert date_format(first.date, "DATE_FORMAT") in html


def test_my_learning_waiting_list_shows_no_attendance(learner, participant, tree):
    session = schedule(course=tree.course, title="Тренінг зі списком очікування", start_in=-1)
    EnrollmentFactory(session=session, user=participant, status=WAITLISTED)

    response = learner.get(MY_LEARNING_URL)

    assert response.status_code == 200
    html = text(response)
    assert f"<span class=\"badge\">{uk('On the waiting list')}</span>" in html
    assert 'class="training__rate"' not in html
    assert uk("Not recorded") not in html
    assert f"<summary>{uk('Leave the waiting list')}</summary>" in html


def test_my_learning_leaves_out_cancelled_places_drafts_and_other_people(learner, participant, tree):
    EnrollmentFactory(session=schedule(course=tree.course, title="Скасоване мною"), user=participant,
                      status=CANCELLED)
    EnrollmentFactory(session=schedule(course=tree.course, title="Чернетка", status=SessionStatus.DRAFT),
                      user=participant)
    EnrollmentFactory(session=schedule(course=tree.course, title="Чужий тренінг"))
    cancelled = schedule(course=tree.course, title="Скасований тренінг", status=SessionStatus.CANCELLED)
    EnrollmentFactory(session=cancelled, user=participant)

    response = learner.get(MY_LEARNING_URL)

    assert response.status_code == 200
    html = text(response)
    for hidden in ("Скасоване мною", "Чернетка", "Чужий тренінг"):
        assert hidden not in html
    card = html.split("Скасований тренінг</a>", 1)[1].split("</article>", 1)[0]
    assert uk("Training cancelled") in card
    assert "<summary>" not in card
    assert "calendar.ics" not in card


def test_my_learning_without_trainings_has_no_trainings_section(learner, tree):
    response = learner.get(MY_LEARNING_URL)

    assert response.status_code == 200
    assert uk("My trainings") not in text(response)


@pytest.mark.parametrize("trainings", [1, 8])
def test_my_learning_query_count_does_not_grow_with_trainings(learner, participant, tree, trainings,
                                                              django_assert_max_num_queries):
    ProfileFactory(user=participant)
    for number in range(trainings):
        session = schedule(course=tree.course, title=f"Тренінг номер {number}", start_in=number - 1)
        mine = EnrollmentFactory(session=session, user=participant)
        fill(session, 2)
        for day in session.days.filter(date__lte=timezone.localdate()):
            AttendanceFactory(enrollment=mine, day=day, status=AttendanceStatus.PRESENT)
    cache.clear()

    with django_assert_max_num_queries(MY_LEARNING_QUERIES):
        response = learner.get(MY_LEARNING_URL)

    assert response.status_code == 200
    assert text(response).count('class="training__title"') == trainings


def test_a_participant_enrolls_and_finds_it_on_my_learning(tree, mailoutbox, committed):
    """The whole journey: course page, session page, enroll, my learning, calendar file."""
    user = ParticipantFactory()
    client = Client()
    client.force_login(user)
    session = schedule(course=tree.course, title="Тренінг для всіх")

    course_page = client.get(COURSE_URL)
    assert f'href="{detail_url(session)}"' in text(course_page)
    with committed():
        client.post(enroll_url(session))
    dashboard = client.get(MY_LEARNING_URL)
    calendar_file = client.get(f"/uk/learning/sessions/{session.pk}/calendar.ics")

    assert dashboard.status_code == 200
    assert f'<a href="{detail_url(session)}">Тренінг для всіх</a>' in text(dashboard)
    assert calendar_file.status_code == 200
    assert calendar_file.content.count(b"BEGIN:VEVENT") == 3
    assert len(mailoutbox) == 1
