"""Admin wiring: trainers may draft in every course catalogue, whichever way it was created. And what courses add
to content's pages: the featured courses and the catalogue link on the home page, the catalogue in the navigation.

A quiz's "Results" button is enrollments' (enrollments/wagtail_hooks.py): results are its records."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from content.converters import ID
from content.roles import grant_trainer_catalogue_access
from courses import selectors
from courses.models import CourseIndexPage, Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    pk_path_converter = ID


register_snippet(TopicViewSet)


def open_catalogues_to_trainers(page) -> None:
    """Grant trainer access on the page if it is a catalogue, and on every catalogue below it."""
    for catalogue in CourseIndexPage.objects.descendant_of(page, inclusive=True):
        grant_trainer_catalogue_access(catalogue)


@hooks.register("after_create_page")
def let_trainers_author_in_new_catalogue(request, page):
    open_catalogues_to_trainers(page)


@hooks.register("after_copy_page")
def let_trainers_author_in_copied_catalogue(request, page, new_page):
    open_catalogues_to_trainers(new_page)


def let_trainers_author_in_translated_catalogue(sender, source_obj, target_obj, **kwargs):
    """Connected to `copy_for_translation_done`: the English catalogue opens to trainers like the Ukrainian."""
    open_catalogues_to_trainers(target_obj)


@hooks.register("home_page_context")
def courses_on_home_page(page, request, context):
    return selectors.home_courses_context(home=page, request=request)


@hooks.register("nav_catalogue_page_type")
def course_catalogue_in_navigation():
    return CourseIndexPage
