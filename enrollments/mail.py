"""Outgoing email: every message is sent by a background task, never inside the request."""

from allauth.account.adapter import DefaultAccountAdapter
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


class AccountAdapter(DefaultAccountAdapter):
    """allauth renders its emails as usual; delivery goes through the task queue."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        from allauth.core import context as allauth_context
        from django.contrib.sites.shortcuts import get_current_site

        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        enqueue_message(self.render_mail(template_prefix, email, ctx))
