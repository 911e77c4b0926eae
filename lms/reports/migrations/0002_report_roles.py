from django.db import migrations


def configure(apps, schema_editor):
    from lms.reports.roles import configure_report_roles

    configure_report_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_reports"),
        ("content", "0006_row_words_in_both_languages"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(configure, migrations.RunPython.noop)]
