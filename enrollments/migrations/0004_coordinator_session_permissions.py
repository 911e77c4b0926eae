from django.db import migrations


def grant_session_permissions(apps, schema_editor):
    from content.roles import grant_coordinator_session_permissions

    grant_coordinator_session_permissions(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("enrollments", "0003_sessions"),
    ]

    operations = [migrations.RunPython(grant_session_permissions, migrations.RunPython.noop)]
