"""Reads about learners: profile, progress through courses, names, training sessions and places on them.

The roster and attendance reads live in `attendance.selectors`, the import reads in `imports.selectors`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from wagtail.coreutils import get_supported_content_language_variant

from content import public_cache
from enrollments.attendance.rules import AttendancePolicy, AttendanceSummary, summarise_attendance
from enrollments.models import (
    Attendance,
    AttendanceStatus,
    Enrollment,
    EnrollmentStatus,
    ModuleCompletion,
    Profile,
    SessionDay,
    SessionStatus,
    TrainingSession,
)
from enrollments.progress import Progress, course_progress

if TYPE_CHECKING:
    from courses.models import CoursePage, ModulePage


def profile_for(*, user: AbstractBaseUser) -> Profile:
    """The user's profile, unsaved and empty if they have never filled it in."""
    try:
        return user.profile
    except Profile.DoesNotExist:
        return Profile(user=user)


def completed_module_keys(*, user: AbstractBaseUser | AnonymousUser, course_key: UUID) -> set[UUID]:
    if not user.is_authenticated:
        return set()
    return set(
        ModuleCompletion.objects.filter(user=user, course_key=course_key).values_list("module_key", flat=True)
    )


def course_page_context(*, course: CoursePage, modules: list[ModulePage], user: AbstractBaseUser | AnonymousUser,
                        ) -> dict:
    """What the course page shows of the reader: progress through `modules` (the page's own list) and where to
    continue."""
    completed = completed_module_keys(user=user, course_key=course.translation_key)
    progress = course_progress(module_keys=[m.translation_key for m in modules], completed_keys=completed)
    return {
        "completed_keys": completed,
        "progress": progress,
        "continue_module": next((m for m in modules if m.translation_key == progress.next_key), None),
    }


@dataclass(frozen=True)
class SessionCard:
    """One upcoming session on its course's page, with the reader's own place on it and the open calls through
    which its places are given."""

    session: TrainingSession
    place: Enrollment | None  # from places_on: with `waiting_position` when on the waiting list
    calls: list  # CallPage, from calls.selectors.calls_recruiting_for_each


def places_on(*, sessions: list[TrainingSession], user: AbstractBaseUser | AnonymousUser) -> dict[int, Enrollment]:
    """The user's place, request or waiting-list spot on each of `sessions` that has one, by session id; a spot on
    the waiting list carries `waiting_position` (1 is offered the next free seat), any other None. One query, a
    second only for spots on a waiting list (counting who is ahead is the costly part), none for visitors."""
    if not user.is_authenticated or not sessions:
        return {}
    places = {place.session_id: place for place in
              Enrollment.objects.filter(user=user, session__in=[s.pk for s in sessions])
              .exclude(status=EnrollmentStatus.CANCELLED)}
    waiting = [place.pk for place in places.values() if place.status == EnrollmentStatus.WAITLISTED]
    positions = dict(Enrollment.objects.filter(pk__in=waiting).annotate(position=_WAITING_POSITION)
                     .values_list("pk", "position")) if waiting else {}
    for place in places.values():
        place.waiting_position = positions.get(place.pk)
    return places


# The waiting list is served longest waiting first (services.promote_from_waitlist orders it the same way):
# a spot's position is one more than the spots on the same session that joined before it.
_AHEAD = (Enrollment.objects.filter(session=OuterRef("session"), status=EnrollmentStatus.WAITLISTED)
          .filter(Q(status_changed_at__lt=OuterRef("status_changed_at"))
                  | Q(status_changed_at=OuterRef("status_changed_at"), pk__lt=OuterRef("pk")))
          .order_by().values("session").annotate(ahead=Count("pk")).values("ahead"))
_WAITING_POSITION = Case(
    When(status=EnrollmentStatus.WAITLISTED, then=Coalesce(Subquery(_AHEAD), Value(0)) + 1), default=None,
    output_field=IntegerField())


def module_page_context(*, module: ModulePage, course: CoursePage, modules: list[ModulePage],
                        user: AbstractBaseUser | AnonymousUser) -> dict:
    """What the module page shows of the reader: whether they completed it, and their progress through `modules`."""
    completed = completed_module_keys(user=user, course_key=course.translation_key)
    return {
        "is_completed": module.translation_key in completed,
        "completed_keys": completed,
        "progress": course_progress(module_keys=[m.translation_key for m in modules], completed_keys=completed),
    }


def _in_reader_language(pages) -> list:
    """One page per translation key: the active language's, else the default language's, else any."""
    try:  # Locale.get_active() without its database read: only the code is compared
        active = get_supported_content_language_variant(get_language())
    except LookupError:
        active = settings.LANGUAGE_CODE
    preference = {active: 0, settings.LANGUAGE_CODE: 1}
    chosen: dict = {}
    for page in pages:
        rank = preference.get(page.locale.language_code, 2)
        if page.translation_key not in chosen or rank < chosen[page.translation_key][0]:
            chosen[page.translation_key] = (rank, page)
    return sorted((page for _, page in chosen.values()), key=lambda page: page.title)


def live_courses(*, keys: set[UUID]) -> list[CoursePage]:
    """The live course pages, in every language, with these translation keys (topic and locale loaded): read once
    for all of My learning (`learning_overview`, `courses_to_start`, `quizzes.selectors.session_tests`). One query,
    none without keys."""
    from courses.models import CoursePage

    if not keys:
        return []
    return public_cache.cached(
        ("live-courses", public_cache.digest(keys)),
        lambda: list(CoursePage.objects.live().filter(translation_key__in=keys).select_related("topic", "locale")
                     .order_by("path")))


def module_completions(*, user: AbstractBaseUser) -> dict[UUID, set[UUID]]:
    """The modules the user marked complete (translation keys), by course translation key. One query."""
    completed_by_course: dict[UUID, set[UUID]] = {}
    for course_key, module_key in ModuleCompletion.objects.filter(user=user).values_list("course_key", "module_key"):
        completed_by_course.setdefault(course_key, set()).add(module_key)
    return completed_by_course


def learning_overview(*, user: AbstractBaseUser, completed: dict[UUID, set[UUID]] | None = None,
                      courses: list[CoursePage] | None = None) -> list[tuple[CoursePage, Progress, ModulePage | None]]:
    """Every course the user has started, with progress and where to continue.

    Courses show in the reader's language, or in their original language until they are translated. `completed` is
    `module_completions(user=user)` and `courses` `live_courses(...)` of at least these courses when the caller has
    them already.

    One query whatever the number of courses or modules (three without `completed` and `courses`).
    """
    from courses.models import ModulePage

    completed_by_course = module_completions(user=user) if completed is None else completed
    if not completed_by_course:
        return []

    if courses is None:
        courses = live_courses(keys=set(completed_by_course))
    courses = _in_reader_language(course for course in courses if course.translation_key in completed_by_course)
    if not courses:
        return []
    in_any_course = Q()
    for course in courses:
        in_any_course |= Q(path__startswith=course.path, depth=course.depth + 1)
    modules = list(ModulePage.objects.live().filter(in_any_course).order_by("path"))

    overview = []
    for course in courses:
        course_modules = [m for m in modules if m.path.startswith(course.path)]
        progress = course_progress(
            module_keys=[m.translation_key for m in course_modules],
            completed_keys=completed_by_course[course.translation_key],
        )
        next_module = next((m for m in course_modules if m.translation_key == progress.next_key), None)
        overview.append((course, progress, next_module))
    return overview


def courses_to_start(*, trainings: list[MyTraining], started: list[CoursePage], courses: list[CoursePage] | None = None,
                     ) -> list[tuple[CoursePage, ModulePage | None]]:
    """The courses of the person's trainings (a place, request or waiting-list spot on a session not cancelled)
    that are not among `started`, each with its first module: where to begin before or after the training days.

    In the reader's language like `learning_overview`; two queries (one given `courses`, `live_courses(...)` of at
    least these), none without such trainings.
    """
    from courses.models import ModulePage

    started_keys = {course.translation_key for course in started}
    keys = {t.session.course.translation_key for t in trainings if not t.is_cancelled} - started_keys
    if not keys:
        return []
    if courses is None:
        courses = live_courses(keys=keys)
    courses = _in_reader_language(course for course in courses if course.translation_key in keys)
    in_any_course = Q()
    for course in courses:
        in_any_course |= Q(path__startswith=course.path, depth=course.depth + 1)
    modules = public_cache.cached(
        ("modules-under", public_cache.digest(course.pk for course in courses)),
        lambda: list(ModulePage.objects.live().filter(in_any_course).order_by("path"))) if courses else []
    return [(course, next((m for m in modules if m.path.startswith(course.path)), None)) for course in courses]


def display_name(user) -> str:
    """How a person is named to trainers and in emails: profile name, account name, or email."""
    try:
        full_name = user.profile.full_name  # uses the select_related cache when present
    except Profile.DoesNotExist:
        full_name = ""
    return full_name or user.get_full_name() or user.email


def greeting_name(user) -> str:
    """The name an email greets a person by: profile name or account name; "" (a greeting without a name) when
    neither is known, never the username or the address."""
    if user is None:
        return ""
    try:
        full_name = user.profile.full_name
    except Profile.DoesNotExist:
        full_name = ""
    return (full_name or user.get_full_name()).strip()


# --- Names, and the sessions a trainer runs ------------------------------------------------------

# Ukrainian alphabetical order (with the Russian-only letters where readers expect them); Python's
# code-point order would put і, ї, є and ґ after я.
_ALPHABET = "абвгґдеєёжзиіїйклмнопрстуфхцчшщъыьэюя"
_ALPHABET_RANK = {letter: 0x10000 + rank for rank, letter in enumerate(_ALPHABET)}
_IGNORED_IN_SORTING = "'ʼ’`-"


def name_sort_key(name: str) -> list[int]:
    """Sort key for people's names: case-insensitive, Ukrainian letters in Ukrainian order."""
    return [_ALPHABET_RANK.get(char, ord(char)) for char in name.casefold() if char not in _IGNORED_IN_SORTING]


def session_trainers(*, session: TrainingSession) -> list[str]:
    """The names of the session's trainers, alphabetically. One query."""
    users = session.trainers.select_related("profile")
    return sorted((display_name(user) for user in users), key=name_sort_key)


@dataclass(frozen=True)
class ManagedSessions:
    current: list[TrainingSession]  # not over yet, soonest first
    past: list[TrainingSession]  # most recent first, the latest few only


def trainer_sessions(*, user: AbstractBaseUser, today: date, past_limit: int = 10) -> ManagedSessions:
    """The sessions the user runs (every session for coordinators), with their days. Four queries."""
    from enrollments.permissions import sessions_managed_by

    sessions = (
        sessions_managed_by(user).exclude(status=SessionStatus.CANCELLED)
        .annotate(first_day=Min("days__date"), last_day=Max("days__date"))
        .prefetch_related("days")
    )
    current = sessions.filter(Q(last_day__gte=today) | Q(last_day__isnull=True)).order_by(
        F("first_day").asc(nulls_last=True), "pk")
    past = sessions.filter(last_day__lt=today).order_by("-last_day", "-pk")[:past_limit]
    return ManagedSessions(current=list(current), past=list(past))


# --- Training sessions, as participants see them ------------------------------------------------

def held_place_ids(*, user_id: int, session_id: int | None = None) -> list[int]:
    """The places a person holds (on one session, or on every one), as enrollment ids."""
    places = Enrollment.objects.filter(user_id=user_id, status__in=EnrollmentStatus.holding_seat())
    if session_id is not None:
        places = places.filter(session_id=session_id)
    return list(places.values_list("pk", flat=True))


def with_seats_and_days(sessions: QuerySet[TrainingSession]) -> QuerySet[TrainingSession]:
    """The sessions with `enrolled_count`, `seats_left`, `first_day` and `last_day` annotated and their course (for
    its hours) in the same query, and their days prefetched in order: what a list of sessions shows, for any filter
    of sessions."""
    enrolled = Count("enrollments", filter=Q(enrollments__status=EnrollmentStatus.ENROLLED), distinct=True)
    return (
        sessions.annotate(enrolled_count=enrolled, first_day=Min("days__date"), last_day=Max("days__date"))
        .annotate(seats_left=Greatest(
            ExpressionWrapper(F("capacity") - F("enrolled_count"), output_field=IntegerField()), Value(0)))
        .select_related("course")
        .prefetch_related(Prefetch("days", queryset=SessionDay.objects.order_by("date", "starts_at")))
    )


def upcoming_sessions(*, course: CoursePage, today: date | None = None) -> list[TrainingSession]:
    """Open or closed sessions of the course in any of its translations with a day today or later, soonest first.

    Two queries whatever the number of sessions, days or people (one when there is none).
    """
    today = today or timezone.localdate()
    sessions = TrainingSession.objects.filter(
        course__translation_key=course.translation_key, status__in=SessionStatus.listed())
    return list(with_seats_and_days(sessions).only(*_SESSION_COLUMNS, *_LISTED_COURSE_COLUMNS)
                .filter(last_day__gte=today).order_by("first_day", "pk"))


# Of each session's course the course page shows only its hours (session_hours.training_hours): joined whole, the
# course brings every column of a Wagtail page and of the course in each language (its StreamFields too) on each
# session's row, to be read and converted on every request (issue 17: the query's SQL falls from 6.3 to 3.6 KB).
_SESSION_COLUMNS = tuple(field.name for field in TrainingSession._meta.concrete_fields)
_LISTED_COURSE_COLUMNS = ("course__duration_hours",)


def public_session(*, session_id: int) -> TrainingSession | None:
    """The session as anyone may see it (every status but draft), with seats counted and days in order."""
    sessions = TrainingSession.objects.exclude(status=SessionStatus.DRAFT).filter(pk=session_id)
    return with_seats_and_days(sessions).first()


def enrollment_of(*, session: TrainingSession, user: AbstractBaseUser | AnonymousUser) -> Enrollment | None:
    """The user's row on the session, whatever its status; None for visitors and people never enrolled."""
    if not user.is_authenticated:
        return None
    return Enrollment.objects.filter(session=session, user=user).first()


UPCOMING = "upcoming"  # a later day: never counted against anyone
NOT_YET = "not_yet"  # today, not marked yet
NOT_RECORDED = "not_recorded"  # a past day without a mark: counted as missed
DAY_STATE_LABELS = {
    **dict(AttendanceStatus.choices),
    UPCOMING: gettext_lazy("Upcoming"),
    NOT_YET: gettext_lazy("Not yet"),
    NOT_RECORDED: gettext_lazy("Not recorded"),
}


@dataclass(frozen=True)
class DayRecord:
    """One day of a session and what the participant's record says about it."""

    day: SessionDay
    state: str  # an AttendanceStatus value, or UPCOMING / NOT_YET / NOT_RECORDED

    @property
    def label(self) -> str:
        return DAY_STATE_LABELS[self.state]


@dataclass(frozen=True)
class MyTraining:
    """One of the participant's enrollments, as the dashboard shows it."""

    enrollment: Enrollment
    days: list[DayRecord]
    next_day: SessionDay | None
    summary: AttendanceSummary | None  # only while attendance is taken: a seat on a session not cancelled
    marks: dict[date, str] = field(default_factory=dict)  # the participant's own mark on each day marked

    @property
    def session(self) -> TrainingSession:
        return self.enrollment.session

    @property
    def is_cancelled(self) -> bool:
        return self.session.status == SessionStatus.CANCELLED


def _day_state(day: SessionDay, mark: str | None, today: date) -> str:
    if mark:
        return mark
    if day.date > today:
        return UPCOMING
    return NOT_YET if day.date == today else NOT_RECORDED


def my_sessions(*, user: AbstractBaseUser, today: date | None = None) -> list[MyTraining]:
    """The user's sessions (not cancelled by them, not draft) with days and own attendance: coming ones first.

    Two queries whatever the number of sessions, days or marks: each day comes with the user's own mark.
    """
    today = today or timezone.localdate()
    own_mark = Attendance.objects.filter(day=OuterRef("pk"), enrollment__user=user).values("status")[:1]
    enrollments = (
        Enrollment.objects.filter(user=user).exclude(status=EnrollmentStatus.CANCELLED)
        .exclude(session__status=SessionStatus.DRAFT)
        .select_related("session", "session__course")
        .prefetch_related(Prefetch("session__days", queryset=SessionDay.objects.annotate(mark=Subquery(own_mark))
                                   .order_by("date", "starts_at")))
    )
    trainings = []
    for enrollment in enrollments:
        session = enrollment.session
        days = list(session.days.all())
        dates = {day.pk: day.date for day in days}
        marks = {day.date: day.mark for day in days if day.mark}
        summary = None
        if enrollment.status in EnrollmentStatus.holding_seat() and session.status != SessionStatus.CANCELLED:
            policy = AttendancePolicy(late_counts=session.late_counts_as_attended,
                                      excused_counts=session.excused_counts_as_attended)
            summary = summarise_attendance(days=list(dates.values()), marks=marks, today=today, policy=policy)
        trainings.append(MyTraining(
            enrollment=enrollment,
            days=[DayRecord(day=day, state=_day_state(day, marks.get(day.date), today)) for day in days],
            next_day=next((day for day in days if day.date >= today), None),
            summary=summary,
            marks=marks,
        ))
    coming = sorted((t for t in trainings if t.next_day), key=lambda t: (t.next_day.date, t.session.pk))
    past = sorted((t for t in trainings if not t.next_day),
                  key=lambda t: (t.days[-1].day.date if t.days else date.min, t.session.pk), reverse=True)
    return coming + past


# --- Coordinators: the session list, the admin roster --------------------------------------------

def sessions_with_counts():
    """Every session with its first day and how many people are enrolled, waiting or awaiting approval.

    One query for the whole list, however many sessions or people.
    """
    def count(status: str) -> Count:
        return Count("enrollments", filter=Q(enrollments__status=status), distinct=True)

    return TrainingSession.objects.select_related("course").annotate(
        first_day=Min("days__date"),
        enrolled_count=count(EnrollmentStatus.ENROLLED),
        waitlisted_count=count(EnrollmentStatus.WAITLISTED),
        pending_count=count(EnrollmentStatus.PENDING),
    )


@dataclass(frozen=True)
class AdminRosterRow:
    """One person on a session as the coordinator sees them, whatever their status."""

    enrollment: Enrollment
    name: str
    email: str
    profession: str
    organisation: str


@dataclass(frozen=True)
class AdminRosterGroup:
    status: str
    label: str
    rows: list[AdminRosterRow]


ADMIN_ROSTER_ORDER = (EnrollmentStatus.ENROLLED, EnrollmentStatus.PENDING, EnrollmentStatus.WAITLISTED,
                      EnrollmentStatus.CANCELLED)


def admin_roster(*, session: TrainingSession) -> list[AdminRosterGroup]:
    """Everyone on the session grouped by status: enrolled and cancelled people alphabetically, requests
    first come first served, the waiting list in the order seats will be offered. One query.
    """
    enrollments = Enrollment.objects.filter(session=session).select_related("user__profile")
    grouped: dict[str, list[AdminRosterRow]] = {status: [] for status in ADMIN_ROSTER_ORDER}
    for enrollment in enrollments:
        profile = profile_for(user=enrollment.user)
        grouped[enrollment.status].append(AdminRosterRow(
            enrollment=enrollment, name=display_name(enrollment.user), email=enrollment.user.email,
            profession=profile.get_profession_display() if profile.profession else "",
            organisation=profile.organisation,
        ))
    labels = dict(EnrollmentStatus.choices)
    return [
        AdminRosterGroup(status=status, label=labels[status], rows=sorted(rows, key=_admin_roster_key))
        for status, rows in grouped.items()
    ]


def _admin_roster_key(row: AdminRosterRow) -> tuple:
    enrollment = row.enrollment
    if enrollment.status == EnrollmentStatus.PENDING:
        return (enrollment.created_at, enrollment.pk)
    if enrollment.status == EnrollmentStatus.WAITLISTED:
        return (enrollment.status_changed_at, enrollment.pk)
    return (name_sort_key(row.name), enrollment.pk)


def session_schedule(*, session_id: int) -> frozenset:
    """The dates and hours of the session's days as stored, to tell whether an edit moved any of them."""
    return frozenset(SessionDay.objects.filter(session_id=session_id).values_list("date", "starts_at", "ends_at"))


def enrolled_count(*, session: TrainingSession) -> int:
    return session.enrollments.filter(status=EnrollmentStatus.ENROLLED).count()


def sessions_starting_on(*, day: date) -> list[int]:
    """Ids of the sessions, cancelled ones aside, whose first day is `day`. One query."""
    return list(
        TrainingSession.objects.exclude(status=SessionStatus.CANCELLED)
        .annotate(first_day=Min("days__date")).filter(first_day=day)
        .order_by("pk").values_list("pk", flat=True)
    )
