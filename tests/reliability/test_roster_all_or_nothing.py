"""Promise: a roster save is all or nothing, even when the database fails in the middle of it.

A trainer posts a day's marks in one form. If any one write of that save fails (the database drops the connection,
a disk fills, a statement times out), then:
- no mark of that post is saved, nor any history row or queued work it would have made;
- what was saved before (earlier marks and their history) is untouched;
- the trainer sees the roster again with a clear message that nothing was saved, and the marks she chose, never a
  server error page.

Pass criterion: for every position N of the save's writes, failing the N-th write leaves the tables exactly as they
were and answers with the message; the same post without a failure then saves every mark.
"""

from collections.abc import Callable

import pytest
from django.db import OperationalError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from enrollments.attendance.services import record_attendance
from enrollments.background.models import BackgroundJob
from enrollments.models import Attendance, AttendanceChange
from tests.enrollments.factories import EnrollmentFactory, ProfileFactory, TrainingSessionFactory
from tests.helpers import text, uk

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")
NOT_THE_SAVE = ("django_session",)  # the login session is written after the view, not part of the save


class FailNthWrite:
    """An `execute_wrapper` that counts the writes of the save and fails the N-th (0: fail none, just count)."""

    def __init__(self, n: int = 0):
        self.n, self.writes, self.failed = n, 0, False

    def __call__(self, execute: Callable, sql: str, params, many: bool, context):
        statement = sql.lstrip().upper()
        if statement.startswith(WRITES) and not any(table in sql for table in NOT_THE_SAVE):
            self.writes += 1
            if self.writes == self.n:
                self.failed = True
                raise OperationalError("injected: the server closed the connection unexpectedly")
        return execute(sql, params, many, context)


def state() -> dict:
    """Everything a roster save may write, as rows."""
    return {
        "attendance": sorted(Attendance.objects.values_list("enrollment_id", "day_id", "status", "note", "method")),
        "changes": sorted(AttendanceChange.objects.values_list("pk", "attendance_id", "old_status", "new_status")),
        "jobs": sorted(BackgroundJob.objects.values_list("pk", "status")),
    }


@pytest.fixture
def day(trainer):
    session = TrainingSessionFactory(trainers=[trainer], title="Ведення випадку, Дніпро", capacity=3)
    return session.days.get(date=timezone.localdate())


@pytest.fixture
def people(day):
    return [EnrollmentFactory(session=day.session, user=ProfileFactory(full_name=name).user)
            for name in ("Андрій Коваль", "Ірина Бойко", "Юрій Зінченко")]


def test_a_roster_save_that_fails_at_any_write_saves_nothing_and_says_so(client, trainer, day, people,
                                                                          django_assert_max_num_queries):
    earlier = record_attendance(day=day, marks={people[0].pk: "present"}, by=trainer, method="roster")
    assert len(earlier) == 1
    before = state()
    client.force_login(trainer)
    path = reverse("roster", kwargs={"day_id": day.pk})
    post = {f"status_{people[0].pk}": "absent", f"status_{people[1].pk}": "late", f"status_{people[2].pk}": "present",
            f"note_{people[1].pk}": "Затримався потяг"}
    counter = FailNthWrite()
    # Measured in a savepoint rolled back afterwards: the writes one full save makes.
    with connection.execute_wrapper(counter), django_assert_max_num_queries(40), transaction.atomic():
        assert client.post(path, post).status_code == 302
        transaction.set_rollback(True)
    assert counter.writes >= 3  # marks inserted, a mark updated, their history
    assert state() == before

    for n in range(1, counter.writes + 1):
        failure = FailNthWrite(n)
        with connection.execute_wrapper(failure), django_assert_max_num_queries(40):
            response = client.post(path, post)

        assert failure.failed, f"write {n} was never reached"
        assert response.status_code == 503, (n, response.status_code)
        page = text(response)
        assert uk("The marks could not be saved: the database did not answer. Nothing was saved: "
                  "try again in a minute.") in page, n
        assert "Затримався потяг" in page  # what the trainer chose is still on the form
        assert state() == before, f"failing write {n} of {counter.writes} left part of the save behind"

    response = client.post(path, post)
    assert response.status_code == 302
    saved = dict(Attendance.objects.filter(day=day).values_list("enrollment_id", "status"))
    assert saved == {people[0].pk: "absent", people[1].pk: "late", people[2].pk: "present"}
    assert AttendanceChange.objects.filter(attendance__day=day).count() == 1 + 3
