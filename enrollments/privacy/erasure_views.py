"""The person's side of erasure, on their profile: ask for it (with the certificates choice, confirmed by their
password), see where the request stands, and withdraw it while it waits."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from enrollments.privacy import erasure, erasure_selectors
from enrollments.privacy.erasure_forms import ErasureRequestForm
from enrollments.privacy.models import ErasureStatus


@never_cache
@login_required
def erasure_request(request: HttpRequest) -> HttpResponse:
    latest = erasure_selectors.latest_request(user=request.user)
    waiting = latest is not None and latest.status == ErasureStatus.REQUESTED
    form = ErasureRequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and not waiting and form.is_valid():
        erasure.request_erasure(user=request.user, keep_certificates=form.cleaned_data["keep_certificates"])
        messages.success(request, _("Your request is sent. A coordinator will review it, and you will get an email "
                                    "when it is done."))
        return redirect("erasure_request")
    if request.method == "POST" and waiting:
        messages.info(request, _("Your request is already waiting for review."))
        return redirect("erasure_request")
    return render(request, "enrollments/privacy/erasure_request.html", {
        "form": form, "latest": latest, "waiting": waiting,
    })


@login_required
@require_POST
def withdraw_erasure_request(request: HttpRequest) -> HttpResponse:
    if erasure.withdraw_erasure_request(user=request.user) is None:
        messages.info(request, _("You have no request waiting for review."))
    else:
        messages.success(request, _("Your request is withdrawn. Your data stays as it is."))
    return redirect("erasure_request")
