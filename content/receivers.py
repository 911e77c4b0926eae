"""Signal receivers of the content pages: each hands its work to a service."""

from content.models import CallPage
from content.services import sync_call_translations


def share_call_rules_with_translations(sender, instance: CallPage, **kwargs) -> None:
    """Publishing a call's Ukrainian version gives its translations the same deadline, eligibility and sessions."""
    sync_call_translations(instance)
