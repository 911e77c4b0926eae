"""The course and module pages read what every reader sees alike once (content/public_cache.py, with the page cache
on) and what is personal on every request: no reader ever sees another's progress or places, and a change shows
at once. Routing reads the whole path in one query (content/routing.py) with Wagtail's own results."""

import pytest
from django.contrib.auth.models import Permission
from django.http import Http404
from django.test import Client, RequestFactory
from wagtail.models import Page, PageViewRestriction

from content.models import SiteSettings
from content.roles import has_admin_access
from content.routing import route_from
from courses.models import ModulePage
from enrollments.models import ModuleCompletion
from tests.courses.factories import add_course, translate_tree
from tests.enrollments.factories import EnrollmentFactory, schedule
from tests.factories import ParticipantFactory, UserFactory
from tests.helpers import text, uk

COURSE = "/uk/courses/case-management/"
MODULE = "/uk/courses/case-management/module-1/"


@pytest.fixture
def running_site(settings):
    """The page cache on, as in production: what every reader sees alike is kept between requests."""
    settings.PAGE_CACHE_SECONDS = 300


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.usefixtures("running_site")
def test_two_people_each_see_only_their_own_progress_and_place(tree):
    session = schedule(course=tree.course)
    alice, bob = ParticipantFactory(), ParticipantFactory()
    ModuleCompletion.objects.create(user=alice, module_key=tree.modules[0].translation_key,
                                    course_key=tree.course.translation_key)
    EnrollmentFactory(session=session, user=alice)
    as_alice, as_bob = client_of(alice), client_of(bob)

    # Alice first, so whatever is kept was kept while she was reading; then Bob; then Alice again.
    alice_course, bob_course, alice_again = (text(c.get(COURSE)) for c in (as_alice, as_bob, as_alice))
    alice_module, bob_module = text(as_alice.get(MODULE)), text(as_bob.get(MODULE))

    assert 'max="2" value="1"' in alice_course and 'max="2" value="1"' in alice_again
    assert 'max="2" value="0"' in bob_course
    assert uk("You are enrolled") in alice_course and uk("You are enrolled") not in bob_course
    assert "is-complete" in alice_course and "is-complete" not in bob_course
    assert alice_course.count("badge--done") == alice_again.count("badge--done") == 1
    assert "badge--done" not in bob_course
    module = tree.modules[0]
    assert f"/learning/modules/{module.pk}/reopen/" in alice_module
    assert f"/learning/modules/{module.pk}/complete/" in bob_module
    assert f"/learning/modules/{module.pk}/reopen/" not in bob_module
    assert uk("Log in to track your progress") in text(Client().get(COURSE))


@pytest.mark.django_db
@pytest.mark.usefixtures("running_site")
def test_the_footer_kept_for_every_page_shows_a_new_organisation_name_at_once(tree, django_capture_on_commit_callbacks):
    visitor = client_of(ParticipantFactory())  # logged in: the page itself is never cached, the footer is
    site_settings = SiteSettings.for_site(tree.home.get_site())
    site_settings.organisation_name_uk = "ГО «Перша назва»"
    with django_capture_on_commit_callbacks(execute=True):
        site_settings.save()
    assert "ГО «Перша назва»" in text(visitor.get(COURSE)) and "ГО «Перша назва»" in text(visitor.get(MODULE))

    site_settings.organisation_name_uk = "ГО «Друга назва»"
    with django_capture_on_commit_callbacks(execute=True):
        site_settings.save()

    for page in (COURSE, MODULE):
        footer = text(visitor.get(page))
        assert "ГО «Друга назва»" in footer and "ГО «Перша назва»" not in footer


@pytest.mark.django_db
@pytest.mark.usefixtures("running_site")
def test_unpublishing_a_page_leaves_the_menu_at_once(tree, django_capture_on_commit_callbacks):
    visitor = Client()
    assert 'href="/uk/news/"' in text(visitor.get(COURSE))

    with django_capture_on_commit_callbacks(execute=True):
        tree.news.unpublish()

    assert 'href="/uk/news/"' not in text(visitor.get(COURSE))


@pytest.mark.django_db
@pytest.mark.usefixtures("running_site")
def test_a_new_view_restriction_applies_at_once(tree, django_capture_on_commit_callbacks):
    visitor = Client()
    assert visitor.get(COURSE).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=tree.course, restriction_type=PageViewRestriction.LOGIN)

    assert visitor.get(COURSE).status_code == 302
    assert visitor.get(MODULE).status_code == 302


@pytest.mark.django_db
@pytest.mark.usefixtures("running_site")
def test_new_site_settings_show_at_once(tree, django_capture_on_commit_callbacks):
    visitor = Client()
    visitor.get(COURSE)

    with django_capture_on_commit_callbacks(execute=True):
        settings_row = SiteSettings.for_site(tree.home.get_site())
        settings_row.contact_email = "hello@hromada.example"
        settings_row.save()

    assert "hello@hromada.example" in text(visitor.get(COURSE))


@pytest.mark.django_db
@pytest.mark.usefixtures("running_site")
def test_a_new_module_shows_on_the_course_page_at_once(tree, django_capture_on_commit_callbacks):
    visitor = Client()
    assert "Модуль 3" not in text(visitor.get(COURSE))

    with django_capture_on_commit_callbacks(execute=True):
        module = tree.course.add_child(instance=ModulePage(title="Модуль 3", slug="module-3", live=False,
                                                            body=[("markdown", "Третій.")]))
        module.save_revision().publish()

    assert "Модуль 3" in text(visitor.get(COURSE))


# --- The admin link in the header -----------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_admin_link_shows_to_whoever_may_use_the_admin(tree, participant, trainer, coordinator):
    def sees_admin(user) -> bool:
        return 'href="/admin/"' in text(client_of(user).get(COURSE))

    assert sees_admin(trainer) and sees_admin(coordinator)
    assert not sees_admin(participant)
    assert 'href="/admin/"' not in text(Client().get(COURSE))


@pytest.mark.django_db
def test_admin_access_is_djangos_permission_check(participant, trainer):
    direct = UserFactory()
    direct.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin",
                                                       codename="access_admin"))
    inactive = UserFactory(is_superuser=True, is_active=False)
    superuser = UserFactory(is_superuser=True)

    for user in (participant, trainer, direct, inactive, superuser):
        fresh = type(user).objects.get(pk=user.pk)
        assert has_admin_access(user) is fresh.has_perm("wagtailadmin.access_admin")
    assert [has_admin_access(u) for u in (participant, trainer, direct, inactive, superuser)] == [
        False, True, True, False, True]


# --- Routing ------------------------------------------------------------------------------------------------

def wagtail_route(root: Page, components: list[str]):
    request = RequestFactory().get("/")
    try:
        page, args, kwargs = Page.route(root, request, components)
    except Http404:
        return None
    return page.pk, type(page), args, kwargs


def our_route(root: Page, components: list[str]):
    request = RequestFactory().get("/")
    try:
        page, args, kwargs = route_from(root, request, components)
    except Http404:
        return None
    return page.pk, type(page), args, kwargs


@pytest.mark.django_db
def test_the_one_query_walk_finds_what_wagtails_walk_finds(tree, django_assert_num_queries):
    draft_course = add_course(tree.catalogue, slug="draft-course", modules=1)
    draft_course.unpublish()  # Wagtail still serves a live page under a draft one
    tree.modules[1].unpublish()
    paths = [["courses"], ["courses", "case-management"], ["courses", "case-management", "module-1"],
             ["courses", "case-management", "module-2"], ["courses", "draft-course", "module-1"],
             ["courses", "draft-course"], ["courses", "nowhere"], ["nowhere", "case-management"],
             ["courses", "case-management", "module-1", "deeper"], ["news"]]

    for components in paths:
        assert our_route(tree.home, components) == wagtail_route(tree.home, components), components
    assert our_route(tree.home, ["courses", "case-management", "module-1"])[0] == tree.modules[0].pk

    with django_assert_num_queries(2):  # the path, then the module's own row
        route_from(tree.home, RequestFactory().get("/"), ["courses", "case-management", "module-1"])


@pytest.mark.django_db
@pytest.mark.usefixtures("running_site")
def test_english_pages_route_and_link_to_their_translations(tree):
    translate_tree(tree)
    visitor = Client()
    visitor.get(COURSE)  # the Ukrainian reader first: what is kept is per language

    english_module = visitor.get("/en/courses/case-management/module-1/")
    ukrainian_course = text(visitor.get(COURSE))

    assert english_module.status_code == 200 and "<h1>Module 1</h1>" in text(english_module)
    assert 'href="/en/courses/case-management/" hreflang="en"' in ukrainian_course
    assert 'href="/uk/courses/case-management/module-1/" hreflang="uk"' in text(english_module)
    assert 'href="/en/courses/"' in text(english_module)  # the menu in English


# --- What each process remembers: routes, layouts, the admin link ---------------------------------------------

@pytest.mark.django_db
@pytest.mark.usefixtures("running_site")
def test_a_page_read_again_costs_no_routing_query(tree, participant, django_assert_max_num_queries):
    reader = client_of(participant)
    reader.get(MODULE)

    with django_assert_max_num_queries(4):  # the user, their completions and attempts: nothing of the site or tree
        response = reader.get(MODULE)

    assert response.status_code == 200 and "<h1>Модуль 1</h1>" in text(response)


@pytest.mark.django_db
@pytest.mark.usefixtures("running_site")
def test_a_renamed_page_moves_at_once(tree, django_capture_on_commit_callbacks):
    visitor = client_of(ParticipantFactory())
    assert visitor.get(MODULE).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        module = tree.modules[0]
        module.slug = "first-steps"
        module.save_revision().publish()

    old_address = visitor.get(MODULE)  # Wagtail's redirect from the old slug, not the remembered page
    assert old_address.status_code == 301 and old_address["Location"] == "/uk/courses/case-management/first-steps/"
    moved = visitor.get("/uk/courses/case-management/first-steps/")
    assert moved.status_code == 200 and "<h1>Модуль 1</h1>" in text(moved)


@pytest.mark.django_db
@pytest.mark.usefixtures("running_site")
def test_what_one_request_sets_on_its_page_is_not_seen_by_the_next(tree, participant):
    """Each request gets its own copy of the remembered page."""
    from content import routing

    reader = client_of(participant)
    reader.get(MODULE)
    first = reader.get(MODULE).wsgi_request._wagtail_route_for_request.page
    first.title = "Змінено в пам’яті одного запиту"

    second = reader.get(MODULE)
    assert second.wsgi_request._wagtail_route_for_request.page is not first
    assert "Змінено" not in text(second)
    assert routing.routes.values  # the page was remembered, not read again


@pytest.mark.django_db
def test_a_new_role_shows_the_admin_link_at_once(tree, participant):
    from django.contrib.auth.models import Group

    from content.roles import TRAINER

    reader = client_of(participant)
    assert 'href="/admin/"' not in text(reader.get(COURSE))
    assert 'href="/admin/"' not in text(reader.get(COURSE))  # kept: no query for it now

    participant.groups.add(Group.objects.get(name=TRAINER))
    assert 'href="/admin/"' in text(reader.get(COURSE))

    Group.objects.get(name=TRAINER).user_set.remove(participant)
    assert 'href="/admin/"' not in text(reader.get(COURSE))


@pytest.mark.django_db
@pytest.mark.usefixtures("running_site")
def test_a_call_closing_during_the_day_leaves_the_course_page_at_that_minute(tree, participant):
    from datetime import timedelta

    from django.utils import timezone

    from enrollments.calls.selectors import sessions_and_calls_on_course_page
    from tests.content.factories import add_call

    session = schedule(course=tree.course)
    deadline = timezone.localtime().replace(hour=23, minute=0, second=0, microsecond=0)
    call = add_call(tree.home, sessions=[session], deadline=deadline)
    before, after = deadline - timedelta(minutes=1), deadline + timedelta(minutes=1)

    sessions, calls = sessions_and_calls_on_course_page(course=tree.course, now=before)
    assert sessions == [session] and [page.pk for page in calls[session.pk]] == [call.pk]
    assert sessions_and_calls_on_course_page(course=tree.course, now=after) == ([session], {})
