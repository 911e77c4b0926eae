"""What courses add to content's pages through hooks (courses/wagtail_hooks.py): the featured courses in the home
page's language and the link to its catalogue; the catalogue in the navigation (tests/content/test_i18n.py)."""

import pytest
from django.test import RequestFactory
from wagtail import hooks

from content.models import HomePageFeaturedCourse
from courses import wagtail_hooks
from courses.models import CourseIndexPage
from tests.courses.factories import add_course, translate_tree

pytestmark = pytest.mark.django_db


def test_courses_add_to_the_home_page():
    assert wagtail_hooks.courses_on_home_page in hooks.get_hooks("home_page_context")


def test_the_home_page_gets_its_featured_courses_in_its_language_and_its_catalogue(tree):
    untranslated = add_course(tree.catalogue, slug="first-aid", modules=0, title="Перша допомога")
    add_course(tree.catalogue, slug="not-featured", modules=0, title="Не на головній")
    tree.home.featured_courses = [HomePageFeaturedCourse(course=untranslated, sort_order=0),
                                  HomePageFeaturedCourse(course=tree.course, sort_order=1)]
    tree.home.save()
    english = translate_tree(tree)
    request = RequestFactory().get("/")

    ukrainian_part = wagtail_hooks.courses_on_home_page(tree.home, request, {})
    english_part = wagtail_hooks.courses_on_home_page(english.home, request, {})

    assert ukrainian_part == {"featured": [untranslated, tree.course], "catalogue": tree.catalogue}
    assert english_part == {"featured": [english.course], "catalogue": english.catalogue}


def test_a_home_page_without_featured_courses_or_catalogue_gets_none(tree):
    tree.catalogue.unpublish()

    assert wagtail_hooks.courses_on_home_page(tree.home, RequestFactory().get("/"), {}) == {
        "featured": [], "catalogue": None}


def test_courses_name_the_catalogue_for_the_navigation():
    assert [fn() for fn in hooks.get_hooks("nav_catalogue_page_type")] == [CourseIndexPage]
