"""Fixtures of the certificate tests."""

import pytest

from tests.certificates.factories import issued_certificate


@pytest.fixture
def certificate(tree):
    """A certificate issued to Олександра Щербак for the tree's course (modules that need another one override it)."""
    return issued_certificate(full_name="Олександра Щербак")
