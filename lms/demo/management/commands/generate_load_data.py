"""`manage.py generate_load_data --scale XS|S|M|L`: a large, realistic site to measure the reports on
(`lms/loaddata/`); `--clear` removes it again. It lives beside `seed_demo`, whose courses it uses."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lms.loaddata.clear import clear_load_data
from lms.loaddata.generate import DEFAULT_SEED, LoadDataExists, NoCourses, after_generate, generate
from lms.loaddata.scales import SCALES


class Command(BaseCommand):
    help = (
        "Write load data (participants, sessions, places, attendance, quiz attempts, certificates, calls and "
        "applications) at a scale, the same for the same scale, seed and date. Refuses when load data is already "
        "there: run --clear first. Seeds the demo first on a site without courses."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=list(SCALES), help="How much: " + "; ".join(
            f"{s.name}: {s.participants:,} participants, {s.sessions:,} sessions" for s in SCALES.values()))
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"Random seed (default {DEFAULT_SEED}).")
        parser.add_argument("--today", type=date.fromisoformat, default=None,
                            help="The date the data is built around (YYYY-MM-DD; default today).")
        parser.add_argument("--clear", action="store_true",
                            help="Remove what a previous run wrote (before generating, with --scale).")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar on stderr.")

    def handle(self, *args, **options):
        if not options["scale"] and not options["clear"]:
            raise CommandError("Give --scale XS|S|M|L, or --clear.")
        if options["clear"]:
            removed = clear_load_data()
            self.stdout.write(f"Load data removed ({sum(removed.values()):,} rows).")
            self._table(removed)
        if not options["scale"]:
            return
        try:
            result = generate(scale=SCALES[options["scale"]], seed=options["seed"],
                              today=options["today"] or timezone.localdate(), progress=not options["no_progress"],
                              stdout=self.stdout)
        except (LoadDataExists, NoCourses) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(
            f"Load data at scale {options['scale']} (seed {options['seed']}) written in {result.seconds:.1f} s."))
        self._table(result.counts)
        if not after_generate(stdout=self.stdout, progress=not options["no_progress"]):
            self.stdout.write("No refresh_report_facts command on this site: report tables not refreshed.")

    def _table(self, counts: dict[str, int]) -> None:
        for label, count in sorted(counts.items()):
            self.stdout.write(f"  {label:<36} {count:>10,}")
