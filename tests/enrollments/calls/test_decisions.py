"""Coordinators' decisions: stage transitions, history, bulk moves, and enrollment on acceptance within capacity."""

from decimal import Decimal

import pytest

from enrollments.calls import decisions
from enrollments.calls.models import Application, ApplicationChange
from enrollments.models import Enrollment
from tests.content.factories import add_call
from tests.enrollments.calls.reviewing import apply, submit_review
from tests.enrollments.factories import EnrollmentFactory, TrainingSessionFactory
from tests.enrollments.threads import run_together
from tests.factories import CoordinatorFactory, ReviewerFactory
from tests.helpers import uk

NO_PLACE = uk("No place is left on the call's training sessions: free a seat or raise a session's capacity first.")



@pytest.fixture
def call(tree):
    return add_call(tree.home)  # two stages


def move(application, name, by, note=""):
    return decisions.move_application(application=application, move=name, by=by, note=note)


def fill(session, seats: int) -> None:
    for _ in range(seats):
        EnrollmentFactory(session=session)


# --- Transitions and history ---------------------------------------------------------------------

@pytest.mark.parametrize(("status", "stage", "allowed"), [
    ("submitted", 0, ["next_stage", "shortlist", "accept", "reject"]),
    ("submitted", 1, ["shortlist", "accept", "reject"]),  # the last stage
    ("shortlisted", 0, ["next_stage", "accept", "reject"]),
    ("accepted", 1, ["reopen"]),
    ("rejected", 0, ["reopen"]),
    ("withdrawn", 0, []),
    ("draft", 0, []),
])
def test_allowed_moves_follow_the_transition_rule(call, status, stage, allowed):
    assert decisions.allowed_moves(apply(call, status=status, stage=stage), stages=2) == allowed


def test_next_stage_records_who_when_from_and_to(call, coordinator):
    application = apply(call, status="shortlisted")
    moved = move(application, "next_stage", coordinator, note="Сильні відповіді")
    assert (moved.status, moved.stage) == ("submitted", 1)
    change = ApplicationChange.objects.get(application=application)
    assert (change.changed_by, change.from_status, change.from_stage, change.to_status, change.to_stage,
            change.note) == (coordinator, "shortlisted", 0, "submitted", 1, "Сильні відповіді")
    assert change.changed_at is not None


@pytest.mark.parametrize(("status", "stage", "name"), [
    ("submitted", 1, "next_stage"),  # no stage after the last
    ("shortlisted", 0, "shortlist"),
    ("accepted", 0, "reject"),
    ("withdrawn", 0, "accept"),
    ("draft", 0, "shortlist"),
    ("submitted", 0, "reopen"),
])
def test_a_refused_move_changes_nothing(call, coordinator, status, stage, name, mailoutbox,
                                        django_capture_on_commit_callbacks):
    application = apply(call, status=status, stage=stage)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(decisions.DecisionRefused):
        move(application, name, coordinator)
    application.refresh_from_db()
    assert (application.status, application.stage) == (status, stage)
    assert not ApplicationChange.objects.exists() and mailoutbox == []


def test_rejecting_then_reopening_keeps_the_whole_history(call, coordinator):
    application = apply(call)
    rejected = move(application, "reject", coordinator)
    assert rejected.status == "rejected" and rejected.decided_at is not None
    reopened = move(application, "reopen", coordinator, note="Помилка")
    assert reopened.status == "submitted" and reopened.decided_at is None
    assert list(ApplicationChange.objects.values_list("from_status", "to_status", "note")) == [
        ("submitted", "rejected", ""), ("rejected", "submitted", "Помилка")]


# --- Acceptance and capacity ----------------------------------------------------------------------

def test_accepting_enrolls_in_the_first_linked_session_with_a_free_place(tree, coordinator):
    full, free = TrainingSessionFactory(capacity=1), TrainingSessionFactory(capacity=5)
    fill(full, 1)
    call = add_call(tree.home, sessions=[full, free])
    application = apply(call)
    accepted = move(application, "accept", coordinator)
    enrollment = Enrollment.objects.get(user=application.applicant)
    assert (enrollment.session, enrollment.status, enrollment.source) == (free, "enrolled", "application")
    assert accepted.status == "accepted" and accepted.enrollment == enrollment
    assert Application.objects.get(pk=application.pk).enrollment_id == enrollment.pk


def test_accepting_when_every_session_is_full_is_refused_and_nothing_is_half_done(
        tree, coordinator, mailoutbox, django_capture_on_commit_callbacks):
    session = TrainingSessionFactory(capacity=2)
    fill(session, 2)
    application = apply(add_call(tree.home, sessions=[session]))
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(decisions.NoPlaceLeft) as refusal:
        move(application, "accept", coordinator)
    assert str(refusal.value) == NO_PLACE
    application.refresh_from_db()
    assert application.status == "submitted" and application.enrollment is None
    assert not Enrollment.objects.filter(user=application.applicant).exists()
    assert not ApplicationChange.objects.exists() and mailoutbox == []
    assert session.enrollments.filter(status="enrolled").count() == 2


def test_cancelled_sessions_are_skipped(tree, coordinator):
    cancelled, open_session = TrainingSessionFactory(status="cancelled"), TrainingSessionFactory()
    application = apply(add_call(tree.home, sessions=[cancelled, open_session]))
    assert move(application, "accept", coordinator).enrollment.session == open_session


def test_a_waiting_applicant_takes_the_free_seat_instead_of_a_second_row(tree, coordinator):
    session = TrainingSessionFactory(capacity=3)
    application = apply(add_call(tree.home, sessions=[session]))
    waiting = EnrollmentFactory(session=session, user=application.applicant, status="waitlisted")
    accepted = move(application, "accept", coordinator)
    waiting.refresh_from_db()
    assert accepted.enrollment == waiting and (waiting.status, waiting.source) == ("enrolled", "self")
    assert accepted.place_before == "waitlisted"


def test_a_seat_already_held_is_kept_even_on_a_full_session(tree, coordinator):
    session = TrainingSessionFactory(capacity=1)
    application = apply(add_call(tree.home, sessions=[session]))
    held = EnrollmentFactory(session=session, user=application.applicant, source="self")
    assert move(application, "accept", coordinator).enrollment == held
    held.refresh_from_db()
    assert held.source == "self"


def test_a_call_without_sessions_accepts_without_enrolling(call, coordinator):
    accepted = move(apply(call), "accept", coordinator)
    assert accepted.status == "accepted" and accepted.enrollment is None


def test_reopening_an_acceptance_gives_the_seat_back(tree, coordinator):
    session = TrainingSessionFactory(capacity=1)
    application = apply(add_call(tree.home, sessions=[session]))
    waiting = EnrollmentFactory(session=session, status="waitlisted")
    enrollment = move(application, "accept", coordinator).enrollment
    reopened = move(application, "reopen", coordinator)
    enrollment.refresh_from_db()
    waiting.refresh_from_db()
    assert reopened.enrollment is None and enrollment.status == "cancelled"
    assert waiting.status == "enrolled"  # the freed seat went to the waiting list, as any freed seat does


@pytest.mark.parametrize("own", ["waitlisted", "pending"])
def test_reopening_puts_back_the_request_or_waiting_spot_the_seat_replaced(tree, coordinator, own):
    session = TrainingSessionFactory(capacity=1, approval_required=own == "pending")
    application = apply(add_call(tree.home, sessions=[session]))
    mine = EnrollmentFactory(session=session, user=application.applicant, status=own, source="self")
    other = EnrollmentFactory(session=session, status="waitlisted")
    assert move(application, "accept", coordinator).enrollment == mine
    reopened = move(application, "reopen", coordinator)
    mine.refresh_from_db()
    other.refresh_from_db()
    assert reopened.enrollment is None and reopened.place_before == ""
    assert (mine.status, mine.source) == (own, "self")  # their own request or place in the queue, not cancelled
    assert other.status == "enrolled"  # the freed seat went to the first person waiting


def test_reopening_leaves_a_place_the_person_has_given_up_since(tree, coordinator):
    session = TrainingSessionFactory(capacity=2)
    application = apply(add_call(tree.home, sessions=[session]))
    EnrollmentFactory(session=session, user=application.applicant, status="waitlisted")
    enrollment = move(application, "accept", coordinator).enrollment
    enrollment.status = "cancelled"
    enrollment.save()
    move(application, "reopen", coordinator)
    enrollment.refresh_from_db()
    assert enrollment.status == "cancelled"


# --- Bulk ----------------------------------------------------------------------------------------

def test_bulk_moves_each_application_and_reports_the_refused(call, coordinator):
    first, second = apply(call, name="Перша"), apply(call, name="Друга")
    last_stage = apply(call, name="Остання", stage=1)
    result = decisions.move_applications(applications=[first, second, last_stage], move="next_stage", by=coordinator)
    assert sorted(a.full_name for a in result.moved) == ["Друга", "Перша"]
    assert [(a.full_name, reason) for a, reason in result.refused] == [
        ("Остання", uk("This is the call's last stage: accept or reject instead."))]
    assert set(Application.objects.values_list("full_name", "stage")) == {("Перша", 1), ("Друга", 1), ("Остання", 1)}
    assert ApplicationChange.objects.count() == 2


def test_bulk_accept_beyond_capacity_seats_the_highest_scored_and_reports_the_rest(tree, coordinator):
    session = TrainingSessionFactory(capacity=2)
    call = add_call(tree.home, sessions=[session])
    low, high, middle = apply(call, name="Низька"), apply(call, name="Висока"), apply(call, name="Середня")
    for application, values in ((low, (1, 1)), (high, (5, 5)), (middle, (3, 3))):
        submit_review(application, ReviewerFactory(), *values)
    result = decisions.move_applications(applications=[low, high, middle], move="accept", by=coordinator)
    assert [a.full_name for a in result.moved] == ["Висока", "Середня"]
    assert [(a.full_name, reason) for a, reason in result.refused] == [("Низька", NO_PLACE)]
    assert session.enrollments.filter(status="enrolled", source="application").count() == 2
    assert Application.objects.get(pk=low.pk).status == "submitted"
    assert ApplicationChange.objects.filter(to_status="accepted").count() == 2


def test_bulk_order_puts_unscored_applications_last(call):
    from enrollments.calls.review import with_scores

    scored = apply(call, name="З оцінкою")
    apply(call, name="Без оцінки")
    submit_review(scored, ReviewerFactory(), 1, 0)
    ordered = decisions.bulk_order(list(with_scores(Application.objects.all())))
    assert [a.full_name for a in ordered] == ["З оцінкою", "Без оцінки"]
    assert ordered[0].review_sum == Decimal("13.3")


# --- Simultaneous coordinators (PostgreSQL row locks) ----------------------------------------------

@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_acceptances_never_exceed_capacity():
    from django.db import connection

    from tests.courses.factories import build_tree

    if connection.vendor != "postgresql":
        pytest.skip("Row locks serialise writers on PostgreSQL; SQLite has a single writer anyway.")
    tree = build_tree()
    session = TrainingSessionFactory(course=tree.course, capacity=2)
    call = add_call(tree.home, sessions=[session])
    applications = [apply(call, name=f"Заявниця {n}") for n in range(6)]
    coordinator = CoordinatorFactory()
    results = run_together([
        lambda application=application: move(application, "accept", coordinator) for application in applications])
    refused = [result for result in results if isinstance(result, BaseException)]
    assert len(refused) == 4 and all(isinstance(error, decisions.NoPlaceLeft) for error in refused)
    assert session.enrollments.filter(status="enrolled").count() == 2
    assert Application.objects.filter(status="accepted", enrollment__isnull=False).count() == 2
    assert ApplicationChange.objects.count() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_application_accepted_twice_at_once_is_accepted_once():
    from django.db import connection

    from tests.courses.factories import build_tree

    if connection.vendor != "postgresql":
        pytest.skip("Row locks serialise writers on PostgreSQL; SQLite has a single writer anyway.")
    tree = build_tree()
    session = TrainingSessionFactory(course=tree.course, capacity=5)
    application = apply(add_call(tree.home, sessions=[session]))
    coordinators = [CoordinatorFactory(), CoordinatorFactory()]
    results = run_together([lambda by=by: move(application, "accept", by) for by in coordinators])
    assert sum(isinstance(result, decisions.DecisionRefused) for result in results) == 1
    assert session.enrollments.count() == 1 and ApplicationChange.objects.count() == 1
