"""`manage.py run_scheduled <command> [args]`: run a scheduled job unless another machine is running it."""

import argparse

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lms.operations import scheduled


class Command(BaseCommand):
    help = (
        "Run a management command from a timer, unless another process (on this or another machine) is running it: "
        "then say so and exit 0. The lock is named after the command: a PostgreSQL advisory lock, or a shared "
        f"cache key elsewhere. Schedulable: {', '.join(sorted(scheduled.SCHEDULABLE))}. Arguments after the "
        "command are passed to it, e.g. `run_scheduled refresh_report_facts --all`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("command_name", metavar="command", choices=sorted(scheduled.SCHEDULABLE),
                            help="The command to run.")
        parser.add_argument("command_args", metavar="args", nargs=argparse.REMAINDER,
                            help="Its arguments and options.")

    def handle(self, *args, command_name: str, command_args: list[str], **options) -> None:
        try:
            ran = scheduled.run_scheduled(command_name, command_args, stdout=self.stdout, stderr=self.stderr)
        except scheduled.NotSchedulable as error:
            raise CommandError(str(error)) from error
        if not ran:
            self.stdout.write(f"{command_name}: already running elsewhere; nothing done.")
