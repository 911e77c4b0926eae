"""Applications and the sessions a call recruits for will point to the call's one row (content 0004), not to a
page: first the new link table and a column for the application's call. 0011 fills them, 0012 drops the old.

Three migrations, not one: on PostgreSQL a table whose rows a migration has just changed cannot be altered in the
same transaction.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("content", "0004_call_rules"),
        ("enrollments", "0009_application_place_before"),
    ]

    operations = [
        migrations.CreateModel(
            name="CallSession",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("call", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="session_links",
                                           to="content.call", verbose_name="call")),
                ("session", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="call_links",
                                              to="enrollments.trainingsession", verbose_name="training session")),
            ],
            options={
                "verbose_name": "training session of a call",
                "verbose_name_plural": "training sessions of a call",
                "constraints": [models.UniqueConstraint(fields=("call", "session"),
                                                        name="one_link_per_call_and_session")],
            },
        ),
        migrations.AddField(
            model_name="application",
            name="new_call",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="content.call"),
        ),
    ]
