"""Background tasks: run in the task worker (`db_worker` in production, at once in dev and tests)."""

from django_tasks import task

from certificates import services


@task()
def award_certificates_task(*, enrollment_ids: list[int]) -> int:
    """Issue what these enrollments have earned; returns how many certificates were issued."""
    return sum(len(services.award_certificates(enrollment_id=pk).issued) for pk in enrollment_ids)


@task()
def run_issuing_batch(*, batch_id: int) -> int:
    """A coordinator's bulk run for one session; its progress is saved on the IssuingBatch row."""
    return services.run_batch(batch_id=batch_id).issued
