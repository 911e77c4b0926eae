"""The access log: who of the staff viewed or exported which participants' records, and when.

`record_access` writes one AccessRecord per person seen, all in one `bulk_create`. Views are not written again when
the same person reloads the same page showing the same people within ACCESS_LOG_REPEAT_SECONDS (settings; ten
minutes by default): a trainer's roster reloaded all day long is one record per person per ten minutes, and such a
reload costs no query, only a cache look-up (`cache.add`). So a record says "seen at least once from this moment";
it is not a count of page loads. The page showing other people (someone added to the roster) is a new view and is
written at once. Exports are written every time: each one is a copy that left the site. The look-up is per cache:
with the local-memory cache each app process remembers its own views (a reload served by another process is written
again), with Redis they share it; when the cache is unreachable every view is written.

`object_label` names what was seen (a session, a call, "profile"), never the person: erasure looks for people's
names in every table, and the subject is already the row's own foreign key.

Retention: `prune_access_records(before=…)` removes what is older; the retention command calls it.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.cache import cache
from django.db import DatabaseError, models
from django.utils.translation import gettext_lazy as _

from enrollments.privacy.models import AccessKind, AccessRecord

logger = logging.getLogger(__name__)

DEFAULT_REPEAT_SECONDS = 600
BATCH_SIZE = 1000  # rows per INSERT for exports of thousands of people
WHAT_LENGTH, LABEL_LENGTH, PATH_LENGTH = 60, 300, 500  # the model's max_length


class AccessWhat(models.TextChoices):
    """What was seen: the value stored in `AccessRecord.what` (a code that stays when the wording changes)."""

    ROSTER = "roster", _("Day roster")
    PAPER_ENTRY = "paper_entry", _("Paper entry of attendance")
    SIGN_IN_SHEET = "sign_in_sheet", _("Sign-in sheet")
    ATTENDANCE_HISTORY = "attendance_history", _("Attendance history")
    SESSION_ROSTER = "session_roster", _("Session roster (admin)")
    PROFILE = "profile", _("Account and profile (admin)")
    APPLICATION = "application", _("Application")
    APPLICATIONS_LIST = "applications_list", _("Applications list")
    APPLICATIONS_EXPORT = "applications_export", _("Applications export")
    TEAM_EXPORT = "team_export", _("Team list export")
    QUIZ_RESULTS = "quiz_results", _("Quiz results")
    QUIZ_RESULTS_EXPORT = "quiz_results_export", _("Quiz results export")
    KNOWLEDGE_GAIN_EXPORT = "knowledge_gain_export", _("Knowledge gain export")
    PARTICIPANT_EXPORT = "participant_export", _("Pseudonymised participant export")


def repeat_seconds() -> int:
    return int(getattr(settings, "ACCESS_LOG_REPEAT_SECONDS", DEFAULT_REPEAT_SECONDS))


def _subject_ids(subjects: Iterable, *, viewer_id: int) -> list[int]:
    ids = {getattr(subject, "pk", subject) for subject in subjects}
    return sorted(pk for pk in ids if pk is not None and pk != viewer_id)


def _window_key(*, viewer_id: int, kind: str, what: str, object_label: str, path: str, ids: list[int]) -> str:
    seen = "\n".join([object_label, path, ",".join(map(str, ids))])
    return f"access-log:{viewer_id}:{kind}:{what}:{hashlib.sha256(seen.encode()).hexdigest()}"


def _first_in_window(key: str) -> bool:
    try:
        return bool(cache.add(key, 1, timeout=repeat_seconds()))
    except Exception:  # no cache: write the record rather than lose it
        logger.exception("The access log could not read its cache; the view is recorded.")
        return True


def record_access(*, viewer: AbstractBaseUser | AnonymousUser | None, subjects: Iterable, what: str,
                  kind: str = AccessKind.VIEW, object_label: str = "", path: str = "") -> int:
    """Record that `viewer` viewed or exported the records of `subjects` (users or their ids) in one query.

    Nobody is recorded for looking at their own records. Returns how many rows were written (0 for a repeated view
    within the window, which costs no query).
    """
    if viewer is None or not viewer.is_authenticated:
        return 0
    ids = _subject_ids(subjects, viewer_id=viewer.pk)
    if not ids:
        return 0
    object_label, path = str(object_label)[:LABEL_LENGTH], path[:PATH_LENGTH]
    key = None
    if kind == AccessKind.VIEW:
        key = _window_key(viewer_id=viewer.pk, kind=kind, what=what, object_label=object_label, path=path, ids=ids)
        if not _first_in_window(key):
            return 0
    records = [AccessRecord(viewer_id=viewer.pk, subject_id=subject_id, kind=kind, what=what[:WHAT_LENGTH],
                            object_label=object_label, path=path) for subject_id in ids]
    try:
        AccessRecord.objects.bulk_create(records, batch_size=BATCH_SIZE)
    except DatabaseError:
        if key:  # not written: the next view must try again
            cache.delete(key)
        raise
    return len(records)


def what_label(what: str) -> str:
    """How a stored `what` is named to coordinators; an unknown code as it is."""
    return str(AccessWhat(what).label) if what in AccessWhat.values else what


def prune_access_records(*, before: datetime) -> int:
    """Delete the access records older than `before` (one DELETE: nothing refers to them); how many were deleted."""
    deleted, _by_model = AccessRecord.objects.filter(at__lt=before).delete()
    return deleted
