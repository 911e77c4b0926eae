"""Signal receivers of the content pages: each hands its work to a service."""

from content.models import CallPage
from content.services import sync_call_translations


def share_call_rules_with_translations(sender, instance: CallPage, **kwargs) -> None:
    """One call, one set of rules: publishing any language version leaves them all with the Ukrainian version's
    deadline, eligibility and sessions."""
    sync_call_translations(instance)
