"""Forget old background jobs and their emails; for a daily timer, beside prune_db_task_results."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from enrollments.background import services


class Command(BaseCommand):
    help = (
        f"Delete background jobs (with their emails) done more than {services.KEEP_DONE.days} days ago, and those "
        f"that failed for good more than {services.KEEP_FAILED.days} days ago and were not tried again."
    )

    def handle(self, *args, **options) -> None:
        deleted = services.prune_jobs(now=timezone.now())
        self.stdout.write(f"Deleted {deleted} old background job(s).")
