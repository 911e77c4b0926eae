"""The three roles (content/roles.py): what the migration sets up, page permissions, who opens the admin."""

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
    WorkflowTask,
)
from wagtail.test.utils.form_data import nested_form_data

from content.roles import (
    COORDINATOR,
    COORDINATOR_PERMISSIONS,
    COORDINATOR_SESSION_PERMISSIONS,
    PARTICIPANT,
    REVIEWER,
    ROLES,
    TASK_NAME,
    TRAINER,
    WORKFLOW_NAME,
    configure_roles,
)
from courses.models import CourseIndexPage, ModulePage
from enrollments.calls.review import SHOWN_TO_REVIEWERS
from tests.content.factories import add_news
from tests.content.page_editor import add_url, edit_url
from tests.courses.factories import translate_tree
from tests.factories import TrainerFactory
from tests.helpers import ADMIN_HOME, assert_denied


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


def test_only_coordinators_carry_out_erasure_and_read_the_access_log(coordinator, trainer):
    privacy = ["enrollments.execute_erasure", "enrollments.read_access_log"]
    assert coordinator.has_perms(privacy)
    assert not any(trainer.has_perm(permission) for permission in privacy)


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


def test_the_reviewer_role_is_set_up_by_the_migration(db):
    reviewers = set(Group.objects.get(name=REVIEWER).permissions.values_list("codename", flat=True))
    coordinators = set(Group.objects.get(name=COORDINATOR).permissions.values_list("codename", flat=True))
    assert reviewers == {"access_admin", "view_application", "add_review"}
    assert {"view_application", "change_application", "add_review", "view_review", "view_decisionemail",
            "change_decisionemail"} <= coordinators
    assert SHOWN_TO_REVIEWERS  # reviewers read what enrollments/calls/review.py shows them



def test_coordinators_set_the_calls_rules(db):
    coordinators = set(Group.objects.get(name=COORDINATOR).permissions.filter(content_type__app_label="content")
                       .values_list("codename", flat=True))
    assert {"add_call", "change_call", "view_call", "delete_call"} <= coordinators
    assert not Group.objects.get(name=REVIEWER).permissions.filter(codename__endswith="_call").exists()
