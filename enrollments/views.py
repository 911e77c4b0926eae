"""Learner views: my learning, profile, marking modules complete. Thin: forms, services, selectors.

"My learning" also shows what apps above enrollments keep about the person (certificates): each registers a
`my_learning_sections` hook, `fn(request, trainings, completed) -> dict | None`, given the person's trainings
(`selectors.my_sessions`, with days and own marks) and completed modules (`selectors.module_completions`), so it
need not read them again. The dict names the `template` that shows it, included after the applications, and
holds what that template reads as `section`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail import hooks

from courses.models import ModulePage
from enrollments import selectors, services
from enrollments.calls import selectors as call_selectors
from enrollments.forms import ProfileForm
from enrollments.models import EnrollmentStatus
from enrollments.quizzes import selectors as quiz_selectors

PAST_TRAININGS_SHOWN = 3  # the latest past trainings listed; "?past=all" lists every one


@login_required
def my_learning(request: HttpRequest) -> HttpResponse:
    trainings = selectors.my_sessions(user=request.user)  # coming ones first, then past ones, latest first
    completed = selectors.module_completions(user=request.user)
    courses = selectors.live_courses(keys=set(completed) | {t.session.course.translation_key for t in trainings})
    holding = [t.session for t in trainings if t.enrollment.status in EnrollmentStatus.holding_seat()]
    tests = quiz_selectors.session_tests(sessions=holding, user=request.user, courses=courses)
    sections = [section for fn in hooks.get_hooks("my_learning_sections")
                if (section := fn(request, trainings, completed)) is not None]
    overview = selectors.learning_overview(user=request.user, completed=completed, courses=courses)
    # Past trainings beyond the latest few are left out of the list unless asked for: the page stays short.
    past = [t for t in trainings if not t.next_day]
    limit = len(past) if request.GET.get("past") == "all" else PAST_TRAININGS_SHOWN
    shown = [t for t in trainings if t.next_day] + past[:limit]
    return render(request, "enrollments/my_learning.html", {
        "overview": overview,
        "to_start": selectors.courses_to_start(trainings=trainings, started=[course for course, _, _ in overview],
                                               courses=courses),
        "profile": selectors.profile_for(user=request.user),
        "sessions": [(training, tests.get(training.session.pk, [])) for training in shown],
        "hidden_past": len(trainings) - len(shown),
        "sections": sections,
        "applications": call_selectors.my_applications(user=request.user),
    })


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    instance = selectors.profile_for(user=request.user)
    form = ProfileForm(request.POST or None, instance=instance)
    # Back to the page that sent the person here (e.g. My learning, an application), only on this site.
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next", ""))
    if request.method == "POST" and form.is_valid():
        withdrawn = form.withdraws_consent
        services.update_profile(
            user=request.user, data=form.cleaned_data, reporting_consent=form.cleaned_data["reporting_consent"]
        )
        if withdrawn:
            messages.success(request, _("Your profile has been saved. You withdrew your consent, so your details "
                                        "for anonymous reporting were deleted."))
        else:
            messages.success(request, _("Your profile has been saved."))
        return redirect(next_url or "profile")
    return render(request, "enrollments/profile.html", {"form": form, "next_url": next_url})


def _module_or_404(page_id: int) -> ModulePage:
    return get_object_or_404(ModulePage.objects.live().public(), pk=page_id)


def _safe_next(request: HttpRequest, target: str) -> str:
    """`target` when it leads to a page of this site, else "".

    Only a path from the root: `redirect()` takes a bare word ("0", "profile") for the name of a view and fails on
    one that is not (a 500 for `next=0`).
    """
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return ""


def _back_to(request: HttpRequest, fallback: str) -> str:
    return _safe_next(request, request.POST.get("next", "")) or fallback


@login_required
@require_POST
def complete_module(request: HttpRequest, page_id: int) -> HttpResponse:
    module = _module_or_404(page_id)
    services.mark_module_complete(user=request.user, module=module)
    messages.success(request, _("“%(title)s” is marked as complete.") % {"title": module.title})
    return redirect(_back_to(request, module.url))


@login_required
@require_POST
def reopen_module(request: HttpRequest, page_id: int) -> HttpResponse:
    module = _module_or_404(page_id)
    services.mark_module_incomplete(user=request.user, module=module)
    messages.info(request, _("“%(title)s” is no longer marked as complete.") % {"title": module.title})
    return redirect(_back_to(request, module.url))
