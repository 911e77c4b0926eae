"""Starting, saving and submitting attempts: limits, time limits, resume, tampering and frozen versions."""

import io
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.http import QueryDict
from django.utils import timezone

from courses.models import QuizPage
from enrollments.models import AttemptStatus, QuizAttempt, QuizVersion
from enrollments.quizzes import selectors, services
from enrollments.quizzes.answers import InvalidAnswers
from enrollments.quizzes.availability import Refusal
from tests.courses.factories import add_quiz, choice_ids, question_ids
from tests.enrollments.factories import EnrollmentFactory, SessionDayFactory, TrainingSessionFactory
from tests.enrollments.quizzes.taking import unscorable
from tests.factories import ParticipantFactory

pytestmark = [pytest.mark.django_db, pytest.mark.shared_tree]


def form(quiz: QuizPage, **answers) -> QueryDict:
    """A posted form listing every question, with answers given by question type."""
    ids = question_ids(quiz)
    data = QueryDict(mutable=True)
    data.setlist("questions", list(ids.values()))
    for question_type, value in answers.items():
        data.setlist(f"q-{ids[question_type]}", value if isinstance(value, list) else [value])
    return data


def all_right(quiz: QuizPage) -> QueryDict:
    single, multiple = choice_ids(quiz, "single_choice"), choice_ids(quiz, "multiple_choice")
    return form(quiz, single_choice=single["Оцінювання"], multiple_choice=[multiple["Житло"], multiple["Здоров’я"]],
                true_false="true", short_text="План втручання", numeric="18")


@pytest.fixture
def quiz(tree):
    return add_quiz(tree.modules[0], pass_mark=70)


def take(quiz, person, data, now=None):
    attempt = services.start_attempt(quiz=quiz, user=person, now=now)
    services.save_answers(attempt=attempt, data=data, now=now)
    return services.submit_attempt(attempt=attempt, now=now)


def test_a_full_marks_attempt_is_scored_on_the_server(quiz, participant):
    attempt = take(quiz, participant, all_right(quiz))
    assert attempt.status == AttemptStatus.SUBMITTED
    assert (attempt.score, attempt.max_score, attempt.percent, attempt.passed) == (6, 6, 100, True)
    assert attempt.pass_mark == 70 and attempt.submitted_at is not None
    assert set(attempt.question_scores) == set(question_ids(quiz).values())


def test_a_low_score_fails_against_the_pass_mark(quiz, participant):
    attempt = take(quiz, participant, form(quiz, true_false="true", numeric="18,0"))
    assert (attempt.score, attempt.percent, attempt.passed) == (2, Decimal("33.3"), False)


def test_starting_again_resumes_the_open_attempt_with_its_answers(quiz, participant):
    first = services.start_attempt(quiz=quiz, user=participant)
    services.save_answers(attempt=first, data=form(quiz, true_false="false"))
    # The connection drops, the tab is closed; later the person comes back to the quiz.
    again = services.start_attempt(quiz=quiz, user=participant)
    assert again.pk == first.pk
    assert again.answers == {question_ids(quiz)["true_false"]: "false"}
    assert QuizAttempt.objects.count() == 1


def test_saving_merges_partial_forms_and_clears_emptied_answers(quiz, participant):
    attempt = services.start_attempt(quiz=quiz, user=participant)
    ids = question_ids(quiz)
    services.save_answers(attempt=attempt, data=form(quiz, true_false="true", numeric="3"))
    partial = QueryDict(mutable=True)
    partial.setlist("questions", [ids["numeric"]])
    attempt = services.save_answers(attempt=attempt, data=partial)
    assert attempt.answers == {ids["true_false"]: "true"}


def test_a_tampered_form_changes_nothing_saved(quiz, participant, tree):
    other = add_quiz(tree.modules[1], slug="other")
    attempt = services.start_attempt(quiz=quiz, user=participant)
    services.save_answers(attempt=attempt, data=form(quiz, true_false="true"))
    with pytest.raises(InvalidAnswers):
        services.save_answers(attempt=attempt, data=form(other, true_false="false"))
    attempt.refresh_from_db()
    assert attempt.answers == {question_ids(quiz)["true_false"]: "true"}


def test_a_submitted_attempt_cannot_be_saved_or_submitted_again(quiz, participant):
    attempt = take(quiz, participant, all_right(quiz))
    with pytest.raises(services.AttemptClosed):
        services.save_answers(attempt=attempt, data=form(quiz, true_false="false"))
    with pytest.raises(services.AttemptClosed):
        services.submit_attempt(attempt=attempt)
    attempt.refresh_from_db()
    assert attempt.score == 6


def test_attempt_limit_is_enforced(tree, participant):
    quiz = add_quiz(tree.modules[0], max_attempts=2)
    take(quiz, participant, form(quiz))
    second = take(quiz, participant, all_right(quiz))
    assert second.number == 2
    with pytest.raises(services.QuizUnavailable) as refused:
        services.start_attempt(quiz=quiz, user=participant)
    assert refused.value.availability.reason == Refusal.NO_ATTEMPTS_LEFT
    assert refused.value.availability.attempts_left == 0


def test_attempts_are_counted_per_person(quiz, participant):
    take(quiz, participant, form(quiz))
    other = take(quiz, ParticipantFactory(), form(quiz))
    assert other.number == 1


class TestTimeLimit:
    @pytest.fixture
    def timed(self, tree):
        return add_quiz(tree.modules[0], slug="timed", time_limit_minutes=10)

    def test_the_deadline_is_set_at_start(self, timed, participant):
        now = timezone.now()
        attempt = services.start_attempt(quiz=timed, user=participant, now=now)
        assert attempt.deadline == now + timedelta(minutes=10)

    def test_a_submit_within_the_grace_period_counts(self, timed, participant):
        start = timezone.now()
        attempt = services.start_attempt(quiz=timed, user=participant, now=start)
        late = start + timedelta(minutes=10, seconds=20)
        services.save_answers(attempt=attempt, data=all_right(timed), now=late)
        attempt = services.submit_attempt(attempt=attempt, now=late)
        assert attempt.score == 6 and not attempt.auto_submitted

    def test_answers_after_the_deadline_are_refused_and_the_saved_ones_submitted(self, timed, participant):
        start = timezone.now()
        attempt = services.start_attempt(quiz=timed, user=participant, now=start)
        services.save_answers(attempt=attempt, data=form(timed, true_false="true"), now=start + timedelta(minutes=5))
        with pytest.raises(services.AttemptClosed) as closed:
            services.save_answers(attempt=attempt, data=all_right(timed), now=start + timedelta(minutes=11))
        assert closed.value.timed_out
        attempt.refresh_from_db()
        assert attempt.auto_submitted and attempt.score == 1
        assert attempt.submitted_at == attempt.deadline

    def test_an_abandoned_timed_attempt_is_closed_when_the_person_returns(self, timed, participant):
        start = timezone.now()
        first = services.start_attempt(quiz=timed, user=participant, now=start)
        second = services.start_attempt(quiz=timed, user=participant, now=start + timedelta(hours=1))
        first.refresh_from_db()
        assert first.is_submitted and first.auto_submitted
        assert second.pk != first.pk and second.number == 2

    def test_overdue_attempts_are_closed_in_bulk(self, timed, participant):
        start = timezone.now()
        services.start_attempt(quiz=timed, user=participant, now=start)
        services.start_attempt(quiz=timed, user=ParticipantFactory(), now=start + timedelta(minutes=5))
        assert services.close_overdue_attempts(now=start + timedelta(minutes=11)).done == 1
        assert services.close_overdue_attempts(now=start + timedelta(minutes=16)).done == 1
        assert not QuizAttempt.objects.filter(status=AttemptStatus.IN_PROGRESS).exists()

    def test_an_attempt_that_cannot_be_closed_is_skipped_and_the_rest_closed(self, timed, participant, caplog):
        start = timezone.now()
        broken = services.start_attempt(quiz=timed, user=participant, now=start)
        fine = services.start_attempt(quiz=timed, user=ParticipantFactory(), now=start)
        unscorable(broken)

        outcome = services.close_overdue_attempts(now=start + timedelta(minutes=11))

        assert (outcome.done, outcome.skipped) == (1, [broken.pk])
        assert QuizAttempt.objects.get(pk=fine.pk).is_submitted
        assert not QuizAttempt.objects.get(pk=broken.pk).is_submitted
        assert f"Skipped quiz attempt {broken.pk}" in caplog.text and "Unknown question type 'essay'" in caplog.text


class TestVersions:
    def test_the_version_is_frozen_once_and_shared(self, quiz, participant):
        first = services.start_attempt(quiz=quiz, user=participant)
        second = services.start_attempt(quiz=quiz, user=ParticipantFactory())
        assert first.version_id == second.version_id
        assert QuizVersion.objects.count() == 1
        assert first.version.pass_mark == 70 and first.version.max_score == 6

    def test_editing_a_published_quiz_never_changes_a_past_result(self, quiz, participant):
        past = take(quiz, participant, all_right(quiz))
        # The author makes the true/false answer "false", raises the pass mark and republishes.
        quiz = QuizPage.objects.get(pk=quiz.pk)
        for block in quiz.questions:
            if block.block_type == "true_false":
                block.value["answer"] = "false"
        quiz.pass_mark = 100
        quiz.save_revision().publish()
        quiz = QuizPage.objects.get(pk=quiz.pk)

        newer = take(quiz, ParticipantFactory(), all_right(quiz))
        past.refresh_from_db()
        assert (past.score, past.passed, past.pass_mark) == (6, True, 70)
        assert (newer.score, newer.passed, newer.pass_mark) == (5, False, 100)
        assert past.version_id != newer.version_id
        assert past.version.definition["pass_mark"] == 70

    def test_a_running_attempt_keeps_the_version_it_started_on(self, quiz, participant):
        attempt = services.start_attempt(quiz=quiz, user=participant)
        quiz.pass_mark = 10
        quiz.save_revision().publish()
        services.save_answers(attempt=attempt, data=form(quiz, true_false="true"))
        assert services.submit_attempt(attempt=attempt).passed is False  # 1/6 under the old pass mark of 70


class TestSelfAssessment:
    @pytest.fixture
    def check(self, tree):
        return add_quiz(tree.course, slug="self-check", kind="self_assessment")

    def statement_form(self, quiz, picks: list[str]) -> QueryDict:
        scale = {block.value["label"]: block.id for block in quiz.scale}
        data = QueryDict(mutable=True)
        ids = [block.id for block in quiz.questions]
        data.setlist("questions", ids)
        for question_id, label in zip(ids, picks, strict=False):
            data[f"q-{question_id}"] = scale[label]
        return data

    def test_every_statement_must_be_answered_before_the_result(self, check, participant):
        attempt = services.start_attempt(quiz=check, user=participant)
        services.save_answers(attempt=attempt, data=self.statement_form(check, ["Часто", "Часто"]))
        with pytest.raises(services.AnswersNeedAttention) as refused:
            services.submit_attempt(attempt=attempt)
        assert len(refused.value.problems) == 1
        attempt.refresh_from_db()
        assert len(attempt.answers) == 2 and attempt.status == AttemptStatus.IN_PROGRESS

    def test_the_total_lands_in_a_band_with_no_pass_or_fail(self, check, participant):
        # 2 + 2 + reverse(0 → 3) = 7: "high"
        attempt = services.start_attempt(quiz=check, user=participant)
        services.save_answers(attempt=attempt, data=self.statement_form(check, ["Часто", "Часто", "Ніколи"]))
        attempt = services.submit_attempt(attempt=attempt)
        assert (attempt.score, attempt.max_score, attempt.band, attempt.passed) == (7, 9, "Високе навантаження", None)


class TestSessionTests:
    """Pre- and post-tests belong to the session the person holds a place on."""

    @pytest.fixture
    def pair(self, tree):
        pre = add_quiz(tree.course, slug="pre", kind="pre_test")
        post = add_quiz(tree.course, slug="post", kind="post_test", pretest=pre)
        return pre, post

    @pytest.fixture
    def session(self, tree):
        session = TrainingSessionFactory(course=tree.course, days=0)
        start = timezone.localdate() + timedelta(days=10)
        for offset in range(3):
            SessionDayFactory(session=session, date=start + timedelta(days=offset))
        return session

    def moment(self, session, day: int, at: time) -> datetime:
        day_date = session.days.order_by("date")[day].date
        return timezone.make_aware(datetime.combine(day_date, at))

    def test_no_place_no_pre_test(self, pair, participant, session):
        availability = selectors.availability(quiz=pair[0], user=participant)
        assert availability.reason == Refusal.NEEDS_SESSION and not availability.can_start

    def test_waiting_list_is_not_a_place(self, pair, participant, session):
        EnrollmentFactory(session=session, user=participant, status="waitlisted")
        assert selectors.availability(quiz=pair[0], user=participant).reason == Refusal.NEEDS_SESSION

    def test_pre_test_before_day_one_is_recorded_for_the_session(self, pair, participant, session):
        EnrollmentFactory(session=session, user=participant)
        attempt = services.start_attempt(quiz=pair[0], user=participant, now=self.moment(session, 0, time(9, 0)))
        assert attempt.session == session and attempt.kind == "pre_test"

    def test_pre_test_closes_at_the_end_of_day_one(self, pair, participant, session):
        EnrollmentFactory(session=session, user=participant)
        with pytest.raises(services.QuizUnavailable) as refused:
            services.start_attempt(quiz=pair[0], user=participant, now=self.moment(session, 0, time(17, 0)))
        assert refused.value.availability.reason == Refusal.CLOSED

    def test_post_test_waits_for_the_last_day(self, pair, participant, session):
        EnrollmentFactory(session=session, user=participant)
        with pytest.raises(services.QuizUnavailable) as refused:
            services.start_attempt(quiz=pair[1], user=participant, now=self.moment(session, 1, time(12, 0)))
        assert refused.value.availability.reason == Refusal.NOT_OPEN_YET
        attempt = services.start_attempt(quiz=pair[1], user=participant, now=self.moment(session, 2, time(16, 0)))
        assert attempt.session == session

    def test_one_attempt_per_session_each(self, pair, participant, session, tree):
        EnrollmentFactory(session=session, user=participant)
        when = self.moment(session, 0, time(8, 0))
        take(pair[0], participant, form(pair[0]), now=when)
        with pytest.raises(services.QuizUnavailable):
            services.start_attempt(quiz=pair[0], user=participant, now=when)
        # A later session of the same course gets its own pre-test.
        later = TrainingSessionFactory(course=tree.course, days=0)
        SessionDayFactory(session=later, date=timezone.localdate() + timedelta(days=40))
        EnrollmentFactory(session=later, user=participant)
        attempt = services.start_attempt(quiz=pair[0], user=participant, now=self.moment(session, 2, time(18, 0)))
        assert attempt.session == later and attempt.number == 1

    def test_a_translated_pre_test_counts_as_the_same_quiz(self, pair, participant, session, tree):
        from wagtail.models import Locale

        from tests.courses.factories import translate_tree

        EnrollmentFactory(session=session, user=participant)
        when = self.moment(session, 0, time(8, 0))
        take(pair[0], participant, form(pair[0]), now=when)
        translated = translate_tree(tree)
        english = pair[0].copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=False)
        english = publish_translation(english)
        assert translated.course.translation_key == tree.course.translation_key
        with pytest.raises(services.QuizUnavailable) as refused:
            services.start_attempt(quiz=english, user=participant, now=when)
        assert refused.value.availability.reason == Refusal.NO_ATTEMPTS_LEFT


def publish_translation(page):
    page.save_revision().publish()
    return QuizPage.objects.get(pk=page.pk)


def test_question_ids_survive_translation(tree):
    from wagtail.models import Locale

    from tests.courses.factories import translate_tree

    quiz = add_quiz(tree.modules[0])
    translate_tree(tree)
    english = publish_translation(quiz.copy_for_translation(Locale.objects.get(language_code="en")))
    assert [b.id for b in english.questions] == [b.id for b in quiz.questions]
    assert choice_ids(english, "single_choice") == choice_ids(quiz, "single_choice")


def test_the_command_closes_overdue_attempts(tree):
    timed = add_quiz(tree.modules[1], slug="timed", title="Тест на час", time_limit_minutes=5)
    attempt = services.start_attempt(quiz=timed, user=ParticipantFactory(), now=timezone.now() - timedelta(hours=1))
    out = io.StringIO()

    call_command("close_overdue_quiz_attempts", stdout=out)

    assert "1" in out.getvalue()
    assert QuizAttempt.objects.get(pk=attempt.pk).auto_submitted


def test_the_command_closes_the_others_and_fails_naming_an_attempt_it_could_not_close(tree):
    timed = add_quiz(tree.modules[1], slug="timed", title="Тест на час", time_limit_minutes=5)
    an_hour_ago = timezone.now() - timedelta(hours=1)
    broken = services.start_attempt(quiz=timed, user=ParticipantFactory(), now=an_hour_ago)
    fine = services.start_attempt(quiz=timed, user=ParticipantFactory(), now=an_hour_ago)
    unscorable(broken)
    out = io.StringIO()

    with pytest.raises(CommandError, match=rf"Skipped 1 quiz attempt\(s\) that could not be handled \({broken.pk}\)"):
        call_command("close_overdue_quiz_attempts", stdout=out)

    assert out.getvalue() == "Submitted 1 overdue quiz attempt(s).\n"
    assert QuizAttempt.objects.get(pk=fine.pk).auto_submitted
