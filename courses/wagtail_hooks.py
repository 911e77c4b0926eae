"""Admin wiring: trainers may draft in every course catalogue, whichever way it was created."""

from wagtail import hooks

from courses.models import CourseIndexPage
from enrollments.roles import grant_trainer_catalogue_access


@hooks.register("after_create_page")
def let_trainers_author_in_new_catalogue(request, page):
    if isinstance(page.specific, CourseIndexPage):
        grant_trainer_catalogue_access(page)


def let_trainers_author_in_translated_catalogue(sender, source_obj, target_obj, **kwargs):
    """Connected to `copy_for_translation_done`: the English catalogue opens to trainers like the Ukrainian."""
    if isinstance(target_obj, CourseIndexPage):
        grant_trainer_catalogue_access(target_obj)
