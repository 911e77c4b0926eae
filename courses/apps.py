from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from wagtail.signals import copy_for_translation_done

        from courses.wagtail_hooks import let_trainers_author_in_translated_catalogue

        copy_for_translation_done.connect(let_trainers_author_in_translated_catalogue)
