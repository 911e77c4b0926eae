"""URLs of the applications admin, under /admin/calls/ (registered by `enrollments/wagtail_hooks.py`).

Every page about applications carries the call's id, so an application id of another call is a 404.
The decision emails' viewset lives beside these, at /admin/calls/emails/.
"""

from django.urls import path

import content.converters  # noqa: F401 - registers the <id:…> path converter
from enrollments.calls import admin_views

app_name = admin_views.app_name

urlpatterns = [
    path("calls/applications/", admin_views.ApplicationListView.as_view(), name="applications"),
    path("calls/<id:call_id>/applications/bulk/", admin_views.BulkMoveView.as_view(), name="bulk_move"),
    path("calls/<id:call_id>/applications/<id:pk>/", admin_views.ApplicationView.as_view(), name="application"),
    path("calls/<id:call_id>/applications/<id:pk>/review/", admin_views.ReviewView.as_view(), name="review"),
    path("calls/<id:call_id>/applications/<id:pk>/move/", admin_views.MoveView.as_view(), name="move"),
    path("calls/<id:call_id>/export/applications.<str:file_format>", admin_views.ApplicationsExportView.as_view(),
         name="export_applications"),
    path("calls/<id:call_id>/export/team.<str:file_format>", admin_views.TeamExportView.as_view(),
         name="export_team"),
]
