"""The seeded demo, shared by the demo tests of each area (site, sessions, quizzes, certificates, calls)."""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings

from tests.content.seeding import seed


@pytest.fixture(scope="class")
def demo_output(django_db_setup, django_db_blocker):
    """`seed_demo --users` once per class, rolled back afterwards; its printed output.

    The import writes some sixty pages and takes seconds, so a class of tests shares one, like Django's
    `setUpTestData`.
    """
    with django_db_blocker.unblock(), override_settings(DEBUG=False), transaction.atomic():
        yield seed(users=True)
        transaction.set_rollback(True)
    cache.clear()  # Wagtail caches site root paths; the rolled-back site must not leak into later tests.
