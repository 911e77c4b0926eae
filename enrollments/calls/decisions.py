"""Coordinators' decisions on applications: next stage, shortlist, accept, reject, reopen; one or many.

Every move asks `transitions.apply_move`, writes an ApplicationChange (who, when, from → to, note) and,
except for reopening, queues one decision email after the commit, unless the caller says `notify=False`
(the demo, which writes its applicants' past as it happened and must not email them).

Accepting enrolls the applicant (source "application") on the first session linked to the call that has
a free seat, the sessions taken in the order of their first day. Capacity is never exceeded: each
session row is locked while its seats are counted (the lock every change of seats takes, see
`enrollments.services`), and when no linked session has a seat left the acceptance is refused and
nothing changes; nobody is put on a waiting list by an acceptance. A call without linked sessions
accepts without enrolling. The acceptance email names the session and its dates, so the session's own
confirmation email is not sent as well. A request or waiting-list spot the person had made on that session
becomes the seat. Reopening an acceptance undoes it: a place it made is cancelled (the seat goes to the
waiting list), a request or waiting-list spot it replaced comes back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext

from enrollments import services
from enrollments.calls import emails
from enrollments.calls.models import Application, ApplicationChange, ApplicationStatus
from enrollments.calls.review import mean_of, with_scores
from enrollments.calls.transitions import Move, Seen, apply_move, compare_seen
from enrollments.models import Enrollment, EnrollmentSource, EnrollmentStatus, SessionStatus, TrainingSession

DECISIONS = (Move.NEXT_STAGE, Move.SHORTLIST, Move.ACCEPT, Move.REJECT, Move.REOPEN)


class DecisionRefused(Exception):
    """The move is not possible for this application; the message says why, for the coordinator."""


class NoPlaceLeft(DecisionRefused):
    """Every session linked to the call is full."""


def allowed_moves(application: Application, stages: int) -> list[str]:
    """The decisions a coordinator may take on the application now, in menu order."""
    moves = []
    for move in DECISIONS:
        try:
            apply_move(status=application.status, stage=application.stage, stages=stages, move=move)
        except ValueError:
            continue
        moves.append(move)
    return moves


def _refusal(application: Application, move: str) -> str:
    if move == Move.NEXT_STAGE and application.status in (ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED):
        return gettext("This is the call's last stage: accept or reject instead.")
    return gettext("Not possible for an application that is “%(status)s”.") % {
        "status": application.get_status_display()}


def linked_sessions(call) -> list[TrainingSession]:
    """The sessions the call recruits for that still take people, the earliest first day first."""
    return list(TrainingSession.objects.filter(call_links__call=call).exclude(status__in=SessionStatus.finished())
                .annotate(first_day=Min("days__date")).order_by("first_day", "pk"))


def _take_seat(*, application: Application, sessions: list[TrainingSession]) -> None:
    """A seat on the first linked session with one free (or the seat the applicant already holds).

    Remembers a request or waiting-list spot of the person's own that the seat replaced, for reopening.
    """
    application.enrollment, application.place_before = None, ""
    if not sessions:
        return
    held = (Enrollment.objects.filter(user_id=application.applicant_id, session__in=sessions,
                                      status__in=EnrollmentStatus.holding_seat()).select_related("session").first())
    if held:
        application.enrollment = held
        return
    for session in sessions:
        seat = services.seat_accepted_applicant(session=session, user=application.applicant)
        if seat is not None:
            application.enrollment = seat.enrollment
            application.place_before = seat.was if seat.was in EnrollmentStatus.waiting() else ""
            return
    raise NoPlaceLeft(gettext("No place is left on the call's training sessions: free a seat or raise a session's "
                              "capacity first."))


def _give_seat_back(application: Application) -> None:
    """Reopening an acceptance undoes its seat: a place it made is cancelled, a request or waiting-list spot it
    replaced comes back (the freed seat goes to the first waiting), a place the person held already stays."""
    enrollment = application.enrollment
    if enrollment is not None:
        enrollment.refresh_from_db(fields=["status"])
    if enrollment is None or enrollment.status != EnrollmentStatus.ENROLLED:
        pass  # gone already, or completed: nothing to give back
    elif application.place_before == EnrollmentStatus.WAITLISTED:
        services.move_to_waitlist(enrollment=enrollment)
    elif application.place_before == EnrollmentStatus.PENDING:
        services.return_to_request(enrollment=enrollment)
    elif enrollment.source == EnrollmentSource.APPLICATION:
        services.cancel_enrollment(enrollment=enrollment)
    application.enrollment, application.place_before = None, ""


@transaction.atomic
def move_application(*, application: Application, move: str, by: AbstractBaseUser | None, note: str = "",
                     now: datetime | None = None, notify: bool = True,
                     seen: tuple[str, int] | None = None) -> Application:
    """Take one decision on one application; DecisionRefused (nothing changed) when it is not possible.

    `seen` is the (status, stage) the decision was taken on: the same decision posted twice (a double tap, a
    second tab) is taken once and the repeat changes nothing; a decision on a state that has changed since
    is refused. `notify=False` records the same change and seat without the decision email.
    """
    now = now or timezone.now()
    # Locked first, then read: rows joined to a locked read come from before the wait for the lock, so a
    # decision taken meanwhile (a double tap) would show its status but not yet its enrollment.
    Application.objects.select_for_update().filter(pk=application.pk).exists()
    application = Application.objects.select_related("call", "applicant", "enrollment").get(pk=application.pk)
    stages = application.call.stages.count()
    verdict = compare_seen(seen=seen, status=application.status, stage=application.stage, stages=max(stages, 1),
                           move=move)
    if verdict == Seen.REPEAT:
        return application
    if verdict == Seen.STALE:
        raise DecisionRefused(gettext("The application has changed since you opened it: it is now “%(status)s”. "
                                      "Nothing was changed.") % {"status": application.get_status_display()})
    try:
        status, stage = apply_move(status=application.status, stage=application.stage, stages=max(stages, 1),
                                   move=move)
    except ValueError:
        raise DecisionRefused(_refusal(application, move)) from None
    change = ApplicationChange(application=application, changed_by=by, changed_at=now, from_status=application.status,
                               to_status=status, from_stage=application.stage, to_stage=stage, note=note[:500])
    if move == Move.ACCEPT:
        _take_seat(application=application, sessions=linked_sessions(application.call))
    if move == Move.REOPEN:
        _give_seat_back(application)
    application.status, application.stage = status, stage
    application.decided_at = now if status in (ApplicationStatus.ACCEPTED, ApplicationStatus.REJECTED) else None
    application.save(update_fields=["status", "stage", "decided_at", "enrollment", "place_before", "updated_at"])
    change.save()
    if notify and move in emails.KIND_BY_MOVE:
        emails.notify_decision(application, emails.KIND_BY_MOVE[move])
    return application


@dataclass
class BulkResult:
    """What a bulk move did: the applications moved, and the refused ones with the reason."""

    moved: list[Application] = field(default_factory=list)
    refused: list[tuple[Application, str]] = field(default_factory=list)


def bulk_order(applications: list[Application]) -> list[Application]:
    """Highest mean score first, then the earliest submitted: who gets the last seats when seats run out."""
    def key(application):
        mean = mean_of(application)
        return (mean is None, -(mean or 0), application.submitted_at or application.created_at, application.pk)

    return sorted(applications, key=key)


def move_applications(*, applications, move: str, by: AbstractBaseUser | None, note: str = "",
                      notify: bool = True, seen: dict[int, tuple[str, int]] | None = None) -> BulkResult:
    """The same decision on several applications, each on its own: one refused leaves the others done.

    `seen`: the (status, stage) each application was listed with, by id, as for `move_application`;
    `notify=False`: no decision emails.
    """
    result = BulkResult()
    seen = seen or {}
    ordered = bulk_order(list(with_scores(Application.objects.filter(pk__in=[a.pk for a in applications]))))
    for application in ordered:
        try:
            result.moved.append(move_application(application=application, move=move, by=by, note=note,
                                                 notify=notify, seen=seen.get(application.pk)))
        except DecisionRefused as refusal:
            result.refused.append((application, str(refusal)))
    return result
