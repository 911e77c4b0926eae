"""What importing a participant list would do on a session, row by row. Pure: no database.

The service that writes (`imports.services.import_participants`) and the admin preview both follow
the same plan, so what is imported is what was previewed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from enrollments import transitions
from enrollments.imports.parsing import ParticipantRow
from enrollments.models import EnrollmentStatus
from enrollments.transitions import Move


class Outcome:
    NEW_ACCOUNT = "new_account"
    EXISTING_ACCOUNT = "existing_account"
    ALREADY_ON_SESSION = "already_on_session"
    INVALID = "invalid"


@dataclass(frozen=True)
class PlannedRow:
    """What importing one row would do: the account, and the place it would get (or keep)."""

    row: ParticipantRow
    outcome: str  # an Outcome
    status: str  # the status the person would have on the session afterwards ("" for an invalid row)

    @property
    def changes_anything(self) -> bool:
        return self.outcome in (Outcome.NEW_ACCOUNT, Outcome.EXISTING_ACCOUNT)

    @property
    def status_label(self) -> str:
        return EnrollmentStatus(self.status).label if self.status else ""


@dataclass(frozen=True)
class ImportPlan:
    """The plan for a whole file, with the totals the preview and the summary show."""

    rows: list[PlannedRow]

    def _count(self, test: Callable[[PlannedRow], bool]) -> int:
        return sum(1 for planned in self.rows if test(planned))

    @property
    def is_valid(self) -> bool:
        return self.invalid == 0

    @property
    def invalid(self) -> int:
        return self._count(lambda planned: planned.outcome == Outcome.INVALID)

    @property
    def new_accounts(self) -> int:
        return self._count(lambda planned: planned.outcome == Outcome.NEW_ACCOUNT)

    @property
    def existing_accounts(self) -> int:
        return self._count(lambda planned: planned.outcome == Outcome.EXISTING_ACCOUNT)

    @property
    def already_on_session(self) -> int:
        return self._count(lambda planned: planned.outcome == Outcome.ALREADY_ON_SESSION)

    @property
    def enrolled(self) -> int:
        return self._count(lambda planned: planned.changes_anything and planned.status == EnrollmentStatus.ENROLLED)

    @property
    def waitlisted(self) -> int:
        return self._count(lambda planned: planned.changes_anything
                           and planned.status == EnrollmentStatus.WAITLISTED)


def plan_import(*, rows: list[ParticipantRow], existing_emails: set[str], statuses_by_email: dict[str, str],
                seats_left: int) -> ImportPlan:
    """Row by row: a new or existing account, and a seat while seats remain, the waiting list after.

    Imports skip approval. People already on the session (enrolled, waiting, awaiting approval or
    completed) keep their place; a cancelled place is given again. A "waitlisted" status in the file
    puts the person on the waiting list even when seats remain.
    """
    planned = []
    for row in rows:
        if row.errors:
            planned.append(PlannedRow(row=row, outcome=Outcome.INVALID, status=""))
            continue
        current = statuses_by_email.get(row.email, "")
        if not transitions.allows(status=current, move=Move.IMPORT):
            planned.append(PlannedRow(row=row, outcome=Outcome.ALREADY_ON_SESSION, status=current))
            continue
        if row.status != EnrollmentStatus.WAITLISTED and seats_left > 0:
            status = EnrollmentStatus.ENROLLED
            seats_left -= 1
        else:
            status = EnrollmentStatus.WAITLISTED
        outcome = Outcome.EXISTING_ACCOUNT if row.email in existing_emails else Outcome.NEW_ACCOUNT
        planned.append(PlannedRow(row=row, outcome=outcome, status=status))
    return ImportPlan(rows=planned)
