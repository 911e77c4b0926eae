"""Marking a module complete or not (enrollments/views.py): posts only, safe redirects, one row, CSRF."""

import pytest
from django.test import Client

from enrollments.models import ModuleCompletion
from tests.enrollments.paths import LOGIN_URL, complete_url, reopen_url
from tests.helpers import text, uk

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", [complete_url, reopen_url])
def test_completion_views_accept_only_post(learner, tree, url):
    response = learner.get(url(tree.modules[0]))

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert not ModuleCompletion.objects.exists()


def test_anonymous_completion_goes_to_log_in_and_records_nothing(client, tree):
    module = tree.modules[0]

    response = client.post(complete_url(module), {"next": module.url})

    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN_URL}?next=")
    assert not ModuleCompletion.objects.exists()


def test_marking_complete_records_it_and_goes_to_next(learner, participant, tree):
    first, second = tree.modules

    response = learner.post(complete_url(first), {"next": second.url}, follow=True)

    assert response.redirect_chain == [(second.url, 302)]
    assert response.status_code == 200
    assert uk("“%(title)s” is marked as complete.", title="Модуль 1") in text(response)
    completion = ModuleCompletion.objects.get(user=participant)
    assert completion.module_key == first.translation_key
    assert completion.course_key == tree.course.translation_key


def test_marking_complete_twice_keeps_one_row(learner, participant, tree):
    module = tree.modules[0]

    learner.post(complete_url(module))
    response = learner.post(complete_url(module))

    assert response.status_code == 302
    assert ModuleCompletion.objects.filter(user=participant).count() == 1


@pytest.mark.parametrize("evil", [
    "https://evil.example/",
    "//evil.example/phish",
    "http://evil.example/uk/learning/",
])


def test_external_next_is_ignored(learner, participant, tree, evil):
    module = tree.modules[0]

    response = learner.post(complete_url(module), {"next": evil})

    assert response.status_code == 302
    assert response["Location"] == module.url
    assert ModuleCompletion.objects.filter(user=participant).count() == 1


def test_reopen_removes_the_completion(learner, participant, tree):
    module = tree.modules[0]
    learner.post(complete_url(module))

    response = learner.post(reopen_url(module), {"next": tree.course.url}, follow=True)

    assert response.redirect_chain == [(tree.course.url, 302)]
    assert uk("“%(title)s” is no longer marked as complete.", title="Модуль 1") in text(response)
    assert not ModuleCompletion.objects.filter(user=participant).exists()


@pytest.mark.parametrize("url", [complete_url, reopen_url])
def test_unknown_module_is_404(learner, tree, url):
    class Missing:
        pk = 999_999

    response = learner.post(url(Missing))

    assert response.status_code == 404
    assert uk("Page not found") in text(response)
    assert not ModuleCompletion.objects.exists()


def test_course_page_id_is_not_a_module(learner, tree):
    response = learner.post(complete_url(tree.course))

    assert response.status_code == 404
    assert not ModuleCompletion.objects.exists()


def test_unpublished_module_is_404(learner, tree):
    module = tree.modules[0]
    module.unpublish()

    response = learner.post(complete_url(module))

    assert response.status_code == 404
    assert uk("Page not found") in text(response)
    assert not ModuleCompletion.objects.exists()


def test_csrf_token_is_required(participant, tree):
    client = Client(enforce_csrf_checks=True)
    client.force_login(participant)
    module = tree.modules[0]

    refused = client.post(complete_url(module))

    assert refused.status_code == 403
    assert uk("Forbidden") in text(refused)
    assert not ModuleCompletion.objects.exists()

    page = client.get(module.url)
    token = page.cookies["csrftoken"].value
    accepted = client.post(complete_url(module), {"csrfmiddlewaretoken": token})
    assert accepted.status_code == 302
    assert ModuleCompletion.objects.filter(user=participant).count() == 1
