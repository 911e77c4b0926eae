"""Outgoing email: every message is sent by a background task, never inside the request.

allauth's messages come here through `enrollments.accounts.AccountAdapter`.
"""

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django_tasks import task


@task()
def send_email(*, subject: str, body: str, to: list[str], from_email: str | None = None,
               html_body: str | None = None) -> int:
    """Send one email; runs in the task worker (immediately in dev and tests)."""
    message = EmailMultiAlternatives(subject=subject, body=body, from_email=from_email, to=to)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    return message.send()


def enqueue_message(message: EmailMessage) -> None:
    """Hand an already rendered Django message to the email task."""
    html_body = next(
        (content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"),
        None,
    )
    if message.content_subtype == "html":
        html_body, body = message.body, ""
    else:
        body = message.body
    send_email.enqueue(
        subject=str(message.subject), body=body, to=list(message.to),
        from_email=message.from_email, html_body=html_body,
    )

