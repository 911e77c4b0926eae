"""URL patterns filled in by the sessions work (issue 3)."""

urlpatterns: list = []
