"""The consent texts link to the privacy notice: the profile's consent to reporting and an open call's consent
question, each where the person decides."""

import pytest

from tests.content.factories import add_call
from tests.enrollments.calls.pages import apply_url
from tests.enrollments.factories import ProfileFactory
from tests.helpers import text, uk

pytestmark = pytest.mark.django_db


def test_the_profiles_consent_to_reporting_links_to_the_notice(client, participant, django_assert_max_num_queries):
    client.force_login(participant)
    with django_assert_max_num_queries(12):
        response = client.get("/uk/learning/profile/")

    assert response.status_code == 200
    html = text(response)
    consent = html.split('name="reporting_consent"', 1)[1].split("</fieldset>", 1)[0]
    assert f'<a href="/uk/privacy/">{uk("How long they are kept and your rights: the privacy notice")}</a>' in consent


def test_an_open_calls_consent_question_links_to_the_notice(client, tree, participant):
    ProfileFactory(user=participant, community="Марганецька громада", profession="teacher")
    call = add_call(tree.home)
    client.force_login(participant)

    response = client.get(apply_url(call))

    assert response.status_code == 200
    html = text(response)
    consent = html.split("Я погоджуюся на обробку моїх персональних даних для відбору учасників.", 1)[1]
    link = f'<a href="/uk/privacy/">{uk("How long we keep your application and your rights: the privacy notice")}</a>'
    assert link in consent.split("</div>", 1)[0]
