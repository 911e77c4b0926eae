"""The one email for someone a coordinator or trainer adds with a new account (enrollments/emails.py,
`welcome_new_account`): it names their training, says where they stand and links to a page where they choose a
password, which also proves the address (enrollments/receivers.py), so they log in with no other email."""

import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from enrollments.accounts import set_password_url
from enrollments.attendance.services import add_walk_in
from enrollments.imports import services
from enrollments.imports.parsing import read_participants
from enrollments.templatetags.session_labels import session_label
from tests.enrollments.factories import TrainingSessionFactory
from tests.enrollments.imports.files import HEADER, ROWS, csv_bytes
from tests.factories import ParticipantFactory
from tests.helpers import uk

pytestmark = pytest.mark.django_db

PASSWORD = "Kryvyi-Rih-2026-ponad"
LINK = re.compile(r"https?://\S+/accounts/password/reset/key/\S+/")


@pytest.fixture
def session():
    return TrainingSessionFactory(title="Кризове консультування", city="Кривий Ріг", capacity=3)


def label(session) -> str:
    with translation.override("uk"):
        return session_label(session)


def import_one(session, coordinator, committed, line: str = ROWS[0]):
    rows = read_participants(content=csv_bytes(HEADER, line), filename="list.csv")
    with committed():
        services.import_participants(session=session, rows=rows, by=coordinator)


def the_welcome(mailoutbox, session, *, to: str, name: str) -> str:
    """The one email sent, checked whole; returns its set-password link."""
    [message] = mailoutbox
    assert message.to == [to]
    assert message.subject == settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + uk(
        "You are on the training “%(title)s”: set your password", title=session.title)
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    body = message.body
    assert uk("Hello %(name)s,", name=name) in body
    assert uk("You have been added to the training “%(title)s” (%(label)s).", title=session.title,
              label=label(session)) in body
    assert "Кривий Ріг" in body
    [link] = LINK.findall(body)
    assert link.startswith(settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/uk/accounts/password/reset/key/")
    assert f'href="{link}"' in html
    assert session.title in html
    return link


def set_password_through(client, link: str):
    """Follow the emailed link as a browser does and choose a password there."""
    response = client.get(urlsplit(link).path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    assert form_url.endswith("-set-password/")
    assert 'name="password1"' in response.content.decode()
    response = client.post(form_url, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    return response


def log_in(client, email: str):
    with translation.override("uk"):
        login_url, my_learning_url = reverse("account_login"), reverse("my_learning")
    response = client.post(login_url, {"login": email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == my_learning_url
    return response


def test_an_imported_new_person_gets_one_email_and_sets_a_password_that_verifies_the_address(
        session, coordinator, client, mailoutbox, committed):
    import_one(session, coordinator, committed)

    link = the_welcome(mailoutbox, session, to="oleksandra@example.org", name="Олександра Щербак")
    assert uk("Your place on this training is confirmed.") in mailoutbox[0].body
    user = get_user_model().objects.get(email="oleksandra@example.org")
    assert EmailAddress.objects.get(user=user).verified is False

    set_password_through(client, link)

    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert EmailAddress.objects.get(user=user).verified is True
    client.logout()
    log_in(client, "oleksandra@example.org")
    assert len(mailoutbox) == 1  # no confirmation email, no password notice


def test_the_link_works_once(session, coordinator, client, mailoutbox, committed):
    import_one(session, coordinator, committed)
    link = the_welcome(mailoutbox, session, to="oleksandra@example.org", name="Олександра Щербак")
    set_password_through(client, link)
    client.logout()

    response = client.get(urlsplit(link).path, follow=True)

    assert response.status_code == 200
    assert 'name="password1"' not in response.content.decode()


def test_an_imported_new_person_on_the_waiting_list_is_told_so_in_the_same_email(
        coordinator, mailoutbox, committed):
    full = TrainingSessionFactory(title="Кризове консультування", city="Кривий Ріг", capacity=0)

    import_one(full, coordinator, committed, ROWS[1])

    the_welcome(mailoutbox, full, to="yurii@example.org", name="Юрій Зінченко")
    body = mailoutbox[0].body
    assert uk("All places on this training are taken, so you are on the waiting list. If a place becomes free, "
              "it is given to the first person on the list and we will email you at once.") in body
    assert uk("Your place on this training is confirmed.") not in body


def test_an_existing_account_imported_gets_the_usual_confirmation_only(session, coordinator, mailoutbox, committed):
    ParticipantFactory(email="oleksandra@example.org")

    import_one(session, coordinator, committed)

    [message] = mailoutbox
    assert message.to == ["oleksandra@example.org"]
    assert message.subject == settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + uk(
        "Your place is confirmed: %(title)s", title=session.title)
    assert not LINK.search(message.body)


def test_a_walk_in_with_a_new_account_gets_one_email_and_logs_in_after_setting_a_password(
        session, trainer, client, mailoutbox, committed):
    with committed():
        add_walk_in(session=session, email="Nova.Osoba@Example.org", full_name="Нова Особа", by=trainer,
                    day=session.days.first())

    link = the_welcome(mailoutbox, session, to="nova.osoba@example.org", name="Нова Особа")
    assert uk("Your place on this training is confirmed.") in mailoutbox[0].body
    set_password_through(client, link)
    assert EmailAddress.objects.get(email="nova.osoba@example.org").verified is True
    client.logout()
    log_in(client, "nova.osoba@example.org")
    assert len(mailoutbox) == 1


def test_a_walk_in_with_an_account_gets_no_email(session, trainer, mailoutbox, committed):
    ParticipantFactory(email="maria@example.org")

    with committed():
        add_walk_in(session=session, email="maria@example.org", full_name="Марія", by=trainer)

    assert mailoutbox == []


def test_a_password_reset_does_not_pick_one_of_several_addresses(session, coordinator, client, mailoutbox,
                                                               committed):
    import_one(session, coordinator, committed)
    user = get_user_model().objects.get(email="oleksandra@example.org")
    EmailAddress.objects.create(user=user, email="other@example.org", verified=False, primary=False)

    set_password_through(client, set_password_url(user, language="uk"))  # the welcome's link died with the change

    assert list(EmailAddress.objects.filter(user=user, verified=True)) == []
