"""The demo's project and its report (lms/demo/projects.py): the issue's "done when" walked through on the demo —
the coordinator opens the demo project's report and sees progress against its targets, and figures and pictures by
oblast, sex and profession."""

import pytest
from django.contrib.auth import get_user_model

from lms.demo.projects import CODE, TARGETS
from lms.reports.models import Participation, Project
from lms.reports.selectors import Filters, programme_report
from tests.helpers import text


class TestTheDemoProjectsReport:
    """The seed runs once for these tests, in a transaction rolled back after the class."""

    @pytest.fixture(autouse=True)
    def _seeded(self, demo_output, db):
        pass

    def test_the_project_tags_every_demo_session_and_call_and_its_facts_are_counted(self):
        project = Project.objects.get(code=CODE)
        assert project.sessions.count() >= 3 and project.calls.count() == 1
        assert project.targets.count() == len(TARGETS)
        assert Participation.objects.filter(session__in=project.sessions.all()).exists()

    def test_the_coordinator_sees_progress_against_the_targets_and_the_breakdowns(self, client):
        project = Project.objects.get(code=CODE)
        report = programme_report(Filters(project=project))
        assert report.total.reached and report.total.reached >= 5
        assert [row.target.indicator for row in report.targets] == [indicator for indicator, _v, _p in TARGETS]
        assert report.sessions_held >= 1 and report.calls

        client.force_login(get_user_model().objects.get(email="coordinator@example.org"))
        response = client.get("/admin/reports/", {"project": project.pk})
        assert response.status_code == 200
        html = text(response)
        for heading in ("Поступ щодо цільових значень проєкту", "За ознакою «стать»", "За ознакою «область»",
                        "За ознакою «професія»", "Охоплено людей за областями", "Відвідуваність за днями"):
            assert heading in html
        assert f"<dt>Охоплено людей</dt><dd>{report.total.reached}</dd>" in html
