"""Background tasks: run in the task worker (`db_worker` in production, at once in dev and tests).

This module queues them too; `services` never imports it (tasks call services, not the other way round).
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django_tasks import task

from certificates import services
from certificates.models import IssuingBatch
from enrollments.models import TrainingSession


@task()
def award_certificates_task(*, enrollment_ids: list[int]) -> int:
    """Issue what these enrollments have earned; returns how many certificates were issued."""
    return sum(len(services.award_certificates(enrollment_id=pk).issued) for pk in enrollment_ids)


@task()
def run_issuing_batch(*, batch_id: int) -> int:
    """A coordinator's bulk run for one session; its progress is saved on the IssuingBatch row."""
    return services.run_batch(batch_id=batch_id).issued


def start_issuing_batch(*, session: TrainingSession, by: AbstractBaseUser | None) -> IssuingBatch:
    """Open a bulk run for the session and queue it once the transaction commits.

    An unfinished run is returned as it is, neither doubled nor queued again; a worker handed the same run
    twice runs it once (`services.run_batch` claims it).
    """
    with transaction.atomic():
        batch, created = services.open_issuing_batch(session=session, by=by)
        if created:
            transaction.on_commit(lambda: run_issuing_batch.enqueue(batch_id=batch.pk))
    return batch
