"""The report facts follow the records (lms/reports/receivers.py) and the dashboard shows the report's own
figures (lms/reports/panels.py)."""

import pytest
from django.utils import timezone

from enrollments import services
from enrollments.attendance.services import record_attendance
from lms.reports import facts, receivers
from lms.reports.models import DayFacts, Participation
from lms.reports.panels import ProgrammePanel
from lms.reports.selectors import Filters, programme_report
from tests.enrollments.factories import EnrollmentFactory, schedule
from tests.factories import CoordinatorFactory
from tests.helpers import text
from tests.lms.reports.world import build_world

pytestmark = pytest.mark.django_db


def test_a_roster_save_a_cancellation_and_a_profile_change_refresh_the_facts_once_committed(
        tree, django_capture_on_commit_callbacks):
    session = schedule(start_in=-1, days=1, course=tree.course)
    first, second = EnrollmentFactory(session=session), EnrollmentFactory(session=session)
    facts.refresh_sessions([session.pk])
    day = session.days.get()

    with django_capture_on_commit_callbacks(execute=True):
        record_attendance(day=day, marks={first.pk: "present", second.pk: "absent"}, by=None, method="roster")
    assert dict(Participation.objects.values_list("pk", "days_attended")) == {first.pk: 1, second.pk: 0}
    assert DayFacts.objects.get().attended == 1

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_enrollment(enrollment=second)
    assert list(Participation.objects.values_list("pk", flat=True)) == [first.pk]  # no longer a place

    with django_capture_on_commit_callbacks(execute=True):
        services.update_profile(user=first.user, data={"sex": "female", "profession": "teacher"},
                                reporting_consent=True)
    assert Participation.objects.values_list("sex", "profession").get() == ("female", "teacher")


def test_many_changes_in_one_transaction_refresh_a_session_once(tree, django_capture_on_commit_callbacks,
                                                                  monkeypatch):
    session = schedule(start_in=-1, days=1, course=tree.course)
    refreshed = []
    monkeypatch.setattr(facts, "refresh_sessions", lambda ids: refreshed.append(set(ids)))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for _ in range(5):
            EnrollmentFactory(session=session)
    assert len([callback for callback in callbacks if callback.__module__ == receivers.__name__]) == 5
    assert refreshed == [{session.pk}]


def test_a_failed_refresh_keeps_the_change_and_is_logged(tree, django_capture_on_commit_callbacks, monkeypatch,
                                                         caplog):
    session = schedule(start_in=-1, days=1, course=tree.course)

    def broken(ids):
        raise RuntimeError("database went away")

    monkeypatch.setattr(facts, "refresh_sessions", broken)
    with django_capture_on_commit_callbacks(execute=True):
        place = EnrollmentFactory(session=session)
    place.refresh_from_db()  # saved all the same
    assert "were not refreshed; the nightly refresh will" in caplog.text


def test_the_dashboard_shows_the_reports_figures(client, tree):
    world = build_world(tree.course)
    today = timezone.localdate()
    report = programme_report(Filters(start=today.replace(month=1, day=1), end=today.replace(month=12, day=31)))
    context = ProgrammePanel().get_context_data()
    assert (context["reached"], context["sessions_held"], context["certified"]) == (
        str(report.total.reached), str(report.sessions_held), str(report.total.certified))

    client.force_login(CoordinatorFactory())
    response = client.get("/admin/")
    assert response.status_code == 200
    html = text(response)
    # 15 on any day but the first ten of January, when the world's session began last year
    this_year = world.session.days.order_by("date").first().date.year == today.year
    assert context["reached"] == ("15" if this_year else "0")
    assert f"<dt>Охоплено людей</dt><dd>{context['reached']}</dd>" in html
    assert "Відкрити звіт за програмою" in html


def test_a_new_self_assessment_answer_replaces_the_persons_latest_once_committed(
        tree, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from lms.reports.models import SelfAssessmentFacts
    from tests.courses.factories import add_quiz
    from tests.lms.reports.world import _attempt, _version

    place = EnrollmentFactory(session=schedule(start_in=-1, days=1, course=tree.course))
    strain = _version(add_quiz(tree.course, slug="strain", kind="self_assessment"), "self_assessment")
    with django_capture_on_commit_callbacks(execute=True):
        _attempt(strain, place, 90, band="Високе", when=timezone.now() - timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        _attempt(strain, place, 30, band="Низьке", number=2)

    assert list(SelfAssessmentFacts.objects.values_list("user_id", "band")) == [(place.user_id, "Низьке")]
