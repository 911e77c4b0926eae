"""Participant URLs of training sessions, under /<lang>/learning/sessions/."""

from django.urls import path

import content.converters  # noqa: F401 - registers the <id:…> path converter
from enrollments import session_views

urlpatterns = [
    path("<id:session_id>/", session_views.session_detail, name="session_detail"),
    path("<id:session_id>/enroll/", session_views.session_enroll, name="session_enroll"),
    path("<id:session_id>/cancel/", session_views.session_cancel, name="session_cancel"),
    path("<id:session_id>/calendar.ics", session_views.session_calendar, name="session_calendar"),
]
