"""Download my data, under /<lang>/learning/profile/ (enrollments/urls.py): no id, only one's own."""

from django.urls import path

from enrollments.privacy import views

urlpatterns = [
    path("data/", views.data_page, name="personal_data"),
    path("data.json", views.data_json, name="personal_data_json"),
    path("data.zip", views.data_zip, name="personal_data_zip"),
]
