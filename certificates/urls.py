from django.urls import path

from certificates import downloads, views

urlpatterns = [
    path("verify/", views.verify_form, name="verify_certificate_form"),
    path("verify/<str:code>/", views.verify, name="verify_certificate"),
    path("<str:code>/certificate.pdf", downloads.download, name="certificate_pdf"),
]
