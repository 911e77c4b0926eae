"""lms/client_address.py: behind a reverse proxy, every rate limit counts the client the proxy forwarded for, not the
proxy, so one person's wrong passwords or searches never lock out everybody else."""

import pytest
from django.test import Client

from lms.client_address import client_ip
from tests.factories import PASSWORD, UserFactory
from tests.helpers import uk

LOGIN_URL = "/uk/accounts/login/"
PROXY = "10.0.0.5"  # what REMOTE_ADDR says for every request that came through the proxy
TOO_MANY = "Too many failed login attempts. Try again later."

pytestmark = pytest.mark.django_db


def behind_proxy(client_address: str) -> Client:
    """A browser whose requests reach the site through our proxy, which appends its address to X-Forwarded-For."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=client_address)


@pytest.fixture
def one_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def test_without_a_trusted_proxy_the_address_is_the_connection(rf):
    request = rf.get("/", REMOTE_ADDR="203.0.113.4", HTTP_X_FORWARDED_FOR="198.51.100.1")

    assert client_ip(request) == "203.0.113.4"  # a header anyone can send is not believed


def test_behind_one_proxy_the_address_is_the_one_it_forwarded_for(rf, one_proxy):
    # the client's own X-Forwarded-For is spoofable; the last entry is the one our proxy appended
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.1")

    assert client_ip(request) == "198.51.100.1"


def test_a_header_set_by_the_proxy_names_the_client(rf, settings):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="198.51.100.7")

    assert client_ip(request) == "198.51.100.7"


def test_failed_log_ins_behind_the_proxy_lock_out_only_their_sender(one_proxy):
    """login_failed "10/m/ip" counts the client: ten wrong guesses from one person leave the next person free."""
    UserFactory(email="olena@example.org")
    guesser, colleague = behind_proxy("198.51.100.1"), behind_proxy("198.51.100.2")
    for n in range(10):
        guesser.post(LOGIN_URL, {"login": f"guess{n}@example.org", "password": "guess"})
    blocked = guesser.post(LOGIN_URL, {"login": "olena@example.org", "password": PASSWORD})
    assert blocked.status_code == 200
    assert uk(TOO_MANY) in blocked.content.decode()

    response = colleague.post(LOGIN_URL, {"login": "olena@example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/uk/learning/"


def test_searches_behind_the_proxy_are_limited_per_client(one_proxy, settings):
    """django-ratelimit (search, verification) counts the same client as allauth does."""
    settings.SEARCH_RATE_LIMIT = "3/m"
    busy, other = behind_proxy("198.51.100.1"), behind_proxy("198.51.100.2")
    for _ in range(3):
        assert busy.get("/uk/search/", {"q": "модуль"}).status_code == 200
    assert busy.get("/uk/search/", {"q": "модуль"}).status_code == 429

    response = other.get("/uk/search/", {"q": "модуль"})

    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()
