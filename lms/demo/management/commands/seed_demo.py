"""`manage.py seed_demo` (`make run`): load the demo and print what to try."""

from django.conf import settings
from django.core.management.base import BaseCommand

from lms.demo.people import DEMO_PASSWORD
from lms.demo.seed import seed_demo


class Command(BaseCommand):
    help = (
        "Load the demo site and curriculum in Ukrainian and English. "
        "Safe to run again: creates only what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--users", action="store_true",
            help="Also create the demo accounts (always on when DEBUG is true; never use on a public site).",
        )

    def handle(self, *args, **options):
        with_users = options["users"] or settings.DEBUG
        report = seed_demo(with_users=with_users)
        self.stdout.write(self.style.SUCCESS(f"Demo content ready ({report.pages_created} pages created)."))
        if report.sessions:
            self.stdout.write("Training sessions:")
            for line in report.sessions:
                self.stdout.write(f"  {line}")
        if report.users:
            self.stdout.write(f"Demo log-ins (password for all: {DEMO_PASSWORD}):")
            for user in report.users:
                self.stdout.write(f"  {user.role:<12} {user.email}")
        if report.quiz_notes:
            self.stdout.write("Quizzes:")
            for line in report.quiz_notes:
                self.stdout.write(f"  {line}")
        if report.certificate_notes:
            self.stdout.write("Certificates:")
            for line in report.certificate_notes:
                self.stdout.write(f"  {line}")
        if report.call_notes:
            self.stdout.write("Open calls:")
            for line in report.call_notes:
                self.stdout.write(f"  {line}")
