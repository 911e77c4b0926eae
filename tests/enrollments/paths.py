"""Where the participant's pages are, as a browser asks for them in Ukrainian: the enrollment tests' URLs."""

LOGIN_URL = "/uk/accounts/login/"
COURSE_URL = "/uk/courses/case-management/"
MY_LEARNING_URL = "/uk/learning/"


def detail_url(session) -> str:
    return f"/uk/learning/sessions/{session.pk}/"


def enroll_url(session) -> str:
    return f"/uk/learning/sessions/{session.pk}/enroll/"


def cancel_url(session) -> str:
    return f"/uk/learning/sessions/{session.pk}/cancel/"


def complete_url(module) -> str:
    return f"/uk/learning/modules/{module.pk}/complete/"


def reopen_url(module) -> str:
    return f"/uk/learning/modules/{module.pk}/reopen/"
