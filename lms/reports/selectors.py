"""Reports' reads: every figure of a report added up by the database from the report facts, for a period and
filters, with its breakdowns, small cells suppressed, and progress against the project's targets.

Each figure is counted once here; the page, its charts, its CSV and XLSX files and the dashboard all take it from
`programme_report`, so they cannot disagree.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID

from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Max, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from content.choices import Sex
from courses.models import CoursePage, QuizPage
from enrollments.calls.transitions import Status
from enrollments.models import Application
from lms.reports.definitions import CONSENTED, DIMENSIONS, NOT_STATED, stated
from lms.reports.models import DayFacts, Indicator, Participation, Project, SelfAssessmentFacts, Target
from lms.reports.suppression import MINIMUM, suppress_counts, suppress_mean, suppress_share, suppress_total

TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Filters:
    """What a report covers: sessions whose first day falls in the period, narrowed by the rest."""

    start: date | None = None
    end: date | None = None
    project: Project | None = None
    course_key: UUID | None = None
    session_id: int | None = None
    oblast: str = ""
    format: str = ""
    trainer_id: int | None = None  # a trainer sees their own sessions only

    def described(self) -> dict[str, str]:
        """The filters as text, for a file's header and the download log."""
        return {name: str(value) for name, value in (
            ("start", self.start), ("end", self.end), ("project", self.project and self.project.code),
            ("course", self.course_key), ("session", self.session_id), ("oblast", self.oblast),
            ("format", self.format), ("trainer", self.trainer_id)) if value}


def places_in(filters: Filters) -> QuerySet[Participation]:
    return _scoped(Participation.objects.all(), filters)


def days_in(filters: Filters) -> QuerySet[DayFacts]:
    return _scoped(DayFacts.objects.all(), filters, first_day="session_first_day")


def _scoped(queryset, filters: Filters, *, first_day: str = "first_day"):
    if filters.start:
        queryset = queryset.filter(**{f"{first_day}__gte": filters.start})
    if filters.end:
        queryset = queryset.filter(**{f"{first_day}__lte": filters.end})
    if filters.project is not None:
        queryset = queryset.filter(session_id__in=filters.project.sessions.values("pk"))
    if filters.course_key:
        queryset = queryset.filter(course_key=filters.course_key)
    if filters.session_id:
        queryset = queryset.filter(session_id=filters.session_id)
    if filters.oblast:
        queryset = queryset.filter(session_oblast=filters.oblast)
    if filters.format:
        queryset = queryset.filter(format=filters.format)
    if filters.trainer_id:
        queryset = queryset.filter(session__trainers=filters.trainer_id)
    return queryset


# --- What is added up: one dict of sums per group of places --------------------------------------------------

BOTH_TESTS = Q(pre_percent__isnull=False, post_percent__isnull=False)
def _one_if(condition: Q) -> Max:
    """1 when any of the person's places meets the condition: counting people needs no DISTINCT once each
    person's places are added up first."""
    return Max(Case(When(condition, then=1), default=0, output_field=IntegerField()))


# What is added up, first per person (and their categories, which are the same on each of their places), then per
# category: one query, hashed rather than sorted (counting distinct people per group would sort every place).
PERSON_SUMS = {
    "places": Count("pk"),
    "reached": _one_if(Q(days_attended__gt=0)),
    "held": Sum("days_held"),
    "attended": Sum("days_attended"),
    "hours_sum": Sum("hours"),
    "over": Count("pk", filter=Q(session_over=True)),
    "completed_places": Count("pk", filter=Q(completed=True)),
    "completed_people": _one_if(Q(completed=True)),
    "certified_places": Count("pk", filter=Q(certified=True)),
    "certified_people": _one_if(Q(certified=True)),
    "tested": Count("pk", filter=BOTH_TESTS),
    "gain": Sum(F("post_percent") - F("pre_percent"), filter=BOTH_TESTS),
    "post_taken": Count("pk", filter=Q(post_percent__isnull=False)),
    "passed": Count("pk", filter=Q(post_passed=True)),
    "women": _one_if(Q(days_attended__gt=0, sex=Sex.FEMALE)),
}
SUMS = tuple(PERSON_SUMS)
DECIMALS = frozenset({"hours_sum", "gain"})


def _sums_by_categories(places) -> list[dict]:
    """One row per combination of the six categories present: the dimensions' values and the SUMS."""
    per_person = places.values("user_id", *DIMENSIONS).annotate(**PERSON_SUMS).order_by()
    sql, params = per_person.query.sql_with_params()
    quote = connection.ops.quote_name
    keys = ", ".join(quote(key) for key in DIMENSIONS)
    sums = ", ".join(f"SUM({quote(name)})" for name in SUMS)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {keys}, {sums} FROM ({sql}) per_person GROUP BY {keys}", params)  # noqa: S608
        columns = [*DIMENSIONS, *SUMS]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    for row in rows:
        for name in SUMS:
            value = row[name] or 0
            row[name] = Decimal(str(value)) if name in DECIMALS else int(value)
    return rows


def _total(rows: list[dict]) -> dict:
    return {name: sum((row[name] for row in rows), Decimal(0) if name in DECIMALS else 0) for name in SUMS}


@dataclass(frozen=True)
class Figures:
    """One group's figures, small ones already suppressed (None is shown as "<5" or "—")."""

    reached: int | None
    places: int | None
    completed: int | None
    certified: int | None
    person_hours: Decimal | None
    attendance_rate: Decimal | None  # per cent
    completion_rate: Decimal | None
    certification_rate: Decimal | None
    mean_gain: Decimal | None  # percentage points
    pass_share: Decimal | None  # per cent
    women_share: Decimal | None

    # The report's columns, in order: (attribute, what it is).
    COLUMNS = ("reached", "places", "completed", "certified", "person_hours", "attendance_rate", "completion_rate",
               "certification_rate", "mean_gain", "pass_share")


def _percent(share: float | None) -> Decimal | None:
    return None if share is None else (Decimal(str(share)) * 100).quantize(TENTH, ROUND_HALF_UP)


def figures(sums: dict, *, people: int | None, places: int | None, completed: int | None,
            certified: int | None) -> Figures:
    """A group's figures from its sums, with its counts as suppression left them (None: suppressed). A rate or a
    mean is shown only over at least MINIMUM places, and never for a group whose own count is suppressed."""
    small = people is None

    def rate(part: int, whole: int) -> Decimal | None:
        """A share of people (or places): by suppress_share's rule."""
        return None if small else _percent(suppress_share(part, whole, minimum=MINIMUM))

    def days_rate(part: int, whole: int) -> Decimal | None:
        """A share of days: describes the group, so shown wherever the group's count is."""
        return None if small or not whole else _percent(part / whole)

    mean = suppress_mean(sums["tested"], float(sums["gain"]) / sums["tested"] if sums["tested"] else None)
    return Figures(
        reached=people, places=places, completed=completed, certified=certified,
        person_hours=None if small else Decimal(sums["hours_sum"]).quantize(TENTH, ROUND_HALF_UP),
        attendance_rate=days_rate(sums["attended"], sums["held"]),
        completion_rate=rate(sums["completed_places"], sums["over"]),
        certification_rate=rate(sums["certified_places"], sums["over"]),
        mean_gain=None if small or mean is None else Decimal(str(mean)).quantize(TENTH, ROUND_HALF_UP),
        pass_share=rate(sums["passed"], sums["post_taken"]),
        women_share=rate(sums["women"], sums["reached"]),
    )


@dataclass(frozen=True)
class Breakdown:
    """One figure table: the categories of one dimension (not stated last) and their figures."""

    key: str
    label: str
    rows: list[tuple[str, str, Figures]]  # (value, label, figures)


@dataclass(frozen=True)
class DayRow:
    number: int
    places: int
    attended: int | None  # suppressed below MINIMUM
    rate: Decimal | None


@dataclass(frozen=True)
class CallRow:
    call_id: int
    name: str
    received: int | None
    shortlisted: int | None
    accepted: int | None
    received_count: int = 0  # before suppression: only for totals that are suppressed in their turn


@dataclass(frozen=True)
class CourseGain:
    course_key: UUID
    title: str
    tested: int | None
    pre: Decimal | None  # mean per cent
    post: Decimal | None
    gain: Decimal | None  # percentage points


@dataclass(frozen=True)
class SelfAssessmentRow:
    """How the people of the report describe themselves on one self-assessment: each person's latest answer."""

    quiz_key: UUID
    title: str
    respondents: int
    bands: list[tuple[str, int | None]]  # (band, people), small ones suppressed


@dataclass(frozen=True)
class TargetRow:
    target: Target
    actual: Decimal | None
    progress: Decimal | None  # per cent of the target


@dataclass
class Report:
    filters: Filters
    total: Figures
    sums: dict
    sessions_held: int
    days_held: int
    breakdowns: list[Breakdown] = field(default_factory=list)
    days: list[DayRow] = field(default_factory=list)
    calls: list[CallRow] = field(default_factory=list)
    application_breakdowns: list = field(default_factory=list)
    courses: list[CourseGain] = field(default_factory=list)
    self_assessments: list[SelfAssessmentRow] = field(default_factory=list)
    targets: list[TargetRow] = field(default_factory=list)
    generated_at: object = None


def programme_report(filters: Filters, *, today: date | None = None) -> Report:
    """Every figure of the report for these filters: a fixed number of queries whatever the data's size."""
    today = today or timezone.localdate()
    places = places_in(filters)
    by_categories = _sums_by_categories(places)
    sums = _total(by_categories)  # the total is the sum of the breakdowns' rows: it cannot disagree with them
    people = suppress_total(sums["reached"])
    total = figures(sums, people=people, places=suppress_total(sums["places"]),
                    completed=suppress_total(sums["completed_people"]),
                    certified=suppress_total(sums["certified_people"]))
    days = days_in(filters)
    held = days.filter(Q(date__lt=today) | Q(date=today, attended__gt=0))
    report = Report(filters=filters, total=total, sums=sums,
                    sessions_held=held.filter(number=1).count(), days_held=held.count(),
                    generated_at=timezone.now())
    report.breakdowns = _breakdowns(by_categories)
    report.days = _by_day(held)
    applications = _applications(filters)
    report.calls = _calls(applications)
    report.application_breakdowns = _application_breakdowns(applications)
    report.courses = _gain_by_course(places)
    report.self_assessments = _self_assessments(places)
    if filters.project is not None:
        report.targets = _targets(filters, report)
    return report


def _by_every_dimension(rows, names) -> dict[str, dict[str, dict]]:
    """Sums per category of each dimension, from one query's rows grouped by all the dimensions at once (a person
    is in one category of each, so the groups' counts of people add up). Few rows: one per combination present."""
    result = {key: defaultdict(lambda: dict.fromkeys(names, 0)) for key in DIMENSIONS}
    for row in rows:
        for key in DIMENSIONS:
            group = result[key][stated(row[key] or NOT_STATED)]
            for name in names:
                group[name] += row[name] or 0
    return result


def _ordered(key: str) -> list[str]:
    """A dimension's categories in the order of its choices, "not stated" last."""
    return [value for value in DIMENSIONS[key][1].values if value != "undisclosed"] + [NOT_STATED]


def _breakdowns(by_categories: list[dict]) -> list[Breakdown]:
    grouped = _by_every_dimension(by_categories, SUMS)
    return [_breakdown(key, label, choices, grouped[key]) for key, (label, choices) in DIMENSIONS.items()]


def _breakdown(key: str, label, choices, groups: dict) -> Breakdown:
    order = _ordered(key)
    sums = {value: groups[value] for value in order}
    shown = {name: suppress_counts({value: group[name] for value, group in sums.items()})
             for name in ("reached", "places", "completed_people", "certified_people")}
    labels = dict(choices.choices)
    rows = [(value, str(labels.get(value, "")) if value else "", figures(
        sums[value], people=shown["reached"][value], places=shown["places"][value],
        completed=shown["completed_people"][value], certified=shown["certified_people"][value]))
        for value in order]
    return Breakdown(key=key, label=str(label), rows=rows)


def _by_day(held_days) -> list[DayRow]:
    rows = []
    for row in held_days.values("number").annotate(places=Sum("places"), attended=Sum("attended")).order_by("number"):
        attended = suppress_total(row["attended"])
        rate = row["attended"] / row["places"] if attended is not None and row["places"] else None
        rows.append(DayRow(number=row["number"], places=row["places"], attended=attended, rate=_percent(rate)))
    return rows


def ukrainian_titles(page_model, keys) -> dict:
    """The titles of the pages with these translation keys, as their Ukrainian pages name them (a report is
    counted across a page's translations: its places and answers point at either)."""
    return dict(page_model.objects.filter(translation_key__in=keys, locale__language_code="uk")
                .values_list("translation_key", "title"))


def _gain_by_course(places) -> list[CourseGain]:
    rows = list(places.filter(BOTH_TESTS).values("course_key").annotate(
        tested=Count("pk"), pre=Sum("pre_percent"), post=Sum("post_percent")).order_by())
    titles = ukrainian_titles(CoursePage, [row["course_key"] for row in rows])
    gains = []
    for row in rows:
        tested = row["tested"]

        def mean(value, tested=tested):
            shown = suppress_mean(tested, float(value) / tested)
            return None if shown is None else Decimal(str(shown)).quantize(TENTH, ROUND_HALF_UP)

        pre, post = mean(row["pre"]), mean(row["post"])
        gains.append(CourseGain(course_key=row["course_key"], title=titles.get(row["course_key"], ""),
                                tested=suppress_total(tested), pre=pre, post=post,
                                gain=mean(row["post"] - row["pre"]) if pre is not None else None))
    return sorted(gains, key=lambda gain: gain.title)


def _self_assessments(places) -> list[SelfAssessmentRow]:
    """Bands of each self-assessment among the report's people, from each person's latest answer (as the quiz
    results count it), shown only from MINIMUM respondents."""
    counted = SelfAssessmentFacts.objects.filter(user_id__in=places.filter(days_attended__gt=0).values("user_id"))
    counts = defaultdict(dict)
    for row in counted.values("quiz_key", "band").annotate(people=Count("pk")).order_by():
        counts[row["quiz_key"]][row["band"]] = row["people"]
    titles = ukrainian_titles(QuizPage, list(counts))
    rows = []
    for quiz_key, bands in counts.items():
        respondents = sum(bands.values())
        if respondents < MINIMUM:
            continue
        shown = suppress_counts(dict(sorted(bands.items())))
        rows.append(SelfAssessmentRow(quiz_key=quiz_key, title=titles.get(quiz_key, ""), respondents=respondents,
                                      bands=list(shown.items())))
    return sorted(rows, key=lambda row: row.title)


def _applications(filters: Filters):
    """The applications a report counts (drafts are not applications), or None where the report is of some
    sessions only: calls recruit for sessions, so a report of a course, a session or a format leaves them out."""
    if filters.trainer_id or filters.session_id or filters.course_key or filters.format:
        return None
    applications = Application.objects.exclude(status=Status.DRAFT)
    if filters.project is not None:
        applications = applications.filter(call__in=filters.project.calls.values("pk"))
    if filters.start:
        applications = applications.filter(submitted_at__date__gte=filters.start)
    if filters.end:
        applications = applications.filter(submitted_at__date__lte=filters.end)
    if filters.oblast:
        applications = applications.filter(oblast=filters.oblast)
    return applications


APPLICATION_SUMS = {
    "received": Count("pk"),
    "shortlisted": Count("pk", filter=Q(status__in=(Status.SHORTLISTED, Status.ACCEPTED)) | Q(stage__gt=0)),
    "accepted": Count("pk", filter=Q(status=Status.ACCEPTED)),
}


def _calls(applications) -> list[CallRow]:
    if applications is None:
        return []
    rows = list(applications.values("call_id", "call__name").annotate(**APPLICATION_SUMS).order_by("call__name",
                                                                                                    "call_id"))
    # The calls' applications add up to the total a target shows: a small call's is withheld against the others.
    received = suppress_counts({row["call_id"]: row["received"] for row in rows})
    return [CallRow(call_id=row["call_id"], name=row["call__name"], received=received[row["call_id"]],
                    shortlisted=suppress_total(row["shortlisted"]), accepted=suppress_total(row["accepted"]),
                    received_count=row["received"])
            for row in rows]


@dataclass(frozen=True)
class ApplicationBreakdown:
    key: str
    label: str
    rows: list[tuple[str, str, dict[str, int | None]]]  # (value, label, {received, shortlisted, accepted})


def _application_breakdowns(applications) -> list[ApplicationBreakdown]:
    """Applications by each dimension: the oblast and profession the applicant declared, the rest as their profile
    says with their consent."""
    if applications is None:
        return []
    consented = Q(applicant__profile__reporting_consent_at__isnull=False)
    described = {key: Case(When(consented, then=F(f"applicant__profile__{key}")), default=Value(NOT_STATED))
                 for key in CONSENTED}
    rows = list(applications.annotate(**{f"{key}_": value for key, value in described.items()})
                .values(*(f"{key}_" if key in CONSENTED else key for key in DIMENSIONS))
                .annotate(**APPLICATION_SUMS).order_by())
    if not rows:
        return []
    rows = [{**{key: row[f"{key}_" if key in CONSENTED else key] for key in DIMENSIONS},
             **{name: row[name] for name in APPLICATION_SUMS}} for row in rows]
    grouped = _by_every_dimension(rows, APPLICATION_SUMS)
    result = []
    for key, (label, choices) in DIMENSIONS.items():
        order = _ordered(key)
        shown = {name: suppress_counts({value: grouped[key][value][name] for value in order})
                 for name in APPLICATION_SUMS}
        labels = dict(choices.choices)
        result.append(ApplicationBreakdown(key=key, label=str(label), rows=[
            (value, str(labels.get(value, "")) if value else "",
             {name: shown[name][value] for name in APPLICATION_SUMS}) for value in order]))
    return result


def _targets(filters: Filters, report: Report) -> list[TargetRow]:
    rows = []
    for target in filters.project.targets.all():
        if target.profession:
            group = next((figures_ for value, _label, figures_ in _breakdown_rows(report, "profession")
                          if value == target.profession), None)
        else:
            group = report.total
        actual = _actual(target.indicator, group, report) if group is not None else None
        progress = None if actual is None or not target.value else (
            Decimal(actual) * 100 / target.value).quantize(TENTH, ROUND_HALF_UP)
        rows.append(TargetRow(target=target, actual=actual, progress=progress))
    return rows


def _breakdown_rows(report: Report, key: str):
    return next(breakdown.rows for breakdown in report.breakdowns if breakdown.key == key)


def _actual(indicator: str, group: Figures, report: Report) -> Decimal | None:
    value = {
        Indicator.REACHED: group.reached,
        Indicator.COMPLETED: group.completed,
        Indicator.CERTIFIED: group.certified,
        Indicator.PERSON_HOURS: group.person_hours,
        Indicator.SESSIONS_HELD: report.sessions_held,
        Indicator.ATTENDANCE_RATE: group.attendance_rate,
        Indicator.PASS_SHARE: group.pass_share,
        Indicator.WOMEN_SHARE: group.women_share,
        Indicator.APPLICATIONS: suppress_total(sum(row.received_count for row in report.calls)),
    }[indicator]
    return None if value is None else Decimal(value)
