"""Participant URLs for taking quizzes, under /<lang>/learning/quizzes/."""

from django.urls import path

import content.converters  # noqa: F401 - registers the <id:…> path converter
from enrollments.quizzes import views

urlpatterns = [
    path("<id:page_id>/start/", views.quiz_start, name="quiz_start"),
    path("attempts/<uuid:public_id>/", views.quiz_attempt, name="quiz_attempt"),
    path("attempts/<uuid:public_id>/save/", views.quiz_attempt_save, name="quiz_attempt_save"),
    path("attempts/<uuid:public_id>/submit/", views.quiz_attempt_submit, name="quiz_attempt_submit"),
    path("attempts/<uuid:public_id>/review/", views.quiz_attempt_review, name="quiz_attempt_review"),
]
