"""A certificate's hours are its session's (enrollments 0018), stated once: a rule no longer has hours of its own.

Hours a rule stated move to its sessions, so certificates issued from now on print what they printed before: a
session's rule to its session, a course's rule to each of the course's sessions that states no hours yet."""

from django.db import migrations


def move_rule_hours_to_sessions(apps, schema_editor):
    CertificateRule = apps.get_model("certificates", "CertificateRule")
    TrainingSession = apps.get_model("enrollments", "TrainingSession")
    for rule in CertificateRule.objects.filter(hours__isnull=False, active=True).order_by("pk"):
        if rule.session_id:
            TrainingSession.objects.filter(pk=rule.session_id).update(hours=rule.hours)
        else:
            TrainingSession.objects.filter(course_id=rule.course_id, hours__isnull=True).update(hours=rule.hours)


class Migration(migrations.Migration):

    dependencies = [
        ("certificates", "0003_records_protect_what_they_point_at"),
        ("enrollments", "0018_session_training_hours"),
    ]

    operations = [
        migrations.RunPython(move_rule_hours_to_sessions, migrations.RunPython.noop),
        migrations.RemoveField(model_name="certificaterule", name="hours"),
    ]
