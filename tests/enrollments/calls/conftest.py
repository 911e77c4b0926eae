"""Fixtures of the open-call tests: the server's clock, the applying tests' call, and a coordinator in the admin."""

import pytest

from tests.content.factories import add_call
from tests.enrollments.calls.clock import DEADLINE, NOW


@pytest.fixture
def frozen(monkeypatch):
    """Sets the server's clock (to NOW, or to the moment given): views and services read `timezone.now`."""
    def freeze(moment):
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
    freeze(NOW)
    return freeze


@pytest.fixture
def call(tree):
    """A call page with its deadline at DEADLINE (clock.py), for the applying tests; the reviewing, deciding and
    services modules build calls of their own under the same name."""
    return add_call(tree.home, deadline=DEADLINE)

