"""The trainer's side of a session day: roster, walk-ins, QR self check-in, sign-in sheet, paper entry.

Every day and session is looked up among those the user manages, so anyone else gets 404 and
cannot learn which ids exist. Participants use only `check_in`.
"""

import logging
from typing import NamedTuple

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from enrollments import selectors as session_selectors
from enrollments.attendance import checkin, selectors, services
from enrollments.attendance.forms import AttendanceMarksForm, WalkInForm
from enrollments.models import AttendanceMethod, AttendanceStatus, SessionDay, TrainingSession
from enrollments.permissions import is_coordinator, sessions_managed_by
from enrollments.privacy.access import AccessWhat, record_access

logger = logging.getLogger(__name__)

ROSTER, PAPER = "roster", "paper"


class MarksPage(NamedTuple):
    """One of the two screens that save a day's marks, and how marks taken there are recorded."""

    url_name: str
    template: str
    method: str


PAGES = {
    ROSTER: MarksPage("roster", "enrollments/roster.html", AttendanceMethod.ROSTER),
    PAPER: MarksPage("paper_entry", "enrollments/paper_entry.html", AttendanceMethod.IMPORT),
}


def _managed_day_or_404(request: HttpRequest, day_id: int) -> SessionDay:
    days = SessionDay.objects.select_related("session").filter(session__in=sessions_managed_by(request.user))
    return get_object_or_404(days, pk=day_id)


def _day_context(day: SessionDay) -> dict:
    days = list(day.session.days.all())
    today = timezone.localdate()
    return {
        "day": day, "session": day.session, "days": days, "day_number": days.index(day) + 1,
        "is_today": day.date == today, "is_future": day.date > today,
    }


def _day_label(day: SessionDay) -> str:
    """What the access log says was seen: the session and the day, never a person."""
    return f"{day.session.title} · {day.date.isoformat()}"


def _record_roster_view(request: HttpRequest, day: SessionDay, rows: list, what: str) -> None:
    record_access(viewer=request.user, subjects=[row.enrollment.user_id for row in rows], what=what,
                  object_label=_day_label(day), path=request.path)


def _count_text(count: selectors.CheckInCount) -> str:
    return _("%(checked_in)s of %(total)s checked in") % {"checked_in": count.checked_in, "total": count.total}


def _render_marks_page(request: HttpRequest, day: SessionDay, *, page: str, rows: list | None = None,
                       form: AttendanceMarksForm | None = None, walk_in_form: WalkInForm | None = None,
                       status: int = 200) -> HttpResponse:
    rows = selectors.roster_for_day(day=day) if rows is None else rows
    _record_roster_view(request, day, rows, AccessWhat.ROSTER if page == ROSTER else AccessWhat.PAPER_ENTRY)
    context = _day_context(day)
    context.update({
        "rows": rows, "form": form or AttendanceMarksForm(rows=rows), "walk_in_form": walk_in_form or WalkInForm(),
        "count_text": _count_text(selectors.count_checked_in(rows)), "page": page,
        "show_history": is_coordinator(request.user), "statuses": AttendanceStatus.choices,
    })
    return render(request, PAGES[page].template, context, status=status)


def _save_marks(request: HttpRequest, day_id: int, *, page: str) -> HttpResponse:
    """GET shows the day's marks; POST saves them all at once, or saves nothing and says why."""
    day = _managed_day_or_404(request, day_id)
    if request.method == "GET":
        return _render_marks_page(request, day, page=page)
    rows = selectors.roster_for_day(day=day)
    form = AttendanceMarksForm(request.POST, rows=rows)
    status = 400
    if day.date > timezone.localdate():
        form.add_error(None, _("This day has not happened yet, so attendance cannot be marked. Nothing was saved."))
    elif form.is_valid():
        try:
            services.record_attendance(
                day=day, marks=form.marks(everyone_present="all_present" in request.POST), notes=form.notes(),
                by=request.user, method=PAGES[page].method,
            )
        except ValueError:
            form.add_error(None, _("Someone on this list is no longer enrolled. Nothing was saved: "
                                   "reload the page and mark again."))
        except DatabaseError:
            # The save is one transaction, rolled back whole: say so and keep the trainer's marks on the form,
            # rather than an error page that leaves her guessing which marks were kept.
            logger.exception("A roster save of day %s failed; nothing was saved.", day.pk)
            form.add_error(None, _("The marks could not be saved: the database did not answer. Nothing was saved: "
                                   "try again in a minute."))
            status = 503
        else:
            messages.success(request, _("Attendance saved."))
            return redirect(PAGES[page].url_name, day_id=day.pk)
    return _render_marks_page(request, day, page=page, rows=rows, form=form, status=status)


@login_required
@require_GET
def trainer_sessions(request: HttpRequest) -> HttpResponse:
    sessions = session_selectors.trainer_sessions(user=request.user, today=timezone.localdate())
    return render(request, "enrollments/roster_sessions.html", {
        "current": sessions.current, "past": sessions.past, "today": timezone.localdate(),
        "show_history": is_coordinator(request.user),
    })


@login_required
@require_http_methods(["GET", "POST"])
def roster(request: HttpRequest, day_id: int) -> HttpResponse:
    return _save_marks(request, day_id, page=ROSTER)


@login_required
@require_http_methods(["GET", "POST"])
def paper_entry(request: HttpRequest, day_id: int) -> HttpResponse:
    return _save_marks(request, day_id, page=PAPER)


@login_required
@require_POST
def roster_walk_in(request: HttpRequest, day_id: int) -> HttpResponse:
    """Add someone who is in the room: account if needed, a seat even over capacity, present today."""
    day = _managed_day_or_404(request, day_id)
    page = PAPER if request.POST.get("return_to") == PAPER else ROSTER
    form = WalkInForm(request.POST)
    if day.date > timezone.localdate():
        form.add_error(None, _("This day has not happened yet: add people who come on the day itself."))
    elif form.is_valid():
        enrollment, created = services.add_walk_in(
            session=day.session, day=day, email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"], by=request.user, method=PAGES[page].method,
        )
        name = session_selectors.display_name(enrollment.user)
        messages.success(request, _("%(name)s has been added to the list.") % {"name": name})
        if created:
            messages.info(request, _("A new account was made for %(email)s. We have emailed them a link to set "
                                     "a password.") % {"email": enrollment.user.email})
        return redirect(PAGES[page].url_name, day_id=day.pk)
    return _render_marks_page(request, day, page=page, walk_in_form=form, status=400)


@login_required
@require_GET
@never_cache
def roster_count(request: HttpRequest, day_id: int) -> JsonResponse:
    """The live "N of M checked in" for the roster and QR pages to poll."""
    day = _managed_day_or_404(request, day_id)
    count = selectors.check_in_count(day=day)
    return JsonResponse({"checked_in": count.checked_in, "total": count.total, "text": _count_text(count)})


def _qr_svg(url: str) -> str:
    svg = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage).to_string(encoding="unicode")
    return svg.replace("<svg ", '<svg class="qr__code" aria-hidden="true" focusable="false" ', 1)


def _check_in_qr_svg(request: HttpRequest, day: SessionDay) -> str:
    """The day's QR code, holding a check-in link with a token signed now."""
    url = request.build_absolute_uri(reverse("check_in", kwargs={"token": checkin.make_token(day_id=day.pk)}))
    return _qr_svg(url)


def _render_qr_page(request: HttpRequest, day_id: int, template: str) -> HttpResponse:
    day = _managed_day_or_404(request, day_id)
    context = _day_context(day)
    context["count_text"] = _count_text(selectors.check_in_count(day=day))
    if context["is_today"]:
        context.update({"qr_svg": mark_safe(_check_in_qr_svg(request, day)),  # noqa: S308 - our own URL, drawn here
                        "refresh_seconds": checkin.TOKEN_REFRESH_SECONDS})
    return render(request, template, context)


@login_required
@require_GET
@never_cache
def checkin_qr(request: HttpRequest, day_id: int) -> HttpResponse:
    """A QR code for the day, redrawn with a fresh token every minute; only on the day itself."""
    return _render_qr_page(request, day_id, "enrollments/checkin_qr.html")


@login_required
@require_GET
@never_cache
def checkin_qr_present(request: HttpRequest, day_id: int) -> HttpResponse:
    """The same code filling the screen, for a projector or a phone held up: no site header, a short caption."""
    return _render_qr_page(request, day_id, "enrollments/checkin_qr_present.html")


@login_required
@require_GET
@never_cache
def checkin_qr_code(request: HttpRequest, day_id: int) -> HttpResponse:
    """The code alone, freshly signed, for the presentation page to swap in without reloading (which would end
    full screen); 404 once the day is not today."""
    day = _managed_day_or_404(request, day_id)
    if day.date != timezone.localdate():
        raise Http404
    return HttpResponse(_check_in_qr_svg(request, day), content_type="image/svg+xml; charset=utf-8")


@login_required
@require_GET
def sign_in_sheet(request: HttpRequest, day_id: int) -> HttpResponse:
    """A page to print for rooms without a connection: one line and a signature box per person."""
    day = _managed_day_or_404(request, day_id)
    context = _day_context(day)
    rows = selectors.roster_for_day(day=day)
    _record_roster_view(request, day, rows, AccessWhat.SIGN_IN_SHEET)
    context.update({
        "rows": rows, "trainers": session_selectors.session_trainers(session=day.session),
        "blank_rows": range(len(rows) + 1, len(rows) + 6),
    })
    return render(request, "enrollments/sign_in_sheet.html", context)


@login_required
@require_GET
def attendance_history(request: HttpRequest, session_id: int) -> HttpResponse:
    """Every change of a mark on the session: who, when, old → new. Coordinators only."""
    if not is_coordinator(request.user):
        raise Http404
    session = get_object_or_404(TrainingSession, pk=session_id)
    changes = selectors.attendance_history(session=session)
    record_access(viewer=request.user, subjects=[change.change.attendance.enrollment.user_id for change in changes],
                  what=AccessWhat.ATTENDANCE_HISTORY, object_label=session.title, path=request.path)
    return render(request, "enrollments/roster_history.html", {"session": session, "changes": changes})


# --- The participant's side ----------------------------------------------------------------------

REFUSALS = {
    checkin.EXPIRED: gettext_lazy("This code has expired. Scan the code on the trainer's screen again."),
    checkin.INVALID: gettext_lazy("This check-in link is not valid. Scan the code on the trainer's screen again."),
    checkin.OTHER_DAY: gettext_lazy("This code is for another day. Scan the code on the trainer's screen again."),
    checkin.NOT_TODAY: gettext_lazy("Check-in for this day is open only on the day itself."),
    checkin.NOT_ENROLLED: gettext_lazy("You do not have a place on this session, so you cannot check in. "
                            "Please speak to the trainer."),
    checkin.ALREADY: gettext_lazy("You are already checked in for this day."),
}


def _refused(request: HttpRequest, token: str, reason: str) -> HttpResponse:
    try:
        day = selectors.check_in_day(token=token)
    except checkin.CheckInRefused:
        day = None
    return render(request, "enrollments/checkin.html", {
        "day": day, "session": day.session if day else None,
        "day_number": selectors.day_number(day=day) if day else None,
        "refusal": REFUSALS.get(reason, REFUSALS[checkin.INVALID]), "reason": reason,
    }, status=200 if reason == checkin.ALREADY else 400)


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def check_in(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks to confirm, or says the participant is already checked in (and changes nothing); POST marks them
    present or late."""
    if request.method == "POST":
        try:
            attendance = services.check_in(token=token, user=request.user)
        except checkin.CheckInRefused as refusal:
            return _refused(request, token, refusal.reason)
        day = attendance.day
        return render(request, "enrollments/checkin_done.html", {
            "attendance": attendance, "day": day, "session": day.session,
            "day_number": selectors.day_number(day=day), "late": attendance.status == AttendanceStatus.LATE,
        })
    try:
        day = selectors.check_in_day(token=token)
    except checkin.CheckInRefused as refusal:
        return _refused(request, token, refusal.reason)
    if day.date != timezone.localdate():
        return _refused(request, token, checkin.NOT_TODAY)
    if selectors.is_checked_in(day=day, user=request.user):
        # Opening the link again (a second scan, the back button): say so at once, not after another tap.
        return _refused(request, token, checkin.ALREADY)
    return render(request, "enrollments/checkin.html", {
        "day": day, "session": day.session, "day_number": selectors.day_number(day=day), "token": token,
    })
