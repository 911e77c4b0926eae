"""The privacy notice (content/privacy.py, content/views.py): written from the PRIVACY_* settings in both
languages, the periods exactly those `apply_retention` enforces, the controller falling back to the site settings,
linked from every page's footer and from the consent texts."""

import pytest
from django.utils import translation
from wagtail.models import Site

from content.models import SiteSettings
from content.privacy import privacy_notice
from tests.helpers import text, uk, uk_plural

pytestmark = pytest.mark.django_db
PURPOSES = ["learning", "trainings", "certificates", "calls", "reporting", "security"]
MONTHS = {"reporting_details": 12, "rejected_applications": 6, "access_log": 24}


def notice(**controller):
    return privacy_notice(controller={"name": "", "email": "", "address": "", **controller}, purposes=PURPOSES,
                          retention_months=MONTHS, organisation_name="ГО «Світло»", contact_email="info@svitlo.org")


def test_the_controller_is_the_setting_or_else_the_organisation_of_the_site_settings():
    assert (notice().controller_name, notice().controller_email) == ("ГО «Світло»", "info@svitlo.org")
    named = notice(name="БФ «Громада»", email="dpo@hromada.org", address="Дніпро, вул. Яворницького, 1")
    assert (named.controller_name, named.controller_email, named.controller_address) == (
        "БФ «Громада»", "dpo@hromada.org", "Дніпро, вул. Яворницького, 1")


def test_every_period_of_the_setting_is_stated_with_its_months_in_the_readers_language():
    with translation.override("en"):
        periods = notice().periods
    assert [(period.key, period.months, period.length) for period in periods] == [
        ("reporting_details", 12, "12 months"), ("rejected_applications", 6, "6 months"),
        ("access_log", 24, "24 months")]
    assert periods[0].what == "Sex, age band, displacement status and disability"
    with translation.override("en"):
        other = privacy_notice(controller={}, purposes=["learning"], retention_months={"exports": 1})
    assert (other.periods[0].what, other.periods[0].length) == ("Exports", "1 month")


@pytest.fixture
def site_settings(tree):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.organisation_name_uk, settings.organisation_name_en = "ГО «Світло»", "Svitlo NGO"
    settings.contact_email = "info@svitlo.org"
    settings.save()
    return settings


def test_the_ukrainian_notice_states_controller_purposes_periods_rights_and_contact(client, site_settings,
                                                                                     django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get("/uk/privacy/")

    assert response.status_code == 200
    html = text(response)
    assert "<h1>" + uk("Privacy notice") + "</h1>" in html
    assert "ГО «Світло»" in html and 'href="mailto:info@svitlo.org"' in html
    for heading in ("Who is responsible", "Why we process your data", "What we collect", "How long we keep it",
                    "Your rights", "Contact"):
        assert uk(heading) in html
    assert "Ваші права" in html
    assert uk_plural("%(months)d month", "%(months)d months", 12, months=12) in html
    assert 'data-retention="rejected_applications"><strong>' + uk_plural(
        "%(months)d month", "%(months)d months", 6, months=6) + "</strong>" in html
    assert uk("Withdraw your consent to reporting at any time in your profile; the details given with it are "
              "then deleted.") in html


def test_the_english_notice_is_in_english(client, site_settings, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get("/en/privacy/")

    assert response.status_code == 200
    html = text(response)
    assert "<h1>Privacy notice</h1>" in html and '<html lang="en">' in html
    assert "Svitlo NGO is responsible for the personal data on this site" in html
    assert 'data-retention="reporting_details"><strong>12 months</strong> after your last training ended' in html
    assert 'data-retention="access_log"><strong>24 months</strong>' in html
    assert "Complain to the Ukrainian Parliament Commissioner for Human Rights" in html


def test_the_periods_shown_are_the_settings_values(client, site_settings, settings):
    settings.PRIVACY_RETENTION_MONTHS = {"reporting_details": 18, "rejected_applications": 3, "access_log": 36}
    settings.PRIVACY_CONTROLLER = {"name": "БФ «Громада»", "email": "dpo@hromada.org", "address": ""}

    html = text(client.get("/en/privacy/"))

    assert 'data-retention="reporting_details"><strong>18 months</strong>' in html
    assert 'data-retention="rejected_applications"><strong>3 months</strong>' in html
    assert 'data-retention="access_log"><strong>36 months</strong>' in html
    assert "12 months" not in html and "24 months" not in html
    assert "БФ «Громада» is responsible" in html and 'href="mailto:dpo@hromada.org"' in html
    assert "info@svitlo.org" in html  # the site's own contact stays in the footer


def test_without_any_contact_the_notice_says_whom_to_ask(client, tree):
    response = client.get("/en/privacy/")
    assert response.status_code == 200
    html = text(response)
    assert "The organisation that runs this site is responsible" in html
    assert "ask the coordinator of your training" in html and "mailto:" not in html


def test_every_page_links_to_the_notice_from_its_footer(client, tree):
    for path, link in (("/uk/", "/uk/privacy/"), ("/en/search/", "/en/privacy/")):
        response = client.get(path)
        assert response.status_code == 200
        footer = text(response).split('<footer class="site-footer">', 1)[1]
        assert f'<a href="{link}">' in footer
