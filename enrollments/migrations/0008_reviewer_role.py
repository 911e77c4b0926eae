from django.db import migrations


def configure_reviewers(apps, schema_editor):
    from content.roles import configure_reviewers

    configure_reviewers(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("enrollments", "0007_decisionemail"),
        ("enrollments", "0004_coordinator_session_permissions"),
    ]

    operations = [migrations.RunPython(configure_reviewers, migrations.RunPython.noop)]
