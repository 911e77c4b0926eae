"""Learner views: my learning, profile, marking modules complete. Thin: forms, services, selectors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from certificates import selectors as certificate_selectors
from certificates.models import Certificate
from certificates.validity import is_expired
from courses.models import ModulePage
from enrollments import selectors, services
from enrollments.calls import selectors as call_selectors
from enrollments.forms import ProfileForm
from enrollments.quizzes import selectors as quiz_selectors


@login_required
def my_learning(request: HttpRequest) -> HttpResponse:
    trainings = selectors.my_sessions(user=request.user)
    holding = [t.session for t in trainings if t.enrollment.status in selectors.SEAT_HOLDING_STATUSES]
    tests = quiz_selectors.session_tests(sessions=holding, user=request.user)
    certificates = certificate_selectors.certificates_of(user=request.user)
    today = timezone.localdate()
    return render(request, "enrollments/my_learning.html", {
        "overview": selectors.learning_overview(user=request.user),
        "profile": selectors.profile_for(user=request.user),
        "sessions": [(training, tests.get(training.session.pk, [])) for training in trainings],
        "certificate_outlooks": _certificate_outlooks(request.user, trainings, certificates),
        "certificates": [(c, is_expired(expires_on=c.expires_on, today=today)) for c in certificates],
        "applications": call_selectors.my_applications(user=request.user),
    })


def _certificate_outlooks(user: AbstractBaseUser, trainings: list[selectors.MyTraining],
                          certificates: list[Certificate]) -> list[tuple]:
    """Per training the person has a place on: each rule's (outlook, revoked certificate or None).

    Trainings without a certificate rule are left out. All rules of all trainings in one batch.
    """
    trainings = [t for t in trainings if t.enrollment.status in selectors.SEAT_HOLDING_STATUSES
                 and not t.is_cancelled]
    for training in trainings:
        training.enrollment.user = user  # all the viewer's own: the profile (for the name) is read once
    outlooks = certificate_selectors.outlooks_for([t.enrollment for t in trainings])
    # A revoked certificate is never issued again by itself: say so rather than "being issued".
    revoked = {(c.enrollment_id, c.kind): c for c in reversed(certificates) if c.is_revoked}  # newest wins
    return [
        (training, [(outlook, revoked.get((training.enrollment.pk, outlook.rule.kind)))
                    for outlook in outlooks[training.enrollment.pk]])
        for training in trainings if outlooks[training.enrollment.pk]
    ]


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    instance = selectors.profile_for(user=request.user)
    form = ProfileForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.update_profile(
            user=request.user, data=form.cleaned_data, reporting_consent=form.cleaned_data["reporting_consent"]
        )
        messages.success(request, _("Your profile has been saved."))
        return redirect("profile")
    return render(request, "enrollments/profile.html", {"form": form})


def _module_or_404(page_id: int) -> ModulePage:
    return get_object_or_404(ModulePage.objects.live().public(), pk=page_id)


def _back_to(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return fallback


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
