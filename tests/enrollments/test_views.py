"""Learner views: the profile form, marking modules complete or not, and my learning."""

import re

import pytest
from django.core.cache import cache
from django.template import engines
from django.test import Client
from django.utils.text import capfirst
from wagtail import hooks

from enrollments.models import ModuleCompletion, Profile
from tests.courses.factories import add_course, translate_tree
from tests.enrollments.factories import EnrollmentFactory, ProfileFactory, TrainingSessionFactory
from tests.helpers import text, uk

PROFILE_URL = "/uk/learning/profile/"
MY_LEARNING_URL = "/uk/learning/"
LOGIN_URL = "/uk/accounts/login/"
MY_LEARNING_QUERIES = 21  # 19 measured with one started course and with six (1 lists the certificates)

pytestmark = pytest.mark.django_db

WORK = {
    "full_name": "Ганна Коваль",
    "profession": "psychologist",
    "organisation": "БФ «Надія»",
    "oblast": "kharkiv",
    "community": "Мереф'янська громада",
}
CONSENT_HELP = (
    "Donors who fund free training ask how many women and men, of which ages, displaced or not, "
    "and with or without a disability took part. Only coordinators of this programme see these "
    "details, and they report them only as totals, never by name. Every field is optional; "
    "untick this box at any time and the details are deleted."
)
CONSENT_CHECKED = re.compile(r'<input type="checkbox" name="reporting_consent"[^>]* checked>')
REPORTING = {"sex": "female", "age_band": "35_44", "displacement_status": "idp", "disability": "no"}


def complete_url(module) -> str:
    return f"/uk/learning/modules/{module.pk}/complete/"


def reopen_url(module) -> str:
    return f"/uk/learning/modules/{module.pk}/reopen/"


# --- Profile -------------------------------------------------------------------------------


def test_profile_needs_log_in(client):
    response = client.get(PROFILE_URL)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next={PROFILE_URL}"


def test_profile_form_shows_labels_and_consent_explanation(learner):
    response = learner.get(PROFILE_URL)

    assert response.status_code == 200
    html = text(response)
    for label in ("full name", "profession", "organisation", "oblast", "community (hromada)",
                  "sex", "age band", "displacement status", "disability"):
        assert f">{capfirst(uk(label))}" in html, label
    assert uk("I agree to share the details below for anonymous reporting") in html
    assert uk(CONSENT_HELP) in html
    assert uk("The details below are saved only if you tick the box above.") in html
    assert 'name="reporting_consent"' in html
    assert 'type="checkbox"' in html
    assert 'autocomplete="name"' in html


def test_profile_is_prefilled_from_the_saved_row(learner, participant):
    ProfileFactory(user=participant, full_name="Ірина Бойко")

    response = learner.get(PROFILE_URL)

    assert response.status_code == 200
    assert 'value="Ірина Бойко"' in text(response)


def test_saving_the_profile_creates_the_row_and_says_so(learner, participant):
    response = learner.post(PROFILE_URL, WORK, follow=True)

    assert response.redirect_chain == [(PROFILE_URL, 302)]
    assert response.status_code == 200
    assert uk("Your profile has been saved.") in text(response)
    profile = Profile.objects.get(user=participant)
    assert profile.full_name == "Ганна Коваль"
    assert profile.profession == "psychologist"
    assert profile.oblast == "kharkiv"
    assert profile.community == "Мереф'янська громада"
    assert profile.reporting_consent_at is None
    assert profile.sex == ""


def test_reporting_details_are_kept_only_with_consent(learner, participant):
    response = learner.post(PROFILE_URL, {**WORK, **REPORTING, "reporting_consent": "on"})

    assert response.status_code == 302
    profile = Profile.objects.get(user=participant)
    assert profile.reporting_consent_at is not None
    assert (profile.sex, profile.age_band, profile.displacement_status, profile.disability) == (
        "female", "35_44", "idp", "no"
    )
    form_page = learner.get(PROFILE_URL)
    assert CONSENT_CHECKED.search(text(form_page))

    withdrawn = learner.post(PROFILE_URL, {**WORK, **REPORTING})

    assert withdrawn.status_code == 302
    assert not CONSENT_CHECKED.search(text(learner.get(PROFILE_URL)))
    profile.refresh_from_db()
    assert profile.reporting_consent_at is None
    assert (profile.sex, profile.age_band, profile.displacement_status, profile.disability) == ("", "", "", "")
    assert profile.full_name == "Ганна Коваль"


def test_invalid_choice_is_reported_and_nothing_changes(learner, participant):
    saved = ProfileFactory(user=participant, full_name="Ірина Бойко", profession="case_manager")

    response = learner.post(PROFILE_URL, {**WORK, "profession": "astronaut"})

    assert response.status_code == 200
    html = text(response)
    assert uk("Select a valid choice. %(value)s is not one of the available choices.", value="astronaut") in html
    assert 'aria-invalid="true"' in html
    assert 'role="alert"' in html
    assert uk("Your profile has been saved.") not in html
    saved.refresh_from_db()
    assert (saved.full_name, saved.profession) == ("Ірина Бойко", "case_manager")


def test_full_name_is_required(learner, participant):
    response = learner.post(PROFILE_URL, {**WORK, "full_name": ""})

    assert response.status_code == 200
    html = text(response)
    assert uk("This field is required.") in html
    assert 'id="id_full_name_error"' in html
    assert not Profile.objects.filter(user=participant).exists()


# --- Mark complete / reopen ----------------------------------------------------------------


@pytest.mark.parametrize("url", [complete_url, reopen_url])
def test_completion_views_accept_only_post(learner, tree, url):
    response = learner.get(url(tree.modules[0]))

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert not ModuleCompletion.objects.exists()


def test_anonymous_completion_goes_to_log_in_and_records_nothing(client, tree):
    module = tree.modules[0]

    response = client.post(complete_url(module), {"next": module.url})

    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN_URL}?next=")
    assert not ModuleCompletion.objects.exists()


def test_marking_complete_records_it_and_goes_to_next(learner, participant, tree):
    first, second = tree.modules

    response = learner.post(complete_url(first), {"next": second.url}, follow=True)

    assert response.redirect_chain == [(second.url, 302)]
    assert response.status_code == 200
    assert uk("“%(title)s” is marked as complete.", title="Модуль 1") in text(response)
    completion = ModuleCompletion.objects.get(user=participant)
    assert completion.module_key == first.translation_key
    assert completion.course_key == tree.course.translation_key


def test_marking_complete_twice_keeps_one_row(learner, participant, tree):
    module = tree.modules[0]

    learner.post(complete_url(module))
    response = learner.post(complete_url(module))

    assert response.status_code == 302
    assert ModuleCompletion.objects.filter(user=participant).count() == 1


@pytest.mark.parametrize("evil", [
    "https://evil.example/",
    "//evil.example/phish",
    "http://evil.example/uk/learning/",
])
def test_external_next_is_ignored(learner, participant, tree, evil):
    module = tree.modules[0]

    response = learner.post(complete_url(module), {"next": evil})

    assert response.status_code == 302
    assert response["Location"] == module.url
    assert ModuleCompletion.objects.filter(user=participant).count() == 1


def test_reopen_removes_the_completion(learner, participant, tree):
    module = tree.modules[0]
    learner.post(complete_url(module))

    response = learner.post(reopen_url(module), {"next": tree.course.url}, follow=True)

    assert response.redirect_chain == [(tree.course.url, 302)]
    assert uk("“%(title)s” is no longer marked as complete.", title="Модуль 1") in text(response)
    assert not ModuleCompletion.objects.filter(user=participant).exists()


@pytest.mark.parametrize("url", [complete_url, reopen_url])
def test_unknown_module_is_404(learner, tree, url):
    class Missing:
        pk = 999_999

    response = learner.post(url(Missing))

    assert response.status_code == 404
    assert uk("Page not found") in text(response)
    assert not ModuleCompletion.objects.exists()


def test_course_page_id_is_not_a_module(learner, tree):
    response = learner.post(complete_url(tree.course))

    assert response.status_code == 404
    assert not ModuleCompletion.objects.exists()


def test_unpublished_module_is_404(learner, tree):
    module = tree.modules[0]
    module.unpublish()

    response = learner.post(complete_url(module))

    assert response.status_code == 404
    assert uk("Page not found") in text(response)
    assert not ModuleCompletion.objects.exists()


def test_csrf_token_is_required(participant, tree):
    client = Client(enforce_csrf_checks=True)
    client.force_login(participant)
    module = tree.modules[0]

    refused = client.post(complete_url(module))

    assert refused.status_code == 403
    assert uk("Forbidden") in text(refused)
    assert not ModuleCompletion.objects.exists()

    page = client.get(module.url)
    token = page.cookies["csrftoken"].value
    accepted = client.post(complete_url(module), {"csrfmiddlewaretoken": token})
    assert accepted.status_code == 302
    assert ModuleCompletion.objects.filter(user=participant).count() == 1


# --- My learning ---------------------------------------------------------------------------


def test_my_learning_needs_log_in(client):
    response = client.get(MY_LEARNING_URL)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next={MY_LEARNING_URL}"


def test_my_learning_empty_state(learner, tree):
    response = learner.get(MY_LEARNING_URL)

    assert response.status_code == 200
    html = text(response)
    assert uk("You have not started a course yet. When you mark your first module as complete, "
              "the course appears here with your progress.") in html
    assert 'href="/uk/courses/"' in html
    assert tree.course.title not in html
    # no profile yet: a nudge to fill it in
    assert uk("Complete your profile") in html


def test_my_learning_shows_progress_and_where_to_continue(learner, participant, tree):
    ProfileFactory(user=participant)
    first, second = tree.modules
    other = add_course(tree.catalogue, slug="not-started", title="Не розпочатий курс")
    learner.post(complete_url(first))

    response = learner.get(MY_LEARNING_URL)

    assert response.status_code == 200
    html = text(response)
    assert f'href="{tree.course.url}">Ведення випадку</a>' in html
    assert uk("%(completed)s of %(total)s modules completed (%(percent)s%%)", completed=1, total=2, percent=50) \
        in html
    assert f'href="{second.url}"' in html
    assert uk("Continue with “%(title)s”", title="Модуль 2") in html
    assert other.title not in html
    assert uk("Complete your profile") not in html


def test_my_learning_in_english_keeps_courses_not_yet_translated(client, participant, tree):
    """Progress on a Ukrainian-only course must not vanish from /en/learning/ once an English tree exists.

    Bug: enrollments/selectors.py learning_overview() keeps only courses of the active locale, so the
    English page tells this learner "You have not started a course yet".
    """
    translate_tree(tree)
    only_uk = add_course(tree.catalogue, slug="uk-only", modules=2, title="Лише українською")
    client.force_login(participant)
    client.post(complete_url(only_uk.get_children().first()))

    response = client.get("/en/learning/")

    assert response.status_code == 200
    html = text(response)
    assert "You have not started a course yet." not in html
    assert f'href="{only_uk.url}">Лише українською</a>' in html
    assert "1 of 2 modules completed (50%)" in html


def test_my_learning_in_english_shows_the_english_course(client, participant, tree):
    english = translate_tree(tree)
    client.force_login(participant)
    client.post(complete_url(tree.modules[0]))

    response = client.get("/en/learning/")

    assert response.status_code == 200
    html = text(response)
    assert f'href="{english.course.url}">Case management</a>' in html
    assert f'href="{english.modules[1].url}">Continue with “Module 2”</a>' in html
    assert "Ведення випадку" not in html


def test_my_learning_shows_a_finished_course(learner, tree):
    for module in tree.modules:
        learner.post(complete_url(module))

    response = learner.get(MY_LEARNING_URL)

    assert response.status_code == 200
    html = text(response)
    assert uk("%(completed)s of %(total)s modules completed (%(percent)s%%)", completed=2, total=2, percent=100) \
        in html
    assert uk("Course completed") in html


def test_my_learning_shows_what_the_apps_above_add_through_hooks(learner, participant, tree):
    place = EnrollmentFactory(session=TrainingSessionFactory(course=tree.course), user=participant)
    asked = []

    def a_section(request, trainings):
        asked.append((request.user, [training.enrollment for training in trainings]))
        return {"template": engines["django"].from_string('<p id="added">{{ section.words }}</p>').template,
                "words": "Додано згори"}

    with hooks.register_temporarily([("my_learning_sections", a_section),
                                     ("my_learning_sections", lambda request, trainings: None)]):
        response = learner.get(MY_LEARNING_URL)

    assert response.status_code == 200
    assert asked == [(participant, [place])]
    html = text(response)
    assert html.count('<p id="added">Додано згори</p>') == 1  # a hook with nothing to add adds nothing
    assert html.index('id="trainings-heading"') < html.index('id="added"') < html.index('id="courses-heading"')


@pytest.mark.parametrize("started", [1, 6])
def test_my_learning_query_count_does_not_grow(learner, participant, tree, django_assert_max_num_queries, started):
    ProfileFactory(user=participant)
    courses = [tree.course] + [
        add_course(tree.catalogue, slug=f"course-{n}", modules=3, title=f"Курс номер {n}") for n in range(started - 1)
    ]
    for course in courses:
        learner.post(complete_url(course.get_children().first()))
    cache.clear()

    with django_assert_max_num_queries(MY_LEARNING_QUERIES):
        response = learner.get(MY_LEARNING_URL)

    assert response.status_code == 200
    assert text(response).count('class="card__title"') == started
