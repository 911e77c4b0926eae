"""Admin hooks of the content pages."""

from wagtail import hooks

from content.models import CallPage


@hooks.register("after_publish_page")
def share_call_rules_with_translations(request, page):
    """Publishing a call's Ukrainian version gives its translations the same deadline, eligibility and sessions."""
    if isinstance(page.specific_deferred, CallPage):
        from content.services import sync_call_translations

        sync_call_translations(page.specific)
