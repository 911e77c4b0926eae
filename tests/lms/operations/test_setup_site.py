"""`manage.py setup_site` (lms/operations/skeleton.py): a fresh database becomes our site in Ukrainian and English,
without the demo; running it again changes nothing."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from wagtail.models import GroupPagePermission, Locale, Page, Revision, Site

from content.models import CallIndexPage, HomePage, NewsIndexPage, SiteSettings, StandardPage
from content.roles import REVIEWER, TRAINER
from courses.models import CourseIndexPage, CoursePage
from enrollments.models import TrainingSession

pytestmark = pytest.mark.django_db
WELCOME = "Welcome to your new Wagtail site"
SKELETON = {CourseIndexPage: "courses", NewsIndexPage: "news", CallIndexPage: "calls"}


def setup_site(**options) -> str:
    out = StringIO()
    call_command("setup_site", stdout=out, **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {"pages": Page.objects.count(), "revisions": Revision.objects.count(), "sites": Site.objects.count(),
            "settings": SiteSettings.objects.count(), "locales": Locale.objects.count(),
            "page permissions": GroupPagePermission.objects.count()}


@pytest.fixture
def site_set_up(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://learn.svitlo.org"
    return setup_site(organisation="ГО «Світло»", organisation_en="Svitlo NGO", contact_email="hello@svitlo.org")


def page(model, language: str, slug: str | None = None):
    pages = model.objects.filter(locale__language_code=language)
    return pages.get(slug=slug) if slug else pages.get()


def test_a_fresh_database_shows_wagtails_welcome_page_first(client):
    # What setup_site is for: without it the site greets visitors as a new Wagtail project.
    assert WELCOME in client.get("/", follow=True).content.decode()


def test_fresh_site_has_the_skeleton_in_both_languages(site_set_up):
    for language in ("uk", "en"):
        home = page(HomePage, language)
        assert home.live and home.depth == 2
        for model, slug in SKELETON.items():
            assert page(model, language).slug == slug
        for slug in ("about", "privacy"):
            standard = page(StandardPage, language, slug)
            assert standard.live and standard.get_parent().pk == home.pk
            assert standard.intro and len(standard.body) == 1
    for model in (HomePage, *SKELETON, StandardPage):
        for uk_page in model.objects.filter(locale__language_code="uk"):
            english = uk_page.get_translation(Locale.objects.get(language_code="en"))
            assert english.live and english.title != uk_page.title, uk_page.slug
    assert Site.objects.get(is_default_site=True).root_page_id == page(HomePage, "uk").pk
    assert not Page.objects.filter(depth=2, content_type__model="page").exists()


def test_pages_are_written_in_their_language_and_name_the_organisation(site_set_up):
    privacy_uk, privacy_en = page(StandardPage, "uk", "privacy"), page(StandardPage, "en", "privacy")
    body_uk, body_en = privacy_uk.body[0].value, privacy_en.body[0].value
    assert privacy_uk.title == "Повідомлення про конфіденційність"
    assert "ГО «Світло»" in body_uk and "## Ваші права" in body_uk and "## Що ми збираємо" in body_uk
    assert "Svitlo NGO" in body_en and "## Your rights" in body_en and "## What we collect" in body_en
    about_en = page(StandardPage, "en", "about")
    assert about_en.body[0].value.startswith("Svitlo NGO runs this platform")
    assert "%(" not in body_uk + body_en + page(StandardPage, "uk", "about").body[0].value
    assert page(HomePage, "uk").hero_title == "Навчання для тих, хто допомагає"


def test_site_record_and_settings_come_from_the_options_and_the_base_url(site_set_up):
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("learn.svitlo.org", 443)
    assert Site.objects.count() == 1
    site_settings = SiteSettings.for_site(site)
    assert site_settings.organisation_name_uk == "ГО «Світло»"
    assert site_settings.organisation_name_en == "Svitlo NGO"
    assert site_settings.contact_email == "hello@svitlo.org"


def test_trainers_may_write_in_both_catalogues(site_set_up):
    for catalogue in CourseIndexPage.objects.all():
        codenames = set(GroupPagePermission.objects.filter(page=catalogue, group__name=TRAINER)
                        .values_list("permission__codename", flat=True))
        assert codenames == {"add_page", "change_page"}


def test_no_demo_people_courses_or_sessions(site_set_up):
    assert get_user_model().objects.count() == 0
    assert CoursePage.objects.count() == 0
    assert TrainingSession.objects.count() == 0


@pytest.mark.parametrize(("path", "language", "hero"), [
    ("/", "uk", "Навчання для тих, хто допомагає"),
    ("/en/", "en", "Learning for those who help"),
])
def test_home_answers_in_both_languages_with_our_template(client, site_set_up, path, language, hero):
    response = client.get(path, follow=True)
    assert response.status_code == 200
    assert "content/home_page.html" in [template.name for template in response.templates]
    html = response.content.decode()
    assert WELCOME not in html
    assert hero in html
    assert f'<html lang="{language}">' in html


def test_privacy_page_answers_in_both_languages(client, site_set_up):
    assert "Ваші права" in client.get("/uk/privacy/").content.decode()
    assert "Your rights" in client.get("/en/privacy/").content.decode()


def test_output_says_what_was_created(site_set_up):
    assert "Created:" in site_set_up
    assert "removed Wagtail’s" in site_set_up or "removed Wagtail's" in site_set_up
    assert "privacy notice (en): Privacy notice" in site_set_up
    assert "default site learn.svitlo.org:443" in site_set_up
    assert "No contact email yet" not in site_set_up
    assert "Site ready at https://learn.svitlo.org/uk/." in site_set_up


def test_running_again_creates_nothing_and_keeps_editors_changes(site_set_up, settings):
    about = page(StandardPage, "uk", "about")
    about.title = "Хто ми"
    about.save_revision().publish()
    site = Site.objects.get(is_default_site=True)
    site.hostname = "navchannia.svitlo.org"
    site.save()
    before = counts()

    output = setup_site(organisation="Інша назва")

    assert counts() == before
    assert "Created: nothing, the site was already set up." in output
    assert "about page (uk): Хто ми" in output
    about.refresh_from_db()
    assert about.title == "Хто ми"
    # The base URL replaces only Wagtail's default host, never one someone chose.
    assert Site.objects.get(is_default_site=True).hostname == "navchannia.svitlo.org"
    assert SiteSettings.for_site(site).organisation_name_uk == "ГО «Світло»"


def test_an_explicit_hostname_replaces_the_sites(site_set_up):
    output = setup_site(hostname="lms.svitlo.org", port=8443)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("lms.svitlo.org", 8443)
    assert "default site lms.svitlo.org:8443 (host lms.svitlo.org:8443)" in output


def test_a_missing_index_is_made_again_and_translated(site_set_up):
    page(NewsIndexPage, "en", None).delete()
    page(NewsIndexPage, "uk", None).delete()
    output = setup_site()
    assert page(NewsIndexPage, "uk").get_translation(Locale.objects.get(language_code="en")).live
    assert "news index (uk)" in output.split("Already there")[0]


def test_without_a_name_the_site_name_is_the_organisation(settings):
    output = setup_site()
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    assert site_settings.organisation_name_uk == settings.WAGTAIL_SITE_NAME
    assert "No contact email yet" in output


def test_missing_roles_stop_it_before_anything_is_written():
    Group.objects.filter(name=REVIEWER).delete()
    before = counts()
    with pytest.raises(CommandError, match="Reviewer.*manage.py migrate"):
        setup_site()
    assert counts() == before


def test_the_demo_is_built_on_the_same_skeleton(settings):
    settings.DEBUG = False
    call_command("seed_demo", stdout=StringIO())
    pages = Page.objects.count()

    output = setup_site()

    assert Page.objects.count() == pages
    created = output.split("Already there")[0]
    assert "(uk)" not in created and "(en)" not in created
    assert page(StandardPage, "en", "privacy").live
    assert page(CallIndexPage, "uk").title == "Відкриті конкурси"


def test_a_bad_contact_email_is_refused():
    with pytest.raises(CommandError, match="not an email address"):
        setup_site(contact_email="nobody")
