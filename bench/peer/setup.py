"""The peer's content, made once: a course with one lesson (an H5P lesson page of text, as its tutorial's first
lesson) and a learner enrolled in it. Prints the URLs and the learner's log-in as JSON.

`DJANGO_SETTINGS_MODULE=bench.peer.settings DATABASE_URL=… .venv-bench-peer/bin/python -m bench.peer.setup`
"""

import json

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from wagtail.models import Page, Site  # noqa: E402
from wagtail.rich_text import RichText  # noqa: E402
from wagtail_lms.models import CourseEnrollment, CoursePage, H5PLessonPage  # noqa: E402

USERNAME, PASSWORD = "learner", "bench-peer-2026"  # noqa: S105 - a throwaway database on loopback
PARAGRAPH = ("<p>A crisis call starts with listening: who is calling, where they are, whether anyone is in danger "
             "now. Write down what you hear, say back what you understood and agree the next step.</p>")


def build() -> dict:
    site = Site.objects.get(is_default_site=True)
    home = site.root_page
    course = CoursePage.objects.filter(slug="crisis-communication").first()
    if course is None:
        course = home.add_child(instance=CoursePage(
            title="Crisis communication", slug="crisis-communication",
            description="<p>How to talk to people in crisis: first contact, de-escalation and referral.</p>"))
    lesson = H5PLessonPage.objects.child_of(course).first()
    if lesson is None:
        lesson = course.add_child(instance=H5PLessonPage(
            title="First contact", slug="first-contact", intro="<p>The first minutes of a call.</p>",
            body=[("paragraph", RichText(PARAGRAPH))] * 6))
    user = get_user_model().objects.filter(username=USERNAME).first()
    if user is None:
        user = get_user_model().objects.create_user(USERNAME, "learner@example.org", PASSWORD)
    CourseEnrollment.objects.get_or_create(user=user, course=course)
    return {"course": Page.objects.get(pk=course.pk).url, "lesson": Page.objects.get(pk=lesson.pk).url,
            "username": USERNAME, "password": PASSWORD}


if __name__ == "__main__":
    print(json.dumps(build()))
