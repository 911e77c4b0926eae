"""The site's skeleton: the pages every Hromada site starts from, in each content language, and what they stand on.

A home page (the default Site's root, in place of Wagtail's "Welcome to your new Wagtail site!" page), the course
catalogue, the news and open-calls indexes, an about page and a privacy notice, first in the default language
(Ukrainian) and then as translations of those pages; the Site record; the site settings (who runs the site);
trainers' right to write in every catalogue. `manage.py setup_site` builds it on a fresh database, `seed_demo`
builds the demo's on it.

Editors make pages in the Wagtail admin, and the site has no service for it: this module calls Wagtail's own page
API as the admin does (`add_child`, `save_revision().publish()`, `copy_for_translation`). Everything is looked up
first and created only when missing, so building twice gives the same site and never changes a page, a setting
or a Site an editor has touched. The roles (groups and their permissions) are the migrations' work: they are only
checked here.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from content.models import CallIndexPage, HomePage, NewsIndexPage, SiteSettings, StandardPage
from content.roles import COORDINATOR, PARTICIPANT, REVIEWER, TRAINER, grant_trainer_catalogue_access
from courses.models import CourseIndexPage
from lms.reports.roles import MONITORING

ROLES = (PARTICIPANT, TRAINER, COORDINATOR, REVIEWER, MONITORING)  # made by the migrations
DEFAULT_HOSTNAME, DEFAULT_PORT = "localhost", 80  # Wagtail's own default Site


class RolesMissing(Exception):
    """The groups the migrations create are not all there: `manage.py migrate` has not run (or one was deleted)."""

    def __init__(self, missing: list[str]):
        self.missing = missing
        super().__init__(", ".join(missing))


@dataclass(frozen=True)
class SiteWords:
    """One language's words for the skeleton's pages. Intros and the mission are plain text; bodies Markdown."""

    home_title: str
    hero_title: str
    mission: str
    catalogue_title: str
    catalogue_intro: str
    news_title: str
    news_intro: str
    calls_title: str
    calls_intro: str
    about_title: str
    about_intro: str
    about_body: str
    privacy_title: str
    privacy_intro: str
    privacy_body: str


@dataclass
class Skeleton:
    """The skeleton's pages by language code, its Site, and what building it created and found already there."""

    homes: dict[str, HomePage] = field(default_factory=dict)
    catalogues: dict[str, CourseIndexPage] = field(default_factory=dict)
    news: dict[str, NewsIndexPage] = field(default_factory=dict)
    calls: dict[str, CallIndexPage] = field(default_factory=dict)
    site: Site | None = None
    created: list[str] = field(default_factory=list)  # one line per thing created or changed
    existing: list[str] = field(default_factory=list)  # one line per thing already there, left as it was

    @property
    def english(self) -> Locale:
        return self.homes["en"].locale


def content_languages() -> list[str]:
    """The languages pages are written in, the default (the source of every translation) first."""
    codes = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    return sorted(codes, key=lambda code: code != settings.LANGUAGE_CODE)


def default_words(language: str, *, organisation: str) -> SiteWords:
    """The skeleton's own words in `language`, naming `organisation`: short and true on the first day, for the
    coordinators to make their own in the admin."""
    values = {"organisation": organisation}
    with translation.override(language):
        return SiteWords(
            home_title=gettext("Home"),
            hero_title=gettext("Learning for those who help"),
            mission=gettext("%(organisation)s runs this learning platform for social workers, psychologists, "
                            "teachers and case managers in Ukraine’s communities: free courses to take at your own "
                            "pace, in-person trainings and certificates anyone can verify.") % values,
            catalogue_title=gettext("Courses"),
            catalogue_intro=gettext("Choose a course by topic, profession, language or format. Your progress is "
                                    "saved, so you can continue where you left off."),
            news_title=gettext("News"),
            news_intro=gettext("Announcements of new courses, trainings and open calls."),
            calls_title=gettext("Open calls"),
            calls_intro=gettext("Apply for a place on a training selected by open call. Each call says who may "
                                "apply, until when and how applications are chosen."),
            about_title=gettext("About us"),
            about_intro=gettext("Who runs this learning platform and why."),
            about_body="\n\n".join([
                gettext("%(organisation)s runs this platform to help professionals of the social sector learn "
                        "what their work in communities asks of them.") % values,
                "## " + gettext("What you will find here"),
                "\n".join([
                    "- " + gettext("Self-paced courses that read well on a phone, even on a weak connection."),
                    "- " + gettext("In-person and blended trainings with registration, attendance and "
                                   "certificates."),
                    "- " + gettext("Open calls for places on trainings."),
                ]),
                gettext("Courses are free. To take one, sign up with your email address."),
            ]),
            privacy_title=gettext("Privacy notice"),
            privacy_intro=gettext("What %(organisation)s collects about you on this site, why, and your "
                                  "rights.") % values,
            privacy_body="\n\n".join([
                gettext("%(organisation)s is responsible for the personal data on this site. We collect only "
                        "what your learning and your certificates need, and we do not sell or share it for "
                        "advertising.") % values,
                "## " + gettext("What we collect"),
                "\n".join("- " + item for item in (
                    gettext("Your account: name, email address and password (stored only in scrambled form)."),
                    gettext("Your profile: profession, organisation, oblast and community."),
                    gettext("Your learning: course progress, places on trainings, attendance, quiz results and "
                            "certificates."),
                    gettext("Applications to open calls: your answers and the reviewers’ marks."),
                    gettext("Only with your consent: sex, age band, displacement status and disability, for "
                            "anonymous reports to donors."),
                    gettext("Cookies needed for logging in and for your choice of language; no advertising or "
                            "tracking cookies."),
                )),
                "## " + gettext("Who sees it"),
                gettext("Trainers see the participants of their own trainings; coordinators of %(organisation)s "
                        "see what they need to run trainings and calls; reviewers see the applications they "
                        "score. Anyone with a certificate’s code can check the holder’s name and the course "
                        "on the certificate.") % values,
                "## " + gettext("Your rights"),
                gettext("You may see and correct your details in your profile and withdraw your consent there at "
                        "any time; the details given with it are then deleted. To get a copy of your data or to "
                        "have your account deleted, write to the contact address at the bottom of every page. "
                        "You may also complain to the Ukrainian Parliament Commissioner for Human Rights."),
            ]),
        )


# --- Writing pages -------------------------------------------------------------------------------

def publish(page: Page) -> Page:
    page.save_revision().publish()
    return page


def child_page(parent: Page, model: type[Page], slug: str, **fields) -> Page:
    """The live child of `parent` with this slug, created and published if missing."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing
    page = model(slug=slug, locale_id=parent.locale_id, **fields)
    parent.add_child(instance=page)
    return publish(page)


def translated(page: Page, locale: Locale, **fields) -> Page:
    """The page's translation into `locale`, copied and filled in if missing."""
    existing = page.get_translation_or_none(locale)
    if existing:
        return existing.specific
    copy = page.copy_for_translation(locale).specific
    for name, value in fields.items():
        setattr(copy, name, value)
    return publish(copy)


def paragraph(text: str) -> RichText:
    """A plain text (an intro, a mission) as one rich-text paragraph."""
    return RichText(f"<p>{escape(' '.join(text.split()), quote=False)}</p>")


def markdown_body(text: str) -> list[tuple[str, str]]:
    """Markdown as a body of one Markdown block (content.blocks.BodyBlock)."""
    return [("markdown", text.strip())]


# --- Building ------------------------------------------------------------------------------------

@transaction.atomic
def build_skeleton(*, organisation: Mapping[str, str], words: Mapping[str, SiteWords] | None = None,
                   contact_email: str = "", hostname: str | None = None, port: int | None = None,
                   replace_default_host: bool = False) -> Skeleton:
    """The skeleton in every content language; what is already there is kept as it is.

    `organisation`: who runs the site, by language code (the default language's name stands in for a missing
    one); it names the about and privacy pages and fills the site settings while they are blank. `words`: the
    pages' words by language (default: `default_words`). `hostname`/`port`: the default Site's; with
    `replace_default_host` they only replace Wagtail's default `localhost:80`, never a host someone chose.
    """
    missing = [role for role in ROLES if not Group.objects.filter(name=role).exists()]
    if missing:
        raise RolesMissing(missing)
    languages = content_languages()
    names = {lang: organisation.get(lang) or organisation[languages[0]] for lang in languages}
    words = {lang: (words or {}).get(lang) or default_words(lang, organisation=names[lang]) for lang in languages}
    skeleton = Skeleton()

    source = languages[0]
    home, home_created = _home(Locale.objects.get_or_create(language_code=source)[0], words[source], skeleton)
    skeleton.site = _site(home, hostname=hostname, port=port, replace_default_host=replace_default_host,
                          site_name=names[source], skeleton=skeleton)
    (skeleton.created if home_created else skeleton.existing).insert(0, _label(home, "home page"))
    _site_settings(skeleton.site, names=names, contact_email=contact_email, skeleton=skeleton)
    _sections(home, source, words[source], skeleton)
    for lang in languages[1:]:
        locale = Locale.objects.get_or_create(language_code=lang)[0]
        _translate(home, source, locale, words[lang], skeleton)
    for catalogue in skeleton.catalogues.values():
        grant_trainer_catalogue_access(catalogue)
    for page in skeleton.homes.values():
        # A translated home was copied before its children were: its numchild, which publishing it again would
        # write back, is stale.
        page.refresh_from_db()
    skeleton.existing.append(f"roles: {', '.join(ROLES)}")
    return skeleton


def _home(locale: Locale, words: SiteWords, skeleton: Skeleton) -> tuple[HomePage, bool]:
    """The default language's home page and whether it is new; it replaces Wagtail's welcome page when nothing
    was put under it."""
    home = HomePage.objects.filter(locale=locale, depth=2).first()
    if home is not None:
        return home, False
    root = Page.get_first_root_node()
    welcome = (Page.objects.child_of(root)
               .filter(content_type__app_label="wagtailcore", content_type__model="page", slug="home").first())
    slug = "home"
    if welcome is not None and not welcome.get_children().exists():
        welcome.delete()  # its Site goes with it; `_site` makes the default Site again, on our home
        skeleton.created.append("removed Wagtail's “Welcome to your new Wagtail site!” page")
    elif welcome is not None:
        slug = f"home-{locale.language_code}"  # someone built under the welcome page: it stays, beside ours
    home = HomePage(title=words.home_title, hero_title=words.hero_title, mission=paragraph(words.mission),
                    slug=slug, locale=locale)
    root.add_child(instance=home)
    return publish(home), True


def _site(home: HomePage, *, hostname: str | None, port: int | None, replace_default_host: bool, site_name: str,
          skeleton: Skeleton) -> Site:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(hostname=hostname or DEFAULT_HOSTNAME, port=port or DEFAULT_PORT, root_page=home,
                                   is_default_site=True, site_name=site_name)
        skeleton.created.append(f"default site {site.hostname}:{site.port}")
        return site
    changes = []
    if site.root_page_id != home.pk:
        site.root_page = home
        changes.append("its root is the home page")
    at_default = (site.hostname, site.port) == (DEFAULT_HOSTNAME, DEFAULT_PORT)
    wanted = (hostname, port or site.port)
    if hostname and (not replace_default_host or at_default) and (site.hostname, site.port) != wanted:
        site.hostname, site.port = wanted
        changes.append(f"host {site.hostname}:{site.port}")
    if changes:
        site.save()
        skeleton.created.append(f"default site {site.hostname}:{site.port} ({'; '.join(changes)})")
    else:
        skeleton.existing.append(f"default site {site.hostname}:{site.port}")
    return site


def _site_settings(site: Site, *, names: dict[str, str], contact_email: str, skeleton: Skeleton) -> None:
    """Who runs the site, written only where the settings are blank."""
    site_settings = SiteSettings.for_site(site)
    changed = [f"organisation_name_{lang}" for lang, name in names.items()
               if name and not getattr(site_settings, f"organisation_name_{lang}")]
    for name in changed:
        setattr(site_settings, name, names[name.rsplit("_", 1)[1]])
    if contact_email and not site_settings.contact_email:
        site_settings.contact_email = contact_email
        changed.append("contact_email")
    if changed:
        site_settings.save()
        skeleton.created.append(f"site settings ({', '.join(changed)})")
    else:
        skeleton.existing.append("site settings")


def _sections(home: HomePage, lang: str, words: SiteWords, skeleton: Skeleton) -> None:
    """The default language's pages under its home."""
    skeleton.homes[lang] = home
    indexes = (
        (skeleton.catalogues, CourseIndexPage, "courses", "course catalogue",
         {"title": words.catalogue_title, "intro": _plain(words.catalogue_intro)}),
        (skeleton.news, NewsIndexPage, "news", "news index",
         {"title": words.news_title, "intro": _plain(words.news_intro)}),
        (skeleton.calls, CallIndexPage, "calls", "open calls index",
         {"title": words.calls_title, "intro": paragraph(words.calls_intro)}),
    )
    for pages, model, slug, kind, fields in indexes:
        page = _child(home, model, slug, skeleton, kind, **fields)
        if page is not None:
            pages[lang] = page
    _child(home, StandardPage, "about", skeleton, "about page", title=words.about_title,
           intro=_plain(words.about_intro), body=markdown_body(words.about_body))
    _child(home, StandardPage, "privacy", skeleton, "privacy notice", title=words.privacy_title,
           intro=_plain(words.privacy_intro), body=markdown_body(words.privacy_body))


def _translate(home: HomePage, source: str, locale: Locale, words: SiteWords, skeleton: Skeleton) -> None:
    """The skeleton's pages translated into `locale`, each found or copied from the default language's."""
    lang = locale.language_code
    skeleton.homes[lang] = _translation(home, locale, skeleton, "home page", title=words.home_title,
                                        hero_title=words.hero_title, mission=paragraph(words.mission))
    fields = {
        CourseIndexPage: ("course catalogue", {"title": words.catalogue_title,
                                               "intro": _plain(words.catalogue_intro)}),
        NewsIndexPage: ("news index", {"title": words.news_title, "intro": _plain(words.news_intro)}),
        CallIndexPage: ("open calls index", {"title": words.calls_title, "intro": paragraph(words.calls_intro)}),
        "about": ("about page", {"title": words.about_title, "intro": _plain(words.about_intro),
                                 "body": markdown_body(words.about_body)}),
        "privacy": ("privacy notice", {"title": words.privacy_title, "intro": _plain(words.privacy_intro),
                                       "body": markdown_body(words.privacy_body)}),
    }
    sources = {CourseIndexPage: skeleton.catalogues, NewsIndexPage: skeleton.news, CallIndexPage: skeleton.calls}
    for key, (kind, values) in fields.items():
        if key in sources:
            page = sources[key].get(source)
        else:
            page = StandardPage.objects.child_of(home).filter(slug=key).first()
        if page is None:
            continue  # its slug was taken by another page: nothing of ours to translate
        copy = _translation(page, locale, skeleton, kind, **values)
        if key in sources:
            sources[key][lang] = copy


def _child(parent: Page, model: type[Page], slug: str, skeleton: Skeleton, kind: str, **fields) -> Page | None:
    """The parent's page of this kind: an index found by its type whatever its slug now is, a standard page by its
    slug; created and published if missing. None when the slug is taken by a page of another kind."""
    existing = (model.objects.child_of(parent).first() if model is not StandardPage
                else Page.objects.child_of(parent).filter(slug=slug).first())
    if existing is not None:
        skeleton.existing.append(_label(existing, kind))
        return existing.specific if isinstance(existing.specific, model) else None
    if Page.objects.child_of(parent).filter(slug=slug).exists():
        skeleton.existing.append(f"{kind}: /{slug}/ is taken by another page; none created")
        return None
    page = child_page(parent, model, slug, **fields)
    skeleton.created.append(_label(page, kind))
    return page


def _translation(page: Page, locale: Locale, skeleton: Skeleton, kind: str, **fields) -> Page:
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        skeleton.existing.append(_label(existing, kind))
        return existing.specific
    copy = translated(page, locale, **fields)
    skeleton.created.append(_label(copy, kind))
    return copy


def _label(page: Page, kind: str) -> str:
    url = page.full_url or page.url_path
    # Wagtail keeps the sites' root paths on the page it asked for; the home is labelled before its Site exists.
    page.__dict__.pop("_wagtail_cached_site_root_paths", None)
    return f"{kind} ({page.locale.language_code}): {page.title} – {url}"


def _plain(text: str) -> str:
    return " ".join(text.split())
