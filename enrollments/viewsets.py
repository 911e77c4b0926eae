"""Training sessions in the Wagtail admin: coordinators list, add and edit them with their days."""

from django import forms
from django.contrib import messages
from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton

from content.converters import ID
from enrollments import protection, selectors, services
from enrollments.forms import SessionDayForm, SessionDayFormSet, TrainingSessionAdminForm
from enrollments.models import TrainingSession


def roster_url(session: TrainingSession) -> str:
    return reverse("enrollments_admin:session_roster", args=[session.pk])


def import_url(session: TrainingSession) -> str:
    return reverse("enrollments_admin:session_import", args=[session.pk])


def issue_certificates_url(session: TrainingSession) -> str:
    return reverse("certificates_admin:issue", args=[session.pk])


def may_issue_certificates(user) -> bool:
    return user.has_perm("certificates.add_issuingbatch")


class SessionDaysPanel(InlinePanel):
    """The session's days, each checked by SessionDayForm; SessionDayFormSet refuses two days on one date."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name].update(form=SessionDayForm, formset=SessionDayFormSet)
        return options


class SessionIndexView(generic.IndexView):
    def get_base_queryset(self):
        return selectors.sessions_with_counts()

    def get_list_more_buttons(self, instance):
        return [
            MenuItem(_("Roster"), url=roster_url(instance), icon_name="group", priority=1),
            MenuItem(_("Import participants"), url=import_url(instance), icon_name="upload", priority=2),
            *([MenuItem(_("Issue certificates"), url=issue_certificates_url(instance), icon_name="doc-full",
                        priority=3)] if may_issue_certificates(self.request.user) else []),
            *super().get_list_more_buttons(instance),
        ]


class SessionEditView(generic.EditView):
    """Saving tells the people enrolled when a day moved, and gives any new seats to the waiting list."""

    people_told = 0

    def save_instance(self):
        previous_schedule = selectors.session_schedule(session_id=self.object.pk)
        session = super().save_instance()
        self.people_told = services.announce_schedule_change(session=session, previous_schedule=previous_schedule)
        services.fill_free_seats(session=session)
        return session

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ProtectedError:
            # Attendance marked on a day between the form's check and the save: the database kept the day.
            self.produced_error_code = "validation_error"
            self.produced_error_message = _("Nothing was saved: attendance was marked meanwhile on a day this edit "
                                            "removes. To move the day, reload the page and change its date.")
            return self.form_invalid(form)

    def get_success_message(self):
        message = super().get_success_message()
        if self.people_told:
            message += " " + ngettext(
                "The new schedule will be emailed to the %(count)d person enrolled.",
                "The new schedule will be emailed to the %(count)d people enrolled.",
                self.people_told,
            ) % {"count": self.people_told}
        return message

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(_("Roster"), url=roster_url(self.object), icon_name="group"),
            HeaderButton(_("Import participants"), url=import_url(self.object), icon_name="upload"),
            *([HeaderButton(_("Issue certificates"), url=issue_certificates_url(self.object), icon_name="doc-full")]
              if may_issue_certificates(self.request.user) else []),
        ]


class SessionDeleteView(generic.DeleteView):
    """Only a session with no records (nobody ever on it, no issuing run, no open call recruiting for it) can be
    deleted; others are cancelled from the roster."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ProtectedError as error:
            messages.error(self.request, _("This session cannot be deleted: %(records)s refer to it and are kept. "
                                           "Cancel it from its roster instead: everyone will be told.")
                           % {"records": ", ".join(protection.kinds_of(error.protected_objects))})
            return redirect(roster_url(self.object))


class TrainingSessionViewSet(ModelViewSet):
    model = TrainingSession
    name = "sessions"
    pk_path_converter = ID
    icon = "date"
    menu_label = _("Training sessions")
    menu_order = 250
    add_to_admin_menu = True
    copy_view_enabled = False
    index_view_class = SessionIndexView
    edit_view_class = SessionEditView
    delete_view_class = SessionDeleteView

    list_display = [
        "title",
        Column("first_day", label=_("First day"), sort_key="first_day"),
        "city",
        "capacity",
        Column("enrolled_count", label=_("Enrolled"), sort_key="enrolled_count"),
        Column("waitlisted_count", label=_("Waiting list"), sort_key="waitlisted_count"),
        Column("pending_count", label=_("Awaiting approval"), sort_key="pending_count"),
        "status",
    ]
    list_filter = ["status", "format", "oblast", "course"]
    search_fields = ["title_uk", "title_en", "city_uk", "city_en", "venue_uk", "venue_en"]
    search_backend_name = None
    ordering = "-first_day"

    edit_handler = ObjectList([
        MultiFieldPanel([
            FieldPanel("course"),
            # Words in both languages side by side (modeltranslation): English pages fall back to the Ukrainian.
            FieldRowPanel([FieldPanel("title_uk"), FieldPanel("title_en")]),
            FieldPanel("language"),
            FieldPanel("format"),
            FieldPanel("status", help_text=_("To cancel a session, use “Cancel this session” on its roster: "
                                             "everyone on it is told.")),
        ], heading=_("Session")),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("venue_uk"), FieldPanel("venue_en")]),
            FieldRowPanel([FieldPanel("city_uk"), FieldPanel("city_en")]),
            FieldPanel("oblast"),
            FieldPanel("online_link"),
        ], heading=_("Place")),
        MultiFieldPanel([
            FieldPanel("capacity"),
            FieldPanel("approval_required"),
            FieldPanel("enrollment_opens_at"),
            FieldPanel("enrollment_closes_at"),
        ], heading=_("Enrollment")),
        FieldPanel("trainers", widget=forms.CheckboxSelectMultiple),
        FieldPanel("hours"),
        SessionDaysPanel("days", heading=_("Days"), label=_("Day"), panels=[
            FieldPanel("date"), FieldPanel("starts_at"), FieldPanel("ends_at"),
            FieldRowPanel([FieldPanel("topic_uk"), FieldPanel("topic_en")]),
        ]),
        MultiFieldPanel([
            FieldPanel("late_after_minutes"),
            FieldPanel("late_counts_as_attended"),
            FieldPanel("excused_counts_as_attended"),
        ], heading=_("Attendance rules")),
    ], base_form_class=TrainingSessionAdminForm)


session_viewset = TrainingSessionViewSet()
