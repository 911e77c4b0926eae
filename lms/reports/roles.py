"""Who opens reports: coordinators (who also record projects and targets) and a read-only M&E role. The
pseudonymised participant export needs a permission of its own (`reports.export_participants`) that no role has:
a superuser grants it to the people who analyse participant-level data. Trainers see their own sessions' figures
only (lms/reports/permissions.py); participants and reviewers see none."""

MONITORING = "M&E"

REPORT_PERMISSIONS = (("wagtailadmin", "access_admin"), ("reports", "view_report"), ("reports", "view_project"),
                      ("reports", "view_target"))
COORDINATOR_REPORT_PERMISSIONS = REPORT_PERMISSIONS + (
    ("reports", "add_project"), ("reports", "change_project"), ("reports", "delete_project"),
    ("reports", "add_target"), ("reports", "change_target"), ("reports", "delete_target"),
)


def configure_report_roles(apps) -> None:
    """Create the M&E group and let it and coordinators open reports. Idempotent; written against the migration
    app registry."""
    from django.contrib.auth.management import create_permissions

    from content.roles import COORDINATOR

    app_config = apps.get_app_config("reports")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group, Permission = apps.get_model("auth", "Group"), apps.get_model("auth", "Permission")

    def permissions(pairs):
        return [Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in pairs]

    monitoring, _ = Group.objects.get_or_create(name=MONITORING)
    monitoring.permissions.add(*permissions(REPORT_PERMISSIONS))
    coordinators, _ = Group.objects.get_or_create(name=COORDINATOR)
    coordinators.permissions.add(*permissions(COORDINATOR_REPORT_PERMISSIONS))
