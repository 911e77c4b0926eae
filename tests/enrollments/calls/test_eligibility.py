"""Who may apply to a call (enrollments/calls/eligibility.py)."""

import pytest

from content.models import Call
from enrollments.calls.eligibility import Applicant, Criteria, check_eligibility, community_key

TEACHERS_OF_TWO_TOWNS = Criteria(communities=("Марганецька громада", "Криворізька громада"),
                                 professions=frozenset({"teacher"}))


@pytest.mark.parametrize(("typed", "listed"), [
    ("Марганецька міська територіальна громада", "Марганецька громада"),
    ("марганецька  ГРОМАДА", "Марганецька громада"),
    ("Криворізька ТГ", "Криворізька громада"),
    ("Знам’янська громада", "Знам'янська громада"),
    ("Kryvyi Rih community", "Kryvyi Rih hromada"),
])
def test_community_names_compare_loosely(typed, listed):
    assert community_key(typed) == community_key(listed)


def test_different_communities_stay_different():
    assert community_key("Марганецька громада") != community_key("Нікопольська громада")


@pytest.mark.parametrize(("applicant", "community", "profession"), [
    (Applicant(community="Марганецька міська громада", profession="teacher"), True, True),
    (Applicant(community="Криворізька громада", profession="teacher"), True, True),
    (Applicant(community="Нікопольська громада", profession="teacher"), False, True),
    (Applicant(community="Криворізька громада", profession="psychologist"), True, False),
    (Applicant(community="", profession=""), False, False),
], ids=["marhanets", "kryvyi-rih", "other-community", "other-profession", "empty-profile"])
def test_a_call_for_teachers_of_two_communities(applicant, community, profession):
    result = check_eligibility(criteria=TEACHERS_OF_TWO_TOWNS, applicant=applicant)
    assert (result.community_ok, result.profession_ok, result.oblast_ok) == (community, profession, True)
    assert result.eligible is (community and profession)


def test_empty_criteria_let_everyone_apply():
    assert check_eligibility(criteria=Criteria(), applicant=Applicant()).eligible


def test_oblasts():
    criteria = Criteria(oblasts=frozenset({"dnipropetrovsk", "zaporizhzhia"}))
    assert check_eligibility(criteria=criteria, applicant=Applicant(oblast="zaporizhzhia")).eligible
    assert not check_eligibility(criteria=criteria, applicant=Applicant(oblast="lviv")).eligible


@pytest.mark.parametrize("typed", ["Марганецька міська громада", "Marhanets community", "Kryvyi Rih"])
def test_a_community_named_in_either_language_on_the_call_matches(typed):
    call = Call(communities_uk="Марганецька громада\nКриворізька громада",
                communities_en="Marhanets community\nKryvyi Rih community")
    criteria = Criteria.of(call)
    assert check_eligibility(criteria=criteria, applicant=Applicant(community=typed)).community_ok
    assert not check_eligibility(criteria=criteria, applicant=Applicant(community="Дніпровська громада")).community_ok
