"""Coordinators' admin pages for certificates: revoke, reissue, the PDF, and bulk issuing for a session.

Mounted under /admin/certificates/ by `wagtail_hooks.py` (see `admin_urls.py`), so Wagtail's admin
access check runs first; each view then requires its own permission. Writes are POST only and go
through `certificates.services`, which log them in the certificate's history.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin.auth import permission_required
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from certificates import codes, selectors, services, tasks
from certificates.admin_forms import ReissueForm, RevokeForm
from certificates.models import Certificate, CertificateRule, IssuingBatch
from certificates.viewsets import inspect_url
from enrollments.admin_views import SessionAdminMixin
from enrollments.models import EnrollmentStatus, TrainingSession

VIEW = "certificates.view_certificate"
CHANGE = "certificates.change_certificate"
START_BATCH = "certificates.add_issuingbatch"
VIEW_BATCH = "certificates.view_issuingbatch"
REFRESH_SECONDS = 2


def requires(permission: str):
    return method_decorator(permission_required(permission), name="dispatch")


def certificates_of_session_url(session: TrainingSession) -> str:
    return f"{reverse('certificates:index')}?session={session.pk}"


# --- One certificate -----------------------------------------------------------------------------

class CertificateMixin:
    """Loads the certificate by id (404 for an unknown one) and sets the breadcrumbs."""

    header_icon = "doc-full"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.certificate = get_object_or_404(Certificate.objects.select_related("session"), pk=kwargs["pk"])

    def get_page_subtitle(self):
        return f"{self.certificate.holder_name} · {self.certificate.display_code}"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("certificates:index"), "label": _("Certificates")},
            {"url": inspect_url(self.certificate), "label": self.certificate.holder_name},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(certificate=self.certificate, inspect_url=inspect_url(self.certificate),
                                        **kwargs)

    def back(self) -> HttpResponse:
        return redirect(inspect_url(self.certificate))


@requires(VIEW)
class CertificatePdfView(CertificateMixin, View):
    """The certificate's PDF, for coordinators (participants download their own from "My learning")."""

    http_method_names = ["get"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        from certificates.downloads import pdf_response  # the PDF module loads WeasyPrint: only when asked for

        return pdf_response(self.certificate, request)


@permission_required(VIEW)
def certificate_by_code(request: HttpRequest, code: str) -> HttpResponse:
    """/admin/certificates/code/<code>/: the certificate for a code typed or read off paper."""
    certificate = get_object_or_404(Certificate, code=codes.normalise_code(code) or "")
    return redirect(inspect_url(certificate))


@requires(CHANGE)
class RevokeView(CertificateMixin, WagtailAdminTemplateMixin, TemplateView):
    """Confirm with a reason, then revoke: the verification page says so from then on."""

    template_name = "certificates/admin/revoke.html"
    page_title = gettext_lazy("Revoke certificate")

    def dispatch(self, request, *args, **kwargs):
        if self.certificate.is_revoked:
            messages.info(request, _("This certificate is already revoked."))
            return self.back()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", RevokeForm())
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = RevokeForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        services.revoke_certificate(certificate=self.certificate, by=request.user,
                                    reason=form.cleaned_data["reason"], note=form.cleaned_data["note"])
        messages.success(request, _("Certificate %(code)s is revoked. Its verification page now says so.") % {
            "code": self.certificate.display_code})
        return self.back()


@requires(CHANGE)
class ReissueView(CertificateMixin, WagtailAdminTemplateMixin, TemplateView):
    """A new certificate with the corrected name and a new code; this one is revoked as "reissued"."""

    template_name = "certificates/admin/reissue.html"
    page_title = gettext_lazy("Reissue with a corrected name")

    def dispatch(self, request, *args, **kwargs):
        if self.certificate.is_revoked:
            messages.error(request, _("Only a valid certificate can be reissued."))
            return self.back()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        if "form" not in kwargs:
            # The profile's name if the person has corrected it there since, else the name as printed.
            name = selectors.holder_name(self.certificate.user) or self.certificate.holder_name
            kwargs["form"] = ReissueForm.for_name(name)
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = ReissueForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            new = services.reissue_certificate(certificate=self.certificate, by=request.user,
                                               holder_name=form.cleaned_data["holder_name"],
                                               holder_name_latin=form.cleaned_data["holder_name_latin"])
        except services.CertificateError:  # revoked meanwhile, by someone else
            messages.error(request, _("Only a valid certificate can be reissued."))
            return self.back()
        messages.success(request, _(
            "Reissued to %(name)s with the new code %(new)s. The old certificate %(old)s is revoked as reissued.") % {
            "name": new.holder_name, "new": new.display_code, "old": self.certificate.display_code})
        return redirect(inspect_url(new))


# --- Bulk issuing for a session ------------------------------------------------------------------

@dataclass(frozen=True)
class RuleOutlook:
    """How a session's participants stand on one rule: what a bulk run would do now."""

    rule: CertificateRule
    to_issue: int  # eligible and without a certificate of this kind
    have_one: int  # a valid certificate of this kind
    revoked: int  # a revoked one: never reissued automatically
    not_eligible: int


def rule_outlooks(session: TrainingSession, rules: list[CertificateRule]) -> list[RuleOutlook]:
    """Counts per rule over everyone holding a place, in a fixed number of queries."""
    enrollments = list(session.enrollments.filter(status__in=EnrollmentStatus.holding_seat())
                       .select_related("session__course", "user__profile"))
    outlooks = selectors.outlooks_for(enrollments)
    issued = set(Certificate.objects.filter(session=session).values_list("enrollment_id", "kind"))
    counts: dict[int, Counter] = {rule.pk: Counter() for rule in rules}
    for enrollment in enrollments:
        for outlook in outlooks[enrollment.pk]:
            if outlook.certificate is not None:
                state = "have_one"
            elif (enrollment.pk, outlook.rule.kind) in issued:
                state = "revoked"
            else:
                state = "to_issue" if outlook.eligibility.eligible else "not_eligible"
            counts[outlook.rule.pk][state] += 1
    return [RuleOutlook(rule=rule, to_issue=counts[rule.pk]["to_issue"], have_one=counts[rule.pk]["have_one"],
                        revoked=counts[rule.pk]["revoked"], not_eligible=counts[rule.pk]["not_eligible"])
            for rule in rules]


@requires(START_BATCH)
class IssueView(SessionAdminMixin, WagtailAdminTemplateMixin, TemplateView):
    """A session's rules and who would receive a certificate now; the button starts a background run."""

    template_name = "certificates/admin/issue.html"
    page_title = gettext_lazy("Issue certificates")
    header_icon = "doc-full"

    def get_context_data(self, **kwargs):
        rules = selectors.rules_for_session(self.session)
        days = list(self.session.days.order_by("date"))
        return super().get_context_data(
            first_day=days[0].date if days else None, last_day=days[-1].date if days else None,
            outlooks=rule_outlooks(self.session, rules),
            last_batch=IssuingBatch.objects.filter(session=self.session).first(),
            certificates_url=certificates_of_session_url(self.session),
            **kwargs,
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not selectors.rules_for_session(self.session):
            messages.error(request, _("No certificate rule applies to this session yet, so there is nothing to "
                                      "issue. Add a rule for its course or for the session first."))
            return redirect("certificates_admin:issue", pk=self.session.pk)
        batch = tasks.start_issuing_batch(session=self.session, by=request.user)
        return redirect("certificates_admin:batch", pk=batch.pk)


@requires(VIEW_BATCH)
class BatchView(WagtailAdminTemplateMixin, TemplateView):
    """A bulk run's progress; the page reloads itself every two seconds until the run has finished."""

    template_name = "certificates/admin/batch.html"
    page_title = gettext_lazy("Issuing certificates")
    header_icon = "doc-full"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.batch = get_object_or_404(IssuingBatch.objects.select_related("session", "requested_by"),
                                       pk=kwargs["pk"])

    def get_page_subtitle(self):
        return self.batch.session.title

    def get_breadcrumbs_items(self):
        session = self.batch.session
        return [
            *self.breadcrumbs_items,
            {"url": reverse("sessions:edit", args=[session.pk]), "label": session.title},
            {"url": reverse("certificates_admin:issue", args=[session.pk]), "label": _("Issue certificates")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            batch=self.batch, refresh_seconds=None if self.batch.is_finished else REFRESH_SECONDS,
            certificates_url=certificates_of_session_url(self.batch.session), **kwargs)
