"""The profile form (enrollments/views.py): work details, and reporting details kept only with consent."""

import re

import pytest
from django.utils.text import capfirst

from enrollments.models import Profile
from tests.enrollments.factories import ProfileFactory
from tests.enrollments.paths import LOGIN_URL
from tests.helpers import text, uk

pytestmark = pytest.mark.django_db

PROFILE_URL = "/uk/learning/profile/"

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


NOT_KEPT = ("You filled in the details below but did not tick this box, so nothing was saved: without your "
            "consent they cannot be kept. Tick the box to keep them, or set them to “Not answered”.")


def test_reporting_details_without_consent_are_refused_with_a_message_not_dropped(learner, participant):
    response = learner.post(PROFILE_URL, {**WORK, **REPORTING})

    assert response.status_code == 200
    html = text(response)
    assert uk(NOT_KEPT) in html
    assert 'id="id_reporting_consent_error"' in html
    assert uk("Your profile has been saved.") not in html
    assert 'value="Ганна Коваль"' in html  # nothing typed is lost
    assert re.search(r'<option value="female" selected>', html)
    assert not Profile.objects.filter(user=participant).exists()


def test_reporting_details_with_consent_after_the_refusal_are_kept(learner, participant):
    learner.post(PROFILE_URL, {**WORK, **REPORTING})

    response = learner.post(PROFILE_URL, {**WORK, **REPORTING, "reporting_consent": "on"}, follow=True)

    assert response.status_code == 200
    assert uk("Your profile has been saved.") in text(response)
    assert uk(NOT_KEPT) not in text(response)
    profile = Profile.objects.get(user=participant)
    assert profile.has_reporting_consent
    assert (profile.sex, profile.age_band, profile.displacement_status, profile.disability) == (
        "female", "35_44", "idp", "no"
    )


def test_withdrawing_consent_says_the_details_were_deleted(learner, participant):
    ProfileFactory(user=participant, full_name="Ганна Коваль", sex="female",
                   reporting_consent_at="2026-01-01T10:00:00+02:00")

    response = learner.post(PROFILE_URL, {**WORK, **REPORTING}, follow=True)

    assert response.status_code == 200
    assert uk("Your profile has been saved. You withdrew your consent, so your details for anonymous "
              "reporting were deleted.") in text(response)
    profile = Profile.objects.get(user=participant)
    assert profile.reporting_consent_at is None
    assert profile.sex == ""


def test_profile_goes_back_to_the_page_that_sent_the_person(learner, participant):
    form_page = learner.get(PROFILE_URL, {"next": "/uk/learning/"})
    assert form_page.status_code == 200
    assert '<input type="hidden" name="next" value="/uk/learning/">' in text(form_page)

    response = learner.post(PROFILE_URL, {**WORK, "next": "/uk/learning/"})

    assert response.status_code == 302
    assert response["Location"] == "/uk/learning/"
    assert Profile.objects.get(user=participant).full_name == "Ганна Коваль"


@pytest.mark.parametrize("target", ["https://evil.example.com/", "//evil.example.com/", "javascript:alert(1)"])
def test_profile_ignores_a_next_on_another_site(learner, participant, target):
    form_page = learner.get(PROFILE_URL, {"next": target})
    assert form_page.status_code == 200
    assert f'name="next" value="{target}"' not in text(form_page)

    response = learner.post(PROFILE_URL, {**WORK, "next": target})

    assert response.status_code == 302
    assert response["Location"] == PROFILE_URL
    assert Profile.objects.get(user=participant).full_name == "Ганна Коваль"
