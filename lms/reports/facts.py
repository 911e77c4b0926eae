"""The report facts of each place and day, kept in step with the records they are counted from.

A session's facts are rebuilt whole whenever one of its records changes (lms/reports/receivers.py), and every
night for what time alone changes (a day passing, a session ending: `stale_from`). Counting a place reuses the rules
the roster and *My learning* use (enrollments.attendance.rules, enrollments.quizzes.results), so a report never
disagrees with the pages people see.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from certificates.models import Certificate, CertificateStatus
from enrollments.attendance.rules import AttendancePolicy, summarise_attendance
from enrollments.models import (
    Attendance,
    Enrollment,
    QuizAttempt,
    SessionDay,
    SessionStatus,
    TrainingSession,
)
from enrollments.quizzes.results import counted_attempts
from enrollments.session_hours import training_hours
from lms.reports.definitions import CONSENTED, NOT_STATED, PLACE_STATUSES, POST_TEST, PRE_TEST, stated
from lms.reports.models import DayFacts, Participation, SelfAssessmentFacts

logger = logging.getLogger(__name__)
BATCH = 200  # sessions a step when everything is rebuilt


@transaction.atomic
def refresh_sessions(session_ids: Iterable[int], *, today: date | None = None, now: datetime | None = None) -> int:
    """Rebuild the facts of these sessions' places and days; returns how many places they hold."""
    ids = sorted(set(session_ids))
    if not ids:
        return 0
    today, now = today or timezone.localdate(), now or timezone.now()
    _serialise(ids)
    sessions = {s.pk: s for s in TrainingSession.objects.select_related("course").filter(pk__in=ids).order_by("pk")}
    days = defaultdict(list)
    for day in SessionDay.objects.filter(session_id__in=ids).order_by("date"):
        days[day.session_id].append(day)
    places = list(Enrollment.objects.filter(session_id__in=ids, status__in=PLACE_STATUSES)
                  .exclude(session__status=SessionStatus.CANCELLED).select_related("user__profile").order_by("pk"))
    marks = defaultdict(dict)
    for enrollment_id, day_id, status in Attendance.objects.filter(
            enrollment__in=[place.pk for place in places]).values_list("enrollment_id", "day_id", "status"):
        marks[enrollment_id][day_id] = status
    tests = _tests(ids)
    certified = set(Certificate.objects.filter(session_id__in=ids, status=CertificateStatus.VALID)
                    .values_list("enrollment_id", flat=True))

    kept = {row.pop("enrollment_id"): row for row in Participation.objects.filter(
        session_id__in=ids, description_kept=True).values("enrollment_id", *CONSENTED)}
    Participation.objects.filter(session_id__in=ids).delete()
    DayFacts.objects.filter(session_id__in=ids).delete()
    rows, attended_on = [], defaultdict(int)
    for place in places:
        session, session_days = sessions[place.session_id], days[place.session_id]
        policy = AttendancePolicy(late_counts=session.late_counts_as_attended,
                                  excused_counts=session.excused_counts_as_attended)
        place_marks = marks[place.pk]
        summary = summarise_attendance(days=[day.date for day in session_days],
                                       marks={day.date: place_marks[day.pk] for day in session_days
                                              if day.pk in place_marks},
                                       today=today, policy=policy)
        for day in session_days:
            if day.date in summary.attended_days:
                attended_on[day.pk] += 1
        pre, post = tests.get((place.user_id, place.session_id, PRE_TEST)), tests.get(
            (place.user_id, place.session_id, POST_TEST))
        rows.append(Participation(
            enrollment_id=place.pk, session_id=session.pk, user_id=place.user_id,
            course_key=session.course.translation_key,
            first_day=session_days[0].date if session_days else None,
            last_day=session_days[-1].date if session_days else None,
            session_oblast=session.oblast, format=session.format,
            days=len(session_days), days_held=len(summary.held_days), days_attended=len(summary.attended_days),
            hours=_hours(session, attended=len(summary.attended_days), days=len(session_days)),
            session_over=bool(session_days) and session_days[-1].date < today,
            completed=summary.attended_every_day, certified=place.pk in certified,
            pre_percent=pre.percent if pre else None, post_percent=post.percent if post else None,
            post_passed=post.passed if post else None,
            **_described(place.user) | kept.get(place.pk, {}), description_kept=place.pk in kept,
            stale_from=_stale_from(summary.future_days, session_days, today),
            refreshed_at=now,
        ))
    Participation.objects.bulk_create(rows, batch_size=1000)
    holders = defaultdict(int)
    for row in rows:
        holders[row.session_id] += 1
    DayFacts.objects.bulk_create([
        DayFacts(day=day, session_id=session_id, course_key=sessions[session_id].course.translation_key,
                 session_first_day=session_days[0].date, session_oblast=sessions[session_id].oblast,
                 format=sessions[session_id].format, date=day.date, number=number, places=holders[session_id],
                 attended=attended_on[day.pk])
        for session_id, session_days in days.items() if sessions[session_id].status != SessionStatus.CANCELLED
        for number, day in enumerate(session_days, 1)
    ], batch_size=1000)
    return len(rows)


REFRESH_LOCK = 0x5245504F  # "REPO": the advisory lock space of the report facts' refreshes


def _serialise(session_ids: list[int]) -> None:
    """Two refreshes of one session wait for each other, so their deletes and inserts do not interleave. An
    advisory lock, not a lock on the session's row: that would deadlock with the writers that hold rows of the
    session (a certificate reissued locks its place) while this refresh waits to point at them."""
    if connection.vendor != "postgresql":
        return  # SQLite writes one transaction at a time
    with connection.cursor() as cursor:
        for session_id in session_ids:  # in order, so two refreshes of several sessions cannot deadlock either
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [REFRESH_LOCK, session_id])


def refresh_all(*, batch: int = BATCH, progress=None) -> int:
    """Rebuild every session's facts, a batch of sessions at a time (`progress(done, total)` after each)."""
    ids = list(TrainingSession.objects.order_by("pk").values_list("pk", flat=True))
    places = 0
    for start in range(0, len(ids), batch):
        places += refresh_sessions(ids[start:start + batch])
        if progress:
            progress(min(start + batch, len(ids)), len(ids))
    refresh_self_assessments()
    return places


SELF_ASSESSMENT = "self_assessment"


@transaction.atomic
def refresh_self_assessments(user_ids: Iterable[int] | None = None) -> int:
    """Rebuild each person's latest self-assessment answers (of these people, or everyone's): each person's latest
    submitted attempt per quiz, numbered newest first in one pass (a window) rather than looked up one by one."""
    answers = QuizAttempt.objects.filter(kind=SELF_ASSESSMENT, submitted_at__isnull=False)
    existing = SelfAssessmentFacts.objects.all()
    if user_ids is not None:
        user_ids = sorted(set(user_ids))
        answers, existing = answers.filter(user_id__in=user_ids), existing.filter(user_id__in=user_ids)
    newest_first = answers.annotate(newness=Window(RowNumber(), partition_by=[F("user_id"), F("quiz_key")],
                                                   order_by=[F("submitted_at").desc(), F("number").desc()]))
    latest = newest_first.filter(newness=1).values_list("user_id", "quiz_key", "band", "submitted_at")
    existing.delete()
    rows = [SelfAssessmentFacts(user_id=user_id, quiz_key=quiz_key, band=band, submitted_at=submitted_at)
            for user_id, quiz_key, band, submitted_at in latest.iterator(chunk_size=5000)]
    SelfAssessmentFacts.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def refresh_stale(*, today: date | None = None) -> int:
    """Rebuild the sessions whose facts time has changed since they were counted (run nightly, and before a report
    is drawn, which then costs one indexed query when nothing is stale)."""
    today = today or timezone.localdate()
    ids = set(Participation.objects.filter(stale_from__lte=today).values_list("session_id", flat=True).distinct())
    return refresh_sessions(ids, today=today) if ids else 0


def keep_descriptions(user_ids: Iterable[int]) -> int:
    """These people's reporting details are about to be removed (their retention ran out): count their places as
    they are described now, and keep those categories through every later refresh. Returns the places kept."""
    user_ids = sorted(set(user_ids))
    refresh_sessions(sessions_of(user_ids=user_ids))
    return Participation.objects.filter(user_id__in=user_ids).update(description_kept=True)


def sessions_of(*, enrollment_ids: Iterable[int] = (), user_ids: Iterable[int] = ()) -> set[int]:
    """The sessions whose facts depend on these places or people."""
    enrollment_ids, user_ids = list(enrollment_ids), list(user_ids)
    if not enrollment_ids and not user_ids:
        return set()
    return set(Enrollment.objects.filter(Q(pk__in=enrollment_ids) | Q(user_id__in=user_ids))
               .values_list("session_id", flat=True).distinct())


def _tests(session_ids: list[int]) -> dict[tuple, QuizAttempt]:
    """The counted pre- and post-test attempt of each person on each session, by enrollments.quizzes.results."""
    attempts = QuizAttempt.objects.filter(session_id__in=session_ids, kind__in=(PRE_TEST, POST_TEST),
                                          submitted_at__isnull=False).only(
        "user_id", "session_id", "kind", "number", "submitted_at", "percent", "passed")
    by_kind = defaultdict(list)
    for attempt in attempts:
        by_kind[attempt.kind].append(attempt)
    counted = {}
    for kind, kind_attempts in by_kind.items():
        for (user_id, session_id), attempt in counted_attempts(kind=kind, attempts=kind_attempts).items():
            counted[(user_id, session_id, kind)] = attempt
    return counted


def _hours(session: TrainingSession, *, attended: int, days: int) -> Decimal:
    if not days:
        return Decimal(0)
    return (training_hours(session) * attended / days).quantize(Decimal("0.01"))


def _described(user) -> dict[str, str]:
    """What the person told us about themselves that reports may use: the sensitive answers only with consent."""
    profile = getattr(user, "profile", None)
    if profile is None:
        return {"sex": NOT_STATED, "age_band": NOT_STATED, "oblast": NOT_STATED, "profession": NOT_STATED,
                "displacement_status": NOT_STATED, "disability": NOT_STATED}
    consent = profile.has_reporting_consent
    return {field: stated(getattr(profile, field)) if consent or field not in CONSENTED else NOT_STATED
            for field in ("sex", "age_band", "oblast", "profession", "displacement_status", "disability")}


def _stale_from(future_days: tuple[date, ...], days: list[SessionDay], today: date) -> date | None:
    """A day still to come is held (attended or missed) from the day after it; a session is over from the day after
    its last."""
    changes = [min(future_days) + timedelta(days=1)] if future_days else []
    if days and days[-1].date >= today:
        changes.append(days[-1].date + timedelta(days=1))
    return min(changes) if changes else None
