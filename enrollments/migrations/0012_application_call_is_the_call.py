"""An application's call is the call's row: the page it pointed to and the translation key go (0011 copied them)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("enrollments", "0011_point_applications_to_calls"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="application", name="one_application_per_call"),
        migrations.RemoveIndex(model_name="application", name="enrollments_call_ke_69c83f_idx"),
        migrations.RemoveField(model_name="application", name="call"),
        migrations.RemoveField(model_name="application", name="call_key"),
        migrations.RenameField(model_name="application", old_name="new_call", new_name="call"),
        migrations.AlterField(
            model_name="application",
            name="call",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="applications",
                                    to="content.call", verbose_name="call"),
        ),
        migrations.AddConstraint(
            model_name="application",
            constraint=models.UniqueConstraint(fields=("call", "applicant"), name="one_application_per_call"),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["call", "status", "stage"], name="enrollments_call_id_f67531_idx"),
        ),
    ]
