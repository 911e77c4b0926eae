"""Capacity holds under concurrency: real simultaneous writers against PostgreSQL.

Each thread has its own database connection, so the row locks taken by the services really
serialise them. SQLite has a single writer and no row locks; there is nothing to race, so these
tests run on PostgreSQL only (CI runs the suite on both).
"""

import threading
import urllib.parse
import urllib.request
from collections import Counter
from datetime import datetime, time, timedelta
from http.cookiejar import CookieJar

import pytest
from django.db import connection, connections, transaction
from django.urls import reverse
from django.utils import timezone

from enrollments.attendance import checkin
from enrollments.attendance.checkin import CheckInRefused, make_token
from enrollments.attendance.services import check_in, record_attendance
from enrollments.models import Attendance, AttendanceChange, Enrollment, EnrollmentStatus, TrainingSession
from enrollments.services import cancel_enrollment, enroll
from tests.courses.factories import build_tree
from tests.enrollments.factories import EnrollmentFactory, TrainingSessionFactory
from tests.enrollments.threads import JOIN_TIMEOUT, raised, run_together
from tests.factories import PASSWORD, ParticipantFactory, TrainerFactory
from tests.helpers import uk

N, C = 12, 5

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True),
              pytest.mark.usefixtures("postgresql")]


def counts(session) -> Counter:
    return Counter(session.enrollments.values_list("status", flat=True))


@pytest.fixture
def session():
    return TrainingSessionFactory(course=build_tree(modules=0).course, capacity=C)


# --- service level -------------------------------------------------------------------------------

def test_simultaneous_enrollments_never_exceed_capacity(session):
    people = ParticipantFactory.create_batch(N)

    results = run_together([lambda person=person: enroll(session=session, user=person) for person in people])

    assert raised(results) == []
    assert Counter(result.status for result in results) == {"enrolled": C, "waitlisted": N - C}
    assert counts(session) == {"enrolled": C, "waitlisted": N - C}


def test_a_double_submitted_enrollment_makes_one_row(session):
    person = ParticipantFactory()

    results = run_together([lambda: enroll(session=session, user=person)] * 4)

    assert raised(results) == []
    assert len({result.pk for result in results}) == 1
    assert list(Enrollment.objects.values_list("user", "status")) == [(person.pk, "enrolled")]


def test_capacity_holds_while_cancellations_and_enrollments_race(session):
    """Seats freed by cancelling go to the longest waiting, never to a newcomer, and never one too many."""
    leaving = EnrollmentFactory.create_batch(4, session=session)
    EnrollmentFactory(session=session)  # stays
    waiting = []
    for minutes in range(5, 0, -1):  # waiting[0] has waited longest
        enrollment = EnrollmentFactory(session=session, status="waitlisted")
        Enrollment.objects.filter(pk=enrollment.pk).update(
            status_changed_at=timezone.now() - timedelta(minutes=minutes))
        waiting.append(enrollment)
    newcomers = ParticipantFactory.create_batch(8)

    seen: list[int] = []
    done = threading.Event()

    def watch() -> None:
        """Sample the number of seats taken, over and over, until the race is over."""
        while not done.is_set():
            seen.append(Enrollment.objects.filter(session=session, status=EnrollmentStatus.ENROLLED).count())
        return None

    watcher = threading.Thread(target=lambda: (watch(), connections.close_all()), daemon=True)
    watcher.start()
    try:
        results = run_together(
            [lambda e=e: cancel_enrollment(enrollment=e) for e in leaving]
            + [lambda p=p: enroll(session=session, user=p) for p in newcomers]
        )
    finally:
        done.set()
        watcher.join(JOIN_TIMEOUT)

    assert raised(results) == []
    assert seen and max(seen) <= C
    assert counts(session) == {"enrolled": C, "cancelled": 4, "waitlisted": 1 + 8}
    promoted = set(Enrollment.objects.filter(pk__in=[w.pk for w in waiting], status="enrolled")
                   .values_list("pk", flat=True))
    assert promoted == {w.pk for w in waiting[:4]}
    assert set(Enrollment.objects.filter(user__in=newcomers).values_list("status", flat=True)) == {"waitlisted"}


def test_a_seat_change_does_not_wait_for_rows_that_refer_to_the_session(session):
    """Rows that refer to a session or a place (report facts, certificates) check their foreign keys with
    FOR KEY SHARE when they commit. Seat locks must not conflict with that check, or a refresh of the report
    facts committing beside a cancellation deadlocks with it (seen in CI, before seat locks were NO KEY UPDATE).
    """
    enrollment = EnrollmentFactory(session=session)
    holding, release = threading.Event(), threading.Event()

    def refer() -> None:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                for model, pk in ((TrainingSession, session.pk), (Enrollment, enrollment.pk)):
                    table = connection.ops.quote_name(model._meta.db_table)
                    cursor.execute(f"SELECT 1 FROM {table} WHERE id = %s FOR KEY SHARE", [pk])  # noqa: S608 - a model's table
                holding.set()
                release.wait(JOIN_TIMEOUT)
        finally:
            connections.close_all()

    referrer = threading.Thread(target=refer, daemon=True)
    referrer.start()
    assert holding.wait(JOIN_TIMEOUT)
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '3s'")
            cancel_enrollment(enrollment=enrollment)
    finally:
        release.set()
        referrer.join(JOIN_TIMEOUT)

    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.CANCELLED


# --- attendance ----------------------------------------------------------------------------------

def _now_on(day) -> datetime:
    return timezone.make_aware(datetime.combine(day.date, time(9, 35)))


def test_a_double_tapped_check_in_marks_once(session):
    enrollment = EnrollmentFactory(session=session)
    day = session.days.order_by("date").first()
    token = make_token(day_id=day.pk)

    results = run_together([lambda: check_in(token=token, user=enrollment.user, now=_now_on(day))] * 4)

    refusals = raised(results)
    assert all(isinstance(error, CheckInRefused) and error.reason == checkin.ALREADY for error in refusals), refusals
    assert len(refusals) == 3
    assert list(Attendance.objects.values_list("status", flat=True)) == ["present"]
    assert AttendanceChange.objects.count() == 1


def test_roster_and_self_check_in_racing_leave_one_mark_with_full_history(session):
    trainer = TrainerFactory()
    enrollment = EnrollmentFactory(session=session)
    day = session.days.order_by("date").first()

    results = run_together([
        lambda: check_in(token=make_token(day_id=day.pk), user=enrollment.user, now=_now_on(day)),
        lambda: record_attendance(day=day, marks={enrollment.pk: "absent"}, by=trainer, method="roster"),
    ])

    assert [r for r in raised(results) if not isinstance(r, CheckInRefused)] == []
    attendance = Attendance.objects.get()
    history = list(attendance.changes.order_by("pk").values_list("old_status", "new_status"))
    assert history[0][0] == ""
    assert history[-1][1] == attendance.status
    assert all(new == history[i + 1][0] for i, (_, new) in enumerate(history[:-1]))


# --- real HTTP requests --------------------------------------------------------------------------

class Browser:
    """One participant's browser: its own cookie jar, speaking real HTTP to the live server."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def csrf(self) -> str:
        return next(cookie.value for cookie in self.cookies if cookie.name == "csrftoken")

    def get(self, path: str) -> tuple[int, str]:
        with self.opener.open(self.base_url + path, timeout=JOIN_TIMEOUT) as response:
            return response.status, response.read().decode()

    def post(self, path: str, data: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": self.csrf(), **data}).encode()
        request = urllib.request.Request(self.base_url + path, data=body,  # noqa: S310 - http://localhost
                                         headers={"Referer": self.base_url + path})
        with self.opener.open(request, timeout=JOIN_TIMEOUT) as response:
            return response.status, response.read().decode()

    def log_in(self, email: str) -> None:
        path = reverse("account_login")
        self.get(path)
        status, page = self.post(path, {"login": email, "password": PASSWORD})
        assert status == 200
        assert any(cookie.name == "sessionid" for cookie in self.cookies), page[:500]


def test_simultaneous_http_enrollments_never_exceed_capacity(live_server, session, mailoutbox):
    people = ParticipantFactory.create_batch(N)
    browsers = [Browser(live_server.url) for _ in people]
    for browser, person in zip(browsers, people, strict=True):
        browser.log_in(person.email)
    enroll_path = reverse("session_enroll", args=[session.pk])

    results = run_together([lambda b=b: b.post(enroll_path, {}) for b in browsers])

    assert raised(results) == []
    assert {status for status, _ in results} == {200}
    confirmed = uk("Your place is confirmed. We will email you the details.")
    waitlisted = uk("All places are taken, so you are on the waiting list. If a place becomes free, we will email you.")
    assert sum(confirmed in page for _, page in results) == C
    assert sum(waitlisted in page for _, page in results) == N - C
    assert counts(session) == {"enrolled": C, "waitlisted": N - C}
    subjects = Counter(message.subject.split(":")[0] for message in mailoutbox)
    assert subjects == {
        "[Hromada LMS] " + uk("Your place is confirmed: %(title)s", title="").rstrip(": "): C,
        "[Hromada LMS] " + uk("You are on the waiting list: %(title)s", title="").rstrip(": "): N - C,
    }
