"""Admin form checks that need to know where a page sits in the tree."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class QuizPageForm(WagtailAdminPageForm):
    """Pre- and post-tests frame a whole session, so they sit on a course and pair within it."""

    def clean(self):
        from courses.models import CoursePage, QuizKind

        cleaned = super().clean()
        kind = cleaned.get("kind")
        parent = self.parent_page.specific if self.parent_page else None
        if kind in (QuizKind.PRE_TEST, QuizKind.POST_TEST) and not isinstance(parent, CoursePage):
            self.add_error("kind", _("Pre- and post-tests belong to a course, not to one of its modules."))
        pretest = cleaned.get("pretest")
        if kind == QuizKind.POST_TEST and pretest is not None and parent is not None:
            pretest_course = pretest.get_parent()
            if pretest_course.translation_key != parent.translation_key:
                self.add_error("pretest", _("Choose a pre-test of this course."))
        return cleaned
