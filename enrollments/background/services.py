"""Background work that must not be lost: queue it, run each try, try again.

`queue_job` writes the job in the caller's transaction and hands it to its task once that commits: work asked
for by a change that is rolled back is neither recorded nor done. The task runs the work through `run_job`, which
counts the try. A try that fails is tried again on the schedule of `enrollments.retries`:

- by the task backend itself (`task.using(run_after=...)`) when it can wait: the database backend of production,
  whose `db_worker` runs the retry when it is due;
- by `manage.py retry_due_jobs` (meant for a timer) when it cannot: the immediate backend of development and
  tests runs every task at once, so a retry waits in the job's row until the command hands it over.

After the last try the job is FAILED and is listed for coordinators, whose "Try again" (`try_again`) gives it
one more try.
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task

from enrollments import batches, retries
from enrollments.background.models import BackgroundJob, JobStatus
from enrollments.batches import Outcome

T = TypeVar("T")

TRY_AGAIN_LOG_ACTION = "enrollments.background_job_try_again"

# How long finished jobs are kept: done ones a week (an email's text is already gone once it is sent), failed
# ones a month, time enough for a coordinator to try again; a message a month late is rarely worth sending.
KEEP_DONE = timedelta(days=7)
KEEP_FAILED = timedelta(days=30)
ERROR_LENGTH = 1000


def queue_job(*, task: Task, arguments: dict[str, Any] | None = None) -> BackgroundJob:
    """Record the work and hand it to `task` (a task taking `job_id`) once the current transaction commits."""
    job = record_job(task=task, arguments=arguments)
    hand_over(job=job, task=task)
    return job


def record_job(*, task: Task, arguments: dict[str, Any] | None = None) -> BackgroundJob:
    """The job's row alone, for work that records more before it is handed over (`hand_over`)."""
    return BackgroundJob.objects.create(task_path=task.module_path, arguments=arguments or {})


def hand_over(*, job: BackgroundJob, task: Task, after_commit: bool = True) -> None:
    """Give the job to its task: once the current transaction commits, or now. Now is for work that is not the
    result of a change that could still be rolled back (allauth's emails): the database backend's worker sees the
    task only once the transaction commits anyway, and the immediate backend does the work at once."""
    if after_commit:
        transaction.on_commit(lambda: task.enqueue(job_id=job.pk))
    else:
        task.enqueue(job_id=job.pk)


def run_job(*, job_id: int, work: Callable[..., T]) -> T | None:
    """One try: claim the job, call `work(**arguments)`, record how it went and schedule the next try if it
    failed. The error is raised again, so the task framework records the failed try as well.

    Returns the work's result, or None when the job was not there to run: done already, being tried by another
    worker, or given up. So work handed over twice is done once.
    """
    claimed = BackgroundJob.objects.filter(pk=job_id, status__in=(JobStatus.QUEUED, JobStatus.RETRYING)).update(
        status=JobStatus.RUNNING, tries=F("tries") + 1, last_tried_at=timezone.now(), next_try_at=None)
    if not claimed:
        return None
    job = BackgroundJob.objects.get(pk=job_id)
    try:
        result = work(**job.arguments)
    except Exception as error:
        _record_failure(job=job, error=error)
        raise
    BackgroundJob.objects.filter(pk=job_id).update(status=JobStatus.DONE, finished_at=timezone.now())
    return result


def describe_error(error: BaseException) -> str:
    """What a coordinator reads as the reason: the kind of error and what it said; a mail server's answer as it
    gave it ("421 4.3.2 Service not available"), for each address it refused."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        detail = "; ".join(f"{address}: {code} {_decoded(answer)}"
                           for address, (code, answer) in error.recipients.items())
    elif isinstance(error, smtplib.SMTPResponseException):
        detail = f"{error.smtp_code} {_decoded(error.smtp_error)}"
    else:
        detail = str(error)
    return f"{type(error).__name__}: {detail}"[:ERROR_LENGTH]


def _decoded(answer: bytes | str) -> str:
    return answer.decode(errors="replace") if isinstance(answer, bytes) else answer


def _record_failure(*, job: BackgroundJob, error: Exception) -> None:
    failed_at = timezone.now()
    next_try = retries.next_try_at(tries=job.tries, failed_at=failed_at)
    job.last_error = describe_error(error)
    job.next_try_at = next_try
    job.status = JobStatus.RETRYING if next_try else JobStatus.FAILED
    job.finished_at = None if next_try else failed_at
    task = _task_of(job)
    with transaction.atomic():
        job.save(update_fields=["last_error", "next_try_at", "status", "finished_at"])
        if next_try and task.get_backend().supports_defer:
            task.using(run_after=next_try).enqueue(job_id=job.pk)


def _task_of(job: BackgroundJob) -> Task:
    task = import_string(job.task_path)
    if not isinstance(task, Task):
        raise TypeError(f"{job.task_path} is not a task")
    return task


class WorkerLost(RuntimeError):
    """The try never ended: its worker stopped (killed, or its machine went down) before it could say how it went."""


def recover_stuck_jobs(*, now: datetime) -> Outcome[int]:
    """Count every try that lost its worker (`retries.is_stuck`) as failed, so the job is tried again on its
    schedule, or listed for coordinators when it was the last try, instead of showing "Running" for ever."""
    running = BackgroundJob.objects.filter(status=JobStatus.RUNNING, last_tried_at__lte=now - retries.STUCK_AFTER)
    return batches.each(list(running.values_list("pk", flat=True)), partial(_recover_stuck, now=now),
                        what="background job")


def _recover_stuck(job_id: int, *, now: datetime) -> int:
    job = BackgroundJob.objects.select_for_update().get(pk=job_id)
    if job.status != JobStatus.RUNNING or not retries.is_stuck(started_at=job.last_tried_at, now=now):
        return 0  # it ended meanwhile
    _record_failure(job=job, error=WorkerLost(f"no result {retries.STUCK_AFTER} after the try started"))
    return 1


def hand_over_due_jobs(*, now: datetime) -> Outcome[int]:
    """Hand every job whose next try is due to its task, unless the task's backend holds the retry itself (it can
    wait: `run_job` queued the retry there). `done` counts those handed over; a job that cannot be (its task is
    gone since) is logged and skipped, its id in `skipped`, and the others are handed over."""
    due = BackgroundJob.objects.filter(status=JobStatus.RETRYING, next_try_at__lte=now).order_by("next_try_at")
    return batches.each(list(due.values_list("pk", flat=True)), _hand_over_due, what="background job")


def _hand_over_due(job_id: int) -> int:
    task = _task_of(BackgroundJob.objects.get(pk=job_id))
    if task.get_backend().supports_defer:
        return 0
    task.enqueue(job_id=job_id)
    return 1


def try_again(*, job_id: int, by: AbstractBaseUser | None) -> bool:
    """A coordinator's "Try again" on work that failed for good: one more try now, recorded in the job's history.
    If it fails again it is listed again, with the new reason. False when the job had not failed (any more)."""
    from wagtail.log_actions import log

    with transaction.atomic():
        reopened = BackgroundJob.objects.filter(pk=job_id, status=JobStatus.FAILED).update(
            status=JobStatus.QUEUED, next_try_at=None, finished_at=None)
        if not reopened:
            return False
        job = BackgroundJob.objects.get(pk=job_id)
        log(instance=job, action=TRY_AGAIN_LOG_ACTION, user=by, data={"tries": job.tries})
        task = _task_of(job)
        transaction.on_commit(lambda: task.enqueue(job_id=job.pk))
    return True


def prune_jobs(*, now: datetime) -> Outcome[int]:
    """Forget jobs done more than KEEP_DONE ago and jobs failed for good more than KEEP_FAILED ago, with their
    emails. `done` counts the jobs deleted; one that cannot be deleted is logged and skipped (its id in `skipped`)
    and the others are deleted."""
    old = (Q(status=JobStatus.DONE, finished_at__lt=now - KEEP_DONE)
           | Q(status=JobStatus.FAILED, finished_at__lt=now - KEEP_FAILED))
    return batches.each(list(BackgroundJob.objects.filter(old).values_list("pk", flat=True)), _delete_job,
                        what="background job")


def _delete_job(job_id: int) -> int:
    _total, deleted = BackgroundJob.objects.filter(pk=job_id).delete()
    return deleted.get(BackgroundJob._meta.label, 0)
