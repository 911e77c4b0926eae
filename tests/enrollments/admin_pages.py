"""The coordinator's admin pages in the enrollment tests: their URLs, the session form as posted, refusals."""

from django.urls import reverse
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from enrollments.models import SessionDay

INDEX_URL = "/admin/sessions/"
ADD_URL = "/admin/sessions/new/"


def edit_url(session) -> str:
    return reverse("sessions:edit", args=[session.pk])


def roster_url(session) -> str:
    return reverse("enrollments_admin:session_roster", args=[session.pk])


def action_url(enrollment) -> str:
    return reverse("enrollments_admin:roster_action", args=[enrollment.session_id, enrollment.pk])


def uk_count(singular: str, plural: str, count: int) -> str:
    """A `%(count)d` message as a Ukrainian reader sees it for this count."""
    with translation.override("uk"):
        return translation.ngettext(singular, plural, count) % {"count": count}


def day_data(day: SessionDay | None = None, **overrides) -> dict:
    data = {"date": "", "starts_at": "09:30", "ends_at": "17:00", "topic": ""}
    if day is not None:
        data.update(id=str(day.pk), date=day.date.isoformat(), starts_at=day.starts_at.strftime("%H:%M"),
                    ends_at=day.ends_at.strftime("%H:%M"), topic=day.topic)
    data.update(overrides)
    data["topic_uk"] = data.pop("topic")  # the Ukrainian words; English ones are optional (modeltranslation)
    return data


def session_form(course, *, days: list[dict], initial_days: int = 0, trainers=(), **fields) -> dict:
    """POST data for the session add/edit form, as the admin's JavaScript would submit it."""
    data = {
        "course": str(course.pk), "title": "", "language": "uk", "format": "in_person", "status": "open",
        "venue": "Центр соціальних служб", "city": "Дніпро", "oblast": "dnipropetrovsk", "online_link": "",
        "capacity": "30", "enrollment_opens_at": "", "enrollment_closes_at": "", "late_after_minutes": "15",
        "late_counts_as_attended": "on", "days": inline_formset(days, initial=initial_days),
    }
    data.update(fields)
    for name in ("title", "venue", "city"):  # the Ukrainian words; English ones are optional (modeltranslation)
        if name in data:
            data[f"{name}_uk"] = data.pop(name)
    form = nested_form_data(data)
    if trainers:
        form["trainers"] = [str(trainer.pk) for trainer in trainers]
    return form


def edit_form(session, **fields) -> dict:
    """The edit form for the session as it is, with its days; `fields` override."""
    days = fields.pop("days", None) or [day_data(day) for day in session.days.order_by("date")]
    values = {
        "title": session.title, "language": session.language, "format": session.format, "status": session.status,
        "venue": session.venue, "city": session.city, "oblast": session.oblast, "capacity": str(session.capacity),
    }
    values.update(fields)
    return session_form(session.course, days=days, initial_days=session.days.count(), **values)
