"""The Content-Security-Policy header: the site's strict policy everywhere, the Wagtail admin's own under /admin/.

The site runs only scripts from its own origin (or carrying the request's nonce), so injected markup cannot run.
The Wagtail admin writes inline scripts and styles of its own and shows pages in a preview frame, so it gets a
looser policy (ADMIN_CONTENT_SECURITY_POLICY) that still forbids plugins, foreign <base> targets, foreign form
targets and framing by other sites.
"""

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy, default_config
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

ADMIN_PREFIX = "/admin/"
# What a view may have asked of django-csp through its decorators: then django-csp builds the policy itself.
VIEW_CHOICES = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt",
                "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro", "_csp_exempt_ro")
_NONCE = "NONCE-PLACEHOLDER-5f1c"


class _SitePolicies:
    """The site's policy and report-only policy as django-csp builds them, built once per settings object with a
    placeholder for the nonce: django-csp deep-copies its settings and rebuilds both on every response, a fifth of
    the cost of a page replayed from the cache."""

    def __init__(self):
        self.source = self.report_only_source = object()
        self.built: dict[tuple[bool, bool], str] = {}

    def get(self, *, nonce: str | None, report_only: bool) -> str:
        policy, report_only_policy = (getattr(settings, "CONTENT_SECURITY_POLICY", None),
                                      getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None))
        if policy is not self.source or report_only_policy is not self.report_only_source:
            self.source, self.report_only_source, self.built = policy, report_only_policy, {}
        key = (nonce is not None, report_only)
        if key not in self.built:
            self.built[key] = build_policy(nonce=_NONCE if nonce is not None else None, report_only=report_only)
        return self.built[key].replace(_NONCE, nonce) if nonce is not None else self.built[key]


_site_policies = _SitePolicies()


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, choosing the admin's policy for the admin's URLs."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        """django-csp's, with the site's own policies built once (`_SitePolicies`) for the responses of the site
        whose views asked nothing of django-csp; anything else goes through django-csp as it is."""
        if (in_admin(request) or settings.DEBUG or any(hasattr(response, name) for name in VIEW_CHOICES)):
            return super().process_response(request, response)
        nonce = getattr(request, "_csp_nonce", None)
        nonce = nonce if isinstance(nonce, str) else None
        for header, report_only, setting in ((HEADER, False, "CONTENT_SECURITY_POLICY"),
                                             (HEADER_REPORT_ONLY, True, "CONTENT_SECURITY_POLICY_REPORT_ONLY")):
            policy = _site_policies.get(nonce=nonce, report_only=report_only)
            excluded = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES", None) or ()
            if policy and header not in response and not request.path_info.startswith(tuple(excluded)):
                response[header] = policy
        if nonce is None:  # as django-csp: a nonce asked for after the header was written is an error
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        # A view's own @csp_replace/@csp_update still applies; only the starting policy changes.
        if not report_only and parts.config is None and in_admin(request):
            parts.config = default_config(settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
        return parts


def in_admin(request: HttpRequest) -> bool:
    """An admin URL, or the page preview the admin renders: Wagtail passes a dummy request for the page's own URL
    through the middleware, and the admin shows the result in a frame (which frame-ancestors 'none' would block)."""
    return request.path_info.startswith(ADMIN_PREFIX) or getattr(request, "is_dummy", False)
