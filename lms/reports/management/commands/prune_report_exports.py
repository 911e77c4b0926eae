"""`manage.py prune_report_exports [--days N]`: delete participant exports older than REPORTS_EXPORT_DAYS; daily."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from enrollments import batches
from lms.reports.models import ExportJob

DEFAULT_DAYS = 7


def keep_days() -> int:
    return int(getattr(settings, "REPORTS_EXPORT_DAYS", DEFAULT_DAYS))


def _delete_export(export_id: int) -> int:
    export = ExportJob.objects.get(pk=export_id)
    # Through the storage (local disk or a bucket), the file first: a row whose file could not be deleted stays,
    # and the next run tries again. A file already gone is not an error to any storage.
    if export.file:
        export.file.delete(save=False)
    export.delete()
    return 1


class Command(BaseCommand):
    help = (
        "Delete participant exports (the file in private storage, then its row) requested more than "
        "REPORTS_EXPORT_DAYS days ago (default 7): they hold pseudonymised personal data and can be asked for "
        "again. Safe to run at any time and as often as you like. An export that cannot be deleted is logged and "
        "skipped; the others are, and the command then exits with an error naming it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None,
                            help="Keep exports this many days instead of REPORTS_EXPORT_DAYS.")

    def handle(self, *args, days: int | None = None, **options) -> None:
        days = keep_days() if days is None else days
        if days < 1:
            raise CommandError(f"Keep exports at least 1 day (not {days}): never the one a coordinator waits for.")
        old = ExportJob.objects.filter(created_at__lt=timezone.now() - timedelta(days=days)).order_by("pk")
        outcome = batches.each(list(old.values_list("pk", flat=True)), _delete_export, what="participant export")
        self.stdout.write(f"Deleted {outcome.done} participant export(s) older than {days} day(s).")
        if error := batches.skipped_error(outcome, what="participant export(s)"):
            raise error
