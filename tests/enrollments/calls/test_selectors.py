"""Applicants' reads (enrollments/calls/selectors.py) as the pages show them: the call page with what it says about
the call and its apply box for visitors, applicants and the ineligible; the session page pointing to its call; and
"My applications" in My learning, each with its call, status, stage, deadline and, while it can change, an edit link."""

from datetime import date, time, timedelta

import pytest
from django.test import Client

from enrollments.calls.window import kyiv_moment
from tests.content.factories import add_call, translate_call
from tests.enrollments.calls.clock import DEADLINE
from tests.enrollments.calls.pages import apply_url, english_call, in_kyiv, visible
from tests.enrollments.factories import ApplicationFactory, ProfileFactory, TrainingSessionFactory
from tests.factories import ParticipantFactory
from tests.helpers import text, uk

pytestmark = pytest.mark.django_db

CALL_URL = "/uk/calls/call/"
CALL_PAGE_QUERIES = 28  # 26 measured for an applicant (21 for a visitor) with 1 and with 5 stages, sessions and
# applications; 4 of them are the call's own (the application, stages, sessions and their days)
MY_LEARNING_URL = "/uk/learning/"
MY_LEARNING_QUERIES = 24  # 22 measured with 1 and with 5 applications; 3 of them list the applications


def box(response) -> str:
    """The apply box's HTML."""
    page = text(response)
    return page[page.index('id="apply-heading"'):page.index("</section>", page.index('id="apply-heading"'))]


def log_in(client: Client, **profile) -> Client:
    person = ParticipantFactory()
    if profile is not None:
        ProfileFactory(user=person, **profile)
    client.force_login(person)
    client.person = person
    return client


TEACHER_OF_MARHANETS = {"community": "Марганецька міська територіальна громада", "profession": "teacher"}


# --- The call page ------------------------------------------------------------------------------------

def test_the_page_shows_the_call_with_its_deadline_in_kyiv_time(client, call, frozen):
    response = client.get(CALL_URL)
    assert response.status_code == 200
    page = text(response)
    assert "Конкурс call" in page and "Набір вчителів до команди тренерів." in page
    assert in_kyiv("31 березня 2026, 23:59") in visible(page)
    assert 'datetime="2026-03-31T23:59:00+03:00"' in page
    assert "Марганецька громада, Криворізька громада" in page
    assert uk("Teacher") in page
    assert f"<dt>{uk('Places')}</dt><dd>20</dd>" in page
    assert "Письмова заявка" in page and "Співбесіда" in page


def test_a_visitor_is_asked_to_log_in_to_apply(client, call, frozen):
    response = client.get(CALL_URL)
    assert response.status_code == 200
    apply_box = box(response)
    assert uk("Applications are open until") in apply_box
    assert f'href="/uk/accounts/login/?next={apply_url(call)}"' in apply_box
    assert uk("Log in to apply") in apply_box


def test_an_eligible_person_is_offered_the_form(client, call, frozen):
    response = log_in(client, **TEACHER_OF_MARHANETS).get(CALL_URL)
    assert response.status_code == 200
    apply_box = box(response)
    assert f'href="{apply_url(call)}"' in apply_box
    assert uk("You are not eligible for this call:") not in apply_box


def test_an_ineligible_person_is_told_which_condition_fails(client, call, frozen):
    response = log_in(client, community="Дніпровська громада", profession="teacher").get(CALL_URL)
    assert response.status_code == 200
    apply_box = box(response)
    assert uk("You are not eligible for this call:") in apply_box
    assert uk("This call is for people working in these communities: %(wanted)s.",
              wanted="Марганецька громада, Криворізька громада") in apply_box
    assert uk("Your details say: %(declared)s.", declared="Дніпровська громада") in apply_box
    assert uk("This call is for these professions: %(wanted)s.", wanted=uk("Teacher")) not in apply_box  # that holds
    assert f'href="/uk/learning/profile/?next={CALL_URL}"' in apply_box  # and back here once saved
    assert f'href="{apply_url(call)}"' not in apply_box


def test_the_wrong_profession_is_named(client, call, frozen):
    response = log_in(client, community="Криворізька громада", profession="psychologist").get(CALL_URL)
    apply_box = box(response)
    assert uk("This call is for these professions: %(wanted)s.", wanted=uk("Teacher")) in apply_box
    assert uk("Your details say: %(declared)s.", declared=uk("Psychologist")) in apply_box


def test_a_profile_without_work_details_may_still_open_the_form(client, call, frozen):
    person = ParticipantFactory()
    client.force_login(person)
    response = client.get(CALL_URL)
    apply_box = box(response)
    assert f'href="{apply_url(call)}"' in apply_box
    assert uk("The form asks where you work and what you do: this call has conditions (see “Who may apply”).") \
        in apply_box


def test_before_opening_and_after_the_deadline_the_box_says_so(client, tree, frozen):
    opens = kyiv_moment(date(2026, 3, 1), time(9, 0))
    call = add_call(tree.home, opens_at=opens, deadline=DEADLINE)
    log_in(client, **TEACHER_OF_MARHANETS)

    frozen(opens - timedelta(minutes=1))
    apply_box = box(client.get(CALL_URL))
    assert f'{uk("Applications open on")} {in_kyiv("1 березня 2026, 09:00")}.' in visible(apply_box)
    assert f'href="{apply_url(call)}"' not in apply_box

    frozen(DEADLINE + timedelta(seconds=1))
    apply_box = box(client.get(CALL_URL))
    assert f'{uk("Applications closed on")} {in_kyiv("31 березня 2026, 23:59")}.' in visible(apply_box)
    assert f'href="{apply_url(call)}"' not in apply_box


def test_an_applicant_sees_their_status_and_stage(client, call, frozen):
    log_in(client, **TEACHER_OF_MARHANETS)
    ApplicationFactory(call=call, applicant=client.person, status="submitted", stage=1)
    apply_box = box(client.get(CALL_URL))
    assert uk("Submitted") in apply_box
    assert uk("Stage %(number)s of %(total)s: %(title)s", number=2, total=2, title="Співбесіда") in apply_box
    assert uk("You can change your application until") in apply_box
    assert uk("View or change your application") in apply_box


def test_a_draft_left_after_the_deadline_is_explained(client, call, frozen):
    log_in(client, **TEACHER_OF_MARHANETS)
    ApplicationFactory(call=call, applicant=client.person, status="draft", submitted_at=None)
    frozen(DEADLINE + timedelta(minutes=1))
    apply_box = box(client.get(CALL_URL))
    assert uk("Applications are closed: your draft was not submitted.") in apply_box
    assert uk("View your application") in apply_box


def test_the_linked_sessions_are_shown(client, tree, frozen):
    session = TrainingSessionFactory(course=tree.course, title="Тренінг для команди вчителів", status="closed")
    draft = TrainingSessionFactory(course=tree.course, title="Ще не оголошений тренінг", status="draft")
    add_call(tree.home, deadline=DEADLINE, sessions=[session, draft])
    response = client.get(CALL_URL)
    assert response.status_code == 200
    page = text(response)
    assert "Тренінг для команди вчителів" in page
    assert f'href="/uk/learning/sessions/{session.pk}/"' in page
    assert "Ще не оголошений тренінг" not in page


def test_a_linked_session_says_its_places_go_through_the_call_not_its_own_enrollment(client, tree, frozen):
    session = TrainingSessionFactory(course=tree.course, title="Тренінг для команди вчителів", status="closed")
    add_call(tree.home, deadline=DEADLINE, sessions=[session])
    response = client.get(CALL_URL)
    assert response.status_code == 200
    sessions = text(response).split('id="sessions-heading"', 1)[1]
    assert uk("Places go to the applicants this call accepts.") in sessions
    assert uk("Dates, place and programme") in sessions
    assert uk("Enrollment closed") not in sessions
    assert uk("Dates, place and enrollment") not in sessions


def test_the_session_page_points_to_the_call_that_recruits_for_it(client, tree, frozen):
    session = TrainingSessionFactory(course=tree.course, title="Тренінг для команди вчителів", status="closed")
    call = add_call(tree.home, deadline=DEADLINE, sessions=[session])
    response = client.get(f"/uk/learning/sessions/{session.pk}/")
    assert response.status_code == 200
    page = text(response)
    assert uk("Places on this training are given to the people an open call selects:") in page
    assert f'<a href="{call.url}">{call.title}</a>' in page
    frozen(DEADLINE + timedelta(minutes=1))  # once the call has closed, the session page stops pointing to it
    response = client.get(f"/uk/learning/sessions/{session.pk}/")
    assert response.status_code == 200
    assert uk("Places on this training are given to the people an open call selects:") not in text(response)


def test_the_english_page_names_the_zone_in_english(client, call, frozen):
    english_call(call)
    response = client.get("/en/calls/call/")
    assert response.status_code == 200
    assert "31 March 2026, 23:59 (Kyiv time)" in visible(text(response))
    assert "Teacher call" in text(response)


@pytest.mark.parametrize("rows", [1, 5])
@pytest.mark.parametrize("as_applicant", [False, True])
def test_query_count_does_not_grow(client, tree, frozen, rows, as_applicant, django_assert_max_num_queries):
    sessions = [TrainingSessionFactory(course=tree.course, title=f"Тренінг {n}") for n in range(rows)]
    call = add_call(tree.home, deadline=DEADLINE, sessions=sessions,
                    stages=tuple(f"Етап {n}" for n in range(rows)))
    for _ in range(rows):
        ApplicationFactory(call=call)
    if as_applicant:
        log_in(client, **TEACHER_OF_MARHANETS)
        ApplicationFactory(call=call, applicant=client.person)
    with django_assert_max_num_queries(CALL_PAGE_QUERIES):
        response = client.get(CALL_URL)
    assert response.status_code == 200
    assert text(response).count("Тренінг ") >= rows


# --- My applications, in My learning ----------------------------------------------------------------

def section(response) -> str:
    page = text(response)
    start = page.index('id="applications-heading"')
    return page[start:page.index("</section>", start)]


def test_no_application_no_section(learner, tree, frozen):
    response = learner.get(MY_LEARNING_URL)
    assert response.status_code == 200
    assert uk("My applications") not in text(response)


def test_a_submitted_application_shows_its_stage_deadline_and_an_edit_link(learner, participant, call, frozen):
    ApplicationFactory(call=call, applicant=participant, status="submitted", stage=1)
    response = learner.get(MY_LEARNING_URL)
    assert response.status_code == 200
    mine = section(response)
    assert '<a href="/uk/calls/call/">Конкурс call</a>' in mine
    assert uk("Submitted") in mine
    assert uk("Stage %(number)s of %(total)s: %(title)s", number=2, total=2, title="Співбесіда") in mine
    assert f'{uk("Deadline:")} {in_kyiv("31 березня 2026, 23:59")}' in visible(mine)
    assert f'href="/uk/learning/calls/{call.pk}/apply/"' in mine
    assert uk("Change your application") in mine


def test_a_draft_is_to_be_continued(learner, participant, call, frozen):
    ApplicationFactory(call=call, applicant=participant, status="draft", submitted_at=None)
    mine = section(learner.get(MY_LEARNING_URL))
    assert uk("Draft") in mine and uk("Continue your application") in mine
    assert uk("Stage %(number)s of %(total)s: %(title)s", number=1, total=2, title="Письмова заявка") not in mine


@pytest.mark.parametrize("reason", ["deadline", "no_editing", "shortlisted"])
def test_an_application_that_can_no_longer_change_has_no_edit_link(learner, participant, tree, frozen, reason):
    call = add_call(tree.home, deadline=DEADLINE, editing_allowed=reason != "no_editing")
    status = "shortlisted" if reason == "shortlisted" else "submitted"
    ApplicationFactory(call=call, applicant=participant, status=status)
    if reason == "deadline":
        frozen(DEADLINE + timedelta(seconds=1))
    mine = section(learner.get(MY_LEARNING_URL))
    assert uk("Change your application") not in mine
    assert uk("View your application") in mine


def test_only_ones_own_applications_are_listed(learner, participant, call, frozen):
    ApplicationFactory(call=call)  # someone else's
    assert uk("My applications") not in text(learner.get(MY_LEARNING_URL))


@pytest.mark.parametrize("count", [1, 5])
def test_my_applications_query_count_does_not_grow(learner, participant, tree, frozen, count,
                                                    django_assert_max_num_queries):
    for number in range(count):
        call = add_call(tree.home, slug=f"call-{number}", deadline=DEADLINE)
        ApplicationFactory(call=call, applicant=participant, stage=number % 2)
    with django_assert_max_num_queries(MY_LEARNING_QUERIES):
        response = learner.get(MY_LEARNING_URL)
    assert response.status_code == 200
    assert section(response).count(uk("Change your application")) == count


# --- My applications: stages in English ---------------------------------------------------------------

STAGE = "Stage %(number)s of %(total)s: %(title)s"


@pytest.fixture
def english(call):
    """The call's English page; its stages have English titles."""
    for stage, title in zip(call.call.stages.order_by("sort_order"), ("Written application", "Interview"),
                            strict=True):
        stage.title_en = title
        stage.save()
    return translate_call(call, title="Teachers for the team")


def test_english_readers_see_the_stage_in_english(learner, participant, call, english, frozen):
    ApplicationFactory(call=call, applicant=participant, status="submitted", stage=1)

    mine = section(learner.get("/en/learning/"))
    page = text(learner.get(f"/en/learning/calls/{english.pk}/apply/"))

    assert STAGE % {"number": 2, "total": 2, "title": "Interview"} in mine
    assert STAGE % {"number": 2, "total": 2, "title": "Interview"} in page


def test_a_stage_without_an_english_title_is_shown_in_ukrainian_among_the_english_ones(
        learner, participant, client, call, english, frozen):
    from content.models import CallStage

    CallStage.objects.create(call=call.call, title_uk="Тестове завдання", sort_order=2)
    ApplicationFactory(call=call, applicant=participant, status="submitted", stage=2)

    mine = section(learner.get("/en/learning/"))
    call_page = text(learner.get(english.url))

    assert STAGE % {"number": 3, "total": 3, "title": "Тестове завдання"} in mine
    assert "Тестове завдання" in call_page and "Interview" in call_page  # all three, as one list
