"""Email (enrollments/mail.py) against a real SMTP server that refuses: each message is recorded, a refused one is
tried again on the schedule of enrollments/retries.py, by the database task backend (as in production) or, when
tasks run at once, by `manage.py retry_due_jobs`; a message sent is sent once and its text forgotten."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from enrollments.mail import queue_email, send_email
from enrollments.models import BackgroundJob, JobStatus, OutgoingEmail
from enrollments.retries import MAX_TRIES, RETRY_DELAYS
from tests.enrollments.background_work import (
    MAILBOX_UNAVAILABLE,
    SERVICE_NOT_AVAILABLE,
    let_time_pass,
    run_worker,
    waiting_tasks,
)

pytestmark = pytest.mark.django_db

SUBJECT = "[Hromada LMS] Your place is confirmed: Кризове консультування"


@pytest.fixture
def queue_confirmation(committed):
    """Queue one confirmation email as a change that commits does."""

    def queue() -> OutgoingEmail:
        with committed():
            return queue_email(subject=SUBJECT, body="Вітаємо! Your place is confirmed.", to=["olena@example.org"])

    return queue


def refuse(mail_server, how: str) -> None:
    if how == "closed port":
        mail_server.stop()
    else:
        mail_server.refusal = how


@pytest.mark.usefixtures("database_tasks")
@pytest.mark.parametrize(("how", "reason"), [
    (SERVICE_NOT_AVAILABLE, "421"),
    (MAILBOX_UNAVAILABLE, "550"),
    ("closed port", "ConnectionRefusedError"),
])
def test_a_refused_email_is_tried_again_a_minute_later(mail_server, how, reason, queue_confirmation):
    refuse(mail_server, how)
    email = queue_confirmation()
    assert mail_server.messages == [] and len(waiting_tasks()) == 1  # queued, not sent in the request

    before = timezone.now()
    run_worker()
    after = timezone.now()

    job = BackgroundJob.objects.get(pk=email.pk)
    assert (job.status, job.tries) == (JobStatus.RETRYING, 1)
    assert reason in job.last_error
    assert before + timedelta(minutes=1) <= job.next_try_at <= after + timedelta(minutes=1)
    [retry] = waiting_tasks()  # the framework's own deferral holds the next try
    assert retry.run_after == job.next_try_at
    assert retry.args_kwargs == {"args": [], "kwargs": {"job_id": job.pk}}  # the text stays in our row only
    assert DBTaskResult.objects.get(status="FAILED").task_path == "enrollments.mail.send_email"
    assert mail_server.messages == []
    run_worker()  # not due yet: nothing happens
    assert BackgroundJob.objects.get(pk=job.pk).tries == 1


@pytest.mark.usefixtures("database_tasks")
def test_each_try_waits_longer_and_after_the_last_the_email_has_failed(mail_server, queue_confirmation):
    mail_server.refusal = SERVICE_NOT_AVAILABLE
    email = queue_confirmation()
    run_worker()
    pauses = []

    while (job := BackgroundJob.objects.get(pk=email.pk)).status == JobStatus.RETRYING:
        pauses.append(job.next_try_at - job.last_tried_at)
        let_time_pass(job.next_try_at - timezone.now() + timedelta(seconds=1))
        run_worker()

    assert [round(pause.total_seconds() / 60) for pause in pauses] == [1, 5, 30, 120, 360]
    assert (job.status, job.tries, job.next_try_at) == (JobStatus.FAILED, MAX_TRIES, None)
    assert "421" in job.last_error and job.finished_at is not None
    assert waiting_tasks() == []  # given up: nothing is held for later
    assert OutgoingEmail.objects.get(pk=email.pk).body  # kept, so a coordinator can try again
    assert mail_server.messages == []


@pytest.mark.usefixtures("database_tasks")
def test_an_email_refused_once_is_sent_when_the_server_is_back(mail_server, queue_confirmation):
    mail_server.refusal = SERVICE_NOT_AVAILABLE
    email = queue_confirmation()
    run_worker()

    mail_server.refusal = None
    let_time_pass(RETRY_DELAYS[0])
    run_worker()

    [message] = mail_server.messages
    assert message["To"] == "olena@example.org"
    job = BackgroundJob.objects.get(pk=email.pk)
    assert (job.status, job.tries) == (JobStatus.DONE, 2)


@pytest.mark.usefixtures("database_tasks")
def test_a_sent_email_is_sent_exactly_once_and_its_text_forgotten(mail_server, queue_confirmation):
    email = queue_confirmation()
    run_worker()

    [message] = mail_server.messages
    assert message["To"] == "olena@example.org"
    assert message.get_content_type() == "multipart/alternative"  # the text, and the text in the site's layout
    text, html = (part.get_payload(decode=True).decode() for part in message.get_payload())
    assert "Your place is confirmed." in text and "<p>Вітаємо! Your place is confirmed.</p>" in html
    email.refresh_from_db()
    assert (email.job.status, email.job.tries, email.body, email.html_body) == (JobStatus.DONE, 1, "", "")
    assert email.sent_at is not None and email.subject == SUBJECT

    send_email.enqueue(job_id=email.pk)  # the same email handed to the worker again
    run_worker()
    assert len(mail_server.messages) == 1
    assert BackgroundJob.objects.get(pk=email.pk).tries == 1


def test_with_tasks_run_at_once_a_refused_email_waits_for_retry_due_jobs(mail_server, queue_confirmation):
    """The immediate backend cannot hold a retry: the job keeps its next try, and the timer's command hands it
    over once it is due."""
    mail_server.refusal = SERVICE_NOT_AVAILABLE
    email = queue_confirmation()  # tried at once, and refused

    job = BackgroundJob.objects.get(pk=email.pk)
    assert (job.status, job.tries) == (JobStatus.RETRYING, 1)
    assert RETRY_DELAYS[0] <= job.next_try_at - job.last_tried_at <= RETRY_DELAYS[0] + timedelta(seconds=5)
    mail_server.refusal = None
    out = io.StringIO()
    call_command("retry_due_jobs", stdout=out)
    assert out.getvalue() == "Tried again 0 email(s) or task(s) whose next try was due.\n"
    assert mail_server.messages == []

    let_time_pass(RETRY_DELAYS[0])
    call_command("retry_due_jobs", stdout=out)

    assert out.getvalue().endswith("Tried again 1 email(s) or task(s) whose next try was due.\n")
    assert len(mail_server.messages) == 1
    assert BackgroundJob.objects.get(pk=email.pk).status == JobStatus.DONE
