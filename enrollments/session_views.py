"""Participant views of a training session: its page, enrolling, cancelling, and its calendar file.

Thin: selectors read, services write. Draft sessions do not exist for participants (404).
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from enrollments import calendar, selectors, services, transitions
from enrollments.calls.selectors import calls_recruiting_for
from enrollments.models import Enrollment, EnrollmentStatus, SessionStatus, TrainingSession
from enrollments.transitions import Move

ENROLLED_MESSAGES = {
    EnrollmentStatus.ENROLLED: gettext_lazy("Your place is confirmed. We will email you the details."),
    EnrollmentStatus.WAITLISTED: gettext_lazy(
        "All places are taken, so you are on the waiting list. If a place becomes free, we will email you."),
    EnrollmentStatus.PENDING: gettext_lazy(
        "Your request has been sent. A coordinator will review it and we will email you."),
}
CANCELLED_MESSAGES = {
    EnrollmentStatus.ENROLLED: gettext_lazy("You have given up your place. Thank you for letting us know."),
    EnrollmentStatus.WAITLISTED: gettext_lazy("You have left the waiting list."),
    EnrollmentStatus.PENDING: gettext_lazy("You have withdrawn your request."),
}

# What the participant can do next on the session page; the template words each one.
ENROLL, WAITLIST, REQUEST = "enroll", "waitlist", "request"
CANCEL_PLACE, LEAVE_WAITLIST, WITHDRAW_REQUEST = "cancel_place", "leave_waitlist", "withdraw_request"
CANCEL_ACTIONS = {EnrollmentStatus.ENROLLED: CANCEL_PLACE, EnrollmentStatus.WAITLISTED: LEAVE_WAITLIST,
                  EnrollmentStatus.PENDING: WITHDRAW_REQUEST}


def _session_or_404(session_id: int) -> TrainingSession:
    session = selectors.public_session(session_id=session_id)
    if session is None:
        raise Http404
    return session


def _detail_url(session: TrainingSession) -> str:
    return reverse("session_detail", kwargs={"session_id": session.pk})


def _back_to(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    # Only a path from the root: `redirect()` takes a bare word ("0") for the name of a view and fails on it.
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return fallback


def _next_action(session: TrainingSession, enrollment: Enrollment | None, refusal: str) -> str:
    """The one button the session page offers, or "" when there is nothing to do."""
    if session.status in SessionStatus.finished():
        return ""
    status = enrollment.status if enrollment else None
    if transitions.allows(status=status, move=Move.CANCEL):
        return CANCEL_ACTIONS[status]
    if refusal or not transitions.allows(status=status, move=Move.REQUEST):
        return ""
    if session.approval_required:
        return REQUEST
    return WAITLIST if session.seats_left == 0 else ENROLL


def _waiting_position(session, enrollment, user) -> int | None:
    if not enrollment or enrollment.status != EnrollmentStatus.WAITLISTED:
        return None
    return selectors.places_on(sessions=[session], user=user)[session.pk].waiting_position


@require_GET
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session_or_404(session_id)
    enrollment = selectors.enrollment_of(session=session, user=request.user)
    refusal = services.enrollment_refusal(session=session, now=timezone.now())
    course = session.course.localized
    return render(request, "enrollments/session_detail.html", {
        "session": session,
        "days": list(session.days.all()),
        "enrollment": enrollment,
        "waiting_position": _waiting_position(session, enrollment, request.user),
        "holds_seat": bool(enrollment and enrollment.status in EnrollmentStatus.holding_seat()),
        "refusal": refusal,
        "action": _next_action(session, enrollment, refusal),
        "course": course if course.live else None,
        "recruiting_calls": calls_recruiting_for(session=session),
    })


@require_POST
def session_enroll(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session_or_404(session_id)
    if not request.user.is_authenticated:
        return redirect_to_login(_detail_url(session))
    existing = selectors.enrollment_of(session=session, user=request.user)
    if existing and not transitions.allows(status=existing.status, move=Move.REQUEST):
        messages.info(request, _("Nothing has changed: your status on this training is “%(status)s”.")
                      % {"status": existing.get_status_display()})
        return redirect(_detail_url(session))
    try:
        enrollment = services.enroll(session=session, user=request.user)
    except services.EnrollmentClosed as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, ENROLLED_MESSAGES[enrollment.status])
    return redirect(_detail_url(session))


@require_POST
def session_cancel(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session_or_404(session_id)
    if not request.user.is_authenticated:
        return redirect_to_login(_detail_url(session))
    back = _back_to(request, _detail_url(session))
    enrollment = selectors.enrollment_of(session=session, user=request.user)
    if session.status in SessionStatus.finished():
        messages.error(request, _("This training is over or cancelled: there is nothing to change."))
    elif enrollment is None or not transitions.allows(status=enrollment.status, move=Move.CANCEL):
        messages.info(request, _("You have no place, request or waiting-list spot on this training to cancel."))
    else:
        previous = enrollment.status
        services.cancel_enrollment(enrollment=enrollment)
        messages.success(request, CANCELLED_MESSAGES[previous])
    return redirect(back)


@require_GET
def session_calendar(request: HttpRequest, session_id: int) -> HttpResponse:
    """Anyone may add a session to their calendar; the online link is in it only for people with a seat."""
    session = _session_or_404(session_id)
    enrollment = selectors.enrollment_of(session=session, user=request.user)
    holds_seat = bool(enrollment and enrollment.status in EnrollmentStatus.holding_seat())
    body = calendar.session_calendar(
        session=session,
        days=list(session.days.all()),
        session_url=request.build_absolute_uri(_detail_url(session)),
        online_link=session.online_link if holds_seat else "",
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{calendar.calendar_filename(session)}"'
    return response
