"""Writes on content pages that Wagtail's own editing does not do."""

from django.conf import settings
from django.db import transaction

from content.models import CALL_RULE_FIELDS, CallPage


@transaction.atomic
def sync_call_translations(call: CallPage) -> int:
    """Give every language version of a call its default-language version's rules; how many were updated.

    The rules are the window, places, eligibility and linked sessions (`CALL_RULE_FIELDS` and `sessions`):
    one call has one deadline, whatever language an applicant reads it in. Text (title, summary, body,
    stage and criterion titles, questions) stays each translation's own. A translation's editing form shows
    these fields read-only (`content.admin_forms.CallPageForm`).

    Publishing the default-language version updates its translations. Publishing a translation takes the
    rules back from the default-language version, so a translation's draft written before the last change
    (waiting in a workflow, or scheduled) cannot bring the old deadline back.
    """
    if call.locale.language_code == settings.LANGUAGE_CODE:
        source = call
        targets = CallPage.objects.filter(translation_key=call.translation_key).exclude(pk=call.pk)
    else:
        source = CallPage.objects.filter(translation_key=call.translation_key,
                                         locale__language_code=settings.LANGUAGE_CODE).first()
        if source is None:
            return 0
        targets = CallPage.objects.filter(pk=call.pk)
    ids = list(targets.values_list("pk", flat=True))
    if not ids:
        return 0
    CallPage.objects.filter(pk__in=ids).update(**{name: getattr(source, name) for name in CALL_RULE_FIELDS})
    session_ids = [session.pk for session in source.sessions.all()]
    links = CallPage.sessions.through
    links.objects.filter(callpage_id__in=ids).delete()
    links.objects.bulk_create([links(callpage_id=page_id, trainingsession_id=session_id)
                               for page_id in ids for session_id in session_ids])
    return len(ids)
