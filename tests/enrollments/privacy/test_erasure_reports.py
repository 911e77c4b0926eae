"""Reports keep their counts and every breakdown when people's data is erased, also after the report facts are
rebuilt from the records (`refresh_report_facts --all`): checked on the fixed programme of tests/lms/reports."""

import dataclasses

import pytest
from django.core.management import call_command

from enrollments.calls.models import Application
from enrollments.models import Profile
from enrollments.privacy import erasure
from lms.reports.selectors import Filters, programme_report
from tests.factories import CoordinatorFactory
from tests.lms.reports.world import build_world


@pytest.fixture
def world(tree):
    return build_world(tree.course)


def figures(world) -> dict:
    """Everything the report says, but the moment it was drawn."""
    report = dataclasses.asdict(programme_report(Filters(project=world.project)))
    report.pop("generated_at")
    return report


def test_erasing_people_changes_no_figure_of_the_report_even_rebuilt(world, django_capture_on_commit_callbacks):
    before = figures(world)
    coordinator = CoordinatorFactory()
    applicant = Application.objects.filter(call=world.call, status="accepted").first().applicant
    erased = [world.people[name].user for name in ("w1", "m1", "n1")] + [applicant]  # certified, revoked, no consent
    with django_capture_on_commit_callbacks(execute=True):
        for user in erased:
            request = erasure.request_erasure(user=user, keep_certificates=False)
            erasure.execute_erasure(erasure_request=request, by=coordinator)

    assert figures(world) == before
    call_command("refresh_report_facts", "--all", verbosity=0)
    assert figures(world) == before
    assert before["total"]["reached"] == 15 and before["breakdowns"]  # the programme the figures are known for
    assert not Profile.objects.filter(user__in=erased).exclude(full_name="", sex="").exists()  # and yet
