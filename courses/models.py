"""The course catalogue: catalogue → course → module pages. Descriptions only, no learner state.

A page that shows what a reader did (progress, sessions, quiz results) asks the apps above through a hook
named after it: `course_page_context`, `module_page_context`, `quiz_page_context`. Each registered
`fn(page, request, context) -> dict` is given the context so far (the page's own reads: modules, quiz_pages)
and its dict is added to it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from content.bilingual import in_reader_language
from content.blocks import BodyBlock
from content.choices import Profession
from content.page_hooks import add_from_hooks
from content.roles import TRAINER
from content.routing import ServedQuicklyMixin
from courses.admin_forms import QuizPageForm
from courses.quiz_blocks import (
    GRADED_QUESTION_TYPES,
    PROMPT_FEATURES,
    SELF_ASSESSMENT_QUESTION_TYPES,
    BandBlock,
    QuestionStreamBlock,
    ScaleOptionBlock,
)


class CourseFormat(models.TextChoices):
    SELF_PACED = "self_paced", _("Self-paced")
    IN_PERSON = "in_person", _("In person")
    BLENDED = "blended", _("Blended")


class DeliveryLanguage(models.TextChoices):
    UK = "uk", _("Ukrainian")
    EN = "en", _("English")


class Topic(models.Model):
    """A subject area courses are filed under, named in both site languages."""

    slug = models.SlugField(_("slug"), unique=True)
    name_uk = models.CharField(_("name in Ukrainian"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120)

    panels = [FieldPanel("slug"), FieldPanel("name_uk"), FieldPanel("name_en")]

    class Meta:
        ordering = ["name_uk"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_reader_language(self.name_uk, self.name_en)


class CourseIndexPage(ServedQuicklyMixin, Page):
    """The catalogue: every course of one language tree, filterable."""

    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["content.HomePage"]
    subpage_types = ["courses.CoursePage"]
    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("course catalogue")

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import catalogue_context

        context = super().get_context(request, *args, **kwargs)
        context.update(catalogue_context(index_page=self, params=request.GET))
        return context


class CoursePage(ServedQuicklyMixin, Page):
    """A course: what it teaches, to whom, how long it takes. Its modules are its children."""

    summary = models.TextField(_("summary"), max_length=500)
    description = StreamField(BodyBlock(), blank=True, verbose_name=_("description"))
    learning_outcomes = StreamField(
        [("outcome", blocks.CharBlock(label=_("Learning outcome"), max_length=300))],
        blank=True, verbose_name=_("learning outcomes"),
    )
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.SET_NULL, related_name="courses", verbose_name=_("topic")
    )
    format = models.CharField(_("format"), max_length=20, choices=CourseFormat.choices,
                              default=CourseFormat.SELF_PACED)
    delivery_language = models.CharField(_("language of delivery"), max_length=5,
                                         choices=DeliveryLanguage.choices, default=DeliveryLanguage.UK)
    duration_hours = models.DecimalField(_("duration in hours"), max_digits=5, decimal_places=1, default=1)
    prerequisites = models.TextField(_("prerequisites"), blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("cover image"),
    )
    cover_image_alt = models.CharField(_("cover image alternative text"), max_length=250, blank=True)

    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage", "courses.QuizPage"]
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("topic"), FieldPanel("format"), FieldPanel("delivery_language"),
             FieldPanel("duration_hours"), InlinePanel("audiences", label=_("Audience"))],
            heading=_("Catalogue"),
        ),
        FieldPanel("learning_outcomes"),
        FieldPanel("prerequisites"),
        FieldPanel("description"),
        InlinePanel("trainers", label=_("Trainers")),
        MultiFieldPanel([FieldPanel("cover_image"), FieldPanel("cover_image_alt")], heading=_("Cover image")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.AutocompleteField("summary"),
        index.SearchField("description"),
        index.SearchField("learning_outcomes"),
        index.FilterField("format"),
        index.FilterField("delivery_language"),
        index.FilterField("topic_id"),
    ]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import course_context

        context = super().get_context(request, *args, **kwargs)
        context.update(course_context(course=self, request=request))
        return add_from_hooks("course_page_context", self, request, context)


class CourseAudience(Orderable):
    """One profession a course is written for."""

    page = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="audiences")
    profession = models.CharField(_("profession"), max_length=40, choices=Profession.choices)

    panels = [FieldPanel("profession")]

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["page", "profession"], name="one_audience_row_per_profession")]
        indexes = [models.Index(fields=["profession"])]


class CourseTrainer(Orderable):
    """A trainer who teaches the course, shown on the course page."""

    page = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="trainers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("trainer"),
        limit_choices_to={"groups__name": TRAINER},
    )
    bio = models.CharField(_("short biography"), max_length=400, blank=True)

    panels = [FieldPanel("user"), FieldPanel("bio")]


class ModulePage(ServedQuicklyMixin, Page):
    """One unit of a course, read in the order of the page tree."""

    summary = models.TextField(_("summary"), blank=True, max_length=400)
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=20)
    body = StreamField(BodyBlock(), verbose_name=_("body"))

    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.QuizPage"]
    content_panels = Page.content_panels + [
        FieldPanel("summary"), FieldPanel("estimated_minutes"), FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"), index.AutocompleteField("summary"),
        index.SearchField("body"), index.AutocompleteField("body"),
    ]

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import module_context

        context = super().get_context(request, *args, **kwargs)
        context.update(module_context(module=self, request=request))
        return add_from_hooks("module_page_context", self, request, context)


class QuizKind(models.TextChoices):
    GRADED = "graded", _("Graded quiz")
    PRE_TEST = "pre_test", _("Pre-test")
    POST_TEST = "post_test", _("Post-test")
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")


class ReviewPolicy(models.TextChoices):
    SCORE = "score", _("Score only")
    FEEDBACK = "feedback", _("Score, which answers were right, and feedback")
    SOLUTIONS = "solutions", _("All of that and the correct answers")


class QuizPage(ServedQuicklyMixin, Page):
    """A quiz, pre-test, post-test or self-assessment: its questions and rules. Attempts live in enrollments."""

    kind = models.CharField(_("kind"), max_length=20, choices=QuizKind.choices, default=QuizKind.GRADED)
    intro = RichTextField(_("introduction"), blank=True, features=PROMPT_FEATURES)
    questions = StreamField(QuestionStreamBlock(), verbose_name=_("questions"))
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, validators=[MaxValueValidator(100)],
        help_text=_("Share of the points needed to pass. Not used by self-assessments."))
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=0, help_text=_("0 means no limit. Pre- and post-tests usually allow one."))
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), null=True, blank=True, help_text=_("Leave empty for no time limit."))
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=False)
    shuffle_choices = models.BooleanField(_("shuffle choices"), default=False)
    review = models.CharField(
        _("after submitting, show"), max_length=20, choices=ReviewPolicy.choices, default=ReviewPolicy.FEEDBACK,
        help_text=_("Keep pre-tests on “score only”: showing answers would give the post-test away."))
    pretest = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("paired pre-test"),
        limit_choices_to={"kind": QuizKind.PRE_TEST},
        help_text=_("For a post-test: the pre-test of the same course it is compared with."))
    scale = StreamField([("option", ScaleOptionBlock())], blank=True, verbose_name=_("answer scale"),
                        help_text=_("Self-assessments: the answers every statement offers, with their scores."))
    bands = StreamField([("band", BandBlock())], blank=True, verbose_name=_("result bands"),
                        help_text=_("Self-assessments: what a total score means and what to do about it."))

    parent_page_types = ["courses.CoursePage", "courses.ModulePage"]
    subpage_types: list[str] = []
    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("intro"),
        FieldPanel("questions"),
        MultiFieldPanel(
            [FieldPanel("pass_mark"), FieldPanel("max_attempts"), FieldPanel("time_limit_minutes"),
             FieldPanel("shuffle_questions"), FieldPanel("shuffle_choices"), FieldPanel("review"),
             FieldPanel("pretest")],
            heading=_("Rules"),
        ),
        MultiFieldPanel([FieldPanel("scale"), FieldPanel("bands")], heading=_("Self-assessment")),
    ]
    search_fields = Page.search_fields
    show_in_menus_default = False
    base_form_class = QuizPageForm

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    @property
    def is_self_assessment(self) -> bool:
        return self.kind == QuizKind.SELF_ASSESSMENT

    def clean(self):
        super().clean()
        types = {block.block_type for block in self.questions}
        errors = {}
        if self.is_self_assessment:
            if types - SELF_ASSESSMENT_QUESTION_TYPES:
                errors["questions"] = _("A self-assessment is made of statements only.")
            if len(self.scale) < 2:
                errors["scale"] = _("Give the answer scale at least two answers.")
            if not self.bands:
                errors["bands"] = _("Add at least one result band.")
        elif types - GRADED_QUESTION_TYPES:
            errors["questions"] = _("Statements belong in self-assessments; use questions with answers here.")
        if not self.questions:
            errors["questions"] = _("Add at least one question.")
        if self.kind == QuizKind.POST_TEST and self.pretest_id is None:
            errors["pretest"] = _("Choose the pre-test this post-test is compared with.")
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import quiz_context

        context = super().get_context(request, *args, **kwargs)
        context.update(quiz_context(quiz=self))
        return add_from_hooks("quiz_page_context", self, request, context)
