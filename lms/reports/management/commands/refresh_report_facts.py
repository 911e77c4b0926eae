"""`manage.py refresh_report_facts [--all]`: count again what time alone changed (nightly), or everything."""

from django.core.management.base import BaseCommand

from lms.reports import facts


class Command(BaseCommand):
    help = "Refresh the report facts: the sessions a day passing has changed, or with --all every session."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Rebuild every session's facts.")

    def handle(self, *args, all=False, **options):
        if all:
            def progress(done, total):
                self.stderr.write(f"\r{done}/{total} sessions", ending="")
            places = facts.refresh_all(progress=progress if options["verbosity"] else None)
            self.stderr.write("")
        else:
            places = facts.refresh_stale()
        self.stdout.write(f"Report facts refreshed: {places} places.")
