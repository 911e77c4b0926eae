"""Open calls in the Wagtail admin (enrollments/calls/viewsets.py): the list of calls, deleting a call, the decision
emails coordinators edit (never add or delete), and who finds applications in the "Open calls" menu."""

from datetime import date, time

import pytest
from django.urls import reverse

from content.models import Call
from enrollments.calls.models import DecisionEmail
from enrollments.calls.window import kyiv_moment
from tests.content.factories import add_call
from tests.enrollments.factories import ApplicationFactory
from tests.factories import CoordinatorFactory, ReviewerFactory, TrainerFactory
from tests.helpers import text, uk

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/calls/applications/"


# --- Deleting a call -----------------------------------------------------------------------------------

def delete_url(call) -> str:
    return reverse("wagtailsnippets_content_call:delete", args=[call.pk])


def test_a_call_nothing_points_to_can_be_deleted(admin, tree):
    call = Call.objects.create(name="Помилково створений", deadline=kyiv_moment(date(2030, 3, 31), time(23, 59)))

    response = admin.post(delete_url(call))

    assert response.status_code == 302
    assert not Call.objects.filter(pk=call.pk).exists()


@pytest.mark.parametrize("with_application", [False, True])
def test_a_call_with_pages_or_applications_stays_and_the_coordinator_is_told_why(admin, tree, with_application):
    page = add_call(tree.home)
    if with_application:
        ApplicationFactory(call=page.call)

    response = admin.post(delete_url(page.call), follow=True)

    assert response.status_code == 200
    assert uk("“%(call)s” cannot be deleted: call pages or applications refer to it.",
              call=page.call.name) in text(response)
    assert Call.objects.filter(pk=page.call_id).exists()


@pytest.mark.usefixtures("reference_index")  # as on the site: Wagtail knows which pages use the call
def test_the_delete_page_of_a_call_in_use_says_where_and_offers_no_delete(admin, tree):
    page = add_call(tree.home)

    response = admin.get(delete_url(page.call))

    assert response.status_code == 200
    assert reverse("wagtailsnippets_content_call:usage", args=[page.call.pk]) in text(response)  # "referenced 1 time"
    assert f'action="{delete_url(page.call)}"' not in text(response)


# --- Decision emails ----------------------------------------------------------------------------------

def edit_url(kind: str) -> str:
    return reverse("decision_emails:edit", args=[DecisionEmail.objects.get(kind=kind).pk])


def form(**fields) -> dict:
    data = {"subject_uk": "Тема {call}", "body_uk": "Текст для {name}", "subject_en": "Subject {call}",
            "body_en": "Text for {name}"}
    return {**data, **fields}


def test_coordinators_edit_a_template_in_the_admin(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("decision_emails:index"))
    assert response.status_code == 200 and "Вітаємо! Вас відібрано: «{call}»" in text(response)
    response = client.post(edit_url("accepted"), form())
    assert response.status_code == 302
    assert DecisionEmail.objects.get(kind="accepted").body_uk == "Текст для {name}"


def test_an_unknown_placeholder_is_refused_in_the_admin(client, coordinator):
    client.force_login(coordinator)
    response = client.post(edit_url("accepted"), form(body_en="Hello {nmae}"))
    assert response.status_code == 200
    assert "{nmae}" in text(response)
    assert DecisionEmail.objects.get(kind="accepted").body_en != "Hello {nmae}"


def test_there_is_no_adding_or_deleting_decision_emails(client, coordinator):
    from django.urls import NoReverseMatch

    client.force_login(coordinator)
    for name in ("decision_emails:add", "decision_emails:delete"):
        with pytest.raises(NoReverseMatch):
            reverse(name, args=[] if name.endswith("add") else [1])
    assert client.get("/admin/calls/emails/new/", follow=True).status_code == 404


def test_reviewers_cannot_edit_the_templates(client, db):

    client.force_login(ReviewerFactory())
    response = client.get(edit_url("accepted"))
    assert response.status_code == 302 and response["Location"] == "/admin/"


# --- The menu -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["reviewer", "coordinator"])
def test_reviewers_and_coordinators_find_applications_in_the_menu(client, db, role):
    client.force_login(ReviewerFactory() if role == "reviewer" else CoordinatorFactory())
    assert LIST_URL in text(client.get("/admin/"))


def test_trainers_do_not_find_applications_in_the_menu(client, db):
    client.force_login(TrainerFactory())
    page = text(client.get("/admin/"))
    assert LIST_URL not in page and "/admin/calls/emails/" not in page


def test_the_list_of_calls_shows_their_moments_in_kyiv_time(admin, tree):
    add_call(tree.home, title="Вчителі", opens_at=kyiv_moment(date(2030, 3, 1), time(9)),
             deadline=kyiv_moment(date(2030, 3, 31), time(23, 59)))

    response = admin.get("/admin/calls/rules/")

    assert response.status_code == 200
    assert "01.03.2030 09:00" in text(response) and "31.03.2030 23:59" in text(response)
