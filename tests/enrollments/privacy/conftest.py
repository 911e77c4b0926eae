"""Fixtures of the privacy tests: records whose retention has run out beside ones still within it."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from content.models import Call
from enrollments.models import ApplicationFile
from tests.enrollments.factories import ApplicationFactory


@pytest.fixture
def old_call(db):
    """A call whose deadline was eight months ago (applications not accepted: six months)."""
    return Call.objects.create(name="Набір учителів 2026", deadline=timezone.now() - timedelta(days=240))


def with_file(application, name: str = "cv.pdf", content: bytes = b"%PDF-1.4 motivation") -> ApplicationFile:
    """An uploaded file of the application, stored in the private storage."""
    return ApplicationFile.objects.create(application=application, question_id=name.split(".")[0],
                                          file=ContentFile(content, name=name), original_name=name,
                                          content_type="application/pdf", size=len(content))


@pytest.fixture
def rejected(old_call):
    """An application not selected two days after the deadline, with its answers, a file and a reviewer's note."""
    application = ApplicationFactory(call=old_call, status="rejected", answers={"motivation": "Хочу вчити"},
                                     decided_at=old_call.deadline + timedelta(days=2))
    with_file(application)
    return application
