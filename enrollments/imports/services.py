"""The import write: put every person of a checked participant list on a session, all or nothing."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext

from enrollments import emails, transitions
from enrollments.accounts import create_account, fill_blank_profile_fields
from enrollments.capacity import seats_left
from enrollments.imports import selectors
from enrollments.imports.parsing import ParticipantRow
from enrollments.imports.planning import ImportPlan, plan_import
from enrollments.models import Enrollment, EnrollmentSource, TrainingSession
from enrollments.selectors import enrolled_count
from enrollments.services import lock_session, set_status
from enrollments.transitions import Move


class ImportRejected(Exception):
    """Some rows of the import have errors, so nothing was imported."""


IMPORT_LOG_ACTION = "enrollments.import_participants"


@transaction.atomic
def import_participants(*, session: TrainingSession, rows: list[ParticipantRow],
                        by: AbstractBaseUser | None) -> ImportPlan:
    """Put every person of an uploaded list on the session, all or nothing; returns the plan it followed.

    Accounts are created where missing (no usable password, an unverified address, a profile from the
    row) and their people get one welcome email with a link to set a password; existing accounts are reused
    and their profile only filled in where empty. Imports skip
    approval: seats while they remain, then the waiting list. People already on the session keep
    their place. Any row with errors raises ImportRejected. The session's admin history records who
    imported how many.
    """
    from wagtail.log_actions import log

    if not rows or any(row.errors for row in rows):
        raise ImportRejected(gettext("Correct the rows with errors and upload the file again."))
    session = lock_session(session_id=session.pk)
    accounts = selectors.accounts_by_email(emails=[row.email for row in rows])
    plan = plan_import(
        rows=rows, existing_emails=set(accounts),
        statuses_by_email=selectors.statuses_by_email(session=session, users=accounts),
        seats_left=seats_left(capacity=session.capacity, enrolled=enrolled_count(session=session)),
    )
    for planned in plan.rows:
        if not planned.changes_anything:
            continue
        user = accounts.get(planned.row.email)
        new_account = user is None
        if new_account:
            user = _create_imported_account(planned.row)
        else:
            row = planned.row
            fill_blank_profile_fields(user=user, full_name=row.name, profession=row.profession,
                                      organisation=row.organisation, oblast=row.oblast)
        _place_imported(session=session, user=user, status=planned.status, new_account=new_account)
    log(instance=session, action=IMPORT_LOG_ACTION, user=by, data={
        "enrolled": plan.enrolled, "waitlisted": plan.waitlisted, "new_accounts": plan.new_accounts,
    })
    return plan


def _create_imported_account(row: ParticipantRow) -> AbstractBaseUser:
    return create_account(email=row.email, full_name=row.name, profession=row.profession,
                          organisation=row.organisation, oblast=row.oblast)


def _place_imported(*, session: TrainingSession, user: AbstractBaseUser, status: str,
                    new_account: bool = False) -> Enrollment:
    enrollment = Enrollment.objects.select_for_update(no_key=True).filter(session=session, user=user).first()
    to = transitions.apply_move(status=enrollment.status if enrollment else None, move=Move.IMPORT, placement=status)
    if enrollment is None:
        enrollment = Enrollment.objects.create(session=session, user=user, status=to,
                                               source=EnrollmentSource.IMPORTED)
    elif to is None:  # on the session already: the plan (read under the same lock) leaves them as they are
        return enrollment
    else:  # a cancelled place, given again
        enrollment.source = EnrollmentSource.IMPORTED
        enrollment.save(update_fields=["source"])
        set_status(enrollment=enrollment, status=to)
    if new_account:  # one email: the place and the password link
        emails.welcome_new_account(enrollment)
    else:
        emails.notify_enrollment(enrollment, emails.KIND_BY_STATUS[to])
    return enrollment
