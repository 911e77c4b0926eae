"""Site pages: home, standard pages, news. Pages describe; they hold no learner state."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from content.admin_forms import CallPageForm
from content.blocks import RICH_TEXT_FEATURES, BodyBlock
from content.call_blocks import ApplicationQuestionsBlock


class HomePage(Page):
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

    def get_context(self, request, *args, **kwargs):
        """The apps above add their part (courses: the featured courses, the catalogue) through the
        `home_page_context` hook: `fn(page, request, context) -> dict`."""
        from content.selectors import home_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(home_page_context(home=self))
        for fn in hooks.get_hooks("home_page_context"):
            context.update(fn(self, request, context))
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
        from content.selectors import news_page_for, open_calls_box

        context = super().get_context(request, *args, **kwargs)
        context["news"] = news_page_for(index_page=self, page_number=request.GET.get("page"))
        context.update(open_calls_box(locale_id=self.locale_id))
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


# --- Open calls ----------------------------------------------------------------------------------

class CallIndexPage(Page):
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


# A call's rules, shared by its translations and set on its default-language version (`content.services`).
CALL_RULE_FIELDS = ("opens_at", "deadline", "places", "editing_allowed", "communities", "oblasts", "professions")


class CallPage(Page):
    """An open call: who may apply, until when, for which training, the stages and the questions asked.

    Applications are rows in `enrollments` (Application), never stored on the page.
    """

    summary = models.TextField(_("summary"), max_length=500, blank=True,
                               help_text=_("One or two sentences for the home page and the list of calls."))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("description"))
    communities = models.TextField(
        _("eligible communities"), blank=True,
        help_text=_("One community (hromada) per line. Empty: people from any community may apply."))
    oblasts = models.JSONField(_("eligible oblasts"), default=list, blank=True)
    professions = models.JSONField(_("eligible professions"), default=list, blank=True)
    opens_at = models.DateTimeField(_("applications open"), null=True, blank=True,
                                    help_text=_("Kyiv time. Empty: open as soon as the page is published."))
    deadline = models.DateTimeField(_("deadline"), help_text=_("Kyiv time. Applications sent up to this minute "
                                                                "are accepted."))
    places = models.PositiveIntegerField(_("places"), default=20)
    editing_allowed = models.BooleanField(
        _("applicants may edit after submitting"), default=True,
        help_text=_("Until the deadline, a submitted application can be changed and sent again."))
    sessions = ParentalManyToManyField("enrollments.TrainingSession", blank=True, related_name="calls",
                                       verbose_name=_("training sessions"),
                                       help_text=_("Accepted applicants are enrolled in the first of these with "
                                                   "a free place."))
    questions = StreamField(ApplicationQuestionsBlock(), blank=True, verbose_name=_("application questions"))

    parent_page_types = ["content.CallIndexPage"]
    subpage_types: list[str] = []
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("communities"), FieldPanel("oblasts"), FieldPanel("professions")],
                        heading=_("Who may apply")),
        MultiFieldPanel([FieldPanel("opens_at"), FieldPanel("deadline"), FieldPanel("editing_allowed")],
                        heading=_("When (Kyiv time)")),
        MultiFieldPanel([FieldPanel("places"), FieldPanel("sessions")], heading=_("Places and training")),
        InlinePanel("stages", label=_("Stages"), heading=_("Stages, in order"),
                    help_text=_("At least one. Applications start at the first; coordinators move them on. "
                                "Review uses the Ukrainian version's stages: a translation translates their "
                                "titles.")),
        InlinePanel("criteria", label=_("Review criteria"), heading=_("Review rubric"),
                    help_text=_("Reviewers mark each criterion from 0 to its highest mark; the weights make "
                                "the total. Review uses the Ukrainian version's rubric.")),
        FieldPanel("questions"),
    ]
    base_form_class = CallPageForm

    class Meta:
        verbose_name = _("open call")
        verbose_name_plural = _("open calls")

    @property
    def window(self):
        """When applications are taken (enrollments/calls/window.py)."""
        from enrollments.calls.window import Window

        return Window(opens_at=self.opens_at, deadline=self.deadline)

    @property
    def criteria_for_eligibility(self):
        """Who may apply, as the pure rule's input (enrollments/calls/eligibility.py)."""
        from enrollments.calls.eligibility import Criteria

        return Criteria(communities=tuple(line.strip() for line in self.communities.splitlines() if line.strip()),
                        oblasts=frozenset(self.oblasts or ()), professions=frozenset(self.professions or ()))

    def get_context(self, request, *args, **kwargs):
        from enrollments.calls.selectors import call_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(call_page_context(call=self, user=request.user))
        return context


class CallStage(Orderable):
    """One stage of a call, in order: e.g. written application, then interview or test task."""

    page = ParentalKey(CallPage, on_delete=models.CASCADE, related_name="stages")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what happens"), blank=True)

    panels = [FieldPanel("title"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = _("stage")
        verbose_name_plural = _("stages")


class CallCriterion(Orderable):
    """One criterion of the call's review rubric, with its weight and its scale (0 to `scale_max`)."""

    page = ParentalKey(CallPage, on_delete=models.CASCADE, related_name="criteria")
    title = models.CharField(_("criterion"), max_length=200)
    description = models.TextField(_("what reviewers look for"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=4, decimal_places=1, default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest mark"), default=5)

    panels = [FieldPanel("title"), FieldPanel("description"), FieldPanel("weight"), FieldPanel("scale_max")]

    class Meta(Orderable.Meta):
        verbose_name = _("review criterion")
        verbose_name_plural = _("review criteria")
