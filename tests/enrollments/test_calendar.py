"""The .ics file of a session: valid RFC 5545, one event per day in Kyiv time, served to anyone but drafts."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from enrollments.calendar import day_uid, session_calendar
from enrollments.models import EnrollmentStatus, SessionStatus
from tests.enrollments.factories import EnrollmentFactory, SessionDayFactory, TrainingSessionFactory
from tests.helpers import uk

pytestmark = pytest.mark.django_db

KYIV = ZoneInfo("Europe/Kyiv")
SESSION_URL = "https://learn.example.org/uk/learning/sessions/7/"
SECRET_LINK = "https://meet.example.org/secret-room"


def calendar_url(session) -> str:
    return f"/uk/learning/sessions/{session.pk}/calendar.ics"


def three_day_session(**fields):
    """Days across the autumn clock change: 25 October (summer time) to 27 October (winter time)."""
    fields.setdefault("title", "Ведення випадку: базовий тренінг")
    session = TrainingSessionFactory(days=0, **fields)
    for offset, topic in enumerate(("Вступ", "Оцінка потреб", "План підтримки")):
        SessionDayFactory(session=session, date=date(2025, 10, 25) + timedelta(days=offset),
                          starts_at=time(9, 30), ends_at=time(17), topic=topic)
    return session


def parse(body: bytes) -> Calendar:
    return Calendar.from_ical(body)


def build(session, **kwargs) -> Calendar:
    return parse(session_calendar(session=session, days=list(session.days.order_by("date")),
                                  session_url=SESSION_URL, **kwargs))


def test_one_event_per_day_in_kyiv_time():
    session = three_day_session(city="Київ", venue="Будинок освіти")

    calendar = build(session, now=datetime(2025, 10, 1, 12, tzinfo=UTC))

    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == "-//Hromada LMS//Training sessions//EN"
    events = calendar.walk("VEVENT")
    assert len(events) == 3
    days = list(session.days.order_by("date"))
    assert [str(event["UID"]) for event in events] == [
        f"session-{session.pk}-day-{day.pk}@hromada-lms" for day in days]
    assert [event.start for event in events] == [
        datetime(2025, 10, 25, 9, 30, tzinfo=KYIV), datetime(2025, 10, 26, 9, 30, tzinfo=KYIV),
        datetime(2025, 10, 27, 9, 30, tzinfo=KYIV)]
    assert [event.end for event in events] == [
        datetime(2025, 10, 25, 17, tzinfo=KYIV), datetime(2025, 10, 26, 17, tzinfo=KYIV),
        datetime(2025, 10, 27, 17, tzinfo=KYIV)]
    # 09:30 in Kyiv is 06:30 UTC in summer time and 07:30 UTC after the clocks go back
    assert [event.start.astimezone(UTC).hour for event in events] == [6, 7, 7]
    assert {event.DTSTAMP for event in events} == {datetime(2025, 10, 1, 12, tzinfo=UTC)}
    assert [str(event["SUMMARY"]) for event in events] == [
        uk("%(title)s (day %(number)s of %(total)s)", title=session.title, number=n, total=3) for n in (1, 2, 3)]
    assert {str(event["LOCATION"]) for event in events} == {"Будинок освіти, Київ"}
    assert str(events[1]["DESCRIPTION"]) == f"Оцінка потреб\n\n{SESSION_URL}"
    assert {str(event["STATUS"]) for event in events} == {"CONFIRMED"}


def test_the_file_carries_its_timezone():
    body = session_calendar(session=three_day_session(), days=[], session_url=SESSION_URL)
    assert b"VTIMEZONE" not in body  # no days, no times, no timezone needed

    calendar = build(three_day_session())

    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Kyiv"
    assert calendar.get_missing_tzids() == set()
    assert {component.name for component in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}


def test_the_same_day_keeps_its_uid_when_it_moves():
    session = three_day_session()
    day = session.days.order_by("date").first()
    before = build(session).walk("VEVENT")[0]

    day.date = date(2025, 10, 24)
    day.save()
    after = build(session).walk("VEVENT")[0]

    assert str(before["UID"]) == str(after["UID"]) == day_uid(session_id=session.pk, day_id=day.pk)
    assert after.start == datetime(2025, 10, 24, 9, 30, tzinfo=KYIV)


def test_a_cancelled_session_cancels_every_event():
    session = three_day_session(status=SessionStatus.CANCELLED)

    events = build(session).walk("VEVENT")

    assert {str(event["STATUS"]) for event in events} == {"CANCELLED"}
    day_one = uk("%(title)s (day %(number)s of %(total)s)", title=session.title, number=1, total=3)
    assert str(events[0]["SUMMARY"]) == uk("Cancelled: %(summary)s", summary=day_one)


@pytest.mark.parametrize(("fields", "link", "location"), [
    ({"format": "online", "venue": "", "city": ""}, "", "Online"),
    ({"format": "online", "venue": "", "city": ""}, SECRET_LINK, SECRET_LINK),
    ({"format": "blended", "venue": "Хаб", "city": "Львів"}, "", "Хаб, Львів / Online"),
    ({"format": "in_person", "venue": "Хаб", "city": "Львів"}, SECRET_LINK, "Хаб, Львів"),
])
def test_location_by_format(fields, link, location):
    events = build(three_day_session(**fields), online_link=link).walk("VEVENT")

    assert str(events[0]["LOCATION"]) == location.replace("Online", uk("Online"))


# --- The view ------------------------------------------------------------------------------------


def test_anyone_can_download_the_calendar_file(client):
    session = three_day_session(format="online", venue="", city="", online_link=SECRET_LINK)

    response = client.get(calendar_url(session))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="hromada-session-{session.pk}.ics"'
    calendar = parse(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 3
    assert str(events[0]["URL"]) == f"http://testserver/uk/learning/sessions/{session.pk}/"
    assert str(events[0]["DESCRIPTION"]) == f"Вступ\n\nhttp://testserver/uk/learning/sessions/{session.pk}/"
    assert b"secret-room" not in response.content


@pytest.mark.parametrize(("status", "sees_link"), [
    (EnrollmentStatus.ENROLLED, True),
    (EnrollmentStatus.WAITLISTED, False),
    (EnrollmentStatus.PENDING, False),
    (EnrollmentStatus.CANCELLED, False),
])
def test_the_online_link_is_only_for_people_with_a_seat(learner, participant, status, sees_link):
    session = three_day_session(format="online", venue="", city="", online_link=SECRET_LINK)
    EnrollmentFactory(session=session, user=participant, status=status)

    response = learner.get(calendar_url(session))

    assert response.status_code == 200
    events = parse(response.content).walk("VEVENT")
    assert (SECRET_LINK in str(events[0]["DESCRIPTION"])) is sees_link
    assert (str(events[0]["LOCATION"]) == SECRET_LINK) is sees_link


def test_a_cancelled_session_serves_cancelled_events(client):
    session = three_day_session(status=SessionStatus.CANCELLED)

    response = client.get(calendar_url(session))

    assert response.status_code == 200
    assert response.content.count(b"STATUS:CANCELLED") == 3


def test_draft_and_unknown_sessions_have_no_calendar(client):
    draft = three_day_session(status=SessionStatus.DRAFT)

    assert client.get(calendar_url(draft)).status_code == 404
    assert client.get(f"/uk/learning/sessions/{draft.pk + 1}/calendar.ics").status_code == 404


def test_calendar_only_answers_get(client):
    session = three_day_session()

    response = client.post(calendar_url(session))

    assert response.status_code == 405


def test_calendar_query_count_is_small(client, django_assert_max_num_queries):
    session = three_day_session()
    for _ in range(20):
        EnrollmentFactory(session=session)

    with django_assert_max_num_queries(4):
        response = client.get(calendar_url(session))

    assert response.status_code == 200
    assert response.content.count(b"BEGIN:VEVENT") == 3
