"""The application form (enrollments/calls/views.py, `apply` and `withdraw`): drafts, submitting and sending changes,
refusals with the server's clock, tampering, files. Downloading a file is test_views_files.py."""

import re
from datetime import date, time, timedelta

import pytest

from content.models import Call
from enrollments.calls.models import Application, ApplicationFile
from enrollments.calls.window import kyiv_moment
from tests.content.factories import add_call, question_ids
from tests.enrollments.calls.clock import DEADLINE, NOW
from tests.enrollments.calls.files import image_bytes, mismatch, pdf_bytes, upload
from tests.enrollments.calls.pages import COMPLETE, DECLARED, apply_url, english_call, in_kyiv, posted, visible
from tests.enrollments.factories import ApplicationFactory, ProfileFactory
from tests.factories import ParticipantFactory
from tests.helpers import text, uk, uk_plural

pytestmark = [pytest.mark.django_db, pytest.mark.shared_tree]

APPLY_PAGE_QUERIES = 21  # 19 measured with 1 and with 5 file questions (each with a file) and other applications;
# 7 are the form's own (the call and its view restrictions, its locale, the application, its files, the stages)
@pytest.fixture
def applicant(participant):
    ProfileFactory(user=participant, community="Марганецька громада", profession="teacher")
    return participant


@pytest.fixture
def teacher(client, applicant):
    """The test client, logged in as an eligible teacher of Marhanets."""
    client.force_login(applicant)
    return client


def the_application() -> Application:
    return Application.objects.get()


# --- Who may open the form -----------------------------------------------------------------------

def test_the_form_needs_an_account(client, call, frozen):
    response = client.get(apply_url(call))
    assert response.status_code == 302
    assert response.url == f"/uk/accounts/login/?next={apply_url(call)}"
    response = client.post(apply_url(call), posted(call, **COMPLETE))
    assert response.status_code == 302 and not Application.objects.exists()


def test_an_unpublished_call_is_not_found(teacher, call, frozen):
    call.unpublish()
    assert teacher.get(apply_url(call)).status_code == 404
    assert teacher.post(apply_url(call), posted(call, **COMPLETE)).status_code == 404


def test_the_form_is_prefilled_from_the_profile_and_built_from_the_questions(teacher, call, frozen):
    response = teacher.get(apply_url(call))
    assert response.status_code == 200
    page = text(response)
    assert 'value="Марганецька громада"' in page
    assert '<option value="teacher" selected>' in page
    for label in ("Ваша посада", "Чому ви хочете взяти участь?", "Мотиваційний лист", "Понад 1 рік",
                  "Я погоджуюся на обробку моїх персональних даних для відбору учасників."):
        assert label in page
    assert f'name="q-{question_ids(call)["file"]}"' in page and 'accept=".pdf,.docx"' in page
    assert uk_plural("Up to %(limit)s word.", "Up to %(limit)s words.", 300, limit=300) in page
    assert uk("Save draft") in page and uk("Submit application") in page
    assert response["Cache-Control"].startswith("max-age=0")


# --- Draft → submit → change → send again ----------------------------------------------------------

def test_draft_then_submit_then_change_and_send_again(teacher, call, frozen):
    response = teacher.post(apply_url(call), posted(call, short_text="Вчителька"))
    assert response.status_code == 302 and response.url == apply_url(call)
    assert the_application().status == "draft"
    assert the_application().answers == {question_ids(call)["short_text"]: "Вчителька"}
    page = text(teacher.get(apply_url(call)))
    assert uk("Your draft has been saved. Submit it before the deadline.") in page
    assert 'value="Вчителька"' in page

    response = teacher.post(apply_url(call), posted(call, "submit", **COMPLETE))
    assert response.status_code == 302
    assert the_application().status == "submitted"
    page = text(teacher.get(apply_url(call)))
    assert uk("Your application has been submitted.") in page
    assert uk("Send changes") in page and uk("Save draft") not in page
    assert f'{uk("You can change your application until")} {in_kyiv("31 березня 2026, 23:59")}.' in visible(page)

    frozen(NOW + timedelta(days=1))
    response = teacher.post(apply_url(call), posted(call, "submit", **{**COMPLETE, "long_text": "Оновлена відповідь."}))
    assert response.status_code == 302
    application = the_application()
    assert application.answers[question_ids(call)["long_text"]] == "Оновлена відповідь."
    assert application.submitted_at == NOW + timedelta(days=1)
    assert list(application.changes.values_list("to_status", flat=True)) == ["draft", "submitted", "submitted"]
    assert uk("Your changes have been sent.") in text(teacher.get(apply_url(call)))


def test_submitting_with_missing_answers_keeps_a_draft_and_lists_what_to_fix(teacher, call, frozen):
    response = teacher.post(apply_url(call), posted(call, "submit", short_text="Вчителька"))
    assert response.status_code == 400
    page = text(response)
    assert uk("What could be kept is saved as a draft; the application is not submitted yet. Please fix:") in page
    assert uk("Answer this question to submit your application.") in page
    assert uk("Tick this box to submit your application.") in page
    assert 'value="Вчителька"' in page
    application = the_application()
    assert (application.status, application.answers) == ("draft", {question_ids(call)["short_text"]: "Вчителька"})


def test_a_submitted_application_is_not_turned_back_into_a_draft(teacher, call, frozen):
    teacher.post(apply_url(call), posted(call, "submit", **COMPLETE))
    response = teacher.post(apply_url(call), posted(call, "save", **{**COMPLETE, "long_text": ""}))
    assert response.status_code == 409
    assert uk("Your application is already submitted: send your changes with “Send changes”.") in text(response)
    assert the_application().status == "submitted"
    assert the_application().answers[question_ids(call)["long_text"]] == "Хочу допомагати дітям."


def test_a_change_with_a_missing_answer_is_not_sent_and_the_application_stays_as_it_was(teacher, call, frozen):
    teacher.post(apply_url(call), posted(call, "submit", **COMPLETE))
    response = teacher.post(apply_url(call), posted(call, "submit", **{**COMPLETE, "long_text": ""}))
    assert response.status_code == 400
    assert uk("Your changes have not been sent. Please fix:") in text(response)
    assert the_application().status == "submitted"
    assert the_application().answers[question_ids(call)["long_text"]] == "Хочу допомагати дітям."


# --- Refusals: eligibility, the window, editing ------------------------------------------------------

def test_an_ineligible_declaration_is_refused_and_nothing_is_lost(teacher, call, frozen):
    declared = {**DECLARED, "community": "Дніпровська громада"}
    response = teacher.post(apply_url(call), posted(call, declared=declared, short_text="Моя відповідь"))
    assert response.status_code == 409
    page = text(response)
    assert uk("This call is not open to you with the details you gave: see the conditions below. Nothing was saved.") \
        in page
    assert uk("Your details say: %(declared)s.", declared="Дніпровська громада") in page
    assert 'value="Моя відповідь"' in page  # what was typed is still on the form
    assert not Application.objects.exists()


def test_an_ineligible_profile_is_explained_on_the_form(client, call, frozen):
    person = ParticipantFactory()
    ProfileFactory(user=person, community="Криворізька громада", profession="psychologist")
    client.force_login(person)
    page = text(client.get(apply_url(call)))
    assert uk("With these details you cannot apply to this call:") in page
    assert uk("This call is for these professions: %(wanted)s.", wanted=uk("Teacher")) in page
    assert f'href="/uk/learning/profile/?next={apply_url(call)}"' in page  # and back to the form once saved


@pytest.mark.parametrize(("moment", "accepted"), [
    (DEADLINE, True), (DEADLINE + timedelta(seconds=1), False),
], ids=["at-the-deadline-minute", "one-second-after"])
def test_the_deadline_edge_on_the_server_clock(teacher, call, frozen, moment, accepted):
    teacher.post(apply_url(call), posted(call, short_text="Чернетка"))
    frozen(moment)
    response = teacher.post(apply_url(call), posted(call, "submit", **COMPLETE))
    if accepted:
        assert response.status_code == 302 and the_application().status == "submitted"
        return
    assert response.status_code == 409
    message = uk("Applications closed on %(moment)s. Nothing was changed.", moment=in_kyiv("31 березня 2026, 23:59"))
    assert message in text(response)
    assert the_application().status == "draft"
    assert the_application().answers == {question_ids(call)["short_text"]: "Чернетка"}


def test_after_the_deadline_the_page_says_why_and_shows_the_answers_read_only(teacher, call, frozen):
    teacher.post(apply_url(call), posted(call, "submit", **COMPLETE, file=upload("Лист.pdf", pdf_bytes())))
    frozen(DEADLINE + timedelta(hours=1))
    response = teacher.get(apply_url(call))
    assert response.status_code == 200
    page = text(response)
    assert f'{uk("Applications closed on")} {in_kyiv("31 березня 2026, 23:59")}.' in visible(page)
    assert "<form" not in page.split('id="status-heading"')[1].split('id="withdraw-heading"')[0]
    answers = visible(page.split('id="answers-heading"')[1])
    assert "Чому ви хочете взяти участь? Хочу допомагати дітям." in answers
    assert 'Мотиваційний лист Лист.pdf' in answers and uk("Agreed") in answers
    assert f'href="/uk/learning/calls/files/{ApplicationFile.objects.get().pk}/"' in page
    assert uk("Send changes") not in page and uk("Save draft") not in page


def test_before_opening_nothing_is_accepted(teacher, tree, frozen):
    opens = kyiv_moment(date(2026, 3, 30), time(9, 0))
    call = add_call(tree.home, opens_at=opens, deadline=DEADLINE)
    page = text(teacher.get(apply_url(call)))
    assert f'{uk("Applications open on")} {in_kyiv("30 березня 2026, 09:00")}.' in visible(page)
    assert uk("Save draft") not in page
    response = teacher.post(apply_url(call), posted(call, short_text="Рано"))
    assert response.status_code == 409
    assert uk("Applications open on %(moment)s. Nothing was saved yet.", moment=in_kyiv("30 березня 2026, 09:00")) \
        in text(response)
    assert not Application.objects.exists()


def test_a_call_without_editing_refuses_changes_after_submitting(teacher, tree, frozen):
    call = add_call(tree.home, deadline=DEADLINE, editing_allowed=False)
    teacher.post(apply_url(call), posted(call, "submit", **COMPLETE))
    page = text(teacher.get(apply_url(call)))
    assert uk("This call does not take changes after an application is submitted.") in page
    assert uk("Send changes") not in page
    response = teacher.post(apply_url(call), posted(call, "submit", **{**COMPLETE, "long_text": "Інакше."}))
    assert response.status_code == 409
    assert uk("This call does not take changes after an application is submitted. Your application was not changed.") \
        in text(response)
    assert the_application().answers[question_ids(call)["long_text"]] == "Хочу допомагати дітям."


# --- Tampering -----------------------------------------------------------------------------------

def test_a_form_naming_a_question_the_call_does_not_ask_is_refused(teacher, call, frozen):
    teacher.post(apply_url(call), posted(call, short_text="Вчителька"))
    data = posted(call, **{"short_text": "Інше", "q-00000000-not-a-question": "x"})
    response = teacher.post(apply_url(call), data)
    assert response.status_code == 400
    assert uk("This form holds answers to questions this call does not ask. Reload the page: the answers already "
              "saved are kept.") in text(response)
    assert the_application().answers == {question_ids(call)["short_text"]: "Вчителька"}


def test_a_file_sent_as_the_answer_to_a_text_question_is_refused(teacher, call, frozen):
    data = posted(call, **{"short_text": "Вчителька", "consent": True})
    data[f"q-{question_ids(call)['short_text']}"] = upload("лист.pdf", pdf_bytes())
    response = teacher.post(apply_url(call), data)
    assert response.status_code == 400
    assert not Application.objects.exists() and not ApplicationFile.objects.exists()


def test_an_option_the_question_does_not_offer_is_refused(teacher, call, frozen):
    response = teacher.post(apply_url(call), posted(call, "submit", **{**COMPLETE, "choice": "Понад 20 років"}))
    assert response.status_code == 400
    assert not Application.objects.exists()


# --- Files ----------------------------------------------------------------------------------------

def test_a_bad_file_is_refused_and_the_other_answers_are_kept_as_a_draft(teacher, call, frozen):
    data = posted(call, short_text="Вчителька", file=upload("лист.pdf", image_bytes("PNG"), "application/pdf"))
    response = teacher.post(apply_url(call), data)
    assert response.status_code == 400
    assert mismatch(".pdf", ["pdf", "docx"]) in text(response)
    assert the_application().answers == {question_ids(call)["short_text"]: "Вчителька"}
    assert not ApplicationFile.objects.exists()


def test_a_valid_file_is_stored_and_offered_back(teacher, call, frozen):
    response = teacher.post(apply_url(call), posted(call, "submit", **COMPLETE,
                                                    file=upload("Мотиваційний лист.pdf", pdf_bytes())))
    assert response.status_code == 302
    record = ApplicationFile.objects.get()
    assert (record.original_name, record.content_type) == ("Мотиваційний лист.pdf", "application/pdf")
    page = text(teacher.get(apply_url(call)))
    assert f'href="/uk/learning/calls/files/{record.pk}/"' in page and "Мотиваційний лист.pdf" in page


def test_a_bad_file_in_a_submitted_application_changes_nothing(teacher, call, frozen):
    teacher.post(apply_url(call), posted(call, "submit", **COMPLETE, file=upload("лист.pdf", pdf_bytes())))
    response = teacher.post(apply_url(call), posted(call, "submit", **{**COMPLETE, "long_text": "Нове."},
                                                    file=upload("лист.pdf", b"not a pdf at all")))
    assert response.status_code == 400
    assert the_application().answers[question_ids(call)["long_text"]] == "Хочу допомагати дітям."
    assert ApplicationFile.objects.get().original_name == "лист.pdf"


def test_an_empty_file_input_as_a_browser_posts_it_keeps_the_file_on_record(teacher, call, frozen):
    # A browser sends an <input type=file> left empty as a part with no filename; Django's parser puts it in
    # request.POST as "", not in FILES. That is "no new file", never an answer to a question the call does not ask.
    teacher.post(apply_url(call), posted(call, "submit", **COMPLETE, file=upload("лист.pdf", pdf_bytes())))
    response = teacher.post(apply_url(call), posted(call, "submit", **{**COMPLETE, "long_text": "Нове."}, file=""))
    assert response.status_code == 302
    assert uk("Your changes have been sent.") in text(teacher.get(apply_url(call)))
    assert the_application().answers[question_ids(call)["long_text"]] == "Нове."
    assert ApplicationFile.objects.get().original_name == "лист.pdf"


def test_a_draft_saved_with_the_file_input_left_empty_as_a_browser_posts_it(teacher, call, frozen):
    response = teacher.post(apply_url(call), posted(call, short_text="Вчителька", file=""))
    assert response.status_code == 302
    assert the_application().answers == {question_ids(call)["short_text"]: "Вчителька"}
    assert not ApplicationFile.objects.exists()


def test_text_posted_under_a_file_question_is_still_refused(teacher, call, frozen):
    response = teacher.post(apply_url(call), posted(call, short_text="Вчителька", file="not a file"))
    assert response.status_code == 400
    assert uk("This form holds answers to questions this call does not ask. Reload the page: the answers already "
              "saved are kept.") in text(response)
    assert not Application.objects.exists()


# --- Withdrawing ----------------------------------------------------------------------------------

def test_withdrawing(teacher, call, frozen):
    teacher.post(apply_url(call), posted(call, "submit", **COMPLETE))
    assert uk("Withdraw my application") in text(teacher.get(apply_url(call)))
    response = teacher.post(f"/uk/learning/calls/{call.pk}/withdraw/")
    assert response.status_code == 302
    assert the_application().status == "withdrawn"
    page = text(teacher.get(apply_url(call)))
    assert uk("You have withdrawn your application.") in page
    assert uk("Withdraw my application") not in page and uk("Send changes") not in page
    assert teacher.post(apply_url(call), posted(call, "submit", **COMPLETE)).status_code == 409


def test_withdrawing_needs_an_application_and_a_post(teacher, call, frozen):
    assert teacher.post(f"/uk/learning/calls/{call.pk}/withdraw/").status_code == 404
    assert teacher.get(f"/uk/learning/calls/{call.pk}/withdraw/").status_code == 405


# --- Translations, and the query budget ---------------------------------------------------------------

def test_the_english_form_is_the_same_application(teacher, call, frozen):
    english = english_call(call)
    teacher.post(apply_url(call), posted(call, short_text="Вчителька"))
    response = teacher.get(f"/en/learning/calls/{call.pk}/apply/")
    assert response.status_code == 302 and response.url == f"/en/learning/calls/{english.pk}/apply/"
    response = teacher.post(response.url, posted(english, "submit", **COMPLETE))
    assert response.status_code == 302
    assert Application.objects.count() == 1 and the_application().status == "submitted"
    assert "Teacher call" in text(teacher.get(f"/en/learning/calls/{english.pk}/apply/"))


def test_the_english_form_asks_the_ukrainian_questions_in_english_and_stores_the_ukrainian_choice(teacher, call,
                                                                                                      frozen):
    english = english_call(call)
    blocks = list(english.questions.raw_data)
    for block in blocks:
        if block["type"] == "choice":
            block["value"] = {**block["value"], "label": "Experience with children who lived through trauma",
                              "options": ["None", "Up to a year", "Over a year"]}
    english.questions = [block for block in blocks if block["type"] != "long_text"]  # a question left out
    english.save_revision().publish()
    url = f"/en/learning/calls/{english.pk}/apply/"

    form = text(teacher.get(url))
    response = teacher.post(url, posted(call, "submit", **{**COMPLETE, "choice": "До 1 року"}))

    assert "Experience with children who lived through trauma" in form and "Up to a year" in form
    assert "Чому ви хочете взяти участь?" in form  # asked all the same, in the Ukrainian wording
    assert response.status_code == 302
    assert the_application().answers[question_ids(call)["choice"]] == "До 1 року"  # as reviewers read it
    editable = text(teacher.get(url))
    assert re.search(r'<input type="radio"[^>]*value="До 1 року"[^>]*checked', editable)  # labelled "Up to a year"
    Call.objects.filter(pk=call.call_id).update(editing_allowed=False)
    answers = re.search(r'<dl class="application-answers">.*?</dl>', text(teacher.get(url)), re.DOTALL).group(0)
    assert "Up to a year" in answers and "До 1 року" not in answers  # the applicant's own answer, in English


def file_questions(count: int) -> list:
    return [("file", {"label": f"Документ {n}", "help_text": "", "required": False, "kinds": ["pdf"], "max_mb": 2})
            for n in range(count)] + [("consent", {"text": "Згода"})]


@pytest.mark.parametrize("rows", [1, 5])
def test_query_count_does_not_grow(teacher, applicant, tree, frozen, rows, django_assert_max_num_queries):
    call = add_call(tree.home, deadline=DEADLINE, questions=file_questions(rows))
    application = ApplicationFactory(call=call, applicant=applicant, status="draft")
    for n, block in enumerate(call.questions):
        if block.block_type == "file":
            ApplicationFile.objects.create(application=application, question_id=block.id, file=f"x/{n}.pdf",
                                           original_name=f"Файл {n}.pdf", content_type="application/pdf", size=10)
    for _ in range(rows):
        ApplicationFactory(call=call)
    with django_assert_max_num_queries(APPLY_PAGE_QUERIES):
        response = teacher.get(apply_url(call))
    assert response.status_code == 200
    assert text(response).count("/uk/learning/calls/files/") == rows
