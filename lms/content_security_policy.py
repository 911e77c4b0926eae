"""The Content-Security-Policy header: the site's strict policy everywhere, the Wagtail admin's own under /admin/.

The site runs only scripts from its own origin (or carrying the request's nonce), so injected markup cannot run.
The Wagtail admin writes inline scripts and styles of its own and shows pages in a preview frame, so it gets a
looser policy (ADMIN_CONTENT_SECURITY_POLICY) that still forbids plugins, foreign <base> targets, foreign form
targets and framing by other sites.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

ADMIN_PREFIX = "/admin/"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, choosing the admin's policy for the admin's URLs."""

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
