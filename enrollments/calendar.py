"""The calendar file of a training session: one event per day, in Kyiv time (RFC 5545, built with icalendar)."""

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext
from icalendar import Calendar, Event

from enrollments.models import SessionDay, SessionFormat, SessionStatus, TrainingSession

PRODID = "-//Hromada LMS//Training sessions//EN"
# The VTIMEZONE covers a year either side of the session, so both its summer and winter rules are in it.
TIMEZONE_MARGIN = timedelta(days=366)


def day_uid(*, session_id: int, day_id: int) -> str:
    """Stable per day, so a calendar that imports the file again updates the event instead of adding one."""
    return f"session-{session_id}-day-{day_id}@hromada-lms"


def calendar_filename(session: TrainingSession) -> str:
    return f"hromada-session-{session.pk}.ics"


def event_location(session: TrainingSession, *, online_link: str = "") -> str:
    """Venue and city; for online days the link (for those who may see it) or just “Online”."""
    place = ", ".join(part for part in (session.venue, session.city) if part)
    if session.format == SessionFormat.IN_PERSON:
        return place
    online = online_link or gettext("Online")
    if session.format == SessionFormat.ONLINE:
        return online
    return f"{place} / {online}" if place else online


def session_calendar(*, session: TrainingSession, days: list[SessionDay], session_url: str,
                     online_link: str = "", now: datetime | None = None) -> bytes:
    """The .ics file of the session. `online_link` is given only to people who hold a seat."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", session.title)
    stamp = now or timezone.now()
    zone = timezone.get_default_timezone()  # Europe/Kyiv: the hours of a day are Kyiv hours
    location = event_location(session, online_link=online_link)
    cancelled = session.status == SessionStatus.CANCELLED
    for number, day in enumerate(days, start=1):
        event = Event()
        event.add("uid", day_uid(session_id=session.pk, day_id=day.pk))
        event.add("dtstamp", stamp)
        event.add("last-modified", session.updated_at)
        event.add("dtstart", datetime.combine(day.date, day.starts_at, tzinfo=zone))
        event.add("dtend", datetime.combine(day.date, day.ends_at, tzinfo=zone))
        event.add("summary", _summary(session, number=number, total=len(days), cancelled=cancelled))
        if location:
            event.add("location", location)
        event.add("description", "\n\n".join(part for part in (day.topic, online_link, session_url) if part))
        event.add("url", session_url)
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        calendar.add_component(event)
    if days:
        dates = [day.date for day in days]
        calendar.add_missing_timezones(first_date=min(dates) - TIMEZONE_MARGIN,
                                       last_date=max(dates) + TIMEZONE_MARGIN)
    return calendar.to_ical()


def _summary(session: TrainingSession, *, number: int, total: int, cancelled: bool) -> str:
    summary = session.title
    if total > 1:
        summary = gettext("%(title)s (day %(number)s of %(total)s)") % {
            "title": session.title, "number": number, "total": total}
    if cancelled:
        summary = gettext("Cancelled: %(summary)s") % {"summary": summary}
    return summary
