"""The three roles, as the data migration sets them up, exercised through the real Wagtail admin."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from wagtail.models import (
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from content.models import HomePage
from content.roles import (
    COORDINATOR,
    COORDINATOR_PERMISSIONS,
    COORDINATOR_SESSION_PERMISSIONS,
    PARTICIPANT,
    ROLES,
    TASK_NAME,
    TRAINER,
    WORKFLOW_NAME,
    configure_roles,
)
from courses.models import CourseIndexPage, CoursePage, ModulePage
from tests.content.factories import add_news
from tests.courses.factories import translate_tree
from tests.factories import TrainerFactory

ADMIN_HOME = "/admin/"


def edit_url(page: Page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def add_url(model: type[Page], parent: Page) -> str:
    return reverse("wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk])


def module_form(*, title: str, slug: str, **actions) -> dict:
    """POST data for the module edit form, as the admin's JavaScript would submit it."""
    return nested_form_data({
        "title": title,
        "slug": slug,
        "summary": "Як підготуватися до першої зустрічі з родиною.",
        "estimated_minutes": "25",
        "body": streamfield([
            ("markdown", "## Вступ\n\nПерша зустріч визначає, чи стане план реалістичним."),
            ("callout", {"kind": "tip", "title": "Порада", "text": rich_text("<p>Почніть із безпеки.</p>")}),
        ]),
        **actions,
    })


def assert_denied(response) -> None:
    """Wagtail answers a forbidden admin page with a redirect to the dashboard (or a 403)."""
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] == ADMIN_HOME


def trainer_page_codenames(page: Page) -> set[str]:
    return set(
        GroupPagePermission.objects.filter(group__name=TRAINER, page=page)
        .values_list("permission__codename", flat=True)
    )


# --- What the migration set up ------------------------------------------------------------------

def test_migration_creates_the_three_role_groups(db):
    assert set(Group.objects.filter(name__in=ROLES).values_list("name", flat=True)) == {
        PARTICIPANT, TRAINER, COORDINATOR,
    }


def test_wagtail_stock_groups_are_removed(db):
    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()


def test_coordinator_review_workflow_guards_the_whole_tree(db):
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    assert workflow.active
    assert WorkflowPage.objects.get(page=Page.get_first_root_node()).workflow == workflow
    [task] = [task.specific for task in workflow.tasks]
    assert isinstance(task, GroupApprovalTask)
    assert task.name == TASK_NAME
    assert task.active
    assert list(task.groups.values_list("name", flat=True)) == [COORDINATOR]
    assert list(Workflow.objects.filter(active=True)) == [workflow]


def test_configuring_roles_again_changes_nothing(db):
    """The migration's function is idempotent, so re-running it (e.g. after a squash) duplicates nothing."""
    state_apps = MigrationExecutor(connection).loader.project_state().apps
    tables = (Group, Permission, GroupPagePermission, GroupCollectionPermission, Workflow, WorkflowPage,
              WorkflowTask, Task)
    before = {model.__name__: model.objects.count() for model in tables}

    configure_roles(state_apps)

    assert {model.__name__: model.objects.count() for model in tables} == before


def test_every_page_falls_under_the_coordinator_workflow(tree):
    for page in (tree.home, tree.catalogue, tree.course, tree.modules[0], tree.news):
        assert page.get_workflow().name == WORKFLOW_NAME


def test_participants_have_no_permissions(participant):
    assert participant.get_all_permissions() == set()
    assert not participant.has_perm("wagtailadmin.access_admin")


def test_trainer_may_use_the_admin_but_not_manage_users(trainer):
    assert trainer.has_perm("wagtailadmin.access_admin")
    assert not trainer.has_perm("auth.add_user")
    assert not trainer.has_perm("auth.change_user")


def test_coordinator_may_manage_users_topics_and_settings(coordinator):
    assert coordinator.has_perms([
        "wagtailadmin.access_admin", "auth.add_user", "auth.change_user", "courses.change_topic",
        "content.change_sitesettings",
    ])


def test_coordinator_group_has_the_session_permissions(coordinator):
    assert set(COORDINATOR_SESSION_PERMISSIONS) <= set(COORDINATOR_PERMISSIONS)
    codenames = set(Group.objects.get(name=COORDINATOR).permissions.values_list("content_type__app_label",
                                                                                "codename"))
    assert set(COORDINATOR_SESSION_PERMISSIONS) <= codenames
    assert coordinator.has_perms(["enrollments.add_trainingsession", "enrollments.change_trainingsession",
                                  "enrollments.view_enrollment", "enrollments.change_enrollment"])
    assert not coordinator.has_perm("enrollments.delete_trainingsession")


# --- Page permissions on course catalogues -------------------------------------------------------

def test_trainer_may_add_and_edit_but_not_publish_in_the_catalogue(tree, trainer):
    assert trainer_page_codenames(tree.catalogue) == {"add_page", "change_page"}
    module = tree.modules[0].permissions_for_user(trainer)
    assert module.can_edit()
    assert not module.can_publish()
    catalogue = tree.catalogue.permissions_for_user(trainer)
    assert catalogue.can_add_subpage()
    assert not catalogue.can_publish_subpage()


def test_trainer_may_not_touch_pages_outside_catalogues(tree, trainer):
    news = add_news(tree.news, slug="enrollment-open")
    for page in (tree.home, tree.news, news):
        permissions = page.permissions_for_user(trainer)
        assert not permissions.can_edit(), page.title
        assert not permissions.can_add_subpage(), page.title


def test_translated_catalogue_opens_to_trainers(tree, trainer):
    english = translate_tree(tree)
    assert english.catalogue.pk != tree.catalogue.pk
    assert trainer_page_codenames(english.catalogue) == {"add_page", "change_page"}
    assert english.modules[0].permissions_for_user(trainer).can_edit()
    assert not english.modules[0].permissions_for_user(trainer).can_publish()


def test_catalogue_created_in_the_admin_opens_to_trainers(client, tree, coordinator):
    client.force_login(coordinator)
    response = client.post(add_url(CourseIndexPage, tree.home), nested_form_data({
        "title": "Курси для партнерів", "slug": "partner-courses", "intro": "Навчання для громад-партнерів.",
    }))

    assert response.status_code == 302
    catalogue = CourseIndexPage.objects.get(slug="partner-courses")
    assert catalogue.get_parent().pk == tree.home.pk
    assert trainer_page_codenames(catalogue) == {"add_page", "change_page"}


def test_catalogue_copied_in_the_admin_opens_to_trainers(client, tree, coordinator, trainer):
    """The hooks promise access "whichever way it was created"; copying is one of those ways."""
    client.force_login(coordinator)
    response = client.post(reverse("wagtailadmin_pages:copy", args=[tree.catalogue.pk]), {
        "new_title": "Курси (копія)", "new_slug": "courses-copy", "new_parent_page": tree.home.pk,
        "copy_subpages": "on", "publish_copies": "on",
    })

    assert response.status_code == 302
    copy = CourseIndexPage.objects.get(slug="courses-copy")
    assert trainer_page_codenames(copy) == {"add_page", "change_page"}
    copied_module = ModulePage.objects.descendant_of(copy).first()
    assert copied_module.permissions_for_user(trainer).can_edit()


def test_every_catalogue_is_open_to_trainers(tree, client, coordinator):
    translate_tree(tree)
    client.force_login(coordinator)
    client.post(add_url(CourseIndexPage, tree.home), nested_form_data({"title": "Ще курси", "slug": "more"}))
    catalogues = CourseIndexPage.objects.all()
    assert catalogues.count() == 3
    for catalogue in catalogues:
        assert trainer_page_codenames(catalogue) == {"add_page", "change_page"}, catalogue.url_path


# --- Participants and the admin ------------------------------------------------------------------

def test_participant_cannot_open_the_admin(client, participant):
    client.force_login(participant)
    response = client.get(ADMIN_HOME)
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/accounts/login/" in response["Location"]


def test_participant_cannot_open_a_page_editor(client, tree, participant):
    client.force_login(participant)
    response = client.get(edit_url(tree.modules[0]))
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/accounts/login/" in response["Location"]


def test_anonymous_visitor_is_sent_to_the_allauth_login(client, db):
    response = client.get(ADMIN_HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


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


# --- User management -------------------------------------------------------------------------------

def test_trainer_cannot_open_user_management(client, trainer):
    client.force_login(trainer)
    assert_denied(client.get(reverse("wagtailusers_users:index")))
    assert_denied(client.get(reverse("wagtailusers_users:add")))


def test_coordinator_can_manage_users(client, coordinator):
    trainer = TrainerFactory(first_name="Андрій", last_name="Мельник")
    client.force_login(coordinator)

    response = client.get(reverse("wagtailusers_users:index"))

    assert response.status_code == 200
    assert "Андрій Мельник" in response.content.decode()
    assert trainer in response.context["object_list"]
    edit = client.get(reverse("wagtailusers_users:edit", args=[trainer.pk]))
    assert edit.status_code == 200
    assert 'value="Мельник"' in edit.content.decode()
