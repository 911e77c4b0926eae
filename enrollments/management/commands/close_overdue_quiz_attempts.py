"""Submit quiz attempts whose time limit ran out; meant for cron or a systemd timer, e.g. every 10 minutes."""

from django.core.management.base import BaseCommand

from enrollments.quizzes import services


class Command(BaseCommand):
    help = (
        "Submit, with the answers they saved, time-limited quiz attempts whose time ran out while the "
        "participant was away (closed tab, lost connection). Results pages do this for what they show; "
        "running it from cron every few minutes keeps certificates, emails and exports up to date too. "
        "Safe to run at any time and as often as you like."
    )

    def handle(self, *args, **options) -> None:
        closed = services.close_overdue_attempts()
        self.stdout.write(f"Submitted {closed} overdue quiz attempt(s).")
