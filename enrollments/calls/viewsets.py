"""Open calls in the Wagtail admin: the "Open calls" menu with the calls' rules, the applications and the
decision emails.

A call's rules (`content.models.Call`) are a snippet, so a call page chooses its call and links to its form.
The four decision emails exist from the first migration and are only ever edited: no add, copy or
delete view, so an email cannot go missing (emails.py would fall back to its default text anyway).
"""

from django.contrib import messages
from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import DeleteView, SnippetViewSet

from content.converters import ID
from content.models import Call
from enrollments.calls.admin_forms import CallForm
from enrollments.calls.models import DecisionEmail
from enrollments.calls.window import KYIV

VIEW_APPLICATIONS = "enrollments.view_application"

# Keep in step with models.PLACEHOLDERS.
PLACEHOLDER_HELP = _(
    "<p>These words in braces are replaced in each email: {name} the applicant's name, {call} the call's title, "
    "{stage} the stage's title, {training} the sentence naming the training session and dates the person is "
    "enrolled in (acceptance; nothing when the call enrolls nobody), {session} and {dates} the session's title "
    "and dates alone, {link} their applications page. Applicants receive one email: the Ukrainian text, "
    "then the English one.</p>")


class DecisionEmailViewSet(ModelViewSet):
    model = DecisionEmail
    name = "decision_emails"
    pk_path_converter = ID
    url_prefix = "calls/emails"
    icon = "mail"
    menu_label = _("Decision emails")
    copy_view_enabled = False
    add_to_reference_index = False
    list_display = ["kind", "subject_uk", "subject_en", DateColumn("updated_at", label=_("Updated"))]
    ordering = "pk"
    edit_handler = ObjectList([
        HelpPanel(content=PLACEHOLDER_HELP, heading=_("Placeholders")),
        MultiFieldPanel([FieldPanel("subject_uk"), FieldPanel("body_uk")], heading=_("Ukrainian")),
        MultiFieldPanel([FieldPanel("subject_en"), FieldPanel("body_en")], heading=_("English")),
    ])

    def get_urlpatterns(self):
        # Not super(): only the list and the edit form exist.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("edit/<str:pk>/", self.edit_view, name="edit"),
        ]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{"add_url_name": None, "delete_url_name": None, "copy_url_name": None, "usage_url_name": None,
               "history_url_name": None, "inspect_url_name": None, **kwargs})

    def get_permissions_to_register(self):
        """Only view and change can be granted: the four emails are never added or deleted."""
        return super().get_permissions_to_register().filter(
            codename__in=["view_decisionemail", "change_decisionemail"])


decision_email_viewset = DecisionEmailViewSet()


def kyiv(moment) -> str:
    """A call's moment as editors typed it: the Kyiv date and time (a relative "in 3 weeks" would hide the minute)."""
    return f"{timezone.localtime(moment, KYIV):%d.%m.%Y %H:%M}" if moment else "—"


class CallDeleteView(DeleteView):
    """A call that pages or applications point to stays: say so, instead of the database's refusal."""

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except ProtectedError:
            messages.error(request, _("“%(call)s” cannot be deleted: call pages or applications refer to it.")
                           % {"call": self.object})
            return redirect(self.edit_url_name, self.object.pk)


class CallViewSet(SnippetViewSet):
    """The calls' rules: window, places, who may apply, the sessions recruited for, stages and rubric."""

    model = Call
    pk_path_converter = ID
    icon = "date"
    menu_label = _("Calls")
    url_prefix = "calls/rules"
    delete_view_class = CallDeleteView
    list_display = ["name", Column("opens_at", label=_("Applications open"), accessor=lambda call: kyiv(call.opens_at)),
                    Column("deadline", label=_("Deadline"), accessor=lambda call: kyiv(call.deadline)), "places"]
    search_fields = ["name"]
    ordering = ["-deadline", "-pk"]
    edit_handler = ObjectList([
        FieldPanel("name"),
        MultiFieldPanel([FieldPanel("opens_at"), FieldPanel("deadline"), FieldPanel("editing_allowed")],
                        heading=_("When (Kyiv time)")),
        # Communities in both languages side by side: a person's typed community may match either.
        MultiFieldPanel([FieldRowPanel([FieldPanel("communities_uk"), FieldPanel("communities_en")]),
                         FieldPanel("oblasts"), FieldPanel("professions")],
                        heading=_("Who may apply")),
        MultiFieldPanel([FieldPanel("places"), FieldPanel("sessions")], heading=_("Places and training")),
        InlinePanel("stages", label=_("Stage"), heading=_("Stages, in order"),
                    help_text=_("At least one. Applications start at the first; coordinators move them on. "
                                "Give each stage's title in Ukrainian and, for English readers, in English.")),
        InlinePanel("criteria", label=_("Review criterion"), heading=_("Review rubric"),
                    help_text=_("Reviewers mark each criterion from 0 to its highest mark; the weights make "
                                "the total.")),
    ], base_form_class=CallForm)


call_viewset = CallViewSet()


class ApplicationsMenuItem(MenuItem):
    """"Applications", shown to whoever may read them (reviewers and coordinators)."""

    def is_shown(self, request):
        return request.user.has_perm(VIEW_APPLICATIONS)


def applications_menu_item() -> ApplicationsMenuItem:
    return ApplicationsMenuItem(_("Applications"), reverse("calls_admin:applications"), name="applications",
                                icon_name="form", order=1)


class CallsMenu(ViewSetGroup):
    """"Open calls" in the admin menu: calls, applications (added through the submenu hook) and decision emails."""

    menu_label = _("Open calls")
    menu_icon = "form"
    menu_order = 255  # between "Training sessions" and "Certificates"
    items = (call_viewset, decision_email_viewset)
    submenu_hook = "register_calls_menu_item"

    def get_submenu_items(self):
        # Calls first, then the applications (order 1, from the hook), then the decision emails.
        return [registerable.get_menu_item(order=0 if registerable is call_viewset else 10)
                for registerable in self.registerables]

