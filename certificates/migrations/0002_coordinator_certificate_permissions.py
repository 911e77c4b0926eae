from django.db import migrations


def grant_certificate_permissions(apps, schema_editor):
    from content.roles import grant_coordinator_certificate_permissions

    grant_coordinator_certificate_permissions(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0001_initial"),
        ("enrollments", "0004_coordinator_session_permissions"),
    ]

    operations = [migrations.RunPython(grant_certificate_permissions, migrations.RunPython.noop)]
