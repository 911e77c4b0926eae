"""Background tasks: run in the task worker (`db_worker` in production, at once in dev and tests).

Each is handed a recorded job (`enrollments.background`), so a try that fails is tried again later and what still
fails is listed for coordinators. This module queues them too; `services` never imports it (tasks call services,
not the other way round).
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext, ngettext
from django_tasks import task

from certificates import services
from certificates.models import IssuingBatch
from enrollments import batches
from enrollments.background.models import BackgroundJob
from enrollments.background.services import queue_job, run_job
from enrollments.models import Enrollment, TrainingSession
from enrollments.selectors import display_name

NAMES_SHOWN = 3


# "bulk": a run over many places must not hold up emails or indexing (settings.TASK_QUEUES).
@task(queue_name="bulk")
def award_certificates_task(*, job_id: int) -> int | None:
    """Issue what the job's enrollments have earned; returns how many certificates were issued."""
    return run_job(job_id=job_id, work=_award)


def _award(*, enrollment_ids: list[int]) -> int:
    # A place that cannot be checked is logged and skipped; the others are checked, then the first error fails the
    # try so the job tries them all again (those already issued are found, not issued twice).
    outcome = batches.each(enrollment_ids, lambda pk: len(services.award_certificates(enrollment_id=pk).issued),
                           what="place")
    if outcome.errors:
        raise outcome.errors[0]
    return outcome.done


def queue_award(*, enrollment_ids: list[int]) -> BackgroundJob:
    """Check these places for certificates once the current transaction commits."""
    return queue_job(task=award_certificates_task, arguments={"enrollment_ids": enrollment_ids})


@task(queue_name="bulk")
def run_issuing_batch(*, job_id: int) -> int | None:
    """A coordinator's bulk run for one session; its progress is saved on the IssuingBatch row."""
    return run_job(job_id=job_id, work=_run_batch)


def _run_batch(*, batch_id: int) -> int:
    services.reopen_failed_batch(batch_id=batch_id)  # a try after a failed one picks the run up again
    return services.run_batch(batch_id=batch_id).issued


def start_issuing_batch(*, session: TrainingSession, by: AbstractBaseUser | None) -> IssuingBatch:
    """Open a bulk run for the session and queue it once the transaction commits.

    An unfinished run is returned as it is, neither doubled nor queued again; a worker handed the same run
    twice runs it once (`services.run_batch` claims it).
    """
    with transaction.atomic():
        batch, created = services.open_issuing_batch(session=session, by=by)
        if created:
            queue_job(task=run_issuing_batch, arguments={"batch_id": batch.pk})
    return batch


def describe_job(job: BackgroundJob) -> tuple[str, str] | None:
    """What a job of these tasks does and for whom, for the list of failed work; None for another task's job."""
    if job.task_path == award_certificates_task.module_path:
        enrollments = list(Enrollment.objects.filter(pk__in=job.arguments.get("enrollment_ids", []))
                           .select_related("user__profile", "session").order_by("pk"))
        names = [f"{display_name(e.user)} ({e.session.title})" for e in enrollments[:NAMES_SHOWN]]
        more = len(enrollments) - len(names)
        if more:
            names.append(ngettext("and %(count)d more", "and %(count)d more", more) % {"count": more})
        return gettext("Issue the certificates earned"), ", ".join(names)
    if job.task_path == run_issuing_batch.module_path:
        batch = IssuingBatch.objects.select_related("session").filter(pk=job.arguments.get("batch_id")).first()
        return gettext("Issue a session's certificates"), batch.session.title if batch else "—"
    return None
