"""Trainer and coordinator URLs for quiz results, under /<lang>/learning/trainer/quizzes/."""

from django.urls import path

import content.converters  # noqa: F401 - registers the <id:…> path converter
from enrollments.quizzes import trainer_views

CSV, XLSX = {"file_format": "csv"}, {"file_format": "xlsx"}

urlpatterns = [
    path("sessions/<id:session_id>/", trainer_views.session_quiz_results, name="session_quiz_results"),
    path("sessions/<id:session_id>/knowledge-gain.csv", trainer_views.session_knowledge_gain_file, CSV,
         name="session_knowledge_gain_csv"),
    path("sessions/<id:session_id>/knowledge-gain.xlsx", trainer_views.session_knowledge_gain_file, XLSX,
         name="session_knowledge_gain_xlsx"),
    path("sessions/<id:session_id>/<uuid:quiz_key>/", trainer_views.session_quiz_detail, name="session_quiz_detail"),
    path("sessions/<id:session_id>/<uuid:quiz_key>.csv", trainer_views.session_quiz_file, CSV, name="session_quiz_csv"),
    path("sessions/<id:session_id>/<uuid:quiz_key>.xlsx", trainer_views.session_quiz_file, XLSX,
         name="session_quiz_xlsx"),
    path("<uuid:quiz_key>/", trainer_views.quiz_results, name="quiz_results"),
    path("<uuid:quiz_key>.csv", trainer_views.quiz_results_file, CSV, name="quiz_results_csv"),
    path("<uuid:quiz_key>.xlsx", trainer_views.quiz_results_file, XLSX, name="quiz_results_xlsx"),
]
