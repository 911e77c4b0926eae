"""Each application takes the call of the page it was sent from (every page of a call now points to one Call);
the sessions linked to the Ukrainian version of a call (which its translations copied) become CallSession rows."""

from django.conf import settings
from django.db import migrations


def point_to_calls(apps, schema_editor):
    Application = apps.get_model("enrollments", "Application")
    CallSession = apps.get_model("enrollments", "CallSession")
    CallPage = apps.get_model("content", "CallPage")

    linked = set()
    for page in CallPage.objects.select_related("locale").order_by("pk"):
        Application.objects.filter(call_key=page.translation_key).update(new_call_id=page.call_id)
        if page.locale.language_code == settings.LANGUAGE_CODE:
            for session in page.sessions.all():
                linked.add((page.call_id, session.pk))
    CallSession.objects.bulk_create([CallSession(call_id=call_id, session_id=session_id)
                                     for call_id, session_id in sorted(linked)])


class Migration(migrations.Migration):

    dependencies = [
        ("content", "0004_call_rules"),
        ("enrollments", "0010_call_sessions"),
    ]

    operations = [
        migrations.RunPython(point_to_calls, migrations.RunPython.noop, elidable=False),
    ]
