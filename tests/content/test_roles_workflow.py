"""Trainers write pages as drafts and coordinators review them (content/roles.py), through the Wagtail admin."""

from decimal import Decimal

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from content.models import HomePage
from content.roles import COORDINATOR, TASK_NAME, WORKFLOW_NAME
from courses.models import CourseIndexPage, CoursePage, ModulePage
from tests.content.factories import add_news
from tests.content.page_editor import add_url, edit_url, module_form
from tests.helpers import assert_denied

pytestmark = pytest.mark.shared_tree  # every test here reads the same pages

# --- Trainers authoring through the admin --------------------------------------------------------

def test_trainer_can_open_a_module_editor(client, tree, trainer):
    client.force_login(trainer)
    module = tree.modules[0]

    response = client.get(edit_url(module))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="page-edit-form"' in html
    assert f'value="{module.title}"' in html
    assert 'name="action-submit"' in html
    assert 'name="action-publish"' not in html


def test_trainer_creates_a_module_as_a_draft(client, tree, trainer):
    client.force_login(trainer)

    response = client.post(add_url(ModulePage, tree.course),
                           module_form(title="Перша зустріч", slug="first-meeting"))

    module = ModulePage.objects.child_of(tree.course).get(slug="first-meeting")
    assert response.status_code == 302
    assert response["Location"] == edit_url(module)
    assert not module.live
    assert module.owner == trainer
    assert module.locale_id == tree.course.locale_id
    draft = module.get_latest_revision_as_object()
    assert draft.estimated_minutes == 25
    assert [block.block_type for block in draft.body] == ["markdown", "callout"]
    assert draft.body[1].value["title"] == "Порада"
    assert "Почніть із безпеки." in draft.body[1].value["text"].source


def test_trainer_drafts_a_course_with_audiences_and_trainers(client, tree, trainer):
    client.force_login(trainer)
    data = nested_form_data({
        "title": "Профілактика вигорання",
        "slug": "burnout-prevention",
        "summary": "Як помічати перші ознаки вигорання в собі та в команді.",
        "format": "blended",
        "delivery_language": "uk",
        "duration_hours": "6.5",
        "prerequisites": "",
        "learning_outcomes": streamfield([("outcome", "Розпізнавати ранні ознаки вигорання.")]),
        "description": streamfield([("markdown", "Курс для фахівців, які щодня працюють із травмою.")]),
        "audiences": inline_formset([{"profession": "psychologist"}, {"profession": "social_worker"}]),
        "trainers": inline_formset([{"user": str(trainer.pk), "bio": "Психолог і супервізор."}]),
        "cover_image_alt": "",
    })

    response = client.post(add_url(CoursePage, tree.catalogue), data)

    course = CoursePage.objects.child_of(tree.catalogue).get(slug="burnout-prevention")
    assert response.status_code == 302
    assert not course.live
    draft = course.get_latest_revision_as_object()
    assert draft.duration_hours == Decimal("6.5")
    assert [row.profession for row in draft.audiences.all()] == ["psychologist", "social_worker"]
    assert [(row.user_id, row.bio) for row in draft.trainers.all()] == [(trainer.pk, "Психолог і супервізор.")]
    assert [block.value for block in draft.learning_outcomes] == ["Розпізнавати ранні ознаки вигорання."]


def test_trainer_submits_a_module_for_coordinator_review(client, tree, trainer):
    client.force_login(trainer)
    client.post(add_url(ModulePage, tree.course), module_form(title="Перша зустріч", slug="first-meeting"))
    module = ModulePage.objects.get(slug="first-meeting")

    response = client.post(edit_url(module), module_form(title="Перша зустріч", slug="first-meeting",
                                                         **{"action-submit": "Submit"}))

    assert response.status_code == 302
    module.refresh_from_db()
    assert not module.live
    state = module.current_workflow_state
    assert state is not None
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == WORKFLOW_NAME
    assert state.requested_by == trainer
    task = module.current_workflow_task.specific
    assert task.name == TASK_NAME
    assert list(task.groups.values_list("name", flat=True)) == [COORDINATOR]


def test_trainer_submitting_straight_from_the_add_view_starts_review(client, tree, trainer):
    client.force_login(trainer)
    client.post(add_url(ModulePage, tree.course),
                module_form(title="Перша зустріч", slug="first-meeting", **{"action-submit": "Submit"}))

    module = ModulePage.objects.get(slug="first-meeting")
    assert not module.live
    assert module.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_trainer_publish_action_creates_only_a_draft(client, tree, trainer):
    client.force_login(trainer)
    client.post(add_url(ModulePage, tree.course),
                module_form(title="Перша зустріч", slug="first-meeting", **{"action-publish": "Publish"}))

    module = ModulePage.objects.get(slug="first-meeting")
    assert not module.live
    assert module.first_published_at is None


def test_trainer_publish_action_does_not_change_a_live_module(client, tree, trainer):
    client.force_login(trainer)
    module = tree.modules[0]

    client.post(edit_url(module), module_form(title="Змінена назва", slug=module.slug,
                                              **{"action-publish": "Publish"}))

    module.refresh_from_db()
    assert module.live
    assert module.title == "Модуль 1"
    assert module.has_unpublished_changes
    assert module.get_latest_revision_as_object().title == "Змінена назва"


@pytest.mark.parametrize("page_name", ["home", "news index", "news item"])
def test_trainer_cannot_edit_pages_outside_catalogues(client, tree, trainer, page_name):
    page = {"home": tree.home, "news index": tree.news,
            "news item": add_news(tree.news, slug="enrollment-open")}[page_name]
    client.force_login(trainer)

    assert_denied(client.get(edit_url(page)))
    assert_denied(client.post(edit_url(page), nested_form_data({"title": "Змінено", "slug": page.slug})))

    page.refresh_from_db()
    assert page.title != "Змінено"
    assert not page.revisions.filter(user=trainer).exists()


def test_trainer_cannot_add_pages_under_the_home_page(client, tree, trainer):
    client.force_login(trainer)
    response = client.post(add_url(CourseIndexPage, tree.home),
                           nested_form_data({"title": "Мої", "slug": "mine"}))
    assert_denied(response)
    assert not CourseIndexPage.objects.filter(slug="mine").exists()
    assert HomePage.objects.get(pk=tree.home.pk).get_children().count() == 2


# --- Coordinators review and publish -----------------------------------------------------------

@pytest.fixture
def submitted_module(client, tree, trainer) -> ModulePage:
    """A new module a trainer wrote and submitted for review; the client is logged out afterwards."""
    client.force_login(trainer)
    client.post(add_url(ModulePage, tree.course),
                module_form(title="Перша зустріч", slug="first-meeting", **{"action-submit": "Submit"}))
    client.logout()
    return ModulePage.objects.get(slug="first-meeting")


def test_coordinator_approval_publishes_the_module(client, submitted_module, coordinator):
    client.force_login(coordinator)
    task_state = submitted_module.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[submitted_module.pk, "approve", task_state.pk])

    response = client.post(url, {"comment": "Готово до публікації."})

    assert response.status_code == 302
    submitted_module.refresh_from_db()
    assert submitted_module.live
    assert submitted_module.title == "Перша зустріч"
    state = WorkflowState.objects.for_instance(submitted_module).get()
    assert state.status == WorkflowState.STATUS_APPROVED


def test_coordinator_can_publish_directly(client, submitted_module, coordinator):
    client.force_login(coordinator)

    client.post(edit_url(submitted_module), module_form(title="Перша зустріч", slug="first-meeting",
                                                        **{"action-publish": "Publish"}))

    submitted_module.refresh_from_db()
    assert submitted_module.live


def test_trainer_cannot_approve_their_own_submission(client, submitted_module, trainer):
    client.force_login(trainer)
    task_state = submitted_module.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[submitted_module.pk, "approve", task_state.pk])

    response = client.post(url, {"comment": ""})

    assert response.status_code in (302, 403)
    submitted_module.refresh_from_db()
    assert not submitted_module.live
    assert submitted_module.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_coordinator_rejection_sends_the_module_back(client, submitted_module, coordinator):
    client.force_login(coordinator)
    task_state = submitted_module.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[submitted_module.pk, "reject", task_state.pk])

    client.post(url, {"comment": "Додайте приклади."})

    submitted_module.refresh_from_db()
    assert not submitted_module.live
    state = WorkflowState.objects.for_instance(submitted_module).get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES

