"""Moved to tests/enrollments/threads.py: this name stays only until the call and certificate tests import it there."""

from tests.enrollments.threads import JOIN_TIMEOUT, raised, run_together

__all__ = ["JOIN_TIMEOUT", "raised", "run_together"]
