"""django-allauth as the settings set it up (lms/settings/base.py, `ACCOUNT_*`, with the adapter of
enrollments/accounts.py and the templates under templates/account/): the account journeys (sign up, confirm, log in
and out, reset), its rate limits, and its email handed to the send-email task."""

import re
from html import unescape

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_tasks import task_backends
from django_tasks.signals import task_finished

from enrollments.models import OutgoingEmail
from tests.factories import PASSWORD, UserFactory
from tests.helpers import uk

SIGNUP_URL = "/uk/accounts/signup/"
LOGIN_URL = "/uk/accounts/login/"
LOGOUT_URL = "/uk/accounts/logout/"
RESET_URL = "/uk/accounts/password/reset/"
MY_LEARNING_URL = "/uk/learning/"
VERIFICATION_SENT_URL = "/uk/accounts/confirm-email/"
NEW_PASSWORD = "a-brand-new-long-passphrase"

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished_tasks():
    """(module path, status, kwargs) of every background task that ran during the test."""
    ran = []

    def record(sender, task_result, **kwargs):
        ran.append((task_result.task.module_path, task_result.status.name, task_result.kwargs))

    task_finished.connect(record)
    yield ran
    task_finished.disconnect(record)


def link_in(message, path_prefix: str) -> str:
    """The path of the first absolute link in an email body that starts with path_prefix."""
    match = re.search(r"https?://[^/\s]+(" + re.escape(path_prefix) + r"[^\s\"<>]*)", message.body)
    assert match, f"no {path_prefix} link in:\n{message.body}"
    return match.group(1)


def content(response) -> str:
    return unescape(response.content.decode())


def signup(client, email: str = "olena@example.org"):
    return client.post(SIGNUP_URL, {"email": email, "password1": PASSWORD, "password2": PASSWORD})


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_signup_page_shows_the_form(client):
    response = client.get(SIGNUP_URL)

    assert response.status_code == 200
    html = content(response)
    assert '<html lang="uk">' in html
    assert 'name="email"' in html
    assert 'name="password1"' in html
    assert 'name="password2"' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_signup_confirm_logout_and_login_again(client, finished_tasks):
    response = signup(client)

    assert response.status_code == 302
    assert response["Location"] == VERIFICATION_SENT_URL
    user = get_user_model().objects.get(email="olena@example.org")
    assert EmailAddress.objects.get(user=user).verified is False
    # the email was recorded and went through enrollments.mail.send_email (immediate task backend) to the outbox
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["olena@example.org"]
    assert message.subject.startswith("[Hromada LMS] ")
    assert [(path, status, OutgoingEmail.objects.get(pk=kwargs["job_id"]).to)
            for path, status, kwargs in finished_tasks] == [
        ("enrollments.mail.send_email", "SUCCESSFUL", ["olena@example.org"]),
    ]

    sent_page = client.get(VERIFICATION_SENT_URL)
    assert sent_page.status_code == 200
    assert uk("Verify Your Email Address") in content(sent_page)

    confirm_url = link_in(message, "/uk/accounts/confirm-email/")
    confirm_page = client.get(confirm_url)
    assert confirm_page.status_code == 200
    assert 'method="post"' in content(confirm_page)
    assert "olena@example.org" in content(confirm_page)
    assert EmailAddress.objects.get(user=user).verified is False  # GET alone confirms nothing

    confirmed = client.post(confirm_url)

    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(user=user).verified is True
    assert logged_in_user_id(client) == str(user.pk)

    confirm_logout = client.get(LOGOUT_URL)
    assert confirm_logout.status_code == 200  # a GET only asks; links cannot log people out
    assert logged_in_user_id(client) == str(user.pk)
    logged_out = client.post(LOGOUT_URL)
    assert logged_out.status_code == 302
    assert logged_in_user_id(client) is None

    login = client.post(LOGIN_URL, {"login": "olena@example.org", "password": PASSWORD})

    assert login.status_code == 302
    assert login["Location"] == MY_LEARNING_URL
    assert logged_in_user_id(client) == str(user.pk)
    my_learning = client.get(MY_LEARNING_URL)
    assert my_learning.status_code == 200


def test_signup_with_a_taken_email_reveals_nothing_and_creates_nobody(client):
    UserFactory(email="taken@example.org")

    response = signup(client, email="Taken@Example.org")

    # the same answer as a fresh sign-up, so addresses cannot be probed; the owner gets a notice
    assert response.status_code == 302
    assert response["Location"] == VERIFICATION_SENT_URL
    assert get_user_model().objects.filter(email__iexact="taken@example.org").count() == 1
    assert [m.to for m in mail.outbox] == [["taken@example.org"]]
    assert "/confirm-email/" not in mail.outbox[0].body


def test_signup_rejects_a_short_password(client):
    response = client.post(SIGNUP_URL, {"email": "new@example.org", "password1": "short1", "password2": "short1"})

    assert response.status_code == 200
    with translation.override("uk"):
        expected = translation.ngettext(
            "This password is too short. It must contain at least %d character.",
            "This password is too short. It must contain at least %d characters.",
            10,
        ) % 10
    assert expected in content(response)
    assert not get_user_model().objects.filter(email="new@example.org").exists()
    assert mail.outbox == []


def test_login_page_shows_the_form(client):
    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    html = content(response)
    assert 'name="login"' in html
    assert 'name="password"' in html
    assert 'href="/uk/accounts/signup/' in html
    assert 'href="/uk/accounts/password/reset/' in html


def test_login_with_email_goes_to_my_learning(client):
    UserFactory(email="taras@example.org")

    response = client.post(LOGIN_URL, {"login": "Taras@Example.org", "password": PASSWORD}, follow=True)

    assert response.redirect_chain[0] == (MY_LEARNING_URL, 302)
    assert response.status_code == 200
    assert response.context["user"].email == "taras@example.org"


def test_login_returns_to_the_page_that_asked(client):
    UserFactory(email="taras@example.org")

    response = client.post(f"{LOGIN_URL}?next=/uk/courses/case-management/",
                           {"login": "taras@example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/uk/courses/case-management/"


def test_login_ignores_an_external_next(client):
    UserFactory(email="taras@example.org")

    response = client.post(f"{LOGIN_URL}?next=https://evil.example/",
                           {"login": "taras@example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == MY_LEARNING_URL


def test_unverified_user_cannot_log_in(client):
    user = UserFactory(email="unverified@example.org", verified=False)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)

    response = client.post(LOGIN_URL, {"login": user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == VERIFICATION_SENT_URL
    assert logged_in_user_id(client) is None
    # a fresh confirmation link is on its way
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert client.get(MY_LEARNING_URL)["Location"].startswith(LOGIN_URL)


def test_wrong_password_shows_a_clear_error(client):
    UserFactory(email="taras@example.org")

    response = client.post(LOGIN_URL, {"login": "taras@example.org", "password": "not-the-password"})

    assert response.status_code == 200
    assert uk("The email address and/or password you specified are not correct.") in content(response)
    assert logged_in_user_id(client) is None


def test_password_reset_sets_a_new_password(client):
    user = UserFactory(email="reset@example.org")

    requested = client.post(RESET_URL, {"email": "reset@example.org"})

    assert requested.status_code == 302
    assert requested["Location"] == "/uk/accounts/password/reset/done/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["reset@example.org"]

    key_url = link_in(mail.outbox[0], "/uk/accounts/password/reset/key/")
    # allauth moves the key from the URL into the session, then shows the form
    form_page = client.get(key_url, follow=True)
    assert form_page.status_code == 200
    assert 'name="password1"' in content(form_page)
    set_password_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else key_url

    changed = client.post(set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert changed.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    client.logout()
    old = client.post(LOGIN_URL, {"login": "reset@example.org", "password": PASSWORD})
    assert old.status_code == 200
    assert logged_in_user_id(client) is None
    new = client.post(LOGIN_URL, {"login": "reset@example.org", "password": NEW_PASSWORD})
    assert new.status_code == 302
    assert new["Location"] == MY_LEARNING_URL


def test_password_reset_for_unknown_email_sends_nothing_revealing(client):
    response = client.post(RESET_URL, {"email": "nobody@example.org"})

    # allauth does not tell strangers whether an account exists
    assert response.status_code == 302
    assert response["Location"] == "/uk/accounts/password/reset/done/"
    assert all("/password/reset/key/" not in m.body for m in mail.outbox)


def test_repeated_failures_for_one_email_are_refused(client):
    """ACCOUNT_RATE_LIMITS login_failed "5/5m/key": the 6th try is refused even with the right password."""
    UserFactory(email="target@example.org")
    for _ in range(5):
        failed = client.post(LOGIN_URL, {"login": "target@example.org", "password": "guess"})
        assert failed.status_code == 200
        assert uk("Too many failed login attempts. Try again later.") not in content(failed)

    blocked = client.post(LOGIN_URL, {"login": "target@example.org", "password": PASSWORD})

    assert blocked.status_code == 200
    assert uk("Too many failed login attempts. Try again later.") in content(blocked)
    assert logged_in_user_id(client) is None


def test_repeated_failures_from_one_address_are_refused(client):
    """login_failed "10/m/ip": ten wrong guesses at different accounts block the address, not the others."""
    UserFactory(email="someone@example.org")
    for n in range(10):
        client.post(LOGIN_URL, {"login": f"guess{n}@example.org", "password": "guess"})

    blocked = client.post(LOGIN_URL, {"login": "someone@example.org", "password": PASSWORD})

    assert blocked.status_code == 200
    assert uk("Too many failed login attempts. Try again later.") in content(blocked)
    assert logged_in_user_id(client) is None
    elsewhere = client.post(
        LOGIN_URL, {"login": "someone@example.org", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7"
    )
    assert elsewhere.status_code == 302


def test_a_training_room_on_one_address_all_log_in_within_a_minute():
    """Forty participants on the venue's Wi-Fi (one address) log in within a minute: every one gets in."""
    people = UserFactory.create_batch(40)

    for person in people:
        response = Client().post(LOGIN_URL, {"login": person.email, "password": PASSWORD})
        assert response.status_code == 302, f"{person.email} was refused: {response.status_code}"
        assert response["Location"] == MY_LEARNING_URL


def test_a_training_room_with_a_few_typos_still_gets_in():
    """Mistyped passwords in the room cost only their own tries: the others' successful log-ins count for nothing."""
    people = UserFactory.create_batch(40)
    for person in people[:5]:
        assert Client().post(LOGIN_URL, {"login": person.email, "password": "typo"}).status_code == 200

    assert all(Client().post(LOGIN_URL, {"login": p.email, "password": PASSWORD}).status_code == 302 for p in people)


def test_too_many_login_requests_from_one_address_get_429(client):
    """login "100/m/ip": the 101st log-in request in a minute is answered with 429 Too Many Requests."""
    for n in range(100):
        response = client.post(LOGIN_URL, {"login": f"guess{n % 3}@example.org", "password": "guess"})
        assert response.status_code == 200

    response = client.post(LOGIN_URL, {"login": "guess@example.org", "password": "guess"})

    assert response.status_code == 429
    html = content(response)
    assert '<html lang="uk">' in html  # the site's own templates/429.html, not allauth's bare fallback
    assert uk("Too many requests") in html
    assert uk("You have sent too many requests in a short time. Please wait a minute and try again.") in html


def test_after_asking_for_an_email_the_pages_say_it_is_being_sent_not_that_it_was(client, db, settings):
    """The email is queued (and tried again if the mail server refuses it), so no page claims it was sent."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend",
                                  "QUEUES": settings.TASK_QUEUES}}  # queued, never sent

    signed_up = client.get(signup(client)["Location"])
    UserFactory(email="reset@example.org")
    reset = client.get(client.post(RESET_URL, {"email": "reset@example.org"})["Location"])

    assert signed_up.status_code == 200 and reset.status_code == 200
    assert mail.outbox == []
    assert uk("We are sending a confirmation email to %(email)s.", email="olena@example.org") in content(signed_up)
    assert uk("We are sending you an email to verify your address. Follow the link in it to finish signing up. It "
              "usually arrives within a few minutes; if you do not see it, check your spam folder. Please contact us "
              "if it has not arrived within an hour.") in content(signed_up)
    assert uk("We are sending you an email. It usually arrives within a few minutes; if you do not see it, check "
              "your spam folder. Please contact us if it has not arrived within an hour.") in content(reset)
    for page in (signed_up, reset):
        assert "We have sent" not in content(page) and "email sent" not in content(page)


# --- allauth email goes through the task ----------------------------------------------------------

def request_password_reset(client, email: str):
    return client.post(reverse("account_reset_password"), {"email": email})


def test_allauth_email_is_handed_to_the_send_email_task(client, db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend",
                                  "QUEUES": settings.TASK_QUEUES}}
    user = UserFactory(email="reset@example.org")

    response = request_password_reset(client, user.email)

    assert response.status_code == 302
    assert mail.outbox == []  # nothing is sent inside the request
    [result] = [r for r in task_backends["default"].results if r.task.module_path == "enrollments.mail.send_email"]
    email = OutgoingEmail.objects.get(pk=result.kwargs["job_id"])  # the task is given the recorded email's id
    assert email.to == ["reset@example.org"]
    assert email.subject.startswith(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX)
    assert "/accounts/password/reset/key/" in email.body

    # What the worker would do with it.
    result.task.call(*result.args, **result.kwargs)
    [message] = mail.outbox
    assert message.to == ["reset@example.org"]
    assert message.subject == email.subject


def test_allauth_email_is_delivered_by_the_immediate_backend(client, db):
    user = UserFactory(email="reset@example.org")

    request_password_reset(client, user.email)

    [message] = mail.outbox
    assert message.to == ["reset@example.org"]
    assert message.subject.startswith("[Hromada LMS] ")
    assert "/accounts/password/reset/key/" in message.body
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
