from django.db import migrations, models


def create_default_emails(apps, schema_editor):
    """Decision emails work from the start; coordinators edit these texts in the admin."""
    from enrollments.calls.emails import DEFAULT_TEMPLATES

    DecisionEmail = apps.get_model("enrollments", "DecisionEmail")
    for kind, texts in DEFAULT_TEMPLATES.items():
        DecisionEmail.objects.get_or_create(kind=str(kind), defaults=texts)


class Migration(migrations.Migration):

    dependencies = [
        ("enrollments", "0006_calls"),
    ]

    operations = [
        migrations.CreateModel(
            name="DecisionEmail",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("shortlisted", "Shortlisted"),
                                                   ("next_stage", "Moved to the next stage"),
                                                   ("accepted", "Accepted"), ("rejected", "Not selected")],
                                          max_length=20, unique=True, verbose_name="decision")),
                ("subject_uk", models.CharField(max_length=200, verbose_name="subject (Ukrainian)")),
                ("body_uk", models.TextField(verbose_name="message (Ukrainian)")),
                ("subject_en", models.CharField(max_length=200, verbose_name="subject (English)")),
                ("body_en", models.TextField(verbose_name="message (English)")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
            ],
            options={
                "verbose_name": "decision email",
                "verbose_name_plural": "decision emails",
                "ordering": ["pk"],
            },
        ),
        migrations.RunPython(create_default_emails, migrations.RunPython.noop),
    ]
