"""Site pages: home, standard pages, news. Pages describe; they hold no learner state."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, Site
from wagtail.search import index

from content import public_cache
from content.admin_forms import CallPageForm
from content.bilingual import in_reader_language
from content.blocks import RICH_TEXT_FEATURES, BodyBlock
from content.call_blocks import ApplicationQuestionsBlock
from content.page_hooks import add_from_hooks
from content.routing import ServedQuicklyMixin, route_from


class HomePage(ServedQuicklyMixin, Page):
    """The front page of one language tree: mission, featured courses, latest news."""

    hero_title = models.CharField(_("hero title"), max_length=200, blank=True)
    mission = RichTextField(_("mission"), features=RICH_TEXT_FEATURES, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["content.StandardPage", "content.NewsIndexPage", "courses.CourseIndexPage",
                     "content.CallIndexPage"]
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

    def route(self, request, path_components):
        """Wagtail's walk from the site's root, in one query instead of two per level (content/routing.py)."""
        if not path_components:
            return super().route(request, path_components)
        return route_from(self, request, path_components)

    def get_context(self, request, *args, **kwargs):
        """The apps above add their part (courses: the featured courses, the catalogue) through the
        `home_page_context` hook: `fn(page, request, context) -> dict`."""
        from content.selectors import home_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(home_page_context(home=self, request=request))
        return add_from_hooks("home_page_context", self, request, context)


class HomePageFeaturedCourse(Orderable):
    """One course shown on the home page, in the editor's order."""

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_courses")
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="+", verbose_name=_("course")
    )

    panels = [PageChooserPanel("course", "courses.CoursePage")]


class StandardPage(ServedQuicklyMixin, Page):
    """An ordinary content page: about us, contacts, privacy notice."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    parent_page_types = ["content.HomePage", "content.StandardPage"]
    subpage_types = ["content.StandardPage"]
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("standard page")


class NewsIndexPage(ServedQuicklyMixin, Page):
    """The list of announcements, newest first."""

    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.NewsPage"]
    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        from content.selectors import news_page_for, open_calls_box

        context = super().get_context(request, *args, **kwargs)
        context["news"] = news_page_for(index_page=self, page_number=request.GET.get("page"))
        context.update(open_calls_box(locale_id=self.locale_id))
        return context


class NewsPage(ServedQuicklyMixin, Page):
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

    # The name in both languages side by side (content/translation.py); English pages fall back to the Ukrainian.
    panels = [FieldRowPanel([FieldPanel("organisation_name_uk"), FieldPanel("organisation_name_en")]),
              FieldPanel("contact_email")]

    class Meta:
        verbose_name = _("site settings")

    @classmethod
    def for_request(cls, request):
        """Read once per site and generation (content/public_cache.py), then once per request as Wagtail does. The
        admin's settings form reads `for_site`, always from the database."""
        attr_name = cls.get_cache_attr_name()
        if not hasattr(request, attr_name):
            site = Site.find_for_request(request)
            settings = public_cache.cached(("site-settings", site.pk if site else None),
                                           lambda: cls.for_site(site), request=request)
            settings._request = request
            setattr(request, attr_name, settings)
        return getattr(request, attr_name)


# --- Open calls ----------------------------------------------------------------------------------

class CallIndexPage(ServedQuicklyMixin, Page):
    """The list of open calls (and past ones) of one language tree."""

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)

    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.CallPage"]
    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("open calls index")

    def get_context(self, request, *args, **kwargs):
        from content.selectors import calls_page_for

        context = super().get_context(request, *args, **kwargs)
        context["calls"] = calls_page_for(index_page=self, page_number=request.GET.get("page"))
        return context


class Call(ClusterableModel):
    """One open call's rules, the same in every language: when it takes applications, how many places, who may
    apply, its stages and its review rubric.

    Each language's CallPage points to it and carries only the words; applications point to it too. Coordinators
    edit it in the admin (Open calls → Calls); the form and the sessions it recruits for live in
    `enrollments.calls`, the app that records the applications.
    """

    name = models.CharField(
        _("name"), max_length=200,
        help_text=_("How coordinators find the call in the admin, e.g. “Teachers of Marhanets and Kryvyi Rih, "
                    "spring 2026”. Applicants read the call page's title."))
    communities = models.TextField(
        _("eligible communities"), blank=True,
        help_text=_("One community (hromada) per line. Empty: people from any community may apply."))
    oblasts = models.JSONField(_("eligible oblasts"), default=list, blank=True)
    professions = models.JSONField(_("eligible professions"), default=list, blank=True)
    opens_at = models.DateTimeField(_("applications open"), null=True, blank=True,
                                    help_text=_("Kyiv time. Empty: open as soon as the call's page is published."))
    deadline = models.DateTimeField(_("deadline"), help_text=_("Kyiv time. Applications sent up to this minute "
                                                                "are accepted."))
    places = models.PositiveIntegerField(_("places"), default=20)
    editing_allowed = models.BooleanField(
        _("applicants may edit after submitting"), default=True,
        help_text=_("Until the deadline, a submitted application can be changed and sent again."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-deadline", "-pk"]
        indexes = [models.Index(fields=["deadline"])]

    def __str__(self) -> str:
        return self.name


class WordedInBothLanguages:
    """A row with `title_uk`/`title_en` and `description_uk`/`description_en`: readers get their language's words."""

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_reader_language(self.title_uk, self.title_en)

    @property
    def description(self) -> str:
        return in_reader_language(self.description_uk, self.description_en)


class CallStage(WordedInBothLanguages, Orderable):
    """One stage of a call, in order: e.g. written application, then interview or test task."""

    call = ParentalKey(Call, on_delete=models.CASCADE, related_name="stages")
    title_uk = models.CharField(_("title (Ukrainian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_uk = models.TextField(_("what happens (Ukrainian)"), blank=True)
    description_en = models.TextField(_("what happens (English)"), blank=True)

    panels = [FieldPanel("title_uk"), FieldPanel("title_en"), FieldPanel("description_uk"),
              FieldPanel("description_en")]

    class Meta(Orderable.Meta):
        verbose_name = _("stage")
        verbose_name_plural = _("stages")


class CallCriterion(WordedInBothLanguages, Orderable):
    """One criterion of the call's review rubric, with its weight and its scale (0 to `scale_max`)."""

    call = ParentalKey(Call, on_delete=models.CASCADE, related_name="criteria")
    title_uk = models.CharField(_("criterion (Ukrainian)"), max_length=200)
    title_en = models.CharField(_("criterion (English)"), max_length=200, blank=True)
    description_uk = models.TextField(_("what reviewers look for (Ukrainian)"), blank=True)
    description_en = models.TextField(_("what reviewers look for (English)"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=4, decimal_places=1, default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest mark"), default=5)

    panels = [FieldPanel("title_uk"), FieldPanel("title_en"), FieldPanel("description_uk"),
              FieldPanel("description_en"), FieldPanel("weight"), FieldPanel("scale_max")]

    class Meta(Orderable.Meta):
        verbose_name = _("review criterion")
        verbose_name_plural = _("review criteria")


class CallPage(ServedQuicklyMixin, Page):
    """An open call in one language: what it offers and the questions it asks, in that language's words.

    Its rules (window, places, eligibility, stages, rubric) are its `call`, shared by every translation;
    applications are rows in `enrollments`, never stored on the page.
    """

    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="pages", verbose_name=_("call"),
        help_text=_("The call's dates, places, eligibility, stages and rubric (Open calls → Calls): every language "
                    "version of this page uses the same."))
    summary = models.TextField(_("summary"), max_length=500, blank=True,
                               help_text=_("One or two sentences for the home page and the list of calls."))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("description"))
    questions = StreamField(ApplicationQuestionsBlock(), blank=True, verbose_name=_("application questions"))

    parent_page_types = ["content.CallIndexPage"]
    subpage_types: list[str] = []
    content_panels = Page.content_panels + [
        FieldPanel("call"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("questions"),
    ]
    base_form_class = CallPageForm

    class Meta:
        verbose_name = _("open call")
        verbose_name_plural = _("open calls")

    def get_context(self, request, *args, **kwargs):
        """What the page shows of applications (the apply box, the reader's own application, the sessions) comes
        from the app that records them, through the `call_page_context` hook: `fn(page, request, context) -> dict`."""
        context = super().get_context(request, *args, **kwargs)
        return add_from_hooks("call_page_context", self, request, context)
