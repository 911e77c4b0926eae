"""Applicants' URLs, under /<lang>/learning/calls/."""

from django.urls import path

from enrollments.calls import views

urlpatterns = [
    path("<int:call_id>/apply/", views.apply, name="call_apply"),
    path("<int:call_id>/withdraw/", views.withdraw, name="call_withdraw"),
    path("files/<int:file_id>/", views.application_file, name="call_application_file"),
]
