"""Reporting details removed at the end of their retention period (enrollments/privacy/services.py) leave the
report's counts as they were, on the fixed programme of tests/lms/reports/world.py: the facts keep the categories
they were counted with, through the refresh that follows and through a nightly `refresh_report_facts --all`."""

import pytest
from django.core.management import call_command

from enrollments.models import Profile
from enrollments.privacy import services
from lms.reports.models import Participation
from lms.reports.selectors import Filters, programme_report
from tests.enrollments.factories import EnrollmentFactory, ProfileFactory, in_days
from tests.factories import ParticipantFactory
from tests.lms.reports.world import build_world

pytestmark = pytest.mark.django_db
MONTHS = {"reporting_details": 12, "rejected_applications": 6, "access_log": 24}
DESCRIBED = ("sex", "age_band", "displacement_status", "disability")


def figures(world) -> tuple:
    report = programme_report(Filters(project=world.project))
    return (report.total, [(b.key, [(key, row) for key, _label, row in b.rows]) for b in report.breakdowns],
            [(row.call_id, row.received, row.shortlisted, row.accepted) for row in report.calls])


def test_blanking_reporting_details_keeps_every_count_also_after_refreshing_everything(
        tree, django_capture_on_commit_callbacks):
    world = build_world(tree.course)
    before = figures(world)
    described_before = list(Participation.objects.order_by("pk").values_list(*DESCRIBED))
    assert ("female", "35_44", "idp", "no") in described_before

    with django_capture_on_commit_callbacks(execute=True):
        outcomes = services.apply_retention(months=MONTHS, today=in_days(400))
    assert outcomes[0].removed == 15  # every person of the session, n1 (no consent) too
    assert set(Profile.objects.values_list(*DESCRIBED)) == {("", "", "", "")}
    assert not Profile.objects.filter(reporting_consent_at__isnull=False).exists()
    assert list(Participation.objects.order_by("pk").values_list(*DESCRIBED)) == described_before
    assert figures(world) == before

    call_command("refresh_report_facts", "--all", stdout=None)
    assert list(Participation.objects.order_by("pk").values_list(*DESCRIBED)) == described_before
    assert figures(world) == before


def test_a_place_taken_after_the_details_went_is_counted_from_the_profile_as_it_is_now(
        tree, django_capture_on_commit_callbacks):
    world = build_world(tree.course)
    with django_capture_on_commit_callbacks(execute=True):
        services.apply_retention(months=MONTHS, today=in_days(400))
    newcomer = ProfileFactory(user=ParticipantFactory(), sex="male", reporting_consent_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        place = EnrollmentFactory(session=world.session, user=newcomer.user)

    kept = Participation.objects.get(pk=world.people["w1"].pk)
    new = Participation.objects.get(pk=place.pk)
    assert (kept.sex, kept.description_kept) == ("female", True)
    assert (new.sex, new.description_kept) == ("", False)  # no consent: not described
