"""The three roles, as Django groups, and what each may do.

Participant: learns; no admin access.
Trainer: Wagtail admin; creates and edits course and module pages inside course catalogues and
    submits them for moderation, but cannot publish.
Coordinator: publishes, approves moderation requests, manages site content, images, documents,
    topics, users and translations.
Reviewer (open calls): Wagtail admin; reads the applications to open calls and scores them on the
    call's rubric; sees the other reviewers' marks only after submitting their own; decides nothing.

`configure_roles` is written against the migration app registry so the data migration can run
it; `grant_trainer_catalogue_access` is called whenever a course catalogue page is created.
"""

PARTICIPANT = "Participant"
TRAINER = "Trainer"
COORDINATOR = "Coordinator"
ROLES = (PARTICIPANT, TRAINER, COORDINATOR)
REVIEWER = "Reviewer"  # created with its permissions by migration 0008 (`configure_reviewers`)

WORKFLOW_NAME = "Coordinator review"
TASK_NAME = "Coordinator approval"

TRAINER_PAGE_PERMISSIONS = ("add_page", "change_page")
COORDINATOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page",
                                "unlock_page")

# (app_label, codename) model permissions per role.
TRAINER_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("simple_translation", "submit_translation"),
)
# Training sessions in the admin: schedule and edit them, see and manage who holds a place, import
# participants. Granted by migration 0004 (`grant_coordinator_session_permissions`), once the models exist.
COORDINATOR_SESSION_PERMISSIONS = (
    ("enrollments", "add_trainingsession"), ("enrollments", "change_trainingsession"),
    ("enrollments", "view_trainingsession"),
    ("enrollments", "add_enrollment"), ("enrollments", "change_enrollment"), ("enrollments", "view_enrollment"),
    ("enrollments", "view_attendance"), ("enrollments", "view_attendancechange"),
)
# Certificates: rules and settings, bulk runs, and revoking or reissuing (changing) a certificate.
# Granted by certificates migration 0002. Nobody gets add/delete on certificates: only the services issue them.
COORDINATOR_CERTIFICATE_PERMISSIONS = (
    ("certificates", "add_certificaterule"), ("certificates", "change_certificaterule"),
    ("certificates", "view_certificaterule"), ("certificates", "delete_certificaterule"),
    ("certificates", "view_certificate"), ("certificates", "change_certificate"),
    ("certificates", "add_issuingbatch"), ("certificates", "view_issuingbatch"),
    ("certificates", "change_certificatesettings"),
)
# Open calls. view_application: the applications list and pages; add_review: scoring; view_review: every
# reviewer's marks without scoring first; change_application: decisions (moves, acceptance) and exports;
# the decision emails' texts. Granted by migration 0008 (`configure_reviewers`).
REVIEWER_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("enrollments", "view_application"), ("enrollments", "add_review"),
)
COORDINATOR_CALL_PERMISSIONS = (
    ("enrollments", "view_application"), ("enrollments", "change_application"),
    ("enrollments", "add_review"), ("enrollments", "view_review"),
    ("enrollments", "view_decisionemail"), ("enrollments", "change_decisionemail"),
)
# A call's rules (content.Call: window, places, eligibility, sessions, stages, rubric), under Open calls → Calls.
# Granted by content migration 0005 (`grant_coordinator_call_rule_permissions`).
COORDINATOR_CALL_RULE_PERMISSIONS = (
    ("content", "add_call"), ("content", "change_call"), ("content", "view_call"), ("content", "delete_call"),
)
COORDINATOR_PERMISSIONS = TRAINER_PERMISSIONS + (
    ("courses", "add_topic"), ("courses", "change_topic"), ("courses", "delete_topic"),
    ("content", "change_sitesettings"),
    ("wagtailcore", "add_locale"), ("wagtailcore", "change_locale"),
    ("auth", "add_user"), ("auth", "change_user"),
) + COORDINATOR_SESSION_PERMISSIONS
TRAINER_COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"), ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"), ("wagtaildocs", "choose_document"),
)
COORDINATOR_COLLECTION_PERMISSIONS = TRAINER_COLLECTION_PERMISSIONS + (
    ("wagtailimages", "change_image"), ("wagtailimages", "delete_image"),
    ("wagtaildocs", "change_document"), ("wagtaildocs", "delete_document"),
)


def _permission(apps, app_label: str, codename: str):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def configure_roles(apps) -> None:
    """Create the groups, their permissions and the coordinator moderation workflow. Idempotent."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLES}
    groups[TRAINER].permissions.add(*(_permission(apps, *p) for p in TRAINER_PERMISSIONS))
    # The session permissions are left to grant_coordinator_session_permissions: when migration 0002 runs,
    # the session models (and so their permissions) do not exist yet.
    groups[COORDINATOR].permissions.add(*(_permission(apps, *p) for p in COORDINATOR_PERMISSIONS
                                          if p not in COORDINATOR_SESSION_PERMISSIONS))

    root_collection = Collection.objects.filter(depth=1).first()
    for role, perms in ((TRAINER, TRAINER_COLLECTION_PERMISSIONS), (COORDINATOR, COORDINATOR_COLLECTION_PERMISSIONS)):
        for perm in perms:
            GroupCollectionPermission.objects.get_or_create(
                group=groups[role], collection=root_collection, permission=_permission(apps, *perm)
            )

    root_page = Page.objects.get(depth=1)
    for codename in COORDINATOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=groups[COORDINATOR], page=root_page, permission=_permission(apps, "wagtailcore", codename)
        )
    _configure_workflow(apps, coordinators=groups[COORDINATOR], root_page=root_page)

    # Wagtail's stock groups would confuse the three roles above; their default workflow goes with them.
    Group.objects.filter(name__in=["Moderators", "Editors"]).delete()


def _configure_workflow(apps, *, coordinators, root_page) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    content_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task, _ = GroupApprovalTask.objects.get_or_create(
        name=TASK_NAME, defaults={"content_type": content_type, "active": True}
    )
    task.groups.set([coordinators])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})
    Workflow.objects.exclude(pk=workflow.pk).filter(workflow_pages__isnull=True).update(active=False)


def grant_trainer_catalogue_access(catalogue_page) -> None:
    """Trainers may add and edit pages under a course catalogue (never publish)."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    trainers = Group.objects.get(name=TRAINER)
    for codename in TRAINER_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=trainers, page=catalogue_page,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )


def grant_coordinator_session_permissions(apps) -> None:
    """Let coordinators manage training sessions and their participants in the admin. Idempotent."""
    _grant_coordinators(apps, "enrollments", COORDINATOR_SESSION_PERMISSIONS)


def grant_coordinator_certificate_permissions(apps) -> None:
    """Let coordinators set certificate rules and settings, issue in bulk, revoke and reissue. Idempotent."""
    _grant_coordinators(apps, "certificates", COORDINATOR_CERTIFICATE_PERMISSIONS)


def grant_coordinator_call_rule_permissions(apps) -> None:
    """Let coordinators set calls' rules (content.Call). Idempotent."""
    _grant_coordinators(apps, "content", COORDINATOR_CALL_RULE_PERMISSIONS)


COORDINATOR_PRIVACY_PERMISSIONS = (
    ("enrollments", "view_erasurerequest"),
    ("enrollments", "execute_erasure"),
    ("enrollments", "view_accessrecord"),
    ("enrollments", "read_access_log"),
)


def grant_coordinator_privacy_permissions(apps) -> None:
    """Let coordinators review and carry out erasure requests and read the access log. Idempotent."""
    _grant_coordinators(apps, "enrollments", COORDINATOR_PRIVACY_PERMISSIONS)


def configure_reviewers(apps) -> None:
    """Create the Reviewer group and let reviewers and coordinators work on applications. Idempotent."""
    _grant_coordinators(apps, "enrollments", COORDINATOR_CALL_PERMISSIONS)
    Group = apps.get_model("auth", "Group")
    reviewers, _ = Group.objects.get_or_create(name=REVIEWER)
    reviewers.permissions.add(*(_permission(apps, *p) for p in REVIEWER_PERMISSIONS))


def _grant_coordinators(apps, app_label: str, permissions) -> None:
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    coordinators, _ = Group.objects.get_or_create(name=COORDINATOR)
    coordinators.permissions.add(*(_permission(apps, *p) for p in permissions))


def has_admin_access(user) -> bool:
    """`user.has_perm("wagtailadmin.access_admin")` in at most one query (Django's backend reads the user's own and
    their groups' permissions apart): active superusers always, inactive people and visitors never, others when
    they or one of their groups hold the permission."""
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    if not getattr(user, "is_active", False):
        return False
    if user.is_superuser:
        return True
    if hasattr(user, "_perm_cache"):  # already read in this request: no query at all
        return user.has_perm("wagtailadmin.access_admin")
    return (Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
            .filter(Q(user=user) | Q(group__user=user)).exists())


ADMIN_LINK_SECONDS = 300


def admin_link_key(user_id: int) -> str:
    return f"admin-link:{user_id}"


def shows_admin_link(user) -> bool:
    """Whether the site's header links to the admin: `has_admin_access`, kept for five minutes per person in the
    shared cache, and forgotten at once when their groups or own permissions change (content/receivers.py). Only
    the link can lag; the admin checks the permission itself on every request."""
    from django.core.cache import cache

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    key = admin_link_key(user.pk)
    shown = cache.get(key)
    if shown is None:
        shown = has_admin_access(user)
        cache.set(key, shown, ADMIN_LINK_SECONDS)
    return shown

