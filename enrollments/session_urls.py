"""Participant URLs of training sessions, under /<lang>/learning/sessions/."""

from django.urls import path

from enrollments import session_views

urlpatterns = [
    path("<int:session_id>/", session_views.session_detail, name="session_detail"),
    path("<int:session_id>/enroll/", session_views.session_enroll, name="session_enroll"),
    path("<int:session_id>/cancel/", session_views.session_cancel, name="session_cancel"),
    path("<int:session_id>/calendar.ics", session_views.session_calendar, name="session_calendar"),
]
