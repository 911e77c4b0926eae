"""Submit quiz attempts whose time limit ran out; meant for cron or a systemd timer, e.g. every 10 minutes."""

from django.core.management.base import BaseCommand

from enrollments.batches import skipped_error
from enrollments.quizzes import services


class Command(BaseCommand):
    help = (
        "Submit, with the answers they saved, time-limited quiz attempts whose time ran out while the "
        "participant was away (closed tab, lost connection). Results pages do this for what they show; "
        "running it from cron every few minutes keeps certificates, emails and exports up to date too. "
        "Safe to run at any time and as often as you like. An attempt that cannot be closed is logged and skipped; "
        "the others are closed and the command then exits with an error naming the skipped ones."
    )

    def handle(self, *args, **options) -> None:
        outcome = services.close_overdue_attempts()
        self.stdout.write(f"Submitted {outcome.done} overdue quiz attempt(s).")
        if error := skipped_error(outcome, what="quiz attempt(s)"):
            raise error
