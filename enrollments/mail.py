"""Outgoing email: every message is recorded (`OutgoingEmail`) and sent by a background task, never inside the
request; a message the mail server refuses is tried again (`enrollments.background.services`).

allauth's messages come here through `enrollments.accounts.AccountAdapter`. Every message goes out as
multipart/alternative: the plain text as written, and the same text in the site's HTML layout
(`templates/emails/base.html`), made from the text so that the two parts can never say different things.
"""

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from enrollments.background.models import OutgoingEmail
from enrollments.background.services import hand_over, record_job, run_job


# Its own queue, so a message never waits behind indexing or a bulk run (settings.TASK_QUEUES).
@task(queue_name="emails")
def send_email(*, job_id: int) -> int | None:
    """One try at sending one recorded email; runs in the task worker (immediately in dev and tests)."""
    return run_job(job_id=job_id, work=lambda: deliver_email(email_id=job_id))


@task(queue_name="emails")
def send_email_then_forget_recipient(*, job_id: int) -> int | None:
    """`send_email` for a message to an address that must not stay behind (the last one to a person whose data
    is erased): once sent, its recipient is forgotten with its text."""
    return run_job(job_id=job_id, work=lambda: deliver_email(email_id=job_id, forget_recipient=True))


def deliver_email(*, email_id: int, forget_recipient: bool = False) -> int:
    """Send the recorded email, then forget its text (and, when asked, its recipient): not needed once sent."""
    email = OutgoingEmail.objects.get(pk=email_id)
    message = EmailMultiAlternatives(subject=email.subject, body=email.body, from_email=email.from_email or None,
                                     to=email.to)
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    sent = message.send()
    forgotten = {"to": []} if forget_recipient else {}
    OutgoingEmail.objects.filter(pk=email_id).update(body="", html_body="", sent_at=timezone.now(), **forgotten)
    return sent


def html_from_text(text: str, *, subject: str = "") -> str:
    """The plain text in the site's email layout: escaped, its addresses links, its blank lines paragraphs."""
    return render_to_string("emails/base.html", {
        "text": text,
        "subject": subject,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "site_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/",
        "language_code": translation.get_language() or settings.LANGUAGE_CODE,
    })


def queue_email(*, subject: str, body: str, to: list[str], from_email: str | None = None,
                html_body: str | None = None, after_commit: bool = True,
                forget_recipient: bool = False) -> OutgoingEmail:
    """Record the email and send it once the current transaction commits, so a change that is rolled back sends
    nothing; `after_commit=False` hands it to the task at once (see `hand_over`). Without `html_body` the HTML
    part is the text in the site's layout. `forget_recipient`: the address is dropped once the email is sent."""
    if not html_body and body:
        html_body = html_from_text(body, subject=subject)
    sender = send_email_then_forget_recipient if forget_recipient else send_email
    with transaction.atomic():
        job = record_job(task=sender)
        email = OutgoingEmail.objects.create(job=job, subject=subject, body=body, to=list(to),
                                             from_email=from_email or "", html_body=html_body or "")
    hand_over(job=job, task=sender, after_commit=after_commit)
    return email


def enqueue_message(message: EmailMessage) -> OutgoingEmail:
    """Queue an already rendered Django message (allauth's) and hand it to the task at once, as allauth expects
    of sending: its emails answer a request, not a change that could be rolled back."""
    html_body = next(
        (content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"),
        None,
    )
    if message.content_subtype == "html":
        html_body, body = message.body, ""
    else:
        body = message.body
    return queue_email(subject=str(message.subject), body=body, to=list(message.to),
                       from_email=message.from_email, html_body=html_body, after_commit=False)
