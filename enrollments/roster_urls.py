"""The trainer's side of a session (/<lang>/learning/trainer/…) and the participant's QR check-in."""

from django.urls import path

from enrollments import roster_views

urlpatterns = [
    path("", roster_views.trainer_sessions, name="trainer_sessions"),
    path("days/<int:day_id>/", roster_views.roster, name="roster"),
    path("days/<int:day_id>/count.json", roster_views.roster_count, name="roster_count"),
    path("days/<int:day_id>/walk-in/", roster_views.roster_walk_in, name="roster_walk_in"),
    path("days/<int:day_id>/qr/", roster_views.checkin_qr, name="checkin_qr"),
    path("days/<int:day_id>/sheet/", roster_views.sign_in_sheet, name="sign_in_sheet"),
    path("days/<int:day_id>/paper/", roster_views.paper_entry, name="paper_entry"),
    path("sessions/<int:session_id>/history/", roster_views.attendance_history, name="attendance_history"),
    path("check-in/<str:token>/", roster_views.check_in, name="check_in"),
]
