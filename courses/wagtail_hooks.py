"""Admin wiring: trainers may draft in every course catalogue, whichever way it was created;
quizzes get a button to their results."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from content.roles import grant_trainer_catalogue_access
from courses.models import CourseIndexPage, QuizPage


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


@hooks.register("register_page_header_buttons")
def quiz_results_button(page, user, view_name, next_url=None):
    """"Results" in a quiz's header (edit view and the like), for whoever may see its results."""
    if page.specific_class is not QuizPage:
        return
    from enrollments.quizzes.reports import find_quiz, may_see_quiz_results

    quiz = find_quiz(key=page.translation_key)
    if quiz is not None and may_see_quiz_results(user=user, course_key=quiz.course_key):
        yield Button(_("Results"), reverse("quiz_results", args=[page.translation_key]), icon_name="table",
                     priority=25)
