"""URLs of the coordinators' certificate pages, under /admin/ (registered by wagtail_hooks.py).

They share the /admin/certificates/ prefix with the certificates viewset, whose own paths
(the list, results/, inspect/<id>/) never match these.
"""

from django.urls import path

import content.converters  # noqa: F401 - registers the <id:…> path converter
from certificates import admin_views

app_name = "certificates_admin"

urlpatterns = [
    path("certificates/<id:pk>/certificate.pdf", admin_views.CertificatePdfView.as_view(), name="pdf"),
    path("certificates/<id:pk>/revoke/", admin_views.RevokeView.as_view(), name="revoke"),
    path("certificates/<id:pk>/reissue/", admin_views.ReissueView.as_view(), name="reissue"),
    path("certificates/code/<str:code>/", admin_views.certificate_by_code, name="by_code"),
    path("certificates/sessions/<id:pk>/issue/", admin_views.IssueView.as_view(), name="issue"),
    path("certificates/batches/<id:pk>/", admin_views.BatchView.as_view(), name="batch"),
]
