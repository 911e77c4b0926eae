from django.urls import path

from enrollments.privacy import erasure_views

urlpatterns = [
    path("", erasure_views.erasure_request, name="erasure_request"),
    path("withdraw/", erasure_views.withdraw_erasure_request, name="withdraw_erasure_request"),
]
