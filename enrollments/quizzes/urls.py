"""Participant URLs for taking quizzes, under /<lang>/learning/quizzes/."""

urlpatterns: list = []
