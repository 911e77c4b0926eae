"""Try again the background work whose next try is due; for a timer (e.g. every minute) when tasks run at once."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from enrollments.background import services
from enrollments.batches import skipped_error


class Command(BaseCommand):
    help = (
        "Hand the emails and tasks whose next try is due to their task. Needed only with a task backend that "
        "cannot wait (TASKS_BACKEND=immediate): the database backend holds each retry itself and db_worker runs it "
        "when due, so there this finds nothing to do. Safe to run at any time and as often as you like. A job that "
        "cannot be handed over (its task is gone) is logged and skipped; the others are, and the command then exits "
        "with an error naming it."
    )

    def handle(self, *args, **options) -> None:
        outcome = services.hand_over_due_jobs(now=timezone.now())
        self.stdout.write(f"Tried again {outcome.done} email(s) or task(s) whose next try was due.")
        if error := skipped_error(outcome, what="background job(s)"):
            raise error
