"""The import plan (enrollments/imports/planning.py): what each row will do, seats first, then the waiting list."""

from enrollments.imports.parsing import ParticipantRow
from enrollments.imports.planning import Outcome, plan_import
from enrollments.models import EnrollmentStatus


def row(line: int = 2, *, email: str = "a@example.org", name: str = "Анна", status: str = "",
        errors: tuple = ()) -> ParticipantRow:
    return ParticipantRow(line=line, name=name, email=email, status=status, errors=errors)


def test_plan_gives_seats_while_they_remain_then_the_waiting_list():
    rows = [row(2, email="a@example.org"), row(3, email="b@example.org"), row(4, email="c@example.org")]

    plan = plan_import(rows=rows, existing_emails={"b@example.org"}, statuses_by_email={}, seats_left=2)

    assert [(p.outcome, p.status) for p in plan.rows] == [
        (Outcome.NEW_ACCOUNT, EnrollmentStatus.ENROLLED),
        (Outcome.EXISTING_ACCOUNT, EnrollmentStatus.ENROLLED),
        (Outcome.NEW_ACCOUNT, EnrollmentStatus.WAITLISTED),
    ]
    assert (plan.enrolled, plan.waitlisted, plan.new_accounts, plan.existing_accounts) == (2, 1, 2, 1)
    assert plan.is_valid


def test_plan_keeps_people_already_on_the_session_and_gives_a_cancelled_place_again():
    rows = [row(2, email="on@example.org"), row(3, email="gone@example.org"), row(4, email="wait@example.org")]

    plan = plan_import(
        rows=rows, existing_emails={"on@example.org", "gone@example.org", "wait@example.org"},
        statuses_by_email={"on@example.org": "enrolled", "gone@example.org": "cancelled",
                           "wait@example.org": "pending"},
        seats_left=5,
    )

    assert [(p.outcome, p.status) for p in plan.rows] == [
        (Outcome.ALREADY_ON_SESSION, "enrolled"),
        (Outcome.EXISTING_ACCOUNT, "enrolled"),
        (Outcome.ALREADY_ON_SESSION, "pending"),
    ]
    assert (plan.already_on_session, plan.enrolled) == (2, 1)


def test_plan_puts_a_waitlisted_row_on_the_waiting_list_even_with_seats():
    plan = plan_import(rows=[row(status="waitlisted")], existing_emails=set(), statuses_by_email={}, seats_left=3)
    assert plan.rows[0].status == EnrollmentStatus.WAITLISTED


def test_plan_with_an_invalid_row_is_invalid():
    plan = plan_import(rows=[row(2), row(3, email="b@example.org", errors=("bad",))], existing_emails=set(),
                       statuses_by_email={}, seats_left=3)
    assert not plan.is_valid
    assert plan.invalid == 1
    assert plan.rows[1].outcome == Outcome.INVALID
