from django.urls import include, path

import content.converters  # noqa: F401 - registers the <id:…> path converter
from enrollments import views

urlpatterns = [
    path("", views.my_learning, name="my_learning"),
    path("profile/", views.profile, name="profile"),
    path("profile/", include("enrollments.privacy.download_urls")),
    path("profile/erasure/", include("enrollments.privacy.erasure_urls")),
    path("modules/<id:page_id>/complete/", views.complete_module, name="complete_module"),
    path("modules/<id:page_id>/reopen/", views.reopen_module, name="reopen_module"),
    path("sessions/", include("enrollments.session_urls")),
    path("trainer/", include("enrollments.attendance.urls")),
    path("quizzes/", include("enrollments.quizzes.urls")),
    path("trainer/quizzes/", include("enrollments.quizzes.trainer_urls")),
    path("calls/", include("enrollments.calls.urls")),
]
