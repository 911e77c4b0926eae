"""The seeded demo, shared by the demo tests of each area (site, people, sessions, quizzes, results, certificates,
calls): `seed_demo` once per class, like Django's `setUpTestData`."""

from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import TestCase, override_settings

from tests.lms.demo.seeding import seed


@dataclass(frozen=True)
class SeededDemo:
    output: str  # what `seed_demo` printed
    on_commit: list  # what its transaction left for the commit (emails, the certificates' check), never run


@contextmanager
def _seeded(django_db_blocker, **options):
    """`seed_demo` with `options` outside debug, in a transaction rolled back afterwards."""
    with django_db_blocker.unblock(), override_settings(DEBUG=False), transaction.atomic():
        with TestCase.captureOnCommitCallbacks() as callbacks:
            output = seed(**options)
        yield SeededDemo(output=output, on_commit=callbacks)
        transaction.set_rollback(True)
    cache.clear()  # Wagtail caches site root paths; the rolled-back site must not leak into later tests.


@pytest.fixture(scope="class")
def seeded_demo(django_db_setup, django_db_blocker):
    """`seed_demo --users` once per class, rolled back afterwards.

    The import writes some sixty pages and takes seconds, so a class of tests shares one, like Django's
    `setUpTestData`.
    """
    with _seeded(django_db_blocker, users=True) as demo:
        yield demo


@pytest.fixture(scope="class")
def demo_output(seeded_demo):
    """What `seed_demo --users` printed; the seeded demo is there for the class's tests."""
    return seeded_demo.output


@pytest.fixture(scope="class")
def demo_output_without_users(django_db_setup, django_db_blocker):
    """What `seed_demo` without `--users` printed, once per class, rolled back afterwards."""
    with _seeded(django_db_blocker) as demo:
        yield demo.output
