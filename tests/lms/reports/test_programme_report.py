"""The programme report's figures (lms/reports/selectors.py over lms/reports/facts.py), exactly, on the fixed
programme of tests/lms/reports/world.py: the headline, every breakdown, attendance by day, the call and the
project's targets."""

from decimal import Decimal

import pytest

from lms.reports import facts
from lms.reports.models import Participation
from lms.reports.selectors import Filters, programme_report
from tests.enrollments.factories import in_days
from tests.lms.reports.world import build_world

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def world(tree):
    return build_world(tree.course)


def row(breakdown, value):
    return next(figures for key, _label, figures in breakdown.rows if key == value)


def test_the_headline(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):  # measured 12, whatever the number of people and sessions
        report = programme_report(Filters(project=world.project))

    total = report.total
    assert (total.reached, total.places, total.completed, total.certified) == (15, 15, 10, 5)
    assert total.person_hours == D("210.0")  # ten times 18 hours, five times 6
    assert total.attendance_rate == D("77.8")  # 35 of 45 days
    assert total.completion_rate == D("66.7")  # 10 of 15 places
    assert total.certification_rate == D("33.3")  # 5 of 15: the revoked certificate does not count
    assert total.mean_gain == D("20.0")  # (5 × 30 + 5 × 10) / 10
    assert total.pass_share == D("50.0")  # 5 of 10
    assert total.women_share == D("66.7")  # 10 of 15: n1 did not consent, so she is not described
    assert (report.sessions_held, report.days_held) == (1, 3)


def test_breakdowns_suppress_small_cells_and_what_would_give_them_away(world):
    report = programme_report(Filters(project=world.project))
    by = {breakdown.key: breakdown for breakdown in report.breakdowns}

    assert [(key, figures.reached) for key, _label, figures in by["sex"].rows] == [
        ("female", 10),
        ("male", None),
        ("", None),
    ]  # 4 men and 1 not stated: together 5, each "<5"
    assert [(key, figures.reached) for key, _label, figures in by["oblast"].rows if figures.reached != 0] == [
        ("dnipropetrovsk", 10),
        ("kharkiv", 5),
    ]
    professions = {key: figures.reached for key, _label, figures in by["profession"].rows}
    assert (professions["social_worker"], professions["psychologist"], professions["teacher"], professions[""]) == (
        10,
        None,
        None,
        0,
    )

    women = row(by["sex"], "female")
    # 8 women and 2 men completed: the men's 2 is withheld, and the women's 8 with it, or 10 - 8 gives it away
    assert (women.places, women.completed, women.certified) == (10, None, 5)
    assert women.attendance_rate == D("86.7")  # 26 of 30 days
    assert women.mean_gain == D("22.5")  # (5 × 30 + 3 × 10) / 8
    assert women.completion_rate is None  # 8 of 10: the 2 who did not would be given away
    assert women.pass_share is None  # 5 of 8 passed: 3 did not
    men = row(by["sex"], "male")
    assert (men.reached, men.places, men.attendance_rate, men.mean_gain, men.person_hours) == (
        None,
        None,
        None,
        None,
        None,
    )  # a suppressed group is never described
    assert [row(by[key], "").reached for key in ("age_band", "displacement_status", "disability")] == [
        None,
        None,
        None,
    ]  # n1 alone, under "not stated" (with the 35–44 / IDP / "no" cells suppressed beside her)


def test_attendance_by_day_the_call_and_the_targets(world):
    report = programme_report(Filters(project=world.project))

    assert [(day.number, day.places, day.attended, day.rate) for day in report.days] == [
        (1, 15, 15, D("100.0")),
        (2, 15, 10, D("66.7")),
        (3, 15, 10, D("66.7")),
    ]
    assert [(call.name, call.received, call.shortlisted, call.accepted) for call in report.calls] == [
        ("Набір учителів", 16, 10, 5)
    ]  # drafts are not applications
    assert [(row.target.indicator, row.target.profession, row.actual, row.progress) for row in report.targets] == [
        ("reached", "", D(15), D("5.0")),
        ("women_share", "", D("66.7"), D("111.2")),
        ("reached", "social_worker", D(10), D("10.0")),
        ("applications", "", D(16), D("40.0")),
    ]


def test_filters_narrow_every_figure(world):
    assert programme_report(Filters(start=in_days(-5))).total.places == 0  # the session began 10 days ago
    assert programme_report(Filters(start=in_days(-12), end=in_days(-9))).total.places == 15
    assert programme_report(Filters(oblast="kharkiv")).total.places == 0  # where the session was held
    assert programme_report(Filters(session_id=world.session.pk)).total.reached == 15
    assert programme_report(Filters(trainer_id=world.people["w1"].user_id)).total.places == 0


def test_refreshing_twice_counts_the_same(world):
    before = list(Participation.objects.order_by("pk").values())
    facts.refresh_sessions([world.session.pk])
    after = list(Participation.objects.order_by("pk").values())
    assert [{**row, "refreshed_at": None} for row in after] == [{**row, "refreshed_at": None} for row in before]
    assert len(after) == 15


def test_a_day_passing_is_counted_by_the_stale_refresh(tree):
    from tests.enrollments.factories import EnrollmentFactory, schedule

    session = schedule(start_in=0, days=2, course=tree.course)
    place = EnrollmentFactory(session=session)
    facts.refresh_sessions([session.pk])
    fact = Participation.objects.get(pk=place.pk)
    assert (fact.days_held, fact.session_over, fact.stale_from) == (0, False, in_days(1))

    assert facts.refresh_stale(today=in_days(2)) == 1
    fact.refresh_from_db()
    assert (fact.days_held, fact.days_attended, fact.session_over, fact.stale_from) == (2, 0, True, None)
    assert facts.refresh_stale(today=in_days(3)) == 0


def test_self_assessment_bands_count_each_persons_latest_answer(world):
    [strain] = programme_report(Filters(project=world.project)).self_assessments
    assert (strain.title, strain.respondents) == ("Тест strain", 11)
    assert strain.bands == [("Високе навантаження", 5), ("Помірне навантаження", 6)]
    # w1's earlier "high" is not counted; people outside the report's sessions are not either
    assert programme_report(Filters(oblast="kharkiv")).self_assessments == []


def test_applications_are_broken_down_by_what_applicants_declared_and_consented_to(world):
    report = programme_report(Filters(project=world.project))
    by = {breakdown.key: breakdown for breakdown in report.application_breakdowns}

    def counts(key):
        return {value: tuple(figures.values()) for value, _label, figures in by[key].rows if any(figures.values())}

    assert counts("oblast") == {"dnipropetrovsk": (16, 10, 5)}  # as declared on the application
    assert counts("profession") == {"teacher": (16, 10, 5)}
    assert counts("sex") == {"": (16, 10, 5)}  # the applicants gave no consent: counted, not described
    assert programme_report(Filters(session_id=world.session.pk)).application_breakdowns == []
