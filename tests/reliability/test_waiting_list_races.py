"""Promise: cancellations racing with enrollments never over- or under-fill a session, and the waiting list is served
in order, each person promoted at most once.

People cancel (some with a seat, some from the waiting list) at the very moment newcomers enroll on a full session
that has a waiting list, each in a thread of its own with its own connection to PostgreSQL. Afterwards:
- over-fill: at no instant did more people hold a seat than the session has (sampled throughout), nor at the end;
- under-fill: the seats held equal the capacity when demand is enough, or everyone still wanting a seat holds one;
  nobody is left waiting while a seat is free;
- order: those promoted are exactly the longest waiting (among those who did not cancel), and newcomers queue behind;
- once: nobody was promoted twice (one "a place is free" email each, one per seat freed).

Pass criterion: the counts, sets and emails below, for a session with more demand than seats and one with less.
PostgreSQL only: SQLite serialises every writer, so there is nothing to race.
"""

import threading
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone

from enrollments.emails import PROMOTED, render_enrollment_email
from enrollments.models import Enrollment, EnrollmentStatus
from enrollments.services import cancel_enrollment, enroll
from tests.courses.factories import build_tree
from tests.enrollments.factories import EnrollmentFactory, TrainingSessionFactory
from tests.enrollments.threads import JOIN_TIMEOUT, raised, run_together
from tests.factories import ParticipantFactory

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True),
              pytest.mark.usefixtures("postgresql")]

ENROLLED, WAITLISTED, CANCELLED = EnrollmentStatus.ENROLLED, EnrollmentStatus.WAITLISTED, EnrollmentStatus.CANCELLED


def full_session(*, capacity: int, waiting: int):
    """A session whose every seat is taken, and `waiting` people queued, the first in the list waiting longest."""
    session = TrainingSessionFactory(course=build_tree(modules=0).course, capacity=capacity)
    seated = EnrollmentFactory.create_batch(capacity, session=session)
    queue = []
    for minutes in range(waiting, 0, -1):
        enrollment = EnrollmentFactory(session=session, status=WAITLISTED)
        waited_since = timezone.now() - timedelta(minutes=minutes)
        Enrollment.objects.filter(pk=enrollment.pk).update(status_changed_at=waited_since)
        queue.append(enrollment)
    return session, seated, queue


def race(session, tasks: list) -> list[int]:
    """Run the tasks together while a watcher samples the seats taken; the samples."""
    seen: list[int] = []
    done = threading.Event()

    def watch() -> None:
        try:
            while not done.is_set():
                seen.append(Enrollment.objects.filter(session=session, status=ENROLLED).count())
        finally:
            connections.close_all()

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        results = run_together(tasks)
    finally:
        done.set()
        watcher.join(JOIN_TIMEOUT)
    assert raised(results) == []
    assert seen
    return seen


def statuses(enrollments) -> dict[int, str]:
    return dict(Enrollment.objects.filter(pk__in=[e.pk for e in enrollments]).values_list("pk", "status"))


def promotions(mailoutbox, session, someone) -> Counter:
    subject = render_enrollment_email(someone, PROMOTED)[0].strip()
    return Counter(address for message in mailoutbox if subject in message.subject for address in message.to)


def test_more_demand_than_seats_every_seat_taken_in_waiting_order(mailoutbox):
    capacity = 5
    session, seated, queue = full_session(capacity=capacity, waiting=6)
    leaving, giving_up = seated[:4], queue[1]  # four seats freed; the second in the queue leaves the queue
    newcomers = ParticipantFactory.create_batch(6)

    seen = race(session, [lambda e=e: cancel_enrollment(enrollment=e) for e in [*leaving, giving_up]]
                + [lambda p=p: enroll(session=session, user=p) for p in newcomers])

    assert max(seen) <= capacity
    assert Enrollment.objects.filter(session=session, status=ENROLLED).count() == capacity
    still_queued = [e for e in queue if e != giving_up]
    assert statuses(still_queued) == {e.pk: ENROLLED for e in still_queued[:4]} | {e.pk: WAITLISTED
                                                                                  for e in still_queued[4:]}
    assert statuses([giving_up]) == {giving_up.pk: CANCELLED}
    assert set(Enrollment.objects.filter(user__in=newcomers).values_list("status", flat=True)) == {WAITLISTED}
    promoted = promotions(mailoutbox, session, queue[0])
    assert all(count == 1 for count in promoted.values()), promoted
    # The one who gave up may have been promoted a moment before leaving: then one more seat went down the queue.
    assert set(promoted) - {giving_up.user.email} == {e.user.email for e in still_queued[:4]}


def test_less_demand_than_seats_everyone_waiting_is_seated_and_no_seat_is_left_to_a_queue(mailoutbox):
    capacity = 6
    session, seated, queue = full_session(capacity=capacity, waiting=2)
    leaving, newcomers = seated[:5], ParticipantFactory.create_batch(2)

    seen = race(session, [lambda e=e: cancel_enrollment(enrollment=e) for e in leaving]
                + [lambda p=p: enroll(session=session, user=p) for p in newcomers])

    assert max(seen) <= capacity
    held = Counter(Enrollment.objects.filter(session=session).values_list("status", flat=True))
    # 1 who stayed + 2 who waited + 2 newcomers: all of them seated, nobody waiting beside a free seat.
    assert held == {ENROLLED: 1 + 2 + 2, CANCELLED: 5}
    assert statuses(queue) == {e.pk: ENROLLED for e in queue}
    promoted = promotions(mailoutbox, session, queue[0])
    # A newcomer who queued behind them before the seats were freed is promoted too, also once.
    assert set(promoted) <= {e.user.email for e in queue} | {p.email for p in newcomers}
    assert all(count == 1 for count in promoted.values()), promoted
    assert {e.user.email for e in queue} <= set(promoted)
