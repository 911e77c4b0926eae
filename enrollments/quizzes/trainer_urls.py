"""Trainer and coordinator URLs for quiz results, under /<lang>/learning/trainer/quizzes/."""

urlpatterns: list = []
