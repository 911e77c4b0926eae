"""Try again the background work whose next try is due; for a timer (e.g. every minute) when tasks run at once."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from enrollments.background import services
from enrollments.batches import skipped_error


class Command(BaseCommand):
    help = (
        "Count the tries whose worker stopped (still running an hour after they started) as failed, so they are "
        "tried again; then hand the emails and tasks whose next try is due to their task. Run it from a timer "
        "(e.g. every few minutes) with any backend: the database backend holds each retry itself and db_worker "
        "runs it when due, so there only the first part finds work. Safe to run at any time and as often as you "
        "like. A job that cannot be handled (its task is gone) is logged and skipped; the others are, and the "
        "command then exits with an error naming it."
    )

    def handle(self, *args, **options) -> None:
        now = timezone.now()
        stuck = services.recover_stuck_jobs(now=now)
        if stuck.done:
            self.stdout.write(f"Counted {stuck.done} try/tries whose worker stopped as failed.")
        outcome = services.hand_over_due_jobs(now=now)
        self.stdout.write(f"Tried again {outcome.done} email(s) or task(s) whose next try was due.")
        outcome.skipped += stuck.skipped
        if error := skipped_error(outcome, what="background job(s)"):
            raise error
