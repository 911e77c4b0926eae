"""The demo open call (lms/demo/calls.py): the call in both languages, its session, the applications at their
stages; seeding again; and the issue's "done when" walked through on the demo."""

from datetime import date, time, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from content.models import CallIndexPage, CallPage
from content.roles import COORDINATOR
from enrollments.calls.answers import questions_from_stream, submission_problems
from enrollments.calls.eligibility import Applicant, Criteria, check_eligibility
from enrollments.calls.selectors import linked_sessions
from enrollments.calls.window import KYIV, CallState, Window
from enrollments.models import Application, ApplicationChange, Enrollment, SessionStatus, TrainingSession
from lms.demo.calls import CITY, DEADLINE_IN_DAYS, PLACES, read_call, session_dates
from tests.lms.demo.seeding import seed

EN_TITLE = "Teacher training: applications open for teachers from Marhanets and Kryvyi Rih"
EXPECTED = {  # email → (status, stage index) as seeded
    "applicant01@example.org": ("draft", 0),
    "applicant02@example.org": ("submitted", 0),
    "applicant03@example.org": ("shortlisted", 0),
    "applicant04@example.org": ("submitted", 1),
    "applicant05@example.org": ("submitted", 0),
}


def test_the_session_starts_on_a_monday_six_weeks_on_and_lasts_three_days():
    assert session_dates(date(2026, 11, 26)) == [date(2027, 1, 11), date(2027, 1, 12), date(2027, 1, 13)]
    assert session_dates(date(2026, 11, 23))[0] == date(2027, 1, 4)  # a Monday six weeks on is kept


def call_in(language_code: str) -> CallPage:
    return CallPage.objects.get(locale__language_code=language_code)


def counts() -> dict[str, int]:
    return {"calls": CallPage.objects.count(), "indexes": CallIndexPage.objects.count(),
            "applications": Application.objects.count(), "changes": ApplicationChange.objects.count(),
            "sessions": TrainingSession.objects.count(), "users": get_user_model().objects.count()}


class TestSeededDemoCall:
    """The seed runs once for these tests, in a transaction rolled back after the class."""

    @pytest.fixture(autouse=True)
    def _seeded(self, demo_output, db):
        pass

    def test_the_call_is_published_in_both_languages_and_open(self):
        uk, en = call_in("uk"), call_in("en")
        today = timezone.localdate(timezone.now(), KYIV)

        assert uk.live and en.live and uk.translation_key == en.translation_key and uk.call_id == en.call_id
        assert en.title == EN_TITLE
        assert uk.title == read_call()["uk"].meta["title"] and "Марган" in uk.title
        for call in (uk, en):
            assert Window.of(call.call).state(timezone.now()) == CallState.OPEN
            assert isinstance(call.get_parent().specific, CallIndexPage)
            assert call.get_parent().get_parent().locale_id == call.locale_id
            deadline = call.call.deadline.astimezone(KYIV)
            assert (deadline.date(), deadline.time()) == (today + timedelta(days=DEADLINE_IN_DAYS), time(23, 59))
            assert call.call.places == PLACES == 12
            assert Criteria.of(call.call).communities == ("Марганецька громада", "Криворізька громада",
                                                          "Marhanets community", "Kryvyi Rih community")
            assert call.call.professions == ["teacher"]
            assert call.summary and len(call.body) > 0
        assert any(block.block_type == "markdown" and "Марганецької" in block.value for block in uk.body)
        assert any(block.block_type == "markdown" and "Marhanets" in block.value for block in en.body)

    def test_stages_and_rubric_in_each_language(self):
        call = call_in("uk").call

        assert [stage.title_en for stage in call.stages.all()] == ["Written application", "Interview"]
        assert [stage.title_uk for stage in call.stages.all()][0] == "Письмова заявка"
        assert [(c.title_en, c.weight, c.scale_max) for c in call.criteria.all()] == [
            ("Motivation", 2, 5), ("Experience with children affected by war", 1, 5), ("Team fit", 1, 5)]
        assert [(c.weight, c.scale_max) for c in call.criteria.all()] == [(2, 5), (1, 5), (1, 5)]

    def test_one_question_of_each_kind_with_the_same_ids_in_both_languages(self):
        uk, en = call_in("uk"), call_in("en")
        questions_uk, questions_en = questions_from_stream(uk.questions), questions_from_stream(en.questions)

        assert {q.kind for q in questions_uk} == {"short_text", "long_text", "choice", "file", "consent"}
        assert [q.id for q in questions_uk] == [q.id for q in questions_en]
        assert [q.kind for q in questions_uk] == [q.kind for q in questions_en]
        assert all(q.id for q in questions_uk) and len({q.id for q in questions_uk}) == len(questions_uk)
        assert [q.label for q in questions_uk] != [q.label for q in questions_en]
        [upload] = [q for q in questions_en if q.is_file]
        assert (upload.kinds, upload.max_mb, upload.required) == (("pdf", "docx"), 5, False)
        assert any(q.multiple for q in questions_en if q.kind == "choice")

    def test_the_stages_and_the_file_limit_are_stated_once(self):
        # The page lists the call's stages and the form writes each file's limit: the words do not repeat them.
        for page, title in ((call_in("uk"), "title_uk"), (call_in("en"), "title_en")):
            words = page.summary + "".join(str(block.value) for block in page.body)
            for stage in page.call.stages.all():
                assert getattr(stage, title) not in words
                assert not any(ordinal in getattr(stage, title).lower() for ordinal in ("stage", "етап"))
            [upload] = [q for q in questions_from_stream(page.questions) if q.is_file]
            assert not upload.help_text

    def test_linked_to_an_upcoming_session_that_can_take_the_accepted(self):
        uk, en = call_in("uk"), call_in("en")
        [session] = linked_sessions(uk.call)

        assert linked_sessions(en.call) == [session]
        assert (session.city, session.capacity, session.course.slug) == (CITY, PLACES, "crisis-communication")
        assert session.course.locale.language_code == "uk"
        assert session.status in SessionStatus.taking_people()
        days = [day.date for day in session.days.all()]  # prefetched in order by the selector
        assert len(days) == 3 and days[0].weekday() == 0
        assert days[0] > uk.call.deadline.astimezone(KYIV).date()  # after the deadline, with time for the interviews
        assert not session.enrollments.exists()

    def test_applications_wait_at_their_stages(self):
        call = call_in("uk")
        applications = Application.objects.filter(call=call.call).select_related("applicant")

        assert {a.applicant.email: (a.status, a.stage) for a in applications} == EXPECTED
        questions = questions_from_stream(call.questions)
        for application in applications:
            assert not application.applicant.has_usable_password()
            assert check_eligibility(criteria=Criteria.of(call.call), applicant=Applicant(
                community=application.community, oblast=application.oblast,
                profession=application.profession)).eligible
            if application.status != "draft":
                assert application.submitted_at < timezone.now()
                assert submission_problems(questions=questions, answers=application.answers, files=set()) == []
        coordinator = get_user_model().objects.get(email="coordinator@example.org")
        moves = ApplicationChange.objects.filter(application__in=applications, changed_by=coordinator)
        assert sorted((m.from_status, m.to_status, m.from_stage, m.to_stage) for m in moves) == [
            ("submitted", "shortlisted", 0, 0), ("submitted", "submitted", 0, 1)]

    def test_participant3_may_apply_and_has_not_yet(self):
        call = call_in("uk")
        participant3 = get_user_model().objects.get(email="participant3@example.org")
        profile = participant3.profile

        assert check_eligibility(criteria=Criteria.of(call.call), applicant=Applicant(
            community=profile.community, oblast=profile.oblast, profession=profile.profession)).eligible
        assert not Application.objects.filter(applicant=participant3).exists()

    def test_seed_output_says_what_to_try(self, demo_output):
        notes = demo_output.split("Open calls:", 1)[1]
        assert "/uk/calls/teacher-training-marhanets-kryvyi-rih/" in notes
        assert "participant3@example.org" in notes and "can apply" in notes
        assert "reviewer@example.org" in notes and "4 applications sent" in notes
        assert "coordinator@example.org" in notes and CITY in notes
        assert f"{CITY}, " in demo_output.split("Training sessions:", 1)[1]

    def test_seeding_again_creates_nothing_and_keeps_editor_changes(self):
        call = call_in("uk")
        call.title = "Змінено редакторкою"
        call.save_revision().publish()
        application = Application.objects.get(applicant__email="applicant02@example.org")
        Application.objects.filter(pk=application.pk).update(status="rejected")
        before = counts()

        output = seed(users=True)

        assert counts() == before
        assert "(0 pages created)" in output
        assert call_in("uk").title == "Змінено редакторкою"
        assert Application.objects.get(pk=application.pk).status == "rejected"

    def test_done_when_participant3_applies_is_scored_moved_to_stage_two_accepted_and_enrolled(
            self, mailoutbox, django_capture_on_commit_callbacks):
        from enrollments.calls import decisions, services
        from enrollments.calls.review import questions_of, rubric_of, save_review

        call = call_in("en")  # she reads the call in English; the application is the same in either language
        User = get_user_model()
        applicant = User.objects.get(email="participant3@example.org")
        reviewer, coordinator = User.objects.get(email="reviewer@example.org"), User.objects.get(
            email="coordinator@example.org")
        assert coordinator.groups.filter(name=COORDINATOR).exists()
        questions = questions_of(call)  # the Ukrainian version's, in English words; choices are stored in Ukrainian
        answers = {q.id: True if q.kind == "consent" else (q.options[1] if q.kind == "choice" and not q.multiple
                                                             else [q.options[0]] if q.kind == "choice"
                                                             else "Вчителька, Криворізький ліцей № 5")
                   for q in questions if not q.is_file}
        profile = applicant.profile
        declaration = services.Declaration(full_name=profile.full_name, community=profile.community,
                                           oblast=profile.oblast, profession=profile.profession)

        with django_capture_on_commit_callbacks(execute=True):
            application = services.submit_application(page=call, applicant=applicant, declaration=declaration,
                                                      answers=answers)
            marks = {str(criterion.pk): criterion.scale_max for criterion in rubric_of(call.call)}
            review = save_review(application=application, reviewer=reviewer, marks=marks, comment="Так!", submit=True)
            decisions.move_application(application=application, move="next_stage", by=coordinator)
            application = decisions.move_application(application=application, move="accept", by=coordinator)

        assert review.total == 100
        assert (application.status, application.stage) == ("accepted", 1)
        enrollment = Enrollment.objects.get(user=applicant, session__city=CITY)
        assert (enrollment.status, enrollment.source) == ("enrolled", "application")
        assert application.enrollment_id == enrollment.pk
        assert any(message.to == ["participant3@example.org"] for message in mailoutbox)
