"""Emails to participants about their place on a session, in the session's language, sent after commit."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from enrollments.mail import queue_email

CONFIRMED = "confirmed"
WAITLISTED = "waitlisted"
PENDING = "pending"
PROMOTED = "promoted"
APPROVED = "approved"
DECLINED = "declined"
SESSION_CANCELLED = "session_cancelled"
DAY_CHANGED = "day_changed"
REMINDER = "reminder"
WELCOME = "welcome"
KINDS = (CONFIRMED, WAITLISTED, PENDING, PROMOTED, APPROVED, DECLINED, SESSION_CANCELLED, DAY_CHANGED, REMINDER,
         WELCOME)

KIND_BY_STATUS = {"enrolled": CONFIRMED, "waitlisted": WAITLISTED, "pending": PENDING}


def site_url(path: str = "") -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def render_enrollment_email(enrollment, kind: str, extra: dict | None = None) -> tuple[str, str]:
    """Subject and plain-text body of one email, in the session's language."""
    from enrollments import selectors

    session = enrollment.session
    with translation.override(session.language):
        context = {
            "enrollment": enrollment,
            "session": session,
            "days": list(session.days.all()),
            "name": selectors.greeting_name(enrollment.user),
            "my_learning_url": site_url(f"/{session.language}/learning/"),
            "session_url": site_url(f"/{session.language}/learning/sessions/{session.pk}/"),
            **(extra or {}),
        }
        subject = render_to_string(f"emails/enrollment/{kind}_subject.txt", context)
        body = render_to_string(f"emails/enrollment/{kind}_message.txt", context)
    return settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()), body


def notify_enrollment(enrollment, kind: str, extra: dict | None = None) -> None:
    """Record the email with the change and send it once that commits (never for a rolled-back change)."""
    if kind not in KINDS:
        raise ValueError(kind)
    subject, body = render_enrollment_email(enrollment, kind, extra)
    recipient = enrollment.user.email
    if not recipient:
        return
    queue_email(subject=subject, body=body, to=[recipient])


def welcome_new_account(enrollment) -> None:
    """The one email for someone a coordinator or trainer put on a session with a new account: their place, and a
    link to choose a password that also proves the address (no separate confirmation, no "Forgot your password?").
    """
    from enrollments.accounts import set_password_url

    language = enrollment.session.language
    with translation.override(language):
        login_url = site_url(reverse("account_login"))
    notify_enrollment(enrollment, WELCOME, {
        "set_password_url": set_password_url(enrollment.user, language=language),
        "site_name": settings.WAGTAIL_SITE_NAME,
        "login_url": login_url,
    })
