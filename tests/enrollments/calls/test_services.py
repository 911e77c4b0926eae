"""Applying through the services (enrollments/calls/services.py): drafts, submitting, changes, the window,
eligibility, tampering, files."""

import os
from datetime import UTC, date, datetime, time, timedelta

import pytest

from enrollments.calls import services
from enrollments.calls.answers import InvalidAnswers
from enrollments.calls.models import Application, ApplicationChange, ApplicationFile, ApplicationStatus
from enrollments.calls.services import ApplicationRefused, Declaration
from enrollments.calls.uploads import check_upload
from enrollments.calls.window import kyiv_moment
from tests.content.factories import add_call, question_ids
from tests.courses.factories import build_tree
from tests.enrollments.calls.clock import DEADLINE
from tests.enrollments.calls.files import docx_bytes, pdf_bytes, upload
from tests.enrollments.calls.pages import english_call
from tests.enrollments.factories import ApplicationFactory
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

BEFORE = DEADLINE - timedelta(days=3)
TEACHER = Declaration(full_name="Олександра Щербак", community="Марганецька міська територіальна громада",
                      oblast="dnipropetrovsk", profession="teacher")


@pytest.fixture
def call():
    return add_call(build_tree().home, deadline=DEADLINE)


@pytest.fixture
def applicant():
    return ParticipantFactory()


def complete(call, **changes) -> dict:
    """Every answer the default call needs to be submitted, by question id."""
    q = question_ids(call)
    answers = {q["short_text"]: "Вчителька початкових класів", q["long_text"]: "Хочу допомагати дітям.",
               q["choice"]: "До 1 року", q["consent"]: True}
    return {**answers, **{q[kind]: value for kind, value in changes.items()}}


def checked_pdf(call, name: str = "Мотиваційний лист.pdf", content: bytes | None = None):
    return {question_ids(call)["file"]: check_upload(upload=upload(name, content or pdf_bytes()), kinds=["pdf", "docx"],
                                            max_mb=2)}


def save(call, applicant, answers=None, *, now=BEFORE, declaration=TEACHER, **extra):
    return services.save_draft(page=call, applicant=applicant, declaration=declaration,
                               answers={} if answers is None else answers, now=now, **extra)


def submit(call, applicant, answers=None, *, now=BEFORE, declaration=TEACHER, **extra):
    return services.submit_application(page=call, applicant=applicant, declaration=declaration,
                                       answers=complete(call) if answers is None else answers, now=now, **extra)


def history(application) -> list[tuple[str, str]]:
    return list(application.changes.values_list("from_status", "to_status"))


# --- Draft → submit → change → send again -------------------------------------------------------

def test_draft_then_submit_then_change_and_send_again(call, applicant):
    q = question_ids(call)
    draft = save(call, applicant, {q["short_text"]: "  Вчителька  "})
    assert draft.status == ApplicationStatus.DRAFT
    assert draft.answers == {q["short_text"]: "Вчителька"}  # half done is fine for a draft
    assert (draft.community, draft.profession, draft.call_id) == (TEACHER.community, "teacher", call.call_id)
    assert draft.submitted_at is None

    submitted = submit(call, applicant, now=BEFORE + timedelta(hours=1))
    assert submitted.pk == draft.pk
    assert submitted.status == ApplicationStatus.SUBMITTED
    assert submitted.submitted_at == BEFORE + timedelta(hours=1)
    assert submitted.answers == complete(call)

    later = BEFORE + timedelta(days=1)
    changed = submit(call, applicant, complete(call, long_text="Нова відповідь."), now=later)
    assert changed.status == ApplicationStatus.SUBMITTED
    assert changed.answers[q["long_text"]] == "Нова відповідь."
    assert changed.submitted_at == later
    assert history(changed) == [("", "draft"), ("draft", "submitted"), ("submitted", "submitted")]
    change = changed.changes.last()
    assert (change.changed_by, change.changed_at, change.to_stage) == (applicant, later, 0)


def test_sending_the_same_answers_twice_records_nothing_new(call, applicant):
    first = submit(call, applicant)
    again = submit(call, applicant, now=BEFORE + timedelta(minutes=1))
    assert again.pk == first.pk
    assert again.submitted_at == BEFORE
    assert history(again) == [("", "draft"), ("draft", "submitted")]
    assert Application.objects.count() == 1


def test_a_draft_can_be_saved_again_and_cleared(call, applicant):
    q = question_ids(call)
    save(call, applicant, {q["short_text"]: "Вчителька", q["choice"]: "Немає"})
    application = save(call, applicant, {q["short_text"]: "", q["choice"]: ""})
    assert application.answers == {}
    assert history(application) == [("", "draft")]


def test_a_submitted_application_is_not_saved_as_a_draft(call, applicant):
    submit(call, applicant)
    with pytest.raises(ApplicationRefused) as refused:
        save(call, applicant, {question_ids(call)["short_text"]: "інше"})
    assert refused.value.reason == ApplicationRefused.ALREADY_SENT
    assert Application.objects.get().answers == complete(call)


# --- What submitting needs ---------------------------------------------------------------------

def test_submitting_needs_every_required_answer_and_the_consent(call, applicant):
    q = question_ids(call)
    with pytest.raises(services.AnswersNeedAttention) as attention:
        submit(call, applicant, {q["short_text"]: "Вчителька"})
    fields = {problem.field for problem in attention.value.problems}
    assert fields == {f"q-{q['long_text']}", f"q-{q['choice']}", f"q-{q['consent']}"}  # the file is optional
    assert not Application.objects.exists()  # nothing written, not even a draft


def test_an_unticked_consent_alone_keeps_it_from_being_submitted(call, applicant):
    answers = complete(call)
    answers[question_ids(call)["consent"]] = False
    with pytest.raises(services.AnswersNeedAttention) as attention:
        submit(call, applicant, answers)
    assert [problem.field for problem in attention.value.problems] == [f"q-{question_ids(call)['consent']}"]


def test_the_declared_details_are_required_to_submit(call, applicant):
    blank = Declaration(full_name="", community="", oblast="", profession="")
    save(call, applicant, declaration=blank)  # a draft may leave them for later
    with pytest.raises(services.AnswersNeedAttention) as attention:
        submit(call, applicant, declaration=blank)
    assert {problem.field for problem in attention.value.problems} == {"full_name", "community", "oblast",
                                                                       "profession"}


def test_a_long_answer_over_the_word_limit_is_refused(call, applicant):
    too_long = " ".join(["слово"] * 301)
    save(call, applicant, complete(call, long_text=too_long))  # kept in a draft
    with pytest.raises(services.AnswersNeedAttention) as attention:
        submit(call, applicant, complete(call, long_text=too_long))
    assert [problem.field for problem in attention.value.problems] == [f"q-{question_ids(call)['long_text']}"]
    assert submit(call, applicant, complete(call, long_text=" ".join(["слово"] * 300))).status == "submitted"


def test_a_required_file_question_is_answered_by_a_stored_file(applicant):
    questions = [("file", {"label": "Резюме", "help_text": "", "required": True, "kinds": ["pdf"], "max_mb": 2}),
                 ("consent", {"text": "Згода"})]
    call = add_call(build_tree().home, questions=questions, deadline=DEADLINE)
    q = question_ids(call)
    with pytest.raises(services.AnswersNeedAttention):
        submit(call, applicant, {q["consent"]: True})
    save(call, applicant, {}, uploads=checked_pdf(call))
    assert submit(call, applicant, {q["consent"]: True}).status == ApplicationStatus.SUBMITTED


# --- Tampering -----------------------------------------------------------------------------------

@pytest.mark.parametrize("tamper", ["unknown_question", "file_as_text", "unknown_option", "two_single_choices"])
def test_answers_to_questions_the_call_does_not_ask_are_refused(call, applicant, tamper):
    q = question_ids(call)
    save(call, applicant, {q["short_text"]: "Вчителька"})
    answers = {
        "unknown_question": {q["short_text"]: "Інше", "0c8f3bd1-not-a-question": "<script>"},
        "file_as_text": {q["short_text"]: "Інше", q["file"]: "/etc/passwd"},
        "unknown_option": {q["short_text"]: "Інше", q["choice"]: "Понад 10 років"},
        "two_single_choices": {q["short_text"]: "Інше", q["choice"]: ["Немає", "До 1 року"]},
    }[tamper]
    with pytest.raises(InvalidAnswers):
        save(call, applicant, answers)
    with pytest.raises(InvalidAnswers):
        submit(call, applicant, {**complete(call), **answers})
    assert Application.objects.get().answers == {q["short_text"]: "Вчителька"}  # what was saved is kept


# --- The window, in Kyiv time ------------------------------------------------------------------------

def test_submitting_before_the_call_opens_is_refused_and_writes_nothing(applicant):
    opens = kyiv_moment(date(2026, 3, 1), time(9, 0))
    call = add_call(build_tree().home, opens_at=opens, deadline=DEADLINE)
    for write in (save, submit):
        with pytest.raises(ApplicationRefused) as refused:
            write(call, applicant, now=opens - timedelta(seconds=1))
        assert refused.value.reason == ApplicationRefused.NOT_OPEN_YET
    assert not Application.objects.exists()
    assert save(call, applicant, now=opens).status == ApplicationStatus.DRAFT


@pytest.mark.parametrize(("now", "accepted"), [
    (DEADLINE, True),  # 23:59:00 Kyiv time, the deadline minute itself
    (DEADLINE + timedelta(seconds=59), False),  # still 23:59 on the clock, but after the deadline moment
    (DEADLINE + timedelta(seconds=1), False),
], ids=["at-the-deadline", "later-in-the-minute", "one-second-after"])
def test_the_deadline_edge(call, applicant, now, accepted):
    save(call, applicant, {question_ids(call)["short_text"]: "Чернетка"})
    if accepted:
        assert submit(call, applicant, now=now).status == ApplicationStatus.SUBMITTED
        return
    with pytest.raises(ApplicationRefused) as refused:
        submit(call, applicant, now=now)
    assert refused.value.reason == ApplicationRefused.CLOSED
    application = Application.objects.get()
    assert (application.status, application.answers) == ("draft", {question_ids(call)["short_text"]: "Чернетка"})


def test_the_deadline_is_kyiv_time_across_the_spring_clock_change(call, applicant):
    # The clocks moved on 29 March, so 23:59 on 31 March in Kyiv is 20:59 UTC (winter time would make it 21:59).
    with pytest.raises(ApplicationRefused):
        submit(call, applicant, now=datetime(2026, 3, 31, 21, 0, tzinfo=UTC))
    assert submit(call, applicant, now=datetime(2026, 3, 31, 20, 59, tzinfo=UTC)).status == "submitted"


def test_after_the_deadline_nothing_is_saved_or_changed(call, applicant):
    submit(call, applicant)
    after = DEADLINE + timedelta(seconds=1)
    with pytest.raises(ApplicationRefused) as refused:
        submit(call, applicant, complete(call, long_text="Запізно."), now=after)
    assert refused.value.reason == ApplicationRefused.CLOSED
    other = ParticipantFactory()
    with pytest.raises(ApplicationRefused):
        save(call, other, now=after)
    assert Application.objects.get().answers == complete(call)


def test_changes_after_submitting_are_refused_when_the_call_does_not_allow_them(applicant):
    call = add_call(build_tree().home, deadline=DEADLINE, editing_allowed=False)
    submit(call, applicant)
    with pytest.raises(ApplicationRefused) as refused:
        submit(call, applicant, complete(call, long_text="Передумала."), now=BEFORE + timedelta(hours=1))
    assert refused.value.reason == ApplicationRefused.EDITING_NOT_ALLOWED
    application = Application.objects.get()
    assert application.answers == complete(call)
    assert application.submitted_at == BEFORE


# --- Eligibility ----------------------------------------------------------------------------------

def test_a_declared_community_the_call_is_not_for_is_refused(call, applicant):
    dnipro = Declaration(full_name="Іван Петренко", community="Дніпровська міська громада", oblast="dnipropetrovsk",
                         profession="teacher")
    for write in (save, submit):
        with pytest.raises(ApplicationRefused) as refused:
            write(call, applicant, declaration=dnipro)
        assert refused.value.reason == ApplicationRefused.INELIGIBLE
        assert refused.value.eligibility.community_ok is False
        assert refused.value.eligibility.profession_ok is True
    assert not Application.objects.exists()


def test_a_declared_profession_the_call_is_not_for_is_refused(call, applicant):
    psychologist = Declaration(**{**TEACHER.__dict__, "profession": "psychologist"})
    with pytest.raises(ApplicationRefused) as refused:
        submit(call, applicant, declaration=psychologist)
    assert refused.value.eligibility.profession_ok is False


# --- One application per person per call -------------------------------------------------------------


def test_one_application_per_call_across_its_translations(call, applicant):
    english = english_call(call)
    assert english.translation_key == call.translation_key and english.pk != call.pk
    save(call, applicant, {question_ids(call)["short_text"]: "Вчителька"})
    application = submit(english, applicant, complete(english))  # the block ids are the same in English
    assert Application.objects.count() == 1
    assert application.call_id == call.call_id == english.call_id  # the one call both pages show
    assert application.status == ApplicationStatus.SUBMITTED


def test_two_people_apply_to_the_same_call(call, applicant):
    submit(call, applicant)
    submit(call, ParticipantFactory())
    assert Application.objects.filter(call=call.call).count() == 2


# --- Withdrawing ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("status", ["draft", "submitted", "shortlisted"])
def test_withdrawing_is_recorded(call, applicant, status):
    application = ApplicationFactory(call=call, applicant=applicant, status=status)
    when = BEFORE + timedelta(hours=2)
    withdrawn = services.withdraw_application(application=application, by=applicant, now=when)
    assert withdrawn.status == ApplicationStatus.WITHDRAWN
    change = ApplicationChange.objects.get(application=application)
    assert (change.from_status, change.to_status, change.changed_by, change.changed_at) == (
        status, "withdrawn", applicant, when)
    again = services.withdraw_application(application=application, by=applicant, now=when)
    assert again.status == ApplicationStatus.WITHDRAWN
    assert application.changes.count() == 1


@pytest.mark.parametrize("status", ["accepted", "rejected"])
def test_a_decided_application_cannot_be_withdrawn_or_changed(call, applicant, status):
    application = ApplicationFactory(call=call, applicant=applicant, status=status)
    with pytest.raises(ApplicationRefused):
        services.withdraw_application(application=application, by=applicant, now=BEFORE)
    with pytest.raises(ApplicationRefused) as refused:
        submit(call, applicant)
    assert refused.value.reason == ApplicationRefused.FINAL
    application.refresh_from_db()
    assert application.status == status and not application.changes.exists()


# --- Files ---------------------------------------------------------------------------------------------

def test_a_file_is_stored_under_a_random_name_and_replaced(call, applicant, settings,
                                                           django_capture_on_commit_callbacks):
    q = question_ids(call)
    with django_capture_on_commit_callbacks(execute=True):
        application = save(call, applicant, uploads=checked_pdf(call, "../Мій лист.pdf"))
    record = ApplicationFile.objects.get(application=application, question_id=q["file"])
    first_path = record.file.path
    assert record.original_name == "Мій лист.pdf"
    assert "Мій" not in record.file.name and record.file.name.endswith(".pdf")
    assert str(settings.PRIVATE_MEDIA_ROOT) in first_path
    assert (record.content_type, record.size) == ("application/pdf", len(pdf_bytes()))

    word = {q["file"]: check_upload(upload=upload("Лист.docx", docx_bytes()), kinds=["pdf", "docx"], max_mb=2)}
    with django_capture_on_commit_callbacks(execute=True):
        save(call, applicant, uploads=word, now=BEFORE + timedelta(hours=1))
    record = ApplicationFile.objects.get(application=application, question_id=q["file"])
    assert record.original_name == "Лист.docx"
    assert record.uploaded_at == BEFORE + timedelta(hours=1)
    assert record.file.read() == docx_bytes()
    assert not os.path.exists(first_path)  # the replaced file is gone
    assert ApplicationFile.objects.count() == 1


def test_a_refused_write_stores_no_file(call, applicant):
    with pytest.raises(ApplicationRefused):
        save(call, applicant, uploads=checked_pdf(call), now=DEADLINE + timedelta(seconds=1))
    assert not ApplicationFile.objects.exists()


# --- One person, two requests at once (PostgreSQL row locks) ---------------------------------------

@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("second", ["submit", "save"])
def test_a_double_tap_on_a_new_application_submits_it_once_and_loses_nothing(second):
    from django.db import connection

    from tests.enrollments.threads import run_together

    if connection.vendor != "postgresql":
        pytest.skip("Row locks serialise writers on PostgreSQL; SQLite has a single writer anyway.")
    call = add_call(build_tree().home, deadline=DEADLINE)
    applicant = ParticipantFactory()
    results = run_together([lambda: submit(call, applicant),
                            lambda: (submit if second == "submit" else save)(call, applicant)])
    application = Application.objects.get()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.answers == complete(call)
    assert isinstance(results[0], Application)
    if second == "submit":  # the second submit finds the same answers sent: nothing more to record
        assert isinstance(results[1], Application)
    else:  # a draft saved after the submit is refused; one saved before it is submitted over
        assert isinstance(results[1], Application | ApplicationRefused)
    assert list(application.changes.order_by("pk").values_list("to_status", flat=True)) == ["draft", "submitted"]
