"""Applicants' URLs, under /<lang>/learning/calls/."""

from django.urls import path

import content.converters  # noqa: F401 - registers the <id:…> path converter
from enrollments.calls import views

urlpatterns = [
    path("<id:call_id>/apply/", views.apply, name="call_apply"),
    path("<id:call_id>/withdraw/", views.withdraw, name="call_withdraw"),
    path("files/<id:file_id>/", views.application_file, name="call_application_file"),
]
