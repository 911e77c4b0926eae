"""Admin forms for certificates: the rule form (what it checks) and the revoke and reissue forms."""

from __future__ import annotations

from django import forms
from django.db.models import Min, Q
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Locale

from certificates.models import AttendanceRequirement, CertificateRule, RevocationReason
from certificates.transliteration import to_latin
from courses.models import CoursePage, ModulePage, QuizKind, QuizPage
from enrollments.models import TrainingSession

# Kinds with a pass mark: passing them means something. A pre-test is taken before learning and a
# self-assessment has no right answers, so neither can be required for a certificate.
REQUIRABLE_QUIZ_KINDS = (QuizKind.GRADED, QuizKind.POST_TEST)
STEP = 4  # characters per level of a Wagtail tree path


class CourseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: CoursePage) -> str:
        return obj.title


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: TrainingSession) -> str:
        first_day = date_format(obj.first_day, "SHORT_DATE_FORMAT") if obj.first_day else "—"
        return ", ".join(part for part in (f"{obj.title} — {first_day}", obj.city) if part)


class CoursePagesField(forms.ModelMultipleChoiceField):
    """Quizzes or modules as checkboxes labelled "Course — Page", from course titles read once."""

    widget = forms.CheckboxSelectMultiple
    course_titles: dict[str, str] = {}

    def label_from_instance(self, obj) -> str:
        for depth in range(obj.depth - 1, 0, -1):
            if course := self.course_titles.get(obj.path[:depth * STEP]):
                return f"{course} — {obj.title}"
        return obj.title


def _field(name: str):
    return CertificateRule._meta.get_field(name)


def _label(name: str) -> str:
    return capfirst(_field(name).verbose_name)


class CertificateRuleForm(WagtailAdminModelForm):
    """A rule for one course or one session; the quizzes and modules it requires belong to that course."""

    course = CourseChoiceField(queryset=CoursePage.objects.none(), required=False, label=_label("course"),
                               help_text=_field("course").help_text)
    session = SessionChoiceField(queryset=TrainingSession.objects.none(), required=False, label=_label("session"),
                                 help_text=_field("session").help_text)
    min_attendance_percent = forms.IntegerField(
        required=False, min_value=1, max_value=100, label=_label("min_attendance_percent"),
        help_text=_("Used only when a share of the days is enough, rounded up: 80 per cent of three days "
                    "means all three, of five days four."))
    required_quizzes = CoursePagesField(queryset=QuizPage.objects.none(), required=False,
                                        label=_label("required_quizzes"),
                                        help_text=_("Graded quizzes and post-tests of the course. Pre-tests and "
                                                    "self-assessments have no pass mark, so they cannot be required."))
    required_modules = CoursePagesField(queryset=ModulePage.objects.none(), required=False,
                                        label=_label("required_modules"),
                                        help_text=_field("required_modules").help_text)

    class Meta:
        model = CertificateRule
        fields = ["course", "session", "kind", "attendance", "min_attendance_percent", "required_quizzes",
                  "required_modules", "validity_months", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale = Locale.get_default()
        rule = self.instance
        course_ids, quiz_ids, module_ids = [], [], []
        if rule.pk:  # what the rule already has stays on offer, so it can be seen and unticked
            course_ids = [rule.course_id] if rule.course_id else []
            quiz_ids = [quiz.pk for quiz in rule.required_quizzes.all()]
            module_ids = [module.pk for module in rule.required_modules.all()]
        self.fields["course"].queryset = CoursePage.objects.filter(Q(locale=locale) | Q(pk__in=course_ids)).order_by(
            "title")
        self.fields["session"].queryset = TrainingSession.objects.annotate(first_day=Min("days__date")).order_by(
            "-first_day", "-pk")
        self.fields["required_quizzes"].queryset = QuizPage.objects.filter(
            Q(locale=locale, kind__in=REQUIRABLE_QUIZ_KINDS) | Q(pk__in=quiz_ids)).order_by("path")
        self.fields["required_modules"].queryset = ModulePage.objects.filter(
            Q(locale=locale) | Q(pk__in=module_ids)).order_by("path")
        titles = dict(CoursePage.objects.values_list("path", "title"))
        for name in ("required_quizzes", "required_modules"):
            self.fields[name].course_titles = titles

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("attendance") != AttendanceRequirement.PERCENT:
            # The share is not used; an empty or odd value must not stop the rule being saved.
            self.errors.pop("min_attendance_percent", None)
            cleaned["min_attendance_percent"] = self.instance.min_attendance_percent or 80
        elif cleaned.get("min_attendance_percent") is None and "min_attendance_percent" not in self.errors:
            self.add_error("min_attendance_percent", _("Give the share of the days that must be attended."))
        course = self._course(cleaned)
        if course is None:
            return cleaned
        self._check_pages(cleaned, course)
        self._check_single_active(cleaned, course)
        return cleaned

    def clashes_with_a_rule_saved_meanwhile(self) -> bool:
        """After the database refused this rule: whether another active rule of its kind was saved since the form
        was checked (two coordinators at once). Says so on the form, as the check would have."""
        course = self._course(self.cleaned_data)
        if course is not None:
            self._check_single_active(self.cleaned_data, course)
        return "kind" in self.errors

    def _course(self, cleaned) -> CoursePage | None:
        """The course the rule is about (a session's own course), or None after saying what is wrong."""
        course, session = cleaned.get("course"), cleaned.get("session")
        if course and session:
            self.add_error("course", _("Choose either a course or one of its sessions, not both."))
        elif not course and not session:
            self.add_error("course", _("Choose the course (for all its sessions) or one session."))
        else:
            return course or session.course
        return None

    def _check_pages(self, cleaned, course: CoursePage) -> None:
        course_paths = set(CoursePage.objects.filter(translation_key=course.translation_key)
                           .values_list("path", flat=True))

        def in_course(page, *, child_only: bool) -> bool:
            parent_path = page.path[:-STEP]
            if child_only:
                return parent_path in course_paths
            return any(page.path[:depth * STEP] in course_paths for depth in range(1, page.depth))

        quizzes = cleaned.get("required_quizzes") or []
        if foreign := [quiz.title for quiz in quizzes if not in_course(quiz, child_only=False)]:
            self.add_error("required_quizzes", _("Not quizzes of this course: %(titles)s.") % {
                "titles": ", ".join(foreign)})
        if no_mark := [quiz.title for quiz in quizzes if quiz.kind not in REQUIRABLE_QUIZ_KINDS]:
            self.add_error("required_quizzes", _(
                "These have no pass mark, so they cannot be required: %(titles)s. Only graded quizzes and "
                "post-tests can.") % {"titles": ", ".join(no_mark)})
        modules = cleaned.get("required_modules") or []
        if foreign := [module.title for module in modules if not in_course(module, child_only=True)]:
            self.add_error("required_modules", _("Not modules of this course: %(titles)s.") % {
                "titles": ", ".join(foreign)})

    def _check_single_active(self, cleaned, course: CoursePage) -> None:
        """One active rule per kind and course (in any language) or session; said here, not as a database error."""
        kind = cleaned.get("kind")
        if not cleaned.get("active") or not kind:
            return
        others = CertificateRule.objects.filter(active=True, kind=kind).exclude(pk=self.instance.pk)
        session = cleaned.get("session")
        if session:
            clash = others.filter(session=session).exists()
            where = _("this session")
        else:
            clash = others.filter(course__translation_key=course.translation_key).exists()
            where = _("this course")
        if clash:
            # On `kind`: Django then skips its own, less helpful, check of the same constraint.
            self.add_error("kind", _(
                "%(where)s already has an active rule for this kind of certificate. Edit that rule, or make it "
                "inactive before adding another.") % {"where": str(where).capitalize()})


class RevokeForm(forms.Form):
    """Why a certificate is withdrawn; "reissued" is left to the reissue form."""

    reason = forms.ChoiceField(label=_("Reason"), choices=[
        (value, label) for value, label in RevocationReason.choices if value != RevocationReason.REISSUED])
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=500, widget=forms.Textarea(
        attrs={"rows": 3}), help_text=_("For the record; the public verification page does not show it."))


class ReissueForm(forms.Form):
    """The corrected name; the Latin spelling follows it unless the coordinator typed one."""

    holder_name = forms.CharField(label=_("Holder's name"), max_length=200,
                                  help_text=_("As it must be printed, in Ukrainian."))
    holder_name_latin = forms.CharField(
        label=_("Holder's name in Latin letters"), max_length=200, required=False,
        help_text=_("Filled in by the national transliteration table; correct it only if the person's passport "
                    "spells it differently. Left as suggested, it follows the corrected name."))
    suggested_latin = forms.CharField(widget=forms.HiddenInput, required=False)

    @classmethod
    def for_name(cls, name: str) -> ReissueForm:
        latin = to_latin(name)
        return cls(initial={"holder_name": name, "holder_name_latin": latin, "suggested_latin": latin})

    def clean_holder_name(self) -> str:
        name = " ".join(self.cleaned_data["holder_name"].split())
        if not name:
            raise forms.ValidationError(_("Type the holder's name."))
        return name

    def clean(self):
        cleaned = super().clean()
        latin = " ".join((cleaned.get("holder_name_latin") or "").split())
        if latin == " ".join((cleaned.get("suggested_latin") or "").split()):
            latin = ""  # untouched: transliterate the corrected name rather than keep the old one's spelling
        cleaned["holder_name_latin"] = latin
        return cleaned
