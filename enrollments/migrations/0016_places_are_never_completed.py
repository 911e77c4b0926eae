"""A place is no longer "completed": nothing ever wrote that status, and what a person made of a session is in their
attendance, quiz results and certificates. A place that was marked completed held a seat on the roster, as an
enrolled one does: it becomes enrolled, and is counted, marked and certified as before."""

from django.db import migrations, models


def completed_places_are_enrolled(apps, schema_editor):
    Enrollment = apps.get_model("enrollments", "Enrollment")
    Enrollment.objects.filter(status="completed").update(status="enrolled")


class Migration(migrations.Migration):

    dependencies = [
        ('enrollments', '0015_records_protect_what_they_point_at'),
    ]

    operations = [
        # Nothing to undo: an enrolled place is a valid place before this migration too.
        migrations.RunPython(completed_places_are_enrolled, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='enrollment',
            name='status',
            field=models.CharField(choices=[('pending', 'Awaiting approval'), ('enrolled', 'Enrolled'), ('waitlisted', 'On the waiting list'), ('cancelled', 'Cancelled')], max_length=20, verbose_name='status'),
        ),
    ]
