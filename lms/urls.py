import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.utils.functional import lazy
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from content import routing
from content import views as content_views
from lms.operations import health, media

urlpatterns = [
    # Outside the language prefix and without sessions: asked by load balancers and orchestrators.
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # One log-in for the whole site: allauth's, which is rate limited and asks for the second factor.
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Browsers ask for /favicon.ico whatever the page says; the icon is the SVG mark (lazy: the static files'
    # manifest is read on the first request, not at import).
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("img/favicon.svg"), permanent=True)),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
elif getattr(settings, "SERVE_MEDIA", True) and settings.MEDIA_URL.startswith("/"):
    # Public media from local disk, unless a web server in front serves /media/ (SERVE_MEDIA=false).
    urlpatterns += [re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.+)$", media.serve_public_media,
                            name="public_media")]

urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("learning/", include("enrollments.urls")),
    path("certificates/", include("certificates.urls")),
    path("search/", content_views.search, name="search"),
    # Before Wagtail's pages: a site set up before the notice was generated has a hand-written "privacy" page there.
    path("privacy/", content_views.privacy_notice, name="privacy_notice"),
    # Wagtail's serve view, with the site and page of a URL remembered between requests (content/routing.py).
    re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
