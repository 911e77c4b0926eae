"""Remove what has been kept as long as the privacy notice promises; for a nightly timer (deploy/systemd)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from enrollments.privacy import retention, services

SAID = {
    retention.REPORTING_DETAILS: "person(s)' reporting details (sex, age band, displacement, disability)",
    retention.REJECTED_APPLICATIONS: "application(s) not accepted (answers, name, files; drafts whole)",
    retention.ACCESS_LOG: "access record(s)",
}


class Command(BaseCommand):
    help = (
        "Enforce settings.PRIVACY_RETENTION_MONTHS: blank reporting details, empty applications not accepted (and "
        "delete their files) and delete access records whose period ran out. Prints how many records of each "
        "purpose it removed (counts only, no names). Idempotent: a second run removes nothing. A record that cannot "
        "be handled is logged and skipped; the others are, and the command then exits with an error naming what "
        "it skipped."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true",
                            help="Count what is due without removing anything.")

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        try:
            outcomes = services.apply_retention(months=settings.PRIVACY_RETENTION_MONTHS,
                                                today=timezone.localdate(), dry_run=dry_run)
        except retention.RetentionSettingError as error:
            raise CommandError(str(error)) from None
        verb = "would remove (dry run)" if dry_run else "removed"
        for outcome in outcomes:
            months = settings.PRIVACY_RETENTION_MONTHS[outcome.purpose]
            self.stdout.write(f"{outcome.purpose} ({months} months): {verb} {outcome.removed} "
                              f"{SAID[outcome.purpose]}")
        skipped = [outcome for outcome in outcomes if outcome.skipped]
        if skipped:
            raise CommandError("Skipped " + "; ".join(
                f"{outcome.purpose}: {len(outcome.skipped)} ({', '.join(str(r) for r in outcome.skipped[:20])})"
                for outcome in skipped) + ". The log has each one's error; the others were handled.")
