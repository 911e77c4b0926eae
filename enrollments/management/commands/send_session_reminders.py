"""Email tomorrow's participants a reminder; meant for a daily cron job or systemd timer."""

from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from enrollments import services
from enrollments.batches import skipped_error


class Command(BaseCommand):
    help = (
        "Email a reminder to everyone enrolled on a training session whose first day is tomorrow "
        "(Europe/Kyiv). Run it once a day from cron or a systemd timer, e.g. every morning at 09:00: "
        "each session is reminded once per first day, so a second run the same day sends nothing. A session "
        "that cannot be reminded is logged and skipped; the others are, and the command then exits with an error "
        "naming it (a run the same day reminds only what was skipped)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", dest="today", metavar="YYYY-MM-DD",
            help="Run as if today were this date: remind sessions starting the day after. Default: today in Kyiv.",
        )

    def handle(self, *args, today: str | None = None, **options) -> None:
        run_date = self._parse_date(today) if today else timezone.localdate()
        outcome = services.send_session_reminders(today=run_date)
        starting = run_date + timedelta(days=1)
        self.stdout.write(f"Queued {outcome.done} reminder(s) for sessions starting on {starting.isoformat()}.")
        if error := skipped_error(outcome, what="session(s)"):
            raise error

    @staticmethod
    def _parse_date(value: str) -> date:
        try:
            return date.fromisoformat(value)
        except ValueError as error:
            raise CommandError(f"--date must be a date like 2025-03-14, not {value!r}.") from error
