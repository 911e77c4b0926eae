"""Certificates in the Wagtail admin: the history actions of certificates (issue, revoke, reissue)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from certificates.services import ISSUED, REISSUED, REVOKED


@hooks.register("register_log_actions")
def register_certificate_log_actions(actions):
    actions.register_action(ISSUED, _("Issue certificate"), _("Certificate issued"))
    actions.register_action(REVOKED, _("Revoke certificate"), _("Certificate revoked"))
    actions.register_action(REISSUED, _("Reissue certificate"), _("Certificate reissued with a corrected name"))
