"""Forget old background jobs and their emails; for a daily timer, beside prune_db_task_results."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from enrollments.background import services
from enrollments.batches import skipped_error


class Command(BaseCommand):
    help = (
        f"Delete background jobs (with their emails) done more than {services.KEEP_DONE.days} days ago, and those "
        f"that failed for good more than {services.KEEP_FAILED.days} days ago and were not tried again. A job that "
        "cannot be deleted is logged and skipped; the others are, and the command then exits with an error naming it."
    )

    def handle(self, *args, **options) -> None:
        outcome = services.prune_jobs(now=timezone.now())
        self.stdout.write(f"Deleted {outcome.done} old background job(s).")
        if error := skipped_error(outcome, what="background job(s)"):
            raise error
