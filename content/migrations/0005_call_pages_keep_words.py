"""Call pages keep only words: the rules now live on the call (0004), which every page must have.

Coordinators get the permissions to set calls' rules in the admin (Open calls → Calls).
"""

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models

from content.roles import grant_coordinator_call_rule_permissions


def grant_permissions(apps, schema_editor):
    grant_coordinator_call_rule_permissions(apps)


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("content", "0004_call_rules"),
        ("enrollments", "0011_point_applications_to_calls"),
    ]

    operations = [
        migrations.RemoveField(model_name="callpage", name="communities"),
        migrations.RemoveField(model_name="callpage", name="oblasts"),
        migrations.RemoveField(model_name="callpage", name="professions"),
        migrations.RemoveField(model_name="callpage", name="opens_at"),
        migrations.RemoveField(model_name="callpage", name="deadline"),
        migrations.RemoveField(model_name="callpage", name="places"),
        migrations.RemoveField(model_name="callpage", name="editing_allowed"),
        migrations.RemoveField(model_name="callpage", name="sessions"),
        migrations.RemoveField(model_name="callstage", name="page"),
        migrations.RemoveField(model_name="callcriterion", name="page"),
        migrations.AlterField(
            model_name="callpage",
            name="call",
            field=models.ForeignKey(
                help_text="The call's dates, places, eligibility, stages and rubric (Open calls → Calls): every "
                          "language version of this page uses the same.",
                on_delete=django.db.models.deletion.PROTECT, related_name="pages", to="content.call",
                verbose_name="call"),
        ),
        migrations.AlterField(
            model_name="callstage",
            name="call",
            field=modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE,
                                                  related_name="stages", to="content.call"),
        ),
        migrations.AlterField(
            model_name="callcriterion",
            name="call",
            field=modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE,
                                                  related_name="criteria", to="content.call"),
        ),
        migrations.RunPython(grant_permissions, migrations.RunPython.noop, elidable=False),
    ]
