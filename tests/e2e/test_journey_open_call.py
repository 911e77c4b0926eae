"""An open call from application to a place, each person in a phone-sized Chromium: a teacher applies to a call
like the demo's (a draft without the optional CV, submitted, changed without re-uploading, then the CV replaced),
a reviewer scores it on the rubric, a coordinator shortlists and accepts it, and the teacher finds the place on
*My learning*; on a second call she withdraws.

Needs Debian's Chromium at /usr/bin/chromium (`make install`); skipped without it, except in CI.
"""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader, PdfWriter

from content.models import CallPage
from enrollments.calls.models import Application, ApplicationChange, ApplicationFile, Review
from enrollments.models import Enrollment
from lms.demo.calls import questions_stream, read_call
from tests.content.factories import add_call
from tests.courses.factories import build_tree
from tests.e2e.browsing import PHONE, logged_in_context, open_menu, watch_console
from tests.enrollments.factories import ProfileFactory, schedule
from tests.factories import CoordinatorFactory, ParticipantFactory, ReviewerFactory
from tests.helpers import uk

pytestmark = [
    pytest.mark.browser,
    # live_server flushes the database after the test: put Wagtail's root page and default site back.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

expect.set_options(timeout=10_000)  # ms: CI's two cores also run the live server and Chromium


def pdf(title: str) -> dict:
    """A small real PDF (one blank A4 page), as Playwright hands a chosen file to an <input type=file>."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    buffer = io.BytesIO()
    writer.write(buffer)
    return {"name": f"{title}.pdf", "mimeType": "application/pdf", "buffer": buffer.getvalue()}


def demo_like_call(home, session) -> CallPage:
    """A call built from the demo's own source: its title, stages, rubric and questions (the CV is optional)."""
    doc = read_call()["uk"]
    return add_call(home, slug="teacher-training", title=doc.meta["title"], sessions=[session], places=12,
                    questions=questions_stream(doc),
                    stages=tuple(stage["title"] for stage in doc.meta["stages"]),
                    criteria=tuple((row["title"], row["weight"], row["scale_max"]) for row in doc.meta["criteria"]))


def field(call: CallPage, position: int) -> str:
    """The form field of the call's question at `position` (the demo call: 0 position, 1 motivation, 2 experience,
    3 grades, 4 CV, 5 consent)."""
    return f"q-{list(call.questions)[position].id}"


def test_an_application_goes_from_draft_to_a_place(new_context, live_server):
    tree = build_tree()
    session = schedule(course=tree.course, start_in=42, days=3, city="Марганець")
    call = demo_like_call(tree.home, session)
    teacher = ParticipantFactory()
    ProfileFactory(user=teacher, full_name="Наталія Гончаренко", profession="teacher",
                   community="Криворізька громада", oblast="dnipropetrovsk")
    page = logged_in_context(new_context, live_server, teacher).new_page()
    consoles = [watch_console(page)]
    position, motivation, experience, grades, cv, consent = (field(call, n) for n in range(6))
    ids = [block.id for block in call.questions]

    # The call page, from the site menu; the form is filled from the profile.
    page.goto("/")
    open_menu(page)
    page.locator(".site-nav").get_by_role("link", name=uk("Open calls")).click()
    page.get_by_role("link", name=call.title).click()
    page.locator(".panel").get_by_role("link", name=uk("Apply")).click()
    expect(page.get_by_label(uk("Full name"))).to_have_value("Наталія Гончаренко")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # A draft, the optional CV left empty: the browser posts the empty file input.
    page.locator(f'[name="{position}"]').fill("Вчителька української мови, Криворізький ліцей № 8")
    page.get_by_role("button", name=uk("Save draft")).click()
    expect(page.locator(".messages")).to_contain_text(uk("Your draft has been saved. Submit it before the deadline."))
    application = Application.objects.get(applicant=teacher)
    assert application.status == "draft"
    assert application.answers == {ids[0]: "Вчителька української мови, Криворізький ліцей № 8"}
    assert not ApplicationFile.objects.exists()

    # Submitting, with the CV.
    page.locator(f'[name="{motivation}"]').fill("У половини дітей мого класу батьки на фронті.")
    page.locator(f'input[name="{experience}"][value="1–3 роки"]').check()
    page.locator(f'input[name="{grades}"][value="5–9 класи"]').check()
    page.locator(f'input[name="{grades}"][value="10–11 класи"]').check()
    page.locator(f'input[name="{cv}"]').set_input_files(pdf("Резюме"))
    page.locator(f'input[name="{consent}"]').check()
    page.get_by_role("button", name=uk("Submit application")).click()
    expect(page.locator(".messages")).to_contain_text(uk("Your application has been submitted."))
    application.refresh_from_db()
    assert application.status == "submitted" and application.submitted_at
    assert application.answers[ids[2]] == "1–3 роки" and application.answers[ids[3]] == ["5–9 класи", "10–11 класи"]
    [record] = ApplicationFile.objects.filter(application=application)
    assert (record.original_name, record.question_id) == ("Резюме.pdf", ids[4])
    assert PdfReader(record.file.open("rb")).metadata.title == "Резюме"

    # Coming back from My learning: a changed answer, the CV not chosen again, is kept.
    open_menu(page)
    page.locator(".account-nav").get_by_role("link", name=uk("My learning")).click()
    page.get_by_role("link", name=uk("Change your application")).click()
    expect(page.locator("main")).to_contain_text("Резюме.pdf")
    page.locator(f'[name="{motivation}"]').fill("Хочу вести заняття для дітей разом з колегами.")
    page.get_by_role("button", name=uk("Send changes")).click()
    expect(page.locator(".messages")).to_contain_text(uk("Your changes have been sent."))
    application.refresh_from_db()
    assert application.answers[ids[1]] == "Хочу вести заняття для дітей разом з колегами."
    assert ApplicationFile.objects.get(application=application).original_name == "Резюме.pdf"

    # Replacing the CV.
    page.locator(f'input[name="{cv}"]').set_input_files(pdf("Рекомендаційний лист"))
    page.get_by_role("button", name=uk("Send changes")).click()
    expect(page.locator(".messages")).to_contain_text(uk("Your changes have been sent."))
    expect(page.locator("main")).to_contain_text("Рекомендаційний лист.pdf")
    [record] = ApplicationFile.objects.filter(application=application)
    assert record.original_name == "Рекомендаційний лист.pdf"
    assert PdfReader(record.file.open("rb")).metadata.title == "Рекомендаційний лист"

    # A reviewer finds it through the filters and scores it on the rubric.
    reviewer = ReviewerFactory()
    desk = logged_in_context(new_context, live_server, reviewer).new_page()
    consoles.append(watch_console(desk))
    desk.goto("/admin/calls/applications/")
    desk.locator('select[name="call"]').select_option(str(call.call_id))
    desk.get_by_role("button", name=uk("Show")).click()
    desk.get_by_role("link", name="Наталія Гончаренко").click()
    expect(desk.locator("main")).to_contain_text("Рекомендаційний лист.pdf")
    criteria = list(call.call.criteria.order_by("sort_order"))
    for criterion, mark in zip(criteria, (5, 4, 3), strict=True):
        desk.locator(f'input[name="mark_{criterion.pk}"][value="{mark}"]').check()
    desk.get_by_label(uk("Comment")).fill("Сильна мотивація, досвід з дітьми ВПО.")
    desk.get_by_role("button", name=uk("Submit review")).click()
    expect(desk.locator(".messages")).to_contain_text(uk("Your review is submitted."))
    review = Review.objects.get(application=application, reviewer=reviewer)
    assert review.submitted_at and review.marks == {str(c.pk): m for c, m in zip(criteria, (5, 4, 3), strict=True)}
    assert review.comment == "Сильна мотивація, досвід з дітьми ВПО."

    # A coordinator shortlists it from the list, then accepts it on its page.
    coordinator = CoordinatorFactory()
    office = logged_in_context(new_context, live_server, coordinator).new_page()
    consoles.append(watch_console(office))
    office.goto(f"/admin/calls/applications/?call={call.call_id}")
    office.get_by_label(uk("Select %(name)s", name="Наталія Гончаренко")).check()
    office.locator("#bulk-note").fill("Сильна заявка")
    office.locator('button[form="bulk-move"]', has_text=uk("Shortlist")).click()
    expect(office.locator(".messages")).to_be_visible()
    application.refresh_from_db()
    assert application.status == "shortlisted"
    office.get_by_role("link", name="Наталія Гончаренко").click()
    office.get_by_role("button", name=uk("Accept and enroll")).click()
    expect(office.locator(".messages")).to_contain_text(uk("Enrolled in %(session)s.", session=session.title))
    application.refresh_from_db()
    assert application.status == "accepted"
    enrollment = Enrollment.objects.get(user=teacher, session=session)
    assert application.enrollment == enrollment
    assert (enrollment.status, enrollment.source) == ("enrolled", "application")
    assert list(ApplicationChange.objects.filter(application=application).values_list("to_status", flat=True)
                .order_by("pk"))[-2:] == ["shortlisted", "accepted"]

    # The teacher sees her place and the decision on My learning.
    page.goto("/uk/learning/")
    training = page.locator(f"#training-{session.pk}-title").locator("xpath=ancestor::article")
    expect(training).to_contain_text(uk("Enrolled"))
    expect(training).to_contain_text("Марганець")
    expect(page.locator(f"#application-{application.pk}-title").locator("xpath=ancestor::article")).to_contain_text(
        uk("Accepted"))

    # A second call: she applies and withdraws.
    other = add_call(tree.home, slug="mentors", title="Наставники для молодих вчителів",
                     questions=[("consent", {"text": "Я погоджуюся на обробку даних."})])
    page.goto(f"/uk/learning/calls/{other.pk}/apply/")
    page.get_by_label("Я погоджуюся на обробку даних.").check()
    page.get_by_role("button", name=uk("Submit application")).click()
    expect(page.locator(".messages")).to_contain_text(uk("Your application has been submitted."))
    page.get_by_role("button", name=uk("Withdraw my application")).click()
    expect(page.locator(".messages")).to_contain_text(uk("You have withdrawn your application."))
    assert Application.objects.get(applicant=teacher, call=other.call).status == "withdrawn"
    for console in consoles:
        console.assert_no_csp_violations()
