"""The trainer's side of a session (/<lang>/learning/trainer/…) and the participant's QR check-in."""

from django.urls import path

import content.converters  # noqa: F401 - registers the <id:…> path converter
from enrollments.attendance import views

urlpatterns = [
    path("", views.trainer_sessions, name="trainer_sessions"),
    path("days/<id:day_id>/", views.roster, name="roster"),
    path("days/<id:day_id>/count.json", views.roster_count, name="roster_count"),
    path("days/<id:day_id>/walk-in/", views.roster_walk_in, name="roster_walk_in"),
    path("days/<id:day_id>/qr/", views.checkin_qr, name="checkin_qr"),
    path("days/<id:day_id>/qr/present/", views.checkin_qr_present, name="checkin_qr_present"),
    path("days/<id:day_id>/qr/code.svg", views.checkin_qr_code, name="checkin_qr_code"),
    path("days/<id:day_id>/sheet/", views.sign_in_sheet, name="sign_in_sheet"),
    path("days/<id:day_id>/paper/", views.paper_entry, name="paper_entry"),
    path("sessions/<id:session_id>/history/", views.attendance_history, name="attendance_history"),
    path("check-in/<str:token>/", views.check_in, name="check_in"),
]
