"""A call's rules in the admin (Open calls → Calls): `enrollments.calls.admin_forms.CallForm` (deleting a call is
the viewset's, test_viewsets.py).

One row per call, whatever the languages of its pages: the window in Kyiv time, places, who may apply, the sessions
it recruits for, the stages (titles in both languages) and the rubric; checked before anything is saved.
"""

import re
from datetime import date, time

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from content.models import Call
from enrollments.calls.admin_forms import clean_community_lines
from enrollments.calls.window import KYIV, kyiv_moment
from tests.content.factories import add_call
from tests.enrollments.factories import TrainingSessionFactory
from tests.factories import ReviewerFactory, TrainerFactory
from tests.helpers import text, uk, uk_plural

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/calls/rules/add/"


def edit_url(call) -> str:
    return reverse("wagtailsnippets_content_call:edit", args=[call.pk])


def call_form(*, stages=(("Письмова заявка", "Written application"), ("Співбесіда", "Interview")),
              criteria=(("Мотивація", "2", "5"),), **fields) -> dict:
    """The call's admin form as a browser posts it; `fields` replace single values (lists post several values).

    A stage is (Ukrainian, English) titles, or the row's form data (e.g. with "DELETE" for one removed in the form).
    """
    data = nested_form_data({
        "name": "Вчителі Марганця і Кривого Рогу", "communities": "Марганецька громада", "opens_at": "",
        "deadline": "2030-03-31 23:59", "places": "12", "editing_allowed": "on",
        "stages": inline_formset([stage if isinstance(stage, dict) else {
            "title_uk": stage[0], "title_en": stage[1], "description_uk": "", "description_en": ""}
            for stage in stages]),
        "criteria": inline_formset([{"title_uk": title, "title_en": "", "description_uk": "", "description_en": "",
                                     "weight": weight, "scale_max": scale} for title, weight, scale in criteria]),
    })
    data = {**data, **fields}
    data["communities_uk"] = data.pop("communities")  # the Ukrainian names; English ones are optional
    return data


def test_the_add_form_offers_checkboxes_and_only_sessions_that_can_take_people(admin, tree):
    open_session = TrainingSessionFactory(city="Марганець")
    TrainingSessionFactory(city="Суми", status="completed")

    response = admin.get(ADD_URL)

    assert response.status_code == 200
    html = text(response)
    assert 'type="checkbox" name="oblasts" value="dnipropetrovsk"' in html
    assert 'type="checkbox" name="professions" value="teacher"' in html
    assert re.search(rf'type="checkbox" name="sessions" value="{open_session.pk}"', html)
    assert "Марганець" in html and "Суми" not in html
    assert uk("Who may apply") in html and uk("Review rubric") in html


def test_a_coordinator_sets_a_calls_eligibility_window_session_stages_and_rubric(admin, tree):
    session = TrainingSessionFactory(city="Марганець")

    response = admin.post(ADD_URL, call_form(
        oblasts=["dnipropetrovsk", "zaporizhzhia"], professions=["teacher"], sessions=[str(session.pk)],
        communities="  Марганецька   громада \n\nКриворізька громада\nмарганецька міська громада\n",
        opens_at="2030-03-01 09:00"))

    assert response.status_code == 302, response.context["form"].errors if response.context else response
    call = Call.objects.get()
    assert (call.name, call.places, call.editing_allowed) == ("Вчителі Марганця і Кривого Рогу", 12, True)
    assert (call.oblasts, call.professions) == (["dnipropetrovsk", "zaporizhzhia"], ["teacher"])
    assert call.communities == "Марганецька громада\nКриворізька громада"
    assert [link.session for link in call.session_links.all()] == [session]
    assert [(s.title_uk, s.title_en) for s in call.stages.all()] == [("Письмова заявка", "Written application"),
                                                                     ("Співбесіда", "Interview")]
    assert [(c.title_uk, c.weight, c.scale_max) for c in call.criteria.all()] == [("Мотивація", 2, 5)]
    # Typed in Kyiv time: 23:59 on 31 March 2030 (summer time, UTC+3) is 20:59 UTC.
    assert call.deadline == kyiv_moment(date(2030, 3, 31), time(23, 59))
    assert call.deadline.astimezone(KYIV).hour == 23


@pytest.mark.parametrize(("change", "message"), [
    ({"opens_at": "2030-04-01 09:00"}, "The deadline must come after the opening."),
    ({"opens_at": "2030-03-31 23:59"}, "The deadline must come after the opening."),
    ({"stages": ()}, "Add at least one stage, e.g. “Written application”."),
    ({"stages": ({"title_uk": "Письмова заявка", "title_en": "", "description_uk": "", "description_en": "",
                  "DELETE": "1"},)},
     "Add at least one stage, e.g. “Written application”."),
    ({"criteria": (("Мотивація", "0", "5"),)}, "A weight must be more than 0."),
    ({"criteria": (("Мотивація", "-1", "5"),)}, "A weight must be more than 0."),
    ({"criteria": (("Мотивація", "1", "0"),)}, "The highest mark must be at least 1."),
])
def test_the_form_refuses_a_call_that_cannot_work(admin, tree, change, message):
    form_args = {key: value for key, value in change.items() if key in ("stages", "criteria")}
    fields = {key: value for key, value in change.items() if key not in form_args}

    response = admin.post(ADD_URL, call_form(**form_args, **fields))

    assert response.status_code == 200
    assert uk(message) in text(response)
    assert not Call.objects.exists()


def test_a_call_linked_to_a_session_that_has_since_finished_must_drop_it(admin, tree):
    session = TrainingSessionFactory(city="Марганець")
    call = add_call(tree.home, sessions=[session]).call
    session.status = "completed"
    session.save()

    form = admin.get(edit_url(call))
    response = admin.post(edit_url(call), call_form(name="Змінено", sessions=[str(session.pk)]))

    assert form.status_code == 200
    assert re.search(rf'name="sessions" value="{session.pk}"[^>]*checked', text(form))  # shown, to be removed
    assert response.status_code == 200
    names = f"{session.title} ({session.get_status_display()})"
    assert uk_plural("This session can no longer take people; remove it from the call: %(names)s.",
                     "These sessions can no longer take people; remove them from the call: %(names)s.", 1,
                     names=names) in text(response)
    call.refresh_from_db()
    assert call.name == "Конкурс call"  # nothing saved


def test_unticking_a_session_unlinks_it_and_ticking_another_links_that(admin, tree):
    first, second = TrainingSessionFactory(city="Марганець"), TrainingSessionFactory(city="Кривий Ріг")
    call = add_call(tree.home, sessions=[first]).call

    response = admin.post(edit_url(call), call_form(sessions=[str(second.pk)]))

    assert response.status_code == 302
    assert [link.session for link in call.session_links.all()] == [second]


@pytest.mark.parametrize(("typed", "kept"), [
    ("Марганецька громада", "Марганецька громада"),
    ("  Марганецька\tгромада  \n\n  \nКриворізька громада", "Марганецька громада\nКриворізька громада"),
    ("Марганецька громада\nМарганецька міська територіальна громада\nмарганецька", "Марганецька громада"),
    ("", ""),
])
def test_communities_are_kept_one_per_line_without_blanks_or_repeats(typed, kept):
    assert clean_community_lines(typed) == kept


def test_only_coordinators_set_calls(client, tree):

    for person in (TrainerFactory(), ReviewerFactory()):
        client.force_login(person)
        response = client.post(ADD_URL, call_form())
        assert response.status_code in (302, 403)
        assert not Call.objects.exists()


def test_a_coordinator_names_the_communities_in_both_languages_side_by_side(admin, tree):
    html = text(admin.get(ADD_URL))
    assert 'name="communities_uk"' in html and 'name="communities_en"' in html

    response = admin.post(ADD_URL, call_form(communities="Марганецька громада\nКриворізька громада",
                                             communities_en=" Marhanets community\n\nKryvyi Rih community "))

    assert response.status_code == 302, response.context["form"].errors if response.context else response
    call = Call.objects.get()
    assert call.communities_uk == "Марганецька громада\nКриворізька громада"
    assert call.communities_en == "Marhanets community\nKryvyi Rih community"
