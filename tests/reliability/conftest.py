"""Fixtures of the reliability suite: each test proves one promise the docs make (tests/reliability/README in
each module's docstring), on SQLite and again on PostgreSQL in CI."""

import pytest
from django.db import connection


@pytest.fixture
def postgresql():
    """Skips a test off PostgreSQL: only there do concurrent writers really race on row locks; SQLite serialises
    every writer. Decided at run time: the settings (DATABASE_URL) choose the database."""
    if connection.vendor != "postgresql":
        pytest.skip("Real concurrency needs PostgreSQL row locks; SQLite serialises all writers anyway.")
