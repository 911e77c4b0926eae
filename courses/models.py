"""The course catalogue: catalogue → course → module pages. Descriptions only, no learner state."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from content.blocks import BodyBlock
from enrollments.roles import TRAINER
from lms.choices import Profession


class CourseFormat(models.TextChoices):
    SELF_PACED = "self_paced", _("Self-paced")
    IN_PERSON = "in_person", _("In person")
    BLENDED = "blended", _("Blended")


class DeliveryLanguage(models.TextChoices):
    UK = "uk", _("Ukrainian")
    EN = "en", _("English")


@register_snippet
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
        return self.name_en if get_language() == "en" else self.name_uk


class CourseIndexPage(Page):
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


class CoursePage(Page):
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
    subpage_types = ["courses.ModulePage"]
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
        context.update(course_context(course=self, user=request.user))
        return context


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


class ModulePage(Page):
    """One unit of a course, read in the order of the page tree."""

    summary = models.TextField(_("summary"), blank=True, max_length=400)
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=20)
    body = StreamField(BodyBlock(), verbose_name=_("body"))

    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []
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
        context.update(module_context(module=self, user=request.user))
        return context
