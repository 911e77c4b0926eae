"""`manage.py create_coordinator`: the first coordinator of a fresh site, who can log in at once.

The account is made as every account made for someone else is (`enrollments.accounts.create_account`: allauth's
unique username from the address, the role's group, a profile), with the address marked verified: the operator
vouches for it, so the first log-in waits for no confirmation email. Coordinators reach the Wagtail admin through
their group's permissions (content/roles.py), not through `is_staff`. The password is read from standard input,
asked for twice without echo, or taken from DJANGO_COORDINATOR_PASSWORD, checked against AUTH_PASSWORD_VALIDATORS,
and never printed.
"""

import getpass
import os
import sys

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import AbstractBaseUser, Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from content.roles import COORDINATOR
from enrollments.accounts import create_account, fill_blank_profile_fields

PASSWORD_VARIABLE = "DJANGO_COORDINATOR_PASSWORD"  # noqa: S105 - the variable's name, not a password


class Command(BaseCommand):
    help = (
        "Create a coordinator (the Coordinator group: the Wagtail admin, publishing, sessions, calls, users) with "
        "a verified email address, who can log in at once. Safe to run again; an existing account is changed only "
        "with --update."
    )
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="The coordinator's email address: their log-in.")
        parser.add_argument("--name", default="", help="Full name, e.g. \"Olena Koval\" (required for a new account).")
        source = parser.add_mutually_exclusive_group()
        source.add_argument("--password-from-stdin", action="store_true",
                            help="Read the password from the first line of standard input.")
        source.add_argument("--no-input", "--noinput", action="store_false", dest="interactive",
                            help=f"Ask nothing: take the password from the environment variable {PASSWORD_VARIABLE}.")
        parser.add_argument("--update", action="store_true",
                            help="If an account with this address exists, make it a coordinator with a verified "
                                 "address and set the new password (and the name, if given).")

    def handle(self, *args, **options):
        self.stdin = options.get("stdin", sys.stdin)
        email = _valid_email(options["email"])
        name = " ".join(options["name"].split())
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            address = EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
            user = address.user if address else None

        if user is not None and not options["update"]:
            if _is_ready_coordinator(user, email):
                self.stdout.write(f"{email} is already a coordinator with a verified address: nothing changed "
                                  "(--update sets a new password).")
                return
            raise CommandError(f"{email} belongs to an account that is not yet a coordinator with this verified "
                               "address: nothing changed. Run again with --update to make it a coordinator with "
                               "the new password.")
        if not Group.objects.filter(name=COORDINATOR).exists():
            raise CommandError(f"There is no “{COORDINATOR}” group: run `manage.py migrate` first.")
        if user is None and not name:
            raise CommandError("--name is required for a new account, e.g. --name \"Olena Koval\".")

        password = self._password(options)
        first, _, last = name.partition(" ")
        candidate = user or get_user_model()(email=email, first_name=first, last_name=last)
        try:
            password_validation.validate_password(password, user=candidate)
        except ValidationError as error:
            raise CommandError("The password was refused: " + " ".join(error.messages)) from error

        if user is None:
            user = create_account(email=email, role=COORDINATOR, password=password, verified=True, first_name=first,
                                  last_name=last, full_name=name)
            verb = "Created"
        else:
            _make_coordinator(user, email=email, password=password, name=name)
            verb = "Updated"
        self.stdout.write(self.style.SUCCESS(
            f"{verb} coordinator {email} (username {user.get_username()}), address verified: they can log in now."))

    def _password(self, options) -> str:
        if options["password_from_stdin"]:
            password = self.stdin.readline().rstrip("\r\n")
        elif not options["interactive"]:
            password = os.environ.get(PASSWORD_VARIABLE, "")
            if not password:
                raise CommandError(f"--no-input takes the password from {PASSWORD_VARIABLE}, which is not set.")
        else:
            if not (hasattr(self.stdin, "isatty") and self.stdin.isatty()):
                raise CommandError("No terminal to ask for the password on: use --password-from-stdin, or "
                                   f"--no-input with {PASSWORD_VARIABLE}.")
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ.")
        if not password:
            raise CommandError("The password is empty.")
        return password


def _valid_email(value: str) -> str:
    email = value.strip()
    try:
        validate_email(email)
    except ValidationError as error:
        raise CommandError(f"--email: “{email}” is not a valid email address.") from error
    return email


def _is_ready_coordinator(user: AbstractBaseUser, email: str) -> bool:
    return (user.groups.filter(name=COORDINATOR).exists() and user.has_usable_password()
            and EmailAddress.objects.filter(user=user, email__iexact=email, verified=True, primary=True).exists())


@transaction.atomic
def _make_coordinator(user: AbstractBaseUser, *, email: str, password: str, name: str) -> None:
    """An existing account made a coordinator: its password set, this address its verified primary one."""
    user.set_password(password)
    if name:
        user.first_name, _, user.last_name = name.partition(" ")
    user.is_active = True
    user.save()
    user.groups.add(*Group.objects.filter(name=COORDINATOR))
    address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
    if address is None:
        address = EmailAddress.objects.create(user=user, email=email, verified=True, primary=False)
    if not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])
    address.set_as_primary()
    if name:
        fill_blank_profile_fields(user=user, full_name=name)
