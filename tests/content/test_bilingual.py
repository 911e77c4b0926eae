"""Words kept in both languages on shared rows (content/bilingual.py): the reader's language, else Ukrainian."""

import pytest
from django.template import Context, Template
from django.utils import timezone, translation
from wagtail.models import Site

from content.bilingual import in_reader_language
from content.models import Call, CallStage, SiteSettings


@pytest.mark.parametrize(("language", "uk", "en", "shown"), [
    ("uk", "Співбесіда", "Interview", "Співбесіда"),
    ("en", "Співбесіда", "Interview", "Interview"),
    ("en", "Співбесіда", "", "Співбесіда"),  # no English words yet: the Ukrainian ones, never nothing
    ("uk", "Співбесіда", "", "Співбесіда"),
])
def test_readers_get_their_language_or_the_ukrainian_words(language, uk, en, shown):
    with translation.override(language):
        assert in_reader_language(uk, en) == shown


def test_a_stage_reads_its_title_and_description_in_the_readers_language():
    stage = CallStage(title_uk="Співбесіда", title_en="Interview", description_uk="Онлайн, 30 хвилин.")
    with translation.override("en"):
        assert (str(stage), stage.title, stage.description) == ("Interview", "Interview", "Онлайн, 30 хвилин.")
    with translation.override("uk"):
        assert (stage.title, stage.description) == ("Співбесіда", "Онлайн, 30 хвилин.")


def _render_communities(call) -> str:
    return Template('{% load bilingual %}{% translated call "communities" %}').render(Context({"call": call}))


@pytest.mark.parametrize(("language", "en", "shown"), [
    ("en", "Marhanets community", "Marhanets community"),
    # No English words yet: the Ukrainian ones, marked for screen readers to read them in Ukrainian.
    ("en", "", '<span lang="uk">Марганецька громада</span>'),
    ("uk", "Marhanets community", "Марганецька громада"),
    ("uk", "", "Марганецька громада"),
])
def test_a_rows_words_in_the_readers_language_fallen_back_ones_marked_ukrainian(language, en, shown):
    call = Call(communities_uk="Марганецька громада", communities_en=en)
    with translation.override(language):
        assert _render_communities(call) == shown


def test_the_translated_tag_escapes_the_words():
    with translation.override("en"):
        assert _render_communities(Call(communities_uk="<b>Громада</b>")) == (
            '<span lang="uk">&lt;b&gt;Громада&lt;/b&gt;</span>')
        assert _render_communities(Call(communities_uk="x", communities_en="<b>")) == "&lt;b&gt;"


@pytest.mark.django_db
@pytest.mark.parametrize(("english", "footer"), [
    ("Hromada NGO", "© {year} Hromada NGO"),
    ("", '© {year} <span lang="uk">ГО «Громада»</span>'),  # no English name yet: the Ukrainian, marked
])
def test_the_footer_names_the_organisation_in_the_readers_language(client, tree, english, footer):
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.organisation_name_uk, site_settings.organisation_name_en = "ГО «Громада»", english
    site_settings.save()

    english_home, ukrainian_home = client.get("/en/"), client.get("/uk/")

    assert english_home.status_code == ukrainian_home.status_code == 200
    assert footer.format(year=timezone.now().year) in english_home.text
    assert f"© {timezone.now().year} ГО «Громада»</p>" in ukrainian_home.text


@pytest.mark.django_db
def test_the_site_settings_take_the_organisations_name_in_both_languages_side_by_side(admin_client, tree):
    response = admin_client.get(f"/admin/settings/content/sitesettings/{Site.objects.get(is_default_site=True).pk}/")

    assert response.status_code == 200
    assert 'name="organisation_name_uk"' in response.text and 'name="organisation_name_en"' in response.text
    assert 'name="organisation_name"' not in response.text
