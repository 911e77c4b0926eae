"""`manage.py create_coordinator`: the first coordinator, with a verified address, logs in at once and opens the
admin; the password is checked and never printed; an existing account changes only with --update."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from content.roles import COORDINATOR
from enrollments.models import Profile
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db
EMAIL = "olena.koval@svitlo.org"
PASSWORD = "kvitnevyi-sonyashnyk-2026"  # noqa: S105 - a test password


class Terminal(StringIO):
    def isatty(self) -> bool:
        return True


def create_coordinator(*, typed: str | None = None, **options) -> str:
    """The command with `options`; `typed`: the password given on standard input (--password-from-stdin)."""
    out = StringIO()
    options.setdefault("email", EMAIL)
    options.setdefault("name", "Olena Koval")
    if typed is not None:
        options.update(password_from_stdin=True, stdin=StringIO(typed))
    call_command("create_coordinator", stdout=out, **options)
    return out.getvalue()


def test_creates_a_coordinator_with_a_verified_primary_address():
    output = create_coordinator(typed=f"{PASSWORD}\n")

    user = get_user_model().objects.get(email=EMAIL)
    assert list(user.groups.values_list("name", flat=True)) == [COORDINATOR]
    assert user.check_password(PASSWORD)
    assert (user.first_name, user.last_name) == ("Olena", "Koval")
    assert Profile.objects.get(user=user).full_name == "Olena Koval"
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == (EMAIL, True, True)
    assert user.username and "@" not in user.username
    assert f"Created coordinator {EMAIL} (username {user.username})" in output
    assert PASSWORD not in output


def test_the_coordinator_logs_in_at_once_and_opens_the_admin(client, mailoutbox):
    create_coordinator(typed=PASSWORD)

    response = client.post(reverse("account_login"), {"login": EMAIL, "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("my_learning")
    assert mailoutbox == []  # no confirmation email to wait for
    admin = client.get("/admin/")
    assert admin.status_code == 200
    assert "wagtail" in admin.content.decode().lower()


def test_password_from_the_environment_without_input(monkeypatch):
    monkeypatch.setenv("DJANGO_COORDINATOR_PASSWORD", PASSWORD)
    output = create_coordinator(interactive=False)
    assert get_user_model().objects.get(email=EMAIL).check_password(PASSWORD)
    assert PASSWORD not in output


def test_without_input_and_without_the_variable_it_refuses(monkeypatch):
    monkeypatch.delenv("DJANGO_COORDINATOR_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="DJANGO_COORDINATOR_PASSWORD"):
        create_coordinator(interactive=False)
    assert not get_user_model().objects.exists()


def test_password_asked_twice_on_a_terminal(monkeypatch):
    answers = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    create_coordinator(stdin=Terminal())
    assert get_user_model().objects.get(email=EMAIL).check_password(PASSWORD)


def test_two_different_passwords_on_a_terminal_are_refused(monkeypatch):
    answers = iter([PASSWORD, PASSWORD + "!"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    with pytest.raises(CommandError, match="differ"):
        create_coordinator(stdin=Terminal())
    assert not get_user_model().objects.exists()


def test_no_terminal_to_ask_on():
    with pytest.raises(CommandError, match="--password-from-stdin"):
        create_coordinator(stdin=StringIO(PASSWORD))


@pytest.mark.parametrize("password", ["short1", "1234567890123", "password123", "olena.koval.svitlo"])
def test_a_weak_password_is_refused_with_the_validators_reasons(password):
    with pytest.raises(CommandError, match="^The password was refused: .+") as error:
        create_coordinator(typed=password)
    assert password not in str(error.value)
    assert not get_user_model().objects.exists()


@pytest.mark.parametrize("email", ["olena", "olena@", "olena koval@svitlo.org", ""])
def test_a_bad_address_is_refused(email):
    with pytest.raises(CommandError, match="is not a valid email address"):
        create_coordinator(email=email, typed=PASSWORD)
    assert not get_user_model().objects.exists()


def test_a_new_account_needs_a_name():
    with pytest.raises(CommandError, match="--name is required"):
        create_coordinator(name="", typed=PASSWORD)


def test_running_again_changes_nothing():
    create_coordinator(typed=PASSWORD)
    user = get_user_model().objects.get(email=EMAIL)

    output = create_coordinator(email=EMAIL.upper(), typed="another-password-2026")

    assert "already a coordinator with a verified address: nothing changed" in output
    assert get_user_model().objects.count() == 1
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_an_existing_participant_is_not_overwritten_without_update():
    participant = ParticipantFactory(email=EMAIL)
    with pytest.raises(CommandError, match="--update"):
        create_coordinator(typed=PASSWORD)
    participant.refresh_from_db()
    assert not participant.groups.filter(name=COORDINATOR).exists()
    assert not participant.check_password(PASSWORD)


def test_update_makes_an_existing_account_a_coordinator_who_logs_in(client):
    participant = ParticipantFactory(email=EMAIL)
    EmailAddress.objects.filter(user=participant).update(verified=False)

    output = create_coordinator(typed=PASSWORD, update=True)

    assert f"Updated coordinator {EMAIL}" in output
    participant.refresh_from_db()
    assert participant.groups.filter(name=COORDINATOR).exists()
    assert EmailAddress.objects.get(user=participant, email=EMAIL).verified
    assert get_user_model().objects.count() == 1
    response = client.post(reverse("account_login"), {"login": EMAIL, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
