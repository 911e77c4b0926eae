"""Coordinators' admin pages of erasure requests (Reports → Erasure requests): the list, waiting ones first, and a
review page saying what an erasure would remove, with "Erase" and "Decline" (POST, confirmed).

Registered under /admin/privacy/ by `enrollments/wagtail_hooks.py`, so Wagtail's admin access check runs first;
each view then lets in only people with the `enrollments.execute_erasure` permission (coordinators, superusers).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

import content.converters  # noqa: F401 - registers the <id:…> path converter
from enrollments.privacy import erasure, erasure_selectors
from enrollments.privacy.erasure_forms import DeclineForm, EraseForm
from enrollments.privacy.models import ErasureRequest, ErasureStatus

app_name = "privacy_admin"
PERMISSION = "enrollments.execute_erasure"


def can_review_erasure(user) -> bool:
    return user.is_authenticated and user.has_perm(PERMISSION)


class ReviewerOnly:
    """Only people allowed to carry out erasure; nothing here may be kept by a browser or a proxy."""

    @method_decorator(never_cache)
    def dispatch(self, request, *args, **kwargs):
        if not can_review_erasure(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ErasureRequestListView(ReviewerOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "enrollments/privacy/admin/erasure_list.html"
    page_title = gettext_lazy("Erasure requests")
    header_icon = "bin"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(requests=erasure_selectors.erasure_requests(), **kwargs)


class ErasureReviewView(ReviewerOnly, WagtailAdminTemplateMixin, TemplateView):
    """One request: who, when, the certificates choice, what an erasure would remove; the two decisions."""

    template_name = "enrollments/privacy/admin/erasure_review.html"
    header_icon = "bin"
    erase_form = decline_form = None

    def get_page_title(self):
        return _("Erasure request #%(number)s") % {"number": self.kwargs["pk"]}

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items,
                {"url": reverse("privacy_admin:erasure_requests"), "label": _("Erasure requests")},
                {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        request = get_object_or_404(ErasureRequest.objects.select_related("user__profile", "decided_by"),
                                    pk=self.kwargs["pk"])
        waiting = request.status == ErasureStatus.REQUESTED
        return super().get_context_data(
            erasure_request=request, waiting=waiting,
            preview=erasure_selectors.erasure_preview(user=request.user, keep_certificates=request.keep_certificates)
            if waiting else [],
            erase_form=self.erase_form or EraseForm(), decline_form=self.decline_form or DeclineForm(), **kwargs)


class DecisionView(ErasureReviewView):
    """POST: carry the request out or decline it; invalid input shows the review page again with the error."""

    http_method_names = ["post"]
    decision = ""

    def post(self, request, pk: int):
        erasure_request = get_object_or_404(ErasureRequest, pk=pk)
        form = (EraseForm if self.decision == "erase" else DeclineForm)(request.POST)
        if not form.is_valid():
            setattr(self, f"{self.decision}_form", form)
            return self.render_to_response(self.get_context_data(), status=400)
        try:
            if self.decision == "erase":
                erasure.execute_erasure(erasure_request=erasure_request, by=request.user)
                messages.success(request, _("Request #%(number)s: the person’s data is erased, and they are told "
                                            "by email.") % {"number": pk})
            else:
                erasure.decline_erasure(erasure_request=erasure_request, by=request.user,
                                        note=form.cleaned_data["note"])
                messages.success(request, _("Request #%(number)s is declined, and the person is told why by "
                                            "email.") % {"number": pk})
        except erasure.ErasureRefused:
            messages.warning(request, _("Request #%(number)s is no longer waiting for a decision: nothing was "
                                        "done.") % {"number": pk})
        return redirect("privacy_admin:erasure_requests")


class EraseView(DecisionView):
    decision = "erase"


class DeclineView(DecisionView):
    decision = "decline"


urlpatterns = [
    path("privacy/erasure/", ErasureRequestListView.as_view(), name="erasure_requests"),
    path("privacy/erasure/<id:pk>/", ErasureReviewView.as_view(), name="erasure_review"),
    path("privacy/erasure/<id:pk>/erase/", EraseView.as_view(), name="erase"),
    path("privacy/erasure/<id:pk>/decline/", DeclineView.as_view(), name="decline"),
]

