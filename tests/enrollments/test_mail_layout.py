"""Every kind of email the site sends, as the SMTP backend would put it on the wire: multipart/alternative with the
plain text and the same text in the site's HTML layout (enrollments/mail.py, templates/emails/base.html); the person
greeted by name (or without one), the site's own name, never the username nor the dev server's address."""

import email
import re
from email import policy

import pytest
from django.core import mail
from django.test import Client

from enrollments.calls import decisions
from enrollments.emails import CONFIRMED, notify_enrollment
from enrollments.services import enroll
from tests.content.factories import add_call
from tests.enrollments.calls.reviewing import apply
from tests.enrollments.factories import ProfileFactory, TrainingSessionFactory
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

PREFIX = "[Hromada LMS] "


@pytest.fixture
def client():
    """A browser on the dev server, whose address allauth's own emails used as the site's name ("Hello from
    127.0.0.1:8000!")."""
    return Client(HTTP_HOST="127.0.0.1:8000")


def without_links(text: str) -> str:
    return re.sub(r"https?://[^\s\"<]+", "", text)


def on_the_wire(message) -> tuple[str, str, str]:
    """Subject, text and HTML of a sent message, parsed back from the bytes the SMTP backend would send."""
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=policy.default)
    assert parsed.get_content_type() == "multipart/alternative"
    parts = {part.get_content_type(): part.get_content() for part in parsed.iter_parts()}
    assert set(parts) == {"text/plain", "text/html"}
    return " ".join(str(parsed["Subject"]).split()), parts["text/plain"], parts["text/html"]  # unfolded


def assert_our_email(message, *, subject: str, greeting: str, username: str) -> tuple[str, str]:
    sent_subject, text, html = on_the_wire(message)
    assert sent_subject == PREFIX + subject
    assert text.startswith(greeting)
    assert greeting in html
    assert "Hromada LMS" in html
    assert '<html lang="' in html and "<p>" in html
    for part in (sent_subject, text, html):
        assert "127.0.0.1" not in without_links(part)  # only in the links, never as the site's name
        assert username not in part
        assert "Hello from" not in part
    return text, html


def sign_up(client, address: str):
    return client.post("/uk/accounts/signup/", {"email": address, "password1": "Zhovtyi-Soniashnyk-2026",
                                                "password2": "Zhovtyi-Soniashnyk-2026"})


def test_the_sign_up_confirmation_greets_without_a_name_and_links_in_both_parts(client):
    response = sign_up(client, "olena.newcomer@example.org")

    assert response.status_code == 302
    [message] = mail.outbox
    text, html = assert_our_email(message, subject="Підтвердьте адресу електронної пошти", greeting="Вітаємо!",
                                  username="olena.newcomer@")
    assert "користувач" not in text
    assert "Hromada LMS" in text
    [link] = [word for word in text.split() if word.startswith("http")]
    assert "/uk/accounts/confirm-email/" in link
    assert f'<a href="{link}"' in html


def test_the_password_reset_greets_the_person_by_their_profile_name(client):
    person = ParticipantFactory(username="olena.koval", email="olena@example.org")
    ProfileFactory(user=person, full_name="Олена Коваль")

    response = client.post("/uk/accounts/password/reset/", {"email": "olena@example.org"})

    assert response.status_code == 302
    [message] = mail.outbox
    text, html = assert_our_email(message, subject="Встановіть новий пароль", greeting="Вітаємо, Олена Коваль!",
                                  username="olena.koval")
    assert "/uk/accounts/password/reset/key/" in text
    assert "Команда Hromada LMS" in text


def test_the_password_reset_in_english_is_english(client):
    person = ParticipantFactory(username="olena.koval", email="olena@example.org", first_name="Olena",
                                last_name="Koval")

    client.post("/en/accounts/password/reset/", {"email": person.email})

    [message] = mail.outbox
    text, _ = assert_our_email(message, subject="Set a new password", greeting="Hello Olena Koval,",
                               username="olena.koval")
    assert "The Hromada LMS team" in text


def test_a_reset_for_an_unknown_address_says_there_is_no_account(client):
    client.post("/uk/accounts/password/reset/", {"email": "nobody@example.org"})

    [message] = mail.outbox
    text, _ = assert_our_email(message, subject="Облікового запису з цією адресою немає", greeting="Вітаємо!",
                               username="nobody@example.org ")
    assert "/uk/accounts/signup/" in text


def test_signing_up_with_a_taken_address_tells_its_owner(client):
    ParticipantFactory(username="taken.one", email="taken@example.org")

    sign_up(client, "taken@example.org")

    [message] = mail.outbox
    text, _ = assert_our_email(message, subject="У вас уже є обліковий запис", greeting="Вітаємо!",
                               username="taken.one")
    assert "/uk/accounts/password/reset/" in text


def test_an_enrollment_email_greets_by_name_or_neutrally(committed):
    session = TrainingSessionFactory(title="Кризове консультування", language="uk")
    named = ParticipantFactory(username="participant1")
    ProfileFactory(user=named, full_name="Оксана Коваленко")
    unnamed = ParticipantFactory(username="participant2")

    with committed():
        enroll(session=session, user=named)
        notify_enrollment(enroll(session=session, user=unnamed, notify=False), CONFIRMED)

    first, second = mail.outbox
    text, html = assert_our_email(first, subject="Ваше місце підтверджено: Кризове консультування",
                                  greeting="Вітаємо, Оксана Коваленко!", username="participant1")
    assert "http://127.0.0.1:8000/uk/learning/" in text
    assert '<a href="http://127.0.0.1:8000/uk/learning/"' in html
    assert_our_email(second, subject="Ваше місце підтверджено: Кризове консультування", greeting="Вітаємо!",
                     username="participant2")


def test_a_decision_email_is_the_coordinators_text_escaped_in_the_layout(tree, coordinator, committed):
    application = apply(add_call(tree.home), name="Марія <Бондар>", email="maria@example.org")

    with committed():
        decisions.move_application(application=application, move="shortlist", by=coordinator)

    [message] = mail.outbox
    subject, text, html = on_the_wire(message)
    assert subject.startswith(PREFIX)
    assert text.startswith("Вітаємо, Марія <Бондар>!")
    assert "Вітаємо, Марія &lt;Бондар&gt;!" in html and "<Бондар>" not in html
    assert "Hromada LMS" in html and "127.0.0.1" not in without_links(html)
