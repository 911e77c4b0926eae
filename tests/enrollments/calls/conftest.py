"""Fixtures of the open-call tests."""

import pytest

from tests.enrollments.calls.clock import NOW


@pytest.fixture
def frozen(monkeypatch):
    """Sets the server's clock (to NOW, or to the moment given): views and services read `timezone.now`."""
    def freeze(moment):
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
    freeze(NOW)
    return freeze
