"""Background jobs (enrollments/background/services.py): one try at a time, each counted; a failed try recorded
with its reason and its next try, or given up after the last; due retries handed over when the task backend
cannot wait; "Try again" only on work that failed; old jobs forgotten; a job asked for by a rolled-back change
never exists."""

import io
import smtplib
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models.signals import pre_delete
from django.utils import timezone
from wagtail.models import ModelLogEntry

from enrollments.background import services
from enrollments.mail import send_email
from enrollments.models import BackgroundJob, JobStatus, OutgoingEmail
from tests.enrollments.factories import FailedJobFactory, OutgoingEmailFactory

pytestmark = pytest.mark.django_db


class Oops(Exception):
    pass


def queued_job(**fields) -> BackgroundJob:
    return FailedJobFactory(status=JobStatus.QUEUED, tries=0, last_error="", last_tried_at=None, finished_at=None,
                            **fields)


def fail():
    raise Oops("the mail server is down")


# --- One try ------------------------------------------------------------------------------------------------

def test_a_try_that_works_is_done_and_returns_the_work_s_result():
    job = queued_job(arguments={"a": 2, "b": 3})

    assert services.run_job(job_id=job.pk, work=lambda *, a, b: a + b) == 5

    job.refresh_from_db()
    assert (job.status, job.tries, job.next_try_at) == (JobStatus.DONE, 1, None)
    assert job.last_tried_at <= job.finished_at


@pytest.mark.parametrize("status", [JobStatus.RUNNING, JobStatus.DONE, JobStatus.FAILED])
def test_a_job_that_is_not_waiting_is_not_run(status):
    job = FailedJobFactory(status=status)
    ran = []

    assert services.run_job(job_id=job.pk, work=lambda: ran.append(1)) is None

    assert ran == [] and BackgroundJob.objects.get(pk=job.pk).tries == job.tries


def test_a_failed_try_is_recorded_with_its_reason_and_next_try_and_the_error_raised_again():
    job = queued_job()
    before = timezone.now()

    with pytest.raises(Oops):
        services.run_job(job_id=job.pk, work=fail)

    job.refresh_from_db()
    assert (job.status, job.tries, job.last_error) == (JobStatus.RETRYING, 1, "Oops: the mail server is down")
    assert before + timedelta(minutes=1) <= job.next_try_at <= timezone.now() + timedelta(minutes=1)
    assert job.finished_at is None


def test_the_fifth_retry_failing_gives_the_job_up():
    job = FailedJobFactory(status=JobStatus.RETRYING, tries=5, next_try_at=timezone.now(), finished_at=None)

    with pytest.raises(Oops):
        services.run_job(job_id=job.pk, work=fail)

    job.refresh_from_db()
    assert (job.status, job.tries, job.next_try_at) == (JobStatus.FAILED, 6, None)
    assert job.finished_at is not None


@pytest.mark.parametrize(("error", "reason"), [
    (smtplib.SMTPRecipientsRefused({"olena@example.org": (550, b"5.1.1 No such user")}),
     "SMTPRecipientsRefused: olena@example.org: 550 5.1.1 No such user"),
    (smtplib.SMTPSenderRefused(421, b"4.3.2 Try later", "noreply@example.org"),
     "SMTPSenderRefused: 421 4.3.2 Try later"),
    (ConnectionRefusedError(111, "Connection refused"), "ConnectionRefusedError: [Errno 111] Connection refused"),
    (Oops("x" * 5000), "Oops: " + "x" * (services.ERROR_LENGTH - len("Oops: "))),
])
def test_the_reason_says_what_the_mail_server_answered(error, reason):
    assert services.describe_error(error) == reason


# --- Retries when the task backend cannot wait ----------------------------------------------------------------

def test_due_retries_are_handed_to_their_task_and_the_others_wait(mailoutbox):
    due = OutgoingEmailFactory(job__status=JobStatus.RETRYING, job__tries=1,
                               job__next_try_at=timezone.now() - timedelta(seconds=1))
    later = OutgoingEmailFactory(job__status=JobStatus.RETRYING, job__tries=1,
                                 job__next_try_at=timezone.now() + timedelta(minutes=4))

    assert services.hand_over_due_jobs(now=timezone.now()).done == 1

    assert [message.to for message in mailoutbox] == [["olena@example.org"]]
    assert BackgroundJob.objects.get(pk=due.pk).status == JobStatus.DONE
    assert BackgroundJob.objects.get(pk=later.pk).status == JobStatus.RETRYING


def test_a_due_job_whose_task_is_gone_is_skipped_and_the_others_handed_over(mailoutbox, caplog):
    gone = FailedJobFactory(status=JobStatus.RETRYING, task_path="enrollments.tasks_since_removed.send",
                            next_try_at=timezone.now() - timedelta(minutes=1))
    due = OutgoingEmailFactory(job__status=JobStatus.RETRYING, job__tries=1,
                               job__next_try_at=timezone.now() - timedelta(seconds=1))
    out = io.StringIO()

    with pytest.raises(CommandError, match=rf"Skipped 1 background job\(s\) that could not be handled \({gone.pk}\)"):
        call_command("retry_due_jobs", stdout=out)

    assert out.getvalue() == "Tried again 1 email(s) or task(s) whose next try was due.\n"
    assert [message.to for message in mailoutbox] == [["olena@example.org"]]
    assert BackgroundJob.objects.get(pk=due.pk).status == JobStatus.DONE
    assert BackgroundJob.objects.get(pk=gone.pk).status == JobStatus.RETRYING
    assert f"Skipped background job {gone.pk}" in caplog.text and "ModuleNotFoundError" in caplog.text


def test_a_try_whose_worker_stopped_is_counted_as_failed_and_tried_again_or_given_up(mailoutbox):
    started = timezone.now() - timedelta(hours=2)
    lost = OutgoingEmailFactory(job__status=JobStatus.RUNNING, job__tries=1, job__last_tried_at=started).job
    lost_at_last_try = OutgoingEmailFactory(job__status=JobStatus.RUNNING, job__tries=6, job__last_tried_at=started).job
    working = OutgoingEmailFactory(job__status=JobStatus.RUNNING, job__tries=1,
                                   job__last_tried_at=timezone.now() - timedelta(minutes=5)).job
    out = io.StringIO()

    call_command("retry_due_jobs", stdout=out)

    assert out.getvalue().splitlines() == ["Counted 2 try/tries whose worker stopped as failed.",
                                           "Tried again 0 email(s) or task(s) whose next try was due."]
    lost.refresh_from_db(), lost_at_last_try.refresh_from_db(), working.refresh_from_db()
    assert lost.status == JobStatus.RETRYING and lost.last_error.startswith("WorkerLost: no result 1:00:00")
    assert timedelta(seconds=50) < lost.next_try_at - timezone.now() <= timedelta(minutes=1)  # its second try
    assert lost_at_last_try.status == JobStatus.FAILED and lost_at_last_try.finished_at is not None
    assert working.status == JobStatus.RUNNING and mailoutbox == []


@pytest.mark.usefixtures("database_tasks")
def test_a_backend_that_holds_its_retries_is_left_to_run_them(mailoutbox):
    OutgoingEmailFactory(job__status=JobStatus.RETRYING, job__next_try_at=timezone.now() - timedelta(seconds=1))

    assert services.hand_over_due_jobs(now=timezone.now()).done == 0
    assert mailoutbox == []


# --- Try again ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("status", [JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.RETRYING, JobStatus.DONE])
def test_only_work_that_failed_for_good_is_tried_again(status, coordinator, django_capture_on_commit_callbacks):
    job = FailedJobFactory(status=status)

    with django_capture_on_commit_callbacks() as callbacks:
        assert services.try_again(job_id=job.pk, by=coordinator) is False

    assert callbacks == [] and BackgroundJob.objects.get(pk=job.pk).status == status
    assert not ModelLogEntry.objects.filter(action=services.TRY_AGAIN_LOG_ACTION).exists()


# --- Queuing and forgetting -----------------------------------------------------------------------------------

def test_work_asked_for_by_a_change_rolled_back_is_neither_recorded_nor_done(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Oops), transaction.atomic():
        services.queue_job(task=send_email, arguments={})
        raise Oops

    assert callbacks == [] and not BackgroundJob.objects.exists()


def test_old_jobs_are_forgotten_with_their_emails_and_recent_or_unfinished_ones_kept():
    now = timezone.now()
    old_done = OutgoingEmailFactory(job__status=JobStatus.DONE, job__finished_at=now - timedelta(days=8))
    recent_done = OutgoingEmailFactory(job__status=JobStatus.DONE, job__finished_at=now - timedelta(days=6))
    old_failed = OutgoingEmailFactory(job__finished_at=now - timedelta(days=31))
    recent_failed = OutgoingEmailFactory(job__finished_at=now - timedelta(days=29))
    retrying = OutgoingEmailFactory(job__status=JobStatus.RETRYING, job__finished_at=None,
                                    job__created_at=now - timedelta(days=90))

    assert services.prune_jobs(now=now).done == 2

    kept = {recent_done.pk, recent_failed.pk, retrying.pk}
    assert set(BackgroundJob.objects.values_list("pk", flat=True)) == kept
    assert set(OutgoingEmail.objects.values_list("pk", flat=True)) == kept
    assert not OutgoingEmail.objects.filter(pk__in=[old_done.pk, old_failed.pk]).exists()


def test_the_prune_command_says_how_many_jobs_it_forgot():
    OutgoingEmailFactory(job__status=JobStatus.DONE, job__finished_at=timezone.now() - timedelta(days=8))
    out = io.StringIO()

    call_command("prune_background_jobs", stdout=out)

    assert out.getvalue() == "Deleted 1 old background job(s).\n"
    assert not BackgroundJob.objects.exists()


def test_a_job_that_cannot_be_deleted_is_skipped_and_the_others_forgotten(caplog):
    old = timezone.now() - timedelta(days=8)
    stuck, other = (OutgoingEmailFactory(job__status=JobStatus.DONE, job__finished_at=old) for _ in range(2))

    def refuse(sender, instance, **kwargs):
        if instance.pk == stuck.job_id:
            raise Oops("a job no one expected")

    out = io.StringIO()
    skipped = rf"Skipped 1 background job\(s\) that could not be handled \({stuck.job_id}\)"
    pre_delete.connect(refuse, sender=BackgroundJob)
    try:
        with pytest.raises(CommandError, match=skipped):
            call_command("prune_background_jobs", stdout=out)
    finally:
        pre_delete.disconnect(refuse, sender=BackgroundJob)

    assert out.getvalue() == "Deleted 1 old background job(s).\n"
    assert list(BackgroundJob.objects.values_list("pk", flat=True)) == [stuck.job_id]
    assert list(OutgoingEmail.objects.values_list("pk", flat=True)) == [stuck.pk]  # kept whole with its job
    assert not OutgoingEmail.objects.filter(pk=other.pk).exists()
    assert f"Skipped background job {stuck.job_id}" in caplog.text
