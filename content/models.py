"""Site pages: home, standard pages, news. Pages describe; they hold no learner state."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from content.blocks import RICH_TEXT_FEATURES, BodyBlock


class HomePage(Page):
    """The front page of one language tree: mission, featured courses, latest news."""

    hero_title = models.CharField(_("hero title"), max_length=200, blank=True)
    mission = RichTextField(_("mission"), features=RICH_TEXT_FEATURES, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["content.StandardPage", "content.NewsIndexPage", "courses.CourseIndexPage"]
    content_panels = Page.content_panels + [
        FieldPanel("hero_title"),
        FieldPanel("mission"),
        InlinePanel("featured_courses", label=_("Featured courses"), max_num=6),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("mission")]

    class Meta:
        verbose_name = _("home page")

    @classmethod
    def can_create_at(cls, parent) -> bool:
        # "wagtailcore.Page" would also admit any plain page, such as Wagtail's welcome page.
        return super().can_create_at(parent) and parent.is_root()

    def get_context(self, request, *args, **kwargs):
        from content.selectors import home_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(home_page_context(home=self))
        return context


class HomePageFeaturedCourse(Orderable):
    """One course shown on the home page, in the editor's order."""

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_courses")
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="+", verbose_name=_("course")
    )

    panels = [PageChooserPanel("course", "courses.CoursePage")]


class StandardPage(Page):
    """An ordinary content page: about us, contacts, privacy notice."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    parent_page_types = ["content.HomePage", "content.StandardPage"]
    subpage_types = ["content.StandardPage"]
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("standard page")


class NewsIndexPage(Page):
    """The list of announcements, newest first."""

    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.NewsPage"]
    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        from content.selectors import news_page_for

        context = super().get_context(request, *args, **kwargs)
        context["news"] = news_page_for(index_page=self, page_number=request.GET.get("page"))
        return context


class NewsPage(Page):
    """One announcement, e.g. "enrollment is now open"."""

    date = models.DateField(_("date"), default=timezone.localdate)
    summary = models.TextField(_("summary"), blank=True, max_length=400)
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("image"),
    )
    image_alt = models.CharField(_("image alternative text"), max_length=250, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    parent_page_types = ["content.NewsIndexPage"]
    subpage_types: list[str] = []
    content_panels = Page.content_panels + [
        FieldPanel("date"), FieldPanel("summary"), FieldPanel("image"), FieldPanel("image_alt"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"), index.AutocompleteField("summary"), index.SearchField("body"),
        index.FilterField("date"),
    ]

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """Who runs this site: shown in the footer and in emails."""

    organisation_name = models.CharField(_("organisation name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)

    class Meta:
        verbose_name = _("site settings")
