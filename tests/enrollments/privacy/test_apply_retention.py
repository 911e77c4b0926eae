"""`manage.py apply_retention`: what it says it removed, per purpose and without names; dry runs; a run that had
to skip records fails naming them; a period it cannot enforce stops it."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from enrollments.models import Profile
from enrollments.privacy import services
from lms.operations import scheduled
from tests.enrollments.factories import ProfileFactory
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def consented_long_ago():
    return ProfileFactory(user=ParticipantFactory(), sex="male", disability="no",
                          reporting_consent_at=timezone.now() - timedelta(days=400))


def test_it_says_per_purpose_what_it_removed_and_then_that_nothing_was_left(consented_long_ago, rejected):
    first = run()
    assert first.splitlines() == [
        "reporting_details (12 months): removed 1 person(s)' reporting details (sex, age band, displacement, "
        "disability)",
        "rejected_applications (6 months): removed 1 application(s) not accepted (answers, name, files; drafts "
        "whole)",
        "access_log (24 months): removed 0 access record(s)",
    ]
    assert "Щербак" not in first and consented_long_ago.user.email not in first
    assert [line.split(": removed ")[1].split()[0] for line in run().splitlines()] == ["0", "0", "0"]


def test_a_dry_run_counts_and_removes_nothing(consented_long_ago):
    assert "reporting_details (12 months): would remove (dry run) 1 person(s)'" in run("--dry-run")
    assert Profile.objects.get().sex == "male"


def test_periods_come_from_the_setting(settings, consented_long_ago):
    settings.PRIVACY_RETENTION_MONTHS = {**settings.PRIVACY_RETENTION_MONTHS, "reporting_details": 18}
    assert "reporting_details (18 months): removed 0 " in run()


def test_records_it_had_to_skip_fail_the_run_by_purpose_after_the_others_are_done(consented_long_ago, rejected,
                                                                                 monkeypatch):
    def broken(*, application_id):
        raise RuntimeError("storage unreachable")

    monkeypatch.setattr(services, "strip_application", broken)
    out = StringIO()
    with pytest.raises(CommandError, match=rf"Skipped rejected_applications: 1 \({rejected.pk}\)"):
        call_command("apply_retention", stdout=out)
    assert "reporting_details (12 months): removed 1 " in out.getvalue()
    assert Profile.objects.get().sex == ""


def test_a_period_it_cannot_enforce_stops_it_by_name(settings):
    settings.PRIVACY_RETENTION_MONTHS = {"reporting_details": 12, "access_log": 24}
    with pytest.raises(CommandError, match="PRIVACY_RETENTION_MONTHS has no period for rejected_applications"):
        run()


def test_it_is_scheduled():
    assert "apply_retention" in scheduled.SCHEDULABLE
