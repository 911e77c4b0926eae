"""Writing the demo's pages: a child page created and published when missing, a translation copied when missing.

Editors make pages in the Wagtail admin, and the site has no service for it: the demo calls Wagtail's own page
API as the admin does (`add_child`, `save_revision().publish()`, `copy_for_translation`). A page is looked up
by slug under its parent, a translation by its locale, so nothing an editor changed is ever overwritten.
"""

from wagtail.models import Locale, Page


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
    translated = page.copy_for_translation(locale).specific
    for name, value in fields.items():
        setattr(translated, name, value)
    return publish(translated)
