"""Fixtures of the certificate tests: a named coordinator in the admin, and a certificate issued."""

import pytest

from tests.certificates.factories import issued_certificate
from tests.factories import CoordinatorFactory


@pytest.fixture
def certificate(tree):
    """A certificate issued to Олександра Щербак for the tree's course (modules that need another one override it)."""
    return issued_certificate(full_name="Олександра Щербак")


@pytest.fixture
def coordinator(db):
    """A coordinator with a name, so the pages that say who did what can be read."""
    return CoordinatorFactory(first_name="Ірина", last_name="Коваль")


@pytest.fixture
def admin(client, coordinator):
    """The test client, logged in to the admin as the coordinator."""
    client.force_login(coordinator)
    return client
