"""Public verification: anyone holding a code sees what the certificate says and whether it still stands.

No log-in. The pages show only what is printed on the certificate, never the holder's account, email or
profile. Both pages share one rate-limit counter per address, so codes cannot be tried in bulk through
either, and every unknown code gets the same answer.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_ratelimit.decorators import ratelimit

from certificates import selectors
from certificates.codes import format_code, normalise_code
from certificates.forms import MAX_TYPED_LENGTH, VerifyForm
from certificates.models import RevocationReason

RATE_GROUP = "certificates.verify"  # one counter for the form and the code pages


def _rate(group: str, request: HttpRequest) -> str:
    return settings.VERIFY_RATE_LIMIT


def _public_check(view):
    """GET only, throttled per address, never cached: a revocation must show at once."""
    throttled = ratelimit(group=RATE_GROUP, key="ip", rate=_rate, block=True)(view)
    return require_safe(never_cache(throttled))


@_public_check
def verify_form(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect("verify_certificate", code=form.cleaned_data["code"])
    return render(request, "certificates/verify_form.html", {"form": form})


@_public_check
def verify(request: HttpRequest, code: str) -> HttpResponse:
    canonical = normalise_code(code)
    if canonical is None:
        return _not_found(request, typed=code[:MAX_TYPED_LENGTH], malformed=True)
    if canonical != code:
        # Redirect before looking it up, so a typed variant says nothing about whether the code exists.
        return redirect("verify_certificate", code=canonical)
    verification = selectors.verify(canonical)
    if verification is None:
        return _not_found(request, typed=format_code(canonical), malformed=False)
    certificate = verification.certificate
    return render(request, "certificates/verify.html", {
        "verification": verification,
        "certificate": certificate,
        "reissued": certificate.revocation_reason == RevocationReason.REISSUED,
    })


def _not_found(request: HttpRequest, *, typed: str, malformed: bool) -> HttpResponse:
    """The same page for every unknown code, apart from the code echoed back, with the form to try again."""
    context = {"form": VerifyForm(initial={"code": typed}), "typed": typed, "malformed": malformed}
    return render(request, "certificates/not_found.html", context, status=404)
