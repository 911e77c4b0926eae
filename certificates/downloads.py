"""The holder downloads their certificate as a PDF. Nobody else can: coordinators use the admin."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from certificates import selectors
from certificates.codes import normalise_code
from certificates.models import Certificate
from certificates.pdf import render_certificate_pdf


def pdf_response(certificate: Certificate, request: HttpRequest) -> HttpResponse:
    """The certificate's PDF as a download; the caller has checked who may have it (also used by the admin)."""
    response = HttpResponse(render_certificate_pdf(certificate, base_url=request.build_absolute_uri("/")),
                            content_type="application/pdf")
    # The code is Crockford base32, so the file name is plain ASCII.
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    # Personal data: no shared cache may keep it, and the browser should not keep a copy either.
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def download(request: HttpRequest, code: str) -> HttpResponse:
    """Only the holder: anybody else's code, even a staff member's request, is a 404 (its existence is not told)."""
    normalised = normalise_code(code)
    certificate = selectors.owned_certificate(code=normalised, user=request.user) if normalised else None
    if certificate is None:
        raise Http404
    return pdf_response(certificate, request)
