"""The reports area (lms/reports/admin_views.py): who may open it, what it shows, and its cost in queries."""

import re

import pytest
from django.contrib.auth.models import Group

from lms.reports.roles import MONITORING
from tests.factories import CoordinatorFactory, ParticipantFactory, ReviewerFactory, TrainerFactory, UserFactory
from tests.helpers import text
from tests.lms.reports.world import build_world

pytestmark = pytest.mark.django_db

URL = "/admin/reports/"
PRINT_URL = "/admin/reports/print/"
QUERIES = 45  # the admin's own (user, session, menus) and the report's fixed number


@pytest.fixture
def world(tree):
    return build_world(tree.course)


def monitoring_officer():
    user = UserFactory()
    user.groups.add(Group.objects.get(name=MONITORING))
    return user


@pytest.mark.parametrize("who", [CoordinatorFactory, monitoring_officer])
def test_coordinators_and_monitoring_officers_see_the_projects_report(client, world, who,
                                                                      django_assert_max_num_queries):
    client.force_login(who())
    with django_assert_max_num_queries(QUERIES):
        response = client.get(URL, {"project": world.project.pk})

    assert response.status_code == 200
    html = text(response)
    assert re.search(r"<h1[^>]*>(?:(?!</h1>).)*Звіт за програмою", html, re.S)  # the header names the page
    assert '<dt>Охоплено людей</dt><dd>15</dd>' in html
    assert "66,7" in html  # the women's share, the completion rate
    men = html.split("<th scope=\"row\">Чоловіча</th>", 1)[1].split("</tr>", 1)[0]
    assert men.startswith('<td class="report-number"><5</td>')  # four men: withheld
    assert "Набір учителів" in html
    assert 'role="img"' in html  # the pictures
    assert "Охоплено: людина, яка відвідала" in html  # the footnotes


def test_the_printable_annex_shows_the_same_figures(client, world):
    client.force_login(CoordinatorFactory())
    page = text(client.get(URL, {"project": world.project.pk}))
    response = client.get(PRINT_URL, {"project": world.project.pk})

    assert response.status_code == 200
    annex = text(response)
    assert "UA-2026-01 · Підтримка фахівців (UNICEF)" in annex
    def cells(html):  # every cell of the report's own tables
        return re.findall(r"<t[dh](?:\s[^>]*)?>(.*?)</t[dh]>", html.split('id="report-headline"', 1)[1])

    assert len(cells(page)) > 300
    assert cells(annex) == cells(page)


def test_a_trainer_sees_their_own_sessions_only(client, world):
    trainer = TrainerFactory()
    client.force_login(trainer)
    refused = client.get(URL)  # trains nothing: no report (the admin sends refusals to its dashboard)
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")

    world.session.trainers.add(trainer)
    response = client.get(URL)
    assert response.status_code == 200
    assert "<dt>Охоплено людей</dt><dd>15</dd>" in text(response)
    assert "які проводите ви" in text(response)


@pytest.mark.parametrize("who", [ParticipantFactory, ReviewerFactory])
def test_participants_and_reviewers_are_refused(client, world, who):
    client.force_login(who())
    for url in (URL, PRINT_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] in ("/admin/", f"/uk/accounts/login/?next={url}")


def test_a_period_that_ends_before_it_starts_says_so(client, world):
    client.force_login(CoordinatorFactory())
    response = client.get(URL, {"start": "2026-05-01", "end": "2026-04-01"})

    assert response.status_code == 200
    assert "Період має закінчуватися" in text(response)


def test_the_session_filter_offers_a_few_sessions_named_by_place_and_dates_and_takes_any(client, world, monkeypatch):
    from lms.reports import forms
    from tests.enrollments.factories import schedule

    monkeypatch.setattr(forms, "SESSION_CHOICES", 2)
    older = schedule(start_in=-400, days=1, course=world.session.course, city="Кривий Ріг")
    schedule(start_in=5, days=1, course=world.session.course)
    schedule(start_in=9, days=1, course=world.session.course)
    client.force_login(CoordinatorFactory())

    html = text(client.get(URL, {"session": older.pk}))

    options = re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', html.split('name="session"', 1)[1].split(
        "</select>", 1)[0])
    assert len(options) == 3  # the latest two, and the one asked for
    assert options[-1][0] == str(older.pk) and "Кривий Ріг · " in options[-1][1]
