"""Admin wiring for training sessions: the sessions viewset, the per-session coordinator pages; and what
enrollments add to the course pages below (the reader's progress, sessions, quiz results; a quiz's Results)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.models import Page

from courses.models import QuizPage
from enrollments import admin_views, protection, selectors
from enrollments.imports.services import IMPORT_LOG_ACTION
from enrollments.quizzes import selectors as quiz_selectors
from enrollments.services import REMINDERS_LOG_ACTION
from enrollments.viewsets import session_viewset


@hooks.register("register_admin_viewset")
def register_session_viewset():
    return session_viewset


@hooks.register("register_admin_urls")
def register_session_admin_urls():
    return [path("", include((admin_views.urlpatterns, admin_views.app_name), namespace=admin_views.app_name))]


@hooks.register("register_log_actions")
def register_import_log_action(actions):
    actions.register_action(IMPORT_LOG_ACTION, _("Import participants"), _("Participants imported"))


@hooks.register("register_log_actions")
def register_reminders_log_action(actions):
    """The reminder command records each run in the session's history: that record keeps it from sending twice."""
    actions.register_action(REMINDERS_LOG_ACTION, _("Send reminders"), _("Reminders queued for the first day"))


# Pages that records point at are kept (protection.py); each app answers for its own records.
hooks.register("page_has_records", protection.sessions_refer_to)
hooks.register("page_has_records", protection.quiz_results_refer_to)
hooks.register("page_has_records", protection.applications_refer_to)


def _refuse_deletion(request, pages):
    from django.contrib import messages
    from django.shortcuts import redirect

    if not protection.page_has_records(list(pages)):
        return None
    messages.error(request, _(
        "This cannot be deleted: training sessions, quiz results, certificate rules or applications refer to it "
        "or to a page inside it. "
        "Unpublish it instead: it disappears from the site and the records stay intact."))
    return redirect("wagtailadmin_explore", pages[0].get_parent().pk)


@hooks.register("before_delete_page")
def keep_pages_with_records(request, page):
    return _refuse_deletion(request, [page])


@hooks.register("before_bulk_action")
def keep_pages_with_records_in_bulk(request, action_type, objects, action_class_instance):
    if action_type == "delete" and objects and isinstance(objects[0], Page):
        return _refuse_deletion(request, objects)
    return None


# Anything else that records point at (a person; whatever is deleted in bulk) is refused by the database (PROTECT);
# the admin says why instead of a server error. Sessions and calls have delete views of their own that do the same.

def _records_message(instance, records: list[str]) -> str:
    from django.contrib.auth import get_user_model

    if isinstance(instance, get_user_model()):
        return _("“%(name)s” cannot be deleted: %(records)s refer to this person and are kept. Make the account "
                 "inactive instead: they can no longer log in, and the records stay.") % {
            "name": instance.get_full_name() or instance.email, "records": ", ".join(records)}
    return _("“%(name)s” cannot be deleted: %(records)s refer to it and are kept.") % {
        "name": instance, "records": ", ".join(records)}


def _refuse_deleting_records(request, instances, next_url: str):
    from django.contrib import messages
    from django.shortcuts import redirect

    refusals = [_records_message(instance, records) for instance in instances
                if (records := protection.records_keeping(instance))]
    for refusal in refusals:
        messages.error(request, refusal)
    return redirect(next_url) if refusals else None


@hooks.register("before_delete_user")
def keep_people_with_records(request, user):
    return _refuse_deleting_records(request, [user], reverse("wagtailusers_users:edit", args=[user.pk]))


@hooks.register("before_bulk_action")
def keep_records_subjects_in_bulk(request, action_type, objects, action_class_instance):
    if action_type == "delete" and objects and not isinstance(objects[0], Page):
        return _refuse_deleting_records(request, objects, action_class_instance.next_url)
    return None


# --- Course pages: what the reader did (progress, sessions, quiz results) --------------------------
# courses.models says how pages ask: fn(page, request, context) -> dict, given the page's own reads.

@hooks.register("course_page_context")
def reader_on_course_page(page, request, context):
    from enrollments.calls.selectors import sessions_and_calls_on_course_page

    reader = selectors.course_page_context(course=page, modules=context["modules"], user=request.user)
    sessions, calls = sessions_and_calls_on_course_page(course=page, request=request)
    places = selectors.places_on(sessions=sessions, user=request.user)
    return {**reader, "sessions": sessions,
            "session_cards": [selectors.SessionCard(session=session, place=places.get(session.pk),
                                                    calls=calls.get(session.pk, [])) for session in sessions],
            "quizzes": quiz_selectors.quiz_links(quizzes=context["quiz_pages"], user=request.user)}


@hooks.register("module_page_context")
def reader_on_module_page(page, request, context):
    return {**selectors.module_page_context(module=page, course=context["course"], modules=context["modules"],
                                            user=request.user),
            "quizzes": quiz_selectors.quiz_links(quizzes=context["quiz_pages"], user=request.user)}


@hooks.register("quiz_page_context")
def reader_on_quiz_page(page, request, context):
    return quiz_selectors.quiz_page_context(quiz=page, user=request.user)


@hooks.register("register_page_header_buttons")
def quiz_results_button(page, user, view_name, next_url=None):
    """"Results" in a quiz's header (edit view and the like), for whoever may see its results."""
    if page.specific_class is not QuizPage:
        return
    from enrollments.quizzes.reports import find_quiz, may_see_quiz_results

    quiz = find_quiz(key=page.translation_key)
    if quiz is not None and may_see_quiz_results(user=user, course_key=quiz.course_key):
        yield Button(_("Results"), reverse("quiz_results", args=[page.translation_key]), icon_name="table",
                     priority=25)


# --- Open calls: applications, reviews, decisions, decision emails --------------------------------

@hooks.register("register_admin_viewset")
def register_calls_menu():
    from enrollments.calls.viewsets import CallsMenu

    return CallsMenu()


@hooks.register("register_calls_menu_item")
def register_applications_menu_item():
    from enrollments.calls.viewsets import applications_menu_item

    return applications_menu_item()


@hooks.register("register_admin_urls")
def register_calls_admin_urls():
    from enrollments.calls import admin_urls

    return [path("", include((admin_urls.urlpatterns, admin_urls.app_name), namespace=admin_urls.app_name))]


@hooks.register("register_permissions")
def application_permissions():
    """Reading applications, scoring them, reading every review, deciding: grantable in Settings → Groups."""
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(content_type__app_label="enrollments", codename__in=[
        "view_application", "change_application", "add_review", "view_review"])


@hooks.register("call_page_context")
def call_page_records(page, request, context) -> dict:
    """The call page's apply box, the reader's own application and the sessions it recruits for."""
    from enrollments.calls.selectors import call_page_context

    return call_page_context(page=page, user=request.user)


# --- Background work that failed for good: Reports → Failed emails and tasks, a dashboard panel ----------------

@hooks.register("register_admin_urls")
def register_background_admin_urls():
    from enrollments.background import admin_views

    return [path("", include((admin_views.urlpatterns, admin_views.app_name), namespace=admin_views.app_name))]


@hooks.register("register_log_actions")
def register_try_again_log_action(actions):
    from enrollments.background.services import TRY_AGAIN_LOG_ACTION

    actions.register_action(TRY_AGAIN_LOG_ACTION, _("Try again"), _("Tried again after failing"))


@hooks.register("register_reports_menu_item")
def register_failed_work_menu_item():
    from enrollments.background.admin_menu import FailedWorkMenuItem

    return FailedWorkMenuItem()


@hooks.register("construct_homepage_panels")
def add_failed_work_panel(request, panels):
    from enrollments.background.admin_menu import FailedWorkPanel
    from enrollments.background.selectors import failed_count
    from enrollments.permissions import is_coordinator

    if is_coordinator(request.user) and (count := failed_count()):
        panels.append(FailedWorkPanel(count=count))


# --- Erasure requests: Reports → Erasure requests, for those who may carry them out ---------------------------------

@hooks.register("register_admin_urls")
def register_privacy_admin_urls():
    from enrollments.privacy import erasure_admin_views

    return [path("", include((erasure_admin_views.urlpatterns, erasure_admin_views.app_name),
                             namespace=erasure_admin_views.app_name))]


@hooks.register("register_reports_menu_item")
def register_erasure_menu_item():
    from enrollments.privacy.erasure_admin_menu import ErasureRequestsMenuItem

    return ErasureRequestsMenuItem()


# --- The access log: Reports → Access log; a person's account is a view of their records ------------------------

@hooks.register("register_admin_urls")
def register_access_log_admin_urls():
    from enrollments.privacy import access_admin_views

    return [path("", include((access_admin_views.urlpatterns, access_admin_views.app_name),
                             namespace=access_admin_views.app_name))]


@hooks.register("register_reports_menu_item")
def register_access_log_menu_item():
    from enrollments.privacy.access_admin_views import AccessLogMenuItem

    return AccessLogMenuItem()


@hooks.register("before_edit_user")
def record_profile_view(request, user):
    """Opening a person's account in Settings → Users shows their name, email and groups: the access log says who."""
    from enrollments.privacy.access import AccessWhat, record_access

    if request.method == "GET":
        record_access(viewer=request.user, subjects=[user.pk], what=AccessWhat.PROFILE, object_label=_("profile"),
                      path=request.path)


@hooks.register("register_user_listing_buttons")
def access_log_button(user, request_user):
    """"Access log" among a person's actions in Settings → Users: who looked at this person's records."""
    from wagtail.admin.ui.menus import MenuItem

    from enrollments.privacy.access_admin_views import access_log_url, may_read_access_log

    if may_read_access_log(request_user):
        yield MenuItem(_("Access log"), url=access_log_url(user), icon_name="view", priority=60)
