"""Reads of background work: what failed for good and waits for a coordinator."""

from __future__ import annotations

from dataclasses import dataclass

from wagtail import hooks

from enrollments.background.models import BackgroundJob, JobStatus


@dataclass(frozen=True)
class FailedWork:
    """A job that failed for good, as a coordinator reads it: what it does, for whom, and the job's tries."""

    job: BackgroundJob
    what: str
    to_whom: str


def failed_count() -> int:
    return BackgroundJob.objects.filter(status=JobStatus.FAILED).count()


def failed_work() -> list[FailedWork]:
    """Every job that failed after its last try, the latest failure first."""
    jobs = BackgroundJob.objects.filter(status=JobStatus.FAILED).select_related("email").order_by("-finished_at", "-pk")
    return [FailedWork(job, *describe(job)) for job in jobs]


def describe(job: BackgroundJob) -> tuple[str, str]:
    """(what, to whom): an email's subject and recipients; other tasks answer through the
    `describe_background_job` hook of the app that owns them, fn(job) -> (what, to whom) or None."""
    if hasattr(job, "email"):
        return job.email.subject, ", ".join(job.email.to)
    for describe_job in hooks.get_hooks("describe_background_job"):
        if (described := describe_job(job)) is not None:
            return described
    return job.task_path, "—"
