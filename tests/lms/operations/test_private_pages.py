"""Pages for someone logged in are sent `Cache-Control: private, no-store` (lms/operations/private_pages.py); the
public pages that show one person say so themselves; anonymous pages stay shareable by the page cache."""

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from enrollments.attendance import checkin
from lms.operations.private_pages import PrivatePagesMiddleware, mark_private
from tests.certificates.factories import issued_certificate
from tests.enrollments.factories import EnrollmentFactory, ProfileFactory, TrainingSessionFactory
from tests.factories import CoordinatorFactory, ParticipantFactory, TrainerFactory
from tests.helpers import text

pytestmark = pytest.mark.django_db

MIDDLEWARE = "lms.operations.private_pages.PrivatePagesMiddleware"
PAGE_QUERIES = 40  # the heaviest page walked here is the admin's roster; the middleware itself adds none


def _directives(response) -> set[str]:
    return {word.strip().lower() for word in response.get("Cache-Control", "").split(",") if word.strip()}


def assert_private(response) -> None:
    assert {"private", "no-store"} <= _directives(response), response.get("Cache-Control")
    assert "public" not in _directives(response)


@pytest.fixture
def session(tree):
    trainer = TrainerFactory()
    session = TrainingSessionFactory(course=tree.course, trainers=[trainer], title="Ведення випадку, Дніпро")
    participant = ProfileFactory(full_name="Олена Коваленко", user=ParticipantFactory()).user
    EnrollmentFactory(session=session, user=participant)
    return session, trainer, participant


def _walk(client, user, urls: list[tuple[str, str]], django_assert_max_num_queries) -> None:
    client.force_login(user)
    for url, words in urls:
        with django_assert_max_num_queries(PAGE_QUERIES):
            response = client.get(url)
        assert response.status_code == 200, url
        assert words in text(response), url
        assert_private(response)


def test_a_participants_pages_are_private(client, tree, session, django_assert_max_num_queries):
    session, _trainer, participant = session
    day = session.days.get(date=timezone.localdate())
    _walk(client, participant, [
        (reverse("my_learning"), "Ведення випадку, Дніпро"),
        (reverse("profile"), "Олена Коваленко"),
        (reverse("check_in", kwargs={"token": checkin.make_token(day_id=day.pk)}), "Ведення випадку, Дніпро"),
        (tree.course.url, tree.course.title),  # a public page, but drawn for her: her progress, her place
    ], django_assert_max_num_queries)


def test_a_trainers_pages_are_private(client, session, django_assert_max_num_queries):
    session, trainer, _participant = session
    day = session.days.get(date=timezone.localdate())
    _walk(client, trainer, [
        (reverse("trainer_sessions"), "Ведення випадку, Дніпро"),
        (reverse("roster", kwargs={"day_id": day.pk}), "Олена Коваленко"),
        (reverse("sign_in_sheet", kwargs={"day_id": day.pk}), "Олена Коваленко"),
        (reverse("session_quiz_results", args=[session.pk]), "Ведення випадку, Дніпро"),
    ], django_assert_max_num_queries)


def test_a_coordinators_pages_are_private(client, session, django_assert_max_num_queries):
    session, _trainer, participant = session
    _walk(client, CoordinatorFactory(), [
        ("/admin/", "Wagtail"),
        (reverse("enrollments_admin:session_roster", args=[session.pk]), "Олена Коваленко"),
        (reverse("wagtailusers_users:edit", args=[participant.pk]), participant.email),
        ("/admin/privacy/access-log/", "Олена Коваленко"),
    ], django_assert_max_num_queries)


def test_a_redirect_and_an_error_for_someone_logged_in_are_private_too(client, participant):
    client.force_login(participant)
    assert_private(client.get("/admin/"))  # no admin access: sent away
    missing = client.get(reverse("roster", kwargs={"day_id": 999_999}))
    assert missing.status_code == 404
    assert_private(missing)


def test_the_middleware_adds_no_query(client, session, settings):
    session, trainer, _participant = session
    url = reverse("roster", kwargs={"day_id": session.days.get(date=timezone.localdate()).pk})
    client.force_login(trainer)
    client.get(url)

    def count() -> int:
        client.get(url)  # the access log's view is remembered: both counts below leave it out
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    with_it = count()
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != MIDDLEWARE]
    assert count() == with_it


# --- Anonymous readers ------------------------------------------------------------------------------------------

def test_anonymous_public_pages_stay_shareable_by_the_page_cache(client, tree, settings):
    settings.PAGE_CACHE_SECONDS = 300

    first, second = client.get(tree.course.url), client.get(tree.course.url)

    assert first.status_code == 200 and tree.course.title in text(second)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert not {"private", "no-store"} & _directives(second)


def test_after_logging_out_pages_are_shareable_again(client, tree, participant):
    client.force_login(participant)
    assert_private(client.get(tree.course.url))
    client.logout()
    response = client.get(tree.course.url)
    assert response.status_code == 200 and "no-store" not in _directives(response)


def test_a_certificates_verification_is_never_kept(client, django_assert_max_num_queries):
    certificate = issued_certificate(full_name="Марія Бондар")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("verify_certificate", kwargs={"code": certificate.code}))
    assert response.status_code == 200 and "Марія Бондар" in text(response)
    assert_private(response)


def test_an_anonymous_check_in_link_shows_nobody_and_is_not_kept(client, session):
    day = session[0].days.get(date=timezone.localdate())
    response = client.get(reverse("check_in", kwargs={"token": checkin.make_token(day_id=day.pk)}))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert "Олена Коваленко" not in text(response)


# --- What the view chose stays --------------------------------------------------------------------------------------

def _through(response: HttpResponse, *, logged_in: bool) -> HttpResponse:
    request = RequestFactory().get("/")
    if logged_in:
        request.COOKIES["sessionid"] = "x"
        request.session = {"_auth_user_id": "1"}
    return PrivatePagesMiddleware(lambda _request: response)(request)


def test_a_public_response_stays_public_and_others_keep_their_words():
    public = HttpResponse()
    public["Cache-Control"] = "public, max-age=3600"  # an image rendition: the same for everyone
    assert _through(public, logged_in=True)["Cache-Control"] == "public, max-age=3600"

    never = HttpResponse()
    never["Cache-Control"] = "max-age=0, no-cache, no-store, must-revalidate, private"  # Django's never_cache
    assert {"max-age=0", "no-cache", "no-store", "must-revalidate", "private"} == _directives(
        _through(never, logged_in=True))

    plain = HttpResponse()
    mark_private(plain)
    assert _directives(plain) == {"private", "no-store"}
    assert "Cache-Control" not in _through(HttpResponse(), logged_in=False)
