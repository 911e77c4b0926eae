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
