"""The pages of erasure: the person's request on their profile, and the coordinators' list and review in the admin.
Status, content and query budgets; who is refused; POST only, with a CSRF token."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from enrollments.privacy import erasure
from enrollments.privacy.models import ErasureRequest, ErasureStatus
from tests.enrollments.factories import EnrollmentFactory, ProfileFactory
from tests.factories import PASSWORD, CoordinatorFactory, ParticipantFactory, TrainerFactory
from tests.helpers import uk

PAGE = reverse("erasure_request")
WITHDRAW = reverse("withdraw_erasure_request")
LIST = reverse("privacy_admin:erasure_requests")


def review_url(request) -> str:
    return reverse("privacy_admin:erasure_review", args=[request.pk])


def erase_url(request) -> str:
    return reverse("privacy_admin:erase", args=[request.pk])


def decline_url(request) -> str:
    return reverse("privacy_admin:decline", args=[request.pk])


@pytest.fixture
def asker(db):
    """A participant with a profile and a place, waiting for their request to be reviewed."""
    user = ParticipantFactory(email="olena.asker@example.org")
    ProfileFactory(user=user, full_name="Олена Запитувач")
    EnrollmentFactory(user=user)
    return user


@pytest.fixture
def waiting(asker):
    return erasure.request_erasure(user=asker, keep_certificates=False)


# --- The person's side ---------------------------------------------------------------------------------------------

def test_the_profile_links_to_the_request_page(learner):
    response = learner.get(reverse("profile"))
    assert response.status_code == 200 and PAGE in response.content.decode()


def test_the_page_explains_and_asks_for_the_password(learner, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = learner.get(PAGE)
    page = response.content.decode()
    assert response.status_code == 200
    assert uk("What erasure means") in page and uk("Keep my name on the certificates I hold") in page
    assert 'type="password"' in page and 'name="keep_certificates"' in page
    assert "no-store" in response["Cache-Control"]


def test_a_wrong_password_asks_nothing(learner, participant, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = learner.post(PAGE, {"password": "wrong", "keep_certificates": "on"})
    assert response.status_code == 200 and uk("This is not your password.") in response.content.decode()
    assert not ErasureRequest.objects.exists()


def test_the_request_is_sent_with_the_certificates_choice(learner, participant, django_assert_max_num_queries):
    with django_assert_max_num_queries(18):
        response = learner.post(PAGE, {"password": PASSWORD, "keep_certificates": "on"}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and uk("Waiting for review") in page
    assert uk("You asked to keep your name on your certificates.") in page and WITHDRAW in page
    request = ErasureRequest.objects.get(user=participant)
    assert request.status == ErasureStatus.REQUESTED and request.keep_certificates


def test_an_account_without_a_password_types_the_word(client, db):
    user = ParticipantFactory()
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    wrong = client.post(PAGE, {"password": "ні"})
    assert wrong.status_code == 200 and uk("Type the word “%(word)s” exactly.", word=uk("erase")) in \
        wrong.content.decode()
    assert client.post(PAGE, {"password": f" {uk('erase').upper()} "}).status_code == 302
    assert ErasureRequest.objects.filter(user=user, status=ErasureStatus.REQUESTED).exists()


def test_withdrawing_is_a_post_of_ones_own_request_only(client, asker, waiting, django_assert_max_num_queries):
    other = ParticipantFactory()
    client.force_login(other)
    assert client.get(WITHDRAW).status_code == 405
    response = client.post(WITHDRAW, follow=True)
    assert response.status_code == 200 and uk("You have no request waiting for review.") in response.content.decode()
    assert ErasureRequest.objects.get(pk=waiting.pk).status == ErasureStatus.REQUESTED  # not theirs to withdraw

    client.force_login(asker)
    with django_assert_max_num_queries(10):
        response = client.post(WITHDRAW)
    assert response.status_code == 302
    assert ErasureRequest.objects.get(pk=waiting.pk).status == ErasureStatus.WITHDRAWN


def test_the_pages_need_a_login_and_a_csrf_token(asker, waiting):
    anonymous = Client()
    assert anonymous.get(PAGE).status_code == 302
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(asker)
    assert strict.post(WITHDRAW).status_code == 403
    assert strict.post(PAGE, {"password": PASSWORD}).status_code == 403
    assert ErasureRequest.objects.get(pk=waiting.pk).status == ErasureStatus.REQUESTED


# --- The coordinator's side ----------------------------------------------------------------------------------------

def test_the_list_shows_waiting_requests_first(admin, waiting, django_assert_max_num_queries):
    done = erasure.request_erasure(user=ParticipantFactory(), keep_certificates=True)
    erasure.withdraw_erasure_request(user=done.user)
    with django_assert_max_num_queries(20):
        response = admin.get(LIST)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.index(review_url(waiting)) < page.index(review_url(done))
    assert "Олена Запитувач" in page and uk("Waiting for review") in page and uk("Withdrawn") in page


def test_the_review_says_what_will_be_erased(admin, waiting, django_assert_max_num_queries):
    with django_assert_max_num_queries(28):
        response = admin.get(review_url(waiting))
    page = response.content.decode()
    assert response.status_code == 200
    assert "olena.asker@example.org" in page and uk("Places on trainings (kept without a name, for the counts)") in page
    assert uk("Certificates that will say “issued to a person whose data was erased” (still verifiable)") in page
    assert erase_url(waiting) in page and decline_url(waiting) in page


def test_erasing_needs_the_confirmation(admin, waiting, django_assert_max_num_queries):
    with django_assert_max_num_queries(30):
        response = admin.post(erase_url(waiting), {})
    assert response.status_code == 400 and uk("Tick the box to confirm the erasure.") in response.content.decode()
    assert ErasureRequest.objects.get(pk=waiting.pk).status == ErasureStatus.REQUESTED


def test_erasing_from_the_admin(admin, coordinator, asker, waiting, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(erase_url(waiting), {"confirm": "on"}, follow=True)
    assert response.status_code == 200
    assert uk("Request #%(number)s: the person’s data is erased, and they are told by email.",
              number=waiting.pk) in response.content.decode()
    request = ErasureRequest.objects.get(pk=waiting.pk)
    assert (request.status, request.decided_by) == (ErasureStatus.ERASED, coordinator)
    assert not get_user_model().objects.get(pk=asker.pk).is_active
    assert [message.to for message in mailoutbox] == [["olena.asker@example.org"]]
    again = admin.post(erase_url(waiting), {"confirm": "on"}, follow=True)  # a second click: nothing more
    assert again.status_code == 200 and len(mailoutbox) == 1


def test_declining_needs_a_note_and_tells_the_person(admin, waiting, mailoutbox, django_capture_on_commit_callbacks):
    missing = admin.post(decline_url(waiting), {"note": "  "})
    assert missing.status_code == 400
    assert uk("Say why the request is declined: the person is told.") in missing.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(decline_url(waiting), {"note": "Звіт донору ще не прийнято"})
    assert response.status_code == 302
    assert ErasureRequest.objects.get(pk=waiting.pk).status == ErasureStatus.DECLINED
    [message] = mailoutbox
    assert "Звіт донору ще не прийнято" in message.body


def test_a_withdrawn_request_is_not_erased(admin, asker, waiting):
    erasure.withdraw_erasure_request(user=asker)
    response = admin.post(erase_url(waiting), {"confirm": "on"}, follow=True)
    assert response.status_code == 200
    assert uk("Request #%(number)s is no longer waiting for a decision: nothing was done.",
              number=waiting.pk) in response.content.decode()
    assert get_user_model().objects.get(pk=asker.pk).is_active


@pytest.mark.parametrize("who", ["trainer", "participant"])
def test_only_those_allowed_may_see_or_decide(client, who, waiting):
    user = TrainerFactory() if who == "trainer" else ParticipantFactory()
    client.force_login(user)
    for url in (LIST, review_url(waiting)):
        assert client.get(url).status_code in (302, 403)
    for url, data in ((erase_url(waiting), {"confirm": "on"}), (decline_url(waiting), {"note": "ні"})):
        assert client.post(url, data).status_code in (302, 403)
    assert ErasureRequest.objects.get(pk=waiting.pk).status == ErasureStatus.REQUESTED


def test_decisions_are_post_only_with_a_csrf_token(waiting):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(CoordinatorFactory())
    assert strict.get(erase_url(waiting)).status_code == 405
    assert strict.get(decline_url(waiting)).status_code == 405
    assert strict.post(erase_url(waiting), {"confirm": "on"}).status_code == 403
    assert ErasureRequest.objects.get(pk=waiting.pk).status == ErasureStatus.REQUESTED


def test_an_unknown_request_is_a_404(admin):
    # (Django's LocaleMiddleware tries the language-prefixed address of a 404 first: followed, still a 404.)
    assert admin.get(reverse("privacy_admin:erasure_review", args=[999999]), follow=True).status_code == 404
    assert admin.post(reverse("privacy_admin:erase", args=[999999]), {"confirm": "on"}).status_code in (302, 404)
    assert not ErasureRequest.objects.exists()


def test_the_reports_menu_counts_waiting_requests(admin, client, waiting):
    response = admin.get(reverse("wagtailadmin_home"))
    # The menu item, in the sidebar's data (JSON, so written as JSON writes it).
    assert response.status_code == 200 and json.dumps(uk("Erasure requests") + " (1)")[1:-1] in \
        response.content.decode()
    client.force_login(TrainerFactory())
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200 and json.dumps(uk("Erasure requests"))[1:-1] not in response.content.decode()
