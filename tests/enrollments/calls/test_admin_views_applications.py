"""The applications admin as reviewers and coordinators read it (enrollments/calls/admin_views.py): the list, one
application, and who gets in. Scoring and deciding there is test_admin_views_decisions.py."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from enrollments.calls.models import ApplicationChange, ApplicationFile
from tests.content.factories import add_call, question_ids
from tests.enrollments.calls.reviewing import apply, submit_review
from tests.factories import ParticipantFactory, ReviewerFactory, TrainerFactory
from tests.helpers import text, uk

pytestmark = pytest.mark.shared_tree  # every test here reads the same pages

LIST_URL = "/admin/calls/applications/"
LIST_QUERIES = 17  # measured 14 with 1 application and with 12, each with a review; +1: the access log's INSERT
DETAIL_QUERIES = 19  # measured 16 with 1 review and with 6, with a file and history; +1: the access log's INSERT
HIDDEN = uk("after your review")


@pytest.fixture
def call(tree):
    return add_call(tree.home, title="Вчителі для команди")


@pytest.fixture
def reviewer(db):
    return ReviewerFactory(first_name="Ірина", last_name="Рецензентка")


def detail_url(application, call=None) -> str:
    return reverse("calls_admin:application", args=[(call or application.call).pk, application.pk])


def list_of(client, **params):
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    return response


# --- The list ------------------------------------------------------------------------------------

def test_reviewers_see_applications_without_the_average_until_they_review(client, call, reviewer):
    application = apply(call, name="Марія Бондар", community="Марганецька громада")
    submit_review(application, ReviewerFactory(), 5, 5)
    client.force_login(reviewer)
    page = text(list_of(client))
    assert "Марія Бондар" in page and "Марганецька громада" in page and "Вчителі для команди" in page
    assert uk("Teacher") in page and "1. Письмова заявка" in page and uk("Not reviewed") in page
    assert HIDDEN in page and "100,0" not in page
    assert application.applicant.email not in page and "Профіль: не для рецензентів" not in page
    assert "bulk-move" not in page and "export" not in page

    submit_review(application, reviewer, 3, 3)
    page = text(list_of(client))
    assert HIDDEN not in page and "80,0" in page  # (100 + 60) / 2, side by side with the count
    assert uk("Submitted") in page


def test_coordinators_see_averages_bulk_actions_and_exports_for_one_call(client, call, coordinator):
    application = apply(call, name="Марія Бондар")
    submit_review(application, ReviewerFactory(), 5, 2)
    client.force_login(coordinator)
    page = text(list_of(client, call=call.call_id))
    assert "80,0" in page and HIDDEN not in page
    assert reverse("calls_admin:bulk_move", args=[call.call_id]) in page
    assert reverse("calls_admin:export_applications", args=[call.call_id, "xlsx"]) in page
    assert reverse("calls_admin:export_team", args=[call.call_id, "csv"]) in page
    assert f'value="{application.pk}"' in page


def test_drafts_are_never_listed_and_withdrawn_only_for_coordinators(client, call, reviewer, coordinator):
    apply(call, name="Чернетка", status="draft", submitted_at=None)
    apply(call, name="Відкликана", status="withdrawn")
    apply(call, name="Подана")
    client.force_login(reviewer)
    page = text(list_of(client))
    assert "Подана" in page and "Чернетка" not in page and "Відкликана" not in page
    client.force_login(coordinator)
    page = text(list_of(client))
    assert "Подана" in page and "Відкликана" in page and "Чернетка" not in page


@pytest.mark.parametrize(("params", "shown"), [
    ({}, {"Перша", "Друга", "Третя", "Інший конкурс"}),
    ({"stage": "1"}, {"Друга"}),
    ({"status": "shortlisted"}, {"Третя"}),
    ({"community": "Криворізька громада"}, {"Третя"}),
    ({"call": "CALL"}, {"Перша", "Друга", "Третя"}),
    ({"call": "CALL", "stage": "0", "status": "submitted"}, {"Перша"}),
])
def test_filters_by_call_stage_status_and_community(client, tree, call, coordinator, params, shown):
    apply(call, name="Перша")
    apply(call, name="Друга", stage=1)
    apply(call, name="Третя", status="shortlisted", community="Криворізька громада")
    apply(add_call(tree.home, slug="other", title="Психологи"), name="Інший конкурс")
    client.force_login(coordinator)
    params = {name: str(call.call_id) if value == "CALL" else value for name, value in params.items()}
    page = text(list_of(client, **params))
    assert {name for name in ("Перша", "Друга", "Третя", "Інший конкурс") if f">{name}</a>" in page} == shown


def test_the_list_pages_through_keeping_its_filters(client, call, coordinator, monkeypatch):
    from enrollments.calls import admin_views

    monkeypatch.setattr(admin_views, "PER_PAGE", 2)
    for n in range(3):
        apply(call, name=f"Заявниця {n}", submitted_at=timezone.now() - timedelta(days=n))
    client.force_login(coordinator)
    first = text(list_of(client, call=call.call_id))
    assert "Заявниця 0" in first and "Заявниця 2" not in first
    assert f"?call={call.call_id}&amp;p=2" in first or f"?call={call.call_id}&p=2" in first
    second = text(list_of(client, call=call.call_id, p=2))
    assert "Заявниця 2" in second and "Заявниця 0" not in second


def test_the_stage_filter_names_the_chosen_calls_stages(client, call, coordinator):
    apply(call)
    client.force_login(coordinator)
    assert "1. Письмова заявка" not in text(list_of(client)).split("</select>")[1]
    page = text(list_of(client, call=call.call_id))
    assert '<option value="1">2. Співбесіда</option>' in page


@pytest.mark.parametrize("count", [1, 12])
def test_list_queries_do_not_grow_with_applications(client, call, coordinator, count, django_assert_max_num_queries):
    for n in range(count):
        application = apply(call, name=f"Заявниця {n}")
        submit_review(application, ReviewerFactory(), 4, 4)
    client.force_login(coordinator)
    with django_assert_max_num_queries(LIST_QUERIES):
        page = text(list_of(client, call=call.call_id))
    assert f"Заявниця {count - 1}" in page


# --- One application -----------------------------------------------------------------------------

@pytest.fixture
def application(call, coordinator):
    ids = question_ids(call)
    application = apply(call, name="Марія Бондар", answers={
        ids["short_text"]: "Вчителька математики", ids["long_text"]: "Хочу =допомагати дітям.",
        ids["choice"]: "До 1 року", ids["consent"]: True})
    ApplicationFile.objects.create(application=application, question_id=ids["file"],
                                   file=ContentFile(b"%PDF-1.4", name="letter.pdf"),
                                   original_name="Мотиваційний лист.pdf", content_type="application/pdf", size=8)
    ApplicationChange.objects.create(application=application, changed_by=application.applicant,
                                     changed_at=application.submitted_at,
                                     from_status="draft", to_status="submitted", from_stage=0, to_stage=0)
    return application


def test_detail_shows_answers_files_and_history(client, application, reviewer):
    client.force_login(reviewer)
    response = client.get(detail_url(application))
    page = text(response)
    assert response.status_code == 200
    for snippet in ("Марія Бондар", "Ваша посада", "Вчителька математики", "Хочу =допомагати дітям.",
                    "До 1 року", "Мотиваційний лист.pdf", "1. Письмова заявка"):
        assert snippet in page
    file = application.files.get()
    assert reverse("call_application_file", args=[file.pk]) in page
    history = page.split('id="history-heading"', 1)[1]
    assert f"<td>{uk('The applicant')}</td>" in history and "→" in history
    assert application.applicant.email not in page and "Профіль: не для рецензентів" not in page
    assert application.applicant.username not in history


def test_a_reviewer_sees_others_marks_only_after_submitting(client, application, reviewer):
    submit_review(application, ReviewerFactory(first_name="Інший", last_name="Рецензент"), 5, 2,
                  comment="Секретний коментар")
    client.force_login(reviewer)
    page = text(client.get(detail_url(application)))
    assert "Секретний коментар" not in page and "Інший Рецензент" not in page and "80,0" not in page
    assert reverse("calls_admin:review", args=[application.call.pk, application.pk]) in page
    submit_review(application, reviewer, 3, 3, comment="Мій коментар")
    page = text(client.get(detail_url(application)))
    assert "Секретний коментар" in page and "Інший Рецензент" in page and "Мій коментар" in page
    assert "80,0" in page and "60,0" in page and "70,0" in page  # totals and their average side by side
    assert reverse("calls_admin:review", args=[application.call.pk, application.pk]) not in page


def test_coordinators_see_every_review_the_email_and_the_decisions(client, application, coordinator):
    submit_review(application, ReviewerFactory(), 5, 2, comment="Видно координаторові")
    client.force_login(coordinator)
    page = text(client.get(detail_url(application)))
    assert "Видно координаторові" in page and application.applicant.email in page
    assert reverse("calls_admin:move", args=[application.call.pk, application.pk]) in page
    assert 'value="next_stage"' in page and 'value="accept"' in page and 'value="reopen"' not in page


def test_reviewers_are_offered_no_decisions(client, application, reviewer):
    client.force_login(reviewer)
    page = text(client.get(detail_url(application)))
    assert reverse("calls_admin:move", args=[application.call.pk, application.pk]) not in page


@pytest.mark.parametrize("reviews", [1, 6])
def test_detail_queries_do_not_grow_with_reviews(client, application, coordinator, reviews,
                                                 django_assert_max_num_queries):
    for _ in range(reviews):
        submit_review(application, ReviewerFactory(), 4, 4)
    client.force_login(coordinator)
    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(detail_url(application))
    assert response.status_code == 200 and "80,0" in text(response)


def test_an_application_under_another_calls_id_is_not_found(client, tree, application, coordinator):
    other = add_call(tree.home, slug="other")
    client.force_login(coordinator)
    assert client.get(detail_url(application, call=other), follow=True).status_code == 404
    assert client.get(reverse("calls_admin:application", args=[application.call.pk, 999999]),
                      follow=True).status_code == 404


def test_a_draft_is_not_found_even_for_coordinators(client, call, coordinator):
    draft = apply(call, status="draft", submitted_at=None)
    client.force_login(coordinator)
    assert client.get(detail_url(draft), follow=True).status_code == 404


def test_a_withdrawn_application_is_hidden_from_reviewers(client, call, reviewer):
    withdrawn = apply(call, status="withdrawn")
    client.force_login(reviewer)
    assert client.get(detail_url(withdrawn), follow=True).status_code == 404


# --- Who gets in ---------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["anonymous", "participant", "applicant", "trainer"])
def test_only_reviewers_and_coordinators_reach_applications(client, application, role):
    user = {"anonymous": None, "participant": ParticipantFactory, "applicant": lambda: application.applicant,
            "trainer": TrainerFactory}[role]
    if user:
        client.force_login(user())
    for url in (LIST_URL, detail_url(application)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == "/admin/" if role == "trainer" else "/login/" in response["Location"]
