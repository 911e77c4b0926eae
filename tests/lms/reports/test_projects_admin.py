"""Reports → Projects (lms/reports/wagtail_hooks.py): a coordinator records a project, tags its sessions and calls
and sets its targets; M&E officers read projects; nobody else sees them."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from content.models import Call
from lms.reports.models import Project
from lms.reports.roles import MONITORING
from tests.enrollments.factories import schedule
from tests.factories import CoordinatorFactory, TrainerFactory, UserFactory
from tests.helpers import text

pytestmark = pytest.mark.django_db

ADD = "/admin/projects/new/"
LIST = "/admin/projects/"


def project_form(session, call, **fields) -> dict:
    data = nested_form_data({
        "name": "Психосоціальна підтримка", "donor": "Mercy Corps", "code": "MC-UA-7", "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "targets": inline_formset([
            {"indicator": "reached", "value": "300", "profession": "social_worker"},
            {"indicator": "pass_share", "value": "70", "profession": ""},
        ]),
        **fields,
    })
    return {**data, "sessions": [session.pk], "calls": [call.pk]}  # several values each, as a browser posts them


def test_a_coordinator_records_a_project_with_its_sessions_calls_and_targets(client, tree):
    session = schedule(start_in=-30, course=tree.course)
    call = Call.objects.create(name="Набір", deadline="2026-03-01T12:00:00Z")
    client.force_login(CoordinatorFactory())

    response = client.post(ADD, project_form(session, call))

    assert response.status_code == 302
    project = Project.objects.get(code="MC-UA-7")
    assert list(project.sessions.all()) == [session] and list(project.calls.all()) == [call]
    assert list(project.targets.values_list("indicator", "value", "profession")) == [
        ("reached", Decimal("300.0"), "social_worker"), ("pass_share", Decimal("70.0"), "")]
    listing = client.get(LIST)
    assert listing.status_code == 200 and "MC-UA-7" in text(listing)


def test_a_project_that_ends_before_it_starts_is_refused_with_the_reason(client, tree):
    session = schedule(start_in=-30, course=tree.course)
    call = Call.objects.create(name="Набір", deadline="2026-03-01T12:00:00Z")
    client.force_login(CoordinatorFactory())

    response = client.post(ADD, project_form(session, call, ends_on="2025-12-31"))

    assert response.status_code == 200  # the form again, nothing saved
    assert "Проєкт закінчується не раніше дня, коли починається." in text(response)
    assert not Project.objects.exists()


def test_monitoring_officers_read_projects_and_trainers_do_not_see_them(client, tree):
    Project.objects.create(name="Проєкт", donor="USAID", code="US-1", starts_on="2026-01-01", ends_on="2026-06-30")
    officer = UserFactory()
    officer.groups.add(Group.objects.get(name=MONITORING))
    client.force_login(officer)
    assert "US-1" in text(client.get(LIST))
    assert client.get(ADD).status_code == 302  # refused: read-only

    client.force_login(TrainerFactory())
    assert client.get(LIST).status_code == 302
